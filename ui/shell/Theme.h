// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>

class QApplication;

namespace mb::ui {

// Follows the desktop's light or dark preference. Qt 6.4's platform themes give a dark palette
// only on some desktops; where the desktop asks for dark (GNOME's color-scheme, a ":dark" GTK
// theme) and the palette is still light, a dark Fusion palette is applied.
// METRICBRIDGE_COLOR_SCHEME=light|dark overrides the detection.
void applySystemColorScheme(QApplication &app);

bool isDarkPalette();

// Status colours that stay readable on the current palette.
QColor errorTextColor();
QColor okTextColor();
QColor warningTextColor(); // a caveat: the numbers are shown, but read them with care
// The same on a dark or a light surface whatever the palette: paper (the report) is light.
QColor errorTextColor(bool onDark);
QColor okTextColor(bool onDark);
QColor warningTextColor(bool onDark);
// HTML colour name of the above, for rich-text labels.
QString errorTextCss();
QString okTextCss();
QString warningTextCss();

} // namespace mb::ui
