// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/PredictionExport.h"

#include "app/services/CsvFile.h"
#include "app/services/RunMetrics.h"
#include "core/data/CsvWriter.h"
#include "core/data/Dataset.h"

#include <cmath>

namespace mb::services {

Status writePredictionsCsv(const QString &path, const StoredPredictions &predictions)
{
    const std::vector<db::PredictionColumn> &columns = predictions.columns;
    const std::size_t rows = columns.empty() ? 0 : columns.front().second.size();
    for (const db::PredictionColumn &column : columns)
        if (column.second.size() != rows)
            return Error{QStringLiteral("the prediction column '%1' has %2 values, '%3' has %4")
                             .arg(column.first)
                             .arg(column.second.size())
                             .arg(columns.front().first)
                             .arg(rows)};
    CsvFile file(path);
    if (Status opened = file.open(); !opened)
        return opened;
    data::CsvWriter &csv = file.csv();
    for (const db::PredictionColumn &column : columns)
        csv.addField(column.first);
    if (Status ended = file.endRecord(); !ended)
        return ended;
    // The stored `row` is an index from 0; a reader gets the row number the rest of the app shows.
    std::vector<bool> isRow, isExactId;
    const bool exact = predictions.exactIds.size() == rows;
    for (const db::PredictionColumn &column : columns) {
        isRow.push_back(column.first == QLatin1String("row"));
        isExactId.push_back(exact && column.first == QLatin1String("id"));
    }
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const double value = columns[c].second[r];
            if (isExactId[c] && std::isfinite(value))
                csv.addField(QString::number(predictions.exactIds[r]));
            else
                csv.addNumber(isRow[c] && std::isfinite(value) ? double(data::rowNumberShown(std::int64_t(value)))
                                                               : value);
        }
        if (Status ended = file.endRecord(); !ended)
            return ended;
    }
    if (Status committed = file.commit(); !committed)
        return committed;
    return success();
}

QString describeEvaluation(const db::EvaluationRecord &evaluation)
{
    return QStringLiteral("evaluation %1, %2 part of dataset version %3")
        .arg(evaluation.id)
        .arg(evaluation.part)
        .arg(evaluation.datasetVersionId);
}

Result<db::EvaluationRecord> chooseEvaluation(const QList<db::EvaluationRecord> &newestFirst, std::int64_t runId,
                                              std::optional<std::int64_t> evaluationId,
                                              std::optional<std::int64_t> datasetVersion)
{
    const auto refused = [&](const QString &what) {
        QStringList stored;
        for (const db::EvaluationRecord &e : newestFirst)
            stored << describeEvaluation(e);
        return Error{stored.isEmpty()
                         ? QStringLiteral("run %1 has %2; it has no stored evaluation").arg(runId).arg(what)
                         : QStringLiteral("run %1 has %2; its evaluations: %3")
                               .arg(runId)
                               .arg(what, stored.join(QStringLiteral("; ")))};
    };
    if (evaluationId && datasetVersion)
        return Error{QStringLiteral("give --evaluation or --dataset-version, not both: an evaluation has its own "
                                    "dataset version")};
    if (evaluationId) {
        for (const db::EvaluationRecord &e : newestFirst)
            if (e.id == *evaluationId)
                return e;
        return refused(QStringLiteral("no evaluation %1").arg(*evaluationId));
    }
    QList<db::EvaluationRecord> candidates;
    for (const db::EvaluationRecord &e : newestFirst)
        if (!datasetVersion || e.datasetVersionId == *datasetVersion)
            candidates << e;
    if (const std::optional<db::EvaluationRecord> chosen = judgedEvaluation(candidates))
        return *chosen;
    if (datasetVersion)
        return refused(QStringLiteral("no evaluation on dataset version %1 (`metricbridge evaluate --run %2 "
                                      "--dataset-version %1` makes one)")
                           .arg(*datasetVersion)
                           .arg(runId));
    return refused(QStringLiteral("no evaluation yet"));
}

Result<StoredPredictions> loadPredictionColumns(db::Database &db, std::int64_t evaluationId)
{
    db::EvaluationRepository evaluations(db);
    Result<QStringList> names = evaluations.columnNames(evaluationId);
    if (!names)
        return Error{names.error()};
    StoredPredictions predictions;
    for (const QString &name : *names) {
        Result<std::vector<double>> values = evaluations.column(evaluationId, name);
        if (!values)
            return Error{values.error()};
        predictions.columns.emplace_back(name, std::move(values).value());
    }
    if (names->contains(QStringLiteral("id"))) {
        Result<std::vector<std::int64_t>> ids = evaluations.integerColumn(evaluationId, QStringLiteral("id"));
        // Ids that are not whole numbers (a tool's own) are written as the numbers they are.
        if (ids)
            predictions.exactIds = std::move(ids).value();
    }
    return predictions;
}

} // namespace mb::services
