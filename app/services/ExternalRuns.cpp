// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/ExternalRuns.h"

#include "app/services/RunQueueing.h"
#include "core/RunTags.h"
#include "core/TrainingConfig.h"
#include "db/DatasetRepository.h"
#include "db/FramingRepository.h"
#include "db/RunAnnotationRepository.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cmath>

namespace mb::services {
namespace {

bool hasBinaryLabels(const data::DatasetColumn &column)
{
    return std::all_of(column.values.cbegin(), column.values.cend(),
                       [](double v) { return std::isnan(v) || v == 0 || v == 1; });
}

// The first row (counted from 1) whose label is not one of `classes` whole classes, if any.
std::optional<std::pair<std::int64_t, double>> firstLabelOutside(const data::DatasetColumn &column, int classes)
{
    for (std::size_t i = 0; i < column.values.size(); ++i) {
        const double v = column.values[i];
        if (!std::isnan(v) && (v < 0 || v != std::floor(v) || v >= classes))
            return std::pair{data::rowNumberShown(std::int64_t(i)), v};
    }
    return std::nullopt;
}

// Classes of a multiclass target: its categories, else the whole numbers 0..max.
Result<int> classCount(const data::DatasetColumn &column)
{
    if (!column.categories.isEmpty())
        return int(column.categories.size());
    double highest = 0;
    for (std::size_t i = 0; i < column.values.size(); ++i) {
        const double v = column.values[i];
        if (std::isnan(v))
            continue;
        if (v < 0 || v != std::floor(v))
            return Error{QStringLiteral("target '%1' is not multiclass: row %2 has %3, and classes are whole numbers "
                                        "0, 1, 2, ... (log it with --task regression)")
                             .arg(column.name)
                             .arg(data::rowNumberShown(std::int64_t(i)))
                             .arg(v)};
        highest = std::max(highest, v);
    }
    return int(highest) + 1;
}

Result<evaluation::PredictedTarget> targetOf(const data::DatasetColumn &column, TaskType task)
{
    evaluation::PredictedTarget target;
    target.name = column.name;
    const bool numeric = column.type == data::ColumnType::Numeric || column.type == data::ColumnType::DateTime;
    if (task == TaskType::TwoObjectiveRanking)
        task = hasBinaryLabels(column) ? TaskType::Binary : TaskType::Regression;
    switch (task) {
    case TaskType::Regression:
        if (!numeric)
            return Error{QStringLiteral("target '%1' is %2, not a number: it cannot be a regression target")
                             .arg(column.name, data::toKey(column.type))};
        target.kind = evaluation::TargetKind::Regression;
        return target;
    case TaskType::Multiclass: {
        Result<int> classes = classCount(column);
        if (!classes)
            return Error{classes.error()};
        target.kind = evaluation::TargetKind::Multiclass;
        target.classes = std::max(2, *classes);
        return target;
    }
    default:
        if (const auto outside = firstLabelOutside(column, 2))
            return Error{
                QStringLiteral("target '%1' is not binary: row %2 has %3, and binary labels are 0 or 1 (set a "
                               "positive class when importing, or log it with --task multiclass or regression)")
                    .arg(column.name)
                    .arg(outside->first)
                    .arg(outside->second)};
        target.kind = evaluation::TargetKind::Binary;
        target.classes = 2;
        return target;
    }
}

} // namespace

TaskType externalTask(const data::Dataset &dataset, const QStringList &targets, const Framing *framing)
{
    if (framing && framing->targetColumns == targets)
        return framing->taskType;
    if (targets.size() > 1)
        return TaskType::Multilabel;
    const data::DatasetColumn *column = dataset.column(targets.value(0));
    if (!column || hasBinaryLabels(*column))
        return TaskType::Binary;
    return column->type == data::ColumnType::Categorical ? TaskType::Multiclass : TaskType::Regression;
}

Result<std::vector<evaluation::PredictedTarget>> externalTargets(const data::Dataset &dataset, TaskType task,
                                                                 const QStringList &targets)
{
    if (task == TaskType::TwoObjectiveRanking && targets.size() != 2)
        return Error{QStringLiteral("task two_objective_ranking predicts two targets, not %1").arg(targets.size())};
    if ((task == TaskType::Binary || task == TaskType::Multiclass || task == TaskType::Regression) &&
        targets.size() != 1)
        return Error{QStringLiteral("task %1 predicts one target, not %2 (several binary targets are multilabel)")
                         .arg(toKey(task))
                         .arg(targets.size())};
    std::vector<evaluation::PredictedTarget> kinds;
    for (const QString &name : targets) {
        const data::DatasetColumn *column = dataset.column(name);
        if (!column)
            return Error{QStringLiteral("the dataset version has no column '%1'").arg(name)};
        Result<evaluation::PredictedTarget> kind = targetOf(*column, task);
        if (!kind)
            return Error{kind.error()};
        kinds.push_back(*kind);
    }
    return kinds;
}

Result<db::RunRecord> startExternalRun(db::Database &db, std::int64_t projectId, const ExternalRunStart &start)
{
    if (start.name.trimmed().isEmpty())
        return Error{QStringLiteral("name: an external run needs a name")};
    // The same checks as a built-in run's config: the version, the split and the targets.
    TrainingConfig asConfig;
    asConfig.datasetVersion = start.datasetVersion;
    asConfig.split = start.split;
    asConfig.targets = start.targets;
    if (Status checked = checkRunInProject(db, projectId, asConfig); !checked)
        return Error{checked.error()};

    Result<std::optional<db::FramingVersion>> framing = db::FramingRepository(db).current(projectId);
    if (!framing)
        return Error{framing.error()};
    Result<data::Dataset> dataset = db::DatasetRepository(db).load(start.datasetVersion);
    if (!dataset)
        return Error{dataset.error()};
    ExternalRunConfig config;
    config.name = start.name;
    config.datasetVersion = start.datasetVersion;
    config.split = start.split;
    config.targets = start.targets;
    config.task = start.task
                      ? *start.task
                      : externalTask(*dataset, start.targets, framing->has_value() ? &(*framing)->framing : nullptr);
    config.tool = start.tool;
    config.toolVersion = start.toolVersion;
    config.params = start.params;
    config.tags = start.tags;
    if (Result<std::vector<evaluation::PredictedTarget>> kinds = externalTargets(*dataset, config.task, config.targets);
        !kinds)
        return Error{kinds.error()};

    db::RunRecord draft;
    draft.projectId = projectId;
    draft.name = config.name;
    draft.config = externalRunConfigToJson(config);
    draft.datasetVersionId = config.datasetVersion;
    draft.splitId = config.split;
    if (framing->has_value())
        draft.framingVersionId = (*framing)->info.id;
    // The tags are checked before the run is stored, so a bad tag stores nothing.
    for (const QString &tag : config.tags)
        if (const QString problem = tagProblem(tag); !problem.isEmpty())
            return Error{QStringLiteral("--tags: %1").arg(problem)};
    Result<db::RunRecord> created = db::RunRepository(db).createRunning(draft);
    if (!created || config.tags.isEmpty())
        return created;
    // The config keeps the tags as given; run_tags is where every run's tags are looked up.
    if (Result<QStringList> tagged = db::RunAnnotationRepository(db).addTags(created->id, config.tags); !tagged)
        return Error{tagged.error()};
    return created;
}

Result<db::RunRecord> runTakingLogs(db::Database &db, std::int64_t runId)
{
    Result<db::RunRecord> run = db::RunRepository(db).run(runId);
    if (!run)
        return run;
    if (!isExternalRun(run->config))
        return Error{QStringLiteral("run %1 ('%2') is trained by MetricBridge (%3): only runs started with `log start` "
                                    "take logs")
                         .arg(runId)
                         .arg(run->name, trainingConfigSummary(run->config))};
    if (run->status != db::RunStatus::Running)
        return Error{QStringLiteral("run %1 ('%2') is %3: an external run takes logs until `log finish`")
                         .arg(runId)
                         .arg(run->name, db::toKey(run->status))};
    return run;
}

Status finishExternalRun(db::Database &db, std::int64_t runId, db::RunStatus status, const QString &reason)
{
    if (status != db::RunStatus::Finished && status != db::RunStatus::Failed)
        return Error{QStringLiteral("an external run ends finished or failed, not %1").arg(db::toKey(status))};
    if (Result<db::RunRecord> run = runTakingLogs(db, runId); !run)
        return Error{run.error()};
    return db::RunRepository(db).finish(runId, status, reason);
}

Result<db::RunArtifact> logExternalArtifact(db::Database &db, std::int64_t runId, const QString &path,
                                            const QString &name)
{
    if (Result<db::RunRecord> run = runTakingLogs(db, runId); !run)
        return Error{run.error()};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read '%1': %2").arg(path, file.errorString())};
    const QByteArray bytes = file.readAll();
    const QString artifactName = name.isEmpty() ? QFileInfo(path).fileName() : name;
    db::ArtifactStore artifacts(db);
    const QJsonObject meta{{QStringLiteral("file"), QFileInfo(path).fileName()},
                           {QStringLiteral("size"), qint64(bytes.size())}};
    // Bytes and name in one transaction, as the worker stores checkpoints: never an orphan blob.
    if (Result<QString> stored = artifacts.store(runId, artifactName, bytes, meta); !stored)
        return Error{stored.error()};
    return artifacts.artifact(runId, artifactName);
}

} // namespace mb::services
