// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"

#include <QString>

namespace mb::ui {

// One or two sentences per framing choice, drawn from the seeds, shown beside the choice so that
// the people framing the problem see why it matters.
QString guidanceForGoal();
QString guidanceFor(TaskType type);
QString guidanceFor(Reframing reframing);
QString guidanceFor(Approach approach);
QString guidanceForBusinessMetrics();
QString guidanceForStakeholders();
QString guidanceForConstraints();

// Human labels for the enum keys.
QString labelFor(TaskType type);
QString labelFor(Reframing reframing);
QString labelFor(Approach approach);
QString labelFor(Loss loss);
QString labelFor(Selection selection);
QString labelFor(Aggregate aggregate);
QString labelFor(Direction direction);

} // namespace mb::ui
