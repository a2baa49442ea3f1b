// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "db/EvaluationRepository.h"

#include <QList>
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace mb::db {
class Database;
}

namespace mb::services {

// Stored per-item predictions as a CSV file (RFC 4180): one header line of column names (row, id,
// label:<t>, score:<t>, ...) in the stored order, then one line per item. `row` is the item's row
// in its dataset version counted from 1 (data::rowNumberShown), as the Data page shows it. A whole number (a row,
// an id, a class, a 0/1 label) is written as an integer; any other number in its shortest form
// that reads back as the same double; a missing value (NaN) as an empty field. Lines end in CRLF,
// as RFC 4180 says. The file is replaced atomically (QSaveFile): it is either the old file or the
// whole new one, never a partial write.
// The `id` column is written from `exactIds` when given: a double rounds ids above 2^53.
struct StoredPredictions {
    std::vector<db::PredictionColumn> columns;
    std::vector<std::int64_t> exactIds; // the `id` column exactly; empty when there is none
};
Status writePredictionsCsv(const QString &path, const StoredPredictions &predictions);

// Which of a run's evaluations (`newestFirst`, as EvaluationRepository::evaluationsOf gives them) to
// export: evaluation `evaluationId`, else the one judgedEvaluation picks among those on dataset
// version `datasetVersion`, else the one the run is judged by. An id or version with no evaluation
// of the run is refused, listing the run's evaluations (id, part, dataset version).
Result<db::EvaluationRecord> chooseEvaluation(const QList<db::EvaluationRecord> &newestFirst, std::int64_t runId,
                                              std::optional<std::int64_t> evaluationId,
                                              std::optional<std::int64_t> datasetVersion);

// "evaluation 4, test part of dataset version 1": which evaluation, for people.
QString describeEvaluation(const db::EvaluationRecord &evaluation);

// Loads every prediction column of an evaluation, in the stored order, and its ids exactly.
Result<StoredPredictions> loadPredictionColumns(db::Database &db, std::int64_t evaluationId);

} // namespace mb::services
