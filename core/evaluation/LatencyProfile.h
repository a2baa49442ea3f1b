// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>

#include <vector>

namespace mb::evaluation {

// Inference latency as a distribution, in the shape every evaluation stores (`evaluations.latency`):
// single items (batch 1) and batches of 256 in milliseconds, throughput in items per second, the
// model's size, and the single-item samples for a histogram. The worker times its own network
// (training::measureLatency); an external run brings its own samples (`log predictions
// --latency-ms`), which then have no batch of 256 and no throughput.
// Thread contract: a value type.
struct LatencyProfile {
    std::vector<double> batch1Ms;
    std::vector<double> batch256Ms; // empty: not measured, left out of the JSON
    double itemsPerSecond = 0;      // 0: not measured, left out of the JSON
    qint64 modelBytes = 0;
    QJsonObject toJson() const;
};

// Nearest-rank percentile `p` (0..100) of `values`; NaN for no values.
double nearestRankPercentile(std::vector<double> values, double p);

} // namespace mb::evaluation
