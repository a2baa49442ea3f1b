// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace mb::cli {

// `metricbridge log ...`: runs trained by another tool, logged back (docs/EXTERNAL-RUNS.md). Each
// takes the words after its command name, prints its result on stdout and returns the exit
// status; a failure is thrown as CommandFailed (CommandSupport.h). Thread contract: the main thread.

// `log start --workspace W --project P --name N --dataset-version V --split S --target T[,T]
//  [--task K] [--tool NAME] [--tool-version V] [--config params.json] [--tags A,B] [--json]`:
// prints the new run's id.
int logStartCommand(const QStringList &arguments);
// `log metrics --workspace W --run R [--file F|-]`: JSON lines of metric points (stdin by default).
int logMetricsCommand(const QStringList &arguments);
// `log predictions --workspace W --run R [--dataset-version V] [--split S] --part test|validation
//  --file preds.csv [--latency-ms F] [--json]`
int logPredictionsCommand(const QStringList &arguments);
// `log artifact --workspace W --run R --file F [--name N]`
int logArtifactCommand(const QStringList &arguments);
// `log finish --workspace W --run R [--status finished|failed] [--reason TEXT]`
int logFinishCommand(const QStringList &arguments);

} // namespace mb::cli
