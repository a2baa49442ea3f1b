// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/EvaluableVersions.h"
#include "app/services/EvaluationCurves.h"
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
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace mb::db {
class Database;
}

namespace mb::services {

// What the Compare page's run-evaluation view (ui/compare/RunEvaluationView) shows of one run, read
// and computed in one go on its reader's thread so the view never reads the store nor computes a
// curve itself: it only plots. Predictions go through the PredictionCache: the judged evaluation's
// columns are read once for its curves, its calibration and its business metrics side by side.
// Thread contract: the thread that owns the Database; the results are plain values (the tables are
// shared read-only, so the view can hand them to another thread to compute another metric's curves).

// One evaluation's predictions as the view draws them.
struct EvaluationDrawing {
    std::int64_t evaluationId = 0;
    // As the framing's business metrics read them (loadJudgedPredictions): the threshold and gain curves.
    std::shared_ptr<const business::PredictionTable> table;
    QString tableError;
    // From every `label:<t>` and `score:<t>` column (or why they cannot be read).
    CalibrationCurves calibration;
};

struct RunEvaluationRead {
    QString error; // the run or its evaluations could not be read: nothing else is set
    std::optional<db::RunRecord> run;
    QList<db::EvaluationRecord> evaluations; // newest first, with their latency samples
    std::optional<db::EvaluationRecord> judged; // judgedEvaluation's choice; none before the run finished
    std::optional<EvaluationDrawing> judgedDrawing;
    // The validation predictions thresholds are chosen on (choosingEvaluation), or why not.
    std::shared_ptr<const business::PredictionTable> validationTable;
    QString validationError;
    std::optional<EvaluationDrawing> alsoDrawing; // the evaluation asked for besides the judged one
    QHash<std::int64_t, db::DatasetVersionInfo> versions; // every evaluation's dataset version
    std::optional<db::OperatingPoint> operatingPoint;     // the run's current one
    QString operatingPointError;
    // Every evaluation judged by the framing (judgeEvaluation), by id: the evaluations side by side.
    QHash<std::int64_t, RunMetrics> judgedByFraming;
    EvaluableVersions evaluable; // the versions the model can be evaluated on, or why not
    // The threshold and gain curves of the drawn evaluation (`alsoEvaluation` when it was drawn,
    // else the judged one) under the metric asked for; none when that evaluation has no table.
    std::optional<MetricCurves> curves;
};

// The steps readRunEvaluation reports through its `progress` (done, total).
constexpr int kRunEvaluationSteps = 5;

// Reads run `runId` for the view under `framing`; `alsoEvaluation` (0 for none) is drawn too, for a
// view that keeps showing another evaluation of the same run. The curves are computed for
// `businessMetric` (shownBusinessMetric's choice). `cancel`, when set, stops between steps (the
// answer is then incomplete and meant to be dropped); `progress`, when set, hears each step.
RunEvaluationRead readRunEvaluation(db::Database &db, std::int64_t runId, const Framing &framing,
                                    std::int64_t alsoEvaluation = 0, const std::atomic<bool> *cancel = nullptr,
                                    const QString &businessMetric = {},
                                    const std::function<void(int done, int total)> &progress = {});

// One evaluation's drawing, for choosing another evaluation in the view.
EvaluationDrawing readEvaluationDrawing(db::Database &db, const db::EvaluationRecord &evaluation,
                                        const Framing &framing);

} // namespace mb::services
