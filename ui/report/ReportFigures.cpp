// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/report/ReportFigures.h"

#include "core/NumberText.h"
#include "core/business/RunComparison.h"
#include "ui/plots/PlotSupport.h"
#include "ui/plots/QCustomPlotInclude.h"
#include "ui/plots/RunScatterPlot.h"
#include "ui/plots/TradeoffPlot.h"
#include "ui/report/ReportHtml.h"

#include <QBuffer>
#include <QSvgGenerator>

#include <cmath>
#include <limits>
#include <memory>

namespace mb::ui {
namespace {

// Paper is white: the plots take these colours whatever the window's theme.
QPalette paperPalette()
{
    QPalette palette(QColor(Qt::white));
    palette.setColor(QPalette::Base, Qt::white);
    palette.setColor(QPalette::Window, Qt::white);
    palette.setColor(QPalette::Text, QColor(32, 33, 36));
    palette.setColor(QPalette::WindowText, QColor(32, 33, 36));
    palette.setColor(QPalette::PlaceholderText, QColor(110, 110, 110));
    return palette;
}

ReportFigure record(QCustomPlot *plot, QSize size)
{
    ReportFigure figure;
    figure.size = size;
    plot->resize(size);
    plot->replot(QCustomPlot::rpImmediateRefresh);
    QCPPainter painter(&figure.picture);
    plot->toPainter(&painter, size.width(), size.height());
    painter.end();
    return figure;
}

std::unique_ptr<QCustomPlot> paperPlot()
{
    auto plot = std::make_unique<QCustomPlot>();
    plot->setPalette(paperPalette());
    applyPlotStyle(plot.get());
    plot->legend->setVisible(true);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    return plot;
}

QVector<double> valuesOf(const std::vector<business::ThresholdPoint> &points, QVector<double> &keys)
{
    QVector<double> values;
    for (const business::ThresholdPoint &p : points) {
        keys << p.threshold;
        values << (p.defined ? p.value : std::numeric_limits<double>::quiet_NaN()); // a gap
    }
    return values;
}

ReportFigure scatterFigure(const services::ReportScatter &scatter, QSize size)
{
    RunScatterPlot widget;
    widget.setPalette(paperPalette());
    widget.setAxes(scatter.xLabel, scatter.yLabel);
    widget.setHighlighted(scatter.highlighted);
    QList<RunScatterPlot::Point> points;
    for (const services::ReportScatter::Point &p : scatter.points)
        points.append({p.runId, p.name, p.x, p.y});
    widget.setPoints(points, QString(), scatter.front);
    return record(widget.plot(), size);
}

ReportFigure thresholdFigure(const services::ReportRunCurves &curves, QSize size)
{
    auto plot = paperPlot();
    const QColor colour = runColor(curves.runId);
    if (curves.threshold) {
        QVector<double> keys;
        const QVector<double> values = valuesOf(curves.threshold->validation.points, keys);
        QCPGraph *validation = plot->addGraph();
        validation->setName(QObject::tr("%1 on validation (chooses the threshold)").arg(curves.metric.name));
        QColor faint = colour;
        faint.setAlpha(120);
        validation->setPen(QPen(faint, 1.5, Qt::DashLine));
        validation->setData(keys, values, true);
    }
    QVector<double> keys;
    const QVector<double> values = valuesOf(curves.testCurve->points, keys);
    QCPGraph *test = plot->addGraph();
    test->setName(QObject::tr("%1 on test (reports)").arg(curves.metric.name));
    test->setPen(QPen(colour, 2));
    test->setData(keys, values, true);
    if (curves.threshold && curves.threshold->validation.hasBest && curves.threshold->test) {
        const double t = curves.threshold->threshold;
        auto *line = new QCPItemStraightLine(plot.get());
        line->point1->setCoords(t, 0);
        line->point2->setCoords(t, 1);
        line->setPen(QPen(colour, 1.2, Qt::DashLine));
        QCPGraph *point = plot->addGraph();
        point->setName(QObject::tr("threshold %1 chosen on validation: %2 on test")
                           .arg(formatThreshold(t), formatWithUnit(curves.threshold->test->value, curves.metric.unit)));
        point->setLineStyle(QCPGraph::lsNone);
        point->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(colour, 2.5), Qt::white, 11));
        point->setData(QVector<double>{t}, QVector<double>{curves.threshold->test->value});
    }
    plot->xAxis->setLabel(QObject::tr("decision threshold t: act on the items scoring ≥ t"));
    plot->yAxis->setLabel(curves.metric.unit.isEmpty()
                              ? curves.metric.name
                              : QStringLiteral("%1 (%2)").arg(curves.metric.name, curves.metric.unit));
    plot->rescaleAxes();
    plot->xAxis->setRange(-0.02, 1.02);
    const QCPRange y = plot->yAxis->range();
    plot->yAxis->setRange(y.lower - y.size() * 0.05, y.upper + y.size() * 0.1);
    return record(plot.get(), size);
}

ReportFigure gainFigure(const services::ReportRunCurves &curves, QSize size)
{
    auto plot = paperPlot();
    QVector<double> keys{0.0}, values{0.0};
    for (const business::GainPoint &p : curves.gain->points) {
        keys << p.fraction * 100;
        values << p.gain * 100;
    }
    QCPGraph *model = plot->addGraph();
    model->setName(QObject::tr("ranked by run #%1's score").arg(curves.runId));
    model->setPen(QPen(runColor(curves.runId), 2));
    model->setData(keys, values, true);
    QCPGraph *random = plot->addGraph();
    random->setName(QObject::tr("random selection (lift 1×)"));
    random->setPen(QPen(QColor(110, 110, 110), 1, Qt::DashLine));
    random->setData(QVector<double>{0, 100}, QVector<double>{0, 100}, true);
    plot->xAxis->setLabel(QObject::tr("items acted on, highest scores first (% of the test rows)"));
    plot->yAxis->setLabel(curves.gainExpression == QLatin1String("label")
                              ? QObject::tr("share of the positives reached (%)")
                              : QObject::tr("share of Σ %1 captured (%)").arg(curves.gainExpression));
    plot->rescaleAxes();
    plot->xAxis->setRange(0, 100);
    const QCPRange y = plot->yAxis->range();
    plot->yAxis->setRange(std::min(0.0, y.lower) - 2, std::max(100.0, y.upper) + 5);
    return record(plot.get(), size);
}

ReportFigure sweepFigure(const services::ReportPolicy &policy, const Framing &framing, QSize size)
{
    TradeoffPlot widget;
    widget.setPalette(paperPalette());
    widget.setAxes(business::metricLabel(policy.sweep->xMetric, framing),
                   business::metricLabel(policy.sweep->yMetric, framing));
    widget.setSweep(*policy.sweep);
    if (policy.approachOneRun)
        widget.setApproachOne(QPointF(policy.approachOneX, policy.approachOneY),
                              QObject::tr("#%1 one model (α %2, β %3)")
                                  .arg(*policy.approachOneRun)
                                  .arg(formatNumber(policy.approachOneAlpha), formatNumber(policy.approachOneBeta)));
    const PolicyMetrics &m = policy.record.metrics;
    if (m.contains(policy.sweep->xMetric) && m.contains(policy.sweep->yMetric))
        widget.setCurrent(QPointF(m.value(policy.sweep->xMetric), m.value(policy.sweep->yMetric)),
                          QObject::tr("%1 (α %2, β %3)")
                              .arg(policy.record.name, formatNumber(policy.record.settings.alpha),
                                   formatNumber(policy.record.settings.beta)));
    return record(widget.plot(), size);
}

} // namespace

QMap<QString, ReportFigure> renderReportFigures(const services::ReportContent &content)
{
    QMap<QString, ReportFigure> figures;
    const Framing framing = content.framing ? content.framing->framing : Framing{};
    for (const ReportFigureSlot &slot : reportFigureSlots(content)) {
        const QSize size(slot.width, slot.height);
        if (slot.key == QLatin1String("scatter") && content.scatter)
            figures.insert(slot.key, scatterFigure(*content.scatter, size));
        else if (slot.key == QLatin1String("pareto") && content.pareto)
            figures.insert(slot.key, scatterFigure(*content.pareto, size));
        else if (slot.key == QLatin1String("threshold") && content.curves && content.curves->testCurve)
            figures.insert(slot.key, thresholdFigure(*content.curves, size));
        else if (slot.key == QLatin1String("gain") && content.curves && content.curves->gain)
            figures.insert(slot.key, gainFigure(*content.curves, size));
        else if (slot.key == QLatin1String("sweep") && content.policy && content.policy->sweep)
            figures.insert(slot.key, sweepFigure(*content.policy, framing, size));
    }
    return figures;
}

QByteArray figureSvg(const ReportFigure &figure, const QString &title)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setSize(figure.size);
    generator.setViewBox(QRect(QPoint(0, 0), figure.size));
    generator.setTitle(title);
    generator.setDescription(QStringLiteral("MetricBridge"));
    QPainter painter(&generator);
    painter.drawPicture(0, 0, figure.picture);
    painter.end();
    QByteArray svg = buffer.data();
    // Inline in HTML: the XML declaration is not allowed there.
    if (svg.startsWith("<?xml"))
        svg.remove(0, svg.indexOf('\n') + 1);
    return svg;
}

} // namespace mb::ui
