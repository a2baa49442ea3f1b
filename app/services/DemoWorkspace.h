// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>

namespace mb::services {

// What to do with the demo's training runs.
enum class DemoTraining {
    Queue, // leave them queued: the window's run queue trains them in the background
    Train, // train them now, each in a worker process, before returning (the headless `demo`)
};

// Builds the demo workspace at `path`, or brings an existing one up to date: the seeds'
// newsfeed project, its framing, its data set, its training runs (a quality model, an
// engagement model, a combined-loss model and a logistic baseline) and, once the quality and
// engagement models are trained, one saved trade-off policy (addDemoPolicy). Running it twice
// adds nothing.
Status buildDemoWorkspace(const QString &path, DemoTraining training = DemoTraining::Queue);

// Saves the demo project's policy "balanced feed" when its quality and engagement models have
// finished and the project has no policy yet: the two models z-scored, top 100, at the weighting
// (alpha = i / 100, beta = 1 - alpha) with the most clicks_at_100 among those meeting the
// framing's other requirements on ranked metrics (trust & safety: low_quality_share <= 10), else
// 0.5 / 0.5; its note says which, and its metric snapshot is the engine's. Otherwise does nothing.
// For the window, whose queue trains the demo's runs after buildDemoWorkspace returned.
Status addDemoPolicy(const QString &path);

// Where the GUI keeps its demo workspace (an XDG data location).
QString defaultDemoWorkspacePath();

} // namespace mb::services
