// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/RunQueueing.h"

#include "core/TorchInfo.h"
#include "core/data/FeatureEncoder.h"
#include "db/DatasetRepository.h"
#include "db/FramingRepository.h"

#include <QThread>

#include <algorithm>

namespace mb::services {

Status checkRunAgainstData(const TrainingConfig &config, const QList<db::DatasetVersionInfo> &projectVersions,
                           const QList<db::DatasetSplitInfo> &versionSplits)
{
    const auto version = std::find_if(projectVersions.cbegin(), projectVersions.cend(),
                                      [&](const db::DatasetVersionInfo &v) { return v.id == config.datasetVersion; });
    if (version == projectVersions.cend())
        return Error{QStringLiteral("dataset_version: version %1 is not a dataset version of this project")
                         .arg(config.datasetVersion)};
    if (Result<db::DatasetSplitInfo> split = db::findSplitOfVersion(versionSplits, config.split, config.datasetVersion);
        !split)
        return Error{QStringLiteral("split: ") + split.error()};
    if (config.targets.isEmpty())
        return Error{QStringLiteral("targets: name the target column(s) of the dataset version")};
    for (const QString &target : config.targets) {
        const auto column = std::find_if(version->schema.cbegin(), version->schema.cend(),
                                         [&](const data::ColumnSchema &c) { return c.name == target; });
        if (column == version->schema.cend())
            return Error{QStringLiteral("targets: dataset version %1 has no column '%2'")
                             .arg(config.datasetVersion)
                             .arg(target)};
        if (column->role != data::ColumnRole::Target)
            return Error{
                QStringLiteral("targets: column '%1' is not a target of dataset version %2 (it is a %3 column)")
                    .arg(target)
                    .arg(config.datasetVersion)
                    .arg(data::toKey(column->role))};
    }
    // The columns the feature options name; what only the training rows can tell (a category
    // missing from an order, a negative count) is checked when the worker fits the encoding.
    if (Status features = data::checkFeatureOptions(config.features, version->schema); !features)
        return features;
    return success();
}

Status checkRunInProject(db::Database &db, std::int64_t projectId, const TrainingConfig &config)
{
    db::DatasetRepository datasets(db);
    Result<QList<db::DatasetVersionInfo>> versions = datasets.versions(projectId);
    if (!versions)
        return Error{versions.error()};
    QList<db::DatasetSplitInfo> splits;
    const bool known = std::any_of(versions->cbegin(), versions->cend(),
                                   [&](const db::DatasetVersionInfo &v) { return v.id == config.datasetVersion; });
    if (known) {
        Result<QList<db::DatasetSplitInfo>> found = datasets.splits(config.datasetVersion);
        if (!found)
            return Error{found.error()};
        splits = *found;
    }
    return checkRunAgainstData(config, *versions, splits);
}

Result<db::RunRecord> queueRun(db::Database &db, std::int64_t projectId, const TrainingConfig &config,
                               std::optional<std::int64_t> parentRunId)
{
    if (Status checked = checkRunInProject(db, projectId, config); !checked)
        return Error{checked.error()};

    db::RunRecord draft;
    draft.projectId = projectId;
    draft.parentRunId = parentRunId;
    draft.name = config.name;
    draft.config = trainingConfigToJson(config);
    draft.datasetVersionId = config.datasetVersion;
    draft.splitId = config.split;
    if (Result<std::optional<db::FramingVersion>> latest = db::FramingRepository(db).current(projectId);
        latest && latest->has_value())
        draft.framingVersionId = (*latest)->info.id;
    draft.seed = std::int64_t(config.seed);
    draft.threads = config.threads > 0 ? config.threads : QThread::idealThreadCount();
    draft.libtorchVersion = training::libtorchVersion();
    return db::RunRepository(db).create(draft);
}

} // namespace mb::services
