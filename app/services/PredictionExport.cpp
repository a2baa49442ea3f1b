// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/PredictionExport.h"

#include "core/data/CsvWriter.h"

#include <QByteArray>
#include <QSaveFile>

namespace mb::services {

Status writePredictionsCsv(const QString &path, const std::vector<db::PredictionColumn> &columns)
{
    const std::size_t rows = columns.empty() ? 0 : columns.front().second.size();
    for (const db::PredictionColumn &column : columns)
        if (column.second.size() != rows)
            return Error{QStringLiteral("the prediction column '%1' has %2 values, '%3' has %4")
                             .arg(column.first)
                             .arg(column.second.size())
                             .arg(columns.front().first)
                             .arg(rows)};
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error{QStringLiteral("cannot write %1: %2").arg(path, file.errorString())};
    data::CsvWriter csv;
    for (const db::PredictionColumn &column : columns)
        csv.addField(column.first);
    csv.endRecord();
    // Written in blocks, so a million items never sit in memory as one string.
    constexpr qsizetype kBlockBytes = 1 << 20;
    for (std::size_t r = 0; r < rows; ++r) {
        for (const db::PredictionColumn &column : columns)
            csv.addNumber(column.second[r]);
        csv.endRecord();
        if (csv.size() >= kBlockBytes) {
            const QByteArray block = csv.take();
            if (file.write(block) != block.size())
                return Error{QStringLiteral("cannot write %1: %2").arg(path, file.errorString())};
        }
    }
    const QByteArray rest = csv.take();
    if (file.write(rest) != rest.size() || !file.commit())
        return Error{QStringLiteral("cannot write %1: %2").arg(path, file.errorString())};
    return success();
}

Result<std::vector<db::PredictionColumn>> loadPredictionColumns(db::Database &db, std::int64_t evaluationId)
{
    db::EvaluationRepository evaluations(db);
    Result<QStringList> names = evaluations.columnNames(evaluationId);
    if (!names)
        return Error{names.error()};
    std::vector<db::PredictionColumn> columns;
    for (const QString &name : *names) {
        Result<std::vector<double>> values = evaluations.column(evaluationId, name);
        if (!values)
            return Error{values.error()};
        columns.emplace_back(name, std::move(values).value());
    }
    return columns;
}

} // namespace mb::services
