// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/worker/RunData.h"

#include "core/data/ItemColumns.h"
#include "db/DatasetRepository.h"

#include <algorithm>

namespace mb::worker {

namespace {

// The run's split, checked to be a split of the run's version.
Result<db::DatasetSplitInfo> splitOf(db::DatasetRepository &datasets, const TrainingConfig &config)
{
    Result<QList<db::DatasetSplitInfo>> splits = datasets.splits(config.datasetVersion);
    if (!splits)
        return Error{splits.error()};
    return db::findSplitOfVersion(*splits, config.split, config.datasetVersion);
}

} // namespace

Result<RunData> loadRunData(db::Database &db, const TrainingConfig &config)
{
    db::DatasetRepository datasets(db);
    Result<db::DatasetVersionInfo> version = datasets.version(config.datasetVersion);
    if (!version)
        return Error{version.error()};
    Result<db::DatasetSplitInfo> split = splitOf(datasets, config);
    if (!split)
        return Error{split.error()};
    Result<std::vector<data::SplitPart>> assignment = datasets.splitAssignment(config.split);
    if (!assignment)
        return Error{assignment.error()};
    Result<data::Dataset> dataset = datasets.load(config.datasetVersion);
    if (!dataset)
        return Error{dataset.error()};
    // The run's own encoding, fitted on the split's training rows with the config's options
    // (with the defaults it is the split's stored encoding, number for number).
    Result<data::FeatureEncoding> encoding = data::fitFeatureEncoding(*dataset, *assignment, config.features);
    if (!encoding)
        return Error{encoding.error()};
    Result<training::TrainingTensors> tensors =
        training::buildTrainingTensors(*dataset, *assignment, *encoding, config, version->options);
    if (!tensors)
        return Error{tensors.error()};
    RunData data;
    data.tensors = std::move(*tensors);
    data.itemColumns = data::itemColumns(*dataset, config.targets);
    data.exactIds = data::exactItemIds(*dataset);
    data.encoding = std::move(*encoding);
    return data;
}

Result<RunData> loadOtherVersionData(db::Database &db, const TrainingConfig &config,
                                     const data::FeatureEncoding &encoding, std::int64_t datasetVersion)
{
    db::DatasetRepository datasets(db);
    Result<db::DatasetVersionInfo> version = datasets.version(datasetVersion);
    if (!version)
        return Error{version.error()};
    auto schemaOf = [&](const QString &name) -> const data::ColumnSchema * {
        for (const data::ColumnSchema &c : version->schema)
            if (c.name == name)
                return &c;
        return nullptr;
    };
    const QString incompatible =
        QStringLiteral("dataset version %1 does not fit the run's model: ").arg(datasetVersion);
    for (const data::FeatureEncoding::Column &feature : encoding.columns) {
        const data::ColumnSchema *column = schemaOf(feature.source);
        if (!column)
            return Error{incompatible +
                         QStringLiteral("it has no column '%1', a feature of the model").arg(feature.source)};
        if (column->type != feature.type)
            return Error{incompatible + QStringLiteral("its column '%1' is %2, the model was trained on it as %3")
                                            .arg(feature.source, data::toKey(column->type), data::toKey(feature.type))};
    }
    for (const QString &target : config.targets)
        if (!schemaOf(target))
            return Error{incompatible + QStringLiteral("it has no column '%1', a target of the model").arg(target)};

    Result<data::Dataset> dataset = datasets.load(datasetVersion);
    if (!dataset)
        return Error{dataset.error()};
    // buildTrainingTensors wants training rows; every row is "train" here and only predicted.
    const std::vector<data::SplitPart> everyRow(std::size_t(dataset->rowCount()), data::SplitPart::Train);
    TrainingConfig onVersion = config;
    onVersion.datasetVersion = datasetVersion;
    Result<training::TrainingTensors> tensors =
        training::buildTrainingTensors(*dataset, everyRow, encoding, onVersion, version->options);
    if (!tensors)
        return Error{incompatible + tensors.error()};
    RunData data;
    data.tensors = std::move(*tensors);
    data.itemColumns = data::itemColumns(*dataset, config.targets);
    data.exactIds = data::exactItemIds(*dataset);
    data.encoding = encoding;
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
