// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace mb::cli {

// The headless commands about projects (docs/CLI.md). Each takes the words after its
// command name, prints its result on stdout and returns the exit status; a failure is thrown as
// CommandFailed (CommandSupport.h) for runHeadless to report as one line. Thread contract: the
// main thread.

// `project create --workspace W --name P [--description D] [--json]`: creates the project,
// and the workspace if it does not exist yet.
int projectCreateCommand(const QStringList &arguments);
// `project list --workspace W [--json]`: the projects, by name.
int projectListCommand(const QStringList &arguments);

} // namespace mb::cli
