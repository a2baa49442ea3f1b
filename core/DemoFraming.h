// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Framing.h"

namespace mb {

// The seeds' newsfeed example: rank posts to maximise engagement while keeping quality, with
// one model per objective so the weights can be re-tuned without retraining.
QString demoProjectName();
Framing demoNewsfeedFraming();

} // namespace mb
