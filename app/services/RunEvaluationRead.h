// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/EvaluableVersions.h"
#include "app/services/RunMetrics.h"
#include "core/Framing.h"
#include "core/Result.h"
#include "core/business/PredictionTable.h"
#include "db/DatasetRepository.h"
#include "db/EvaluationRepository.h"
#include "db/OperatingPointRepository.h"
#include "db/RunRepository.h"

#include <QHash>
#include <QList>
#include <QString>

#include <atomic>
#include <cstdint>
#include <optional>
#include <vector>

namespace mb::db {
class Database;
}

namespace mb::services {

// What the Compare page's run-evaluation view (ui/compare/RunEvaluationView) shows of one run, read
// in one go on its reader's thread so the view never reads the store itself. Predictions go through
// the PredictionCache: the judged evaluation's columns are read once for its curves, its calibration
// and its business metrics side by side.
// Thread contract: the thread that owns the Database; the results are plain values.

// One evaluation's predictions as the view draws them.
struct EvaluationDrawing {
    std::int64_t evaluationId = 0;
    // As the framing's business metrics read them (loadJudgedPredictions): the threshold and gain curves.
    std::optional<business::PredictionTable> table;
    QString tableError;
    // Every `label:<t>` and `score:<t>` column, in stored order: the calibration curves.
    std::vector<db::PredictionColumn> labelsAndScores;
    QString labelsAndScoresError;
};

struct RunEvaluationRead {
    QString error; // the run or its evaluations could not be read: nothing else is set
    std::optional<db::RunRecord> run;
    QList<db::EvaluationRecord> evaluations; // newest first, with their latency samples
    std::optional<db::EvaluationRecord> judged; // judgedEvaluation's choice; none before the run finished
    std::optional<EvaluationDrawing> judgedDrawing;
    // The validation predictions thresholds are chosen on (choosingEvaluation), or why not.
    std::optional<business::PredictionTable> validationTable;
    QString validationError;
    std::optional<EvaluationDrawing> alsoDrawing; // the evaluation asked for besides the judged one
    QHash<std::int64_t, db::DatasetVersionInfo> versions; // every evaluation's dataset version
    std::optional<db::OperatingPoint> operatingPoint;     // the run's current one
    QString operatingPointError;
    // Every evaluation judged by the framing (judgeEvaluation), by id: the evaluations side by side.
    QHash<std::int64_t, RunMetrics> judgedByFraming;
    EvaluableVersions evaluable; // the versions the model can be evaluated on, or why not
};

// Reads run `runId` for the view under `framing`; `alsoEvaluation` (0 for none) is drawn too, for a
// view that keeps showing another evaluation of the same run. `cancel`, when set, stops between
// evaluations (the answer is then incomplete and meant to be dropped).
RunEvaluationRead readRunEvaluation(db::Database &db, std::int64_t runId, const Framing &framing,
                                    std::int64_t alsoEvaluation = 0, const std::atomic<bool> *cancel = nullptr);

// One evaluation's drawing, for choosing another evaluation in the view.
EvaluationDrawing readEvaluationDrawing(db::Database &db, const db::EvaluationRecord &evaluation,
                                        const Framing &framing);

} // namespace mb::services
