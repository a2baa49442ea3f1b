// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/RadixSort.h"

#include <cstddef>
#include <system_error>
#include <thread>

namespace mb {
namespace {

constexpr int kDigitBits = 11;
constexpr std::size_t kBuckets = std::size_t(1) << kDigitBits;
constexpr std::uint64_t kDigitMask = kBuckets - 1;
// From here the keys are split in two halves sorted by two threads: below, starting a thread per
// pass costs more than the half of a pass it takes over.
constexpr std::size_t kTwoThreadsFrom = std::size_t(1) << 17;

// Runs part(0) here and part(1) on a second thread, side by side; or part(0) alone for one part.
// Without a thread to start (a system out of them), the parts run one after the other: they
// touch disjoint data, so the order does not change the result.
template<typename Part>
void runParts(int parts, const Part &part)
{
    if (parts == 1) {
        part(0);
        return;
    }
    std::thread helper;
    try {
        helper = std::thread(part, 1);
    } catch (const std::system_error &) {
        part(1);
    }
    part(0);
    if (helper.joinable())
        helper.join();
}

} // namespace

void radixSortByHighBits(SortKeys &keys, int lowestBit)
{
    const int passes = (64 - lowestBit + kDigitBits - 1) / kDigitBits;
    const std::size_t n = keys.size();
    if (n < 2 || passes <= 0)
        return;
    const auto digit = [lowestBit](std::uint64_t key, int pass) {
        return std::size_t((key >> (lowestBit + pass * kDigitBits)) & kDigitMask);
    };

    // A stable LSD sort on one or two threads. With two, each pass scatters the first half of the
    // keys on this thread and the second half on the other, into places computed so the result is
    // exactly the one-thread order: for each digit, the first half's keys go before the second's.
    // That needs each half's digit counts: the first pass's come from one read of the keys, the
    // next pass's are counted as a pass writes, by which half each key lands in.
    const int parts = n >= kTwoThreadsFrom ? 2 : 1;
    const std::size_t middle = parts == 2 ? n / 2 : n;
    const std::size_t begins[3] = {0, middle, n};
    // counts[(part * passes + pass) * kBuckets + digit]: the keys of `part` with that digit.
    std::vector<std::size_t> counts(std::size_t(parts * passes) * kBuckets, 0);
    const auto countsOf = [&counts, passes](int part, int pass) {
        return counts.data() + std::size_t(part * passes + pass) * kBuckets;
    };
    runParts(parts, [&](int part) {
        for (std::size_t i = begins[part]; i < begins[part + 1]; ++i)
            for (int pass = 0; pass < passes; ++pass)
                ++countsOf(part, pass)[digit(keys[i], pass)];
    });

    // The passes that move keys: a digit shared by every key leaves the order as it stands (the
    // exponent bits of probabilities, for instance). How many keys have a digit holds in any order.
    std::vector<int> moving;
    for (int pass = 0; pass < passes; ++pass) {
        const std::size_t first = digit(keys[0], pass);
        std::size_t sharing = 0;
        for (int part = 0; part < parts; ++part)
            sharing += countsOf(part, pass)[first];
        if (sharing != n)
            moving.push_back(pass);
    }

    SortKeys buffer(n);
    std::vector<std::size_t> places(std::size_t(parts) * kBuckets);
    // With two parts, the next pass's digit counts by the half a key lands in, per writing thread:
    // landed[(writer * 2 + half) * kBuckets + digit].
    std::vector<std::size_t> landed(parts == 2 ? 4 * kBuckets : 0);
    for (std::size_t m = 0; m < moving.size(); ++m) {
        const int pass = moving[m];
        const int next = m + 1 < moving.size() ? moving[m + 1] : -1;
        std::size_t offset = 0;
        for (std::size_t b = 0; b < kBuckets; ++b)
            for (int part = 0; part < parts; ++part) {
                places[std::size_t(part) * kBuckets + b] = offset;
                offset += countsOf(part, pass)[b];
            }
        const bool countNext = parts == 2 && next >= 0;
        if (countNext)
            std::fill(landed.begin(), landed.end(), std::size_t(0));
        runParts(parts, [&](int part) {
            std::size_t *place = places.data() + std::size_t(part) * kBuckets;
            const std::uint64_t *from = keys.data();
            std::uint64_t *to = buffer.data();
            if (!countNext) {
                for (std::size_t i = begins[part]; i < begins[part + 1]; ++i)
                    to[place[digit(from[i], pass)]++] = from[i];
                return;
            }
            std::size_t *counted = landed.data() + std::size_t(part) * 2 * kBuckets;
            for (std::size_t i = begins[part]; i < begins[part + 1]; ++i) {
                const std::uint64_t key = from[i];
                const std::size_t at = place[digit(key, pass)]++;
                to[at] = key;
                ++counted[std::size_t(at >= middle) * kBuckets + digit(key, next)];
            }
        });
        if (countNext)
            for (int half = 0; half < 2; ++half) {
                std::size_t *into = countsOf(half, next);
                for (std::size_t b = 0; b < kBuckets; ++b)
                    into[b] = landed[std::size_t(half) * kBuckets + b] + landed[(2 + std::size_t(half)) * kBuckets + b];
            }
        keys.swap(buffer);
    }
}

} // namespace mb
