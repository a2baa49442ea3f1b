// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the tests of external runs share: reading an exported part back (`dataset export`), and
// checking a run as `runs --json` shows it against this project's own computations on the same
// predictions: the ML metrics of core/evaluation and the business metrics of the engine.

#include "core/Framing.h"
#include "core/business/BusinessMetricEngine.h"
#include "core/business/JudgedPredictions.h"
#include "core/data/CsvReader.h"
#include "core/evaluation/PredictionMetrics.h"
#include "tests/support/TestSupport.h"

#include <QFile>
#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <cmath>
#include <vector>

namespace mbtest {

// An exported part: its header and rows, as text.
struct CsvTable {
    QStringList header;
    QList<QStringList> rows;
    int column(const QString &name) const { return int(header.indexOf(name)); }
    std::vector<double> numbers(const QString &name) const
    {
        std::vector<double> values;
        const int c = column(name);
        for (const QStringList &row : rows)
            values.push_back(row.value(c).isEmpty() ? std::nan("") : row.value(c).toDouble());
        return values;
    }
};

inline CsvTable readCsvTable(const QString &path)
{
    CsvTable table;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return table;
    mb::data::CsvReader reader(file, {});
    if (!reader.readHeader())
        return table;
    table.header = reader.header();
    (void)reader.forEachRecord([&](const mb::data::CsvRecord &record) {
        QStringList row;
        for (std::string_view field : record.fields)
            row << QString::fromUtf8(field.data(), qsizetype(field.size()));
        table.rows << row;
        return true;
    });
    return table;
}

// The demo's binary quality predictions as a run stores them: the labels and item columns from the
// exported test part, the scores given, predicted = score >= 0.5.
inline std::vector<mb::evaluation::NamedColumn> demoQualityColumns(const CsvTable &test,
                                                                   const std::vector<double> &scores)
{
    std::vector<double> predicted;
    for (double s : scores)
        predicted.push_back(s >= 0.5 ? 1 : 0);
    return {{QStringLiteral("label:quality"), test.numbers(QStringLiteral("quality"))},
            {QStringLiteral("score:quality"), scores},
            {QStringLiteral("predicted:quality"), predicted},
            {QStringLiteral("id"), test.numbers(QStringLiteral("post_id"))},
            {QStringLiteral("value:ad_value"), test.numbers(QStringLiteral("ad_value"))},
            {QStringLiteral("value:engagement"), test.numbers(QStringLiteral("engagement"))}};
}

// Where `shown` (one run of `runs --json`) differs from core/evaluation's binary metrics of
// `columns` and from the engine's business metrics of `framing` on them; empty when it agrees.
inline QStringList judgedRunMismatches(const QJsonObject &shown,
                                       const std::vector<mb::evaluation::NamedColumn> &columns,
                                       const mb::Framing &framing, double tolerance)
{
    QStringList problems;
    const mb::evaluation::NamedMetrics expected = mb::evaluation::predictionMetrics(
        columns, {mb::evaluation::PredictedTarget{QStringLiteral("quality"), mb::evaluation::TargetKind::Binary, 2}},
        QStringLiteral("test"));
    const QJsonObject metrics = shown.value(QStringLiteral("metrics")).toObject();
    if (expected.values.size() < 6)
        problems << QStringLiteral("only %1 metrics computed").arg(expected.values.size());
    for (const auto &[name, value] : expected.values)
        if (!fuzzyEqual(metrics.value(name).toDouble(std::nan("")), value, tolerance))
            problems << QStringLiteral("%1: %2 stored, %3 computed")
                            .arg(name)
                            .arg(metrics.value(name).toDouble())
                            .arg(value);

    const mb::Result<mb::business::PredictionTable> table = mb::business::judgedPredictionTable(columns, framing);
    if (!table)
        return problems << table.error();
    const QJsonObject business = shown.value(QStringLiteral("business_metrics")).toObject();
    if (business.size() != framing.businessMetrics.size())
        problems << QStringLiteral("%1 business metrics shown, the framing has %2")
                        .arg(business.size())
                        .arg(framing.businessMetrics.size());
    for (const mb::BusinessMetric &metric : framing.businessMetrics) {
        const mb::Result<mb::business::MetricValue> value = mb::business::evaluateBusinessMetric(metric, *table);
        const QJsonValue stored = business.value(metric.name).toObject().value(QStringLiteral("value"));
        if (!value ? !stored.isNull() : !fuzzyEqual(stored.toDouble(std::nan("")), value->value, tolerance))
            problems << QStringLiteral("%1: %2 shown, %3 computed")
                            .arg(metric.name, stored.toVariant().toString(),
                                 value ? QString::number(value->value) : value.error());
    }
    return problems;
}

} // namespace mbtest
