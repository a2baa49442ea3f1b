// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/RunMetrics.h"

#include "app/services/ChoosingMetrics.h"

#include "app/services/PredictionCache.h"
#include "db/Database.h"
#include "core/Pipeline.h"
#include "core/business/BusinessMetricEngine.h"
#include "core/business/JudgedPredictions.h"
#include "core/business/PredictionTable.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace mb::services {

namespace {

// The stored columns business::judgedPredictionTable reads (core/business/PredictionTable.h and
// JudgedPredictions.h): the primary target's label, score and predicted, the second objective's
// score when two are combined, the item ids (else the row numbers), and every label and value
// column, which item expressions read by name. Class probabilities, other targets' scores and
// predictions are never read: their bytes are skipped.
QStringList judgedColumnNames(const Framing &framing, const QStringList &stored)
{
    const QLatin1String labelPrefix("label:");
    const QStringList targets = business::judgedTargets(framing, stored);
    QString primary = targets.value(0);
    if (primary.isEmpty())
        for (const QString &name : stored)
            if (name.startsWith(labelPrefix)) {
                primary = name.mid(labelPrefix.size());
                break;
            }
    QStringList wanted{QStringLiteral("score:") + primary, QStringLiteral("predicted:") + primary};
    if (hasTwoObjectives(framing.taskType) && targets.size() >= 2)
        wanted << QStringLiteral("score:") + targets.at(1);
    wanted << (stored.contains(QStringLiteral("id")) ? QStringLiteral("id") : QStringLiteral("row"));
    for (const QString &name : stored)
        if (name.startsWith(labelPrefix) || name.startsWith(QLatin1String("value:")))
            wanted << name;
    return wanted;
}

// `storeFailed`, when given, tells a store error (worth trying again) from predictions that make no table.
Result<business::PredictionTable> loadJudgedPredictions(db::PredictionColumnReader &reader, std::int64_t evaluationId,
                                                        const Framing &framing, bool *storeFailed = nullptr)
{
    Result<std::vector<db::PredictionColumn>> columns = reader.columns(
        evaluationId, [&framing](const QStringList &stored) { return judgedColumnNames(framing, stored); });
    if (storeFailed)
        *storeFailed = !columns;
    if (!columns)
        return Error{columns.error()};
    return business::judgedPredictionTable(std::move(columns).value(), framing);
}

} // namespace

Result<business::PredictionTable> loadJudgedPredictions(db::Database &db, std::int64_t evaluationId,
                                                        const Framing &framing)
{
    db::PredictionColumnReader reader(db);
    return loadJudgedPredictions(reader, evaluationId, framing);
}

Result<business::PredictionTable> loadJudgedPredictionsCached(db::Database &db, const db::EvaluationRecord &evaluation,
                                                              const Framing &framing)
{
    db::PredictionColumnReader reader(db);
    Result<std::vector<db::PredictionColumn>> columns = PredictionCache::instance().columns(
        reader, db.path(), evaluation,
        [&framing](const QStringList &stored) { return judgedColumnNames(framing, stored); });
    if (!columns)
        return Error{columns.error()};
    return business::judgedPredictionTable(std::move(columns).value(), framing);
}

namespace {

const char *const kLatencyPercentiles[] = {"p50", "p90", "p95", "p99"};

QString latencyName(const char *percentile)
{
    return QStringLiteral("latency_%1_ms").arg(QLatin1String(percentile));
}

} // namespace

QMap<QString, double> latencyValues(const QJsonObject &latency)
{
    QMap<QString, double> values;
    const QJsonObject single = latency.value(QStringLiteral("batch_1")).toObject();
    for (const char *p : kLatencyPercentiles) {
        const QJsonValue v = single.value(QLatin1String(p) + QLatin1String("_ms"));
        if (v.isDouble())
            values.insert(latencyName(p), v.toDouble());
    }
    return values;
}

QStringList latencyValueNames()
{
    QStringList names;
    for (const char *p : kLatencyPercentiles)
        names << latencyName(p);
    return names;
}

Result<RunMetrics> computeRunMetrics(db::Database &db, const db::RunRecord &run, const Framing &framing)
{
    QStringList all;
    for (const BusinessMetric &m : framing.businessMetrics)
        all << m.name;
    return computeRunMetrics(db, run, framing, all);
}

std::optional<db::EvaluationRecord> judgedEvaluation(const QList<db::EvaluationRecord> &newestFirst)
{
    for (const char *part : {"test", "validation"})
        for (const db::EvaluationRecord &e : newestFirst)
            if (e.part == QLatin1String(part))
                return e;
    if (newestFirst.isEmpty())
        return std::nullopt;
    return newestFirst.constFirst();
}

std::optional<db::EvaluationRecord> evaluationOnVersion(const QList<db::EvaluationRecord> &newestFirst,
                                                        std::int64_t datasetVersion)
{
    for (const db::EvaluationRecord &e : newestFirst)
        if (e.part == QLatin1String("all") && e.datasetVersionId == datasetVersion &&
            e.checkpoint == QLatin1String("best"))
            return e;
    return std::nullopt;
}

std::optional<db::EvaluationRecord> choosingEvaluation(const QList<db::EvaluationRecord> &newestFirst,
                                                       const db::EvaluationRecord &judged)
{
    if (judged.part != QLatin1String("test"))
        return std::nullopt;
    for (const db::EvaluationRecord &e : newestFirst)
        if (e.part == QLatin1String("validation") && e.datasetVersionId == judged.datasetVersionId &&
            e.splitId == judged.splitId && e.checkpoint == judged.checkpoint)
            return e;
    return std::nullopt;
}

namespace {

// A run as the store gives it, before its business metrics are evaluated.
struct ReadRun {
    RunMetrics metrics;                                     // the run, its judged evaluation, its ML and latency values
    std::optional<Result<business::PredictionTable>> table; // when it has an evaluation and there are business metrics
    bool storeFailed = false; // the predictions could not be read: the metrics' errors are no values to keep
};

// The evaluation's ML metrics and latency by the names requirements use.
QMap<QString, double> evaluationValues(const db::RunRecord &run, const Framing &framing, const db::EvaluationRecord &e)
{
    QMap<QString, double> values;
    // A one-target run of a framing with several targets also names its metrics by target
    // (test/roc_auc is test/engagement/roc_auc too), so that a column compares like with
    // like across one-target and two-head runs.
    const QJsonArray targets = run.config.value(QStringLiteral("targets")).toArray();
    const QString onlyTarget =
        framing.targetColumns.size() > 1 && targets.size() == 1 ? targets.first().toString() : QString();
    for (auto it = e.metrics.constBegin(); it != e.metrics.constEnd(); ++it) {
        if (!it.value().isDouble())
            continue;
        values.insert(it.key(), it.value().toDouble());
        if (!onlyTarget.isEmpty() && it.key().count(QLatin1Char('/')) == 1)
            values.insert(it.key().section(QLatin1Char('/'), 0, 0) + QLatin1Char('/') + onlyTarget + QLatin1Char('/') +
                              it.key().section(QLatin1Char('/'), 1),
                          it.value().toDouble());
    }
    const QMap<QString, double> latency = latencyValues(e.latency);
    for (auto it = latency.constBegin(); it != latency.constEnd(); ++it)
        values.insert(it.key(), it.value());
    return values;
}

// The evaluation's values and predictions: on the connection's thread.
ReadRun readRun(db::PredictionColumnReader &reader, const db::RunRecord &run, const Framing &framing,
                const std::optional<db::EvaluationRecord> &evaluation)
{
    ReadRun read;
    RunMetrics &result = read.metrics;
    result.run = run;
    if (!evaluation)
        return read;
    result.evaluation = *evaluation;
    const db::EvaluationRecord &e = *result.evaluation;
    result.values = evaluationValues(run, framing, e);
    // Loaded once for every metric; a table that cannot be built is every metric's error. Without
    // business metrics (no framing yet) nothing reads the predictions: the ML metrics are stored.
    if (!framing.businessMetrics.isEmpty())
        read.table = loadJudgedPredictions(reader, e.id, framing, &read.storeFailed);
    return read;
}

// The business metrics and the stakeholders' requirements of `result`'s evaluation from its table
// (null: it has none): no store, so any thread. The table is read in place: at a million items a
// copy costs more than the metrics.
RunMetrics judgeTable(RunMetrics result, const Result<business::PredictionTable> *judgedTable, const Framing &framing,
                      const QStringList &onlyMetrics)
{
    if (judgedTable) {
        const Result<business::PredictionTable> &table = *judgedTable;
        const QStringList declared = business::declaredItemColumns(framing);
        // Metrics with the same selection share it (the demo's three all take the top 100):
        // selecting passes over every item, the rest of a metric reads the selected ones only.
        std::vector<std::pair<std::pair<Selection, double>, Result<business::ItemSelection>>> selections;
        const auto selectionFor = [&](const BusinessMetric &metric) -> const Result<business::ItemSelection> & {
            const std::pair<Selection, double> key{metric.selection, metric.selectionParameter};
            for (const auto &[made, selection] : selections)
                if (made == key)
                    return selection;
            selections.emplace_back(key, business::selectItems(metric.selection, metric.selectionParameter, *table));
            return selections.back().second;
        };
        for (const BusinessMetric &metric : framing.businessMetrics) {
            if (!onlyMetrics.contains(metric.name))
                continue;
            BusinessMetricOutcome outcome;
            outcome.name = metric.name;
            outcome.unit = metric.unit;
            outcome.direction = metric.direction;
            if (!table) {
                outcome.error = QStringLiteral("business metric '%1': %2").arg(metric.name, table.error());
            } else {
                const Result<business::ItemSelection> &selection = selectionFor(metric);
                // A selection that fails is the metric's error, worded as evaluateBusinessMetric words it.
                const Result<business::MetricValue> value =
                    selection ? business::evaluateBusinessMetricOn(metric, *table, *selection, declared)
                              : business::evaluateBusinessMetric(metric, *table, declared);
                if (value) {
                    outcome.value = value->value;
                    outcome.selected = value->selected;
                    outcome.notes = value->notes;
                    if (std::isfinite(value->value))
                        result.values.insert(metric.name, value->value);
                } else {
                    outcome.error = value.error();
                }
            }
            result.businessMetrics << outcome;
        }
    }
    result.requirements = business::evaluateRequirements(framing.stakeholders, result.values);
    return result;
}

RunMetrics judgeRun(ReadRun read, const Framing &framing, const QStringList &onlyMetrics)
{
    return judgeTable(std::move(read.metrics), read.table ? &*read.table : nullptr, framing, onlyMetrics);
}

// The framing's business metrics for one evaluation as stored, in the framing's order; none unless
// every one of them is there (a metric added since makes the whole evaluation computed again).
std::optional<QList<BusinessMetricOutcome>> storedOutcomes(const Framing &framing,
                                                           const QList<db::StoredBusinessValue> &stored)
{
    QList<BusinessMetricOutcome> outcomes;
    for (const BusinessMetric &metric : framing.businessMetrics) {
        const auto found = std::find_if(stored.cbegin(), stored.cend(),
                                        [&metric](const db::StoredBusinessValue &v) { return v.metric == metric.name; });
        if (found == stored.cend())
            return std::nullopt;
        BusinessMetricOutcome outcome;
        outcome.name = metric.name;
        outcome.unit = metric.unit;
        outcome.direction = metric.direction;
        outcome.error = found->error;
        if (found->value)
            outcome.value = *found->value;
        else if (found->error.isEmpty())
            outcome.value = std::nan(""); // computed, and not a number: stored as NULL
        outcome.selected = std::size_t(found->selected);
        outcome.notes = found->notes;
        outcomes << outcome;
    }
    return outcomes;
}

// The run judged by stored values: what judgeRun gives from its predictions, without them.
RunMetrics judgeRunFromStored(RunMetrics result, const Framing &framing, QList<BusinessMetricOutcome> outcomes)
{
    for (const BusinessMetricOutcome &outcome : outcomes)
        if (outcome.value && std::isfinite(*outcome.value))
            result.values.insert(outcome.name, *outcome.value);
    result.businessMetrics = std::move(outcomes);
    result.requirements = business::evaluateRequirements(framing.stakeholders, result.values);
    return result;
}

QList<db::StoredBusinessValue> valuesToStore(const RunMetrics &metrics)
{
    QList<db::StoredBusinessValue> values;
    if (!metrics.evaluation)
        return values;
    for (const BusinessMetricOutcome &outcome : metrics.businessMetrics) {
        db::StoredBusinessValue v;
        v.evaluationId = metrics.evaluation->id;
        v.metric = outcome.name;
        v.value = outcome.value;
        v.selected = std::int64_t(outcome.selected);
        v.error = outcome.error;
        v.notes = outcome.notes;
        values << v;
    }
    return values;
}

} // namespace

RunMetrics judgeEvaluation(const db::RunRecord &run, const Framing &framing, const db::EvaluationRecord &evaluation,
                           const Result<business::PredictionTable> &table)
{
    RunMetrics metrics;
    metrics.run = run;
    metrics.evaluation = evaluation;
    metrics.values = evaluationValues(run, framing, evaluation);
    QStringList all;
    for (const BusinessMetric &m : framing.businessMetrics)
        all << m.name;
    return judgeTable(std::move(metrics), &table, framing, all);
}

namespace {

Result<RunMetrics> computeOn(db::Database &db, const db::RunRecord &run, const Framing &framing,
                             const QStringList &onlyMetrics, const std::optional<db::EvaluationRecord> &evaluation)
{
    db::PredictionColumnReader reader(db);
    return judgeRun(readRun(reader, run, framing, evaluation), framing, onlyMetrics);
}

// Runs read and waiting to be judged: for 1000 runs reading the predictions and evaluating the
// business metrics take about as long each, so a helper thread judges while the store is read
// (core/Pipeline.h). At most this many wait, so memory stays at a few tables.
constexpr std::size_t kQueuedRuns = 4;

} // namespace

Result<RunMetrics> computeRunMetrics(db::Database &db, const db::RunRecord &run, const Framing &framing,
                                     const QStringList &onlyMetrics)
{
    Result<QList<db::EvaluationRecord>> evaluations = db::EvaluationRepository(db).evaluationsOf(run.id);
    if (!evaluations)
        return Error{evaluations.error()};
    return computeOn(db, run, framing, onlyMetrics, judgedEvaluation(*evaluations));
}

QList<Result<RunMetrics>> computeProjectRunMetrics(db::Database &db, std::int64_t projectId,
                                                   const QList<db::RunRecord> &runs, const Framing &framing,
                                                   const QList<RunMetrics> &previous)
{
    ProjectRunMetricsOptions options;
    options.previous = previous;
    return computeProjectRunMetrics(db, projectId, runs, framing, options);
}

namespace {

// Which of a run's evaluations (newest first) computeProjectRunMetrics judges it by.
using EvaluationChoice = std::optional<db::EvaluationRecord> (*)(const QList<db::EvaluationRecord> &newestFirst);

std::optional<db::EvaluationRecord> choosingOfJudged(const QList<db::EvaluationRecord> &newestFirst)
{
    const std::optional<db::EvaluationRecord> judged = judgedEvaluation(newestFirst);
    return judged ? choosingEvaluation(newestFirst, *judged) : std::nullopt;
}

QList<Result<RunMetrics>> computeProjectMetricsOn(db::Database &db, std::int64_t projectId,
                                                  const QList<db::RunRecord> &runs, const Framing &framing,
                                                  const ProjectRunMetricsOptions &options, EvaluationChoice choose)
{
    const QList<RunMetrics> &previous = options.previous;
    const auto cancelled = [&options] { return options.cancel && options.cancel->load(); };
    QList<Result<RunMetrics>> results;
    results.reserve(runs.size());
    const auto failAll = [&](const QString &message) {
        for (qsizetype i = 0; i < runs.size(); ++i)
            results.append(Error{message});
        return results;
    };
    db::EvaluationRepository repository(db);
    const Result<QHash<std::int64_t, QList<db::EvaluationRecord>>> summaries =
        repository.evaluationSummariesOfProject(projectId);
    if (!summaries)
        return failAll(summaries.error());

    // Which evaluation judges each run: a run judged as when `previous` was computed is reused,
    // the others' evaluations are read in full, together.
    QHash<std::int64_t, const RunMetrics *> before;
    for (const RunMetrics &m : previous)
        before.insert(m.run.id, &m);
    std::vector<std::optional<db::EvaluationRecord>> judged(std::size_t(runs.size()));
    std::vector<const RunMetrics *> reused(std::size_t(runs.size()), nullptr);
    QList<std::int64_t> toRead;
    for (qsizetype i = 0; i < runs.size(); ++i) {
        const db::RunRecord &run = runs.at(i);
        std::optional<db::EvaluationRecord> &evaluation = judged[std::size_t(i)];
        evaluation = choose(summaries->value(run.id));
        const RunMetrics *known = before.value(run.id);
        if (known && evaluation && known->evaluation && known->evaluation->id == evaluation->id &&
            known->run.configSha256 == run.configSha256)
            reused[std::size_t(i)] = known;
        else if (evaluation)
            toRead << evaluation->id;
    }
    const Result<QHash<std::int64_t, db::EvaluationRecord>> read = repository.evaluationsWithoutSamples(toRead);
    if (!read)
        return failAll(read.error());

    QStringList all;
    for (const BusinessMetric &m : framing.businessMetrics)
        all << m.name;
    // Each slot is written once, by this thread (reused runs, errors) or by the helper (judged runs).
    std::vector<std::optional<Result<RunMetrics>>> slots(std::size_t(runs.size()));
    std::vector<bool> computedHere(std::size_t(runs.size()), false); // judged from predictions
    db::PredictionColumnReader reader(db);
    {
        // The helper judges with its own copy of the framing and metric names (Qt's implicitly
        // shared classes: one instance per thread).
        Pipeline<std::pair<std::size_t, ReadRun>> judging(
            kQueuedRuns, [&slots, framing, all](std::pair<std::size_t, ReadRun> &read) {
                slots[read.first] = judgeRun(std::move(read.second), framing, all);
            });
        for (qsizetype i = 0; i < runs.size(); ++i) {
            const std::size_t slot = std::size_t(i);
            const db::RunRecord &run = runs.at(i);
            if (options.progress)
                options.progress(int(i), int(runs.size()));
            if (cancelled()) {
                slots[slot] = Result<RunMetrics>(Error{QStringLiteral("cancelled")});
                continue;
            }
            if (const RunMetrics *known = reused[slot]) {
                RunMetrics metrics = *known;
                metrics.run = run;
                slots[slot] = std::move(metrics);
                continue;
            }
            std::optional<db::EvaluationRecord> &evaluation = judged[slot];
            if (evaluation) {
                const auto full = read->constFind(evaluation->id);
                if (full == read->constEnd()) { // removed meanwhile, with its run
                    slots[slot] =
                        Result<RunMetrics>(Error{QStringLiteral("evaluation %1 does not exist").arg(evaluation->id)});
                    continue;
                }
                evaluation = *full;
                if (const auto stored = options.stored.constFind(evaluation->id); stored != options.stored.constEnd())
                    if (std::optional<QList<BusinessMetricOutcome>> outcomes = storedOutcomes(framing, *stored)) {
                        RunMetrics metrics;
                        metrics.run = run;
                        metrics.evaluation = *evaluation;
                        metrics.values = evaluationValues(run, framing, *evaluation);
                        slots[slot] = judgeRunFromStored(std::move(metrics), framing, std::move(*outcomes));
                        continue;
                    }
            }
            ReadRun read = readRun(reader, run, framing, evaluation);
            computedHere[slot] = evaluation.has_value() && !read.storeFailed;
            judging.push({slot, std::move(read)});
        }
        judging.drain(); // never cancelled, so every slot is filled; rethrows what judging threw
    }
    if (options.progress)
        options.progress(int(runs.size()), int(runs.size()));
    for (std::size_t slot = 0; slot < slots.size(); ++slot) {
        if (options.computed && computedHere[slot] && *slots[slot])
            *options.computed << valuesToStore(slots[slot]->value());
        results.append(std::move(*slots[slot]));
    }
    return results;
}

} // namespace

QList<Result<RunMetrics>> computeProjectRunMetrics(db::Database &db, std::int64_t projectId,
                                                   const QList<db::RunRecord> &runs, const Framing &framing,
                                                   const ProjectRunMetricsOptions &options)
{
    return computeProjectMetricsOn(db, projectId, runs, framing, options, &judgedEvaluation);
}

QList<Result<RunMetrics>> computeProjectChoosingMetrics(db::Database &db, std::int64_t projectId,
                                                        const QList<db::RunRecord> &runs, const Framing &framing,
                                                        const ProjectRunMetricsOptions &options)
{
    return computeProjectMetricsOn(db, projectId, runs, framing, options, &choosingOfJudged);
}

Result<RunMetrics> computeRunMetrics(db::Database &db, const db::RunRecord &run, const Framing &framing,
                                     std::int64_t evaluationId)
{
    Result<db::EvaluationRecord> evaluation = db::EvaluationRepository(db).evaluation(evaluationId);
    if (!evaluation)
        return Error{evaluation.error()};
    if (evaluation->runId != run.id)
        return Error{QStringLiteral("evaluation %1 is not an evaluation of run %2").arg(evaluationId).arg(run.id)};
    QStringList all;
    for (const BusinessMetric &m : framing.businessMetrics)
        all << m.name;
    return computeOn(db, run, framing, all, *evaluation);
}

Result<QStringList> requirementMetricNames(db::Database &db, std::int64_t projectId, const Framing &framing)
{
    QStringList names;
    for (const BusinessMetric &m : framing.businessMetrics)
        names << m.name;
    names << latencyValueNames();
    const Result<QList<db::RunRecord>> runs = db::RunRepository(db).runs(projectId);
    if (!runs)
        return Error{runs.error()};
    db::EvaluationRepository repository(db);
    const Result<QHash<std::int64_t, QList<db::EvaluationRecord>>> summaries =
        repository.evaluationSummariesOfProject(projectId);
    if (!summaries)
        return Error{summaries.error()};
    QHash<std::int64_t, const db::RunRecord *> judgedRun;
    for (const db::RunRecord &run : *runs)
        if (const std::optional<db::EvaluationRecord> e = judgedEvaluation(summaries->value(run.id)))
            judgedRun.insert(e->id, &run);
    const Result<QHash<std::int64_t, db::EvaluationRecord>> evaluations =
        repository.evaluationsWithoutSamples(judgedRun.keys());
    if (!evaluations)
        return Error{evaluations.error()};
    QStringList measured;
    for (auto it = evaluations->constBegin(); it != evaluations->constEnd(); ++it)
        measured << evaluationValues(*judgedRun.value(it.key()), framing, it.value()).keys();
    measured.sort();
    names << measured;
    names.removeDuplicates();
    return names;
}

} // namespace mb::services
