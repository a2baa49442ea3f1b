// SPDX-License-Identifier: GPL-3.0-or-later
#include "RunMetrics.h"

#include <BusinessMetricEngine.h>
#include <JudgedPredictions.h>
#include <PredictionTable.h>

#include <QJsonArray>

#include <cmath>
#include <utility>
#include <vector>

namespace mb::cli {

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

} // namespace

Result<business::PredictionTable> loadJudgedPredictions(db::Database &db, std::int64_t evaluationId, const Framing &framing)
{
    db::EvaluationRepository evaluations(db);
    Result<QStringList> names = evaluations.columnNames(evaluationId);
    if (!names)
        return Error{names.error()};
    Result<std::vector<db::PredictionColumn>> columns = evaluations.columns(evaluationId, judgedColumnNames(framing, *names));
    if (!columns)
        return Error{columns.error()};
    return business::judgedPredictionTable(std::move(columns).value(), framing);
}

QMap<QString, double> latencyValues(const QJsonObject &latency)
{
    QMap<QString, double> values;
    const QJsonObject single = latency.value(QStringLiteral("batch_1")).toObject();
    for (const char *p : {"p50", "p90", "p95", "p99"}) {
        const QJsonValue v = single.value(QLatin1String(p) + QLatin1String("_ms"));
        if (v.isDouble())
            values.insert(QStringLiteral("latency_%1_ms").arg(QLatin1String(p)), v.toDouble());
    }
    return values;
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
    for (const db::EvaluationRecord &e : newestFirst)
        if (e.part != QLatin1String("all"))
            return e;
    if (newestFirst.isEmpty())
        return std::nullopt;
    return newestFirst.constFirst();
}

namespace {

Result<RunMetrics> computeOn(db::Database &db, const db::RunRecord &run, const Framing &framing,
                             const QStringList &onlyMetrics, const std::optional<db::EvaluationRecord> &evaluation);

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
    QList<Result<RunMetrics>> results;
    results.reserve(runs.size());
    const Result<QHash<std::int64_t, QList<db::EvaluationRecord>>> evaluations =
        db::EvaluationRepository(db).evaluationsOfProject(projectId);
    if (!evaluations) {
        for (qsizetype i = 0; i < runs.size(); ++i)
            results.append(Error{evaluations.error()});
        return results;
    }
    QHash<std::int64_t, const RunMetrics *> before;
    for (const RunMetrics &m : previous)
        before.insert(m.run.id, &m);
    QStringList all;
    for (const BusinessMetric &m : framing.businessMetrics)
        all << m.name;
    for (const db::RunRecord &run : runs) {
        const std::optional<db::EvaluationRecord> judged = judgedEvaluation(evaluations->value(run.id));
        const RunMetrics *known = before.value(run.id);
        if (known && judged && known->evaluation && known->evaluation->id == judged->id &&
            known->run.configSha256 == run.configSha256) {
            RunMetrics reused = *known;
            reused.run = run;
            results.append(std::move(reused));
        } else {
            results.append(computeOn(db, run, framing, all, judged));
        }
    }
    return results;
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

namespace {

Result<RunMetrics> computeOn(db::Database &db, const db::RunRecord &run, const Framing &framing,
                             const QStringList &onlyMetrics, const std::optional<db::EvaluationRecord> &evaluation)
{
    RunMetrics result;
    result.run = run;
    if (evaluation) {
        result.evaluation = *evaluation;
        const db::EvaluationRecord &e = *result.evaluation;
        // A one-target run of a framing with several targets also names its metrics by target
        // (test/roc_auc is test/engagement/roc_auc too), so that a column compares like with
        // like across one-target and two-head runs.
        const QJsonArray targets = run.config.value(QStringLiteral("targets")).toArray();
        const QString onlyTarget =
            framing.targetColumns.size() > 1 && targets.size() == 1 ? targets.first().toString() : QString();
        for (auto it = e.metrics.constBegin(); it != e.metrics.constEnd(); ++it) {
            if (!it.value().isDouble())
                continue;
            result.values.insert(it.key(), it.value().toDouble());
            if (!onlyTarget.isEmpty() && it.key().count(QLatin1Char('/')) == 1)
                result.values.insert(it.key().section(QLatin1Char('/'), 0, 0) + QLatin1Char('/') + onlyTarget +
                                         QLatin1Char('/') + it.key().section(QLatin1Char('/'), 1),
                                     it.value().toDouble());
        }
        const QMap<QString, double> latency = latencyValues(e.latency);
        for (auto it = latency.constBegin(); it != latency.constEnd(); ++it)
            result.values.insert(it.key(), it.value());

        // Loaded once for every metric; a table that cannot be built is every metric's error.
        const Result<business::PredictionTable> table = loadJudgedPredictions(db, e.id, framing);
        const QStringList declared = business::declaredItemColumns(framing);
        for (const BusinessMetric &metric : framing.businessMetrics) {
            if (!onlyMetrics.contains(metric.name))
                continue;
            BusinessMetricOutcome outcome;
            outcome.name = metric.name;
            outcome.unit = metric.unit;
            outcome.direction = metric.direction;
            if (!table) {
                outcome.error = QStringLiteral("business metric '%1': %2").arg(metric.name, table.error());
            } else if (Result<business::MetricValue> value = business::evaluateBusinessMetric(metric, *table, declared)) {
                outcome.value = value->value;
                outcome.selected = value->selected;
                outcome.notes = value->notes;
                if (std::isfinite(value->value))
                    result.values.insert(metric.name, value->value);
            } else {
                outcome.error = value.error();
            }
            result.businessMetrics << outcome;
        }
    }
    result.requirements = business::evaluateRequirements(framing.stakeholders, result.values);
    return result;
}

} // namespace

} // namespace mb::cli
