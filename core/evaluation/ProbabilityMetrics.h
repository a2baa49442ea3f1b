// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Metrics over predicted probabilities: log loss and the calibration curve. Each matches
// scikit-learn 1.2.1 (docs/METRICS.md names the function and arguments).
// Thread contract: pure functions, reentrant.

#include "core/Result.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace mb::evaluation {

// scikit-learn 1.2's default log_loss eps="auto": np.finfo(float64).eps, 2.22e-16. (Before 1.2
// the default was 1e-15; pass that to reproduce older results.)
constexpr double logLossAutoEps = std::numeric_limits<double>::epsilon();

// log_loss(y_true, y_prob, labels=[0, 1], eps=eps): the mean of -ln q over items, where q is the
// probability given to the true class after clipping p to [eps, 1 - eps] and renormalising the
// pair (1 - p, p). Probabilities of exactly 0 or 1 stay finite; a single class in `yTrue` is
// fine (labels are known). `yTrue` is 0/1, `probabilities` the positive class's.
// Linear time.
Result<double> logLoss(const std::vector<int> &yTrue, const std::vector<double> &probabilities,
                       double eps = logLossAutoEps);

// log_loss(y_true, y_prob, labels=range(classCount), eps=eps). `probabilities` is row-major,
// one row of `classCount` per item; each value is clipped to [eps, 1 - eps] and each row then
// divided by its sum (rows that do not sum to 1 are renormalised silently, as in 1.2).
// Linear time.
Result<double> multiclassLogLoss(const std::vector<int> &yTrue, const std::vector<double> &probabilities,
                                 std::size_t classCount, double eps = logLossAutoEps);

enum class CalibrationStrategy {
    Uniform,  // bins of equal width over [0, 1]
    Quantile, // bin edges at the quantiles of the probabilities (numpy's linear percentile)
};

// calibration_curve(y_true, y_prob, n_bins=binCount, strategy=...): per non-empty bin, in
// increasing probability, the fraction of positive items and the mean probability. Empty bins
// are dropped, so there may be fewer than `binCount` points. An item exactly on an inner edge
// belongs to the lower bin. Probabilities must be in [0, 1]. O(n) (Uniform) or O(n log n).
struct CalibrationCurve {
    std::vector<double> fractionOfPositives; // prob_true
    std::vector<double> meanPredicted;       // prob_pred
    std::vector<std::int64_t> counts;        // items in each kept bin
};
Result<CalibrationCurve> calibrationCurve(const std::vector<int> &yTrue, const std::vector<double> &probabilities,
                                          int binCount = 5,
                                          CalibrationStrategy strategy = CalibrationStrategy::Uniform);

} // namespace mb::evaluation
