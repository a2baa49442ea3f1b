// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace mb::worker {

// SIGTERM and SIGINT (the window's cancel, Ctrl+C in a terminal) ask the run to stop at its next
// step, so that it ends as "cancelled" with everything so far stored, rather than dying mid-write.
void installStopHandlers();
bool stopRequested();

} // namespace mb::worker
