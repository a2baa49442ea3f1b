// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/Split.h"
#include "core/evaluation/LatencyProfile.h"
#include "core/training/Checkpoint.h"
#include "core/training/TrainingData.h"

#include <QJsonObject>
#include <QString>

#include <utility>
#include <vector>

namespace mb::training {

// Per-item predictions of `model` for the rows of `part` of `data` (whose targets must be in the
// model's scaling: its own data, or inModelScaling), as named columns of doubles, one value per
// row in the order of data.datasetRows(part), in the units of the data:
//   label:<t>      the true label (class index, 0/1, or the value)
//   score:<t>      what items are ranked and thresholded by: the probability of the positive class
//                  (binary), the highest class probability (multiclass), or the predicted value
//   predicted:<t>  the predicted class (probability >= 0.5 for BCE, the most probable class) or value
//   prob:<t>:<k>   multiclass: the probability of class k
std::vector<std::pair<QString, std::vector<double>>> predictionColumns(LoadedModel &model, const TrainingTensors &data,
                                                                       data::SplitPart part);

// Inference latency of `model` on the rows of `part` of `data`, as a distribution: single items
// (batch 1) over at least `calls` timed calls after a warm-up, then batches of 256; percentiles in
// milliseconds, throughput in items per second, and the single-item samples for a histogram.
using LatencyProfile = evaluation::LatencyProfile;
LatencyProfile measureLatency(LoadedModel &model, const TrainingTensors &data, data::SplitPart part, qint64 modelBytes,
                              int calls = 1000);

using evaluation::nearestRankPercentile;

} // namespace mb::training
