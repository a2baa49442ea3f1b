// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace mb::cli {

// The headless commands about trade-off policies (docs/CLI.md, "Policies"). Each takes the words
// after its command name, prints its result on stdout and returns the exit status; a failure is
// thrown as CommandFailed (CommandSupport.h) for runHeadless to report as one line, and nothing
// is written. Thread contract: the main thread.

// `policy list --workspace W --project P [--json]`: the latest version of each policy.
int policyListCommand(const QStringList &arguments);
// `policy show --workspace W --project P --name N [--version V] [--json]`: one version with its
// metric snapshot, and what changed from the version before it.
int policyShowCommand(const QStringList &arguments);
// `policy export --workspace W --project P --name N [--version V] --out F.json`: the policy JSON.
int policyExportCommand(const QStringList &arguments);
// `policy save --workspace W --project P --name N --run-a R --run-b R --alpha A --beta B
// --normalisation raw|zscore|rank --k K [--note T] [--json]`: version N+1, or "unchanged".
int policySaveCommand(const QStringList &arguments);

} // namespace mb::cli
