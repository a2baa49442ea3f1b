// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace mb::worker {

// `train --workspace W (--run ID | --project P --config run.json)`: executes one run in this
// process and records it in the workspace. With --run it starts a run the window queued; with
// --project and --config it queues one first. Progress is printed as JSON lines on stdout (see
// docs/CLI.md). Exit status 0 when the run reached finished, cancelled or diverged; 1 when it
// failed or could not start, with the reason on stderr (and in the run's record when there is one).
int runTrainCommand(const QStringList &arguments);

} // namespace mb::worker
