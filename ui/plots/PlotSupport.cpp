// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/PlotSupport.h"

#include "ui/plots/QCustomPlotInclude.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>

namespace mb::ui {

void applyPlotStyle(QCustomPlot *plot)
{
    const QPalette p = plot->palette();
    plot->setBackground(p.color(QPalette::Base));
    for (QCPAxis *axis : plot->axisRect()->axes()) {
        axis->setBasePen(QPen(p.color(QPalette::Text)));
        axis->setTickPen(QPen(p.color(QPalette::Text)));
        axis->setSubTickPen(QPen(p.color(QPalette::Text)));
        axis->setTickLabelColor(p.color(QPalette::Text));
        axis->setLabelColor(p.color(QPalette::Text));
        QColor grid = p.color(QPalette::Text);
        grid.setAlpha(40);
        axis->grid()->setPen(QPen(grid, 0, Qt::DotLine));
    }
    plot->legend->setBrush(Qt::NoBrush);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->legend->setTextColor(p.color(QPalette::Text));
}

QColor runColor(std::int64_t runId)
{
    static const QColor colours[] = {
        QColor(31, 119, 180), QColor(255, 127, 14),  QColor(44, 160, 44),   QColor(214, 39, 40),  QColor(148, 103, 189),
        QColor(140, 86, 75),  QColor(227, 119, 194), QColor(127, 127, 127), QColor(188, 189, 34), QColor(23, 190, 207)};
    return colours[std::size_t(runId < 0 ? -runId : runId) % 10];
}

void fitAxesToPoints(QCustomPlot *plot, const QList<QPointF> &points)
{
    if (points.isEmpty())
        return;
    double xMin = INFINITY, xMax = -INFINITY, yMin = INFINITY, yMax = -INFINITY;
    for (const QPointF &p : points) {
        xMin = std::min(xMin, p.x());
        xMax = std::max(xMax, p.x());
        yMin = std::min(yMin, p.y());
        yMax = std::max(yMax, p.y());
    }
    auto pad = [](double lo, double hi) {
        const double span = hi - lo;
        const double margin = span > 0 ? span * 0.1 : std::max(std::abs(lo) * 0.05, 0.01);
        return QCPRange(lo - margin, hi + margin);
    };
    plot->xAxis->setRange(pad(xMin, xMax));
    plot->yAxis->setRange(pad(yMin, yMax));
}

void showPlotMessage(QCustomPlot *plot, const QString &text)
{
    // Wrapped at words: a plot item does not wrap, and a long sentence ran off both sides of a
    // narrow plot.
    constexpr qsizetype kLineLength = 48;
    QStringList lines{QString()};
    for (const QString &word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (!lines.last().isEmpty() && lines.last().size() + 1 + word.size() > kLineLength)
            lines << QString();
        lines.last() += (lines.last().isEmpty() ? QString() : QStringLiteral(" ")) + word;
    }
    auto *message = new QCPItemText(plot);
    message->position->setType(QCPItemPosition::ptAxisRectRatio);
    message->position->setCoords(0.5, 0.5);
    message->setText(lines.join(QLatin1Char('\n')));
    message->setColor(plot->palette().color(QPalette::PlaceholderText));
}

namespace {

// The plot's title as a row above it, for the length of one export: on screen a plot has its tab
// or panel beside it to say what it shows, but a file travels alone.
class ExportTitle {
public:
    ExportTitle(QCustomPlot *plot, const QString &title) : m_plot(plot)
    {
        if (title.isEmpty())
            return;
        QFont font = plot->font();
        font.setBold(true);
        font.setPointSizeF(font.pointSizeF() * 1.2);
        m_plot->plotLayout()->insertRow(0);
        m_element = new QCPTextElement(m_plot, title, font);
        m_element->setTextColor(m_plot->xAxis ? m_plot->xAxis->labelColor() : QColor(Qt::black));
        m_plot->plotLayout()->addElement(0, 0, m_element);
    }
    ~ExportTitle()
    {
        if (!m_element)
            return;
        m_plot->plotLayout()->remove(m_element);
        m_plot->plotLayout()->simplify();
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
    ExportTitle(const ExportTitle &) = delete;
    ExportTitle &operator=(const ExportTitle &) = delete;

private:
    QCustomPlot *m_plot;
    QCPTextElement *m_element = nullptr;
};

} // namespace

Status exportPlot(QCustomPlot *plot, const QString &path, const QString &title, int width, int height)
{
    const ExportTitle titled(plot, title);
    plot->replot(QCustomPlot::rpImmediateRefresh);
    const int w = width > 0 ? width : std::max(plot->width(), 200);
    const int h = height > 0 ? height : std::max(plot->height(), 150);
    const QString suffix = QFileInfo(path).suffix().toLower();
    bool written = false;
    if (suffix == QLatin1String("png")) {
        // Twice the pixels of the asked size, so text and lines stay sharp on a slide or a
        // high-density screen; the layout is the asked size's.
        written = plot->savePng(path, w, h, kPngScale);
    } else if (suffix == QLatin1String("pdf")) {
        written = plot->savePdf(path, w, h, QCP::epNoCosmetic, QStringLiteral("MetricBridge"), title);
    } else if (suffix == QLatin1String("svg")) {
        QSvgGenerator generator;
        generator.setFileName(path);
        generator.setSize(QSize(w, h));
        generator.setViewBox(QRect(0, 0, w, h));
        generator.setTitle(title);
        generator.setDescription(QStringLiteral("MetricBridge"));
        QCPPainter painter;
        if (painter.begin(&generator)) {
            plot->toPainter(&painter, w, h);
            written = painter.end();
        }
    } else {
        return Error{
            QObject::tr("Cannot export to '%1': choose a .png, .pdf or .svg file").arg(QFileInfo(path).fileName())};
    }
    if (!written || QFileInfo(path).size() == 0)
        return Error{QObject::tr("Cannot write %1").arg(path)};
    return success();
}

Status exportPlotInteractively(QWidget *parent, QCustomPlot *plot, const QString &suggestedName, const QString &title)
{
    QString selected;
    QString name = suggestedName.isEmpty() ? QStringLiteral("plot") : suggestedName;
    name.replace(QLatin1Char('/'), QLatin1Char('_'));
    QString path = QFileDialog::getSaveFileName(
        parent, QObject::tr("Export plot"), name,
        QObject::tr("PNG image (*.png);;PDF document (*.pdf);;SVG image (*.svg)"), &selected);
    if (path.isEmpty())
        return success();
    if (QFileInfo(path).suffix().isEmpty())
        path += selected.contains(QLatin1String("pdf"))   ? QStringLiteral(".pdf")
                : selected.contains(QLatin1String("svg")) ? QStringLiteral(".svg")
                                                          : QStringLiteral(".png");
    return exportPlot(plot, path, title);
}

} // namespace mb::ui
