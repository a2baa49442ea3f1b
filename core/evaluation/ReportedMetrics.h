// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What an external run's tool said about its own predictions, beside what the app computed from
// them. The app never uses a reported figure (docs/EXTERNAL-RUNS.md: nothing the tool reports is
// trusted); it shows it and flags a disagreement, which usually means the tool scored other rows,
// other labels or another definition (weighted vs macro F1, a clipped log loss). One rule, so the
// command line and the window flag the same metrics. Thread contract: pure functions, reentrant.

#include "core/Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace mb::evaluation {

// A reported value agrees with the recomputed one when they differ by at most this share of the
// larger of 1 and the recomputed value's size: scores written with six digits move a ROC AUC by
// far less, a different row set or definition by far more.
inline constexpr double kReportedTolerance = 1e-4;

bool reportedAgrees(double reported, double recomputed);

// The tool's metrics for one part of a split as the app keys them: "roc_auc" and "test/roc_auc"
// both become "test/roc_auc" for the test part. Refused, naming the key: a value that is not a
// finite number, a key of another part ("validation/roc_auc" with test predictions), an empty key.
Result<QJsonObject> readReportedMetrics(const QJsonObject &given, const QString &part);

struct ReportedMetric {
    QString key;                       // "test/roc_auc"
    double reported = 0.0;             // the tool's
    std::optional<double> recomputed;  // the app's; none when the app does not compute this metric
    bool disagrees = false;            // recomputed and not reportedAgrees
};

// Every reported metric in key order, beside the app's value of the same key.
QList<ReportedMetric> compareReported(const QJsonObject &reported, const QJsonObject &recomputed);

// The keys whose reported and recomputed values disagree.
QStringList disagreeingKeys(const QList<ReportedMetric> &compared);

// {"test/roc_auc": {"reported": 0.91, "recomputed": 0.87, "agrees": false}}; "recomputed" and
// "agrees" are null for a metric the app does not compute.
QJsonObject reportedComparisonJson(const QList<ReportedMetric> &compared);

// One sentence per disagreement: "test/accuracy: the tool reported 0.91, the app computed 0.7314
// from the same predictions".
QStringList disagreementSentences(const QList<ReportedMetric> &compared);

} // namespace mb::evaluation
