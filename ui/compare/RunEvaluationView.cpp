// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compare/RunEvaluationView.h"

#include "app/services/RunMetrics.h"
#include "app/services/StoreReader.h"
#include "core/ExternalRun.h"
#include "core/NumberText.h"
#include "db/Database.h"
#include "db/DatasetRepository.h"
#include "db/OperatingPointRepository.h"
#include "ui/compare/EvaluationsSideBySide.h"
#include "ui/plots/PlotSupport.h"
#include "ui/plots/QCustomPlotInclude.h"
#include "ui/shell/Theme.h"

#include <QComboBox>
#include <QDeadlineTimer>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace mb::ui {
namespace {

const QString kThreshold = QStringLiteral("threshold");
const QString kGain = QStringLiteral("gain");
const QString kLatency = QStringLiteral("latency");
const QString kCalibration = QStringLiteral("calibration");
const QString kEvaluations = QStringLiteral("evaluations");

// The legend in a row of its own above the plot, its entries side by side. A profit curve can run
// through any corner of its plot (it fell through the bottom right, where the legend sat over it),
// so no corner inside is safe; the row costs one line of the pane's height.
void placeLegendAbove(QCustomPlot *plot)
{
    plot->axisRect()->insetLayout()->take(plot->legend);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, plot->legend);
    plot->plotLayout()->setRowStretchFactor(0, 0.001); // as tall as its entries, no more
    plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    plot->legend->setBrush(Qt::NoBrush);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->legend->setMargins(QMargins(0, 0, 0, 0));
}

// QCPItemText does not wrap: engine messages are broken into lines of about `width` characters.
QString wrapped(const QString &text, int width = 90)
{
    QStringList lines;
    for (const QString &paragraph : text.split(QLatin1Char('\n'))) {
        QString line;
        for (const QString &word : paragraph.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (!line.isEmpty() && line.size() + 1 + word.size() > width) {
                lines << line;
                line.clear();
            }
            line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
        }
        lines << line;
    }
    return lines.join(QLatin1Char('\n'));
}

// Why a run has nothing to show yet, in the words of its status.
QString noEvaluationText(const db::RunRecord &run)
{
    const QString prefix = QObject::tr("Run %1 has no evaluation").arg(run.id);
    switch (run.status) {
    case db::RunStatus::Queued:
        return QObject::tr(
                   "%1 yet: it is queued to train. It is evaluated on its held-out rows when training finishes.")
            .arg(prefix);
    case db::RunStatus::Running:
        return QObject::tr("%1 yet: it is still training. It is evaluated on its held-out rows when training finishes.")
            .arg(prefix);
    case db::RunStatus::Failed:
        return QObject::tr(
                   "%1: it failed before it was evaluated. Its record on the Runs page shows the worker's error.")
            .arg(prefix);
    case db::RunStatus::Cancelled:
        return QObject::tr("%1: it was cancelled before it finished training.").arg(prefix);
    case db::RunStatus::Diverged:
        return QObject::tr("%1: its loss diverged (became NaN or infinite), so it was not evaluated.").arg(prefix);
    case db::RunStatus::Interrupted:
        return QObject::tr("%1: its worker stopped before training finished (the run was found interrupted).")
            .arg(prefix);
    case db::RunStatus::Finished:
        break;
    }
    return QObject::tr("%1: it finished, but its split has no test or validation rows to evaluate on.").arg(prefix);
}

// How the metric chooses its items, and what the threshold curve does with that.
QString selectionNote(const BusinessMetric &metric)
{
    switch (metric.selection) {
    case Selection::PredictedPositive:
        return QObject::tr("%1 acts on the items scoring ≥ %2; the curve moves that threshold.")
            .arg(metric.name, formatThreshold(metric.selectionParameter));
    case Selection::TopK:
        return QObject::tr("%1 acts on a budget, the top %2 items by score; the curve replaces that budget by a "
                           "threshold: every item scoring ≥ t is acted on.")
            .arg(metric.name, QLocale().toString(qlonglong(std::llround(metric.selectionParameter))));
    case Selection::TopFraction:
        return QObject::tr("%1 acts on a budget, the top %2 of items by score; the curve replaces that budget by a "
                           "threshold: every item scoring ≥ t is acted on.")
            .arg(metric.name, formatPercent(metric.selectionParameter));
    case Selection::All:
        break;
    }
    return QObject::tr("%1 looks at every item, its counts taking the model's own decision (predicted ≥ 0.5); the "
                       "curve decides by score ≥ t instead.")
        .arg(metric.name);
}

QColor textColour(const QWidget *widget, int alpha = 255)
{
    QColor colour = widget->palette().color(QPalette::Text);
    colour.setAlpha(alpha);
    return colour;
}

QCPItemStraightLine *verticalLine(QCustomPlot *plot, double x, const QPen &pen)
{
    auto *line = new QCPItemStraightLine(plot);
    line->point1->setCoords(x, 0);
    line->point2->setCoords(x, 1);
    line->setPen(pen);
    return line;
}

// A label at plot x `x` and axis-rect height `yRatio` (0 top, 1 bottom), on the side of the line
// with more room.
QCPItemText *labelAt(QCustomPlot *plot, double x, double yRatio, const QString &text, const QColor &colour)
{
    auto *label = new QCPItemText(plot);
    label->position->setTypeX(QCPItemPosition::ptPlotCoords);
    label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords(x, yRatio);
    const QCPRange range = plot->xAxis->range();
    const bool right = range.size() > 0 && (x - range.lower) / range.size() > 0.7;
    label->setPositionAlignment(Qt::AlignTop | (right ? Qt::AlignRight : Qt::AlignLeft));
    label->setTextAlignment(right ? Qt::AlignRight : Qt::AlignLeft);
    label->setPadding(QMargins(5, 2, 5, 2));
    label->setText(text);
    label->setColor(colour);
    QColor background = plot->palette().color(QPalette::Base);
    background.setAlpha(210);
    label->setBrush(background);
    return label;
}

} // namespace

RunEvaluationView::RunEvaluationView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("runEvaluation"));
    m_reader = new services::StoreReader(this);
    m_drawingReader = new services::StoreReader(this);
    m_curveReader = new services::StoreReader(this);
    for (services::StoreReader *reader : {m_reader, m_drawingReader, m_curveReader}) {
        connect(reader, &services::StoreReader::idle, this, &RunEvaluationView::onReaderIdle);
        connect(reader, &services::StoreReader::progress, this, [this](int done, int total) {
            m_progress->setRange(0, total);
            m_progress->setValue(done);
        });
    }
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("evaluationProgress"));
    m_progress->setFormat(tr("Reading and computing the evaluation… %p%"));
    auto *cancel = new QPushButton(tr("Cancel"));
    cancel->setObjectName(QStringLiteral("cancelEvaluationRead"));
    cancel->setToolTip(tr("Stop reading this run's predictions and computing its curves"));
    connect(cancel, &QPushButton::clicked, this, &RunEvaluationView::cancelLoading);
    m_loadingBar = new QWidget;
    m_loadingBar->setObjectName(QStringLiteral("evaluationLoading"));
    auto *loadingLayout = new QHBoxLayout(m_loadingBar);
    loadingLayout->setContentsMargins(0, 0, 0, 0);
    loadingLayout->addWidget(m_progress, 1);
    loadingLayout->addWidget(cancel);
    m_loadingBar->hide();
    m_slowTimer = new QTimer(this);
    m_slowTimer->setSingleShot(true);
    m_slowTimer->setInterval(kSlowReadMs);
    connect(m_slowTimer, &QTimer::timeout, this, [this] { m_loadingBar->setVisible(isLoading()); });

    m_message = new QLabel;
    m_message->setObjectName(QStringLiteral("evaluationMessage"));
    m_message->setWordWrap(true);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setMargin(24);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_header = new QLabel;
    m_header->setObjectName(QStringLiteral("evaluationHeader"));
    m_header->setWordWrap(true);
    m_header->setTextFormat(Qt::RichText);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // never widens the page
    m_metricChoice = new QComboBox;
    m_metricChoice->setObjectName(QStringLiteral("evaluationMetric"));
    m_metricChoice->setToolTip(tr("The business metric of the threshold and gain curves"));
    connect(m_metricChoice, &QComboBox::activated, this,
            [this](int index) { setBusinessMetric(m_metricChoice->itemData(index).toString()); });
    m_evaluationChoice = new QComboBox;
    m_evaluationChoice->setObjectName(QStringLiteral("evaluationChoice"));
    m_evaluationChoice->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_evaluationChoice->setMinimumContentsLength(20);
    connect(m_evaluationChoice, &QComboBox::activated, this,
            [this](int index) { showEvaluation(m_evaluationChoice->itemData(index).toLongLong()); });
    auto *headerBar = new QHBoxLayout;
    headerBar->setContentsMargins(0, 0, 0, 0);
    headerBar->addWidget(m_header, 1);
    // The two choices on their own line: beside the header they squeeze it at 1024 pixels.
    auto *choiceBar = new QHBoxLayout;
    choiceBar->setContentsMargins(0, 0, 0, 0);
    choiceBar->addWidget(new QLabel(tr("Evaluation:")));
    choiceBar->addWidget(m_evaluationChoice, 1);
    choiceBar->addSpacing(8);
    choiceBar->addWidget(new QLabel(tr("Business metric:")));
    choiceBar->addWidget(m_metricChoice);

    m_useThreshold = new QPushButton(tr("Use the best threshold as the operating point"));
    m_useThreshold->setObjectName(QStringLiteral("useThreshold"));
    m_useThreshold->setToolTip(
        tr("Adopt the threshold where the business metric is best as this run's decision threshold"));
    connect(m_useThreshold, &QPushButton::clicked, this, &RunEvaluationView::onUseThreshold);

    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("evaluationTabs"));
    m_threshold = makePlotTab(kThreshold, tr("Profit vs threshold"), m_useThreshold);
    placeLegendAbove(m_threshold.plot);
    m_gain = makePlotTab(kGain, tr("Gain / lift"));
    m_latency = makePlotTab(kLatency, tr("Latency"));
    // Its bars are sized to the axis rectangle (log-spaced bins), so its range stays put.
    m_latency.plot->setInteractions(QCP::Interactions());
    m_calibration = makePlotTab(kCalibration, tr("Calibration"));

    m_sideBySide = new EvaluationsSideBySide;
    connect(m_sideBySide, &EvaluationsSideBySide::evaluationStored, this,
            [this](qint64 runId, qint64 evaluationId) { onEvaluationStored(runId, evaluationId); });
    m_tabs->addTab(m_sideBySide, tr("Evaluations side by side"));

    auto *shown = new QWidget;
    auto *shownLayout = new QVBoxLayout(shown);
    shownLayout->setContentsMargins(0, 0, 0, 0);
    shownLayout->addLayout(headerBar);
    shownLayout->addLayout(choiceBar);
    shownLayout->addWidget(m_tabs, 1);

    m_stack = new QStackedWidget;
    m_stack->addWidget(m_message);
    m_stack->addWidget(shown);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_loadingBar);
    layout->addWidget(m_stack);
    clear();
}

RunEvaluationView::~RunEvaluationView() = default;

RunEvaluationView::PlotTab RunEvaluationView::makePlotTab(const QString &key, const QString &title,
                                                          QPushButton *extraButton)
{
    PlotTab tab;
    tab.key = key;
    tab.title = title;
    tab.plot = new QCustomPlot;
    tab.plot->setObjectName(key + QStringLiteral("Plot"));
    tab.plot->setMinimumSize(240, 180);
    tab.plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    applyPlotStyle(tab.plot);
    tab.info = new QLabel;
    tab.info->setObjectName(key + QStringLiteral("Info"));
    tab.info->setWordWrap(true);
    tab.info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *exportButton = new QPushButton(tr("Export…"));
    exportButton->setObjectName(key + QStringLiteral("Export"));
    exportButton->setToolTip(tr("Save the plot as PNG, PDF or SVG"));
    connect(exportButton, &QPushButton::clicked, this, [this, key] {
        if (const PlotTab *found = plotTab(key))
            exportInteractively(*found);
    });

    // The text and the actions beside the plot, not under it: the Compare page gives this view a
    // wide but short pane (about 250 px high at 1024x700), and every line under the plot was a
    // line taken from its height (the axis title was cut off).
    tab.info->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    tab.info->setFixedWidth(kSideTextWidth);
    tab.info->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    auto *side = new QVBoxLayout;
    side->setContentsMargins(0, 0, 0, 0);
    side->addWidget(tab.info, 1);
    if (extraButton)
        side->addWidget(extraButton);
    side->addWidget(exportButton, 0, Qt::AlignRight);
    auto *page = new QWidget;
    auto *layout = new QHBoxLayout(page);
    layout->addWidget(tab.plot, 1);
    layout->addLayout(side);
    m_tabs->addTab(page, title);
    return tab;
}

const RunEvaluationView::PlotTab *RunEvaluationView::plotTab(const QString &key) const
{
    for (const PlotTab *tab : {&m_threshold, &m_gain, &m_latency, &m_calibration})
        if (tab->key == key)
            return tab;
    return nullptr;
}

QStringList RunEvaluationView::plotKeys()
{
    return {kThreshold, kGain, kLatency, kCalibration};
}

QCustomPlot *RunEvaluationView::plot(const QString &which) const
{
    const PlotTab *tab = plotTab(which);
    return tab ? tab->plot : nullptr;
}

void RunEvaluationView::showTab(const QString &key)
{
    const QStringList keys = plotKeys() << kEvaluations;
    m_tabs->setCurrentIndex(std::max(0, int(keys.indexOf(key))));
}

QString RunEvaluationView::message() const
{
    return m_stack->currentWidget() == m_message ? m_message->text() : QString();
}

void RunEvaluationView::setDatabase(db::Database *database)
{
    m_database = database;
    clear();
}

void RunEvaluationView::clear()
{
    m_reader->cancel(); // an answer on its way belongs to what is cleared
    m_drawingReader->cancel();
    m_curveReader->cancel();
    m_requestedRunId = 0;
    m_requestedShown = 0;
    m_sideBySide->clear();
    reset();
}

bool RunEvaluationView::isLoading() const
{
    return m_reader->isBusy() || m_drawingReader->isBusy() || m_curveReader->isBusy();
}

bool RunEvaluationView::waitForLoaded(int timeoutMs)
{
    // One answer may start the next (a run read, then another evaluation's curves): wait for all.
    QDeadlineTimer deadline(timeoutMs);
    while (isLoading() && !deadline.hasExpired())
        for (services::StoreReader *reader : {m_reader, m_drawingReader, m_curveReader})
            reader->waitForIdle(int(std::max<qint64>(1, deadline.remainingTime())));
    return !isLoading();
}

void RunEvaluationView::startLoadingClock()
{
    m_progress->setRange(0, 0); // busy until a reader says how far it got
    if (!m_slowTimer->isActive() && !m_loadingBar->isVisible())
        m_slowTimer->start();
}

void RunEvaluationView::onReaderIdle()
{
    if (isLoading())
        return;
    m_slowTimer->stop();
    m_loadingBar->hide();
}

void RunEvaluationView::cancelLoading()
{
    const bool readingRun = m_reader->isBusy(), readingEvaluation = m_drawingReader->isBusy(),
               computing = m_curveReader->isBusy();
    m_reader->cancel();
    m_drawingReader->cancel();
    m_curveReader->cancel();
    if (readingRun && !m_run) {
        const std::int64_t runId = m_requestedRunId;
        m_requestedRunId = 0; // choosing it again reads it afresh
        showMessage(tr("Reading run %1 was cancelled: choose it again to read it.").arg(runId));
    }
    if (m_run && (readingEvaluation || computing)) {
        const QString text = tr("Cancelled: choose the evaluation or the business metric again to compute its curves.");
        for (const PlotTab *tab : {&m_threshold, &m_gain})
            resetPlot(*tab, text);
        if (readingEvaluation)
            resetPlot(m_calibration, text);
    }
    onReaderIdle();
}

void RunEvaluationView::reset()
{
    m_run.reset();
    m_evaluations.clear();
    m_judged.reset();
    m_shown.reset();
    m_table.reset();
    m_curves.clear();
    m_tableError.clear();
    m_validationTable.reset();
    m_validationError.clear();
    m_versions.clear();
    m_operatingPoint.reset();
    m_drawings.clear();
    m_best.reset();
    m_framing = Framing{};
    m_metricName.clear();
    m_header->clear(); // it and the metrics may be another workspace's
    m_metricChoice->clear();
    m_evaluationChoice->clear();
    for (const PlotTab *tab : {&m_threshold, &m_gain, &m_latency, &m_calibration}) {
        resetPlot(*tab);
        tab->info->clear();
    }
    m_useThreshold->setEnabled(false);
    showMessage(tr("Choose a run to see its evaluation: the business metric against the decision threshold, "
                   "the gain of a budget, inference latency and calibration."));
}

void RunEvaluationView::showMessage(const QString &text)
{
    m_message->setText(text);
    m_stack->setCurrentWidget(m_message);
}

void RunEvaluationView::showRun(std::int64_t runId, const Framing &framing, const QString &businessMetric)
{
    // Reading the same run again (after an evaluation was stored, or the page refreshed) keeps what
    // is shown until the answer arrives, the evaluation shown and a worker evaluating it; another
    // run cancels that worker.
    const bool sameRun = runId > 0 && runId == m_requestedRunId && m_database;
    const std::int64_t keepShown = !sameRun ? 0 : m_run ? shownEvaluationId() : m_requestedShown;
    if (!sameRun) {
        m_drawingReader->cancel(); // another run's evaluation
        m_curveReader->cancel();
        m_sideBySide->clear();
        reset();
    }
    m_requestedRunId = runId;
    m_requestedShown = keepShown;
    m_requestedMetric = sameRun && !m_metricName.isEmpty() ? m_metricName : businessMetric;
    if (!m_database || runId <= 0) {
        clear();
        return;
    }
    if (!sameRun)
        showMessage(tr("Reading run %1…").arg(runId));
    startLoadingClock();
    m_reader->read<services::RunEvaluationRead>(
        m_database->path(),
        [runId, framing, keepShown, metric = m_requestedMetric](services::ReadContext &context) {
            const Result<db::Database *> database = context.database();
            if (!database) {
                services::RunEvaluationRead failed;
                failed.error = database.error();
                return failed;
            }
            return services::readRunEvaluation(**database, runId, framing, keepShown, context.cancelFlag(), metric,
                                               [&context](int done, int total) { context.reportProgress(done, total); });
        },
        [this, framing, keepShown](services::RunEvaluationRead &read) { applyRun(read, framing, keepShown); });
}

void RunEvaluationView::applyRun(services::RunEvaluationRead &read, const Framing &framing, std::int64_t keepShown)
{
    const QString metric = m_requestedMetric;
    reset();
    m_framing = framing;
    m_metricName = metric;
    if (!read.error.isEmpty()) {
        showMessage(read.error);
        Q_EMIT errorOccurred(read.error);
        return;
    }
    m_run = read.run;
    m_evaluations = read.evaluations;
    m_judged = read.judged;
    if (!m_judged)
        return showMessage(noEvaluationText(*m_run));
    m_versions = read.versions;
    m_operatingPoint = read.operatingPoint;
    if (!read.operatingPointError.isEmpty())
        Q_EMIT errorOccurred(read.operatingPointError);
    // Shared, not copied: a million items' columns. The judged table is m_table too, so that another
    // metric's curves can be computed from it on the curve reader.
    services::EvaluationDrawing &judged = *read.judgedDrawing;
    m_table = judged.table;
    m_tableError = judged.tableError;
    m_drawings.insert(judged.evaluationId, std::move(judged));
    if (read.alsoDrawing)
        m_drawings.insert(read.alsoDrawing->evaluationId, std::move(*read.alsoDrawing));
    m_validationTable = std::move(read.validationTable);
    m_validationError = read.validationError;
    if (read.curves)
        m_curves.insert_or_assign({read.curves->evaluationId, read.curves->metricName}, std::move(*read.curves));

    fillMetricChoice();
    m_shown = m_judged;
    fillEvaluationChoice();
    if (keepShown && keepShown != m_judged->id && showEvaluation(keepShown)) {
        // showEvaluation drew the tabs of the kept evaluation
    } else {
        drawShown();
    }
    updateLatency();
    m_sideBySide->showRun(m_database->path(), read, m_framing, m_metricName);
    m_stack->setCurrentIndex(1);
}

void RunEvaluationView::fillEvaluationChoice()
{
    m_evaluationChoice->clear();
    // The judged first, then the others newest first, as the side-by-side table orders them.
    QList<db::EvaluationRecord> ordered{*m_judged};
    for (const db::EvaluationRecord &e : std::as_const(m_evaluations))
        if (e.id != m_judged->id)
            ordered << e;
    for (const db::EvaluationRecord &e : std::as_const(ordered)) {
        QString text =
            tr("#%1: %2").arg(e.id).arg(evaluationRowsText(e, m_versions.value(e.datasetVersionId).name));
        if (e.id == m_judged->id)
            text += tr(" (judged)");
        else if (e.part == QLatin1String("validation"))
            text += tr(" (chooses the threshold)");
        m_evaluationChoice->addItem(text, qint64(e.id));
        m_evaluationChoice->setItemData(
            m_evaluationChoice->count() - 1,
            tr("Its per-item predictions: metricbridge export predictions --workspace W --run %1 --evaluation %2 "
               "--out predictions.csv")
                .arg(m_run->id)
                .arg(e.id),
            Qt::ToolTipRole);
    }
    m_evaluationChoice->setToolTip(
        tr("Which stored evaluation of the run the threshold, gain and calibration tabs show. The threshold is "
           "always chosen on the validation rows; the run is judged by its held-out test rows. Any evaluation's "
           "predictions export with metricbridge export predictions --run R --evaluation ID."));
    m_evaluationChoice->setEnabled(m_evaluationChoice->count() > 1);
    m_evaluationChoice->setCurrentIndex(0);
}

bool RunEvaluationView::showEvaluation(std::int64_t evaluationId)
{
    if (!m_judged || !m_database)
        return false;
    const auto found = std::find_if(m_evaluations.cbegin(), m_evaluations.cend(),
                                    [evaluationId](const db::EvaluationRecord &e) { return e.id == evaluationId; });
    if (found == m_evaluations.cend())
        return false;
    m_shown = *found;
    m_requestedShown = evaluationId;
    m_evaluationChoice->setCurrentIndex(m_evaluationChoice->findData(qint64(evaluationId)));
    if (const auto drawn = m_drawings.constFind(evaluationId); drawn != m_drawings.constEnd()) {
        drawShown();
        return true;
    }
    // Read on the drawing reader; the tabs say so meanwhile.
    m_drawingReader->cancel(); // another evaluation's, no longer shown
    m_curveReader->cancel();
    startLoadingClock();
    updateHeader();
    for (const PlotTab *tab : {&m_threshold, &m_gain, &m_calibration}) {
        resetPlot(*tab, tr("Reading evaluation #%1…").arg(evaluationId));
        tab->info->clear();
    }
    m_useThreshold->setEnabled(false);
    const db::EvaluationRecord evaluation = *found;
    const Framing framing = m_framing;
    m_drawingReader->read<services::EvaluationDrawing>(
        m_database->path(),
        [evaluation, framing](services::ReadContext &context) {
            const Result<db::Database *> database = context.database();
            if (!database) {
                services::EvaluationDrawing failed;
                failed.evaluationId = evaluation.id;
                failed.tableError = failed.calibration.error = database.error();
                return failed;
            }
            return services::readEvaluationDrawing(**database, evaluation, framing);
        },
        [this](services::EvaluationDrawing &drawing) {
            const std::int64_t id = drawing.evaluationId;
            m_drawings.insert(id, std::move(drawing));
            if (m_shown && m_shown->id == id)
                drawShown();
        });
    return true;
}

void RunEvaluationView::drawShown()
{
    updateHeader();
    drawCurves();
    updateCalibration();
}

const services::MetricCurves *RunEvaluationView::shownCurves() const
{
    if (!m_shown)
        return nullptr;
    const auto found = m_curves.find({m_shown->id, m_metricName});
    return found == m_curves.end() ? nullptr : &found->second;
}

void RunEvaluationView::drawCurves()
{
    if (!shownCurves() && shownTable())
        requestCurves(); // a newer request drops an older one's answer
    updateThresholdCurve();
    updateGainCurve();
}

void RunEvaluationView::requestCurves()
{
    if (!m_database || !m_shown)
        return;
    const std::shared_ptr<const business::PredictionTable> shown = shownTableShared();
    const std::shared_ptr<const business::PredictionTable> validation = m_validationTable;
    const std::shared_ptr<const business::PredictionTable> judged = showingJudged() ? nullptr : m_table;
    const BusinessMetric *chosen = chosenMetric();
    const std::optional<BusinessMetric> metric = chosen ? std::optional<BusinessMetric>(*chosen) : std::nullopt;
    startLoadingClock();
    m_curveReader->read<services::MetricCurves>(
        m_database->path(),
        [id = m_shown->id, framing = m_framing, metric, shown, validation, judged](services::ReadContext &context) {
            return services::computeMetricCurves(id, metric ? &*metric : nullptr, framing, *shown, validation.get(),
                                                 judged.get(), services::kGainSteps, context.cancelFlag());
        },
        [this](services::MetricCurves &curves) {
            // Still the shown evaluation and metric: choosing another made a newer request, which
            // dropped this answer.
            m_curves.insert_or_assign({curves.evaluationId, curves.metricName}, std::move(curves));
            updateThresholdCurve();
            updateGainCurve();
        });
}

const services::EvaluationDrawing *RunEvaluationView::shownDrawing() const
{
    if (!m_shown)
        return nullptr;
    const auto drawn = m_drawings.constFind(m_shown->id);
    return drawn == m_drawings.constEnd() ? nullptr : &*drawn;
}

std::shared_ptr<const business::PredictionTable> RunEvaluationView::shownTableShared() const
{
    if (showingJudged())
        return m_table;
    const services::EvaluationDrawing *drawing = shownDrawing();
    return drawing ? drawing->table : nullptr;
}

const business::PredictionTable *RunEvaluationView::shownTable() const
{
    return shownTableShared().get();
}

QString RunEvaluationView::shownTableError() const
{
    if (showingJudged())
        return m_tableError;
    const services::EvaluationDrawing *drawing = shownDrawing();
    return drawing ? drawing->tableError : tr("Reading evaluation #%1…").arg(m_shown->id);
}

QString RunEvaluationView::shownPartName() const
{
    if (!m_shown || m_shown->part == QLatin1String("test"))
        return tr("test");
    if (m_shown->part == QLatin1String("validation"))
        return tr("validation");
    return tr("version %1").arg(m_shown->datasetVersionId);
}

void RunEvaluationView::onEvaluationStored(std::int64_t runId, std::int64_t evaluationId)
{
    Q_UNUSED(evaluationId)
    if (!m_run || m_run->id != runId)
        return;
    // Read the run again: the new evaluation joins the table and the chooser. Copies: the answer
    // resets the members they would otherwise be.
    const Framing framing = m_framing;
    const QString metric = m_metricName;
    showRun(runId, framing, metric);
}

bool RunEvaluationView::setBusinessMetric(const QString &name)
{
    const auto known = std::find_if(m_framing.businessMetrics.cbegin(), m_framing.businessMetrics.cend(),
                                    [&name](const BusinessMetric &m) { return m.name == name; });
    if (known == m_framing.businessMetrics.cend())
        return false;
    m_metricChoice->setCurrentIndex(m_metricChoice->findData(name));
    m_requestedMetric = name;
    if (name == m_metricName)
        return true;
    m_metricName = name;
    if (m_judged) {
        m_curveReader->cancel(); // another metric's, no longer shown
        drawCurves();
        m_sideBySide->setBusinessMetric(name);
    }
    return true;
}

const BusinessMetric *RunEvaluationView::chosenMetric() const
{
    for (const BusinessMetric &metric : m_framing.businessMetrics)
        if (metric.name == m_metricName)
            return &metric;
    return nullptr;
}

void RunEvaluationView::fillMetricChoice()
{
    m_metricChoice->clear();
    for (const BusinessMetric &metric : m_framing.businessMetrics)
        m_metricChoice->addItem(QStringLiteral("%1 (%2)").arg(metric.name, metric.unit), metric.name);
    const BusinessMetric *shown = services::shownBusinessMetric(m_framing, m_metricName);
    m_metricName = shown ? shown->name : QString();
    m_metricChoice->setCurrentIndex(m_metricChoice->findData(m_metricName));
    m_metricChoice->setEnabled(m_metricChoice->count() > 1);
}

void RunEvaluationView::updateHeader()
{
    const db::EvaluationRecord &e = *m_shown;
    QString rows = evaluationRowsText(e, m_versions.value(e.datasetVersionId).name);
    if (e.id == m_judged->id && e.part == QLatin1String("validation"))
        rows += tr(" (the split has no test rows)");
    rows += e.id == m_judged->id ? tr(", judged") : tr(", not the evaluation the run is judged by");
    const QString run =
        m_run->name.isEmpty() ? tr("Run %1").arg(m_run->id) : tr("Run %1 “%2”").arg(m_run->id).arg(m_run->name);
    // When it was evaluated is in the Evaluations tab: one line here, even at 900 pixels.
    QString header = tr("<b>%1</b> · %2 · %3 items")
                         .arg(run.toHtmlEscaped(), rows.toHtmlEscaped(), QLocale().toString(qlonglong(e.items)));
    if (m_operatingPoint)
        header += tr(" · operating point: act on items scoring ≥ %1 (chosen by %2)")
                      .arg(formatThreshold(m_operatingPoint->threshold), m_operatingPoint->metric.toHtmlEscaped());
    m_header->setText(header);
}

void RunEvaluationView::resetPlot(const PlotTab &tab, const QString &message)
{
    QCustomPlot *plot = tab.plot;
    plot->clearItems();
    plot->clearPlottables();
    plot->legend->clearItems();
    plot->legend->setVisible(false);
    const bool axes = message.isEmpty();
    for (QCPAxis *axis : {plot->xAxis, plot->yAxis}) {
        axis->setVisible(axes);
        axis->grid()->setVisible(axes);
        axis->setLabel(QString());
    }
    if (!axes) {
        auto *text = new QCPItemText(plot);
        text->setObjectName(QStringLiteral("plotMessage"));
        text->position->setType(QCPItemPosition::ptAxisRectRatio);
        text->position->setCoords(0.5, 0.5);
        text->setPositionAlignment(Qt::AlignCenter);
        text->setTextAlignment(Qt::AlignCenter);
        text->setClipToAxisRect(false);
        text->setColor(textColour(this));
        text->setText(wrapped(message));
    }
    plot->replot(QCustomPlot::rpQueuedReplot);
}

void RunEvaluationView::updateThresholdCurve()
{
    const PlotTab &tab = m_threshold;
    m_best.reset();
    m_useThreshold->setEnabled(false);
    m_useThreshold->setText(tr("Use the best threshold as the operating point"));
    tab.info->clear();
    const BusinessMetric *metric = chosenMetric();
    const business::PredictionTable *table = shownTable();
    if (!table)
        return resetPlot(tab, tr("This evaluation's predictions cannot be read: %1").arg(shownTableError()));
    if (!metric)
        return resetPlot(tab, tr("The framing has no business metric yet. Define one on the Framing page (a cost "
                                 "matrix such as 10*tp - 1*fp - 5*fn, for example) to see its value against the "
                                 "decision threshold."));
    const services::MetricCurves *curves = shownCurves();
    if (!curves)
        return resetPlot(tab, tr("Computing %1 at every threshold over %2 %3 items…")
                                  .arg(metric->name, QLocale().toString(qulonglong(table->size())), shownPartName()));
    if (!curves->notYesNo.isEmpty())
        return resetPlot(tab, curves->notYesNo);
    const Result<business::ThresholdCurve> &computed = *curves->threshold;
    const QString note = selectionNote(*metric);
    if (!computed) {
        resetPlot(
            tab,
            tr("%1 cannot be computed against the threshold for this run:\n%2").arg(metric->name, computed.error()));
        tab.info->setText(note);
        return;
    }
    const business::ThresholdCurve &curve = *computed;
    resetPlot(tab);
    QCustomPlot *plot = tab.plot;
    const QColor colour = runColor(m_run->id);

    QVector<double> keys, values;
    double low = std::numeric_limits<double>::infinity(), high = -low;
    for (const business::ThresholdPoint &point : curve.points) {
        keys << point.threshold;
        values << (point.defined ? point.value : std::numeric_limits<double>::quiet_NaN()); // a gap
        if (point.defined) {
            low = std::min(low, point.value);
            high = std::max(high, point.value);
        }
    }
    QCPGraph *graph = plot->addGraph();
    graph->setName(tr("%1 on %2").arg(metric->name, shownPartName()));
    graph->setPen(QPen(colour, 2));
    graph->setData(keys, values, true);
    plot->xAxis->setLabel(tr("decision threshold t: act on the items scoring ≥ t"));
    plot->yAxis->setLabel(QStringLiteral("%1 (%2)").arg(metric->name, metric->unit));
    plot->xAxis->setRange(-0.02, std::max(1.0, keys.isEmpty() ? 1.0 : keys.constLast()) + 0.02);
    if (std::isfinite(low)) {
        const double span = high > low ? high - low : std::max(std::abs(high), 1.0);
        // Room above the curve for the best point's label.
        plot->yAxis->setRange(low - span * 0.06, high + span * 0.2);
        if (low < 0 && high > 0) {
            auto *zero = new QCPItemStraightLine(plot);
            zero->point1->setCoords(0, 0);
            zero->point2->setCoords(1, 0);
            zero->setPen(QPen(textColour(this, 110), 1));
        }
    } else {
        plot->yAxis->setRange(0, 1);
    }

    // The metric's own threshold and value, to compare the best with what the definition does today.
    const Result<business::MetricValue> &own = *curves->own;
    if (metric->selection == Selection::PredictedPositive) {
        const double at = metric->selectionParameter;
        verticalLine(plot, at, QPen(textColour(this, 150), 1, Qt::DotLine));
        QString text = tr("its own threshold %1").arg(formatThreshold(at));
        if (own) {
            text += tr(" → %1").arg(formatWithUnit(own->value, metric->unit));
            QCPGraph *point = plot->addGraph();
            point->setName(tr("its own threshold"));
            point->removeFromLegend(); // labelled on the plot
            point->setLineStyle(QCPGraph::lsNone);
            point->setScatterStyle(
                QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(textColour(this, 200), 1.5), Qt::NoBrush, 8));
            point->setData(QVector<double>{at}, QVector<double>{own->value});
        }
        labelAt(plot, at, 0.02, text, textColour(this, 200));
    }

    QStringList info;
    if (const std::optional<OperatingPoint> chosen = chooseOnValidation(*metric, *curves, colour); chosen) {
        // The button adopts the threshold as judged on the held-out test rows, whichever is shown.
        m_best = showingJudged() ? chosen : judgedOperatingPoint(*curves);
        verticalLine(plot, chosen->threshold, QPen(colour, 1.2, Qt::DashLine))
            ->setObjectName(QStringLiteral("bestThresholdLine"));
        QCPGraph *point = plot->addGraph();
        point->setName(tr("chosen on validation"));
        point->removeFromLegend(); // labelled on the plot
        point->setLineStyle(QCPGraph::lsNone);
        // A ring in the background colour's fill stands out on the curve it sits on.
        point->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(colour, 2.5), palette().color(QPalette::Base), 11));
        point->setData(QVector<double>{chosen->threshold}, QVector<double>{chosen->value});
        QCPItemText *label = labelAt(
            plot, chosen->threshold, 0.0,
            tr("chosen %1 → %2 on %3")
                .arg(formatThreshold(chosen->threshold), formatWithUnit(chosen->value, metric->unit), shownPartName()),
            textColour(this));
        label->setObjectName(QStringLiteral("bestThresholdLabel"));
        // Just above the point, in plot coordinates.
        label->position->setTypeY(QCPItemPosition::ptPlotCoords);
        label->position->setCoords(chosen->threshold, chosen->value);
        label->setPositionAlignment(Qt::AlignBottom | (label->positionAlignment() & Qt::AlignHorizontal_Mask));
        QFont bold = label->font();
        bold.setBold(true);
        label->setFont(bold);

        const QString rows = showingJudged() ? tr("the test rows") : evaluationRowsText(*m_shown);
        info << tr("Threshold chosen on the validation rows (%1 items), where %2 is best (%3 there). On %4 it acts "
                   "on %5 of %6 items, for %7.")
                    .arg(QLocale().toString(qulonglong(m_validationTable->size())), metric->name,
                         formatWithUnit(m_chosenValidationValue, metric->unit), rows,
                         QLocale().toString(qulonglong(chosen->selected)),
                         QLocale().toString(qulonglong(table->size())), formatWithUnit(chosen->value, metric->unit));
        // The curve replaces a budget by a threshold (selectionNote); a threshold that acts on more
        // items than the budget must say so before anyone adopts it.
        if (const std::optional<std::size_t> budget = services::budgetOf(*metric, table->size());
            budget && chosen->selected > *budget)
            info << tr("That is more than %1's budget of %2 items: the threshold does not keep to it.")
                        .arg(metric->name, QLocale().toString(qulonglong(*budget)));
        if (!showingJudged() && m_best)
            info << tr("The operating point stays tied to the judged evaluation: on its held-out test rows this "
                       "threshold gives %1.")
                        .arg(formatWithUnit(m_best->value, metric->unit));
        if (m_best) {
            m_useThreshold->setText(
                tr("Use threshold %1 as the operating point").arg(formatThreshold(m_best->threshold)));
            m_useThreshold->setEnabled(true);
        }
    } else {
        info << m_noChoiceReason;
    }
    if (own)
        info << tr("With its own selection it is %1.").arg(formatWithUnit(own->value, metric->unit));
    info << note;
    tab.info->setText(info.join(QLatin1Char(' ')));
    plot->replot(QCustomPlot::rpQueuedReplot);
}

std::optional<RunEvaluationView::OperatingPoint>
RunEvaluationView::chooseOnValidation(const BusinessMetric &metric, const services::MetricCurves &curves,
                                      const QColor &colour)
{
    m_noChoiceReason.clear();
    if (!m_validationTable || !curves.chosen) {
        // An external run cannot be re-run: its tool logs what it has, before `log finish`.
        const QString remedy = m_run && isExternalRun(m_run->config)
                                   ? tr("Log its validation predictions (`log predictions --part validation`) before "
                                        "`log finish` to choose one.")
                                   : tr("It was trained before they were kept, or its split has no validation "
                                        "part: re-run it on a split with one to choose one.");
        m_noChoiceReason =
            m_validationError.isEmpty()
                ? tr("No threshold is offered: this run has no stored validation predictions, and a threshold "
                     "chosen on the test rows would overstate what it does there. %1")
                      .arg(remedy)
                : tr("No threshold is offered: the validation predictions cannot be read: %1").arg(m_validationError);
        return std::nullopt;
    }
    const Result<business::ValidatedThreshold> &chosen = *curves.chosen;
    if (!chosen) {
        m_noChoiceReason = tr("No threshold is offered: %1").arg(chosen.error());
        return std::nullopt;
    }
    // The validation curve, faint, behind the test curve it chose the threshold for.
    QCustomPlot *plot = m_threshold.plot;
    QVector<double> keys, values;
    for (const business::ThresholdPoint &point : chosen->validation.points) {
        keys << point.threshold;
        values << (point.defined ? point.value : std::numeric_limits<double>::quiet_NaN());
    }
    QCPGraph *graph = plot->addGraph();
    graph->setObjectName(QStringLiteral("validationCurve"));
    graph->setName(tr("%1 on validation (chooses)").arg(metric.name));
    QColor faint = colour;
    faint.setAlpha(110);
    graph->setPen(QPen(faint, 1.5, Qt::DashLine));
    graph->setData(keys, values, true);
    // Which curve is which: the row above the plot (placeLegendAbove).
    plot->legend->setVisible(true);
    // Both curves in view, with the room above kept for the label.
    bool found = false;
    const QCPRange span = graph->getValueRange(found);
    if (found) {
        QCPRange range = plot->yAxis->range();
        const double margin = std::max(span.size(), 1e-9) * 0.06;
        range.lower = std::min(range.lower, span.lower - margin);
        range.upper = std::max(range.upper, span.upper + (range.upper - range.lower) * 0.15);
        plot->yAxis->setRange(range);
    }
    if (!chosen->validation.hasBest || !chosen->test) {
        m_noChoiceReason = !chosen->validation.hasBest
                               ? tr("%1 is undefined at every threshold on the validation rows: no operating point to "
                                    "offer.")
                                     .arg(metric.name)
                               : tr("%1 is undefined on the %2 rows at the threshold chosen on validation (%3).")
                                     .arg(metric.name, shownPartName(), formatThreshold(chosen->threshold));
        return std::nullopt;
    }
    m_chosenValidationValue = chosen->validationValue;
    return OperatingPoint{chosen->threshold, chosen->test->value, chosen->test->selected};
}

std::optional<RunEvaluationView::OperatingPoint>
RunEvaluationView::judgedOperatingPoint(const services::MetricCurves &curves) const
{
    if (!curves.judgedChosen)
        return std::nullopt;
    const Result<business::ValidatedThreshold> &chosen = *curves.judgedChosen;
    if (!chosen || !chosen->validation.hasBest || !chosen->test)
        return std::nullopt;
    return OperatingPoint{chosen->threshold, chosen->test->value, chosen->test->selected};
}

void RunEvaluationView::updateGainCurve()
{
    const PlotTab &tab = m_gain;
    tab.info->clear();
    const business::PredictionTable *table = shownTable();
    if (!table)
        return resetPlot(tab, tr("This evaluation's predictions cannot be read: %1").arg(shownTableError()));
    const BusinessMetric *metric = chosenMetric();
    const services::MetricCurves *curves = shownCurves();
    if (!curves)
        return resetPlot(tab, tr("Computing the gain curve over %1 %2 items…")
                                  .arg(QLocale().toString(qulonglong(table->size())), shownPartName()));
    const QString &expression = curves->gainExpression;
    const Result<business::GainCurve> &computed = *curves->gain;
    if (!computed)
        return resetPlot(tab,
                         tr("The gain of %1 cannot be computed for this run:\n%2").arg(expression, computed.error()));
    const business::GainCurve &curve = *computed;
    resetPlot(tab);
    QCustomPlot *plot = tab.plot;
    const QColor colour = runColor(m_run->id);
    const std::size_t n = table->size();

    QVector<double> keys{0.0}, values{0.0};
    double low = 0.0, high = 100.0;
    for (const business::GainPoint &point : curve.points) {
        keys << point.fraction * 100;
        values << point.gain * 100;
        low = std::min(low, point.gain * 100);
        high = std::max(high, point.gain * 100);
    }
    const auto liftAt = [&curve](double fraction) {
        for (const business::GainPoint &point : curve.points)
            if (point.fraction >= fraction - 1e-9)
                return point.lift;
        return std::numeric_limits<double>::quiet_NaN();
    };
    QCPGraph *model = plot->addGraph();
    model->setName(
        tr("ranked by run %1's score (lift %2× at the top 10%)").arg(m_run->id).arg(formatNumber(liftAt(0.1))));
    model->setPen(QPen(colour, 2));
    model->setData(keys, values, true);
    QCPGraph *random = plot->addGraph();
    random->setName(tr("random selection (lift 1×)"));
    random->setPen(QPen(textColour(this, 150), 1, Qt::DashLine));
    random->setData(QVector<double>{0, 100}, QVector<double>{0, 100}, true);
    plot->xAxis->setLabel(tr("items acted on, highest scores first (%, of %1)").arg(QLocale().toString(qulonglong(n))));
    plot->yAxis->setLabel(expression == QLatin1String("label") ? tr("share of the positives (Σ label) reached (%)")
                                                               : tr("share of Σ %1 captured (%)").arg(expression));
    plot->xAxis->setRange(0, 100);
    plot->yAxis->setRange(low - 2, high + 5);

    QStringList info;
    if (metric && curves->atBudget) {
        if (const Result<business::GainPoint> &atBudget = *curves->atBudget) {
            const double x = 100.0 * double(atBudget->k) / double(std::max<std::size_t>(n, 1));
            verticalLine(plot, x, QPen(textColour(this, 150), 1, Qt::DotLine));
            QCPGraph *point = plot->addGraph();
            point->setName(tr("%1's budget").arg(metric->name));
            point->setLineStyle(QCPGraph::lsNone);
            point->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, QPen(colour, 2), colour, 11));
            point->setData(QVector<double>{x}, QVector<double>{atBudget->gain * 100});
            QCPItemText *label =
                labelAt(plot, x, 0.02,
                        tr("%1's budget, top %2: %3 of Σ %4, lift %5×")
                            .arg(metric->name, QLocale().toString(qulonglong(atBudget->k)),
                                 formatPercent(atBudget->gain), expression, formatNumber(atBudget->lift)),
                        textColour(this));
            label->setObjectName(QStringLiteral("budgetLabel"));
        } else {
            info << atBudget.error();
        }
    }
    QStringList lifts;
    for (double fraction : {0.01, 0.05, 0.1, 0.2, 0.5})
        lifts << tr("top %1 %2×").arg(formatPercent(fraction), formatNumber(liftAt(fraction)));
    info.prepend(tr("Lift, how many times better than picking at random: %1.").arg(lifts.join(QStringLiteral(" · "))));
    if (metric && expression != QLatin1String("label"))
        info << tr("The curve adds up %1, the per-item value %2 sums (Σ over all items: %3).")
                    .arg(expression, metric->name, formatNumber(curve.total));
    else if (metric)
        info << tr("%1 reads no per-item value, so the curve shows the share of positive labels reached (%2 in all).")
                    .arg(metric->name, formatNumber(curve.total));
    else
        info << tr("The curve shows the share of positive labels reached (%1 in all).").arg(formatNumber(curve.total));
    tab.info->setText(info.join(QLatin1Char(' ')));
    plot->legend->setVisible(true);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    plot->replot(QCustomPlot::rpQueuedReplot);
}

void RunEvaluationView::updateLatency()
{
    const PlotTab &tab = m_latency;
    tab.info->clear();
    const QJsonObject latency = m_judged->latency;
    std::vector<double> samples;
    for (const QJsonValue &value : latency.value(QStringLiteral("batch_1_samples_ms")).toArray())
        if (value.isDouble() && std::isfinite(value.toDouble()) && value.toDouble() > 0)
            samples.push_back(value.toDouble());

    QStringList info;
    const QJsonObject batch = latency.value(QStringLiteral("batch_256")).toObject();
    const QStringList percentiles{QStringLiteral("p50"), QStringLiteral("p90"), QStringLiteral("p95"),
                                  QStringLiteral("p99")};
    const QJsonObject single = latency.value(QStringLiteral("batch_1")).toObject();
    const double p99 = single.value(QStringLiteral("p99_ms")).toDouble(std::numeric_limits<double>::quiet_NaN());
    // Microseconds when every call of interest takes under a millisecond: "48.2 µs", not "0.0482 ms".
    const bool micro =
        std::isfinite(p99) ? p99 < 1.0 : (!samples.empty() && *std::max_element(samples.begin(), samples.end()) < 1.0);
    QStringList batchParts;
    for (const QString &p : percentiles)
        if (const QJsonValue ms = batch.value(p + QStringLiteral("_ms")); ms.isDouble())
            batchParts << QStringLiteral("%1 %2").arg(p, formatLatency(ms.toDouble(), micro));
    if (!batchParts.isEmpty())
        info << tr("A batch of 256 items: %1 (%2 calls).")
                    .arg(batchParts.join(QStringLiteral(" · ")))
                    .arg(batch.value(QStringLiteral("calls")).toInt());
    if (const QJsonValue perSecond = latency.value(QStringLiteral("items_per_s")); perSecond.isDouble())
        info << tr("Throughput %1 items/s.").arg(formatNumber(perSecond.toDouble()));
    if (const QJsonValue bytes = latency.value(QStringLiteral("model_bytes")); bytes.isDouble())
        info << tr("Model %1 (%2 bytes).").arg(formatBytes(bytes.toInteger()), QLocale().toString(bytes.toInteger()));

    if (samples.empty()) {
        resetPlot(
            tab, tr("This evaluation timed no calls one item at a time, so there is no latency distribution to show."));
        tab.info->setText(info.join(QLatin1Char(' ')));
        return;
    }
    resetPlot(tab);
    QCustomPlot *plot = tab.plot;
    const double factor = micro ? 1000.0 : 1.0;
    const QString unit = micro ? QStringLiteral("µs") : QStringLiteral("ms");

    // Bins of equal width in log(time) on a logarithmic axis: latencies are a narrow peak and a
    // long tail (a page fault, the scheduler), and on a linear axis the peak takes one bar and the
    // tail none. Equal log widths are equal widths on screen, so QCPBars draws them at one width.
    const auto [minIt, maxIt] = std::minmax_element(samples.begin(), samples.end());
    const double lowest = *minIt;
    const double ratio = *maxIt > lowest ? std::pow(*maxIt / lowest, 1.0 / kHistogramBins) : 1.01;
    std::vector<double> counts(kHistogramBins, 0.0);
    for (double ms : samples)
        counts[std::size_t(std::clamp(int(std::log(ms / lowest) / std::log(ratio)), 0, kHistogramBins - 1))] += 1;
    // Counts on a log axis too, so that the few calls of the tail are bars, not one-pixel lines.
    // Empty bins are left out; the others stand on 0, which a log axis draws below its bottom.
    QVector<double> centres, heights;
    for (int b = 0; b < kHistogramBins; ++b)
        if (counts[std::size_t(b)] > 0) {
            centres << lowest * std::pow(ratio, b + 0.5) * factor;
            heights << counts[std::size_t(b)];
        }
    auto *bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setName(tr("calls"));
    // The axis spans the bins and one empty bin either side.
    bars->setWidthType(QCPBars::wtAxisRectRatio);
    bars->setWidth(1.0 / (kHistogramBins + 2));
    QColor fill = runColor(m_run->id);
    bars->setPen(QPen(fill, 1));
    fill.setAlpha(150);
    bars->setBrush(fill);
    bars->setData(centres, heights, true);
    plot->xAxis->setScaleType(QCPAxis::stLogarithmic);
    const double left = lowest / ratio * factor, right = lowest * std::pow(ratio, kHistogramBins + 1) * factor;
    plot->xAxis->setRange(left, right);
    // Ticks at round numbers, finer on a narrow range: a log axis spanning a decade or less would
    // otherwise show one number or none.
    const std::vector<double> steps = right / left < 10    ? std::vector<double>{1, 1.2, 1.5, 2, 3, 4, 5, 6, 8}
                                      : right / left < 100 ? std::vector<double>{1, 2, 3, 5}
                                                           : std::vector<double>{1, 2, 5};
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (double decade = std::pow(10.0, std::floor(std::log10(left))); decade <= right; decade *= 10)
        for (double step : steps)
            if (decade * step >= left && decade * step <= right)
                ticker->addTick(decade * step, formatNumber(decade * step));
    plot->xAxis->setTicker(ticker);
    const double peak = *std::max_element(counts.begin(), counts.end());
    plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
    plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    // Room above the highest bar for the percentile labels: about a quarter of the height.
    plot->yAxis->setRange(0.5, std::max(1.0, peak) * 20);
    plot->xAxis->setLabel(tr("time per call, one item at a time (%1, logarithmic)").arg(unit));
    plot->yAxis->setLabel(tr("calls (logarithmic)"));

    const Qt::PenStyle styles[] = {Qt::SolidLine, Qt::DashLine, Qt::DashDotLine, Qt::DotLine};
    for (int i = 0; i < percentiles.size(); ++i) {
        const QString &p = percentiles.at(i);
        const QJsonValue ms = single.value(p + QStringLiteral("_ms"));
        if (!ms.isDouble())
            continue;
        QCPItemStraightLine *line =
            verticalLine(plot, ms.toDouble() * factor, QPen(textColour(this, 200), 1.3, styles[i]));
        line->setObjectName(QStringLiteral("percentile_") + p);
        line->setProperty("milliseconds", ms.toDouble());
        // Staggered, so that close percentiles (p95, p99) keep readable labels.
        labelAt(plot, ms.toDouble() * factor, 0.02 + 0.1 * i,
                QStringLiteral("%1 %2").arg(p, formatLatency(ms.toDouble(), micro)), textColour(this))
            ->setObjectName(QStringLiteral("percentileLabel_") + p);
    }
    info.prepend(tr("%1 calls timed one item at a time, from %2 to %3.")
                     .arg(QLocale().toString(qulonglong(samples.size())), formatLatency(lowest, micro),
                          formatLatency(*maxIt, micro)));
    tab.info->setText(info.join(QLatin1Char(' ')));
    plot->replot(QCustomPlot::rpQueuedReplot);
}

void RunEvaluationView::updateCalibration()
{
    const PlotTab &tab = m_calibration;
    tab.info->clear();
    const services::EvaluationDrawing *drawing = shownDrawing();
    if (!drawing)
        return resetPlot(tab, tr("Reading evaluation #%1…").arg(m_shown->id));
    const services::CalibrationCurves &calibration = drawing->calibration;
    if (!calibration.error.isEmpty())
        return resetPlot(tab, calibration.error);
    const std::vector<services::CalibratedTarget> &curves = calibration.curves;
    if (curves.empty())
        return resetPlot(tab, tr("Calibration compares predicted probabilities of a yes/no target with how often it "
                                 "comes true. This run's targets (%1) are not yes/no with probabilities in [0, 1]: a "
                                 "multiclass or regression task, so there is nothing to calibrate.")
                                  .arg(calibration.targets.join(QStringLiteral(", "))));
    resetPlot(tab);
    QCustomPlot *plot = tab.plot;
    QCPGraph *diagonal = plot->addGraph();
    diagonal->setName(tr("perfectly calibrated"));
    diagonal->setPen(QPen(textColour(this, 150), 1, Qt::DashLine));
    diagonal->setData(QVector<double>{0, 1}, QVector<double>{0, 1}, true);
    const QCPScatterStyle::ScatterShape shapes[] = {QCPScatterStyle::ssDisc, QCPScatterStyle::ssSquare,
                                                    QCPScatterStyle::ssTriangle, QCPScatterStyle::ssDiamond};
    QStringList counts;
    for (std::size_t i = 0; i < curves.size(); ++i) {
        const services::CalibratedTarget &c = curves[i];
        // The judged target in the run's colour; others in the next colours of the same palette.
        const QColor colour = runColor(m_run->id + std::int64_t(i));
        QCPGraph *graph = plot->addGraph();
        graph->setName(c.target);
        graph->setPen(QPen(colour, 2));
        graph->setScatterStyle(QCPScatterStyle(shapes[i % 4], colour, 8));
        graph->setData(QVector<double>(c.curve.meanPredicted.begin(), c.curve.meanPredicted.end()),
                       QVector<double>(c.curve.fractionOfPositives.begin(), c.curve.fractionOfPositives.end()), true);
        counts << tr("%1: %2 items in %3 non-empty bins")
                      .arg(c.target, QLocale().toString(qulonglong(c.items)))
                      .arg(c.curve.meanPredicted.size());
    }
    plot->xAxis->setLabel(tr("mean predicted probability in the bin"));
    plot->yAxis->setLabel(tr("share of the bin's items that are positive"));
    plot->xAxis->setRange(-0.02, 1.02);
    plot->yAxis->setRange(-0.02, 1.02);
    plot->legend->setVisible(true);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    QString text = tr("Each point is one of %1 equal-width probability bins: the mean predicted probability of its "
                      "items against how many of them were positive. On the diagonal, a predicted 30% comes true 30% "
                      "of the time; below it the predicted probabilities are too high, above it too low. %2.")
                       .arg(kCalibrationBins)
                       .arg(counts.join(QStringLiteral("; ")));
    if (!calibration.skipped.isEmpty())
        text += tr(" Not yes/no, left out: %1.").arg(calibration.skipped.join(QStringLiteral(", ")));
    tab.info->setText(text);
    plot->replot(QCustomPlot::rpQueuedReplot);
}

void RunEvaluationView::exportInteractively(const PlotTab &tab)
{
    const QString name = m_run ? QStringLiteral("run%1-%2").arg(m_run->id).arg(tab.key) : tab.key;
    if (const Status written = exportPlotInteractively(this, tab.plot, name, tab.title); !written)
        Q_EMIT errorOccurred(written.error());
}

Status RunEvaluationView::exportPlot(const QString &which, const QString &path, int width, int height)
{
    const PlotTab *tab = plotTab(which);
    if (!tab)
        return Error{tr("No plot named '%1': the plots are %2").arg(which, plotKeys().join(QStringLiteral(", ")))};
    const QString title = m_run ? tr("Run %1: %2").arg(m_run->id).arg(tab->title) : tab->title;
    return mb::ui::exportPlot(tab->plot, path, title, width, height);
}

void RunEvaluationView::onUseThreshold()
{
    if (!m_run || !m_best || !m_database)
        return;
    // Stored with the run (schema 7), so the choice outlives the window.
    const Result<db::OperatingPoint> stored =
        db::OperatingPointRepository(*m_database).choose(m_run->id, m_metricName, m_best->threshold, m_best->value);
    if (!stored) {
        Q_EMIT errorOccurred(stored.error());
        return;
    }
    m_operatingPoint = *stored;
    updateHeader();
    Q_EMIT operatingPointChosen(m_run->id, m_metricName, m_best->threshold, m_best->value);
}

} // namespace mb::ui
