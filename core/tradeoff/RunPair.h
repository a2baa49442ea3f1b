// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/business/PredictionTable.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace mb::tradeoff {

// The pair rule of the Trade-offs page: two runs' evaluated items are combined row by row
// (alpha * a[i] + beta * b[i]), so row i must be the same item in both. That holds only when both
// evaluations ran on the same dataset version, with the same split, on the same part of it (test,
// validation or all), and stored the same item ids in the same order. Anything else would pair a
// post's quality with another post's engagement, silently. Thread contract: pure functions,
// reentrant.

// What one run's stored evaluation covers (db::EvaluationRecord and its `id` column).
struct EvaluatedItems {
    QString runName;
    std::int64_t datasetVersionId = 0;
    std::optional<std::int64_t> splitId; // none: evaluated without a split
    QString part;                        // test, validation or all
    std::vector<std::int64_t> itemIds;   // in the stored row order
};

// Success when `a` and `b` may be combined. Otherwise one error naming both runs and what differs:
// the dataset version, split and part (each that differs, e.g. "run 'quality model' was evaluated
// on dataset version 3, run 'x' on version 4"); when those agree, the number of items ("10000
// items vs 9000"); when that agrees too, the first row whose item ids differ ("item ids differ at
// row 17 (item 5 vs 6)", rows counted from 1).
Status checkPair(const EvaluatedItems &a, const EvaluatedItems &b);

// The per-item columns of a checked pair as the one table TradeoffEngine reads: `first`'s item ids
// and label, and the named columns of both (each run's target labels and the value columns such
// as ad_value). A column both tables have must hold the same values (NaN equals NaN), else an
// error names the column and the first row that differs. `score` and `predicted` are left empty:
// the engine owns them. O(n) per shared column.
Result<business::PredictionTable> mergeItemColumns(business::PredictionTable first,
                                                   const business::PredictionTable &second);

} // namespace mb::tradeoff
