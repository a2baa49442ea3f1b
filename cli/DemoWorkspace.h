// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <Result.h>

#include <QString>

namespace mb::cli {

// Builds the demo workspace at `path`, or brings an existing one up to date: the seeds'
// newsfeed project and its framing. Running it twice adds nothing.
Status buildDemoWorkspace(const QString &path);

// Where the GUI keeps its demo workspace (an XDG data location).
QString defaultDemoWorkspacePath();

} // namespace mb::cli
