// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/RunEvaluationRead.h"

#include "app/services/PredictionCache.h"
#include "db/Database.h"

#include <future>

namespace mb::services {
namespace {

// The calibration of one evaluation, from its label and score columns.
CalibrationCurves calibrationOf(db::Database &db, const db::EvaluationRecord &evaluation, const Framing &framing)
{
    db::PredictionColumnReader reader(db);
    Result<std::vector<db::PredictionColumn>> columns =
        PredictionCache::instance().columns(reader, db.path(), evaluation, [](const QStringList &stored) {
            QStringList chosen;
            for (const QString &name : stored)
                if (name.startsWith(QLatin1String("label:")) || name.startsWith(QLatin1String("score:")))
                    chosen << name;
            return chosen;
        });
    if (!columns) {
        CalibrationCurves unreadable;
        unreadable.error = columns.error();
        return unreadable;
    }
    return calibrationCurves(evaluation.id, *columns, framing.targetColumns, kCalibrationBins);
}

// The drawing of a table read (and judged) above, without its calibration yet: the table is shared
// from here on, never copied.
EvaluationDrawing sharedDrawing(const db::EvaluationRecord &evaluation, Result<business::PredictionTable> table)
{
    EvaluationDrawing drawing;
    drawing.evaluationId = evaluation.id;
    if (table)
        drawing.table = std::make_shared<const business::PredictionTable>(std::move(table).value());
    else
        drawing.tableError = table.error();
    return drawing;
}

} // namespace

EvaluationDrawing readEvaluationDrawing(db::Database &db, const db::EvaluationRecord &evaluation,
                                        const Framing &framing)
{
    EvaluationDrawing drawing = sharedDrawing(evaluation, loadJudgedPredictionsCached(db, evaluation, framing));
    drawing.calibration = calibrationOf(db, evaluation, framing);
    return drawing;
}

RunEvaluationRead readRunEvaluation(db::Database &db, std::int64_t runId, const Framing &framing,
                                    std::int64_t alsoEvaluation, const std::atomic<bool> *cancel,
                                    const QString &businessMetric, const std::function<void(int, int)> &progress)
{
    RunEvaluationRead read;
    const auto cancelled = [cancel] { return cancel && cancel->load(); };
    const auto step = [&progress](int done) {
        if (progress)
            progress(done, kRunEvaluationSteps);
    };
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
    step(1);

    // The judged and validation tables are read once, judged by the framing below, then shared.
    Result<business::PredictionTable> judgedTable = loadJudgedPredictionsCached(db, *read.judged, framing);
    const std::optional<db::EvaluationRecord> choosing = choosingEvaluation(read.evaluations, *read.judged);
    std::optional<Result<business::PredictionTable>> validation;
    if (choosing)
        validation = loadJudgedPredictionsCached(db, *choosing, framing);
    if (cancelled())
        return read;
    step(2);

    db::DatasetRepository datasets(db);
    for (const db::EvaluationRecord &e : std::as_const(read.evaluations)) {
        if (cancelled())
            return read;
        if (!read.versions.contains(e.datasetVersionId))
            if (Result<db::DatasetVersionInfo> version = datasets.version(e.datasetVersionId))
                read.versions.insert(e.datasetVersionId, *version);
        if (e.id == alsoEvaluation && e.id != read.judged->id)
            read.alsoDrawing = readEvaluationDrawing(db, e, framing);
        // The tables read above are judged in place; any other evaluation is read for it.
        if (e.id == read.judged->id)
            read.judgedByFraming.insert(e.id, judgeEvaluation(*read.run, framing, e, judgedTable));
        else if (choosing && e.id == choosing->id)
            read.judgedByFraming.insert(e.id, judgeEvaluation(*read.run, framing, e, *validation));
        else
            read.judgedByFraming.insert(
                e.id, judgeEvaluation(*read.run, framing, e, loadJudgedPredictionsCached(db, e, framing)));
    }
    step(3);
    if (validation) {
        if (*validation)
            read.validationTable = std::make_shared<const business::PredictionTable>(std::move(*validation).value());
        else
            read.validationError = validation->error();
    }
    read.judgedDrawing = sharedDrawing(*read.judged, std::move(judgedTable));

    // The curves of the evaluation the view will draw (the one it keeps showing, else the judged)
    // are computed while this thread reads the rest: they need the tables alone, not the store.
    const EvaluationDrawing &drawn = read.alsoDrawing ? *read.alsoDrawing : *read.judgedDrawing;
    std::future<std::optional<MetricCurves>> curves = std::async(
        std::launch::async, [&framing, &businessMetric, cancel, evaluationId = drawn.evaluationId,
                             shown = drawn.table, validationTable = read.validationTable,
                             judged = read.alsoDrawing ? read.judgedDrawing->table : nullptr]() {
            std::optional<MetricCurves> computed;
            if (shown)
                computed = computeMetricCurves(evaluationId, shownBusinessMetric(framing, businessMetric), framing,
                                               *shown, validationTable.get(), judged.get(), kGainSteps, cancel);
            return computed;
        });
    read.judgedDrawing->calibration = calibrationOf(db, *read.judged, framing);
    if (Result<std::optional<db::OperatingPoint>> point = db::OperatingPointRepository(db).current(runId))
        read.operatingPoint = *point;
    else
        read.operatingPointError = point.error();
    if (Result<EvaluableVersions> evaluable = evaluableVersions(db, *read.run, read.evaluations))
        read.evaluable = *evaluable;
    else
        read.evaluable = {evaluable.error(), {}};
    step(4);
    read.curves = curves.get();
    step(5);
    return read;
}

} // namespace mb::services
