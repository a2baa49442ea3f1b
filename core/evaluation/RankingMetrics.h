// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Ranking metrics over graded relevance (>= 0) and scores, for one query or averaged over
// queries: NDCG@k as scikit-learn 1.2.1's ndcg_score, and precision@k (which scikit-learn does
// not have) defined with the same tie averaging. docs/METRICS.md gives the definitions.
// Thread contract: pure functions, reentrant. O(n log n).

#include "core/Result.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mb::evaluation {

// ndcg_score([relevance], [scores], k=k) with its default ignore_ties=False: items with equal
// scores share the average of their gains over the positions they span. Gains are the
// relevance values themselves (not 2^rel - 1), discounts 1 / log2(position + 1), and the
// ideal ranking sorts by relevance. A query whose relevance is all 0 scores 0. k >= 1; a k at
// or beyond the item count is NDCG over all items. At least 2 items are needed (scikit-learn
// refuses a single column); negative relevance is an error (1.2 warns, 1.4 raises).
Result<double> ndcgAtK(const std::vector<double> &relevance, const std::vector<double> &scores, std::size_t k);

// Precision@k: the expected number of relevant items (relevance > 0) among the k best-scored,
// divided by k. A group of tied scores straddling position k contributes its relevant items in
// proportion to the positions it has inside the top k, the expectation over tie orders (as
// ndcg_score averages ties). Fewer than k items still divide by k (trec_eval's P@k).
Result<double> precisionAtK(const std::vector<double> &relevance, const std::vector<double> &scores, std::size_t k);

// The mean over queries of ndcgAtK / precisionAtK, each item belonging to the query
// `queryIds[i]` (items of a query need not be adjacent). For queries of equal length this is
// ndcg_score(R, S, k=k) with one row per query. Errors name the query.
Result<double> meanNdcgAtK(const std::vector<double> &relevance, const std::vector<double> &scores,
                           const std::vector<std::int64_t> &queryIds, std::size_t k);
Result<double> meanPrecisionAtK(const std::vector<double> &relevance, const std::vector<double> &scores,
                                const std::vector<std::int64_t> &queryIds, std::size_t k);

} // namespace mb::evaluation
