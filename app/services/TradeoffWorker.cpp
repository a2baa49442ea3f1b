// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/TradeoffWorker.h"

#include "core/tradeoff/ScoreNormalisation.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QPointer>
#include <QThread>
#include <QThreadPool>

#include <mutex>

namespace mb::services {

struct TradeoffWorker::Engines {
    std::optional<tradeoff::TradeoffEngine> main;     // the rows weights are chosen on
    std::optional<tradeoff::TradeoffEngine> reported; // the rows they are reported on, if given
    std::optional<tradeoff::TradeoffEngine> approachOne;
    double approachAlpha = 0.5;
    double approachBeta = 0.5;
    std::mutex approachMutex; // overlapping sweeps share the Approach-1 engine's update()
};

TradeoffWorker::TradeoffWorker(QObject *parent) : QObject(parent)
{
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("tradeoff engine"));
    m_context = new QObject;
    m_context->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread->start();
}

TradeoffWorker::~TradeoffWorker()
{
    if (m_sweepCancel)
        m_sweepCancel->store(true);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    // A sweep still on the pool holds its own reference to the engines and posts to nothing.
    QThreadPool::globalInstance()->waitForDone();
}

bool TradeoffWorker::idle() const
{
    return !m_building && !m_updating && !m_pendingUpdate && m_sweepsRunning == 0;
}

bool TradeoffWorker::waitForIdle(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!idle() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QCoreApplication::processEvents();
    return idle();
}

void TradeoffWorker::clear()
{
    ++m_dataGeneration;
    if (m_sweepCancel)
        m_sweepCancel->store(true);
    m_engine.reset();
    m_pendingUpdate.reset();
    m_pendingSweep.reset();
}

void TradeoffWorker::setData(TradeoffInputs inputs, tradeoff::ScoreNormalisation normalisation)
{
    clear();
    const std::uint64_t dataGeneration = m_dataGeneration;
    m_building = true;
    QPointer<TradeoffWorker> self(this);
    QMetaObject::invokeMethod(
        m_context,
        [self, dataGeneration, inputs = std::move(inputs), normalisation]() mutable {
            auto engines = std::make_shared<Engines>();
            QString error;
            // Taken over, not copied: the inputs are this build's alone.
            Result<tradeoff::TradeoffEngine> main = tradeoffEngine(std::move(inputs.choosing), normalisation);
            if (main)
                engines->main.emplace(std::move(main).value());
            else
                error = main.error();
            if (error.isEmpty() && inputs.reported) {
                const QString part = inputs.reported->part;
                Result<tradeoff::TradeoffEngine> reported = tradeoffEngine(std::move(*inputs.reported), normalisation);
                if (reported)
                    engines->reported.emplace(std::move(reported).value());
                else
                    error = QStringLiteral("the %1 rows: %2").arg(part, reported.error());
            }
            if (error.isEmpty() && inputs.approachOne && inputs.approachOne->trainingWeights) {
                // The two-head model ranks by its own outputs (raw), at the weights it trained with.
                if (Result<tradeoff::TradeoffEngine> one =
                        tradeoffEngine(std::move(*inputs.approachOne), tradeoff::ScoreNormalisation::Raw)) {
                    // tradeoffEngine took the pair's data alone: its training weights are still here.
                    engines->approachOne.emplace(std::move(one).value());
                    engines->approachAlpha = inputs.approachOne->trainingWeights->alpha;
                    engines->approachBeta = inputs.approachOne->trainingWeights->beta;
                }
            }
            QStringList ranked, skipped;
            if (engines->main) {
                for (const BusinessMetric &m : engines->main->rankedMetrics())
                    ranked << m.name;
                skipped = engines->main->skipped();
            }
            QMetaObject::invokeMethod(qApp, [self, dataGeneration, engines, ranked, skipped, error] {
                if (!self || dataGeneration != self->m_dataGeneration)
                    return;
                self->m_building = false;
                self->m_engine = engines->main ? engines : nullptr;
                Q_EMIT self->engineReady(ranked, skipped, error);
                if (self->m_pendingUpdate && self->m_engine) {
                    const Pending p = *self->m_pendingUpdate;
                    self->m_pendingUpdate.reset();
                    self->startUpdate(p.generation, p.alpha, p.beta, p.k, p.report);
                }
                if (self->m_pendingSweep && self->m_engine)
                    self->startSweep();
            });
        },
        Qt::QueuedConnection);
}

std::uint64_t TradeoffWorker::requestUpdate(double alpha, double beta, std::size_t k, bool report)
{
    const std::uint64_t generation = ++m_updateGeneration;
    if (m_updating || m_building || !m_engine) {
        m_pendingUpdate = Pending{generation, alpha, beta, k, report}; // replaces an older pending one
        return generation;
    }
    startUpdate(generation, alpha, beta, k, report);
    return generation;
}

void TradeoffWorker::startUpdate(std::uint64_t generation, double alpha, double beta, std::size_t k, bool report)
{
    m_updating = true;
    QPointer<TradeoffWorker> self(this);
    std::shared_ptr<Engines> engines = m_engine;
    QMetaObject::invokeMethod(
        m_context,
        [self, engines, generation, alpha, beta, k, report] {
            TradeoffResult result;
            result.generation = generation;
            result.alpha = alpha;
            result.beta = beta;
            QElapsedTimer timer;
            timer.start();
            Result<tradeoff::TradeoffUpdate> update = engines->main->update(alpha, beta, k);
            result.elapsedMs = double(timer.nsecsElapsed()) / 1e6;
            if (!update) {
                result.error = update.error();
            } else {
                result.k = update->k;
                result.metrics = update->metrics;
                result.notes = update->notes;
                const business::PredictionTable &items = engines->main->items();
                result.fieldNames = items.columnNames();
                const std::size_t shown = std::min<std::size_t>(update->topRows.size(), kShownItems);
                for (std::size_t i = 0; i < shown; ++i) {
                    TopItem item;
                    item.row = update->topRows[i];
                    item.itemId = items.itemIds.empty() ? std::int64_t(item.row) + 1 : items.itemIds[item.row];
                    item.score = update->topScores[i];
                    item.a = engines->main->a()[item.row];
                    item.b = engines->main->b()[item.row];
                    for (const business::PredictionTable::Column &c : items.columns)
                        item.fields.push_back(c.values[item.row]);
                    result.top.append(item);
                }
                if (engines->reported && report) {
                    // Same weights and k; a failure leaves the reported figures empty, not the update.
                    result.reported = true;
                    if (Result<tradeoff::TradeoffUpdate> reported = engines->reported->update(alpha, beta, k))
                        result.reportedMetrics = reported->metrics;
                }
            }
            QMetaObject::invokeMethod(qApp, [self, result] {
                if (!self)
                    return;
                self->m_updating = false;
                // Only the newest request's answer reaches the page; a pending one is next.
                if (self->m_pendingUpdate && self->m_engine) {
                    const Pending p = *self->m_pendingUpdate;
                    self->m_pendingUpdate.reset();
                    self->startUpdate(p.generation, p.alpha, p.beta, p.k, p.report);
                    return;
                }
                if (result.generation == self->m_updateGeneration)
                    Q_EMIT self->updated(result);
            });
        },
        Qt::QueuedConnection);
}

std::uint64_t TradeoffWorker::requestSweep(const QString &xMetric, const QString &yMetric, std::size_t k)
{
    const std::uint64_t generation = ++m_sweepGeneration;
    m_pendingSweep = SweepAsk{generation, xMetric, yMetric, k};
    if (m_engine && !m_building)
        startSweep();
    return generation;
}

void TradeoffWorker::startSweep()
{
    if (!m_pendingSweep || !m_engine)
        return;
    const SweepAsk ask = *m_pendingSweep;
    m_pendingSweep.reset();
    if (m_sweepCancel)
        m_sweepCancel->store(true); // the older sweep stops between points
    m_sweepCancel = std::make_shared<std::atomic<bool>>(false);
    ++m_sweepsRunning;
    QPointer<TradeoffWorker> self(this);
    std::shared_ptr<Engines> engines = m_engine;
    std::shared_ptr<std::atomic<bool>> cancel = m_sweepCancel;
    QThreadPool::globalInstance()->start([self, engines, cancel, ask] {
        SweepResult result;
        result.generation = ask.generation;
        tradeoff::SweepRequest request;
        request.xMetric = ask.x;
        request.yMetric = ask.y;
        request.k = ask.k;
        Result<tradeoff::TradeoffSweep> sweep = engines->main->sweep(request, cancel.get());
        if (sweep)
            result.sweep = std::move(sweep).value();
        else
            result.error = sweep.error();
        // The Approach-1 point: its own engine, one update at its training weights. Only this
        // task touches that engine, so update() here is safe.
        if (sweep && engines->approachOne && !cancel->load()) {
            const std::lock_guard<std::mutex> lock(engines->approachMutex);
            if (Result<tradeoff::TradeoffUpdate> one =
                    engines->approachOne->update(engines->approachAlpha, engines->approachBeta, ask.k)) {
                for (const tradeoff::RankedMetricValue &m : one->metrics) {
                    if (!m.value)
                        continue;
                    if (m.name == ask.x)
                        result.approachOneX = m.value->value;
                    if (m.name == ask.y)
                        result.approachOneY = m.value->value;
                }
            }
        }
        const bool cancelled = cancel->load();
        QMetaObject::invokeMethod(qApp, [self, result, cancelled] {
            if (!self)
                return;
            --self->m_sweepsRunning;
            if (!cancelled && result.generation == self->m_sweepGeneration)
                Q_EMIT self->swept(result);
        });
    });
}

} // namespace mb::services
