// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/plots/QCustomPlotInclude.h"

#include <QPixmap>

namespace mb::ui {

// A graph of points (no line) that draws them on screen as copies of one picture of its scatter
// shape, drawn once by QCustomPlot's own QCPScatterStyle::drawShape: copying a small picture
// costs a fraction of shaping and filling each point, and 10 000 runs' points are drawn within a
// frame. The picture is antialiased, as QCustomPlot draws a few points. Exports (PNG at a scale,
// PDF, SVG) draw every point as a shape, so a vector file keeps its discs sharp.
// Thread contract: GUI thread (the plot's).
class SpriteScatterGraph : public QCPGraph {
public:
    using QCPGraph::QCPGraph;

protected:
    void drawScatterPlot(QCPPainter *painter, const QVector<QPointF> &scatters,
                         const QCPScatterStyle &style) const override;

private:
    // The picture of `style`'s shape at `pixelRatio` device pixels per point, centred.
    const QPixmap &sprite(const QCPScatterStyle &style, qreal pixelRatio) const;

    // The last picture and what it was drawn for (a graph keeps one style).
    mutable QPixmap m_sprite;
    mutable QCPScatterStyle m_spriteStyle;
    mutable qreal m_spriteRatio = 0.0;
};

} // namespace mb::ui
