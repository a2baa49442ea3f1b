// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/TradeoffSession.h"

#include "app/services/PredictionCache.h"
#include "app/services/RunMetrics.h"
#include "core/business/BusinessMetricEngine.h"
#include "core/tradeoff/RunPair.h"
#include "db/Database.h"
#include "db/EvaluationRepository.h"

#include <QJsonArray>
#include <QMap>

#include <cmath>
#include <utility>
#include <vector>

namespace mb::services {

namespace {

// A run with the evaluation a pair reads (PairPart) and the names of its stored columns.
struct EvaluatedRun {
    db::RunRecord run;
    db::EvaluationRecord evaluation;
    QStringList columns;
};

Result<EvaluatedRun> loadEvaluatedRun(db::Database &db, std::int64_t runId, PairPart part)
{
    Result<db::RunRecord> run = db::RunRepository(db).run(runId);
    if (!run)
        return Error{run.error()};
    db::EvaluationRepository evaluations(db);
    Result<QList<db::EvaluationRecord>> stored = evaluations.evaluationsOf(runId);
    if (!stored)
        return Error{stored.error()};
    const std::optional<db::EvaluationRecord> judged = judgedEvaluation(*stored);
    if (!judged)
        return Error{QStringLiteral("run '%1' has no evaluation yet (it is %2): only a finished run's predictions "
                                    "can be ranked")
                         .arg(run->name, db::toKey(run->status))};
    std::optional<db::EvaluationRecord> evaluation = judged;
    if (part == PairPart::Choosing) {
        evaluation = choosingEvaluation(*stored, *judged);
        if (!evaluation)
            return Error{QStringLiteral("run '%1' has no validation predictions (it was trained before they were kept, "
                                        "or its split has no validation part)")
                             .arg(run->name)};
    }
    Result<QStringList> columns = evaluations.columnNames(evaluation->id);
    if (!columns)
        return Error{columns.error()};
    return EvaluatedRun{*run, *evaluation, *columns};
}

// The targets a run's predictions score, for messages: "engagement", "quality and engagement".
QString scoredTargets(const QStringList &columns)
{
    QStringList targets;
    for (const QString &column : columns)
        if (column.startsWith(QLatin1String("score:")))
            targets << QStringLiteral("'%1'").arg(column.mid(6));
    return targets.isEmpty() ? QStringLiteral("nothing") : targets.join(QStringLiteral(" and "));
}

// The stored score column of `target`, or why the run cannot stand for that objective.
Result<TradeoffSide> sideFor(const EvaluatedRun &evaluated, const QString &target, const QString &which)
{
    const QString column = QStringLiteral("score:") + target;
    if (!evaluated.columns.contains(column))
        return Error{QStringLiteral("run '%1' cannot stand for '%2', the framing's %3 objective: its predictions "
                                    "have no column '%4' (it scores %5)")
                         .arg(evaluated.run.name, target, which, column, scoredTargets(evaluated.columns))};
    return TradeoffSide{evaluated.run.id, evaluated.run.name, evaluated.evaluation.id, column};
}

Status checkTwoTargets(const Framing &framing)
{
    if (framing.targetColumns.size() < 2)
        return Error{QStringLiteral("the framing has %1 target(s): a trade-off needs two objectives")
                         .arg(framing.targetColumns.size())};
    return success();
}

// The side's raw stored scores, through the process's PredictionCache: a pair, its other part and
// the run-evaluation view read the same immutable columns.
Result<std::vector<double>> scoresOf(db::Database &db, const TradeoffSide &side, const db::EvaluationRecord &evaluation)
{
    db::PredictionColumnReader reader(db);
    Result<std::vector<db::PredictionColumn>> columns = PredictionCache::instance().columns(
        reader, db.path(), evaluation, [&side](const QStringList &) { return QStringList{side.scoreColumn}; });
    if (columns && columns->size() != 1)
        columns = Error{QStringLiteral("evaluation %1 has no prediction column '%2'").arg(evaluation.id).arg(side.scoreColumn)};
    if (!columns)
        return Error{QStringLiteral("run '%1': %2").arg(side.runName, columns.error())};
    return std::move(columns->front().second);
}

// The run's evaluated items as the framing's business metrics read them, without its own ranking:
// the engine ranks by its weights.
Result<business::PredictionTable> itemsOf(db::Database &db, const EvaluatedRun &evaluated, const Framing &framing)
{
    Result<business::PredictionTable> table = loadJudgedPredictionsCached(db, evaluated.evaluation, framing);
    if (!table)
        return Error{QStringLiteral("run '%1': %2").arg(evaluated.run.name, table.error())};
    return table;
}

// Which objective each run stands for: `first` scores the framing's first target, `second` its
// second (one two-head run may be both).
Status assignSides(TradeoffPair &pair, const EvaluatedRun &first, const EvaluatedRun &second, const Framing &framing)
{
    Result<TradeoffSide> a = sideFor(first, framing.targetColumns.at(0), QStringLiteral("first"));
    if (!a)
        return Error{a.error()};
    Result<TradeoffSide> b = sideFor(second, framing.targetColumns.at(1), QStringLiteral("second"));
    if (!b)
        return Error{b.error()};
    pair.a = std::move(a).value();
    pair.b = std::move(b).value();
    return success();
}

// The rest of a pair whose sides are assigned: both raw score columns (side a's from `evaluation`,
// b's from `evaluationB`), the items, where they were evaluated, and the framing's metrics.
Status completePair(db::Database &db, TradeoffPair &pair, business::PredictionTable items,
                    const db::EvaluationRecord &evaluation, const db::EvaluationRecord &evaluationB,
                    const Framing &framing)
{
    Result<std::vector<double>> a = scoresOf(db, pair.a, evaluation);
    if (!a)
        return Error{a.error()};
    Result<std::vector<double>> b = scoresOf(db, pair.b, evaluationB);
    if (!b)
        return Error{b.error()};
    pair.data.a = std::move(a).value();
    pair.data.b = std::move(b).value();
    pair.data.items = std::move(items);
    // The engine owns the ranking columns (mergeItemColumns leaves them empty too).
    pair.data.items.score.clear();
    pair.data.items.predicted.clear();
    pair.data.metrics = framing.businessMetrics;
    pair.data.declaredColumns = business::declaredItemColumns(framing);
    pair.datasetVersionId = evaluation.datasetVersionId;
    pair.splitId = evaluation.splitId;
    pair.part = evaluation.part;
    return success();
}

} // namespace

Result<TradeoffPair> loadTradeoffPair(db::Database &db, const Framing &framing, std::int64_t runA, std::int64_t runB,
                                      PairPart part)
{
    if (const Status targets = checkTwoTargets(framing); !targets)
        return Error{targets.error()};
    const Result<EvaluatedRun> first = loadEvaluatedRun(db, runA, part);
    if (!first)
        return Error{first.error()};
    if (runA == runB)
        return Error{QStringLiteral("run '%1' cannot be paired with itself: choose one run per objective (a two-head "
                                    "run is the Approach-1 point)")
                         .arg(first->run.name)};
    const Result<EvaluatedRun> second = loadEvaluatedRun(db, runB, part);
    if (!second)
        return Error{second.error()};

    // Which objective each run stands for comes first: a swapped pair is the likelier mistake,
    // and it is told without reading a single item.
    TradeoffPair pair;
    if (const Status sides = assignSides(pair, *first, *second, framing); !sides)
        return Error{sides.error()};

    Result<business::PredictionTable> itemsA = itemsOf(db, *first, framing);
    if (!itemsA)
        return Error{itemsA.error()};
    Result<business::PredictionTable> itemsB = itemsOf(db, *second, framing);
    if (!itemsB)
        return Error{itemsB.error()};

    // The pair rule reads the ids in place; they are moved out and back rather than copied.
    tradeoff::EvaluatedItems evaluatedA{first->run.name, first->evaluation.datasetVersionId, first->evaluation.splitId,
                                        first->evaluation.part, std::move(itemsA.value().itemIds)};
    tradeoff::EvaluatedItems evaluatedB{second->run.name, second->evaluation.datasetVersionId,
                                        second->evaluation.splitId, second->evaluation.part,
                                        std::move(itemsB.value().itemIds)};
    if (const Status combinable = tradeoff::checkPair(evaluatedA, evaluatedB); !combinable)
        return Error{combinable.error()};
    itemsA.value().itemIds = std::move(evaluatedA.itemIds);
    itemsB.value().itemIds = std::move(evaluatedB.itemIds);

    Result<business::PredictionTable> merged = tradeoff::mergeItemColumns(std::move(itemsA).value(), *itemsB);
    if (!merged)
        return Error{QStringLiteral("runs '%1' and '%2': %3").arg(first->run.name, second->run.name, merged.error())};

    if (const Status completed = completePair(db, pair, std::move(merged).value(), first->evaluation,
                                                  second->evaluation, framing);
        !completed)
        return Error{completed.error()};
    return pair;
}

Result<TradeoffPair> loadApproachOnePair(db::Database &db, const Framing &framing, std::int64_t combinedRun,
                                         PairPart part)
{
    if (const Status targets = checkTwoTargets(framing); !targets)
        return Error{targets.error()};
    const Result<EvaluatedRun> evaluated = loadEvaluatedRun(db, combinedRun, part);
    if (!evaluated)
        return Error{evaluated.error()};

    TradeoffPair pair;
    if (const Status sides = assignSides(pair, *evaluated, *evaluated, framing); !sides)
        return Error{sides.error()};
    // A two-objective config always stores its weights (TrainingConfig::alpha, beta).
    const QJsonValue alpha = evaluated->run.config.value(QStringLiteral("alpha"));
    const QJsonValue beta = evaluated->run.config.value(QStringLiteral("beta"));
    if (!alpha.isDouble() || !beta.isDouble())
        return Error{QStringLiteral("run '%1' has no loss weights (alpha, beta) in its config").arg(evaluated->run.name)};
    pair.trainingWeights = TrainingWeights{alpha.toDouble(), beta.toDouble()};

    Result<business::PredictionTable> items = itemsOf(db, *evaluated, framing);
    if (!items)
        return Error{items.error()};
    if (const Status completed = completePair(db, pair, std::move(items).value(), evaluated->evaluation,
                                                  evaluated->evaluation, framing);
        !completed)
        return Error{completed.error()};
    return pair;
}

Result<TradeoffPairs> loadTradeoffPairs(db::Database &db, const Framing &framing, std::int64_t runA, std::int64_t runB)
{
    Result<TradeoffPair> reported = loadTradeoffPair(db, framing, runA, runB, PairPart::Reported);
    if (!reported)
        return Error{reported.error()};
    TradeoffPairs pairs;
    pairs.reported = std::move(reported).value();
    Result<TradeoffPair> choosing = loadTradeoffPair(db, framing, runA, runB, PairPart::Choosing);
    if (choosing)
        pairs.choosing = std::move(choosing).value();
    else
        pairs.noChoosingReason = choosing.error();
    return pairs;
}

Result<tradeoff::TradeoffEngine> tradeoffEngine(const TradeoffPair &pair, tradeoff::ScoreNormalisation how)
{
    return tradeoffEngine(TradeoffPair(pair), how);
}

Result<tradeoff::TradeoffEngine> tradeoffEngine(TradeoffPair &&pair, tradeoff::ScoreNormalisation how)
{
    tradeoff::TradeoffData data = std::move(pair.data);
    for (auto [scores, side] : {std::pair{&data.a, &pair.a}, std::pair{&data.b, &pair.b}}) {
        Result<std::vector<double>> normalised = tradeoff::normaliseScores(*scores, how);
        if (!normalised)
            return Error{QStringLiteral("run '%1' (%2): %3").arg(side->runName, side->scoreColumn, normalised.error())};
        *scores = std::move(normalised).value();
    }
    return tradeoff::TradeoffEngine::create(std::move(data));
}

PolicyMetrics policyMetricsOf(const tradeoff::TradeoffUpdate &update)
{
    PolicyMetrics metrics;
    for (const tradeoff::RankedMetricValue &metric : update.metrics)
        if (metric.value && std::isfinite(metric.value->value))
            metrics.insert(metric.name, metric.value->value);
    return metrics;
}

Result<PolicyMetrics> policyMetricsAt(const TradeoffPair &pair, const PolicySettings &settings)
{
    const std::optional<tradeoff::ScoreNormalisation> how = tradeoff::scoreNormalisationFromKey(settings.normalisation);
    if (!how)
        return Error{QStringLiteral("normalisation: expected one of %1, got '%2'")
                         .arg(tradeoff::scoreNormalisationKeys().join(QStringLiteral(", ")), settings.normalisation)};
    if (settings.k < 1)
        return Error{QStringLiteral("k: the top-k budget must be at least 1, got %1").arg(settings.k)};
    Result<tradeoff::TradeoffEngine> engine = tradeoffEngine(pair, *how);
    if (!engine)
        return Error{engine.error()};
    const Result<tradeoff::TradeoffUpdate> update =
        engine.value().update(settings.alpha, settings.beta, std::size_t(settings.k));
    if (!update)
        return Error{update.error()};
    return policyMetricsOf(*update);
}

std::optional<std::pair<std::int64_t, std::int64_t>> suggestedTradeoffRuns(const QList<db::RunRecord> &runsNewestFirst,
                                                                           const Framing &framing)
{
    if (framing.targetColumns.size() < 2)
        return std::nullopt;
    const QStringList onlyFirst{framing.targetColumns.at(0)};
    const QStringList onlySecond{framing.targetColumns.at(1)};
    // Per (dataset version, split): the newest run of each objective seen so far. Walking newest
    // first, the first place to hold both is the pair whose older run is the newest.
    QMap<std::pair<std::int64_t, std::int64_t>, std::pair<std::int64_t, std::int64_t>> newest;
    for (const db::RunRecord &run : runsNewestFirst) {
        if (run.status != db::RunStatus::Finished || !run.datasetVersionId || !run.splitId)
            continue;
        QStringList targets;
        for (const QJsonValue &t : run.config.value(QStringLiteral("targets")).toArray())
            targets << t.toString();
        const bool first = targets == onlyFirst;
        if (!first && targets != onlySecond)
            continue;
        std::pair<std::int64_t, std::int64_t> &found = newest[{*run.datasetVersionId, *run.splitId}];
        std::int64_t &slot = first ? found.first : found.second;
        if (slot == 0)
            slot = run.id;
        if (found.first != 0 && found.second != 0)
            return found;
    }
    return std::nullopt;
}

} // namespace mb::services
