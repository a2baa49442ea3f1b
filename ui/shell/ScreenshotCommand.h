// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace mb::ui {

// `metricbridge screenshot --workspace W [--project P] --page NAME --out FILE.png [--size WxH]`:
// renders one page of the real window offscreen into a PNG. Needs a QApplication.
// Returns the exit status; on error prints a one-line reason on stderr.
int runScreenshotCommand(const QStringList &arguments);

} // namespace mb::ui
