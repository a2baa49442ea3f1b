// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/RunMetrics.h"
#include "core/Framing.h"
#include "db/FramingRepository.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace mb::services {

// One line of a two-run diff: a field, its value in each run and, for metrics, the change.
struct RunDiffLine {
    QString field;
    QString first; // as shown to people; "—" when the run has none
    QString second;
    QString change; // "same" / "differs" for provenance, "+0.012  (+3.1%)" for a metric, empty for config
    // +1 when the second run is better by the metric's direction, -1 when worse, 0 otherwise.
    int better = 0;
    bool differs = false;
};

// Two runs side by side: what they were trained on (dataset version, split, framing version, the
// evaluation judged, seed, build), every config setting that differs (settings both share are left
// out, and so are those a run's own choices leave unused: trainingSettingsInUse; a setting only the
// other run uses shows as "(not used)"), and every metric either run has, with the change from the
// first run to the second. One rule for the Compare page's diff (ui/compare/RunDiffView) and
// `runs diff`.
struct RunDiff {
    QList<RunDiffLine> provenance;
    QList<RunDiffLine> config;
    QList<RunDiffLine> metrics;
};

// `metrics` names the metrics to list, in order (the Compare table's columns); a metric neither
// run has a value for is skipped. Directions come from evaluation::metricDirection with `framing`.
// `framingVersions` (FramingRepository::versionNames) names the framing versions as users know
// them ("main, version 4"); a version not in it shows as its stored id, "#6".
RunDiff diffRuns(const RunMetrics &first, const RunMetrics &second, const Framing &framing, const QStringList &metrics,
                 const QHash<std::int64_t, db::FramingVersionName> &framingVersions = {});
// The metrics either run has a value for, sorted: the list `runs diff` shows.
QStringList metricsOfEither(const RunMetrics &first, const RunMetrics &second);

// The diff as JSON for `runs diff --json`: {"first":id, "second":id, "provenance":[...], "config":[...],
// "metrics":[{"metric", "first", "second", "delta", "better"}]} with numbers as numbers.
QJsonObject runDiffJson(const RunMetrics &first, const RunMetrics &second, const RunDiff &diff);

} // namespace mb::services
