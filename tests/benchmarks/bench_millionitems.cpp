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
#include "tests/benchmarks/MillionItemRuns.h"
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
    std::unique_ptr<db::Workspace> workspace =
        mbbench::createMillionItemWorkspace(dir.filePath(QStringLiteral("million.mbw")), kMillion);
    db::Database &database = workspace->database();
    const std::int64_t project = database.queryInt("SELECT id FROM projects");
    const Framing framing = demoNewsfeedFraming();
    constexpr std::int64_t kQuality = mbbench::kQualityRun, kEngagement = mbbench::kEngagementRun;

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
