// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"

#include <QList>
#include <QMap>
#include <QString>

#include <cstdint>
#include <optional>

namespace mb::business {

// What the Compare page decides across runs, without widgets or a store: which run is best by a
// metric, and whether the best run by an ML metric is the best for the business. Which way a
// metric is better is evaluation::metricDirection's. Thread contract: pure functions, reentrant.

struct ComparedRun {
    std::int64_t id = 0;
    QString name;
    QMap<QString, double> values; // ML metrics, latency and business metrics by name
};

// How a metric is labelled in tables, menus and axes: "clicks_at_100 (clicks)" for a business
// metric with a unit, the name itself otherwise.
QString metricLabel(const QString &metric, const Framing &framing);

// The index of the best run by `metric` in `direction`, among runs that have a finite value; the
// first such run wins a tie. None when no run has a value.
std::optional<int> bestRunIndex(const QList<ComparedRun> &runs, const QString &metric, Direction direction);

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

} // namespace mb::business
