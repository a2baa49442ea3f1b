// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Helpers shared by the metric units: numpy-faithful sums, input checks that name the problem,
// and the per-threshold counts behind every ROC and precision-recall computation.
// Not part of the metrics API. Thread contract: pure functions, reentrant.

#include "core/Result.h"

#include <QString>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace mb::evaluation::detail {

// numpy 1.24's float64 `add.reduce` over a contiguous array: blocks of 8192 values (the
// iterator's buffer) added in order, each block summed pairwise (8 accumulators up to 128
// values, halving above). scikit-learn's means and sums go through it, so using the same order
// reproduces its results to the last bit where the per-item terms are the same.
double numpySum(const double *values, std::size_t count);
inline double numpySum(const std::vector<double> &values)
{
    return numpySum(values.data(), values.size());
}
// np.mean: numpySum / count. `values` must not be empty.
inline double numpyMean(const std::vector<double> &values)
{
    return numpySum(values) / double(values.size());
}

// Checks returning the error to report, or nothing when the input is acceptable.
std::optional<Error> checkNotEmpty(const QString &name, std::size_t size);
std::optional<Error> checkSameLength(const QString &nameA, std::size_t sizeA, const QString &nameB, std::size_t sizeB);
std::optional<Error> checkFinite(const QString &name, const std::vector<double> &values);
// Every value is 0 or 1.
std::optional<Error> checkBinary(const QString &name, const std::vector<int> &values);
// A row-major matrix of `columns` columns holding `rows` rows.
std::optional<Error> checkMatrix(const QString &name, std::size_t size, std::size_t rows, std::size_t columns);
// Every value is a class index in [0, classCount).
std::optional<Error> checkClassIndices(const QString &name, const std::vector<int> &values, std::size_t classCount);

// Binary labels (0/1) and one finite value per item, named `valuesName` in messages.
std::optional<Error> checkBinaryAndValues(const std::vector<int> &yTrue, const QString &valuesName,
                                          const std::vector<double> &values);
// Class indices and a row-major n x classCount matrix of finite probabilities, for `metric`.
std::optional<Error> checkClassProbabilities(const QString &metric, const std::vector<int> &yTrue,
                                             const std::vector<double> &probabilities, std::size_t classCount);

// Sorts finite values into increasing order (radix sort, linear time).
void sortAscending(std::vector<double> &values);

// scikit-learn's _binary_clf_curve: the distinct scores in decreasing order, and the cumulative
// false and true positives of predicting positive at each of them (score >= threshold).
struct ThresholdCounts {
    std::vector<double> thresholds;
    std::vector<std::int64_t> falsePositives;
    std::vector<std::int64_t> truePositives;
};
// From the scores of the positive items and those of the negative ones (finite numbers; -0 and
// +0 are one threshold). Radix-sorts each list once: O(n), about 15 ms for 10^6 items.
ThresholdCounts thresholdCounts(const std::vector<double> &positiveScores, const std::vector<double> &negativeScores);

} // namespace mb::evaluation::detail
