// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/evaluation/MetricsSupport.h"

#include "core/RadixSort.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mb::evaluation::detail {
namespace {

constexpr std::uint64_t signBit = std::uint64_t(1) << 63;

// numpy's pairwise_sum for float64 (numpy/core/src/umath/loops_utils.h.src, PW_BLOCKSIZE 128).
double pairwiseSum(const double *a, std::size_t n)
{
    if (n < 8) {
        double result = 0.;
        for (std::size_t i = 0; i < n; ++i)
            result += a[i];
        return result;
    }
    if (n <= 128) {
        double r[8];
        for (std::size_t j = 0; j < 8; ++j)
            r[j] = a[j];
        std::size_t i = 8;
        for (; i < n - (n % 8); i += 8) {
            for (std::size_t j = 0; j < 8; ++j)
                r[j] += a[i + j];
        }
        double result = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; ++i)
            result += a[i];
        return result;
    }
    std::size_t half = n / 2;
    half -= half % 8;
    return pairwiseSum(a, half) + pairwiseSum(a + half, n - half);
}

// An unsigned key ordered as the double is (finite values; -0 folded into +0).
std::uint64_t keyOf(double score)
{
    if (score == 0.0)
        score = 0.0;
    std::uint64_t bits = 0;
    std::memcpy(&bits, &score, sizeof bits);
    return (bits & signBit) ? ~bits : bits | signBit;
}

double scoreOf(std::uint64_t key)
{
    const std::uint64_t bits = (key & signBit) ? key & ~signBit : ~key;
    double score = 0.0;
    std::memcpy(&score, &bits, sizeof score);
    return score;
}

// Linear on a million keys (core/RadixSort); std::sort below 512, where it is quicker.
void radixSort(SortKeys &keys)
{
    if (keys.size() < 512)
        std::sort(keys.begin(), keys.end());
    else
        radixSortByHighBits(keys);
}

SortKeys sortedKeys(const std::vector<double> &scores)
{
    SortKeys keys(scores.size());
    for (std::size_t i = 0; i < scores.size(); ++i)
        keys[i] = keyOf(scores[i]);
    radixSort(keys);
    return keys;
}

} // namespace

double numpySum(const double *values, std::size_t count)
{
    constexpr std::size_t bufferSize = 8192; // NPY_BUFSIZE
    double sum = 0.;
    for (std::size_t start = 0; start < count; start += bufferSize)
        sum += pairwiseSum(values + start, std::min(bufferSize, count - start));
    return sum;
}

std::optional<Error> checkNotEmpty(const QString &name, std::size_t size)
{
    if (size == 0)
        return Error{QStringLiteral("%1 is empty: a metric needs at least one item").arg(name)};
    return std::nullopt;
}

std::optional<Error> checkSameLength(const QString &nameA, std::size_t sizeA, const QString &nameB, std::size_t sizeB)
{
    if (sizeA != sizeB)
        return Error{QStringLiteral("%1 has %2 items but %3 has %4: they must have one entry per item")
                         .arg(nameA)
                         .arg(qulonglong(sizeA))
                         .arg(nameB)
                         .arg(qulonglong(sizeB))};
    return std::nullopt;
}

std::optional<Error> checkFinite(const QString &name, const std::vector<double> &values)
{
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i]))
            return Error{QStringLiteral("%1[%2] is %3: every value must be a finite number")
                             .arg(name)
                             .arg(qulonglong(i))
                             .arg(values[i])};
    }
    return std::nullopt;
}

std::optional<Error> checkBinary(const QString &name, const std::vector<int> &values)
{
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i] != 0 && values[i] != 1)
            return Error{QStringLiteral("%1[%2] is %3: binary labels must be 0 (negative) or 1 (positive)")
                             .arg(name)
                             .arg(qulonglong(i))
                             .arg(values[i])};
    }
    return std::nullopt;
}

std::optional<Error> checkMatrix(const QString &name, std::size_t size, std::size_t rows, std::size_t columns)
{
    if (columns == 0)
        return Error{QStringLiteral("%1 has no columns: the column count must be at least 1").arg(name)};
    if (size != rows * columns)
        return Error{QStringLiteral("%1 has %2 values but %3 rows of %4 columns need %5 (row-major, one row per item)")
                         .arg(name)
                         .arg(qulonglong(size))
                         .arg(qulonglong(rows))
                         .arg(qulonglong(columns))
                         .arg(qulonglong(rows * columns))};
    return std::nullopt;
}

std::optional<Error> checkClassIndices(const QString &name, const std::vector<int> &values, std::size_t classCount)
{
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i] < 0 || std::size_t(values[i]) >= classCount)
            return Error{QStringLiteral("%1[%2] is %3: class indices must be in 0..%4")
                             .arg(name)
                             .arg(qulonglong(i))
                             .arg(values[i])
                             .arg(qulonglong(classCount) - 1)};
    }
    return std::nullopt;
}

std::optional<Error> checkBinaryAndValues(const std::vector<int> &yTrue, const QString &valuesName,
                                          const std::vector<double> &values)
{
    if (auto error = checkNotEmpty(QStringLiteral("y_true"), yTrue.size()))
        return error;
    if (auto error = checkSameLength(QStringLiteral("y_true"), yTrue.size(), valuesName, values.size()))
        return error;
    if (auto error = checkBinary(QStringLiteral("y_true"), yTrue))
        return error;
    return checkFinite(valuesName, values);
}

std::optional<Error> checkClassProbabilities(const QString &metric, const std::vector<int> &yTrue,
                                             const std::vector<double> &probabilities, std::size_t classCount)
{
    if (auto error = checkNotEmpty(QStringLiteral("y_true"), yTrue.size()))
        return error;
    if (classCount < 2)
        return Error{QStringLiteral("%1 needs at least 2 classes, got %2").arg(metric).arg(qulonglong(classCount))};
    if (auto error = checkMatrix(QStringLiteral("probabilities"), probabilities.size(), yTrue.size(), classCount))
        return error;
    if (auto error = checkClassIndices(QStringLiteral("y_true"), yTrue, classCount))
        return error;
    return checkFinite(QStringLiteral("probabilities"), probabilities);
}

void sortAscending(std::vector<double> &values)
{
    const SortKeys keys = sortedKeys(values);
    for (std::size_t i = 0; i < keys.size(); ++i)
        values[i] = scoreOf(keys[i]);
}

ThresholdCounts thresholdCounts(const std::vector<double> &positiveScores, const std::vector<double> &negativeScores)
{
    SortKeys positives = sortedKeys(positiveScores);
    SortKeys negatives = sortedKeys(negativeScores);
    ThresholdCounts counts;
    // Merge from the highest score down; equal keys are equal scores.
    std::size_t p = positives.size(), n = negatives.size();
    std::int64_t truePositives = 0, falsePositives = 0;
    while (p > 0 || n > 0) {
        std::uint64_t key = 0;
        if (p > 0)
            key = positives[p - 1];
        if (n > 0 && (p == 0 || negatives[n - 1] > key))
            key = negatives[n - 1];
        for (; p > 0 && positives[p - 1] == key; --p)
            ++truePositives;
        for (; n > 0 && negatives[n - 1] == key; --n)
            ++falsePositives;
        counts.thresholds.push_back(scoreOf(key));
        counts.falsePositives.push_back(falsePositives);
        counts.truePositives.push_back(truePositives);
    }
    return counts;
}

} // namespace mb::evaluation::detail
