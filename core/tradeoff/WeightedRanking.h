// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/business/ItemSelection.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mb::tradeoff {

// An item's score under the weights: alpha * a + beta * b, rounded as written (two products, one
// sum). The one definition every ranking of the Trade-offs engine uses.
double weightedScore(double alpha, double a, double beta, double b);

// Every item's weighted score, into `out` (resized to a's size).
void weightScores(double alpha, const std::vector<double> &a, double beta, const std::vector<double> &b,
                  std::vector<double> &out);

// The top k items of two objectives' scores a and b by weightedScore(alpha, a, beta, b), for any
// weights, without computing every item's exact score: the same rows, in the same order, with
// the same boundary as business::topKRows over the exact weighted scores (ties to the lower row).
//
// Why: re-ranking 10 million items per slider move must fit a frame (16 ms). Computing and
// writing 10 M doubles and radix-selecting them reads and writes ~400 MB; this reads 80 MB.
//
// How, exactly: float32 copies of a and b (8 bytes an item instead of 16) give an approximate
// score t per item, computed in float32, with a proven bound E on |t - s|, s the exact score (the
// float copies' largest rounding error, the weights' and both sums' roundings; see errorBound()).
// Then
//   1. a sample of the items (65 536, in runs of 256 spread over the rows) estimates a threshold
//      tau a little below the k-th largest t;
//   2. one pass over the float copies collects the candidates, the rows with t >= tau;
//   3. the candidates' exact scores s (from the doubles) are ranked by business::topKRows.
// The result is the true top k when the k-th largest exact score among the candidates is at
// least tau + E: every other item has s < t + E < tau + E, so none of them can rank in, or tie
// at, the boundary. That is checked on every call; when it fails (the sample was unlucky, or the
// weights are so large that a score may overflow) the exact path runs instead: every item's
// double score, ranked by business::topKRows. Either way the answer is the exact one; only the
// time differs.
//
// Thread contract: const after construction; topKRows() may run on several threads at once.
class WeightedRanking {
public:
    WeightedRanking() = default;
    // a and b of equal length, every value finite (TradeoffEngine::create checks both).
    WeightedRanking(std::vector<double> a, std::vector<double> b);

    std::size_t size() const { return m_a.size(); }
    const std::vector<double> &a() const { return m_a; }
    const std::vector<double> &b() const { return m_b; }

    // The rows of the k largest weighted scores, ascending (business::topKRows' contract: every
    // row above the k-th largest score, and the earliest rows equal to it). A weighted score that
    // is not finite (weights so large they overflow) sets *allFinite to false and returns no rows.
    // `threads` > 1 splits the candidate pass (2) over that many threads; the rows are the same.
    std::vector<std::uint32_t> topKRows(double alpha, double beta, std::size_t k, business::TopKBoundary *boundary,
                                        bool *allFinite, int threads = 1) const;

private:
    // The bound E on |t - s| for these weights, or a negative number when the fast path does not
    // apply (a score may overflow).
    double errorBound(double alpha, double beta) const;
    std::vector<std::uint32_t> exactTopKRows(double alpha, double beta, std::size_t k,
                                             business::TopKBoundary *boundary, bool *allFinite) const;

    std::vector<double> m_a;
    std::vector<double> m_b;
    std::vector<float> m_aApprox; // a rounded to float32
    std::vector<float> m_bApprox;
    double m_aError = 0.0; // max |a - aApprox|
    double m_bError = 0.0;
    double m_aLargest = 0.0; // max of |a| and |aApprox|
    double m_bLargest = 0.0;
    bool m_approximable = false; // every value fits a float32
};

} // namespace mb::tradeoff
