// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace mb::cli {

// The headless commands that archive and delete stored work, and take a run's artifact out
// (docs/CLI.md, "Archiving, deleting, exporting an artifact"). Each takes the words after its
// command name, prints what it did and returns the exit status; a refusal is thrown as
// CommandFailed and changes nothing. Thread contract: the main thread.

// `runs archive|unarchive --workspace W --run R[,R...] [--json]`
int runsArchiveCommand(const QStringList &arguments);
int runsUnarchiveCommand(const QStringList &arguments);
// `runs delete --workspace W --run R[,R...] [--json]`: db::Deletion::deleteRuns.
int runsDeleteCommand(const QStringList &arguments);
// `evaluation delete --workspace W --evaluation E [--json]`
int evaluationDeleteCommand(const QStringList &arguments);
// `dataset delete --workspace W --version V [--force] [--json]`
int datasetDeleteCommand(const QStringList &arguments);
// `project delete --workspace W --project P [--json]`
int projectDeleteCommand(const QStringList &arguments);
// `runs artifact export --workspace W --run R [--name best] --out F [--json]`
int runsArtifactCommand(const QStringList &arguments);

} // namespace mb::cli
