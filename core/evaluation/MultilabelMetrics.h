// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Multilabel metrics over 0/1 indicator matrices, row-major with one row of `labelCount`
// entries per item. Each matches scikit-learn 1.2.1 (docs/METRICS.md).
// Thread contract: pure functions, reentrant. Linear time.

#include "core/Result.h"

#include <cstddef>
#include <vector>

namespace mb::evaluation {

// accuracy_score(Y_true, Y_pred) on indicator matrices: the fraction of items whose whole
// label set is predicted exactly.
Result<double> subsetAccuracy(const std::vector<int> &yTrue, const std::vector<int> &yPred, std::size_t labelCount);

// hamming_loss(Y_true, Y_pred): the fraction of (item, label) entries predicted wrongly.
Result<double> hammingLoss(const std::vector<int> &yTrue, const std::vector<int> &yPred, std::size_t labelCount);

} // namespace mb::evaluation
