// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace mb {

// What build this is, for `--version`, the About box and the record of every run.
QString applicationName();
QString applicationVersion();
QString buildCommit();

} // namespace mb
