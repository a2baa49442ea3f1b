// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"
#include "core/Result.h"
#include "core/business/PredictionTable.h"

#include <QStringList>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mb::business {

// Which items a business metric looks at.
//   all                 every item;
//   predicted positive  items with score >= threshold;
//   top-k               the k items with the highest scores (a budget: "we can contact 800
//                       customers"); k larger than the table selects every item, with a note;
//   top fraction        the top ceil(fraction * n) items (see itemsForFraction).
// Ranking is deterministic: a higher score first; among equal scores, the lower row first. So a
// tie at the budget's boundary takes the earliest rows, and the same table always gives the same
// selection.
struct ItemSelection {
    std::vector<std::uint32_t> rows; // ascending
    std::size_t items = 0;           // the table's size
    QStringList notes;               // what the user should know: k capped, ties split
};

// Errors: a parameter that does not fit the kind (k below 1 or not whole, a fraction outside
// (0, 1], a threshold that is not a number), and a score that is not a finite number for a kind
// that reads scores (named by row and item).
Result<ItemSelection> selectItems(Selection kind, double parameter, const PredictionTable &table);

// The number of items in the top `fraction` of n: ceil(fraction * n), except that a product
// within 1e-9 of a whole number is that number (0.07 * 100 is 7.000000000000001 in doubles and
// must select 7, not 8). At least 1 when n > 0.
std::size_t itemsForFraction(double fraction, std::size_t n);

// Where a top-k selection stops: the k-th largest score, how many rows score above it, how many
// equal it, and how many of those were taken (the earliest rows).
struct TopKBoundary {
    double score = 0.0;
    std::size_t above = 0;
    std::size_t tied = 0;
    std::size_t tiesTaken = 0;
};

// The rows of the k highest scores, ascending, in O(n): radix selection on the scores' bits
// (two streaming passes over the scores, then work on the few rows near the boundary), so the
// k-th largest is found without sorting or copying the scores. Every row above it is taken, and
// the earliest rows equal to it. A k above scores.size() takes every row. A score that is NaN or
// infinite sets `*allFinite` to false and returns no rows (without `allFinite`, every score must
// be finite).
std::vector<std::uint32_t> topKRows(const std::vector<double> &scores, std::size_t k, TopKBoundary *boundary = nullptr,
                                    bool *allFinite = nullptr);

// Orders `rows` by rank: higher score first, then lower row. For showing a top-k list.
void sortByRank(std::vector<std::uint32_t> &rows, const std::vector<double> &scores);

// Every row by rank (higher score first, then lower row; -0 and +0 are one score), in O(n) by
// radix sort: the order the threshold and gain curves walk.
std::vector<std::uint32_t> rankAllRows(const std::vector<double> &scores);

// An error naming the first row whose score is not finite, or success.
Status checkScoresFinite(const PredictionTable &table);

} // namespace mb::business
