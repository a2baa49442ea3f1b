// SPDX-License-Identifier: GPL-3.0-or-later
// The pages that read one run's (or one pair's) predictions, at a million items, offscreen, on a
// workspace with the demo framing and two finished runs, a quality model and an engagement model,
// each evaluated on 1 000 000 held-out test items and 1 000 000 validation items (the same items
// for both runs, as one split gives them):
//   run_evaluation_1m_items_show_ms  RunEvaluationView::showRun of the engagement model until its
//                                    tabs show the run (its predictions read, the threshold, gain
//                                    and calibration curves and the evaluations side by side
//                                    drawn). The median of 3 (target <= 300 ms).
//   tradeoff_pair_load_1m_items_ms   TradeoffsPage::setRuns of the two until the page shows the
//                                    metrics at the current weights (both runs' test and validation
//                                    predictions read, the engines built, the first update). The
//                                    median of 3 (target <= 300 ms).
//   run_evaluation_max_stall_ms,     the longest the GUI thread went without turning its event loop
//   tradeoff_pair_max_stall_ms       during those (a 1 ms timer's largest gap; target <= 50 ms).
// Only calls every version of the pages has, so the same source measures before and after.
// Prints `name: value unit` lines.
#include "core/DemoFraming.h"
#include "core/TrainingConfig.h"
#include "db/EvaluationRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/benchmarks/BenchmarkOutput.h"
#include "tests/benchmarks/GuiStall.h"
#include "tests/benchmarks/SyntheticRuns.h"
#include "ui/compare/RunEvaluationView.h"
#include "ui/tradeoffs/TradeoffsPage.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <vector>

using namespace mb;

namespace {

constexpr std::size_t kMillion = 1000000;
constexpr int kRepeats = 3;

// One run predicting `target`, finished, with a test and a validation evaluation of a million items.
std::int64_t storeRun(db::Database &database, std::int64_t projectId, std::int64_t version, const QString &target,
                      std::uint64_t seed)
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
        std::vector<double> id(kMillion), quality(kMillion), engagement(kMillion), ad(kMillion), score(kMillion),
            predicted(kMillion);
        for (std::size_t r = 0; r < kMillion; ++r) {
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
        record.items = std::int64_t(kMillion);
        record.metrics = {{QStringLiteral("%1/roc_auc").arg(QLatin1String(part)), 0.75}};
        std::mt19937_64 latency(seed);
        record.latency = mbbench::latencyJson(latency, 0.02);
        if (const auto stored = db::EvaluationRepository(database).store(record, columns); !stored)
            qFatal("%s", qPrintable(stored.error()));
    }
    runs.finish(runId, db::RunStatus::Finished);
    return runId;
}

struct Timed {
    double ms = 0;
    double maxStallMs = 0;
};

// Times `start` until `done` holds, with a 1 ms timer measuring the GUI thread's longest stall.
Timed timeUntil(const std::function<void()> &start, const std::function<bool()> &done)
{
    Timed result;
    mbbench::GuiStallMeter stalls;
    QElapsedTimer timer;
    timer.start();
    start();
    while (!done())
        QApplication::processEvents(QEventLoop::AllEvents, 5);
    result.ms = timer.nsecsElapsed() / 1e6;
    result.maxStallMs = stalls.maxStallMs();
    return result;
}

void report(const char *name, const char *stallName, const std::vector<Timed> &runs)
{
    std::vector<double> ms;
    double stall = 0;
    for (const Timed &t : runs) {
        ms.push_back(t.ms);
        stall = std::max(stall, t.maxStallMs);
    }
    mbbench::printFigure(name, mbbench::median(ms), "ms");
    mbbench::printFigure(stallName, stall, "ms");
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("million.mbw"));
    {
        auto created = db::Workspace::create(path);
        if (!created)
            qFatal("%s", qPrintable(created.error()));
        db::Database &database = (*created)->database();
        mbbench::seedSyntheticRuns(database, 0); // the project, the demo framing, a dataset version
        database.exec("PRAGMA synchronous = OFF");
        const std::int64_t project = database.queryInt("SELECT id FROM projects");
        const std::int64_t version = database.queryInt("SELECT id FROM dataset_versions");
        storeRun(database, project, version, QStringLiteral("quality"), 11);
        storeRun(database, project, version, QStringLiteral("engagement"), 12);
        database.exec("PRAGMA synchronous = NORMAL");
    }
    auto opened = db::Workspace::open(path);
    if (!opened)
        qFatal("%s", qPrintable(opened.error()));
    db::Database &database = (*opened)->database();
    const std::int64_t project = database.queryInt("SELECT id FROM projects");
    const Framing framing = demoNewsfeedFraming();
    constexpr std::int64_t kQuality = 1, kEngagement = 2;

    std::vector<Timed> shows;
    for (int i = 0; i < kRepeats; ++i) {
        ui::RunEvaluationView view;
        view.resize(1024, 700);
        view.setDatabase(&database);
        view.show();
        QApplication::processEvents();
        shows.push_back(timeUntil([&] { view.showRun(kEngagement, framing, QStringLiteral("clicks_at_100")); },
                                  [&] { return view.judgedEvaluationId() != 0 && view.message().isEmpty(); }));
    }
    report("run_evaluation_1m_items_show_ms", "run_evaluation_max_stall_ms", shows);

    std::vector<Timed> loads;
    for (int i = 0; i < kRepeats; ++i) {
        ui::TradeoffsPage page;
        page.resize(1280, 800);
        page.setProject(&database, project);
        page.show();
        page.waitForIdle(60000);
        page.setRuns(0, 0); // nothing loaded: the timing starts from an empty page
        page.waitForIdle(60000);
        loads.push_back(timeUntil([&] { page.setRuns(kQuality, kEngagement); },
                                  [&] { return page.metricValue(QStringLiteral("clicks_at_100")).has_value(); }));
        if (!page.message().isEmpty())
            qFatal("%s", qPrintable(page.message()));
    }
    report("tradeoff_pair_load_1m_items_ms", "tradeoff_pair_max_stall_ms", loads);
    return 0;
}
