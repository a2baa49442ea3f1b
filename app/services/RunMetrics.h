// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"
#include "core/Result.h"
#include "core/business/PredictionTable.h"
#include "core/business/StakeholderRequirements.h"
#include "db/BusinessValueRepository.h"
#include "db/EvaluationRepository.h"
#include "db/RunRepository.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>

namespace mb::db {
class Database;
}

namespace mb::services {

// A run as the business sees it: its latest stored evaluation (ML metrics, latency), the framing's
// business metrics recomputed from that evaluation's stored predictions (no retraining), and the
// stakeholders' requirements judged against all of those values. What `runs`, `evaluate` and
// `metrics define` print. Thread contract: the thread that owns the Database.

// One business metric of one run: a value, or the engine's message when it cannot be evaluated
// for this run (a column its predictions lack, an empty selection, ...).
struct BusinessMetricOutcome {
    QString name;
    QString unit;
    Direction direction = Direction::Maximize;
    std::optional<double> value;
    QString error;
    std::size_t selected = 0;
    QStringList notes;
};

struct RunMetrics {
    db::RunRecord run;
    std::optional<db::EvaluationRecord> evaluation; // the latest; none before a run finished
    QList<BusinessMetricOutcome> businessMetrics;   // in the framing's order; empty without an evaluation
    // Every number a requirement may name: the ML metrics by their stored names (test/roc_auc;
    // for a one-target run of a framing with several targets also by target, test/quality/roc_auc),
    // latency_p50_ms ... latency_p99_ms at batch 1, and the business metrics that have a value.
    QMap<QString, double> values;
    QList<business::RequirementResult> requirements;
};

// The latency percentiles at batch 1 by the names requirements use: latency_p50_ms, latency_p90_ms,
// latency_p95_ms, latency_p99_ms. Absent when the evaluation did not time them.
QMap<QString, double> latencyValues(const QJsonObject &latency);
QStringList latencyValueNames(); // those four names, whether measured or not

// Every name a stakeholder requirement can be judged on for the project's runs: the framing's
// business metrics, the latency names, then the ML metrics the runs' judged evaluations hold by
// the names `RunMetrics::values` gives them (sorted). For the framing form's Metric cell.
// Errors: the store's.
Result<QStringList> requirementMetricNames(db::Database &db, std::int64_t projectId, const Framing &framing);

// Loads the run's judged evaluation (judgedEvaluation) and its predictions and evaluates the framing's business
// metrics and stakeholder requirements (usually the project's current framing). The items are read
// by business::judgedPredictionTable's rules (core/business/JudgedPredictions.h).
// Errors: only the store's; a metric that cannot be evaluated is reported in its outcome.
Result<RunMetrics> computeRunMetrics(db::Database &db, const db::RunRecord &run, const Framing &framing);
// The same for a subset of the framing's metrics (by name), for `metrics define`.
Result<RunMetrics> computeRunMetrics(db::Database &db, const db::RunRecord &run, const Framing &framing,
                                     const QStringList &onlyMetrics);
// The same on one evaluation of the run chosen by id (`evaluate --dataset-version` shows the one
// it just made).
Result<RunMetrics> computeRunMetrics(db::Database &db, const db::RunRecord &run, const Framing &framing,
                                     std::int64_t evaluationId);

// computeRunMetrics for every one of `runs` (a project's runs, as RunRepository::runs lists them),
// with the evaluations of them all read in one query: what the Compare page shows. In the runs'
// order; a run whose metrics cannot be computed has its error in its place. The evaluations come
// from EvaluationRepository::evaluationsWithoutSamples: their latency has no batch-1 samples.
// `previous`: metrics computed earlier with the same framing (sameFraming). A run with the same
// config, still judged by the evaluation they were computed on, is taken from them with its
// current record instead of recomputed: stored predictions never change.
QList<Result<RunMetrics>> computeProjectRunMetrics(db::Database &db, std::int64_t projectId,
                                                   const QList<db::RunRecord> &runs, const Framing &framing,
                                                   const QList<RunMetrics> &previous = {});

// What computeProjectRunMetrics may reuse, and how it reports, when a page loads a project's runs
// off the GUI thread (ui/compare/ComparePage through services::StoreReader).
struct ProjectRunMetricsOptions {
    QList<RunMetrics> previous; // as above: computed earlier with the same framing
    // The values stored for the framing version `framing` is (db::BusinessValueRepository::valuesOf):
    // an evaluation with a stored value for every business metric of the framing is judged from
    // them, and its predictions are not read.
    QHash<std::int64_t, QList<db::StoredBusinessValue>> stored;
    // Set: stops between runs, and every run not computed yet gets the error "cancelled".
    const std::atomic<bool> *cancel = nullptr;
    std::function<void(int done, int total)> progress; // after each run, on the caller's thread
    // Receives the values computed from predictions (not taken from `stored` or `previous`), for
    // BusinessValueRepository::store.
    QList<db::StoredBusinessValue> *computed = nullptr;
};
QList<Result<RunMetrics>> computeProjectRunMetrics(db::Database &db, std::int64_t projectId,
                                                   const QList<db::RunRecord> &runs, const Framing &framing,
                                                   const ProjectRunMetricsOptions &options);

// One evaluation's stored predictions as the framing's business metrics read them: only the
// columns business::judgedPredictionTable reads are loaded (no class probabilities, no other
// target's score or prediction, no row numbers when there are item ids). For the per-run profit
// and gain curves.
Result<business::PredictionTable> loadJudgedPredictions(db::Database &db, std::int64_t evaluationId,
                                                        const Framing &framing);

// One evaluation of `run` judged from its predictions `table` as loadJudgedPredictions gives them
// (or why they could not be read): the evaluation's ML and latency values, every business metric of
// the framing and the stakeholders' requirements. No store, so any thread: what computeRunMetrics
// does once it has read the table.
RunMetrics judgeEvaluation(const db::RunRecord &run, const Framing &framing, const db::EvaluationRecord &evaluation,
                           const Result<business::PredictionTable> &table);

// loadJudgedPredictions through the process's PredictionCache (app/services/PredictionCache.h): the
// columns come from memory when this evaluation was read before. For views that read an
// evaluation several ways (the run-evaluation view's curves, calibration and side by side).
Result<business::PredictionTable> loadJudgedPredictionsCached(db::Database &db, const db::EvaluationRecord &evaluation,
                                                              const Framing &framing);

// The evaluation a run is judged by: its newest on the test part (stored when it finished), so
// that evaluating it on another dataset version later does not change its place in the runs table;
// else its newest on validation rows (a split with no test part); else the newest of any kind.
std::optional<db::EvaluationRecord> judgedEvaluation(const QList<db::EvaluationRecord> &newestFirst);

// The run's evaluation of its best checkpoint on every row of `datasetVersion` (evaluate
// --dataset-version), if one is stored: the same model on the same rows gives the same
// predictions, so it is found, not computed and stored again.
std::optional<db::EvaluationRecord> evaluationOnVersion(const QList<db::EvaluationRecord> &newestFirst,
                                                        std::int64_t datasetVersion);

// The evaluation operating choices (a decision threshold) are made on: the newest on the
// validation part of the same dataset version, split and checkpoint as `judged`, when `judged` is
// on test rows. None otherwise: then nothing may be chosen, since the only predictions are the
// ones the choice is reported on.
std::optional<db::EvaluationRecord> choosingEvaluation(const QList<db::EvaluationRecord> &newestFirst,
                                                       const db::EvaluationRecord &judged);

} // namespace mb::services
