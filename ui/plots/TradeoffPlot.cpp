// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/TradeoffPlot.h"

#include "ui/plots/PlotSupport.h"
#include "ui/plots/QCustomPlotInclude.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace mb::ui {

TradeoffPlot::TradeoffPlot(QWidget *parent) : QWidget(parent)
{
    m_plot = new QCustomPlot;
    m_plot->setMinimumSize(360, 260);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    connect(m_plot, &QCustomPlot::plottableClick, this,
            [this](QCPAbstractPlottable *plottable, int index, QMouseEvent *) {
                const QVariantList weights = plottable->property("weights").toList();
                if (index >= 0 && index < weights.size()) {
                    const QPointF w = weights.at(index).toPointF();
                    Q_EMIT weightsClicked(w.x(), w.y());
                }
            });
    auto *exportButton = new QPushButton(tr("Export…"));
    exportButton->setObjectName(QStringLiteral("tradeoffExport"));
    exportButton->setToolTip(tr("Save the plot as PNG, PDF or SVG"));
    connect(exportButton, &QPushButton::clicked, this, [this] {
        if (const Status written =
                exportPlotInteractively(this, m_plot, QStringLiteral("tradeoff"), tr("Trade-off sweep"));
            !written)
            Q_EMIT errorOccurred(written.error());
    });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot, 1);
    auto *bar = new QHBoxLayout;
    bar->addStretch(1);
    bar->addWidget(exportButton);
    layout->addLayout(bar);
    applyPlotStyle(m_plot);
}

void TradeoffPlot::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange) {
        applyPlotStyle(m_plot);
        rebuild();
    }
    QWidget::changeEvent(event);
}

void TradeoffPlot::setAxes(const QString &xLabel, const QString &yLabel)
{
    m_xLabel = xLabel;
    m_yLabel = yLabel;
    rebuild();
}

void TradeoffPlot::setSweep(const tradeoff::TradeoffSweep &sweep)
{
    m_sweep = sweep;
    m_message.clear();
    rebuild();
}

void TradeoffPlot::setApproachOne(std::optional<QPointF> point, const QString &label)
{
    m_approachOne = point;
    m_approachLabel = label;
    rebuild();
}

void TradeoffPlot::setCurrent(std::optional<QPointF> point, const QString &label)
{
    m_current = point;
    m_currentLabel = label;
    // Only the current point moves with the sliders: no rebuild of the sweep.
    placeCurrent();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void TradeoffPlot::setMessage(const QString &text)
{
    m_message = text;
    rebuild();
}

void TradeoffPlot::clear()
{
    m_sweep = {};
    m_current.reset();
    m_approachOne.reset();
    rebuild();
}

void TradeoffPlot::placeCurrent()
{
    if (!m_currentGraph)
        return;
    m_currentGraph->data()->clear();
    m_currentText->setVisible(m_current.has_value());
    if (!m_current)
        return;
    m_currentGraph->addData(m_current->x(), m_current->y());
    m_currentText->position->setCoords(m_current->x(), m_current->y());
    m_currentText->setText(m_currentLabel);
}

void TradeoffPlot::rebuild()
{
    m_plot->clearPlottables();
    m_plot->clearItems();
    m_currentGraph = nullptr;
    m_currentText = nullptr;
    m_plot->xAxis->setLabel(m_xLabel);
    m_plot->yAxis->setLabel(m_yLabel);
    const QColor text = palette().color(QPalette::Text);
    const QColor accent(31, 119, 180);

    // Without a sweep the message stands alone: empty axes from 0 to 5 under it looked like a
    // sweep of nothing (a fresh workspace showed one).
    const bool hasSweep = m_message.isEmpty() && !m_sweep.points.empty();
    for (QCPAxis *axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setVisible(hasSweep);
        axis->grid()->setVisible(hasSweep);
    }
    if (!hasSweep) {
        showPlotMessage(m_plot,
                        m_message.isEmpty() ? tr("The sweep appears here once both runs are chosen.") : m_message);
        m_plot->legend->setVisible(false);
        m_plot->replot();
        return;
    }
    m_plot->legend->setVisible(true);
    // The legend goes in the corner that is worst on both axes: a front runs from one end of the
    // trade-off to the other, away from it, and the dominated points cluster near the front.
    Qt::Alignment corner = m_sweep.xDirection == Direction::Maximize ? Qt::AlignLeft : Qt::AlignRight;
    corner |= m_sweep.yDirection == Direction::Maximize ? Qt::AlignBottom : Qt::AlignTop;
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, corner);

    // Dominated settings, faded; then the front, joined; each point knows its weights.
    QVector<double> dx, dy, fx, fy;
    QVariantList dominatedWeights, frontWeights;
    for (const tradeoff::SweepPoint &p : m_sweep.points)
        if (p.dominated) {
            dx << p.x;
            dy << p.y;
            dominatedWeights << QPointF(p.alpha, p.beta);
        }
    for (std::size_t i : m_sweep.front) {
        const tradeoff::SweepPoint &p = m_sweep.points[i];
        fx << p.x;
        fy << p.y;
        frontWeights << QPointF(p.alpha, p.beta);
    }
    QColor faded = accent;
    faded.setAlpha(55);
    auto *dominated = m_plot->addGraph();
    dominated->setName(tr("dominated weights"));
    dominated->setLineStyle(QCPGraph::lsNone);
    dominated->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, faded, faded, 6));
    dominated->setData(dx, dy, true);
    dominated->setProperty("weights", dominatedWeights);

    auto *front = new QCPCurve(m_plot->xAxis, m_plot->yAxis);
    front->setName(tr("Pareto front of the sweep"));
    front->setPen(QPen(accent, 2));
    front->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, accent, accent, 7));
    front->setData(fx, fy);
    front->setProperty("weights", frontWeights);

    if (m_approachOne) {
        const QColor orange(255, 127, 14);
        auto *one = m_plot->addGraph();
        one->setName(m_approachLabel);
        one->setLineStyle(QCPGraph::lsNone);
        one->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, QPen(orange, 2), orange, 13));
        one->setData({m_approachOne->x()}, {m_approachOne->y()});
        one->setSelectable(QCP::stNone);
    }

    m_currentGraph = m_plot->addGraph();
    m_currentGraph->setName(tr("current weights"));
    m_currentGraph->setLineStyle(QCPGraph::lsNone);
    m_currentGraph->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(text, 2.5), QColor(214, 39, 40), 15));
    m_currentGraph->setSelectable(QCP::stNone);
    m_currentText = new QCPItemText(m_plot);
    m_currentText->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    m_currentText->setPadding(QMargins(10, 0, 0, 6));
    m_currentText->setColor(text);
    placeCurrent();

    // Ranges over everything drawn.
    QList<QPointF> all;
    for (const tradeoff::SweepPoint &p : m_sweep.points)
        all << QPointF(p.x, p.y);
    if (m_approachOne)
        all << *m_approachOne;
    fitAxesToPoints(m_plot, all);
    m_plot->replot();
}

Status TradeoffPlot::exportTo(const QString &path, int width, int height)
{
    return exportPlot(m_plot, path, tr("Trade-off sweep"), width, height);
}

} // namespace mb::ui
