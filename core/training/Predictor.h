// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/training/Network.h"
#include "core/training/TrainingData.h"

#include <QJsonObject>
#include <QString>

#include <utility>
#include <vector>

namespace mb::training {

// Per-item predictions of `network` for the rows `x` (labels `ys`, one tensor per head), as named
// columns of doubles in the units of the data:
//   label:<t>      the true label (class index, 0/1, or the value)
//   score:<t>      what items are ranked and thresholded by: the probability of the positive class
//                  (binary), the highest class probability (multiclass), or the predicted value
//   predicted:<t>  the predicted class (probability >= 0.5 for BCE, the most probable class) or value
//   prob:<t>:<k>   multiclass: the probability of class k
std::vector<std::pair<QString, std::vector<double>>> predictionColumns(Network &network,
                                                                       const std::vector<HeadSpec> &heads,
                                                                       const torch::Tensor &x,
                                                                       const std::vector<torch::Tensor> &ys);

// Inference latency as a distribution: single items (batch 1) over at least `calls` timed calls
// after a warm-up, then batches of 256; percentiles in milliseconds, throughput in items per
// second, and the single-item samples for a histogram.
struct LatencyProfile {
    std::vector<double> batch1Ms;
    std::vector<double> batch256Ms;
    double itemsPerSecond = 0;
    qint64 modelBytes = 0;
    QJsonObject toJson() const;
};
LatencyProfile measureLatency(Network &network, const torch::Tensor &x, qint64 modelBytes, int calls = 1000);

double percentile(std::vector<double> values, double p); // nearest-rank on sorted values

} // namespace mb::training
