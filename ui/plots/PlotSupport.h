// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QColor>
#include <QString>

#include <cstdint>

class QCustomPlot;
class QPointF;
class QWidget;

template<typename T>
class QList;

namespace mb::ui {

// What every plot of the window shares: the palette-following style, a run's colour, and export
// to PNG, PDF and SVG, so that a plot on any page looks and saves the same way.

// Axes, grid, legend and background in the widget's palette (light or dark).
void applyPlotStyle(QCustomPlot *plot);

// A run's colour: Tableau's ten, distinct on light and dark backgrounds; a run keeps its colour
// on every page.
QColor runColor(std::int64_t runId);

// Fits both axes to the points with a margin of 10% of their span on each side (or a small fixed
// margin when all values are equal), so points and their labels at the edges stay inside.
void fitAxesToPoints(QCustomPlot *plot, const QList<QPointF> &points);

// A message in the middle of the plot area (why there is nothing to draw), in the placeholder
// colour. The caller clears items before drawing anything else.
void showPlotMessage(QCustomPlot *plot, const QString &text);

// Writes the plot to `path`, the format chosen by the suffix (.png, .pdf, .svg), with `title` as a
// row above it (the file stands alone). A width or height of 0 takes the widget's; a PNG has
// kPngScale times the pixels of that size. Errors: an unknown suffix, a file that cannot be written.
inline constexpr double kPngScale = 2.0;
Status exportPlot(QCustomPlot *plot, const QString &path, const QString &title, int width = 0, int height = 0);

// Asks for a file (PNG, PDF or SVG, `suggestedName` without suffix) and writes the plot there.
// Returns success when the user cancels; an error to show otherwise.
Status exportPlotInteractively(QWidget *parent, QCustomPlot *plot, const QString &suggestedName, const QString &title);

} // namespace mb::ui
