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

// Runs without a finite value (NaN in the column) never win; the first of equal values does.
std::optional<int> bestAmong(const std::vector<double> &values, Direction direction,
                             const std::vector<double> *alsoNeeded)
{
    std::optional<int> best;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double value = values[i];
        if (!std::isfinite(value) || (alsoNeeded && !std::isfinite((*alsoNeeded)[i])))
            continue;
        if (!best || better(value, values[std::size_t(*best)], direction))
            best = int(i);
    }
    return best;
}

// A run's value as QMap::value gave it before the columns: 0 where the run has none.
double valueOrZero(const std::vector<double> &values, int run)
{
    const double v = values[std::size_t(run)];
    return std::isnan(v) ? 0.0 : v;
}

} // namespace

MetricColumns::MetricColumns(const QList<ComparedRun> &runs, const QStringList &metrics) : m_runs(runs.size())
{
    m_missing.assign(std::size_t(m_runs), std::nan(""));
    for (const QString &metric : metrics)
        m_columns.insert(metric, m_missing);
    for (qsizetype r = 0; r < runs.size(); ++r) {
        const QMap<QString, double> &values = runs.at(r).values;
        for (auto it = values.constBegin(); it != values.constEnd(); ++it) {
            if (!std::isfinite(it.value()))
                continue;
            auto column = m_columns.find(it.key());
            if (column == m_columns.end()) {
                if (!metrics.isEmpty())
                    continue;
                column = m_columns.insert(it.key(), m_missing);
            }
            (*column)[std::size_t(r)] = it.value();
        }
    }
}

const std::vector<double> &MetricColumns::values(const QString &metric) const
{
    const auto found = m_columns.constFind(metric);
    return found == m_columns.constEnd() ? m_missing : *found;
}

std::optional<int> bestRunIndex(const QList<ComparedRun> &runs, const QString &metric, Direction direction)
{
    return bestRunIndex(MetricColumns(runs, {metric}), metric, direction);
}

std::optional<int> bestRunIndex(const MetricColumns &runs, const QString &metric, Direction direction)
{
    return bestAmong(runs.values(metric), direction, nullptr);
}

std::optional<BestRunDisagreement> bestRunsDisagree(const QList<ComparedRun> &runs, const QString &mlMetric,
                                                    Direction mlDirection, const QString &businessMetric,
                                                    Direction businessDirection)
{
    return bestRunsDisagree(MetricColumns(runs, {mlMetric, businessMetric}), mlMetric, mlDirection, businessMetric,
                            businessDirection);
}

std::optional<BestRunDisagreement> bestRunsDisagree(const MetricColumns &runs, const QString &mlMetric,
                                                    Direction mlDirection, const QString &businessMetric,
                                                    Direction businessDirection)
{
    const std::vector<double> &ml = runs.values(mlMetric);
    const std::vector<double> &business = runs.values(businessMetric);
    const std::optional<int> byMl = bestAmong(ml, mlDirection, &business);
    const std::optional<int> byBusiness = bestAmong(business, businessDirection, nullptr);
    if (!byMl || !byBusiness || *byMl == *byBusiness)
        return std::nullopt;
    // Equal business values: the ML favourite is as good for the business, so nothing to warn of.
    if (valueOrZero(business, *byMl) == valueOrZero(business, *byBusiness))
        return std::nullopt;
    BestRunDisagreement d;
    d.bestByMl = *byMl;
    d.bestByBusiness = *byBusiness;
    d.businessGap = valueOrZero(business, *byBusiness) - valueOrZero(business, *byMl);
    d.mlGap = valueOrZero(ml, *byMl) - valueOrZero(ml, *byBusiness);
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
    return headlineBusinessMetric(MetricColumns(runs, QStringList{mlMetric} + businessMetrics), mlMetric,
                                  businessMetrics, framing);
}

QString headlineBusinessMetric(const MetricColumns &runs, const QString &mlMetric, const QStringList &businessMetrics,
                               const Framing &framing)
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
    // Two runs always rank at ρ = ±1 and three at ±1 or ±0.5: a reading of so few is noise.
    constexpr int kRunsToRead = 4;
    if (agreement.runs < kRunsToRead) {
        agreement.sentence =
            QObject::tr("Spearman's rank correlation across %n run(s): ρ = %1, too few runs to read anything into "
                        "(it takes at least %2).",
                        nullptr, agreement.runs)
                .arg(QString::number(*rho, 'f', 2))
                .arg(kRunsToRead);
        return agreement;
    }
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
