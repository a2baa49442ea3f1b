// SPDX-License-Identifier: GPL-3.0-or-later
#include "RunData.h"

#include <DatasetRepository.h>

#include <algorithm>

namespace mb::worker {

Result<RunData> loadRunData(db::Database &db, const TrainingConfig &config)
{
    db::DatasetRepository datasets(db);
    Result<db::DatasetVersionInfo> version = datasets.version(config.datasetVersion);
    if (!version)
        return Error{version.error()};
    Result<QList<db::DatasetSplitInfo>> splits = datasets.splits(config.datasetVersion);
    if (!splits)
        return Error{splits.error()};
    const auto split = std::find_if(splits->cbegin(), splits->cend(),
                                    [&](const db::DatasetSplitInfo &s) { return s.id == config.split; });
    if (split == splits->cend())
        return Error{QStringLiteral("split %1 is not a split of dataset version %2").arg(config.split).arg(config.datasetVersion)};
    Result<std::vector<data::SplitPart>> assignment = datasets.splitAssignment(config.split);
    if (!assignment)
        return Error{assignment.error()};
    Result<data::Dataset> dataset = datasets.load(config.datasetVersion);
    if (!dataset)
        return Error{dataset.error()};
    Result<training::TrainingTensors> tensors =
        training::buildTrainingTensors(*dataset, *assignment, split->encoding, config, version->options);
    if (!tensors)
        return Error{tensors.error()};
    RunData data;
    data.tensors = std::move(*tensors);
    const QStringList ignored = dataset->namesWithRole(data::ColumnRole::Ignored);
    if (!ignored.isEmpty())
        data.itemColumns.emplace_back(QStringLiteral("id"), dataset->columns[std::size_t(dataset->columnIndex(ignored.constFirst()))].values);
    for (const QString &name : dataset->namesWithRole(data::ColumnRole::Value))
        data.itemColumns.emplace_back(QStringLiteral("value:") + name, dataset->columns[std::size_t(dataset->columnIndex(name))].values);
    return data;
}

Result<training::TrainingTensors> loadTrainingTensors(db::Database &db, const TrainingConfig &config)
{
    Result<RunData> data = loadRunData(db, config);
    if (!data)
        return Error{data.error()};
    return std::move(data->tensors);
}

} // namespace mb::worker
