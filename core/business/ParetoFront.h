// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Pareto front of points in two metrics, each with its own direction: the points no other
// point dominates. A dominates B when A is at least as good in both metrics and strictly better
// in one. Used for runs on the Compare page and for the weight sweep on the Trade-offs page.
// Thread contract: pure function, reentrant. O(n log n).

#include "core/Framing.h"

#include <cstddef>
#include <vector>

namespace mb::business {

// The indices of the non-dominated points, ordered by x ascending (then y ascending). Points with
// a coordinate that is not finite are never on the front and dominate nothing. Equal points are
// all on the front (none is strictly better).
std::vector<std::size_t> paretoFront(const std::vector<double> &x, Direction xDirection, const std::vector<double> &y,
                                     Direction yDirection);

} // namespace mb::business
