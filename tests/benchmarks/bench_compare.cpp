// SPDX-License-Identifier: GPL-3.0-or-later
// The Compare page at scale, offscreen:
//   compare_page_1k_runs_open_ms   a project with the demo framing (three top-k business metrics,
//                                  three stakeholder requirements) and 1000 finished runs, each
//                                  with a stored held-out evaluation of 10 000 items, ML metrics
//                                  and a latency profile: from constructing the page, through
//                                  setProject (every run loaded and its business metrics
//                                  recomputed from the stored predictions) to the first paint of
//                                  the table. The median of 3 (target <= 1000 ms).
// The workspace is written through the repositories with synthetic numbers, not by training:
// two runs in three predict engagement alone (the dataset's quality stored as value:quality), one
// in three is a two-head run that predicts quality and engagement, as the demo's runs do.
// Prints `name: value unit` lines.
#include "core/DemoFraming.h"
#include "core/TrainingConfig.h"
#include "core/data/CsvImporter.h"
#include "core/data/DatasetProfile.h"
#include "core/evaluation/PredictionMetrics.h"
#include "db/DatasetRepository.h"
#include "db/EvaluationRepository.h"
#include "db/FramingRepository.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/benchmarks/BenchmarkOutput.h"
#include "ui/compare/ComparePage.h"
#include "ui/compare/CompareTableModel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QJsonArray>
#include <QTableView>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

using namespace mb;

namespace {

constexpr int kRuns = 1000;
constexpr int kItems = 10000;
constexpr int kOpens = 3;

double sigmoid(double x)
{
    return 1.0 / (1.0 + std::exp(-x));
}

// A latency profile in LatencyProfile::toJson's shape: percentiles at batch 1 and 256, throughput,
// model size and the 1000 batch-1 samples the histogram draws.
QJsonObject latencyJson(std::mt19937_64 &random, double typicalMs)
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

// One run as the worker leaves it: config, summary, finished, and its held-out evaluation with
// per-item predictions, the ML metrics computed from them, and a latency profile.
void seedRun(db::Database &database, std::int64_t projectId, std::int64_t datasetVersion, int i,
             std::mt19937_64 &random)
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
    record.runId = runId;
    record.datasetVersionId = datasetVersion;
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
    const Result<db::EvaluationRecord> stored = db::EvaluationRepository(database).store(record, columns);
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

void seedWorkspace(db::Database &database)
{
    const db::Project project = *db::ProjectRepository(database).create(demoProjectName());
    db::FramingRepository framings(database);
    const std::int64_t framingId = framings.framing(project.id)->id;
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

    database.exec("PRAGMA synchronous = OFF"); // setup only: 1000 evaluations of 10 000 items
    std::mt19937_64 random(5);
    for (int i = 0; i < kRuns; ++i)
        seedRun(database, project.id, dataset->version.id, i, random);
    database.exec("PRAGMA synchronous = NORMAL");
}

// Counts the table's paints, so the timing ends at the first one.
class PaintCounter : public QObject {
public:
    int paints = 0;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++paints;
        return QObject::eventFilter(watched, event);
    }
};

double openMs(db::Database &database, std::int64_t projectId)
{
    QElapsedTimer timer;
    timer.start();
    ui::ComparePage page;
    page.resize(1280, 800);
    page.setProject(&database, projectId);
    PaintCounter counter;
    page.view()->viewport()->installEventFilter(&counter);
    page.show();
    while (counter.paints == 0)
        QApplication::processEvents();
    const double ms = timer.nsecsElapsed() / 1e6;
    if (page.model()->rowCount() != kRuns)
        qFatal("the page shows %d runs", page.model()->rowCount());
    for (const QString &metric : page.model()->businessMetrics())
        for (const services::RunMetrics &run : page.model()->runs())
            if (!run.values.contains(metric))
                qFatal("run %lld has no %s", qint64(run.run.id), qPrintable(metric));
    return ms;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QTemporaryDir dir;
    // MB_BENCH_COMPARE_WORKSPACE keeps the workspace (about 600 MB) for profiling: written there
    // when the file is missing, reused when it is not.
    const QString kept = qEnvironmentVariable("MB_BENCH_COMPARE_WORKSPACE");
    const QString path = kept.isEmpty() ? dir.filePath(QStringLiteral("compare.mbw")) : kept;
    if (kept.isEmpty() || !QFile::exists(path)) {
        auto created = db::Workspace::create(path);
        if (!created)
            qFatal("%s", qPrintable(created.error()));
        seedWorkspace((*created)->database());
    }
    auto workspace = db::Workspace::open(path);
    if (!workspace)
        qFatal("%s", qPrintable(workspace.error()));
    const std::int64_t projectId = db::ProjectRepository((*workspace)->database()).find(demoProjectName())->id;
    std::vector<double> opens;
    for (int i = 0; i < kOpens; ++i)
        opens.push_back(openMs((*workspace)->database(), projectId));
    mbbench::printFigure("compare_page_1k_runs_open_ms", mbbench::median(opens), "ms");
    return 0;
}
