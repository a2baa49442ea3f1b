// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/RunCurvesPlot.h"

#include "db/MetricSeriesStore.h"
#include "db/RunRepository.h"
#include "ui/plots/PlotSupport.h"
#include "ui/plots/QCustomPlotInclude.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace mb::ui {
namespace {

// Series whose step is the epoch number (the worker writes one point per epoch).
bool isEpochSeries(const QString &name)
{
    return name.startsWith(QLatin1String("epoch/")) || name.startsWith(QLatin1String("validation/"));
}

// The metric shown first unless the user chose: the first of `preferred` the runs have, else the
// training loss, which is what a user watches while a run trains.
QString preferredMetric(const QStringList &names, const QStringList &preferred)
{
    for (const QString &name : preferred)
        if (names.contains(name))
            return name;
    for (const char *name : {"train/loss", "validation/loss", "epoch/train_loss"})
        if (names.contains(QLatin1String(name)))
            return QString::fromLatin1(name);
    return names.value(0);
}

// How faint the raw curve is behind its moving average (alpha of 255).
constexpr int kRawAlphaWhenSmoothed = 60;

} // namespace

RunCurvesPlot::RunCurvesPlot(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("runCurves"));
    m_metricChoice = new QComboBox;
    m_metricChoice->setObjectName(QStringLiteral("curveMetric"));
    m_metricChoice->setMinimumWidth(150);
    m_metricChoice->setToolTip(tr("The series to overlay: every name the selected runs have written"));
    connect(m_metricChoice, &QComboBox::activated, this, [this](int index) {
        m_metricChosenByUser = true;
        setMetric(m_metricChoice->itemText(index));
    });
    m_logScale = new QCheckBox(tr("Log scale"));
    m_logScale->setObjectName(QStringLiteral("curveLogScale"));
    m_logScale->setToolTip(tr("A logarithmic y axis: a loss that keeps falling by factors stays readable"));
    connect(m_logScale, &QCheckBox::toggled, this, &RunCurvesPlot::setLogScale);
    auto *fit = new QPushButton(tr("Fit"));
    fit->setObjectName(QStringLiteral("curveFit"));
    fit->setToolTip(tr("Show all points again and follow new ones (or double-click the plot)"));
    connect(fit, &QPushButton::clicked, this, &RunCurvesPlot::fitToData);
    auto *exportButton = new QPushButton(tr("Export…"));
    exportButton->setObjectName(QStringLiteral("curveExport"));
    exportButton->setToolTip(tr("Save the plot as PNG, PDF or SVG"));
    connect(exportButton, &QPushButton::clicked, this, &RunCurvesPlot::exportInteractively);
    m_pointsLabel = new QLabel;
    m_pointsLabel->setObjectName(QStringLiteral("curvePoints"));
    m_pointsLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // never widens the window
    m_pointsLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_pointsLabel->installEventFilter(this);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(new QLabel(tr("Metric:")));
    bar->addWidget(m_metricChoice);
    bar->addWidget(m_logScale);
    bar->addWidget(m_pointsLabel, 1);
    bar->addWidget(fit);
    bar->addWidget(exportButton);

    m_plot = new QCustomPlot;
    m_plot->setObjectName(QStringLiteral("curvePlot"));
    // Explicit, so a legend of long run names never sets the window's minimum width.
    m_plot->setMinimumSize(240, 180);
    m_plot->installEventFilter(this);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    // Lines drawn as one polyline each: the cost of a replot is then one call per run.
    m_plot->setPlottingHint(QCP::phFastPolylines, true);
    m_plot->setNoAntialiasingOnDrag(true);
    setXAxisTitle(tr("step"));
    m_plot->legend->setVisible(false);
    // The legend sits above the plot, a few entries per row, so it never hides a curve; it is
    // placed there while it has entries to show (placeLegend).
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_plot->plotLayout()->setRowSpacing(0);
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    m_plot->legend->setWrap(kLegendColumns);
    m_plot->legend->setMargins(QMargins(6, 2, 6, 0));
    m_plot->legend->setColumnSpacing(16);
    m_emptyText = new QCPItemText(m_plot);
    m_emptyText->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_emptyText->position->setCoords(0.5, 0.5);
    m_emptyText->setPositionAlignment(Qt::AlignCenter);
    m_emptyText->setClipToAxisRect(false);
    connect(m_plot, &QCustomPlot::legendClick, this,
            [this](QCPLegend *, QCPAbstractLegendItem *item, QMouseEvent *) { onLegendClick(item); });
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent *) { fitToData(); });
    // After the layout has sized the axis rect and before the axes compute their ticks.
    connect(m_plot, &QCustomPlot::afterLayout, this, &RunCurvesPlot::fitTicksToHeight);
    connect(m_plot->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this,
            &RunCurvesPlot::onUserRangeChange);
    connect(m_plot->yAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this,
            &RunCurvesPlot::onUserRangeChange);

    m_replotTimer = new QTimer(this);
    m_replotTimer->setSingleShot(true);
    m_replotTimer->setInterval(kReplotDelayMs);
    connect(m_replotTimer, &QTimer::timeout, this, &RunCurvesPlot::onReplotTimer);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_plot, 1);
    applyStyle();
    updateEmptyText();
}

RunCurvesPlot::~RunCurvesPlot() = default;

bool RunCurvesPlot::eventFilter(QObject *watched, QEvent *event)
{
    // As many legend columns as fit: long names wrap onto rows rather than widen the plot.
    if (watched == m_plot && event->type() == QEvent::Resize) {
        const bool compact = m_plot->height() < kRoomyPlotHeight;
        const int columns = compact ? std::clamp(m_plot->width() / kCompactLegendColumnWidth, 1, kLegendLimit)
                                    : std::clamp(m_plot->width() / kLegendColumnWidth, 1, kLegendColumns);
        if (columns != m_plot->legend->wrap() || compact != m_compactLegend) {
            m_compactLegend = compact;
            m_plot->legend->setWrap(columns);
            setXAxisTitle(m_xTitle);
            updateLegend();
        }
    }
    if (watched == m_pointsLabel && event->type() == QEvent::Resize)
        showPointsText();
    return QWidget::eventFilter(watched, event);
}

void RunCurvesPlot::applyStyle()
{
    applyPlotStyle(m_plot);
    m_emptyText->setColor(palette().color(QPalette::PlaceholderText));
}

void RunCurvesPlot::setDatabase(db::Database *database)
{
    m_database = database;
    setRuns({});
    Q_EMIT databaseChanged();
}

void RunCurvesPlot::setRuns(const QList<Source> &runs)
{
    // The page calls this on every poll: the same runs in the same state change nothing.
    if (runs.size() == m_curves.size()) {
        bool same = true;
        for (int i = 0; i < runs.size() && same; ++i)
            same = runs.at(i).runId == m_curves.at(i).runId && runs.at(i).label == m_curves.at(i).label &&
                   runs.at(i).live == m_curves.at(i).live;
        if (same)
            return;
    }
    QList<Curve> kept;
    for (Curve &curve : m_curves) {
        const auto source =
            std::find_if(runs.cbegin(), runs.cend(), [&](const Source &s) { return s.runId == curve.runId; });
        if (source == runs.cend()) {
            m_plot->removeGraph(curve.graph);
            m_plot->removeGraph(curve.smoothed);
            m_plot->removeItem(curve.bestLine);
        } else {
            kept << curve;
        }
    }
    m_curves.clear();
    bool namesChanged = kept.size() != runs.size();
    for (const Source &source : runs) {
        const auto existing =
            std::find_if(kept.begin(), kept.end(), [&](const Curve &c) { return c.runId == source.runId; });
        if (existing != kept.end()) {
            const bool wasLive = existing->live;
            existing->label = source.label;
            existing->live = source.live;
            existing->graph->setName(source.label);
            m_curves << *existing;
            // A run that just ended may have written its last points after the previous read.
            if (wasLive && !source.live && m_database) {
                namesChanged |= loadSeriesNames(m_curves.last());
                if (readAxisData(m_curves.last()))
                    redraw(m_curves.last());
                readNew(m_curves.last());
            }
            continue;
        }
        Curve curve;
        curve.runId = source.runId;
        curve.label = source.label;
        curve.live = source.live;
        curve.graph = m_plot->addGraph();
        curve.graph->setName(source.label);
        curve.graph->setAdaptiveSampling(true);
        curve.smoothed = m_plot->addGraph();
        curve.smoothed->setName(source.label);
        curve.smoothed->setAdaptiveSampling(true);
        curve.smoothed->removeFromLegend();
        curve.bestLine = new QCPItemStraightLine(m_plot);
        curve.bestLine->setVisible(false);
        m_curves << curve;
        if (m_database) {
            loadSeriesNames(m_curves.last());
            readAxisData(m_curves.last());
        }
        namesChanged = true;
    }
    applyPens();
    if (namesChanged)
        updateMetricChoice();
    for (Curve &curve : m_curves) {
        if (curve.points == 0 && m_database)
            readNew(curve);
        updateBestLine(curve);
    }
    updateLegend();
    updateEmptyText();
    if (m_autoFit)
        fitToData();
    scheduleReplot();
    Q_EMIT runsChanged(runs);
}

void RunCurvesPlot::applyPens()
{
    // Many curves are drawn thinner: wide pens are much slower to rasterise.
    const double width = m_curves.size() > kLegendLimit ? 1.0 : 1.6;
    const bool smoothed = m_smoothing > 0 && !isEpochSeries(m_metric);
    for (Curve &curve : m_curves) {
        const QColor colour = runColor(curve.runId);
        QColor faint = colour;
        faint.setAlpha(kRawAlphaWhenSmoothed);
        curve.graph->setPen(QPen(smoothed ? faint : colour, smoothed ? 1.0 : width));
        curve.graph->setVisible(curve.visible);
        curve.smoothed->setPen(QPen(colour, width));
        curve.smoothed->setVisible(curve.visible && smoothed);
        QColor line = colour;
        line.setAlpha(170);
        curve.bestLine->setPen(QPen(line, 1.2, Qt::DashLine));
    }
}

QList<RunCurvesPlot::Source> RunCurvesPlot::sources() const
{
    QList<Source> shown;
    for (const Curve &curve : m_curves)
        shown << Source{curve.runId, curve.label, curve.live};
    return shown;
}

bool RunCurvesPlot::loadSeriesNames(Curve &curve)
{
    Result<QList<db::MetricSeriesInfo>> infos = db::MetricSeriesReader(*m_database).seriesOf(curve.runId);
    if (!infos) {
        Q_EMIT errorOccurred(infos.error());
        return false;
    }
    const int before = int(curve.series.size());
    for (const db::MetricSeriesInfo &info : *infos)
        curve.series.insert(info.name, info.id);
    if (curve.seriesId == 0)
        curve.seriesId = curve.series.value(m_metric, 0);
    return curve.series.size() != before;
}

void RunCurvesPlot::updateMetricChoice()
{
    QStringList names;
    for (const Curve &curve : m_curves)
        for (auto it = curve.series.constBegin(); it != curve.series.constEnd(); ++it)
            if (!names.contains(it.key()))
                names << it.key();
    names.removeAll(QLatin1String(kEpochEndSeries)); // an axis, not a metric
    names.sort();
    if (names == m_metrics)
        return;
    m_metrics = names;
    m_metricChoice->clear();
    m_metricChoice->addItems(names);
    // A metric the user chose stays; one chosen for them gives way to a preferred one that appears
    // later (validation/* after the first epoch).
    const QString keep =
        names.contains(m_metric) && m_metricChosenByUser ? m_metric : preferredMetric(names, m_preferredMetrics);
    m_metricChoice->setCurrentIndex(std::max(0, int(names.indexOf(keep))));
    Q_EMIT metricsChanged(names);
    if (keep != m_metric)
        setMetric(keep);
}

bool RunCurvesPlot::setMetric(const QString &name)
{
    if (!name.isEmpty() && !m_metrics.contains(name))
        return false;
    m_metricChoice->setCurrentIndex(int(m_metrics.indexOf(name)));
    if (name == m_metric)
        return true;
    m_metric = name;
    updateAxisLabel();
    m_plot->yAxis->setLabel(name);
    applyPens();
    for (Curve &curve : m_curves) {
        resetCurveData(curve);
        curve.seriesId = curve.series.value(name, 0);
        if (m_database)
            readNew(curve);
        updateBestLine(curve);
    }
    updateLegend();
    updateEmptyText();
    m_autoFit = true;
    fitToData();
    return true;
}

void RunCurvesPlot::resetCurveData(Curve &curve)
{
    curve.graph->data()->clear();
    curve.smoothed->data()->clear();
    curve.nextChunk = 0;
    curve.seriesId = 0;
    curve.points = 0;
    curve.loggedKeys.clear();
    curve.loggedValues.clear();
    curve.emaSum = curve.emaWeight = 0;
    curve.keyMin = curve.valueMin = curve.positiveMin = std::numeric_limits<double>::infinity();
    curve.keyMax = curve.valueMax = -std::numeric_limits<double>::infinity();
}

std::int64_t RunCurvesPlot::readNew(Curve &curve)
{
    if (curve.seriesId == 0)
        return 0;
    Result<db::MetricSeries> read =
        db::MetricSeriesReader(*m_database)
            .readSince(curve.seriesId, curve.nextChunk, std::int64_t(curve.loggedValues.size()));
    if (!read) {
        Q_EMIT errorOccurred(read.error());
        return 0;
    }
    curve.nextChunk = read->nextChunk;
    const std::size_t n = read->steps.size();
    if (n == 0)
        return 0;
    const std::size_t first = curve.loggedKeys.size();
    curve.loggedKeys.reserve(first + n);
    curve.loggedValues.reserve(first + n);
    for (std::size_t i = 0; i < n; ++i) {
        curve.loggedKeys.push_back(double(read->steps[i]));
        curve.loggedValues.push_back(read->values[i]);
    }
    drawPoints(curve, first);
    curve.points += int(n);
    return std::int64_t(n);
}

void RunCurvesPlot::drawPoints(Curve &curve, std::size_t first)
{
    const std::size_t n = curve.loggedKeys.size();
    const bool smooth = m_smoothing > 0 && !isEpochSeries(m_metric);
    QVector<double> keys, values, averaged;
    keys.reserve(qsizetype(n - first));
    values.reserve(qsizetype(n - first));
    if (smooth)
        averaged.reserve(qsizetype(n - first));
    for (std::size_t i = first; i < n; ++i) {
        const double value = curve.loggedValues[i];
        if (smooth && std::isfinite(value)) {
            // TensorBoard's debiased EMA: the running sum and the weight it carries.
            curve.emaSum = curve.emaSum * m_smoothing + (1 - m_smoothing) * value;
            curve.emaWeight = curve.emaWeight * m_smoothing + (1 - m_smoothing);
        }
        const double key = placeKey(curve, curve.loggedKeys[i]);
        if (std::isnan(key))
            continue; // not placeable on this axis yet (an epoch not finished)
        keys << key;
        values << value;
        if (smooth)
            averaged << (std::isfinite(value) && curve.emaWeight > 0 ? curve.emaSum / curve.emaWeight
                                                                     : std::numeric_limits<double>::quiet_NaN());
        // NaN and inf stay in the data (a diverged run's line breaks there) but not in the ranges.
        if (!std::isfinite(value))
            continue;
        curve.keyMin = std::min(curve.keyMin, key);
        curve.keyMax = std::max(curve.keyMax, key);
        curve.valueMin = std::min(curve.valueMin, value);
        curve.valueMax = std::max(curve.valueMax, value);
        if (value > 0)
            curve.positiveMin = std::min(curve.positiveMin, value);
    }
    curve.graph->addData(keys, values, true);
    if (smooth)
        curve.smoothed->addData(keys, averaged, true);
}

void RunCurvesPlot::redraw(Curve &curve)
{
    curve.graph->data()->clear();
    curve.smoothed->data()->clear();
    curve.emaSum = curve.emaWeight = 0;
    curve.keyMin = curve.valueMin = curve.positiveMin = std::numeric_limits<double>::infinity();
    curve.keyMax = curve.valueMax = -std::numeric_limits<double>::infinity();
    drawPoints(curve, 0);
    updateBestLine(curve);
}

bool RunCurvesPlot::readAxisData(Curve &curve)
{
    if (!m_database)
        return false;
    bool changed = false;
    db::MetricSeriesReader reader(*m_database);
    const auto append = [&](std::int64_t seriesId, std::int64_t &nextChunk, std::vector<double> *keys,
                            std::vector<double> &values) {
        if (seriesId == 0)
            return;
        const Result<db::MetricSeries> read = reader.readSince(seriesId, nextChunk, std::int64_t(values.size()));
        if (!read) {
            Q_EMIT errorOccurred(read.error());
            return;
        }
        nextChunk = read->nextChunk;
        for (std::size_t i = 0; i < read->steps.size(); ++i) {
            if (keys)
                keys->push_back(double(read->steps[i]));
            values.push_back(read->values[i]);
        }
        changed |= !read->steps.empty();
    };
    append(curve.series.value(QLatin1String(kEpochEndSeries), 0), curve.epochEndChunk, nullptr, curve.epochEnds);
    // The wall times are as many as the steps: read only while the axis shows them.
    if (m_xAxis == XAxis::WallTime)
        append(curve.series.value(QLatin1String(kWallTimeSeries), 0), curve.wallChunk, &curve.wallSteps,
               curve.wallSeconds);
    if (const Result<db::RunRecord> run = db::RunRepository(*m_database).run(curve.runId)) {
        const int best = run->summary.value(QStringLiteral("best_epoch")).toInt();
        changed |= best != curve.bestEpoch;
        curve.bestEpoch = best;
    }
    return changed;
}

double RunCurvesPlot::placeKey(const Curve &curve, double key) const
{
    const bool perEpoch = isEpochSeries(m_metric);
    switch (m_xAxis) {
    case XAxis::AsLogged:
        return key;
    case XAxis::Step:
        return perEpoch ? epochEndStep(curve, key) : key;
    case XAxis::Epoch:
        return perEpoch ? key : stepToEpoch(curve, key);
    case XAxis::WallTime:
        return wallTimeAt(curve, perEpoch ? epochEndStep(curve, key) : key);
    }
    return key;
}

double RunCurvesPlot::epochEndStep(const Curve &curve, double epoch) const
{
    const auto index = std::int64_t(epoch) - 1;
    if (index < 0 || index >= std::int64_t(curve.epochEnds.size()))
        return std::numeric_limits<double>::quiet_NaN();
    return curve.epochEnds[std::size_t(index)];
}

double RunCurvesPlot::stepToEpoch(const Curve &curve, double step) const
{
    // Each epoch has as many steps as the first: a step past the last finished epoch is placed by it.
    const std::vector<double> &ends = curve.epochEnds;
    if (ends.empty() || !(ends.front() > 0))
        return std::numeric_limits<double>::quiet_NaN();
    const auto end = std::lower_bound(ends.cbegin(), ends.cend(), step);
    if (end == ends.cend())
        return double(ends.size()) + (step - ends.back()) / ends.front();
    const auto epoch = std::size_t(end - ends.cbegin());
    const double begin = epoch == 0 ? 0.0 : ends[epoch - 1];
    return double(epoch) + (step - begin) / std::max(1.0, *end - begin);
}

double RunCurvesPlot::wallTimeAt(const Curve &curve, double step) const
{
    const auto found = std::lower_bound(curve.wallSteps.cbegin(), curve.wallSteps.cend(), step);
    if (found == curve.wallSteps.cend() || *found != step)
        return std::numeric_limits<double>::quiet_NaN();
    return curve.wallSeconds[std::size_t(found - curve.wallSteps.cbegin())];
}

void RunCurvesPlot::updateBestLine(Curve &curve)
{
    const double x = bestEpochX(curve.runId);
    curve.bestLine->setVisible(curve.visible && std::isfinite(x));
    if (std::isfinite(x)) {
        curve.bestLine->point1->setCoords(x, 0);
        curve.bestLine->point2->setCoords(x, 1);
    }
}

int RunCurvesPlot::bestEpoch(std::int64_t runId) const
{
    for (const Curve &curve : m_curves)
        if (curve.runId == runId)
            return curve.bestEpoch;
    return 0;
}

double RunCurvesPlot::bestEpochX(std::int64_t runId) const
{
    for (const Curve &curve : m_curves) {
        if (curve.runId != runId || curve.bestEpoch <= 0)
            continue;
        const double best = curve.bestEpoch;
        const bool perEpoch = isEpochSeries(m_metric);
        switch (m_xAxis) {
        case XAxis::AsLogged:
            return perEpoch ? best : epochEndStep(curve, best);
        case XAxis::Step:
            return epochEndStep(curve, best);
        case XAxis::Epoch:
            return best;
        case XAxis::WallTime:
            return wallTimeAt(curve, epochEndStep(curve, best));
        }
    }
    return std::numeric_limits<double>::quiet_NaN();
}

double RunCurvesPlot::smoothedLast(std::int64_t runId) const
{
    for (const Curve &curve : m_curves)
        if (curve.runId == runId && curve.smoothed->visible() && !curve.smoothed->data()->isEmpty())
            return (curve.smoothed->data()->constEnd() - 1)->value;
    return std::numeric_limits<double>::quiet_NaN();
}

void RunCurvesPlot::setXAxis(XAxis axis)
{
    if (axis == m_xAxis)
        return;
    m_xAxis = axis;
    updateAxisLabel();
    for (Curve &curve : m_curves) {
        readAxisData(curve);
        redraw(curve);
    }
    updateEmptyText();
    m_autoFit = true;
    fitToData();
}

void RunCurvesPlot::setSmoothing(double weight)
{
    weight = std::clamp(weight, 0.0, kMaxSmoothing);
    if (weight == m_smoothing)
        return;
    m_smoothing = weight;
    applyPens();
    for (Curve &curve : m_curves)
        redraw(curve);
    updateLegend();
    scheduleReplot();
}

void RunCurvesPlot::setLegendShown(bool shown)
{
    m_legendShown = shown;
    updateLegend();
    scheduleReplot();
}

void RunCurvesPlot::placeLegend(bool shown)
{
    // A legend not shown is taken out of the layout, not just hidden: hidden (with a zero maximum
    // size to drop its row) it still narrowed its column, and the curves' axis rect with it, to
    // about 50 pixels whenever no run was selected or there were too many to list.
    QCPLayoutGrid *layout = m_plot->plotLayout();
    const bool placed = layout->hasElement(0, 0) && layout->element(0, 0) == m_plot->legend;
    m_plot->legend->setVisible(shown);
    if (shown == placed)
        return;
    if (shown) {
        layout->insertRow(0);
        layout->addElement(0, 0, m_plot->legend);
        layout->setRowStretchFactor(0, 0.001);
    } else {
        layout->take(m_plot->legend);
        layout->simplify();
    }
}

void RunCurvesPlot::setPreferredMetrics(const QStringList &names)
{
    m_preferredMetrics = names;
    if (!m_metricChosenByUser && !m_metrics.isEmpty()) {
        const QString preferred = preferredMetric(m_metrics, names);
        if (preferred != m_metric)
            setMetric(preferred);
    }
}

void RunCurvesPlot::updateAxisLabel()
{
    const bool perEpoch = isEpochSeries(m_metric);
    switch (m_xAxis) {
    case XAxis::AsLogged:
        setXAxisTitle(perEpoch ? tr("epoch") : tr("step"));
        break;
    case XAxis::Step:
        setXAxisTitle(tr("step"));
        break;
    case XAxis::Epoch:
        setXAxisTitle(tr("epoch"));
        break;
    case XAxis::WallTime:
        setXAxisTitle(tr("wall time (s)"));
        break;
    }
}

std::int64_t RunCurvesPlot::refresh()
{
    if (!m_database)
        return 0;
    std::int64_t read = 0;
    bool namesChanged = false;
    for (Curve &curve : m_curves) {
        if (!curve.live)
            continue;
        // A running worker adds series as it goes (validation/* at the end of the first epoch).
        namesChanged |= loadSeriesNames(curve);
        // An epoch that ended places the points logged during it (and moves the best epoch).
        if (readAxisData(curve)) {
            if (m_xAxis != XAxis::AsLogged)
                redraw(curve);
            updateBestLine(curve);
            namesChanged = true; // something to draw
        }
        read += readNew(curve);
    }
    if (namesChanged)
        updateMetricChoice();
    if (read > 0 || namesChanged) {
        updateEmptyText();
        scheduleReplot();
    }
    Q_EMIT refreshed();
    return read;
}

void RunCurvesPlot::scheduleReplot()
{
    if (!m_replotTimer->isActive())
        m_replotTimer->start();
}

bool RunCurvesPlot::replotPending() const
{
    return m_replotTimer->isActive();
}

void RunCurvesPlot::onReplotTimer()
{
    if (m_autoFit)
        fitToData();
    qint64 total = 0;
    for (const Curve &curve : m_curves)
        total += curve.points;
    m_pointsText = total == 0 ? QString() : tr("%1 points").arg(QLocale().toString(total));
    showPointsText();
    m_metricChoice->setEnabled(!m_metrics.isEmpty());
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void RunCurvesPlot::replotNow()
{
    m_replotTimer->stop();
    if (m_autoFit)
        fitToData();
    m_plot->replot(QCustomPlot::rpImmediateRefresh);
}

void RunCurvesPlot::fitToData()
{
    double keyMin = std::numeric_limits<double>::infinity(), keyMax = -keyMin;
    double valueMin = keyMin, valueMax = -keyMin, positiveMin = keyMin;
    for (const Curve &curve : m_curves) {
        if (!curve.visible || curve.points == 0)
            continue;
        keyMin = std::min(keyMin, curve.keyMin);
        keyMax = std::max(keyMax, curve.keyMax);
        valueMin = std::min(valueMin, curve.valueMin);
        valueMax = std::max(valueMax, curve.valueMax);
        positiveMin = std::min(positiveMin, curve.positiveMin);
    }
    m_settingRange = true;
    if (std::isfinite(keyMin)) {
        const double span = std::max(keyMax - keyMin, 1.0);
        m_plot->xAxis->setRange(keyMin - span * 0.01, keyMax + span * 0.01);
    } else {
        m_plot->xAxis->setRange(0, 10);
    }
    if (logScale()) {
        if (std::isfinite(positiveMin))
            m_plot->yAxis->setRange(positiveMin / 1.2, std::max(valueMax, positiveMin) * 1.2);
        else
            m_plot->yAxis->setRange(0.01, 10);
    } else if (std::isfinite(valueMin)) {
        const double span = valueMax - valueMin;
        const double pad = span > 0 ? span * 0.05 : std::max(std::abs(valueMax) * 0.05, 0.5);
        m_plot->yAxis->setRange(valueMin - pad, valueMax + pad);
    } else {
        m_plot->yAxis->setRange(0, 1);
    }
    m_settingRange = false;
    m_autoFit = true;
    scheduleReplot();
}

void RunCurvesPlot::onUserRangeChange()
{
    // A drag or a wheel zoom: stop following new data until the user fits again.
    if (!m_settingRange)
        m_autoFit = false;
}

void RunCurvesPlot::setLogScale(bool on)
{
    if (m_logScale->isChecked() != on)
        m_logScale->setChecked(on); // comes back here through toggled()
    if (on == logScale())
        return;
    m_plot->yAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (on)
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    else
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    fitToData();
}

void RunCurvesPlot::fitTicksToHeight()
{
    // Three panels at 1024x700 leave a plot about 90 pixels high: five ticks there printed their
    // labels on top of each other. One tick per 30 pixels, two at least.
    constexpr int kPixelsPerTick = 30;
    const int ticks = std::clamp(m_plot->axisRect()->height() / kPixelsPerTick, 2, 5);
    m_plot->yAxis->ticker()->setTickCount(ticks);
}

void RunCurvesPlot::setXAxisTitle(const QString &title)
{
    // A short panel gives the title's line to its curves: the x ticks (steps or epochs) remain.
    m_xTitle = title;
    m_plot->xAxis->setLabel(m_compactLegend ? QString() : title);
}

void RunCurvesPlot::showPointsText()
{
    // Whole or not at all: clipped by the bar's other widgets it read "oints".
    const bool fits = m_pointsLabel->fontMetrics().horizontalAdvance(m_pointsText) <= m_pointsLabel->width();
    m_pointsLabel->setText(fits ? m_pointsText : QString());
    m_pointsLabel->setToolTip(m_pointsText);
}

bool RunCurvesPlot::logScale() const
{
    return m_plot->yAxis->scaleType() == QCPAxis::stLogarithmic;
}

void RunCurvesPlot::updateLegend()
{
    // Rebuilt rather than patched, so its rows follow the table's order (newest first).
    m_plot->legend->clearItems();
    const bool show = m_legendShown && !m_curves.isEmpty() && m_curves.size() <= kLegendLimit;
    placeLegend(show);
    if (!show)
        return;
    const QColor text = palette().color(QPalette::Text);
    const QColor hidden = palette().color(QPalette::PlaceholderText);
    // With smoothing, the legend shows the average's line: the raw one is too faint to tell apart.
    const bool smoothed = m_smoothing > 0 && !isEpochSeries(m_metric);
    for (const Curve &curve : m_curves) {
        // The legend shows a short name ("#4" alone in a short panel); the table has the whole one.
        const QString name = m_compactLegend                        ? curve.label.section(QLatin1Char(' '), 0, 0)
                             : curve.label.size() > kLegendNameLength ? curve.label.left(kLegendNameLength - 1) + QStringLiteral("…")
                                                                      : curve.label;
        QCPGraph *shown = smoothed ? curve.smoothed : curve.graph;
        curve.graph->setName(name);
        curve.smoothed->setName(name);
        shown->addToLegend(m_plot->legend);
        if (QCPPlottableLegendItem *item = m_plot->legend->itemWithPlottable(shown))
            item->setTextColor(curve.visible ? text : hidden);
    }
}

void RunCurvesPlot::onLegendClick(QCPAbstractLegendItem *item)
{
    auto *plottableItem = qobject_cast<QCPPlottableLegendItem *>(item);
    if (!plottableItem)
        return;
    for (const Curve &curve : m_curves)
        if (curve.graph == plottableItem->plottable() || curve.smoothed == plottableItem->plottable()) {
            setRunVisible(curve.runId, !curve.visible);
            return;
        }
}

void RunCurvesPlot::setRunVisible(std::int64_t runId, bool visible)
{
    for (Curve &curve : m_curves) {
        if (curve.runId != runId)
            continue;
        curve.visible = visible;
        applyPens();
        updateBestLine(curve);
        updateLegend();
        if (m_autoFit)
            fitToData();
        scheduleReplot();
        return;
    }
}

bool RunCurvesPlot::isRunVisible(std::int64_t runId) const
{
    for (const Curve &curve : m_curves)
        if (curve.runId == runId)
            return curve.visible;
    return false;
}

int RunCurvesPlot::pointCount(std::int64_t runId) const
{
    for (const Curve &curve : m_curves)
        if (curve.runId == runId)
            return curve.points;
    return 0;
}

QList<std::int64_t> RunCurvesPlot::runIds() const
{
    QList<std::int64_t> ids;
    for (const Curve &curve : m_curves)
        ids << curve.runId;
    return ids;
}

void RunCurvesPlot::updateEmptyText()
{
    QString text;
    if (m_curves.isEmpty())
        text = tr("Select runs in the table to overlay their curves.");
    else if (m_metrics.isEmpty())
        text = tr("No points yet: the selected runs have not written any metric.");
    else if (std::none_of(m_curves.cbegin(), m_curves.cend(), [](const Curve &c) { return c.points > 0; }))
        text = tr("No points yet for %1.").arg(m_metric);
    else if (std::none_of(m_curves.cbegin(), m_curves.cend(),
                          [](const Curve &c) { return !c.graph->data()->isEmpty(); }))
        text = m_xAxis == XAxis::WallTime ? tr("These runs logged no wall time for %1.").arg(m_metric)
                                          : tr("No epoch has ended yet: the epoch scale is known once one has.");
    m_emptyText->setText(text);
    m_emptyText->setVisible(!text.isEmpty());
}

Status RunCurvesPlot::exportTo(const QString &path, int width, int height)
{
    replotNow();
    return exportPlot(m_plot, path, m_metric, width, height);
}

void RunCurvesPlot::exportInteractively()
{
    if (const Status written =
            exportPlotInteractively(this, m_plot, m_metric.isEmpty() ? QStringLiteral("curves") : m_metric, m_metric);
        !written)
        Q_EMIT errorOccurred(written.error());
}

} // namespace mb::ui
