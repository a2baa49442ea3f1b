// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A workspace of two finished runs with the demo framing, a quality model and an engagement model,
// each evaluated on `items` held-out test items and `items` validation items (the same items for
// both runs, as one split gives them), for bench_millionitems and the tests that read a million
// items: written through the repositories with synthetic numbers, not by training.

#include "tests/benchmarks/SyntheticRuns.h"

#include <QString>

#include <cstdint>
#include <memory>

namespace mbbench {

using namespace mb;

constexpr std::int64_t kQualityRun = 1, kEngagementRun = 2; // the runs' ids

// One run predicting `target`, finished, with a test and a validation evaluation of `count` items.
inline std::int64_t storeRun(db::Database &database, std::int64_t projectId, std::int64_t version,
                             const QString &target, std::uint64_t seed, std::size_t count)
{
    TrainingConfig config = defaultTrainingConfig(TaskType::Binary);
    config.name = target + QStringLiteral(" model");
    config.datasetVersion = version;
    config.targets = {target};
    db::RunRecord draft;
    draft.projectId = projectId;
    draft.name = config.name;
    draft.config = trainingConfigToJson(config);
    draft.seed = int(seed);
    db::RunRepository runs(database);
    const std::int64_t runId = runs.create(draft)->id;
    runs.markRunning(runId, 1000);
    for (const char *part : {"validation", "test"}) {
        // The same items for both runs: the labels come from a generator seeded by the part alone.
        std::mt19937_64 items(part[0] == 't' ? 1 : 2);
        std::mt19937_64 noise(seed);
        std::uniform_real_distribution<double> uniform(0, 1);
        std::normal_distribution<double> normal(0, 1);
        std::vector<double> id(count), quality(count), engagement(count), ad(count), score(count),
            predicted(count);
        for (std::size_t r = 0; r < count; ++r) {
            id[r] = double((part[0] == 't' ? 10000000 : 0) + r);
            quality[r] = uniform(items) < 0.7 ? 1 : 0;
            engagement[r] = uniform(items) < (quality[r] > 0 ? 0.25 : 0.42) ? 1 : 0;
            ad[r] = std::round(100 * std::exp(0.8 * normal(items))) / 100;
            const double label = target == QLatin1String("quality") ? quality[r] : engagement[r];
            score[r] = mbbench::sigmoid(2 * (label - 0.5) + normal(noise));
            predicted[r] = score[r] >= 0.5;
        }
        const QString other = target == QLatin1String("quality") ? QStringLiteral("engagement") : QStringLiteral("quality");
        std::vector<db::PredictionColumn> columns;
        columns.emplace_back(QStringLiteral("id"), id);
        columns.emplace_back(QStringLiteral("value:ad_value"), ad);
        columns.emplace_back(QStringLiteral("value:") + other, target == QLatin1String("quality") ? engagement : quality);
        columns.emplace_back(QStringLiteral("label:") + target, target == QLatin1String("quality") ? quality : engagement);
        columns.emplace_back(QStringLiteral("score:") + target, score);
        columns.emplace_back(QStringLiteral("predicted:") + target, predicted);
        db::EvaluationRecord record;
        record.runId = runId;
        record.datasetVersionId = version;
        record.part = QLatin1String(part);
        record.items = std::int64_t(count);
        record.metrics = {{QStringLiteral("%1/roc_auc").arg(QLatin1String(part)), 0.75}};
        std::mt19937_64 latency(seed);
        record.latency = mbbench::latencyJson(latency, 0.02);
        if (const auto stored = db::EvaluationRepository(database).store(record, columns); !stored)
            qFatal("%s", qPrintable(stored.error()));
    }
    runs.finish(runId, db::RunStatus::Finished);
    return runId;
}

// Creates the workspace at `path` with the two runs. Exits on any error.
inline std::unique_ptr<db::Workspace> createMillionItemWorkspace(const QString &path, std::size_t items = 1000000)
{
    {
        auto created = db::Workspace::create(path);
        if (!created)
            qFatal("%s", qPrintable(created.error()));
        db::Database &database = (*created)->database();
        seedSyntheticRuns(database, 0); // the project, the demo framing, a dataset version
        database.exec("PRAGMA synchronous = OFF");
        const std::int64_t project = database.queryInt("SELECT id FROM projects");
        const std::int64_t version = database.queryInt("SELECT id FROM dataset_versions");
        storeRun(database, project, version, QStringLiteral("quality"), 11, items);
        storeRun(database, project, version, QStringLiteral("engagement"), 12, items);
        database.exec("PRAGMA synchronous = NORMAL");
    }
    auto opened = db::Workspace::open(path);
    if (!opened)
        qFatal("%s", qPrintable(opened.error()));
    return std::move(opened).value();
}

} // namespace mbbench
