// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/ReportContent.h"

#include <QByteArray>
#include <QMap>
#include <QPicture>
#include <QSize>
#include <QString>

namespace mb::ui {

// The report's plots, drawn by the window's own plot widgets (RunScatterPlot, TradeoffPlot) and
// QCustomPlot on a light, paper palette whatever the window's, recorded as vector pictures: the PDF
// replays them as vector paths and text, the HTML file gets them as SVG.
// Thread contract: GUI thread (QCustomPlot is a widget).

struct ReportFigure {
    QPicture picture; // drawn in a size x size box at (0, 0)
    QSize size;
};

// Every figure reportFigureSlots lists for the content, by key.
QMap<QString, ReportFigure> renderReportFigures(const services::ReportContent &content);

// A figure as a standalone SVG document (for inline use in HTML), titled for screen readers.
QByteArray figureSvg(const ReportFigure &figure, const QString &title);

} // namespace mb::ui
