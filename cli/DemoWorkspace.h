// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <Result.h>

#include <QString>

namespace mb::cli {

// What to do with the demo's training runs.
enum class DemoTraining {
    Queue, // leave them queued: the window's run queue trains them in the background
    Train, // train them now, each in a worker process, before returning (the headless `demo`)
};

// Builds the demo workspace at `path`, or brings an existing one up to date: the seeds'
// newsfeed project, its framing, its data set and its training runs (a quality model, an
// engagement model, a combined-loss model and a logistic baseline). Running it twice adds nothing.
Status buildDemoWorkspace(const QString &path, DemoTraining training = DemoTraining::Queue);

// Where the GUI keeps its demo workspace (an XDG data location).
QString defaultDemoWorkspacePath();

} // namespace mb::cli
