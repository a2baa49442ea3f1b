// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QMainWindow;
class QMenu;

namespace mb::ui {

// The window's Help menu: the documentation, the keyboard shortcuts (listed from the window's own
// actions, so the list cannot drift from what the keys do) and the About box.
QMenu *addHelpMenu(QMainWindow *window);

// The folder holding README.md and docs/: installed next to the program
// (share/doc/metricbridge), else the source tree it was built from; "" when neither is there.
QString documentationFolder();

} // namespace mb::ui
