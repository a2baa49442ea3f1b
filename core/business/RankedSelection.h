// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"
#include "core/Result.h"
#include "core/business/ItemSelection.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace mb::business {

// The ranking rules of ItemSelection.h in the forms the fast kernels need.

// A top-k or top-fraction selection of n items, the ranking left to `rank`: checks the parameter
// as selectItems does, decides k (capped at n, with a note), calls rank(k, boundary) for the rows
// of the k best items (ascending, as topKRows gives them, with their boundary), and notes a tie
// split at the boundary. selectItems ranks the table's scores with it; the Trade-offs engine
// ranks a weighted sum of two models' scores (core/tradeoff/WeightedRanking.h).
using TopRanker = std::function<Result<std::vector<std::uint32_t>>(std::size_t k, TopKBoundary &boundary)>;
Result<ItemSelection> selectTop(Selection kind, double parameter, std::size_t n, const TopRanker &rank);

// rankAllRows, and also where each distinct score's items end in that order (exclusive,
// ascending; the last is n): a threshold curve's points, so that it need not read the scores back
// in rank order.
std::vector<std::uint32_t> rankAllRows(const std::vector<double> &scores, std::vector<std::uint32_t> *distinctEnds);

} // namespace mb::business
