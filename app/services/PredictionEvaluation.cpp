// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/PredictionEvaluation.h"

#include <QJsonArray>

#include <cmath>

namespace mb::services {

Result<db::EvaluationRecord> storePredictionEvaluation(db::Database &db, db::EvaluationRecord record,
                                                       const std::vector<db::PredictionColumn> &columns,
                                                       const std::vector<evaluation::PredictedTarget> &targets,
                                                       bool multilabel,
                                                       const std::vector<db::IntegerPredictionColumn> &integerColumns)
{
    const evaluation::NamedMetrics quality = evaluation::predictionMetrics(columns, targets, record.part, multilabel);
    for (const auto &[name, value] : quality.values)
        record.metrics.insert(name, std::isfinite(value) ? QJsonValue(value) : QJsonValue());
    if (!quality.notes.isEmpty())
        record.metrics.insert(QStringLiteral("notes"), QJsonArray::fromStringList(quality.notes));
    return db::EvaluationRepository(db).store(std::move(record), columns, integerColumns);
}

QJsonObject evaluationSummary(const db::EvaluationRecord &judged)
{
    QJsonObject summary = judged.metrics;
    summary.remove(QStringLiteral("notes"));
    const QJsonObject single = judged.latency.value(QStringLiteral("batch_1")).toObject();
    summary.insert(QStringLiteral("latency_p50_ms"), single.value(QStringLiteral("p50_ms")));
    summary.insert(QStringLiteral("latency_p99_ms"), single.value(QStringLiteral("p99_ms")));
    summary.insert(QStringLiteral("evaluation"), qint64(judged.id));
    return summary;
}

} // namespace mb::services
