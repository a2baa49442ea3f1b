// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/DatasetExport.h"

#include "app/services/CsvFile.h"
#include "core/data/CsvWriter.h"
#include "core/data/ItemColumns.h"
#include "db/DatasetRepository.h"

namespace mb::services {
namespace {

Result<std::int64_t> chosenSplit(db::DatasetRepository &datasets, std::int64_t version,
                                 std::optional<std::int64_t> split)
{
    Result<QList<db::DatasetSplitInfo>> splits = datasets.splits(version);
    if (!splits)
        return Error{splits.error()};
    if (split) {
        Result<db::DatasetSplitInfo> found = db::findSplitOfVersion(*splits, *split, version);
        if (!found)
            return Error{found.error()};
        return found->id;
    }
    if (splits->size() == 1)
        return splits->constFirst().id;
    QStringList ids;
    for (const db::DatasetSplitInfo &s : *splits)
        ids << QStringLiteral("%1 (%2)").arg(s.id).arg(s.spec.describe());
    return Error{splits->isEmpty() ? QStringLiteral("dataset version %1 has no split").arg(version)
                                   : QStringLiteral("dataset version %1 has %2 splits: choose one with --split: %3")
                                         .arg(version)
                                         .arg(splits->size())
                                         .arg(ids.join(QStringLiteral(", ")))};
}

} // namespace

Result<DatasetExportOutcome> exportDatasetPart(db::Database &db, std::int64_t datasetVersion,
                                               std::optional<std::int64_t> split, data::SplitPart part,
                                               const QString &path)
{
    db::DatasetRepository datasets(db);
    Result<db::DatasetVersionInfo> version = datasets.version(datasetVersion);
    if (!version)
        return Error{version.error()};
    Result<std::int64_t> splitId = chosenSplit(datasets, datasetVersion, split);
    if (!splitId)
        return Error{splitId.error()};
    Result<std::vector<data::SplitPart>> assignment = datasets.splitAssignment(*splitId);
    if (!assignment)
        return Error{assignment.error()};
    Result<data::Dataset> dataset = datasets.load(datasetVersion);
    if (!dataset)
        return Error{dataset.error()};

    const std::vector<data::ColumnSchema> schema = data::schemaOf(*dataset);
    const QString id = data::idColumnName(*dataset);
    const int idIndex = id.isEmpty() || id == QLatin1String("id") ? -1 : dataset->columnIndex(id);

    CsvFile file(path);
    if (Status opened = file.open(); !opened)
        return Error{opened.error()};
    data::CsvWriter &csv = file.csv();
    csv.addField(QStringLiteral("row"));
    if (idIndex >= 0)
        csv.addField(QStringLiteral("id"));
    for (const data::DatasetColumn &column : dataset->columns)
        csv.addField(column.name);
    if (Status ended = file.endRecord(); !ended)
        return Error{ended.error()};
    DatasetExportOutcome outcome;
    outcome.splitId = *splitId;
    for (std::int64_t row = 0; row < dataset->rowCount(); ++row) {
        if ((*assignment)[std::size_t(row)] != part)
            continue;
        ++outcome.rows;
        csv.addNumber(double(data::rowNumberShown(row)));
        const auto addValue = [&](std::size_t c) {
            const data::DatasetColumn &column = dataset->columns[c];
            const double value = column.values[std::size_t(row)];
            if (!column.exactIntegers.empty()) // every digit of an id above 2^53
                csv.addField(data::displayExactInteger(value, column.exactIntegers[std::size_t(row)]));
            else if (column.type == data::ColumnType::Numeric || column.role == data::ColumnRole::Target)
                csv.addNumber(value);
            else
                csv.addField(data::displayValue(schema[c], value));
        };
        if (idIndex >= 0)
            addValue(std::size_t(idIndex));
        for (std::size_t c = 0; c < dataset->columns.size(); ++c)
            addValue(c);
        if (Status ended = file.endRecord(); !ended)
            return Error{ended.error()};
    }
    if (Status committed = file.commit(); !committed)
        return Error{committed.error()};
    return outcome;
}

} // namespace mb::services
