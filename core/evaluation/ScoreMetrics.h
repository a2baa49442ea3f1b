// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Metrics over scores that rank items: ROC curve and ROC AUC (binary and one-vs-rest),
// precision-recall curve, average precision and PR AUC. Each matches scikit-learn 1.2.1
// (docs/METRICS.md names the function and arguments). Binary labels are 0 (negative) and
// 1 (positive); scores are any finite numbers, higher meaning more likely positive.
// Where scikit-learn raises, or only warns and returns a meaningless value (a single class
// present), these return an Error saying why.
// Thread contract: pure functions, reentrant. Each sorts the items once: O(n log n).

#include "core/Result.h"

#include <cstddef>
#include <vector>

namespace mb::evaluation {

// roc_curve(y_true, y_score) with its default drop_intermediate=True: the points where the
// curve changes direction, starting at (0, 0) with threshold max(score) + 1.
struct RocCurve {
    std::vector<double> falsePositiveRate;
    std::vector<double> truePositiveRate;
    std::vector<double> thresholds; // decreasing
};
Result<RocCurve> rocCurve(const std::vector<int> &yTrue, const std::vector<double> &scores);

// roc_auc_score(y_true, y_score): the trapezoidal area under roc_curve, so tied scores count
// as half-right. All scores tied gives 0.5. Only one class in `yTrue` is an error.
Result<double> rocAuc(const std::vector<int> &yTrue, const std::vector<double> &scores);

enum class Average {
    Macro,    // unweighted mean of the per-class values
    Weighted, // mean weighted by each class's number of true items
    Micro,    // one binary problem over every (item, class) pair
};

// roc_auc_score(y_true, y_prob, multi_class="ovr", average=..., labels=range(classCount)).
// `probabilities` is row-major, one row of `classCount` class probabilities per item; each row
// must sum to 1 (np.allclose). `yTrue` holds class indices 0..classCount-1. With Macro or
// Weighted, a class with no true items (or only true items) is an error, as in scikit-learn.
// Two classes give rocAuc(yTrue, column 1) whatever the average (scikit-learn's binary form).
Result<double> rocAucOneVsRest(const std::vector<int> &yTrue, const std::vector<double> &probabilities,
                               std::size_t classCount, Average average);

// precision_recall_curve(y_true, probas_pred): one point per distinct score, by increasing
// threshold, then the final point (precision 1, recall 0) with no threshold. Precision is 0
// where nothing is predicted positive. No positive item is an error (scikit-learn warns and
// sets recall to 1).
struct PrecisionRecallCurve {
    std::vector<double> precision;
    std::vector<double> recall;
    std::vector<double> thresholds; // increasing; one fewer than the points
};
Result<PrecisionRecallCurve> precisionRecallCurve(const std::vector<int> &yTrue, const std::vector<double> &scores);

// average_precision_score(y_true, y_score): sum over thresholds of (R_n - R_n-1) * P_n, the
// step-wise sum without interpolation. No positive item is an error (scikit-learn warns and
// returns 0).
Result<double> averagePrecision(const std::vector<int> &yTrue, const std::vector<double> &scores);

// auc(recall, precision) over precision_recall_curve: the trapezoidal area, which runs from
// the (recall 0, precision 1) point and is optimistic next to average precision. No positive
// item is an error.
Result<double> prAuc(const std::vector<int> &yTrue, const std::vector<double> &scores);

} // namespace mb::evaluation
