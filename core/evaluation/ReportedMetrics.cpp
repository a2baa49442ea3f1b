// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/evaluation/ReportedMetrics.h"

#include <QJsonValue>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace mb::evaluation {

bool reportedAgrees(double reported, double recomputed)
{
    if (!std::isfinite(reported) || !std::isfinite(recomputed))
        return false;
    return std::abs(reported - recomputed) <= kReportedTolerance * std::max(1.0, std::abs(recomputed));
}

Result<QJsonObject> readReportedMetrics(const QJsonObject &given, const QString &part)
{
    static const QStringList kParts{QStringLiteral("test"), QStringLiteral("validation"), QStringLiteral("train")};
    const QString prefix = part + QLatin1Char('/');
    QJsonObject keyed;
    for (auto it = given.constBegin(); it != given.constEnd(); ++it) {
        const QString key = it.key().trimmed();
        if (key.isEmpty() || key == prefix)
            return Error{QStringLiteral("a reported metric has no name")};
        const QString first = key.section(QLatin1Char('/'), 0, 0);
        if (key.contains(QLatin1Char('/')) && first != part && kParts.contains(first))
            return Error{QStringLiteral("reported metric '%1' is a %2 metric, but these predictions are the %3 part")
                             .arg(key, first, part)};
        if (!it.value().isDouble() || !std::isfinite(it.value().toDouble()))
            return Error{QStringLiteral("reported metric '%1' is not a finite number").arg(key)};
        const QString stored = key.startsWith(prefix) ? key : prefix + key;
        if (keyed.contains(stored))
            return Error{QStringLiteral("reported metric '%1' is given twice (with and without '%2')").arg(stored, prefix)};
        keyed.insert(stored, it.value().toDouble());
    }
    return keyed;
}

QList<ReportedMetric> compareReported(const QJsonObject &reported, const QJsonObject &recomputed)
{
    QList<ReportedMetric> compared;
    for (auto it = reported.constBegin(); it != reported.constEnd(); ++it) {
        ReportedMetric metric;
        metric.key = it.key();
        metric.reported = it.value().toDouble();
        if (const QJsonValue app = recomputed.value(it.key()); app.isDouble()) {
            metric.recomputed = app.toDouble();
            metric.disagrees = !reportedAgrees(metric.reported, *metric.recomputed);
        }
        compared << metric;
    }
    return compared;
}

QStringList disagreeingKeys(const QList<ReportedMetric> &compared)
{
    QStringList keys;
    for (const ReportedMetric &metric : compared)
        if (metric.disagrees)
            keys << metric.key;
    return keys;
}

QJsonObject reportedComparisonJson(const QList<ReportedMetric> &compared)
{
    QJsonObject json;
    for (const ReportedMetric &metric : compared)
        json.insert(metric.key,
                    QJsonObject{{QStringLiteral("reported"), metric.reported},
                                {QStringLiteral("recomputed"), metric.recomputed ? QJsonValue(*metric.recomputed) : QJsonValue()},
                                {QStringLiteral("agrees"), metric.recomputed ? QJsonValue(!metric.disagrees) : QJsonValue()}});
    return json;
}

QStringList disagreementSentences(const QList<ReportedMetric> &compared)
{
    QStringList sentences;
    for (const ReportedMetric &metric : compared)
        if (metric.disagrees)
            sentences << QStringLiteral("%1: the tool reported %2, the app computed %3 from the same predictions")
                             .arg(metric.key)
                             .arg(metric.reported, 0, 'g', 6)
                             .arg(*metric.recomputed, 0, 'g', 6);
    return sentences;
}

} // namespace mb::evaluation
