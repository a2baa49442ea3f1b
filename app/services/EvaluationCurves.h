// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"
#include "core/Result.h"
#include "core/business/BusinessCurves.h"
#include "core/business/BusinessMetricEngine.h"
#include "core/business/OperatingThreshold.h"
#include "core/business/PredictionTable.h"
#include "core/evaluation/ProbabilityMetrics.h"
#include "db/EvaluationRepository.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace mb::services {

// The numbers the run-evaluation view (ui/compare/RunEvaluationView) draws, computed where its
// predictions are read, on the reader's thread: at a million items a threshold curve, the threshold
// chosen on validation and a gain curve take the better part of a second, which the window must
// not wait for. The view only plots what these hold (thresholdCurve already thins a curve to the
// 2 000 points a plot can show; every figure is computed on every item).
// Thread contract: pure functions of their arguments; any thread.

constexpr int kCalibrationBins = 10;      // equal-width probability bins of a calibration curve
constexpr std::size_t kGainSteps = 100;   // points of a gain curve: the top 1%, 2%, ..., 100%

// The metric the view shows: the one named, else the framing's first; null when it has none.
const BusinessMetric *shownBusinessMetric(const Framing &framing, const QString &name);

// The metric's own budget in items for top-k and top-fraction selections, of `items`; none otherwise.
std::optional<std::size_t> budgetOf(const BusinessMetric &metric, std::size_t items);

// One evaluation's threshold and gain tabs under one business metric. Each step is set only when
// the steps before it succeeded, in the order the tabs read them.
struct MetricCurves {
    std::int64_t evaluationId = 0; // the shown evaluation
    QString metricName;            // empty: the framing has no business metric
    // The gain tab: the share of `gainExpression` the top x% of items capture, and the metric's own
    // budget on it (top-k and top-fraction metrics).
    QString gainExpression;
    std::optional<Result<business::GainCurve>> gain;
    std::optional<Result<business::GainPoint>> atBudget;
    // The threshold tab: why the predictions are no yes/no decision (then nothing below is set),
    // the curve, the metric with its own selection, the threshold chosen on the validation rows and
    // reported on the shown ones, and (when another evaluation than the judged one is shown) reported
    // on the judged test rows, for the operating point.
    QString notYesNo;
    std::optional<Result<business::ThresholdCurve>> threshold;
    std::optional<Result<business::MetricValue>> own;
    std::optional<Result<business::ValidatedThreshold>> chosen;
    std::optional<Result<business::ValidatedThreshold>> judgedChosen;
};

// `shown` is the evaluation drawn; `validation` the rows thresholds are chosen on (null: none);
// `judged` the judged test rows when `shown` is another evaluation (null when it is the judged).
// `cancel`, when set, stops between steps (the answer is then incomplete and meant to be dropped).
MetricCurves computeMetricCurves(std::int64_t evaluationId, const BusinessMetric *metric, const Framing &framing,
                                 const business::PredictionTable &shown, const business::PredictionTable *validation,
                                 const business::PredictionTable *judged, std::size_t gainSteps,
                                 const std::atomic<bool> *cancel = nullptr);

// The calibration tab of one evaluation: for each binary target it predicted, the share of
// positives against the mean predicted probability in `bins` equal-width bins.
struct CalibratedTarget {
    QString target;
    evaluation::CalibrationCurve curve;
    std::size_t items = 0; // with a label and a score
};
struct CalibrationCurves {
    QString error;       // a column that cannot be read or a curve that cannot be computed: the tab says it
    QStringList targets; // every labelled target, the framing's first
    std::vector<CalibratedTarget> curves;
    QStringList skipped; // not yes/no with probabilities in [0, 1]
};
// From the evaluation's `label:<t>` and `score:<t>` columns, in stored order.
CalibrationCurves calibrationCurves(std::int64_t evaluationId, const std::vector<db::PredictionColumn> &labelsAndScores,
                                    const QStringList &framingTargets, int bins);

} // namespace mb::services
