// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace mb::worker {

// SIGTERM, SIGINT and SIGHUP (the window's cancel, Ctrl+C, a closed terminal) ask the run to stop
// at its next step, so that it ends as "cancelled" with everything so far stored, rather than
// dying mid-write with its run left "running". SIGPIPE is ignored: a closed stdout loses the
// progress lines, not the run.
void installStopHandlers();
bool stopRequested();

} // namespace mb::worker
