// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/evaluation/PredictionMetrics.h"
#include "db/EvaluationRepository.h"

#include <QJsonObject>

#include <vector>

namespace mb::db {
class Database;
}

namespace mb::services {

// Stores one evaluation from its per-item prediction columns: the ML quality metrics are computed
// from the columns themselves (evaluation::predictionMetrics, scikit-learn's definitions) and added
// to what `record.metrics` already holds (a network's loss), with the notes on metrics left out;
// then the record and the columns go in one transaction. The worker's end-of-run and re-evaluations
// and an external run's `log predictions` all store through here, so a metric never depends on who
// predicted. A value that is not finite is stored as null. `integerColumns` (exact item ids above
// 2^53) take the place of the same-named columns. Errors: the store's.
// Thread contract: the thread that owns the Database.
Result<db::EvaluationRecord> storePredictionEvaluation(db::Database &db, db::EvaluationRecord record,
                                                       const std::vector<db::PredictionColumn> &columns,
                                                       const std::vector<evaluation::PredictedTarget> &targets,
                                                       bool multilabel,
                                                       const std::vector<db::IntegerPredictionColumn> &integerColumns = {});

// What a run's summary (the runs table's numbers) takes from the evaluation that judges it: its ML
// metrics without the notes, the batch-1 latency p50 and p99, and the evaluation's id.
QJsonObject evaluationSummary(const db::EvaluationRecord &judged);

} // namespace mb::services
