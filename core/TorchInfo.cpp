// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/TorchInfo.h"

// Only the version header: it is a macro, so asking for the version does not load LibTorch.
// Loading it costs ~170 MB of resident memory in every process (its static initialisers),
// which only processes that train should pay.
#include <torch/version.h>

namespace mb::training {

QString libtorchVersion()
{
    return QStringLiteral(TORCH_VERSION);
}

} // namespace mb::training
