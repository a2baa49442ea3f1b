// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"

#include <QList>

namespace mb {

// The seeds' newsfeed example: rank posts to maximise engagement while keeping quality, with
// one model per objective so the weights can be re-tuned without retraining. The framings are
// framing files bundled from resources/demo/ (newsfeed-history.json lists them), read once.
QString demoProjectName();
Framing demoNewsfeedFraming();

// The framing's history as the seeds tell it: first "maximise engagement" alone, then, once
// extreme posts were found to win clicks, "maximise engagement while keeping quality".
// The last entry is demoNewsfeedFraming().
struct DemoFramingStep {
    Framing framing;
    QString note;
};
QList<DemoFramingStep> demoNewsfeedHistory();

} // namespace mb
