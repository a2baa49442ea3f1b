// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace mb::training {

// Facts about the LibTorch this build uses, for `--version` and for every run's record.
// Public headers of core/training expose no torch types.
QString libtorchVersion();

} // namespace mb::training
