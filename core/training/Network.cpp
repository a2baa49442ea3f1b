// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/TorchInternals_p.h"

#include <torch/torch.h>

namespace mb::training {
namespace {

void addActivation(torch::nn::Sequential &layers, Activation activation)
{
    switch (activation) {
    case Activation::Relu:
        layers->push_back(torch::nn::ReLU());
        return;
    case Activation::Tanh:
        layers->push_back(torch::nn::Tanh());
        return;
    case Activation::Gelu:
        layers->push_back(torch::nn::GELU());
        return;
    case Activation::Sigmoid:
        layers->push_back(torch::nn::Sigmoid());
        return;
    }
}

// Dense layers from `width` inputs; returns the width of the last one.
int addDenseLayers(torch::nn::Sequential &layers, const ModelConfig &config, int width)
{
    for (int hidden : config.hidden) {
        layers->push_back(torch::nn::Linear(width, hidden));
        if (config.batchNorm)
            layers->push_back(torch::nn::BatchNorm1d(hidden));
        addActivation(layers, config.activation);
        if (config.dropout > 0)
            layers->push_back(torch::nn::Dropout(config.dropout));
        width = hidden;
    }
    return width;
}

} // namespace

NetworkImpl::NetworkImpl(const ModelConfig &config, int features, std::optional<std::array<int, 3>> imageShape,
                         const std::vector<int> &headOutputs)
{
    torch::nn::Sequential trunk;
    int width = features;
    if (config.kind == ModelKind::Mlp) {
        width = addDenseLayers(trunk, config, width);
    } else if (config.kind == ModelKind::Cnn && imageShape) {
        const auto [channels, height, imageWidth] = *imageShape;
        trunk->push_back(torch::nn::Unflatten(torch::nn::UnflattenOptions(1, {channels, height, imageWidth})));
        int inChannels = channels;
        for (int out : config.channels) {
            trunk->push_back(
                torch::nn::Conv2d(torch::nn::Conv2dOptions(inChannels, out, config.kernel).padding(config.kernel / 2)));
            if (config.batchNorm)
                trunk->push_back(torch::nn::BatchNorm2d(out));
            addActivation(trunk, config.activation);
            trunk->push_back(torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2)));
            inChannels = out;
        }
        trunk->push_back(torch::nn::Flatten());
        // The flattened width depends on the pooling; ask the layers rather than recompute it.
        // In eval mode, so that the probe leaves batch-norm statistics untouched.
        torch::NoGradGuard noGrad;
        trunk->eval();
        width = int(trunk->forward(torch::zeros({1, features})).size(1));
        trunk->train();
        width = addDenseLayers(trunk, config, width);
    }
    m_hasTrunk = !trunk->is_empty();
    m_trunk = register_module("trunk", trunk);
    torch::nn::ModuleList heads;
    for (int outputs : headOutputs)
        heads->push_back(torch::nn::Linear(width, outputs));
    m_heads = register_module("heads", heads);
}

std::vector<torch::Tensor> NetworkImpl::forward(torch::Tensor x)
{
    if (m_hasTrunk)
        x = m_trunk->forward(x);
    std::vector<torch::Tensor> outputs;
    outputs.reserve(m_heads->size());
    for (const auto &head : *m_heads)
        outputs.push_back(head->as<torch::nn::Linear>()->forward(x));
    return outputs;
}

std::vector<torch::Tensor> NetworkImpl::predictAll(const torch::Tensor &x, std::int64_t batch)
{
    torch::NoGradGuard noGrad;
    eval();
    const std::int64_t n = x.size(0);
    std::vector<torch::Tensor> outputs;
    if (n == 0) {
        outputs = forward(x);
    } else {
        std::vector<std::vector<torch::Tensor>> parts(m_heads->size());
        for (std::int64_t begin = 0; begin < n; begin += batch) {
            std::vector<torch::Tensor> out = forward(x.slice(0, begin, std::min(n, begin + batch)));
            for (std::size_t h = 0; h < parts.size(); ++h)
                parts[h].push_back(out[h]);
        }
        for (auto &headParts : parts)
            outputs.push_back(torch::cat(headParts));
    }
    train();
    return outputs;
}

} // namespace mb::training
