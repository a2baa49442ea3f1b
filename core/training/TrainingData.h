// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/TrainingConfig.h"
#include "core/data/Dataset.h"
#include "core/data/FeatureEncoder.h"
#include "core/data/Split.h"

#include <QJsonObject>
#include <QStringList>

#include <array>
#include <cstdint>
#include <memory>
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

// The split's rows ready to train on, held as tensors inside core/training: float features
// (encoded with the split's fitted encoding) and one target tensor per head (float [n, outputs],
// or class indices for cross-entropy), per part. Rows whose target is missing are left out.
// Callers outside core/training see only what they need: the heads, the counts and the dataset
// rows behind each part. Immutable once built, so copies share the data and are cheap.
class TrainingTensors {
public:
    TrainingTensors(); // no rows, no heads

    const std::vector<HeadSpec> &heads() const;
    int featureCount() const;
    std::optional<std::array<int, 3>> imageShape() const; // channels, height, width, for a CNN
    std::int64_t rowsWithoutTarget() const;
    std::int64_t rowCount(data::SplitPart part) const;
    // The dataset rows behind each row of `part`, so predictions can be tied back to their items.
    const std::vector<std::int64_t> &datasetRows(data::SplitPart part) const;
    // The part a finished run is judged on: the test rows, or the validation rows when the split
    // has no test rows; nothing when it has neither.
    std::optional<data::SplitPart> heldOutPart() const;

    // The tensors themselves, for core/training's own .cpp files (defined in TorchInternals_p.h).
    struct Impl;
    explicit TrainingTensors(std::shared_ptr<const Impl> impl);
    const Impl &impl() const { return *m_impl; }

private:
    std::shared_ptr<const Impl> m_impl; // never null
};

// `versionOptions` are the dataset version's import options (an IDX import records
// "image_shape"). Errors name the problem: a target that is not in the data, labels that do not
// fit the loss, class weights that do not match the classes, a CNN on data that are not images.
Result<TrainingTensors> buildTrainingTensors(const data::Dataset &dataset, const std::vector<data::SplitPart> &split,
                                             const data::FeatureEncoding &encoding, const TrainingConfig &config,
                                             const QJsonObject &versionOptions);

// The same rows with their targets in the scaling of a model trained on other rows, whose heads
// are `modelHeads` (from its checkpoint): regression targets were standardised with the
// statistics of the rows at hand, the model speaks in those of its own training rows. The result
// carries `modelHeads`. Refused, saying why, when the heads do not match in number or a
// cross-entropy target has more classes than the model knows.
Result<TrainingTensors> inModelScaling(const TrainingTensors &data, const std::vector<HeadSpec> &modelHeads);

} // namespace mb::training
