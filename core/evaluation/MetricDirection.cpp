// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/evaluation/MetricDirection.h"

#include <QStringList>

namespace mb::evaluation {

Direction metricDirection(const QString &metric)
{
    const QStringList parts = metric.toLower().split(QLatin1Char('/'));
    // A latency series may be grouped under its own name ("latency/p99_ms").
    for (const QString &part : parts)
        if (part == QLatin1String("latency"))
            return Direction::Minimize;
    QString last = parts.constLast();
    // scikit-learn negates its error scorers so that larger is better.
    if (last.startsWith(QLatin1String("neg_")))
        return Direction::Maximize;
    // Suffixes catch names written without underscores (XGBoost's logloss, mlogloss, merror).
    if (last.endsWith(QLatin1String("loss")) || last.endsWith(QLatin1String("error")))
        return Direction::Minimize;
    static const QStringList lower{QStringLiteral("loss"),       QStringLiteral("error"),  QStringLiteral("mse"),
                                   QStringLiteral("rmse"),       QStringLiteral("mae"),    QStringLiteral("mape"),
                                   QStringLiteral("msle"),       QStringLiteral("rmsle"),  QStringLiteral("brier"),
                                   QStringLiteral("perplexity"), QStringLiteral("latency")};
    for (const QString &word : last.split(QLatin1Char('_')))
        if (lower.contains(word))
            return Direction::Minimize;
    return Direction::Maximize;
}

Direction metricDirection(const QString &metric, const Framing &framing)
{
    for (const BusinessMetric &m : framing.businessMetrics)
        if (m.name == metric)
            return m.direction;
    return metricDirection(metric);
}

} // namespace mb::evaluation
