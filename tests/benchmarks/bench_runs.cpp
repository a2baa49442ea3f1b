// SPDX-License-Identifier: GPL-3.0-or-later
// The Runs page at scale, offscreen, through the real window and plot:
//   runs_table_10k_open_ms     a workspace with 10 000 runs, from opening it in the window to the
//                              runs table populated (target <= 1000 ms)
//   plot_1m_points_replot_ms   100 runs x 10 000 steps overlaid in the curves plot: one replot,
//                              the median of several (target <= 30 ms)
//   runs_list_10k_ms           RunRepository::runs over those 10 000 runs (config, summary and fitted
//                              feature encoding each), the median of several: what every reload of
//                              a page that lists runs pays before it shows anything
//   queued_runs_poll_10k_ms    RunRepository::queuedRunIds among them, the query the window's queue
//                              makes every 2 s, the median of many
// Prints `name: value unit` lines.
#include "app/services/RunQueue.h"
#include "core/TrainingConfig.h"
#include "db/MetricSeriesStore.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/benchmarks/BenchmarkOutput.h"
#include "ui/plots/QCustomPlotInclude.h"
#include "ui/plots/RunCurvesPlot.h"
#include "ui/runs/RunsPage.h"
#include "ui/shell/MainWindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>

#include <cmath>
#include <random>
#include <vector>

using namespace mb;

namespace {

constexpr int kTableRuns = 10000;
constexpr int kPlotRuns = 100;
constexpr int kPlotSteps = 10000;
constexpr int kReplots = 15;

// Runs as the worker leaves them: a full config and the summary it writes, most of them finished.
// A fitted feature encoding the size of the demo's: numeric columns with their scaling, two one-hot
// columns with their categories (data::FeatureEncoding::toJson's shape).
QJsonObject featureEncoding()
{
    QJsonArray columns;
    for (int c = 0; c < 12; ++c)
        columns.append(QJsonObject{{"name", QStringLiteral("feature_%1").arg(c)},
                                   {"kind", "numeric"},
                                   {"mean", 0.5 + c},
                                   {"std", 1.25 * (c + 1)},
                                   {"missing", "mean"}});
    for (int c = 0; c < 2; ++c) {
        QJsonArray categories;
        for (int k = 0; k < 20; ++k)
            categories.append(QStringLiteral("category %1-%2").arg(c).arg(k));
        columns.append(QJsonObject{{"name", QStringLiteral("topic_%1").arg(c)},
                                   {"kind", "one_hot"},
                                   {"categories", categories},
                                   {"train_categories", 20}});
    }
    return {{"format", "metricbridge.features"}, {"columns", columns}};
}

void seedRuns(db::Database &database, std::int64_t projectId, int count)
{
    const QJsonObject encoding = featureEncoding();
    db::RunRepository runs(database);
    std::mt19937_64 random(11);
    std::uniform_real_distribution<double> uniform(0, 1);
    database.exec("PRAGMA synchronous = OFF"); // setup only: 10 000 runs are 30 000 small writes
    for (int i = 0; i < count; ++i) {
        TrainingConfig config = defaultTrainingConfig(TaskType::Binary);
        config.name = QStringLiteral("sweep %1").arg(i);
        config.datasetVersion = 1;
        config.split = 1;
        config.targets = {QStringLiteral("engagement")};
        config.model.hidden = {64 << (i % 3), 32};
        config.optimizer.learningRate = std::pow(10.0, -1 - i % 4);
        config.batchSize = 64 << (i % 4);
        db::RunRecord draft;
        draft.projectId = projectId;
        draft.name = config.name;
        draft.config = trainingConfigToJson(config);
        draft.seed = 42;
        const std::int64_t id = runs.create(draft)->id;
        runs.markRunning(id, 1000 + i);
        runs.setFeatureEncoding(id, encoding);
        const double loss = 0.3 + 0.4 * uniform(random);
        runs.updateSummary(id,
                           {{"epochs_done", 10},
                            {"epochs", 10},
                            {"validation/loss", loss},
                            {"validation/accuracy", 1.0 - loss / 2},
                            {"epoch/train_loss", loss * 0.9},
                            {"best_epoch", 7},
                            {"samples_per_s", 150000 * uniform(random)},
                            {"monitor", "validation/loss"},
                            {"end", "finished"},
                            {"best", QJsonObject{{"validation/loss", loss}, {"validation/accuracy", 1.0 - loss / 2}}}});
        runs.finish(id, i % 50 == 0 ? db::RunStatus::Failed : db::RunStatus::Finished);
    }
    database.exec("PRAGMA synchronous = NORMAL");
}

double tableOpenMs(const QString &path)
{
    ui::MainWindow window;
    window.runsPage()->runQueue()->setAutoStart(false);
    window.resize(1280, 860);
    window.show();
    window.showPage(QStringLiteral("welcome"));
    QApplication::processEvents();
    QElapsedTimer timer;
    timer.start();
    if (!window.openWorkspace(path))
        qFatal("%s", qPrintable(window.errorText()));
    window.showPage(QStringLiteral("runs"));
    QTableView *view = window.runsPage()->runsView();
    while (view->model()->rowCount() < kTableRuns)
        QApplication::processEvents();
    QApplication::processEvents(); // the first paint of the table
    view->repaint();
    return timer.nsecsElapsed() / 1e6;
}

double replotMs(db::Database &database, std::int64_t projectId)
{
    db::RunRepository runs(database);
    QList<ui::RunCurvesPlot::Source> sources;
    for (int r = 0; r < kPlotRuns; ++r) {
        db::RunRecord draft;
        draft.projectId = projectId;
        draft.name = QStringLiteral("curve %1").arg(r);
        draft.config = QJsonObject{{QStringLiteral("bench"), true}};
        const std::int64_t id = runs.create(draft)->id;
        db::MetricSeriesWriter writer(database, id);
        const int series = *writer.series(QStringLiteral("train/loss"));
        std::mt19937_64 random{std::uint64_t(r)};
        std::normal_distribution<double> noise(0, 0.05);
        for (int s = 1; s <= kPlotSteps; ++s)
            writer.append(series, s, 2.0 * std::exp(-s / 2500.0) + 0.1 + noise(random) + r * 0.001);
        if (!writer.flush())
            qFatal("cannot write the series");
        sources << ui::RunCurvesPlot::Source{id, draft.name, false};
    }
    ui::RunCurvesPlot plot;
    plot.resize(1000, 600);
    plot.show();
    plot.setDatabase(&database);
    plot.setRuns(sources);
    QApplication::processEvents();
    plot.replotNow(); // the first replot lays out and caches the axis labels
    std::vector<double> times;
    QElapsedTimer timer;
    for (int i = 0; i < kReplots; ++i) {
        timer.restart();
        plot.plot()->replot(QCustomPlot::rpImmediateRefresh);
        times.push_back(timer.nsecsElapsed() / 1e6);
    }
    qint64 points = 0;
    for (const ui::RunCurvesPlot::Source &s : sources)
        points += plot.pointCount(s.runId);
    if (points != qint64(kPlotRuns) * kPlotSteps)
        qFatal("the plot holds %lld points", points);
    return mbbench::median(times);
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QTemporaryDir dir;
    // The window keeps recent workspaces in the settings: not the user's.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.filePath(QStringLiteral("settings")));
    const QString path = dir.filePath(QStringLiteral("runs.mbw"));
    std::int64_t projectId = 0;
    {
        auto workspace = db::Workspace::create(path);
        if (!workspace)
            qFatal("%s", qPrintable(workspace.error()));
        projectId = db::ProjectRepository((*workspace)->database()).create(QStringLiteral("bench"))->id;
        seedRuns((*workspace)->database(), projectId, kTableRuns);
    }
    {
        auto workspace = db::Workspace::open(path);
        if (!workspace)
            qFatal("%s", qPrintable(workspace.error()));
        db::RunRepository runs((*workspace)->database());
        std::vector<double> lists, polls;
        QElapsedTimer timer;
        for (int i = 0; i < 7; ++i) {
            timer.restart();
            const Result<QList<db::RunRecord>> listed = runs.runs(projectId);
            lists.push_back(timer.nsecsElapsed() / 1e6);
            if (!listed || listed->size() != kTableRuns)
                qFatal("the listing holds %lld runs", listed ? qint64(listed->size()) : -1);
        }
        for (int i = 0; i < 50; ++i) {
            timer.restart();
            if (!runs.queuedRunIds())
                qFatal("cannot list queued runs");
            polls.push_back(timer.nsecsElapsed() / 1e6);
        }
        mbbench::printFigure("runs_list_10k_ms", mbbench::median(lists), "ms");
        mbbench::printFigure("queued_runs_poll_10k_ms", mbbench::median(polls), "ms");
    }
    std::vector<double> opens;
    for (int i = 0; i < 3; ++i)
        opens.push_back(tableOpenMs(path));
    mbbench::printFigure("runs_table_10k_open_ms", mbbench::median(opens), "ms");

    auto workspace = db::Workspace::open(path);
    if (!workspace)
        qFatal("%s", qPrintable(workspace.error()));
    mbbench::printFigure("plot_1m_points_replot_ms", replotMs((*workspace)->database(), projectId), "ms");
    return 0;
}
