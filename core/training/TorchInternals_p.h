// SPDX-License-Identifier: GPL-3.0-or-later
// Private to metricbridge_training: the torch-typed internals its .cpp files share (the network,
// and what TrainingTensors and LoadedModel hold). No public header includes this one, and no
// other target could compile it: torch's include directories are PRIVATE to the library.
#pragma once

#include "core/TrainingConfig.h"
#include "core/training/Checkpoint.h"
#include "core/training/TrainingData.h"

#include <QByteArray>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/types.h>

#include <array>
#include <cstdint>
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

// The bytes of torch's archive of the network's parameters and buffers.
QByteArray serializeNetwork(Network &network);

struct TrainingTensors::Impl {
    struct Part {
        torch::Tensor x;                // float features [n, featureCount]
        std::vector<torch::Tensor> ys;  // one per head
        std::vector<std::int64_t> rows; // the dataset row behind each tensor row
    };
    std::array<Part, 3> parts; // indexed by data::SplitPart
    std::vector<HeadSpec> heads;
    int featureCount = 0;
    std::optional<std::array<int, 3>> imageShape;
    std::int64_t rowsWithoutTarget = 0;

    const Part &part(data::SplitPart p) const { return parts[std::size_t(p)]; }
    Part &part(data::SplitPart p) { return parts[std::size_t(p)]; }
};

struct LoadedModel::Impl {
    Network network{nullptr};
};

} // namespace mb::training
