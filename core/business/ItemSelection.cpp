// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/business/ItemSelection.h"

#include "core/business/RankedSelection.h"

#include "core/RadixSort.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <utility>

namespace mb::business {
namespace {

// The top k is found by radix selection on the scores' bits rather than by nth_element:
// nth_element on a copy of a million doubles cost ~15-20 ms on the 2-core machine, more than the
// whole budget, while counting buckets streams through the scores twice. Each level counts 16
// bits of a key into 65 536 buckets (256 KiB of counts, cache-resident).
constexpr int kRadixBits = 16;
constexpr std::size_t kBuckets = std::size_t(1) << kRadixBits;
// Candidates left in the boundary bucket below this many are ranked directly.
constexpr std::size_t kFewCandidates = 4096;

// A key whose unsigned order is the scores' numeric order: flip every bit of a negative number,
// only the sign bit of a positive one. Equal numbers have equal keys (-0.0 is made +0.0 first),
// so ties stay together through every level. Infinities and NaN land in the 16 lowest and 16
// highest top-level buckets, which is how the first pass also checks that scores are finite.
inline std::uint64_t orderedKey(double v)
{
    v += 0.0; // -0.0 + 0.0 is +0.0: the two zeros compare equal, so they must share a key
    std::uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    return (bits >> 63) ? ~bits : (bits | (std::uint64_t(1) << 63));
}

inline std::size_t topBucket(double v)
{
    return std::size_t(orderedKey(v) >> (64 - kRadixBits));
}

// -inf and negative NaNs fill the lowest 16 top-level buckets, +inf and NaNs the highest 16.
constexpr std::size_t kNonFiniteBuckets = 0x10;

struct Candidate {
    std::uint64_t key;
    std::uint32_t row;
};

// From the top bucket down, the bucket where the k-th largest falls; `above` gets the count of
// everything in higher buckets.
std::size_t boundaryBucket(const std::vector<std::uint32_t> &counts, std::size_t k, std::size_t &above)
{
    above = 0;
    std::size_t bucket = kBuckets - 1;
    while (above + counts[bucket] < k) {
        above += counts[bucket];
        --bucket;
    }
    return bucket;
}

QString formatScore(double v)
{
    return QString::number(v, 'g', 10);
}

} // namespace

std::size_t itemsForFraction(double fraction, std::size_t n)
{
    if (n == 0)
        return 0;
    const double exact = fraction * double(n);
    const double nearest = std::round(exact);
    std::size_t k =
        std::abs(exact - nearest) <= 1e-9 * std::max(1.0, exact) ? std::size_t(nearest) : std::size_t(std::ceil(exact));
    return std::clamp<std::size_t>(k, 1, n);
}

std::vector<std::uint32_t> topKRows(const std::vector<double> &scores, std::size_t k, TopKBoundary *info,
                                    bool *allFinite)
{
    const std::size_t n = scores.size();
    k = std::min(k, n);
    if (info)
        *info = TopKBoundary{};
    if (allFinite)
        *allFinite = true;
    std::vector<std::uint32_t> rows;
    if (k == 0)
        return rows;

    // Level 1, straight over the scores: count the top 16 bits of every key.
    std::vector<std::uint32_t> counts(kBuckets, 0);
    for (double v : scores)
        ++counts[topBucket(v)];
    for (std::size_t j = 0; j < kNonFiniteBuckets; ++j) {
        if (counts[j] || counts[kBuckets - 1 - j]) {
            if (allFinite)
                *allFinite = false;
            return rows;
        }
    }
    std::size_t above = 0;
    const std::size_t top = boundaryBucket(counts, k, above);
    std::size_t need = k - above; // still to take from the boundary bucket

    // Every row of a higher bucket is in, in row order; the boundary bucket's rows are candidates.
    rows.reserve(k);
    std::vector<Candidate> candidates;
    candidates.reserve(counts[top]);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t key = orderedKey(scores[i]);
        const std::size_t bucket = std::size_t(key >> (64 - kRadixBits));
        if (bucket > top)
            rows.push_back(std::uint32_t(i));
        else if (bucket == top)
            candidates.push_back(Candidate{key, std::uint32_t(i)});
    }

    // Scores packed into a narrow range share their top bits: refine on the next 16 bits, and the
    // next, while many candidates remain. Filtering keeps the candidates in row order.
    std::vector<std::uint32_t> refined; // rows taken at the deeper levels, in row order per level
    std::size_t aboveAll = above;
    for (int shift = 64 - 2 * kRadixBits; shift >= 0 && candidates.size() > kFewCandidates; shift -= kRadixBits) {
        std::fill(counts.begin(), counts.end(), 0);
        for (const Candidate &c : candidates)
            ++counts[std::size_t(c.key >> shift) & (kBuckets - 1)];
        std::size_t levelAbove = 0;
        const std::size_t bucket = boundaryBucket(counts, need, levelAbove);
        std::size_t kept = 0;
        for (const Candidate &c : candidates) {
            const std::size_t b = std::size_t(c.key >> shift) & (kBuckets - 1);
            if (b > bucket)
                refined.push_back(c.row);
            else if (b == bucket)
                candidates[kept++] = c;
        }
        candidates.resize(kept);
        need -= levelAbove;
        aboveAll += levelAbove;
    }

    // The few left: higher key first, then the lower row — the ranking's tie-break, exactly.
    const auto ranksBefore = [](const Candidate &a, const Candidate &b) {
        return a.key > b.key || (a.key == b.key && a.row < b.row);
    };
    std::nth_element(candidates.begin(), candidates.begin() + std::ptrdiff_t(need - 1), candidates.end(), ranksBefore);
    const Candidate boundary = candidates[need - 1];
    TopKBoundary result{scores[boundary.row], aboveAll, 0, 0};
    for (const Candidate &c : candidates) {
        result.above += c.key > boundary.key;
        result.tied += c.key == boundary.key;
    }
    result.tiesTaken = k - result.above;
    if (info)
        *info = result;

    const std::size_t fromTop = rows.size();
    rows.insert(rows.end(), refined.begin(), refined.end());
    for (std::size_t i = 0; i < need; ++i)
        rows.push_back(candidates[i].row);
    std::sort(rows.begin() + std::ptrdiff_t(fromTop), rows.end());
    std::inplace_merge(rows.begin(), rows.begin() + std::ptrdiff_t(fromTop), rows.end());
    return rows;
}

void sortByRank(std::vector<std::uint32_t> &rows, const std::vector<double> &scores)
{
    std::sort(rows.begin(), rows.end(), [&scores](std::uint32_t a, std::uint32_t b) {
        return scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
    });
}

std::vector<std::uint32_t> rankAllRows(const std::vector<double> &scores, std::vector<std::uint32_t> *distinctEnds)
{
    // Rank = orderedKey descending, then row ascending, in three exact steps over 8-byte records
    // that hold the inverted key's high bits above and the row in the lowest rowBits bits (as few
    // as n needs: 20 for a million rows, leaving 44 key bits).
    // 0. The leading key bits every score shares (the sign and most of the exponent of
    //    probabilities: 7 bits for scores spread over [1e-6, 1]) order nothing: the records hold
    //    the key's bits below them, so their 44 bits are all bits that tell scores apart.
    // 1. A stable LSD radix sort (core/RadixSort) on the records' top kSortedBits bits, or all
    //    their key bits when fewer: three passes at most. Rows start ascending and the sort is
    //    stable, so they stay ascending among equal sorted bits.
    // 2. A run of records with equal sorted bits (a few items where scores are spread) is sorted
    //    whole, by the key bits below and then the row, both already in the records.
    // 3. Within that, items whose every key bit in the record ties (a repeated score, or scores
    //    apart only in their lowest bits) are ordered by the key's remaining low bits, read back from
    //    the scores, then the row.
    // Before step 0, the records' top bits were mostly the shared exponent: a fourth pass was
    // needed, and step 3 ran with random reads of the scores for most items of a million.
    constexpr int kSortedBits = 33; // three 11-bit radix passes
    const std::size_t n = scores.size();
    std::vector<std::uint32_t> rows(n);
    if (distinctEnds)
        distinctEnds->resize(n); // at most one end per item; cut to the count at the end
    std::size_t ends = 0;
    if (n == 0)
        return rows;
    int rowBits = 1;
    while ((std::uint64_t(1) << rowBits) < n)
        ++rowBits;
    const std::uint64_t rowMask = (std::uint64_t(1) << rowBits) - 1;
    const int sortedFrom = std::max(rowBits, 64 - kSortedBits);
    std::uint64_t anySet = 0, allSet = ~std::uint64_t(0);
    for (const double score : scores) {
        const std::uint64_t key = ~orderedKey(score);
        anySet |= key;
        allSet &= key;
    }
    const std::uint64_t differing = anySet ^ allSet;
    const int shared = differing ? __builtin_clzll(differing) : 0; // leading bits every key has alike
    SortKeys records(n);
    for (std::size_t i = 0; i < n; ++i)
        records[i] = (((~orderedKey(scores[i])) << shared) & ~rowMask) | std::uint64_t(i);
    radixSortByHighBits(records, sortedFrom);

    // Runs of records equal in `shift` bits and above, from `start`: the end of the run.
    const auto runEnd = [&records, n](std::size_t start, int shift) {
        const std::uint64_t prefix = records[start] >> shift;
        std::size_t end = start + 1;
        while (end < n && records[end] >> shift == prefix)
            ++end;
        return end;
    };
    std::uint32_t *endAt = distinctEnds ? distinctEnds->data() : nullptr;
    std::vector<std::pair<std::uint64_t, std::uint32_t>> tied; // (low key bits, row) of one tie
    for (std::size_t start = 0; start < n;) {
        const std::size_t end = runEnd(start, sortedFrom);
        if (end - start > 1 && sortedFrom > rowBits)
            std::sort(records.begin() + std::ptrdiff_t(start), records.begin() + std::ptrdiff_t(end));
        for (std::size_t first = start; first < end;) {
            const std::size_t last = runEnd(first, rowBits);
            for (std::size_t i = first; i < last; ++i)
                rows[i] = std::uint32_t(records[i] & rowMask);
            if (last - first == 1) {
                if (endAt)
                    endAt[ends++] = std::uint32_t(last);
                first = last;
                continue;
            }
            // The record's key bits tie: the order and the distinct scores come from every bit of
            // the key (the bits shifted out at step 0 are alike, so comparing them changes nothing).
            tied.clear();
            for (std::size_t i = first; i < last; ++i)
                tied.emplace_back((~orderedKey(scores[rows[i]])) & rowMask, rows[i]);
            if (!std::is_sorted(tied.begin(), tied.end())) {
                std::sort(tied.begin(), tied.end());
                for (std::size_t i = first; i < last; ++i)
                    rows[i] = tied[i - first].second;
            }
            if (endAt)
                for (std::size_t i = first; i < last; ++i)
                    if (i + 1 == last || tied[i + 1 - first].first != tied[i - first].first)
                        endAt[ends++] = std::uint32_t(i + 1);
            first = last;
        }
        start = end;
    }
    if (distinctEnds)
        distinctEnds->resize(ends);
    return rows;
}

std::vector<std::uint32_t> rankAllRows(const std::vector<double> &scores)
{
    return rankAllRows(scores, nullptr);
}

Status checkScoresFinite(const PredictionTable &table)
{
    const std::vector<double> &score = table.score;
    for (std::size_t i = 0; i < score.size(); ++i)
        if (!std::isfinite(score[i]))
            return Error{QStringLiteral("the score is %1 at %2: items are ranked and thresholded by "
                                        "their score, which must be a finite number")
                             .arg(formatScore(score[i]), table.describeRow(i))};
    return success();
}

Result<ItemSelection> selectTop(Selection kind, double parameter, std::size_t n, const TopRanker &rank)
{
    ItemSelection selection;
    selection.items = n;
    std::size_t k = 0;
    if (kind == Selection::TopK) {
        if (!(parameter >= 1) || std::floor(parameter) != parameter)
            return Error{QStringLiteral("the budget k must be a whole number of items, 1 or more (found %1)")
                             .arg(formatScore(parameter))};
        if (parameter > double(n)) {
            selection.notes << QStringLiteral("the budget k = %1 is more than the %2 items: all %2 are selected")
                                   .arg(formatScore(parameter))
                                   .arg(n);
            k = n;
        } else {
            k = std::size_t(parameter);
        }
    } else if (kind == Selection::TopFraction) {
        if (!(parameter > 0 && parameter <= 1))
            return Error{
                QStringLiteral("the fraction must be above 0 and at most 1 (found %1)").arg(formatScore(parameter))};
        k = itemsForFraction(parameter, n);
    } else {
        return Error{QStringLiteral("not a top-k or top-fraction selection")};
    }
    TopKBoundary boundary;
    Result<std::vector<std::uint32_t>> rows = rank(k, boundary);
    if (!rows)
        return Error{rows.error()};
    selection.rows = std::move(rows).value();
    if (boundary.tiesTaken < boundary.tied)
        selection.notes << QStringLiteral("%1 items tie at the boundary score %2; the %3 earliest rows "
                                          "among them were selected")
                               .arg(boundary.tied)
                               .arg(formatScore(boundary.score))
                               .arg(boundary.tiesTaken);
    return selection;
}

Result<ItemSelection> selectItems(Selection kind, double parameter, const PredictionTable &table)
{
    if (const Status shape = table.check(); !shape)
        return Error{shape.error()};
    const std::size_t n = table.size();

    switch (kind) {
    case Selection::All: {
        ItemSelection selection;
        selection.items = n;
        selection.rows.resize(n);
        std::iota(selection.rows.begin(), selection.rows.end(), std::uint32_t(0));
        return selection;
    }
    case Selection::PredictedPositive: {
        if (!std::isfinite(parameter))
            return Error{QStringLiteral("the decision threshold must be a number")};
        // One pass: select, and check that every score is a number on the way.
        ItemSelection selection;
        selection.items = n;
        const std::vector<double> &score = table.score;
        bool finite = true;
        for (std::size_t i = 0; i < n; ++i) {
            const double v = score[i];
            finite = finite && std::isfinite(v);
            if (v >= parameter)
                selection.rows.push_back(std::uint32_t(i));
        }
        if (!finite)
            return Error{checkScoresFinite(table).error()};
        return selection;
    }
    case Selection::TopK:
    case Selection::TopFraction:
        break;
    }
    return selectTop(kind, parameter, n,
                     [&table](std::size_t k, TopKBoundary &boundary) -> Result<std::vector<std::uint32_t>> {
                         bool finite = true;
                         std::vector<std::uint32_t> rows = topKRows(table.score, k, &boundary, &finite);
                         if (!finite)
                             return Error{checkScoresFinite(table).error()};
                         return rows;
                     });
}

} // namespace mb::business
