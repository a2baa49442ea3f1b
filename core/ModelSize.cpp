// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/ModelSize.h"

#include "core/NumberText.h"

#include <QLocale>

#include <unistd.h>

namespace mb {

namespace {

constexpr std::int64_t kBytesPerNumber = 4; // float32

// Dense layers from `width` inputs, as Network.cpp's addDenseLayers builds them.
void addDense(const ModelConfig &model, std::int64_t &width, ModelSize &size, std::int64_t &activations)
{
    for (int hidden : model.hidden) {
        size.parameters += width * hidden + hidden + (model.batchNorm ? 2 * hidden : 0);
        activations += hidden;
        width = hidden;
    }
}

QString gigabytes(std::int64_t bytes)
{
    return QStringLiteral("%1 GB").arg(QLocale::c().toString(double(bytes) / 1e9, 'f', bytes < 10'000'000'000 ? 1 : 0));
}

} // namespace

ModelSize estimateModelSize(const TrainingConfig &config, int features, std::optional<std::array<int, 3>> imageShape,
                            const std::vector<int> &headOutputs)
{
    const ModelConfig &model = config.model;
    ModelSize size;
    std::int64_t width = features;
    std::int64_t activations = features; // numbers per item kept for the backward pass
    if (model.kind == ModelKind::Mlp) {
        addDense(model, width, size, activations);
    } else if (model.kind == ModelKind::Cnn && imageShape) {
        std::int64_t channels = (*imageShape)[0], height = (*imageShape)[1], imageWidth = (*imageShape)[2];
        for (int out : model.channels) {
            size.parameters += channels * out * model.kernel * model.kernel + out + (model.batchNorm ? 2 * out : 0);
            activations += out * height * imageWidth; // before the 2x2 pooling
            height /= 2;
            imageWidth /= 2;
            channels = out;
        }
        width = channels * height * imageWidth;
        addDense(model, width, size, activations);
    }
    for (int outputs : headOutputs) {
        size.parameters += width * outputs + outputs;
        activations += outputs;
    }
    const bool adam = config.optimizer.kind != OptimizerKind::Sgd;
    const std::int64_t copies = 2 + (adam ? 2 : 1); // weights, gradients, optimizer state
    size.trainingBytes =
        kBytesPerNumber * (size.parameters * copies + std::int64_t(config.batchSize) * activations * 2);
    return size;
}

Status checkModelFits(const ModelSize &size, std::int64_t memoryBytes)
{
    if (memoryBytes <= 0 || size.trainingBytes <= memoryBytes)
        return success();
    return Error{QStringLiteral("the model would need about %1 to train (%2 parameters at this batch size), more than "
                                "this machine's %3 of memory; make model.hidden (or model.channels) smaller, or the "
                                "batch size")
                     .arg(gigabytes(size.trainingBytes), formatCount(size.parameters),
                          gigabytes(memoryBytes))};
}

std::int64_t physicalMemoryBytes()
{
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    return pages > 0 && pageSize > 0 ? std::int64_t(pages) * pageSize : 0;
}

} // namespace mb
