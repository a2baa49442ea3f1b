// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/TrainingConfig.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/container/sequential.h>

#include <array>
#include <optional>
#include <vector>

namespace mb::training {

// The model a run trains: a shared trunk (nothing for linear, dense layers for an MLP,
// convolutions then dense layers for a CNN) and one linear head per objective. A two-objective
// project gets two heads on one trunk: the Approach-1 model trained on alpha*L1 + beta*L2.
class NetworkImpl : public torch::nn::Module {
public:
    NetworkImpl(const ModelConfig &config, int features, std::optional<std::array<int, 3>> imageShape,
                const std::vector<int> &headOutputs);

    // One output per head: logits or standardised values, [batch, outputs].
    std::vector<torch::Tensor> forward(torch::Tensor x);
    // The outputs for every row of `x`, computed in evaluation mode without gradients, in
    // batches so memory stays bounded on large sets; leaves the network in training mode.
    std::vector<torch::Tensor> predictAll(const torch::Tensor &x, std::int64_t batch = 8192);

private:
    torch::nn::Sequential m_trunk{nullptr};
    torch::nn::ModuleList m_heads{nullptr};
    bool m_hasTrunk = false;
};
TORCH_MODULE(Network);

} // namespace mb::training
