// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/business/ParetoFront.h"

#include <algorithm>
#include <cmath>

namespace mb::business {

std::vector<std::size_t> paretoFront(const std::vector<double> &x, Direction xDirection, const std::vector<double> &y,
                                     Direction yDirection)
{
    // Work in "larger is better" on both axes, then sweep from the best x down: a point is on
    // the front when its y is at least the best y seen among points with a strictly better x,
    // and, among points with the same x, it has the best y of its group.
    const std::size_t n = std::min(x.size(), y.size());
    const double sx = xDirection == Direction::Maximize ? 1.0 : -1.0;
    const double sy = yDirection == Direction::Maximize ? 1.0 : -1.0;
    std::vector<std::size_t> order;
    order.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        if (std::isfinite(x[i]) && std::isfinite(y[i]))
            order.push_back(i);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (sx * x[a] != sx * x[b])
            return sx * x[a] > sx * x[b];
        return sy * y[a] > sy * y[b];
    });
    std::vector<std::size_t> front;
    double bestYOfBetterX = -INFINITY;
    for (std::size_t start = 0; start < order.size();) {
        std::size_t end = start;
        while (end < order.size() && x[order[end]] == x[order[start]])
            ++end;
        const double groupBest = sy * y[order[start]]; // sorted: the group's best y comes first
        if (groupBest > bestYOfBetterX) {
            for (std::size_t i = start; i < end && sy * y[order[i]] == groupBest; ++i)
                front.push_back(order[i]);
        }
        bestYOfBetterX = std::max(bestYOfBetterX, groupBest);
        start = end;
    }
    std::sort(front.begin(), front.end(),
              [&](std::size_t a, std::size_t b) { return x[a] != x[b] ? x[a] < x[b] : y[a] < y[b]; });
    return front;
}

} // namespace mb::business
