// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace mb::worker {

// `evaluate --workspace W --run R --dataset-version V`, which `metricbridge evaluate` runs when
// given --dataset-version: the run's best checkpoint predicts every row of dataset version V
// (encoded as on the run's own split), and the predictions, ML metrics and latency are stored as
// a new evaluation of part "all". Prints one JSON line, {"event": "evaluated", "evaluation": ID,
// "items": N}; `metricbridge evaluate` then shows the evaluation. Exit status 0, or 1 with one
// line on stderr (an incompatible version names the column).
//
// Why this prints so little: code from cli/ that shows evaluations is kept out of this
// executable. LibTorch's dependencies load Qt 5 libraries next to our Qt 6, and a Qt 6 inline
// function instantiated here is exported under the same name that Qt 5 calls: it was seen to
// take over Qt5Widgets' static initialisation and crash the worker at start.
int runEvaluateCommand(const QStringList &arguments);

} // namespace mb::worker
