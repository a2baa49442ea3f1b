// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace mb {

// Numbers as the command line and the Compare page print them: about four significant digits,
// whole numbers in full ("43980 $", not "4.398e+04"), scientific only when very large or small;
// "nan" and "inf" say that a run diverged.
QString formatNumber(double value);

} // namespace mb
