// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "db/EvaluationRepository.h"

#include <QString>

#include <cstdint>
#include <optional>

namespace mb::db {
class Database;
}

namespace mb::services {

// An external run's predictions on one part of its split (`log predictions`).
struct PredictionLogRequest {
    std::int64_t runId = 0;
    // When given, they must be the run's own (what `log start` named): a guard against a file
    // made for another version or split.
    std::optional<std::int64_t> datasetVersion;
    std::optional<std::int64_t> split;
    QString part = QStringLiteral("test"); // test or validation
    QString file;                          // CSV: row, then score:/prob:/predicted: columns
    QString latencyFile;                   // optional: milliseconds, one number per line
    // Optional: a JSON object of the metrics the tool computed itself ({"roc_auc": 0.91}), stored
    // beside the app's and compared with them (evaluation::compareReported), never used instead.
    QString reportedFile;
};

struct PredictionLogOutcome {
    db::EvaluationRecord evaluation;
    std::int64_t rowsWithoutTarget = 0; // rows of the part left out, as training leaves them out
};

// Reads the predictions, checks them against the stored dataset and stores them as an evaluation
// of the run, the way the worker stores its own (storePredictionEvaluation): the labels, ids and
// value columns come from the dataset version, never from the file, and the ML metrics are
// computed here. The file has a `row` column (rows counted from 1, as `dataset export` writes
// them) and per target: binary `score:<t>` (the probability of 1) and optionally `predicted:<t>`
// (else score >= 0.5); multiclass `prob:<t>:<k>` for every class k and optionally `predicted:<t>`
// (else the most probable class); regression `score:<t>` and/or `predicted:<t>`. Refused, naming
// the row and line, and storing nothing: a row that is not in the part, a row twice, a row of the
// part missing, a value that is not a finite number, a probability outside [0, 1] or class
// probabilities that do not add up to 1, a predicted class that is not one of the target's, an
// unknown or missing column, a latency sample that is not a non-negative number, a reported metric
// that is not a finite number or names another part (evaluation::readReportedMetrics). Rows of the part
// whose target is missing in the dataset are left out, as a built-in run leaves them out.
// With part test this evaluation judges the run and its metrics become the run's summary; with
// validation it is what thresholds and weights are chosen on (services::choosingEvaluation).
// Thread contract: the thread that owns the Database.
Result<PredictionLogOutcome> logPredictions(db::Database &db, const PredictionLogRequest &request);

} // namespace mb::services
