// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace mb::cli {

// The headless commands that look after a workspace file as a whole (docs/CLI.md). Each takes the
// words after its command name, prints its result and returns the exit status; a failure is
// thrown as CommandFailed. Thread contract: the main thread.

// `workspace check --workspace W [--json]`: the full integrity check (db/WorkspaceCheck); exit
// status 1 when it finds a problem.
int workspaceCheckCommand(const QStringList &arguments);
// `workspace vacuum --workspace W [--json]`: gives deleted work's space back; prints the bytes
// before and after.
int workspaceVacuumCommand(const QStringList &arguments);
// `workspace backup --workspace W --out F [--json]`: a consistent copy while workers write.
int workspaceBackupCommand(const QStringList &arguments);

} // namespace mb::cli
