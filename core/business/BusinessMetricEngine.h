// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"
#include "core/Result.h"
#include "core/business/ItemSelection.h"
#include "core/business/PredictionTable.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace mb::business {

// Computes a framing's business metrics from a run's evaluated items (docs/BUSINESS-METRICS.md
// has the format and the worked examples). For one metric:
//
//  1. select the items (ItemSelection.h: all, predicted positive at a threshold, top-k, top
//     fraction; ties ranked by the lower row);
//  2. for each named aggregate, evaluate its per-item expression with muparser over the selected
//     items only, and aggregate:
//       sum    the sum of the values (0 when nothing is selected);
//       mean   sum / selected;
//       count  the number of selected items (the expression, if any, is checked, not evaluated);
//       rate   the share of selected items whose value is non-zero (Framing.h's definition;
//              "the share of selected items among all" is `count` / n in the outer expression);
//     mean and rate of an empty selection are undefined: an error, not a silent 0;
//  3. evaluate the outer expression over the aggregates' names and the confusion counts; an
//     empty outer expression means the single aggregate's value.
//
// The confusion counts treat an item as decided positive when it is selected, so that a cost
// matrix prices the decision the metric describes: predicted positive at the threshold, or in
// the top-k budget. With the selection "all" every item is selected, so the decision is the
// model's own: `predicted` >= 0.5. An actual positive has label >= 0.5; n is every item:
//   tp = decided positive and actual positive    fp = decided positive, actual negative
//   fn = decided negative and actual positive    tn = decided negative, actual negative
//
// Every error is a value naming what is wrong: an unknown symbol (with the known ones), a syntax
// error at its 1-based position, a value column the predictions lack, an item whose value is not
// finite (row, item id, expression and the symbols' values), an outer expression that is not
// finite (with the aggregates' values). Thread contract: reentrant; each call builds its own
// parsers. Cost: O(n) for the selection plus one muparser evaluation per selected item.

struct ConfusionCounts {
    std::int64_t tp = 0;
    std::int64_t fp = 0;
    std::int64_t fn = 0;
    std::int64_t tn = 0;
    std::int64_t n = 0;
};

struct AggregateValue {
    QString name;
    Aggregate aggregate = Aggregate::Sum;
    double value = 0.0;
};

struct MetricValue {
    QString name;
    double value = 0.0;
    QString unit;
    Direction direction = Direction::Maximize;
    std::size_t selected = 0; // items the selection took
    std::size_t items = 0;    // items in the table
    // Present when the outer expression reads them: counting positives over every item is a pass
    // over all labels that a top-k metric otherwise never makes (confusionCounts() gives them).
    std::optional<ConfusionCounts> confusion;
    QList<AggregateValue> aggregates; // in the definition's order
    QStringList notes;                // k capped to the table, ties split at the boundary
};

// `declaredColumns`: the columns the framing promises (declaredItemColumns), so that one missing
// from the predictions is named as such.
Result<MetricValue> evaluateBusinessMetric(const BusinessMetric &metric, const PredictionTable &table,
                                           const QStringList &declaredColumns = {});

// Steps 2 and 3 on a selection already made, without selecting again: the Trade-offs page ranks
// items by a weighted sum of two models' scores, not by the table's `score`, and evaluates several
// metrics on one selection. evaluateBusinessMetric is selectItems followed by this.
// `selection.rows` must be ascending and distinct, each below table.size(), and `selection.items`
// must be table.size() (else an error); its notes are passed on to the value. The metric's own
// selection is not applied: it still decides how the confusion counts decide (`all`: by
// `predicted`, else by being selected) and how messages describe the selection. Cost: O(k) plus
// the muparser evaluations of the k rows, and O(n) more when the outer expression reads the
// confusion counts.
Result<MetricValue> evaluateBusinessMetricOn(const BusinessMetric &metric, const PredictionTable &table,
                                             const ItemSelection &selection, const QStringList &declaredColumns = {});

// The framing's target and value columns: what its item expressions may read by name.
QStringList declaredItemColumns(const Framing &framing);

// The confusion counts of a selection, as defined above. `decidedByPrediction` is true for the
// selection "all". Errors: a missing (NaN) label, named by row.
Result<ConfusionCounts> confusionCounts(const PredictionTable &table, const std::vector<std::uint32_t> &selectedRows,
                                        bool decidedByPrediction);

// An item is an actual positive when its label is >= 0.5, and decided positive by the model when
// `predicted` is >= 0.5.
constexpr double kPositiveAt = 0.5;

} // namespace mb::business
