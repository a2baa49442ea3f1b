// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QStringList>

#include <cstdint>

namespace mb::services {

// The training worker executable (worker/), which `metricbridge train` becomes: next to this
// program in a build tree, in ../libexec/metricbridge/ once installed.
Result<QString> trainWorkerPath();
// The same beside the program in `programDirectory` (the window's tests run from another folder
// than the metricbridge they drive).
Result<QString> trainWorkerPath(const QString &programDirectory);

// Asks LibTorch's OpenMP threads in workers started from now on to wait passively (see the .cpp);
// a value the user set is kept. Call before starting a worker process.
void preferPassiveOpenMpWaiting();

// Replaces this process with the worker, passing `arguments` (the words after "train"). Keeping
// the process id means whoever started `metricbridge train` (the window's queue) signals and
// waits for the worker itself. Returns only when the worker cannot be started.
Status execTrainWorker(const QStringList &arguments);

// Runs the worker with `arguments` (its command first: "evaluate", ...) and waits for it; its
// stdout is discarded and a failure returns the worker's last stderr line.
Status runWorker(const QStringList &arguments);

// Runs the queued run `runId` of the workspace at `workspacePath` in a worker process and waits
// for it; its JSON progress is discarded and a failure returns the worker's last stderr line.
Status runTrainWorker(const QString &workspacePath, std::int64_t runId);

} // namespace mb::services
