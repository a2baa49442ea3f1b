// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace mb::cli {

// The headless commands about a project's framing versions (docs/CLI.md). Each takes the words after its
// command name, prints its result on stdout and returns the exit status; a failure is thrown as
// CommandFailed (CommandSupport.h) for runHeadless to report as one line. Thread contract: the
// main thread.

// `framing show --workspace W --project P [--framing F] [--version N]`: a version as framing JSON.
int framingShowCommand(const QStringList &arguments);
// `framing set --workspace W --project P [--framing F] --file FILE|- [--note T] [--json]`: saves a
// new version, or says `unchanged`.
int framingSetCommand(const QStringList &arguments);
// `framing history --workspace W --project P [--framing F] [--json]`: the versions, newest first.
int framingHistoryCommand(const QStringList &arguments);
// `framing diff --workspace W --project P [--framing F] --from N --to M [--json]`: field by field.
int framingDiffCommand(const QStringList &arguments);

} // namespace mb::cli
