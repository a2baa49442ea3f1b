// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/RunMetrics.h"
#include "core/Framing.h"
#include "core/business/BusinessCurves.h"
#include "core/business/OperatingThreshold.h"
#include "core/data/DatasetProfile.h"
#include "core/tradeoff/TradeoffEngine.h"
#include "core/tradeoff/TradeoffPolicy.h"
#include "db/DatasetRepository.h"
#include "db/PolicyRepository.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

namespace mb::services {

// What a stakeholder report says, gathered from the workspace by buildReportContent
// (ReportBuilder.h) and laid out by ui/report: the same content becomes the PDF and the HTML file.
// Plain values, no widgets: built on any thread, rendered on the GUI thread. Every number carries
// the part of the data it comes from (validation or test) next to it, as the product promises.

// The project's current framing, as the runs are judged by it.
struct ReportFraming {
    QString name;         // "main", or an alternative's name
    int version = 0;      // its version number
    QString savedAt;      // ISO 8601, UTC
    Framing framing;
};

// One dataset version the shown runs were trained on, with the split they used.
struct ReportDataset {
    db::DatasetVersionInfo version;
    std::optional<db::DatasetSplitInfo> split;
    data::DatasetProfile profile; // class balance and the import's warnings
    QList<std::int64_t> runIds;   // the shown runs trained on it
};

// Runs as points in two metrics: the ML-vs-business scatter and the Pareto front of runs.
struct ReportScatter {
    QString xMetric, yMetric;
    QString xLabel, yLabel; // with units: business::metricLabel
    struct Point {
        std::int64_t runId = 0;
        QString name;
        double x = 0.0;
        double y = 0.0;
    };
    QList<Point> points;
    std::vector<std::size_t> front;     // the Pareto front (indices into points); empty on the scatter
    QList<std::int64_t> highlighted;    // the runs the verdict names
    QString caption;                    // the rank correlation's sentence, or what the front is
};

// The verdict the report opens with: the best run for the business and by the headline ML metric.
struct ReportVerdict {
    QString mlMetric;       // the headline ML metric (business::headlineMlMetric)
    QString businessMetric; // the headline business metric (business::headlineBusinessMetric)
    std::optional<int> bestByMl;       // indices into ReportContent::runs
    std::optional<int> bestByBusiness; // on the test rows: reported, never acted on
    // The run chosen for the business: the best by the headline business metric on each run's
    // validation predictions (choosingEvaluation), never on the test rows the report reports on.
    // None when no run has validation predictions.
    std::optional<int> chosenForBusiness;
    double chosenValidationValue = 0.0; // its headline business value on validation
    QString disagreementHeadline;      // empty when the two best runs agree
    QString disagreementDetail;
    // The best run by each business metric, in the framing's order (index into runs, or none).
    QList<std::pair<QString, std::optional<int>>> bestByEachMetric;
};

// The curves of the run chosen for the business (ReportVerdict::chosenForBusiness), for the
// headline business metric: the threshold chosen on the
// validation rows and what it gives on the test rows, and the gain of a budget on the test rows.
struct ReportRunCurves {
    std::int64_t runId = 0;
    QString runName;
    BusinessMetric metric;
    std::optional<business::ThresholdCurve> testCurve;        // on the judged (test) rows
    std::optional<business::ValidatedThreshold> threshold;    // chosen on validation
    std::size_t validationItems = 0, testItems = 0;
    QString thresholdNote; // why there is no curve or no choice, when there is none
    std::optional<business::GainCurve> gain;                  // on the test rows
    QString gainExpression;
    QString gainNote;
};

// The chosen trade-off policy, its stored snapshot and the sweep it was chosen from.
struct ReportPolicy {
    db::PolicyRecord record;
    QString runAName, runBName;
    std::optional<tradeoff::TradeoffSweep> sweep; // on the test rows, at the policy's k and normalisation
    QString sweepNote;                            // why there is no sweep
    // The Approach-1 run (one two-head model on a combined loss) at its training weights, in the
    // sweep's two metrics, when one of the shown runs is such a run.
    std::optional<std::int64_t> approachOneRun;
    QString approachOneName;
    double approachOneX = 0.0, approachOneY = 0.0;
    double approachOneAlpha = 0.0, approachOneBeta = 0.0;
};

// How a run was made, for the appendix: enough to reproduce its numbers.
struct ReportProvenance {
    std::int64_t runId = 0;
    QString framingVersion;  // "main v3", or the stored id when it is not the current framing's
    QString datasetVersion;  // "#2 newsfeed.csv (sha256 1a2b…)"
    QString split;           // the split's description
    QString evaluation;      // which evaluation judges it: part, items, dataset version
};

struct ReportContent {
    QString projectName;
    QString projectDescription;
    QString workspacePath;
    QDateTime generatedAt; // UTC
    QString appVersion;
    QString buildCommit;

    std::optional<ReportFraming> framing;
    QList<ReportDataset> datasets;
    QList<RunMetrics> runs; // the shown runs, by id ascending
    QStringList mlMetrics;        // the ML metric columns (business::comparedMetricNames)
    QStringList latencyMetrics;   // latency_p50_ms and latency_p99_ms when measured
    ReportVerdict verdict;
    std::optional<ReportScatter> scatter;
    std::optional<ReportScatter> pareto;
    std::optional<ReportRunCurves> curves;
    std::optional<ReportPolicy> policy;
    QList<ReportProvenance> provenance; // one per shown run, in the runs' order
};

} // namespace mb::services
