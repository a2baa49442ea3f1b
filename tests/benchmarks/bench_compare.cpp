// SPDX-License-Identifier: GPL-3.0-or-later
// The Compare page at scale, offscreen:
//   compare_page_1k_runs_open_ms   a project with the demo framing (three top-k business metrics,
//                                  three stakeholder requirements) and 1000 finished runs, each
//                                  with a stored held-out evaluation of 10 000 items, ML metrics
//                                  and a latency profile: from constructing the page, through
//                                  setProject (every run loaded and its business metrics
//                                  recomputed from the stored predictions) to the first paint of
//                                  the table. The median of 3 (target <= 1000 ms).
// The workspace is tests/benchmarks/SyntheticRuns.h's.
// Prints `name: value unit` lines.
#include "core/DemoFraming.h"
#include "db/ProjectRepository.h"
#include "db/Workspace.h"
#include "tests/benchmarks/BenchmarkOutput.h"
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
#include <vector>

using namespace mb;

namespace {

constexpr int kRuns = 1000;
constexpr int kOpens = 3;

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
    const auto workspace = mbbench::openSyntheticWorkspace(path, kRuns, !kept.isEmpty());
    const std::int64_t projectId = db::ProjectRepository(workspace->database()).find(demoProjectName())->id;
    std::vector<double> opens;
    for (int i = 0; i < kOpens; ++i)
        opens.push_back(openMs(workspace->database(), projectId));
    mbbench::printFigure("compare_page_1k_runs_open_ms", mbbench::median(opens), "ms");
    return 0;
}
