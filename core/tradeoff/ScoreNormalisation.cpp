// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/tradeoff/ScoreNormalisation.h"

#include "core/EnumKeys.h"
#include "core/business/ItemSelection.h"

#include <cmath>
#include <cstdint>

namespace mb::tradeoff {
namespace {

constexpr KeyTable<ScoreNormalisation, 3> kNormalisations{
    {{ScoreNormalisation::Raw, "raw"}, {ScoreNormalisation::ZScore, "zscore"}, {ScoreNormalisation::Rank, "rank"}}};

std::vector<double> zScores(const std::vector<double> &scores)
{
    const std::size_t n = scores.size();
    std::vector<double> result(n, 0.0);
    // Constant is decided on the values themselves: the mean of n equal doubles need not equal
    // them exactly, which would leave rounding noise where zeros belong.
    bool constant = true;
    for (std::size_t i = 1; i < n && constant; ++i)
        constant = scores[i] == scores[0];
    if (constant)
        return result;
    double sum = 0.0;
    for (double v : scores)
        sum += v;
    const double mean = sum / double(n);
    double squares = 0.0; // two passes: no cancellation between sum of squares and squared sum
    for (double v : scores)
        squares += (v - mean) * (v - mean);
    const double deviation = std::sqrt(squares / double(n));
    if (!(deviation > 0.0)) // differences so small that their squares underflow
        return result;
    for (std::size_t i = 0; i < n; ++i)
        result[i] = (scores[i] - mean) / deviation;
    return result;
}

std::vector<double> scaledRanks(const std::vector<double> &scores)
{
    const std::size_t n = scores.size();
    std::vector<double> result(n, 0.0);
    if (n < 2)
        return result;
    // Best first: position p (from 0) has ascending rank n - p, and equal scores are adjacent.
    const std::vector<std::uint32_t> order = business::rankAllRows(scores);
    for (std::size_t start = 0; start < n;) {
        std::size_t end = start + 1;
        while (end < n && scores[order[end]] == scores[order[start]])
            ++end;
        // The mean of the ascending ranks n - start down to n - end + 1.
        const double rank = double(n) - double(start + end - 1) / 2.0;
        const double scaled = (rank - 1.0) / double(n - 1);
        for (std::size_t p = start; p < end; ++p)
            result[order[p]] = scaled;
        start = end;
    }
    return result;
}

} // namespace

QString toKey(ScoreNormalisation value)
{
    return keyOf(kNormalisations, value);
}

std::optional<ScoreNormalisation> scoreNormalisationFromKey(const QString &key)
{
    return valueOf(kNormalisations, key);
}

QStringList scoreNormalisationKeys()
{
    return keysOf(kNormalisations);
}

Result<std::vector<double>> normaliseScores(const std::vector<double> &scores, ScoreNormalisation how)
{
    for (std::size_t i = 0; i < scores.size(); ++i)
        if (!std::isfinite(scores[i]))
            return Error{QStringLiteral("the score is %1 at row %2: only finite scores can be normalised and ranked")
                             .arg(QString::number(scores[i]))
                             .arg(i + 1)};
    switch (how) {
    case ScoreNormalisation::Raw:
        return scores;
    case ScoreNormalisation::ZScore:
        return zScores(scores);
    case ScoreNormalisation::Rank:
        return scaledRanks(scores);
    }
    return scores;
}

} // namespace mb::tradeoff
