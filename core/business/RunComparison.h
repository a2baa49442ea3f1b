// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

namespace mb::business {

// What the Compare page decides across runs, without widgets or a store: which run is best by a
// metric, and whether the best run by an ML metric is the best for the business. Which way a
// metric is better is evaluation::metricDirection's. Thread contract: pure functions, reentrant.

struct ComparedRun {
    std::int64_t id = 0;
    QString name;
    QMap<QString, double> values; // ML metrics, latency and business metrics by name
};

// The runs' values by metric: one column per metric, in the runs' order, NaN where a run has no
// finite value. Comparing 10 000 runs by a metric then reads one column instead of looking the
// metric up in every run's map (the Compare page builds it once per load, off the GUI thread).
class MetricColumns {
public:
    MetricColumns() = default;
    // Every metric any run has, or only `metrics` when given.
    explicit MetricColumns(const QList<ComparedRun> &runs, const QStringList &metrics = {});
    // The metric's values in the runs' order; all NaN when no run has it.
    const std::vector<double> &values(const QString &metric) const;
    qsizetype runCount() const { return m_runs; }

private:
    QHash<QString, std::vector<double>> m_columns;
    std::vector<double> m_missing; // runCount NaNs
    qsizetype m_runs = 0;
};

// How a metric is labelled in tables, menus and axes: "clicks_at_100 (clicks)" for a business
// metric with a unit, the name itself otherwise.
QString metricLabel(const QString &metric, const Framing &framing);

// The index of the best run by `metric` in `direction`, among runs that have a finite value; the
// first such run wins a tie. None when no run has a value.
std::optional<int> bestRunIndex(const QList<ComparedRun> &runs, const QString &metric, Direction direction);
std::optional<int> bestRunIndex(const MetricColumns &runs, const QString &metric, Direction direction);

// The best run by an ML metric and the best by a business metric, when they differ. The gap is
// what choosing the ML metric's favourite costs the business: the business metric's best value
// minus the ML favourite's (always >= 0 for a maximised metric, <= 0 for a minimised one), and
// the same on the ML side.
struct BestRunDisagreement {
    int bestByMl = -1;
    int bestByBusiness = -1;
    double businessGap = 0.0;
    double mlGap = 0.0;
};

// None when the two best runs are the same run, give the same business value, or either metric
// has no value. The best business run is taken among every run with the business value (a run
// without the ML metric, such as a model of another target, can still be the best for the
// business); the ML favourite among runs that have both values, so the gap is always a number.
std::optional<BestRunDisagreement> bestRunsDisagree(const QList<ComparedRun> &runs, const QString &mlMetric,
                                                    Direction mlDirection, const QString &businessMetric,
                                                    Direction businessDirection);
std::optional<BestRunDisagreement> bestRunsDisagree(const MetricColumns &runs, const QString &mlMetric,
                                                    Direction mlDirection, const QString &businessMetric,
                                                    Direction businessDirection);

// The metric names a comparison offers, from the runs' values: ML metrics (every number the
// judged evaluations stored; with several framing targets only the names by target,
// test/engagement/roc_auc, so one column compares like with like) and latency (latency_*),
// each sorted. Business metrics are the framing's, in its order.
struct ComparedMetricNames {
    QStringList ml;
    QStringList latency;
};
ComparedMetricNames comparedMetricNames(const QList<ComparedRun> &runs, const Framing &framing);

// The business metric's unit, "ms" for latency, empty otherwise.
QString metricUnit(const QString &metric, const Framing &framing);

// The ML metric a comparison leads with: ranking quality (roc_auc, then average precision,
// accuracy, r2, ndcg) is what a model is usually chosen by; else the first name.
QString headlineMlMetric(const QStringList &mlMetrics);

// The business metric a comparison leads with: the first of `businessMetrics` whose best run is
// not the best run by `mlMetric` (the disagreement worth showing first), else the first.
QString headlineBusinessMetric(const QList<ComparedRun> &runs, const QString &mlMetric,
                               const QStringList &businessMetrics, const Framing &framing);
QString headlineBusinessMetric(const MetricColumns &runs, const QString &mlMetric, const QStringList &businessMetrics,
                               const Framing &framing);

// What a disagreement says, in the words the Compare page's banner and the report share: the
// headline ("The best run by test/roc_auc is not the best for the business.") and the detail
// naming both runs, their values and what choosing by the ML metric costs. Plain text.
struct DisagreementText {
    QString headline;
    QString detail;
};
DisagreementText describeDisagreement(const QList<ComparedRun> &runs, const BestRunDisagreement &disagreement,
                                      const QString &mlMetric, const QString &businessMetric, const Framing &framing);

// Spearman's rank correlation of `mlMetric` against `businessMetric` across the runs that have
// both, and the sentence that reads it (as agreement: +1 when the better run by the ML metric is
// always the better one for the business, whichever way each metric points). `runs` counts the
// runs with both values; the sentence is the rank correlation's error when it has none, and says
// there are too few runs to read it below four.
struct RankAgreement {
    std::optional<double> rho;
    int runs = 0;
    QString sentence;
};
RankAgreement rankAgreement(const std::vector<double> &ml, const std::vector<double> &business,
                            const QString &mlMetric, const QString &businessMetric, const Framing &framing);

// What a Pareto front of runs shows, naming the runs on it ("#1, #3"): the caption under the
// Compare page's front and the report's.
QString paretoFrontSentence(const QString &x, Direction xDirection, const QString &y, Direction yDirection,
                            const QStringList &runsOnFront);

} // namespace mb::business
