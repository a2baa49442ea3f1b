// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace mb::services {

// The build and the versions of the libraries it runs on, for `--version` and the About box:
// one text, so both say the same. Thread contract: any thread.
QString versionText();

} // namespace mb::services
