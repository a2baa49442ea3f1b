// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/business/RunComparison.h"

#include "core/NumberText.h"
#include "core/evaluation/MetricDirection.h"
#include "core/evaluation/RankCorrelation.h"

#include <QObject>
#include <QSet>

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

ComparedMetricNames comparedMetricNames(const QList<ComparedRun> &runs, const Framing &framing)
{
    // With several targets, test/roc_auc means a different target for different runs: only the
    // names by target (test/engagement/roc_auc) compare like with like.
    const bool byTarget = framing.targetColumns.size() > 1;
    QSet<QString> ml, latency;
    for (const ComparedRun &run : runs)
        for (auto it = run.values.constBegin(); it != run.values.constEnd(); ++it) {
            const qsizetype slashes = it.key().count(QLatin1Char('/'));
            if (it.key().startsWith(QLatin1String("latency_")))
                latency.insert(it.key());
            else if (slashes == 2 || (slashes == 1 && !byTarget))
                ml.insert(it.key());
        }
    ComparedMetricNames names{QStringList(ml.cbegin(), ml.cend()), QStringList(latency.cbegin(), latency.cend())};
    names.ml.sort();
    names.latency.sort();
    return names;
}

QString metricUnit(const QString &metric, const Framing &framing)
{
    for (const BusinessMetric &m : framing.businessMetrics)
        if (m.name == metric)
            return m.unit;
    return metric.startsWith(QLatin1String("latency_")) ? QStringLiteral("ms") : QString();
}

QString headlineMlMetric(const QStringList &mlMetrics)
{
    for (const char *part : {"roc_auc", "average_precision", "accuracy", "r2", "ndcg"})
        for (const QString &name : mlMetrics)
            if (name.endsWith(QLatin1String(part)))
                return name;
    return mlMetrics.value(0);
}

QString headlineBusinessMetric(const QList<ComparedRun> &runs, const QString &mlMetric,
                               const QStringList &businessMetrics, const Framing &framing)
{
    for (const QString &name : businessMetrics)
        if (bestRunsDisagree(runs, mlMetric, evaluation::metricDirection(mlMetric, framing), name,
                             evaluation::metricDirection(name, framing)))
            return name;
    return businessMetrics.value(0);
}

DisagreementText describeDisagreement(const QList<ComparedRun> &runs, const BestRunDisagreement &disagreement,
                                      const QString &mlMetric, const QString &businessMetric, const Framing &framing)
{
    const ComparedRun &byMl = runs.at(disagreement.bestByMl);
    const ComparedRun &byBusiness = runs.at(disagreement.bestByBusiness);
    const QString unit = metricUnit(businessMetric, framing);
    const bool higher = evaluation::metricDirection(businessMetric, framing) == Direction::Maximize;
    return {QObject::tr("The best run by %1 is not the best for the business.").arg(mlMetric),
            QObject::tr("#%2 %3 is best by %1 (%4), but #%5 %6 is best by %7: %8 against %9. Choosing by %1 makes %7 "
                        "worse by %10 (%11 is better).")
                .arg(mlMetric)
                .arg(byMl.id)
                .arg(byMl.name, formatNumber(byMl.values.value(mlMetric)))
                .arg(byBusiness.id)
                .arg(byBusiness.name, businessMetric, formatWithUnit(byBusiness.values.value(businessMetric), unit),
                     formatWithUnit(byMl.values.value(businessMetric), unit),
                     formatWithUnit(std::abs(disagreement.businessGap), unit),
                     higher ? QObject::tr("higher") : QObject::tr("lower"))};
}

RankAgreement rankAgreement(const std::vector<double> &ml, const std::vector<double> &business,
                            const QString &mlMetric, const QString &businessMetric, const Framing &framing)
{
    RankAgreement agreement;
    agreement.runs = int(ml.size());
    const Result<double> rho = evaluation::spearmanCorrelation(ml, business);
    if (!rho) {
        agreement.sentence = QObject::tr("Spearman's rank correlation: %1").arg(rho.error());
        return agreement;
    }
    agreement.rho = *rho;
    const bool sameWay =
        evaluation::metricDirection(mlMetric, framing) == evaluation::metricDirection(businessMetric, framing);
    const double agrees = sameWay ? *rho : -*rho;
    const QString reading =
        agrees >= 0.8   ? QObject::tr("Runs better by %1 are better for %2.").arg(mlMetric, businessMetric)
        : agrees > 0.3  ? QObject::tr("Runs better by %1 tend to be better for %2, with exceptions.").arg(mlMetric, businessMetric)
        : agrees >= -0.3 ? QObject::tr("%1 says little about %2 here.").arg(mlMetric, businessMetric)
                         : QObject::tr("Runs better by %1 are worse for %2.").arg(mlMetric, businessMetric);
    agreement.sentence = QObject::tr("Spearman's rank correlation across %n run(s): ρ = %1. %2", nullptr, agreement.runs)
                             .arg(QString::number(*rho, 'f', 2), reading);
    return agreement;
}

QString paretoFrontSentence(const QString &x, Direction xDirection, const QString &y, Direction yDirection,
                            const QStringList &runsOnFront)
{
    const auto better = [](Direction d) {
        return d == Direction::Maximize ? QObject::tr("higher is better") : QObject::tr("lower is better");
    };
    return QObject::tr("Pareto front (%1 %2, %3 %4): %5. Faded runs are beaten on both by a run on the front.")
        .arg(x, better(xDirection), y, better(yDirection), runsOnFront.join(QStringLiteral(", ")));
}

} // namespace mb::business
