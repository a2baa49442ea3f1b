// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Spearman's rank correlation, as scipy.stats.spearmanr(x, y).correlation (scipy 1.10): the
// Pearson correlation of the two samples' ranks, tied values sharing their average rank
// (scipy.stats.rankdata's "average" method). The Compare page shows it for an ML metric against
// a business metric across runs. Thread contract: pure functions, reentrant. O(n log n).

#include "core/Result.h"

#include <vector>

namespace mb::evaluation {

// Ranks 1..n, ties averaged: rankdata(values, method="average"). NaN is not ranked here: callers
// drop pairs with a missing value first.
std::vector<double> averageRanks(const std::vector<double> &values);

// Errors (where scipy returns nan): samples of different lengths, fewer than two pairs, a value
// that is not finite, or a sample whose values are all equal (its ranks have no variance).
Result<double> spearmanCorrelation(const std::vector<double> &x, const std::vector<double> &y);

} // namespace mb::evaluation
