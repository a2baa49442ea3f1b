// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/evaluation/MetricDecay.h"

#include <cmath>

namespace mb::evaluation {

MetricChange compareToReference(double reference, double other, Direction direction)
{
    MetricChange change;
    change.reference = reference;
    change.other = other;
    if (!std::isfinite(reference) || !std::isfinite(other))
        return change;
    change.delta = other - reference;
    if (reference != 0.0)
        change.relative = std::abs(change.delta) / std::abs(reference);
    change.worse = direction == Direction::Maximize ? change.delta < 0 : change.delta > 0;
    if (!change.worse)
        return change;
    // Margins are compared with a little slack: 0.91 - 0.89 is 0.0199999... in binary.
    constexpr double kSlack = 1e-9;
    const bool unitInterval = reference >= 0.0 && reference <= 1.0 && other >= 0.0 && other <= 1.0;
    // A reference of 0 has no relative size: any worsening of it is news.
    const bool relativelyLarge = !change.relative || *change.relative >= kDecayRelativeMargin - kSlack;
    change.meaningful =
        relativelyLarge || (unitInterval && std::abs(change.delta) >= kDecayUnitIntervalMargin - kSlack);
    return change;
}

} // namespace mb::evaluation
