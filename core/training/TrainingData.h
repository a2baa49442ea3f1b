// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/TrainingConfig.h"
#include "core/data/Dataset.h"
#include "core/data/FeatureEncoder.h"
#include "core/data/Split.h"

#include <QJsonObject>
#include <QStringList>

#include <torch/types.h>

#include <array>
#include <optional>
#include <vector>

namespace mb::training {

// One output head of the network and what it learns: every task has one head except
// two-objective ranking, which has one per objective (the two-head model of Approach 1).
struct HeadSpec {
    QString name; // the target, or "labels" for a multilabel head
    LossConfig loss;
    QStringList targets; // the dataset columns it predicts
    int outputs = 1;     // logits or values
    int classes = 0;     // cross-entropy: the number of classes
    // Regression targets are learned standardised (fitted on the training rows) so that one
    // learning rate suits any unit; predictions are mapped back with these.
    double targetMean = 0;
    double targetScale = 1;

    bool isRegression() const;
    QJsonObject toJson() const;
    static Result<HeadSpec> fromJson(const QJsonObject &json);
};

// The split's rows as tensors, ready to train on: float features (encoded with the split's
// fitted encoding) and one target tensor per head (float [n, outputs], or int64 class indices
// [n] for cross-entropy). Rows whose target is missing are left out.
struct TrainingTensors {
    torch::Tensor trainX, validationX, testX;
    std::vector<torch::Tensor> trainY, validationY, testY; // one per head
    std::vector<HeadSpec> heads;
    int featureCount = 0;
    std::optional<std::array<int, 3>> imageShape; // channels, height, width, for a CNN
    std::int64_t rowsWithoutTarget = 0;
    // The dataset rows behind each tensor row, so predictions can be tied back to their items.
    std::vector<std::int64_t> trainRows, validationRows, testRows;
};

// `versionOptions` are the dataset version's import options (an IDX import records
// "image_shape"). Errors name the problem: a target that is not in the data, labels that do not
// fit the loss, class weights that do not match the classes, a CNN on data that are not images.
Result<TrainingTensors> buildTrainingTensors(const data::Dataset &dataset, const std::vector<data::SplitPart> &split,
                                             const data::FeatureEncoding &encoding, const TrainingConfig &config,
                                             const QJsonObject &versionOptions);

} // namespace mb::training
