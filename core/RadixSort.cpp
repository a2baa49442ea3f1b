// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/RadixSort.h"

#include <cstddef>

namespace mb {

void radixSortByHighBits(std::vector<std::uint64_t> &keys, int lowestBit)
{
    constexpr int digitBits = 11;
    constexpr std::size_t buckets = std::size_t(1) << digitBits;
    constexpr std::uint64_t mask = buckets - 1;
    const int passes = (64 - lowestBit + digitBits - 1) / digitBits;
    const std::size_t n = keys.size();
    if (n < 2 || passes <= 0)
        return;
    std::vector<std::size_t> histogram(std::size_t(passes) * buckets, 0);
    for (const std::uint64_t key : keys)
        for (int pass = 0; pass < passes; ++pass)
            ++histogram[std::size_t(pass) * buckets + ((key >> (lowestBit + pass * digitBits)) & mask)];
    std::vector<std::uint64_t> buffer(n);
    for (int pass = 0; pass < passes; ++pass) {
        std::size_t *counts = histogram.data() + std::size_t(pass) * buckets;
        const int shift = lowestBit + pass * digitBits;
        if (counts[(keys[0] >> shift) & mask] == n)
            continue; // one digit for all: the order stands
        std::size_t offset = 0;
        for (std::size_t b = 0; b < buckets; ++b) {
            const std::size_t count = counts[b];
            counts[b] = offset;
            offset += count;
        }
        for (const std::uint64_t key : keys)
            buffer[counts[(key >> shift) & mask]++] = key;
        keys.swap(buffer);
    }
}

} // namespace mb
