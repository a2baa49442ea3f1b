// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A workspace of synthetic finished runs for the benchmarks that open many (bench_compare,
// bench_report): the demo framing (three top-k business metrics, three stakeholder requirements)
// and N runs, each with a stored held-out evaluation of 10 000 items, ML metrics computed from its
// predictions and a latency profile. Written through the repositories with synthetic numbers, not
// by training: two runs in three predict engagement alone (the dataset's quality stored as
// value:quality), one in three is a two-head run that predicts quality and engagement, as the
// demo's runs do.
#include "core/DemoFraming.h"
#include "core/TrainingConfig.h"
#include "core/data/CsvImporter.h"
#include "core/data/DatasetProfile.h"
#include "core/evaluation/PredictionMetrics.h"
#include "db/ArtifactStore.h"
#include "db/Database.h"
#include "db/DatasetRepository.h"
#include "db/EvaluationRepository.h"
#include "db/FramingRepository.h"
#include "db/MetricSeriesStore.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"

#include <QJsonArray>
#include <QFile>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace mbbench {

using namespace mb;

constexpr int kItems = 10000;

inline double sigmoid(double x)
{
    return 1.0 / (1.0 + std::exp(-x));
}

// A latency profile in LatencyProfile::toJson's shape: percentiles at batch 1 and 256, throughput,
// model size and the 1000 batch-1 samples the histogram draws.
inline QJsonObject latencyJson(std::mt19937_64 &random, double typicalMs)
{
    std::lognormal_distribution<double> spread(0.0, 0.25);
    std::vector<double> samples(1000);
    for (double &s : samples)
        s = typicalMs * spread(random);
    QJsonArray sampleArray;
    for (double s : samples)
        sampleArray.append(s);
    std::vector<double> sorted = samples;
    std::sort(sorted.begin(), sorted.end());
    const auto percentiles = [](const std::vector<double> &values, int calls) {
        const auto at = [&values](double p) { return values[std::size_t(p * double(values.size() - 1))]; };
        return QJsonObject{{QStringLiteral("calls"), calls},
                           {QStringLiteral("p50_ms"), at(0.50)},
                           {QStringLiteral("p90_ms"), at(0.90)},
                           {QStringLiteral("p95_ms"), at(0.95)},
                           {QStringLiteral("p99_ms"), at(0.99)}};
    };
    std::vector<double> batch(200);
    for (double &b : batch)
        b = 40 * typicalMs * spread(random);
    std::sort(batch.begin(), batch.end());
    return {{QStringLiteral("batch_1"), percentiles(sorted, 1000)},
            {QStringLiteral("batch_256"), percentiles(batch, 200)},
            {QStringLiteral("items_per_s"), 256.0 / (batch[100] / 1e3)},
            {QStringLiteral("model_bytes"), qint64(20000 + 1000 * (random() % 300))},
            {QStringLiteral("batch_1_samples_ms"), sampleArray}};
}

// A run's held-out evaluation before it is stored: per-item predictions, the ML metrics computed
// from them, and a latency profile.
struct SyntheticEvaluation {
    std::vector<db::PredictionColumn> columns;
    db::EvaluationRecord record;
};

// Run i's evaluation (two runs in three predict engagement alone, one in three is two-headed).
inline SyntheticEvaluation syntheticEvaluation(int i, std::mt19937_64 &random);

// One run as the worker leaves it: config, summary, finished, and its held-out evaluation with
// per-item predictions, the ML metrics computed from them, and a latency profile. `reused`, when
// given, is stored as the run's evaluation instead of making one (it must be run j's with
// j % 3 == i % 3): large workspaces are written in a fraction of the time.
inline void seedRun(db::Database &database, std::int64_t projectId, std::int64_t datasetVersion, int i,
                    std::mt19937_64 &random, const SyntheticEvaluation *reused = nullptr)
{
    const bool twoHeads = i % 3 == 0;
    TrainingConfig config = defaultTrainingConfig(twoHeads ? TaskType::TwoObjectiveRanking : TaskType::Binary);
    config.name = twoHeads ? QStringLiteral("two heads %1").arg(i) : QStringLiteral("engagement %1").arg(i);
    config.datasetVersion = datasetVersion;
    config.split = 1;
    config.targets = twoHeads ? QStringList{QStringLiteral("quality"), QStringLiteral("engagement")}
                              : QStringList{QStringLiteral("engagement")};
    config.model.hidden = {16 << (i % 4), 16};
    config.optimizer.learningRate = std::pow(10.0, -2 - i % 3);
    config.batchSize = 64 << (i % 3);
    db::RunRecord draft;
    draft.projectId = projectId;
    draft.name = config.name;
    draft.config = trainingConfigToJson(config);
    draft.seed = 42 + i;
    db::RunRepository runs(database);
    const std::int64_t runId = runs.create(draft)->id;
    runs.markRunning(runId, 1000 + i);

    const SyntheticEvaluation made = reused ? SyntheticEvaluation{} : syntheticEvaluation(i, random);
    const SyntheticEvaluation &chosen = reused ? *reused : made;
    db::EvaluationRecord record = chosen.record;
    record.runId = runId;
    record.datasetVersionId = datasetVersion;
    const Result<db::EvaluationRecord> stored = db::EvaluationRepository(database).store(record, chosen.columns);
    if (!stored)
        qFatal("%s", qPrintable(stored.error()));

    QJsonObject summary = record.metrics;
    summary.insert(QStringLiteral("evaluation"), qint64(stored->id));
    summary.insert(QStringLiteral("epochs"), 8);
    summary.insert(QStringLiteral("epochs_done"), 8);
    summary.insert(QStringLiteral("end"), QStringLiteral("finished"));
    runs.updateSummary(runId, summary);
    runs.finish(runId, db::RunStatus::Finished);
}

inline SyntheticEvaluation syntheticEvaluation(int i, std::mt19937_64 &random)
{
    const bool twoHeads = i % 3 == 0;

    // Items: engagement ~30 % clicked, quality ~70 % good, extreme posts (low quality) clicked more.
    // Each run separates the classes with its own skill, so ML and business metrics vary by run.
    std::uniform_real_distribution<double> uniform(0, 1);
    std::normal_distribution<double> noise(0, 1);
    const double engagementSkill = 0.4 + 1.6 * uniform(random);
    const double qualitySkill = 0.4 + 1.6 * uniform(random);
    std::vector<double> row(kItems), id(kItems), ad(kItems), quality(kItems), engagement(kItems),
        engagementScore(kItems), engagementPredicted(kItems), qualityScore(kItems), qualityPredicted(kItems);
    std::mt19937_64 items(7); // the same test rows for every run, as one split gives them
    std::uniform_real_distribution<double> itemUniform(0, 1);
    std::lognormal_distribution<double> itemAd(0.0, 0.8);
    for (int r = 0; r < kItems; ++r) {
        row[r] = 60000 + r;
        id[r] = 1000000 + 7 * r;
        quality[r] = itemUniform(items) < 0.7 ? 1 : 0;
        engagement[r] = itemUniform(items) < (quality[r] > 0 ? 0.25 : 0.42) ? 1 : 0;
        ad[r] = std::round(100 * itemAd(items)) / 100;
        engagementScore[r] = sigmoid(engagementSkill * (engagement[r] - 0.5) * 2 - 0.9 + noise(random));
        engagementPredicted[r] = engagementScore[r] >= 0.5;
        qualityScore[r] = sigmoid(qualitySkill * (quality[r] - 0.5) * 2 + 0.8 + noise(random));
        qualityPredicted[r] = qualityScore[r] >= 0.5;
    }

    std::vector<db::PredictionColumn> columns;
    columns.emplace_back(QStringLiteral("row"), row);
    columns.emplace_back(QStringLiteral("id"), id);
    columns.emplace_back(QStringLiteral("value:ad_value"), ad);
    std::vector<evaluation::PredictedTarget> targets;
    if (twoHeads) {
        columns.emplace_back(QStringLiteral("label:quality"), quality);
        columns.emplace_back(QStringLiteral("score:quality"), qualityScore);
        columns.emplace_back(QStringLiteral("predicted:quality"), qualityPredicted);
        targets.push_back({QStringLiteral("quality"), evaluation::TargetKind::Binary, 2});
    } else {
        columns.emplace_back(QStringLiteral("value:quality"), quality);
    }
    columns.emplace_back(QStringLiteral("label:engagement"), engagement);
    columns.emplace_back(QStringLiteral("score:engagement"), engagementScore);
    columns.emplace_back(QStringLiteral("predicted:engagement"), engagementPredicted);
    targets.push_back({QStringLiteral("engagement"), evaluation::TargetKind::Binary, 2});

    db::EvaluationRecord record;
    record.part = QStringLiteral("test");
    record.items = kItems;
    const evaluation::NamedMetrics metrics =
        evaluation::predictionMetrics(columns, targets, QStringLiteral("test"), false);
    double loss = 0;
    for (const auto &[name, value] : metrics.values) {
        record.metrics.insert(name, std::isfinite(value) ? QJsonValue(value) : QJsonValue());
        if (name.endsWith(QLatin1String("/log_loss"))) {
            // The network's own loss, as evaluateNetwork reports it next to the log loss.
            record.metrics.insert(name.chopped(8) + QStringLiteral("loss"), value * (1 + 1e-7));
            loss += value / double(targets.size());
        }
    }
    if (twoHeads)
        record.metrics.insert(QStringLiteral("test/loss"), loss);
    record.latency = latencyJson(random, (twoHeads ? 0.02 : 0.013) * (1 + (i % 5)));
    return {std::move(columns), std::move(record)};
}

// `distinct`: how many different evaluations are made; past that, run i stores run (i % distinct)'s
// again (0: every run its own). 10 000 runs of their own take minutes to make; 60 distinct ones
// still give the page 60 different points per metric. `framed`: whether the project's framing (the
// demo's business metrics) is saved, as it is once a user has framed the problem.
inline void seedSyntheticRuns(db::Database &database, int runs, int distinct = 0, bool framed = true)
{
    const db::Project project = *db::ProjectRepository(database).create(demoProjectName());
    db::FramingRepository framings(database);
    const std::int64_t framingId = framings.framing(project.id)->id;
    if (framed)
        if (const auto saved = framings.save(framingId, demoNewsfeedFraming(), QStringLiteral("bench")); !saved)
            qFatal("%s", qPrintable(saved.error()));

    // The evaluations name a dataset version; a small one stands for the demo's.
    data::ImportedDataset imported;
    for (const char *name : {"quality", "engagement", "ad_value"}) {
        data::DatasetColumn column;
        column.name = QLatin1String(name);
        column.values.assign(100, 1.0);
        imported.dataset.columns.push_back(std::move(column));
    }
    imported.versionSha256 = QStringLiteral("bench");
    imported.fileSha256 = QStringLiteral("bench");
    imported.sourceName = QStringLiteral("generated");
    const auto dataset =
        db::DatasetRepository(database).store(project.id, QStringLiteral("newsfeed"), QStringLiteral("csv"), imported,
                                              data::profileDataset(imported.dataset));
    if (!dataset)
        qFatal("%s", qPrintable(dataset.error()));

    database.exec("PRAGMA synchronous = OFF"); // setup only: many evaluations of 10 000 items
    std::mt19937_64 random(5);
    std::vector<SyntheticEvaluation> pool;
    for (int i = 0; i < runs; ++i) {
        if (distinct <= 0) {
            seedRun(database, project.id, dataset->version.id, i, random);
            continue;
        }
        if (i < distinct)
            pool.push_back(syntheticEvaluation(i, random));
        // i % distinct has i's kind when distinct is a multiple of 3 (two-headed or not).
        seedRun(database, project.id, dataset->version.id, i, random, &pool[std::size_t(i % distinct)]);
    }
    database.exec("PRAGMA synchronous = NORMAL");
}

// Opens the workspace at `path`, seeding it with `runs` synthetic runs first unless `reuse` and the
// file exists (kept for profiling). Exits the benchmark on any error.
inline std::unique_ptr<db::Workspace> openSyntheticWorkspace(const QString &path, int runs, bool reuse = false,
                                                             int distinct = 0)
{
    if (!reuse || !QFile::exists(path)) {
        auto created = db::Workspace::create(path);
        if (!created)
            qFatal("%s", qPrintable(created.error()));
        seedSyntheticRuns((*created)->database(), runs, distinct);
    }
    auto workspace = db::Workspace::open(path);
    if (!workspace)
        qFatal("%s", qPrintable(workspace.error()));
    return std::move(workspace).value();
}

constexpr int kSeriesPoints = 1000;
constexpr int kCheckpointBytes = 64 * 1024;

// What a worker leaves besides the evaluation, for bench_transfer and bench_deletion: a loss curve
// and a best checkpoint.
inline void addSeriesAndCheckpoints(db::Database &database)
{
    database.exec("PRAGMA synchronous = OFF"); // setup only
    db::Statement ids = database.prepare("SELECT id FROM runs ORDER BY id");
    QList<std::int64_t> runs;
    while (ids.step())
        runs << ids.columnInt(0);
    db::ArtifactStore artifacts(database);
    for (const std::int64_t run : runs) {
        {
            db::MetricSeriesWriter writer(database, run);
            for (int step = 1; step <= kSeriesPoints; ++step)
                writer.append(QStringLiteral("train/loss"), step, 1.0 / double(step + run));
            if (const Status flushed = writer.flush(); !flushed)
                qFatal("%s", qPrintable(flushed.error()));
        }
        // One in ten runs shares its checkpoint with the run before it (a re-run with the same seed).
        const std::int64_t seed = run % 10 == 0 ? run - 1 : run;
        QByteArray bytes(kCheckpointBytes, char(seed % 251));
        bytes.replace(0, 8, QByteArray::number(qint64(seed)).leftJustified(8, ' '));
        if (const auto stored = artifacts.store(run, QStringLiteral("best"), bytes); !stored)
            qFatal("%s", qPrintable(stored.error()));
    }
    database.exec("PRAGMA synchronous = NORMAL");
}

} // namespace mbbench
