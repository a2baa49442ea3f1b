// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace mb::cli {

// The headless commands that move work out of a workspace and into another (docs/CLI.md,
// "Moving work between workspaces"). Each takes the words after its command name, prints what
// it did and returns the exit status; a failure is thrown as CommandFailed and changes nothing.
// Thread contract: the main thread.

// `project export --workspace W --project P [--runs R1,R2] --out F.mbw [--json]`
int projectExportCommand(const QStringList &arguments);
// `project import --workspace W --file F.mbw [--json]`
int projectImportCommand(const QStringList &arguments);
// `runs export --workspace W --project P --format csv|json --out F`
int runsExportCommand(const QStringList &arguments);

} // namespace mb::cli
