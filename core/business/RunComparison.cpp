// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/business/RunComparison.h"

#include <cmath>

namespace mb::business {

QString metricLabel(const QString &metric, const Framing &framing)
{
    for (const BusinessMetric &m : framing.businessMetrics)
        if (m.name == metric)
            return m.unit.isEmpty() ? m.name : QStringLiteral("%1 (%2)").arg(m.name, m.unit);
    return metric;
}

namespace {

bool better(double a, double b, Direction direction)
{
    return direction == Direction::Maximize ? a > b : a < b;
}

std::optional<int> bestAmong(const QList<ComparedRun> &runs, const QString &metric, Direction direction,
                             const QString &alsoNeeded)
{
    std::optional<int> best;
    for (int i = 0; i < runs.size(); ++i) {
        const auto value = runs.at(i).values.constFind(metric);
        if (value == runs.at(i).values.constEnd() || !std::isfinite(*value))
            continue;
        if (!alsoNeeded.isEmpty() && !std::isfinite(runs.at(i).values.value(alsoNeeded, NAN)))
            continue;
        if (!best || better(*value, runs.at(*best).values.value(metric), direction))
            best = i;
    }
    return best;
}

} // namespace

std::optional<int> bestRunIndex(const QList<ComparedRun> &runs, const QString &metric, Direction direction)
{
    return bestAmong(runs, metric, direction, {});
}

std::optional<BestRunDisagreement> bestRunsDisagree(const QList<ComparedRun> &runs, const QString &mlMetric,
                                                    Direction mlDirection, const QString &businessMetric,
                                                    Direction businessDirection)
{
    const std::optional<int> byMl = bestAmong(runs, mlMetric, mlDirection, businessMetric);
    const std::optional<int> byBusiness = bestAmong(runs, businessMetric, businessDirection, {});
    if (!byMl || !byBusiness || *byMl == *byBusiness)
        return std::nullopt;
    const QMap<QString, double> &ml = runs.at(*byMl).values;
    const QMap<QString, double> &business = runs.at(*byBusiness).values;
    // Equal business values: the ML favourite is as good for the business, so nothing to warn of.
    if (ml.value(businessMetric) == business.value(businessMetric))
        return std::nullopt;
    BestRunDisagreement d;
    d.bestByMl = *byMl;
    d.bestByBusiness = *byBusiness;
    d.businessGap = business.value(businessMetric) - ml.value(businessMetric);
    d.mlGap = ml.value(mlMetric) - business.value(mlMetric);
    return d;
}

} // namespace mb::business
