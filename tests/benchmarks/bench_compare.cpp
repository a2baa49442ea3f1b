// SPDX-License-Identifier: GPL-3.0-or-later
// The Compare page at scale, offscreen, on a project with the demo framing (three top-k business
// metrics, three stakeholder requirements) and 10 000 finished runs, each with a stored held-out
// evaluation of 10 000 items, ML metrics and a latency profile (tests/benchmarks/SyntheticRuns.h;
// 60 distinct evaluations stored again and again, so the 6 GB file is written in minutes):
//   compare_page_10k_runs_first_open_ms  from constructing the page, through setProject, to the first
//                                        paint of the table showing every run with its business
//                                        metrics, on a workspace where none were computed before
//                                        (every run's predictions read). Once.
//   compare_page_10k_runs_open_ms        the same on a fresh page afterwards: what opening the page
//                                        costs from then on. The median of 3 (target <= 1000 ms).
//   gui_max_stall_ms                     the longest the GUI thread went without turning its event
//                                        loop during those later opens (a 1 ms timer's largest gap;
//                                        target <= 50 ms).
// MB_BENCH_COMPARE_RUNS sets another number of runs (the figures keep their names).
// Prints `name: value unit` lines.
#include "core/DemoFraming.h"
#include "db/ProjectRepository.h"
#include "db/Workspace.h"
#include "tests/benchmarks/BenchmarkOutput.h"
#include "tests/benchmarks/GuiStall.h"
#include "tests/benchmarks/SyntheticRuns.h"
#include "ui/compare/ComparePage.h"
#include "ui/compare/CompareTableModel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QTableView>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

using namespace mb;

namespace {

constexpr int kDefaultRuns = 10000;
constexpr int kDistinctEvaluations = 60;
constexpr int kOpens = 3;

// Counts the table's paints, so the timing ends at the first one showing the runs.
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

struct Open {
    double ms = 0;
    double maxStallMs = 0;
};

// Public calls only. The before figures (2026-12-07) came from this source against the page before
// its reader, with a fixed 3 s pause where waitForLoaded now waits for the kept values.
Open open(db::Database &database, std::int64_t projectId, int runs)
{
    Open result;
    QElapsedTimer timer;
    timer.start();
    auto stalls = std::make_unique<mbbench::GuiStallMeter>();
    ui::ComparePage page;
    page.resize(1280, 800);
    PaintCounter counter;
    page.view()->viewport()->installEventFilter(&counter);
    page.setProject(&database, projectId);
    page.show();
    // The first paint once the table holds every run.
    while (page.model()->rowCount() != runs)
        QApplication::processEvents(QEventLoop::AllEvents, 5);
    counter.paints = 0;
    while (counter.paints == 0)
        QApplication::processEvents(QEventLoop::AllEvents, 5);
    result.ms = timer.nsecsElapsed() / 1e6;
    result.maxStallMs = stalls->maxStallMs();
    stalls.reset();
    for (const QString &metric : page.model()->businessMetrics())
        for (const services::RunMetrics &run : page.model()->runs())
            if (!run.values.contains(metric))
                qFatal("run %lld has no %s", qint64(run.run.id), qPrintable(metric));
    // Values the page keeps for next time are written before the next open is timed: waitForLoaded
    // also waits for the thread that keeps them, however long a loaded machine takes.
    if (!page.waitForLoaded())
        qFatal("the Compare page did not finish loading and keeping its values");
    return result;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int runs = qEnvironmentVariableIsSet("MB_BENCH_COMPARE_RUNS")
                         ? qEnvironmentVariableIntValue("MB_BENCH_COMPARE_RUNS")
                         : kDefaultRuns;
    QTemporaryDir dir;
    // MB_BENCH_COMPARE_WORKSPACE keeps the workspace (about 6 GB) for profiling: written there
    // when the file is missing, reused when it is not (its first open is then not a first one).
    const QString kept = qEnvironmentVariable("MB_BENCH_COMPARE_WORKSPACE");
    const QString path = kept.isEmpty() ? dir.filePath(QStringLiteral("compare.mbw")) : kept;
    const auto workspace = mbbench::openSyntheticWorkspace(path, runs, !kept.isEmpty(), kDistinctEvaluations);
    const std::int64_t projectId = db::ProjectRepository(workspace->database()).find(demoProjectName())->id;
    const Open first = open(workspace->database(), projectId, runs);
    mbbench::printFigure("compare_page_10k_runs_first_open_ms", first.ms, "ms");
    std::vector<double> opens;
    double stall = 0;
    for (int i = 0; i < kOpens; ++i) {
        const Open again = open(workspace->database(), projectId, runs);
        opens.push_back(again.ms);
        stall = std::max(stall, again.maxStallMs);
    }
    mbbench::printFigure("compare_page_10k_runs_open_ms", mbbench::median(opens), "ms");
    mbbench::printFigure("gui_max_stall_ms", stall, "ms");
    return 0;
}
