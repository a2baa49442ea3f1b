// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/SpriteScatterGraph.h"

#include <QPainter>

#include <cmath>

namespace mb::ui {

namespace {

bool sameStyle(const QCPScatterStyle &a, const QCPScatterStyle &b)
{
    return a.shape() == b.shape() && a.size() == b.size() && a.pen() == b.pen() && a.brush() == b.brush();
}

} // namespace

void SpriteScatterGraph::drawScatterPlot(QCPPainter *painter, const QVector<QPointF> &scatters,
                                         const QCPScatterStyle &style) const
{
    // Exports are drawn shape by shape: a picture would be a bitmap in a vector file, and blurred in
    // a PNG drawn at twice the size. A pixmap shape is a picture already.
    if (painter->modes().testFlag(QCPPainter::pmNoCaching) || style.shape() == QCPScatterStyle::ssPixmap ||
        style.shape() == QCPScatterStyle::ssNone || scatters.isEmpty()) {
        QCPGraph::drawScatterPlot(painter, scatters, style);
        return;
    }
    const qreal ratio = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    const QPixmap &picture = sprite(style, ratio);
    const QPointF half(picture.width() / (2.0 * ratio), picture.height() / (2.0 * ratio));
    for (const QPointF &point : scatters)
        painter->drawPixmap(point - half, picture);
}

const QPixmap &SpriteScatterGraph::sprite(const QCPScatterStyle &style, qreal pixelRatio) const
{
    if (!m_sprite.isNull() && m_spriteRatio == pixelRatio && sameStyle(m_spriteStyle, style))
        return m_sprite;
    // The shape's size plus its pen on both sides and a pixel for the antialiased edge; even, so
    // the centre falls between pixels as a point's does on average.
    const int side = 2 * int(std::ceil((style.size() + style.pen().widthF()) / 2.0 + 1.0));
    m_sprite = QPixmap(QSize(side, side) * pixelRatio);
    m_sprite.setDevicePixelRatio(pixelRatio);
    m_sprite.fill(Qt::transparent);
    {
        QCPPainter painter(&m_sprite);
        painter.setAntialiasing(true);
        style.applyTo(&painter, style.pen());
        style.drawShape(&painter, side / 2.0, side / 2.0);
    }
    m_spriteStyle = style;
    m_spriteRatio = pixelRatio;
    return m_sprite;
}

} // namespace mb::ui
