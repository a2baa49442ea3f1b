// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/PredictionExport.h"

#include <QByteArray>
#include <QLocale>
#include <QSaveFile>

#include <cmath>

namespace mb::services {

namespace {

// Doubles hold every integer up to 2^53 exactly; beyond, "whole" says nothing about the value.
constexpr double kExactIntegerLimit = 9007199254740992.0;

void appendNumber(QByteArray &line, double value)
{
    if (std::isnan(value))
        return;
    if (std::trunc(value) == value && std::fabs(value) <= kExactIntegerLimit)
        line += QByteArray::number(qint64(value));
    else
        line += QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
}

// RFC 4180: a field with a separator, a quote or a line break is quoted, its quotes doubled.
void appendField(QByteArray &line, const QString &text)
{
    QByteArray bytes = text.toUtf8();
    if (bytes.contains(',') || bytes.contains('"') || bytes.contains('\n') || bytes.contains('\r')) {
        bytes.replace("\"", "\"\"");
        bytes = '"' + bytes + '"';
    }
    line += bytes;
}

} // namespace

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
    QByteArray buffer;
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (c > 0)
            buffer += ',';
        appendField(buffer, columns[c].first);
    }
    buffer += "\r\n";
    // Written in blocks, so a million items never sit in memory as one string.
    constexpr qsizetype kBlockBytes = 1 << 20;
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < columns.size(); ++c) {
            if (c > 0)
                buffer += ',';
            appendNumber(buffer, columns[c].second[r]);
        }
        buffer += "\r\n";
        if (buffer.size() >= kBlockBytes) {
            if (file.write(buffer) != buffer.size())
                return Error{QStringLiteral("cannot write %1: %2").arg(path, file.errorString())};
            buffer.clear();
        }
    }
    if (file.write(buffer) != buffer.size() || !file.commit())
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
