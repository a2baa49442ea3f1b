// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/RunEvaluationRead.h"

#include "app/services/PredictionCache.h"
#include "db/Database.h"

namespace mb::services {

EvaluationDrawing readEvaluationDrawing(db::Database &db, const db::EvaluationRecord &evaluation,
                                        const Framing &framing)
{
    EvaluationDrawing drawing;
    drawing.evaluationId = evaluation.id;
    Result<business::PredictionTable> table = loadJudgedPredictionsCached(db, evaluation, framing);
    if (table)
        drawing.table = std::move(table).value();
    else
        drawing.tableError = table.error();
    db::PredictionColumnReader reader(db);
    Result<std::vector<db::PredictionColumn>> columns =
        PredictionCache::instance().columns(reader, db.path(), evaluation, [](const QStringList &stored) {
            QStringList chosen;
            for (const QString &name : stored)
                if (name.startsWith(QLatin1String("label:")) || name.startsWith(QLatin1String("score:")))
                    chosen << name;
            return chosen;
        });
    if (columns)
        drawing.labelsAndScores = std::move(columns).value();
    else
        drawing.labelsAndScoresError = columns.error();
    return drawing;
}

RunEvaluationRead readRunEvaluation(db::Database &db, std::int64_t runId, const Framing &framing,
                                    std::int64_t alsoEvaluation, const std::atomic<bool> *cancel)
{
    RunEvaluationRead read;
    const auto cancelled = [cancel] { return cancel && cancel->load(); };
    Result<db::RunRecord> run = db::RunRepository(db).run(runId);
    if (!run) {
        read.error = run.error();
        return read;
    }
    read.run = *run;
    Result<QList<db::EvaluationRecord>> evaluations = db::EvaluationRepository(db).evaluationsOf(runId);
    if (!evaluations) {
        read.error = evaluations.error();
        return read;
    }
    read.evaluations = *evaluations;
    read.judged = judgedEvaluation(read.evaluations);
    if (!read.judged)
        return read;

    read.judgedDrawing = readEvaluationDrawing(db, *read.judged, framing);
    const std::optional<db::EvaluationRecord> choosing = choosingEvaluation(read.evaluations, *read.judged);
    if (choosing) {
        Result<business::PredictionTable> validation = loadJudgedPredictionsCached(db, *choosing, framing);
        if (validation)
            read.validationTable = std::move(validation).value();
        else
            read.validationError = validation.error();
    }
    // An evaluation judged by the framing from a table read above, lent and taken back (a million
    // items' columns are not copied), or else from its predictions.
    const auto judge = [&](const db::EvaluationRecord &e, std::optional<business::PredictionTable> *readAbove) {
        if (!readAbove || !*readAbove)
            return judgeEvaluation(*read.run, framing, e, loadJudgedPredictionsCached(db, e, framing));
        Result<business::PredictionTable> lent(std::move(**readAbove));
        RunMetrics judged = judgeEvaluation(*read.run, framing, e, lent);
        *readAbove = std::move(lent).value();
        return judged;
    };
    db::DatasetRepository datasets(db);
    for (const db::EvaluationRecord &e : std::as_const(read.evaluations)) {
        if (cancelled())
            return read;
        if (!read.versions.contains(e.datasetVersionId))
            if (Result<db::DatasetVersionInfo> version = datasets.version(e.datasetVersionId))
                read.versions.insert(e.datasetVersionId, *version);
        if (e.id == alsoEvaluation && e.id != read.judged->id)
            read.alsoDrawing = readEvaluationDrawing(db, e, framing);
        std::optional<business::PredictionTable> *readAbove = e.id == read.judged->id ? &read.judgedDrawing->table
                                                               : choosing && e.id == choosing->id ? &read.validationTable
                                                                                                  : nullptr;
        read.judgedByFraming.insert(e.id, judge(e, readAbove));
    }
    if (Result<std::optional<db::OperatingPoint>> point = db::OperatingPointRepository(db).current(runId))
        read.operatingPoint = *point;
    else
        read.operatingPointError = point.error();
    if (Result<EvaluableVersions> evaluable = evaluableVersions(db, *read.run, read.evaluations))
        read.evaluable = *evaluable;
    else
        read.evaluable = {evaluable.error(), {}};
    return read;
}

} // namespace mb::services
