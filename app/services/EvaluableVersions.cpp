// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/EvaluableVersions.h"

#include "app/services/RunMetrics.h"
#include "core/TrainingConfig.h"
#include "db/ArtifactStore.h"

namespace mb::services {

QString modelInputMisfit(const data::FeatureEncoding &encoding, const QStringList &targets,
                         const std::vector<data::ColumnSchema> &schema)
{
    const auto columnNamed = [&schema](const QString &name) -> const data::ColumnSchema * {
        for (const data::ColumnSchema &column : schema)
            if (column.name == name)
                return &column;
        return nullptr;
    };
    for (const data::FeatureEncoding::Column &feature : encoding.columns) {
        const data::ColumnSchema *column = columnNamed(feature.source);
        if (!column)
            return QStringLiteral("it has no column '%1', a feature of the model").arg(feature.source);
        if (column->type != feature.type)
            return QStringLiteral("its column '%1' is %2, the model was trained on it as %3")
                .arg(feature.source, data::toKey(column->type), data::toKey(feature.type));
    }
    for (const QString &target : targets)
        if (!columnNamed(target))
            return QStringLiteral("it has no column '%1', a target of the model").arg(target);
    return {};
}

Result<EvaluableVersions> evaluableVersions(db::Database &db, const db::RunRecord &run,
                                            const QList<db::EvaluationRecord> &evaluationsNewestFirst)
{
    db::DatasetRepository datasets(db);
    Result<QList<db::DatasetVersionInfo>> versions = datasets.versions(run.projectId);
    if (!versions)
        return Error{versions.error()};

    EvaluableVersions result;
    // The run's model and the encoding it reads its features with (fitted on its own split).
    std::optional<data::FeatureEncoding> encoding;
    QStringList targets;
    if (Result<db::RunArtifact> best = db::ArtifactStore(db).artifact(run.id, QStringLiteral("best")); !best) {
        result.runProblem = QStringLiteral("run %1 has no stored model to evaluate (a run logged from another tool "
                                           "brings its predictions, not its model; an unfinished run has none yet)")
                                .arg(run.id);
    } else if (Result<TrainingConfig> config = trainingConfigFromJson(run.config); !config) {
        result.runProblem = QStringLiteral("run %1's config cannot be read: %2").arg(run.id).arg(config.error());
    } else {
        targets = config->targets;
        Result<QList<db::DatasetSplitInfo>> splits = datasets.splits(config->datasetVersion);
        if (!splits)
            return Error{splits.error()};
        Result<db::DatasetSplitInfo> split = db::findSplitOfVersion(*splits, config->split, config->datasetVersion);
        if (split)
            encoding = split->encoding;
        else
            result.runProblem = split.error();
    }

    const std::optional<db::EvaluationRecord> judged = judgedEvaluation(evaluationsNewestFirst);
    for (const db::DatasetVersionInfo &version : *versions) {
        EvaluableVersion entry;
        entry.version = version;
        if (const std::optional<db::EvaluationRecord> stored = evaluationOnVersion(evaluationsNewestFirst, version.id))
            entry.evaluationId = stored->id;
        if (!result.runProblem.isEmpty())
            entry.notEvaluable = result.runProblem;
        else if (run.datasetVersionId == version.id)
            // Every row of it includes the rows the model was trained on: flattering, not a check.
            entry.notEvaluable =
                judged
                    ? QStringLiteral("the run was trained on it; its held-out rows are evaluation %1").arg(judged->id)
                    : QStringLiteral("the run was trained on it");
        else if (entry.evaluationId)
            entry.notEvaluable = QStringLiteral("evaluated already: evaluation %1").arg(*entry.evaluationId);
        else
            entry.notEvaluable = modelInputMisfit(*encoding, targets, version.schema);
        result.versions << entry;
    }
    return result;
}

} // namespace mb::services
