// SPDX-License-Identifier: GPL-3.0-or-later
#include "RunQueueing.h"

#include <DatasetRepository.h>
#include <FramingRepository.h>
#include <TorchInfo.h>

#include <QThread>

#include <algorithm>

namespace mb::cli {

Result<db::RunRecord> queueRun(db::Database &db, std::int64_t projectId, const TrainingConfig &config,
                               std::optional<std::int64_t> parentRunId)
{
    db::DatasetRepository datasets(db);
    Result<db::DatasetVersionInfo> version = datasets.version(config.datasetVersion);
    if (!version || version->projectId != projectId)
        return Error{QStringLiteral("dataset_version: version %1 is not a dataset version of this project")
                         .arg(config.datasetVersion)};
    Result<QList<db::DatasetSplitInfo>> splits = datasets.splits(config.datasetVersion);
    if (!splits)
        return Error{splits.error()};
    const bool splitFound = std::any_of(splits->cbegin(), splits->cend(),
                                        [&](const db::DatasetSplitInfo &s) { return s.id == config.split; });
    if (!splitFound)
        return Error{QStringLiteral("split: split %1 is not a split of dataset version %2")
                         .arg(config.split)
                         .arg(config.datasetVersion)};
    for (const QString &target : config.targets) {
        const auto column = std::find_if(version->schema.cbegin(), version->schema.cend(),
                                         [&](const data::ColumnSchema &c) { return c.name == target; });
        if (column == version->schema.cend())
            return Error{QStringLiteral("targets: dataset version %1 has no column '%2'").arg(config.datasetVersion).arg(target)};
        if (column->role != data::ColumnRole::Target)
            return Error{QStringLiteral("targets: column '%1' is not a target of dataset version %2 (it is a %3 column)")
                             .arg(target)
                             .arg(config.datasetVersion)
                             .arg(data::toKey(column->role))};
    }

    db::RunRecord draft;
    draft.projectId = projectId;
    draft.parentRunId = parentRunId;
    draft.name = config.name;
    draft.config = trainingConfigToJson(config);
    draft.datasetVersionId = config.datasetVersion;
    draft.splitId = config.split;
    db::FramingRepository framings(db);
    if (Result<db::FramingInfo> framing = framings.framing(projectId)) {
        if (Result<std::optional<db::FramingVersion>> latest = framings.load(framing->id); latest && latest->has_value())
            draft.framingVersionId = (*latest)->info.id;
    }
    draft.seed = std::int64_t(config.seed);
    draft.threads = config.threads > 0 ? config.threads : QThread::idealThreadCount();
    draft.libtorchVersion = training::libtorchVersion();
    return db::RunRepository(db).create(draft);
}

} // namespace mb::cli
