// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace mb::cli {

// The headless commands about runs' results (docs/CLI.md, "Runs, evaluations and business
// metrics"). Each takes the words after its command name, prints its result on stdout and returns
// the exit status; a failure is thrown as CommandFailed (CommandSupport.h) for runHeadless to
// report as one line. Thread contract: the main thread.

// `runs --workspace W --project P [--where QUERY | --view NAME] [--json]`: every run (or those the
// query keeps, docs/QUERY.md) with its status, tags, star, note, config, latest ML metrics,
// business metrics, latency percentiles and stakeholder results; --json adds the validation
// metrics, the best epoch and, for a running run, its progress. A query that cannot be read
// fails with exit status 2 and its column.
int runsCommand(const QStringList &arguments);
// `metrics export --workspace W --run R [--series NAME] [--out F] [--json]`: the run's stored
// curves (every series, or one), as long-form CSV (series, step, value) or JSON.
int metricsExportCommand(const QStringList &arguments);
// `evaluate --workspace W --run R [--dataset-version V] [--json]`: the run's latest stored
// evaluation in full; with --dataset-version, first a new one on version V (by the worker).
int evaluateCommand(const QStringList &arguments);
// `metrics define --workspace W --project P --file metric.json [--json]`: adds or replaces one
// business metric in the current framing (a new version), then its value for every run.
int metricsDefineCommand(const QStringList &arguments);
// `export predictions --workspace W --run R --out F.csv`: the latest evaluation's predictions.
int exportPredictionsCommand(const QStringList &arguments);
// `runs lineage --workspace W RUN [--json]`: the run's family, root first, children indented under
// their parent: a re-run says whether its metrics came out identical (or which differ), a fork lists
// its config edits (core/RunLineage, the window's Lineage tab).
int runsLineageCommand(const QStringList &arguments);
// `runs diff --workspace W A B [--json]`: two runs' dataset version, split, framing version, judged
// evaluation, seed and build, the config settings that differ, and every metric with its delta
// (services::diffRuns, the Compare page's diff).
int runsDiffCommand(const QStringList &arguments);

} // namespace mb::cli
