// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"
#include "core/Result.h"
#include "core/business/BusinessMetricEngine.h"
#include "core/business/PredictionTable.h"

#include <QString>
#include <QStringList>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mb::business {

// Curves of one run for the Compare page, each in O(n log n): every item's expression values are
// computed once (muparser's bytecode over arrays, core/business/VectorisedBytecode), the items are
// ranked once by score (higher first, then the lower row), and each point is a prefix of that ranking.

// The items ranked by score, highest first, then the lower row, and where each distinct score's
// items end in that order (exclusive, ascending; the last is n): what both curves walk. A caller
// drawing both curves of one table ranks it once and gives the ranking to each.
struct ScoreRanking {
    std::vector<std::uint32_t> order;
    std::vector<std::uint32_t> distinctEnds;
};

// Errors: columns of different lengths, a score that is not finite.
Result<ScoreRanking> rankByScore(const PredictionTable &table);

// ---- Profit / threshold curve (binary tasks) --------------------------------------------------
// The metric's value with its selection replaced by "predicted positive at threshold t", at every
// distinct score t (so the best threshold is exact, not a grid's approximation), plus one
// threshold just above the highest score where nothing is selected. Aggregates and confusion
// counts follow evaluateBusinessMetric's definitions at each threshold (selected = decided
// positive). A point whose value is undefined there (a mean of no items, a division by zero in
// the outer expression) has `defined` false and is never the best.

struct ThresholdPoint {
    double threshold = 0.0; // items with score >= threshold are selected
    double value = 0.0;     // NaN when undefined
    bool defined = false;
    std::size_t selected = 0;
    ConfusionCounts confusion;
};

struct ThresholdCurve {
    std::vector<ThresholdPoint> points; // ascending threshold
    // The best defined point by the metric's direction; among equal values, the highest threshold
    // (the fewest items acted on). hasBest is false when no point is defined.
    bool hasBest = false;
    std::size_t bestIndex = 0; // into points
    ThresholdPoint best;
    std::size_t thresholdsEvaluated = 0; // before thinning to maxPoints
};

// Why `table` is not a yes/no decision taken on a probability (labels 0 or 1, scores in [0, 1]),
// which the threshold curve prices, naming the first item that says so; empty when it is one.
QString notAYesNoDecision(const PredictionTable &table);

constexpr std::size_t kPlottedThresholds = 2000; // as many points as a plot can show

// `maxPoints` thins the returned points (evenly by rank, keeping the first, the last and the best)
// for plotting; 0 keeps every distinct threshold. The best is found among all of them either way.
// `ranking` is rankByScore(table) where the caller has it already; without it the table is ranked here.
// Errors: as evaluateBusinessMetric's, plus a missing label or a score that is not finite.
Result<ThresholdCurve> thresholdCurve(const BusinessMetric &metric, const PredictionTable &table,
                                      const QStringList &declaredColumns = {}, std::size_t maxPoints = kPlottedThresholds,
                                      const ScoreRanking *ranking = nullptr);

// ---- Gain / lift curve (budgets) ----------------------------------------------------------------
// How much of the total value a top-k budget captures: items ranked by score, and for the top
// fraction x of them (k = itemsForFraction(x, n), the top-fraction rule):
//   captured(x) = sum of `valueExpression` over the top k items
//   gain(x)     = captured(x) / total, total = the sum over every item
//   lift(x)     = gain(x) / (k / n): how many times better than picking k items at random.
// With `label` as the value expression this is the classic cumulative-gains curve (the share of
// positives reached); with `label * order_value`, the share of the positive value. The total must
// be above 0 (there is something to capture); items with negative values make gain non-monotone,
// which is then what the budget really does.

struct GainPoint {
    double fraction = 0.0; // of the items, in (0, 1]
    std::size_t k = 0;     // items in the budget
    double captured = 0.0;
    double gain = 0.0;
    double lift = 0.0;
};

struct GainCurve {
    double total = 0.0;
    std::vector<GainPoint> points; // fraction = 1/steps, 2/steps, ..., 1
};

// What a metric's gain curve adds up: the first aggregate's per-item expression, what the metric
// itself sums (clicks, revenue), so its gain tells how much of that a budget captures. A count, a
// metric of confusion counts alone (a cost matrix) or no metric reads no per-item value: then
// `label`, the classic cumulative gains (the share of positives reached).
QString gainValueExpression(const BusinessMetric *metric);

// `ranking` as for thresholdCurve.
Result<GainCurve> gainCurve(const PredictionTable &table, const QString &valueExpression, std::size_t steps = 100,
                            const QStringList &declaredColumns = {}, const ScoreRanking *ranking = nullptr);

// The gain of one budget of k items (k above n: every item), for marking a metric's own top-k on
// the curve. Same ranking and definitions as gainCurve.
Result<GainPoint> gainAtBudget(const PredictionTable &table, const QString &valueExpression, std::size_t k,
                               const QStringList &declaredColumns = {});

} // namespace mb::business
