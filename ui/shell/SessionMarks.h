// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace mb::ui {

// How the window knows that the last session on a workspace did not close cleanly (killed,
// crashed, a power cut), so that it checks the file in the background (UncleanCloseCheck) instead
// of every open paying for a check of every page. The window marks a workspace open, in the user's
// settings (QSettings), with this process's host and pid when it adopts it, and clears that mark
// when it lets go of it: closing it, opening another, quitting. A mark whose process is gone was
// left by a session that never let go. Marks of live processes (another window on the same file)
// and of other hosts (whose processes cannot be asked) count as clean.
// Thread contract: GUI thread.
namespace SessionMarks {

// Marks `workspacePath` open by this process; true when a mark left by an ended process was found
// (and dropped): the last session on it did not close cleanly.
bool markOpen(const QString &workspacePath);
// Drops this process's mark on `workspacePath`: it was let go of cleanly.
void clear(const QString &workspacePath);

} // namespace SessionMarks

} // namespace mb::ui
