// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/RunScatterPlot.h"

#include "ui/plots/PlotSupport.h"
#include "ui/plots/QCustomPlotInclude.h"
#include "ui/plots/SpriteScatterGraph.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

namespace mb::ui {

namespace {
// A fresh QCustomPlot's axis range, the one an empty scatter keeps.
const QCPRange kEmptyRange(0.0, 5.0);
} // namespace

RunScatterPlot::RunScatterPlot(QWidget *parent) : QWidget(parent)
{
    m_caption = new QLabel;
    m_caption->setObjectName(QStringLiteral("scatterCaption"));
    m_caption->setWordWrap(true);
    m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *exportButton = new QPushButton(tr("Export…"));
    exportButton->setObjectName(QStringLiteral("scatterExport"));
    exportButton->setToolTip(tr("Save the plot as PNG, PDF or SVG"));
    connect(exportButton, &QPushButton::clicked, this, [this] {
        if (const Status written =
                exportPlotInteractively(this, m_plot, m_yLabel + QStringLiteral(" vs ") + m_xLabel, m_caption->text());
            !written)
            Q_EMIT errorOccurred(written.error());
    });
    auto *header = new QHBoxLayout;
    header->addWidget(m_caption, 1);
    header->addWidget(exportButton, 0, Qt::AlignTop);

    m_plot = new QCustomPlot;
    m_plot->setMinimumSize(320, 240);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    // A run is one graph, and the plot shows no legend: left on, QCustomPlot files every graph in
    // the hidden legend, whose grid grows one search per entry (O(n²): seconds for 1000 runs).
    m_plot->setAutoAddPlottableToLegend(false);
    connect(m_plot, &QCustomPlot::plottableClick, this,
            [this](QCPAbstractPlottable *plottable, int index, QMouseEvent *) {
                const QVariant runId = plottable->property("runIds").toList().value(index);
                if (runId.isValid())
                    Q_EMIT runClicked(runId.toLongLong());
            });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(header);
    layout->addWidget(m_plot, 1);
    applyPlotStyle(m_plot);
}

void RunScatterPlot::setAxes(const QString &xLabel, const QString &yLabel)
{
    // Only the labels: the points and their graphs stay.
    m_xLabel = xLabel;
    m_yLabel = yLabel;
    m_plot->xAxis->setLabel(m_xLabel);
    m_plot->yAxis->setLabel(m_yLabel);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void RunScatterPlot::setPoints(const QList<Point> &points, const QString &emptyText,
                               const std::vector<std::size_t> &front)
{
    m_points = points;
    m_emptyText = emptyText;
    m_front = front;
    rebuild();
}

void RunScatterPlot::setHighlighted(const QList<std::int64_t> &runIds)
{
    m_highlighted = runIds;
    rebuild();
}

void RunScatterPlot::setCaption(const QString &text)
{
    m_caption->setText(text);
}

QString RunScatterPlot::caption() const
{
    return m_caption->text();
}

void RunScatterPlot::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange) {
        applyPlotStyle(m_plot);
        rebuild();
    }
    QWidget::changeEvent(event);
}

void RunScatterPlot::rebuild()
{
    m_plot->clearPlottables();
    m_plot->clearItems();
    m_plot->xAxis->setLabel(m_xLabel);
    m_plot->yAxis->setLabel(m_yLabel);
    const QColor text = palette().color(QPalette::Text);

    // Without points the message stands alone, on the ranges of a fresh plot: the axes of the
    // points before (another workspace's) read as this project's scale.
    const bool hasPoints = !m_points.isEmpty();
    for (QCPAxis *axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setVisible(hasPoints);
        axis->grid()->setVisible(hasPoints);
    }
    if (!hasPoints) {
        m_plot->xAxis->setRange(kEmptyRange);
        m_plot->yAxis->setRange(kEmptyRange);
        showPlotMessage(m_plot, m_emptyText);
        scheduleReplot();
        return;
    }

    std::vector<bool> onFront(std::size_t(m_points.size()), m_front.empty());
    for (std::size_t i : m_front)
        if (i < onFront.size())
            onFront[i] = true;

    // The front first, so the points draw over its line.
    if (!m_front.empty()) {
        auto *line = new QCPCurve(m_plot->xAxis, m_plot->yAxis);
        QVector<double> xs, ys;
        for (std::size_t i : m_front) {
            xs << m_points.at(int(i)).x;
            ys << m_points.at(int(i)).y;
        }
        line->setData(xs, ys);
        QColor c = text;
        c.setAlpha(140);
        line->setPen(QPen(c, 1.5, Qt::DashLine));
        line->setName(tr("Pareto front"));
        line->setSelectable(QCP::stNone);
    }

    // One graph per colour (faded or not), not per run: 10 000 runs make at most 20 graphs. Each
    // graph's points are sorted by x before they are set, so a click's data index maps back to its
    // run through the graph's "runIds" in the same order.
    std::map<std::pair<QRgb, bool>, std::vector<int>> groups;
    for (int i = 0; i < m_points.size(); ++i)
        groups[{runColor(m_points.at(i).runId).rgb(), onFront[std::size_t(i)]}].push_back(i);
    for (auto &[key, indices] : groups) {
        std::stable_sort(indices.begin(), indices.end(),
                         [this](int a, int b) { return m_points.at(a).x < m_points.at(b).x; });
        QVector<double> xs, ys;
        QVariantList runIds;
        xs.reserve(qsizetype(indices.size()));
        ys.reserve(qsizetype(indices.size()));
        for (int i : indices) {
            xs << m_points.at(i).x;
            ys << m_points.at(i).y;
            runIds << QVariant::fromValue(qint64(m_points.at(i).runId));
        }
        QColor colour = QColor::fromRgb(key.first);
        if (!key.second)
            colour.setAlpha(60);
        // On screen each disc is a copy of one picture (SpriteScatterGraph): drawing 10 000 discs
        // one by one was the longest the window froze while the page loaded.
        auto *graph = new SpriteScatterGraph(m_plot->xAxis, m_plot->yAxis);
        graph->setLineStyle(QCPGraph::lsNone);
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colour, colour, 11));
        // Exports draw disc by disc, where smooth edges cost most of the drawing; among thousands
        // of overlapping discs they are not seen.
        graph->setAntialiasedScatters(m_points.size() <= kAntialiasedPoints);
        graph->setData(xs, ys, true);
        graph->setProperty("runIds", runIds);
    }

    // Labels "#id" while they can be read; past that only the runs that matter here: the front's
    // and the highlighted ones (a label is an item QCustomPlot lays out on every replot).
    const bool labelAll = m_points.size() <= kLabelledPoints;
    QVector<double> ringXs, ringYs;
    for (int i = 0; i < m_points.size(); ++i) {
        const Point &p = m_points.at(i);
        const bool highlighted = m_highlighted.contains(p.runId);
        if (highlighted) {
            ringXs << p.x;
            ringYs << p.y;
        }
        const bool front = !m_front.empty() && onFront[std::size_t(i)];
        if (!labelAll && !highlighted && !(front && m_front.size() <= std::size_t(kLabelledPoints)))
            continue;
        auto *label = new QCPItemText(m_plot);
        label->position->setCoords(p.x, p.y);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        label->setPadding(QMargins(8, 0, 0, 4));
        label->setText(QStringLiteral("#%1").arg(p.runId));
        QColor labelColour = text;
        if (!onFront[std::size_t(i)])
            labelColour.setAlpha(110);
        label->setColor(labelColour);
    }
    if (!ringXs.isEmpty()) {
        auto *ring = m_plot->addGraph();
        ring->setLineStyle(QCPGraph::lsNone);
        ring->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(text, 2), Qt::NoBrush, 20));
        ring->setData(ringXs, ringYs);
        ring->setSelectable(QCP::stNone);
    }

    QList<QPointF> all;
    for (const Point &p : m_points)
        all << QPointF(p.x, p.y);
    fitAxesToPoints(m_plot, all);
    scheduleReplot();
}

// Drawing 10 000 points takes tens of milliseconds: the page's setHighlighted and setPoints in one
// slice draw once, after it, and the Pareto tab behind the scatter not at all until it is shown.
// Exports and report figures replot at once themselves.
void RunScatterPlot::scheduleReplot()
{
    if (!isVisible()) {
        m_replotWhenShown = true;
        return;
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void RunScatterPlot::showEvent(QShowEvent *event)
{
    if (m_replotWhenShown) {
        m_replotWhenShown = false;
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
    QWidget::showEvent(event);
}

Status RunScatterPlot::exportTo(const QString &path, int width, int height)
{
    return exportPlot(m_plot, path, m_caption->text(), width, height);
}

} // namespace mb::ui
