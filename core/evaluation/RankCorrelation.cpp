// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/evaluation/RankCorrelation.h"

#include <QString>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mb::evaluation {

std::vector<double> averageRanks(const std::vector<double> &values)
{
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    std::vector<double> ranks(values.size());
    for (std::size_t start = 0; start < order.size();) {
        std::size_t end = start + 1;
        while (end < order.size() && values[order[end]] == values[order[start]])
            ++end;
        // Positions start..end-1 hold ranks start+1..end; each gets their mean.
        const double rank = 0.5 * double(start + 1 + end);
        for (std::size_t i = start; i < end; ++i)
            ranks[order[i]] = rank;
        start = end;
    }
    return ranks;
}

Result<double> spearmanCorrelation(const std::vector<double> &x, const std::vector<double> &y)
{
    if (x.size() != y.size())
        return Error{QStringLiteral("Spearman's correlation needs two samples of one length, not %1 and %2")
                         .arg(x.size())
                         .arg(y.size())};
    if (x.size() < 2)
        return Error{QStringLiteral("Spearman's correlation needs at least two runs with both values")};
    for (std::size_t i = 0; i < x.size(); ++i)
        if (!std::isfinite(x[i]) || !std::isfinite(y[i]))
            return Error{QStringLiteral("Spearman's correlation: pair %1 is not a pair of finite numbers").arg(i + 1)};
    const std::vector<double> rx = averageRanks(x);
    const std::vector<double> ry = averageRanks(y);
    const double n = double(x.size());
    const double mean = (n + 1.0) / 2.0; // the mean of any average ranks of n values
    double sxy = 0.0, sxx = 0.0, syy = 0.0;
    for (std::size_t i = 0; i < rx.size(); ++i) {
        const double dx = rx[i] - mean, dy = ry[i] - mean;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if (sxx == 0.0 || syy == 0.0)
        return Error{QStringLiteral("Spearman's correlation is undefined: every run has the same %1")
                         .arg(sxx == 0.0 ? QStringLiteral("x value") : QStringLiteral("y value"))};
    return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

} // namespace mb::evaluation
