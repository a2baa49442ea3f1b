// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace mb::cli {

// The headless commands that annotate runs and save views of the runs table (docs/CLI.md, "Tags,
// notes, stars and saved views"). Each takes the words after its command name, prints its result
// and returns the exit status; a failure is thrown as CommandFailed. Thread contract: the main thread.

// `runs tag --workspace W --run R [--remove] TAG...`: adds (or removes) tags; prints the run's tags.
int runsTagCommand(const QStringList &arguments);
// `runs note --workspace W --run R (--text T | --file F|-)`: replaces the run's note ("" clears it).
int runsNoteCommand(const QStringList &arguments);
// `runs star --workspace W --run R [--off]`: stars the run, or takes its star away.
int runsStarCommand(const QStringList &arguments);
// `view save --workspace W --project P --name N [--where Q] [--columns K,K] [--sort KEY[:desc]] [--json]`:
// saves (or replaces) a view; the query is checked against the project's runs first (exit 2 when
// it cannot be read).
int viewSaveCommand(const QStringList &arguments);
// `view list --workspace W --project P [--json]`.
int viewListCommand(const QStringList &arguments);
// `view delete --workspace W --project P --name N`.
int viewDeleteCommand(const QStringList &arguments);

} // namespace mb::cli
