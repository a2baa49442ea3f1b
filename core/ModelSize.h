// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/TrainingConfig.h"

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace mb {

// What a run's network will cost before it is built, from the config and the data's shape alone,
// so that a config that can never be allocated (model.hidden [65536, 65536]: 4.3 billion weights)
// is refused with the figure instead of being killed by the kernel with its run left behind.
// The layers are the ones core/training/Network.cpp builds; a test compares the count with the
// built network's.
struct ModelSize {
    std::int64_t parameters = 0;
    // Training's peak, roughly: the weights, their gradients and the optimizer's state (two
    // moments for Adam and AdamW, one for SGD with momentum), plus one batch's activations kept for
    // the backward pass. 4 bytes per number.
    std::int64_t trainingBytes = 0;
};

// `features`: the encoded input width; `imageShape`: channels, height, width for a CNN;
// `headOutputs`: each head's outputs.
ModelSize estimateModelSize(const TrainingConfig &config, int features, std::optional<std::array<int, 3>> imageShape,
                            const std::vector<int> &headOutputs);

// Refuses a model whose training would need more than `memoryBytes` (the machine's memory),
// naming both figures and what to make smaller.
Status checkModelFits(const ModelSize &size, std::int64_t memoryBytes);

// The machine's physical memory in bytes, or 0 when it cannot be told.
std::int64_t physicalMemoryBytes();

} // namespace mb
