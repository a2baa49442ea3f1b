// SPDX-License-Identifier: GPL-3.0-or-later
#include "TorchInfo.h"

#include <torch/torch.h>
#include <torch/version.h>

namespace mb::training {

QString libtorchVersion()
{
    return QStringLiteral(TORCH_VERSION);
}

int intraOpThreads()
{
    return torch::get_num_threads();
}

} // namespace mb::training
