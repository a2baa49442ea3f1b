// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/worker/RunEvaluation.h"

#include "app/services/PredictionEvaluation.h"
#include "core/data/ItemColumns.h"
#include "core/evaluation/PredictionMetrics.h"
#include "core/training/Checkpoint.h"
#include "core/training/Predictor.h"
#include "db/EvaluationRepository.h"

#include <cmath>

namespace mb::worker {

Status storeOnce(const std::function<Status()> &write)
{
    return write();
}

Result<QJsonObject> evaluateRun(db::Database &db, std::int64_t runId, const TrainingConfig &config, const RunData &data,
                                const training::TrainingOutcome &outcome, const StoreAttempts &attempts)
{
    if (outcome.bestCheckpoint.isEmpty())
        return QJsonObject{};
    const std::optional<data::SplitPart> heldOut = data.tensors.heldOutPart();
    if (!heldOut)
        return QJsonObject{};

    Result<training::LoadedModel> loaded = training::loadCheckpoint(outcome.bestCheckpoint, outcome.bestMeta);
    if (!loaded)
        return Error{QStringLiteral("the best checkpoint cannot be evaluated: %1").arg(loaded.error())};
    training::LoadedModel model = std::move(loaded).value();

    EvaluationInput input;
    input.runId = runId;
    input.datasetVersionId = config.datasetVersion;
    input.splitId = config.split;
    input.part = *heldOut == data::SplitPart::Test ? QStringLiteral("test") : QStringLiteral("validation");
    input.multilabel = config.task == TaskType::Multilabel;
    input.modelBytes = outcome.bestCheckpoint.size();
    input.tensors = &data.tensors;
    input.rows = *heldOut;
    input.itemColumns = &data.itemColumns;
    input.exactIds = &data.exactIds;
    // With a test part, the validation predictions are stored too, first (the judged evaluation is
    // the test one): operating choices such as a decision threshold are made on them, never on test.
    if (*heldOut == data::SplitPart::Test && data.tensors.rowCount(data::SplitPart::Validation) > 0) {
        EvaluationInput validation = input;
        validation.part = QStringLiteral("validation");
        validation.rows = data::SplitPart::Validation;
        validation.measureLatency = false;
        if (Result<db::EvaluationRecord> stored = storeEvaluation(db, model, validation, attempts); !stored)
            return Error{stored.error()};
    }
    Result<db::EvaluationRecord> stored = storeEvaluation(db, model, input, attempts);
    if (!stored)
        return Error{stored.error()};
    return services::evaluationSummary(*stored);
}

Result<db::EvaluationRecord> storeEvaluation(db::Database &db, training::LoadedModel &model,
                                             const EvaluationInput &input, const StoreAttempts &attempts)
{
    const training::TrainingTensors &tensors = *input.tensors;
    const std::vector<std::int64_t> &rows = tensors.datasetRows(input.rows);
    std::vector<db::PredictionColumn> columns = data::rowAndItemColumns(*input.itemColumns, rows);
    std::vector<db::IntegerPredictionColumn> exactIds;
    if (input.exactIds && !input.exactIds->empty())
        exactIds.push_back({QStringLiteral("id"), data::idsAtRows(*input.exactIds, rows)});
    for (auto &column : training::predictionColumns(model, tensors, input.rows))
        columns.push_back(std::move(column));

    const QString &part = input.part;
    db::EvaluationRecord record;
    record.runId = input.runId;
    record.checkpoint = QStringLiteral("best");
    record.datasetVersionId = input.datasetVersionId;
    record.splitId = input.splitId;
    record.part = part;
    record.items = std::int64_t(rows.size());
    for (const auto &[name, value] : training::evaluateModel(model, tensors, input.rows, part))
        record.metrics.insert(name, std::isfinite(value) ? QJsonValue(value) : QJsonValue());
    // The quality metrics come from the stored predictions (storePredictionEvaluation), with the
    // same scikit-learn-exact code any later evaluation uses; the loss above from the network itself.
    std::vector<evaluation::PredictedTarget> targets;
    for (const training::HeadSpec &head : model.heads())
        for (const QString &target : head.targets) {
            evaluation::PredictedTarget t;
            t.name = target;
            t.kind = head.isRegression()                                        ? evaluation::TargetKind::Regression
                     : head.loss.kind == Loss::CrossEntropy && head.classes > 2 ? evaluation::TargetKind::Multiclass
                                                                                : evaluation::TargetKind::Binary;
            t.classes = std::max(2, head.classes);
            targets.push_back(t);
        }
    if (input.measureLatency)
        record.latency = training::measureLatency(model, tensors, input.rows, input.modelBytes).toJson();
    Result<db::EvaluationRecord> stored = Error{QStringLiteral("the evaluation was not stored")};
    const Status written = attempts([&] {
        stored = services::storePredictionEvaluation(db, record, columns, targets, input.multilabel, exactIds);
        return toStatus(stored);
    });
    if (!written)
        return Error{written.error(), written.errorIsTransient()};
    return stored;
}

} // namespace mb::worker
