// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// "Has the model decayed on this data?": when a metric measured on other data (another dataset
// version) counts as meaningfully worse than on the evaluation a run is judged by. One rule, so the
// window's highlight and its verdict sentence never disagree. Which way is worse comes from
// evaluation::metricDirection. Thread contract: pure functions, reentrant.

#include "core/Framing.h"

#include <optional>

namespace mb::evaluation {

// A worsening counts when it is at least this share of the reference's size (5 %: "profit fell
// 42 %" counts, a 2 % wobble of a sum does not)...
inline constexpr double kDecayRelativeMargin = 0.05;
// ...or, for a metric whose two values both lie in [0, 1] (a score, rate or share: ROC AUC,
// accuracy, a take rate), at least this much in absolute terms: 0.91 -> 0.89 ROC AUC is news.
inline constexpr double kDecayUnitIntervalMargin = 0.02;

struct MetricChange {
    double reference = 0.0; // on the judged evaluation
    double other = 0.0;     // on the other evaluation
    double delta = 0.0;     // other - reference
    // |delta| / |reference|; none when the reference is 0.
    std::optional<double> relative;
    bool worse = false;      // in the metric's direction
    bool meaningful = false; // worse by the margins above: highlighted as decay
};

// The change from `reference` to `other` for a metric that is better in `direction`. Non-finite
// values are never a meaningful change.
MetricChange compareToReference(double reference, double other, Direction direction);

} // namespace mb::evaluation
