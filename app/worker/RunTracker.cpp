// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/worker/RunTracker.h"

#include "app/worker/StopRequest.h"

#include <QJsonDocument>
#include <QThread>

#include <cmath>

namespace mb::worker {
namespace {

constexpr qint64 kFlushEveryMs = 500;       // live curves in the window lag by at most this
constexpr qint64 kCancelPollEveryMs = 1000; // a cancel from another process takes effect within this
constexpr qint64 kProgressEveryMs = 250;
// While another process holds the store's write lock (an import, a backup, a long evaluation),
// points stay buffered and training goes on; a store still locked after this long is given up on.
constexpr qint64 kGiveUpOnABusyStoreMs = 10 * 60 * 1000;
constexpr unsigned long kBusyRetryPauseMs = 200; // between tries, each of which waits the busy timeout

} // namespace

RunTracker::RunTracker(db::Database &db, std::int64_t runId, QTextStream &progress)
    : m_db(db), m_runs(db), m_writer(db, runId), m_runId(runId), m_progress(progress)
{
    const auto handle = [&](const QString &name) {
        Result<int> series = m_writer.series(name);
        record(series ? success() : Status(Error{series.error()}));
        return series ? *series : -1;
    };
    m_loss = handle(QStringLiteral("train/loss"));
    m_rate = handle(QStringLiteral("lr"));
    m_throughput = handle(QStringLiteral("samples_per_s"));
    m_wall = handle(QStringLiteral("wall_time_s"));
    m_sinceFlush.start();
    m_sinceCancelPoll.start();
    m_sinceProgress.start();
}

Status RunTracker::record(Status status)
{
    if (status)
        return status;
    // A busy store is not a failure yet: what could not be written is still buffered.
    if (status.errorIsTransient()) {
        if (!m_busySince.isValid()) {
            m_busySince.start();
            emitEvent({{QStringLiteral("event"), QStringLiteral("log")},
                       {QStringLiteral("line"), QStringLiteral("the workspace is busy (%1); training goes on and its "
                                                              "points are written when it frees")
                                                    .arg(status.error())}});
        }
        if (m_busySince.elapsed() < kGiveUpOnABusyStoreMs)
            return status;
    }
    if (m_storageError.isEmpty())
        m_storageError = status.error();
    return status;
}

Status RunTracker::untilStored(const std::function<Status()> &write, OnStop onStop)
{
    for (;;) {
        Status status = record(write());
        if (status)
            m_busySince.invalidate(); // the store took a write: it is free again
        if (status || !status.errorIsTransient() || !m_storageError.isEmpty() ||
            (onStop == OnStop::GiveUp && stopRequested()))
            return status;
        QThread::msleep(kBusyRetryPauseMs);
    }
}

bool RunTracker::step(const training::StepReport &report)
{
    if (!m_storageError.isEmpty())
        return false;
    record(m_writer.append(m_loss, report.step, report.loss));
    record(m_writer.append(m_rate, report.step, report.learningRate));
    record(m_writer.append(m_throughput, report.step, report.samplesPerSecond));
    record(m_writer.append(m_wall, report.step, report.wallSeconds));
    m_lastStep = report.step;
    if (m_sinceFlush.elapsed() >= kFlushEveryMs) {
        if (record(flush()))
            m_busySince.invalidate(); // the store took a write: it is free again
        m_sinceFlush.restart();
    }
    if (m_sinceCancelPoll.elapsed() >= kCancelPollEveryMs) {
        if (Result<bool> requested = m_runs.cancelRequested(m_runId); requested && *requested)
            m_cancelled = true;
        m_sinceCancelPoll.restart();
    }
    if (m_sinceProgress.elapsed() >= kProgressEveryMs) {
        emitEvent({{QStringLiteral("event"), QStringLiteral("progress")},
                   {QStringLiteral("epoch"), report.epoch},
                   {QStringLiteral("step"), qint64(report.step)},
                   {QStringLiteral("fraction"), report.runFraction},
                   {QStringLiteral("loss"), std::isfinite(report.loss) ? QJsonValue(report.loss) : QJsonValue()}});
        m_sinceProgress.restart();
    }
    if (stopRequested())
        m_cancelled = true;
    return !m_cancelled && m_storageError.isEmpty();
}

void RunTracker::epoch(const training::EpochReport &report)
{
    QJsonObject metrics;
    QStringList parts;
    // Each of these waits out a busy store: an epoch is announced only once it is committed.
    for (const auto &[name, value] : report.metrics) {
        untilStored([&] { return m_writer.append(name, report.epoch, value); });
        metrics.insert(name, std::isfinite(value) ? QJsonValue(value) : QJsonValue());
        m_summary.insert(name, metrics.value(name));
        parts << QStringLiteral("%1 %2").arg(name).arg(value, 0, 'g', 5);
    }
    // Where each epoch ended, so curves can be drawn against epochs or wall time as well as steps.
    untilStored([&] { return m_writer.append(QStringLiteral("epoch/last_step"), report.epoch, double(m_lastStep)); });
    m_summary.insert(QStringLiteral("epochs_done"), report.epoch);
    m_summary.insert(QStringLiteral("epochs"), report.epochs);
    if (report.best)
        m_summary.insert(QStringLiteral("best_epoch"), report.epoch);
    untilStored([&] { return m_runs.updateSummary(m_runId, m_summary); });
    log(QStringLiteral("epoch %1/%2: %3%4")
            .arg(report.epoch)
            .arg(report.epochs)
            .arg(parts.join(QStringLiteral(", ")), report.best ? QStringLiteral(" (best so far)") : QString()));
    untilStored([&] { return flush(); });
    m_sinceFlush.restart();
    emitEvent({{QStringLiteral("event"), QStringLiteral("epoch")},
               {QStringLiteral("epoch"), report.epoch},
               {QStringLiteral("epochs"), report.epochs},
               {QStringLiteral("metrics"), metrics}});
}

void RunTracker::log(const QString &line)
{
    untilStored([&] { return m_runs.appendLog(m_runId, line); });
    emitEvent({{QStringLiteral("event"), QStringLiteral("log")}, {QStringLiteral("line"), line}});
}

Status RunTracker::flush()
{
    if (!m_storageError.isEmpty())
        return Error{m_storageError};
    return m_writer.flush();
}

void RunTracker::emitEvent(QJsonObject event)
{
    event.insert(QStringLiteral("run"), qint64(m_runId));
    m_progress << QJsonDocument(event).toJson(QJsonDocument::Compact) << '\n';
    m_progress.flush();
}

} // namespace mb::worker
