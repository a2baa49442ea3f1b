// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/LargePageAllocator.h"

#include <cstdint>
#include <vector>

namespace mb {

// The keys sorted: in large pages, for the TLB (core/LargePageAllocator).
using SortKeys = std::vector<std::uint64_t, LargePageAllocator<std::uint64_t>>;

// Sorts `keys` by their bits [lowestBit, 64) with a stable LSD radix sort, 11 bits a pass,
// skipping passes where every key has the same digit (the exponent bits of probabilities, for
// instance). Keys equal in those bits keep their order, so the bits below lowestBit can carry a
// payload (a row index) that stays in input order among ties. Linear, and several times faster
// than std::sort on a million keys; from 2^17 keys each pass runs on two threads. Used by the ML
// metrics' threshold counts and the business curves' ranking. Thread contract: reentrant.
void radixSortByHighBits(SortKeys &keys, int lowestBit = 0);

} // namespace mb
