// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QListWidget;
class QMainWindow;

namespace mb::ui {

// What the window remembers between sessions (QSettings): its geometry and state, the position of
// every splitter in it, and the page last shown. Splitters are told apart by their order in the
// widget tree, which the window builds the same way every time.
// Thread contract: GUI thread.
namespace WindowSettings {

void save(const QMainWindow &window, const QListWidget &pageNavigation);
// Restores geometry and splitters; returns the page row last shown (0 when none was saved).
int restore(QMainWindow &window);

} // namespace WindowSettings

} // namespace mb::ui
