// SPDX-License-Identifier: GPL-3.0-or-later
// Moving work between workspaces at scale:
//   project_export_1k_runs_s   `project export` of a project with 1000 finished runs (each with a
//                              held-out evaluation of 10 000 items, a 1000-point loss series and a
//                              checkpoint, one in ten shared with another run) into a new file:
//                              services::exportProject, the median of 3.
//   project_import_1k_runs_s   importing that file into a fresh workspace (services::importWorkspaceFile).
// The workspace is tests/benchmarks/SyntheticRuns.h's, built here, plus the series and checkpoints.
// Prints `name: value unit` lines.
#include "app/services/ProjectTransfer.h"
#include "tests/benchmarks/BenchmarkOutput.h"
#include "tests/benchmarks/SyntheticRuns.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

using namespace mb;

namespace {

constexpr int kRuns = 1000;
constexpr int kExports = 3;

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    const auto workspace = mbbench::openSyntheticWorkspace(dir.filePath(QStringLiteral("transfer.mbw")), kRuns);
    mbbench::addSeriesAndCheckpoints(workspace->database());
    const std::int64_t projectId = db::ProjectRepository(workspace->database()).find(demoProjectName())->id;

    std::vector<double> exports;
    QString exported;
    for (int i = 0; i < kExports; ++i) {
        exported = dir.filePath(QStringLiteral("export-%1.mbw").arg(i));
        QElapsedTimer timer;
        timer.start();
        const Result<db::ProjectCopyOutcome> outcome =
            services::exportProject(workspace->database(), projectId, {}, exported);
        exports.push_back(timer.nsecsElapsed() / 1e9);
        if (!outcome || outcome->runsCopied != kRuns)
            qFatal("export: %s", outcome ? "not every run was copied" : qPrintable(outcome.error()));
    }
    mbbench::printFigure("project_export_1k_runs_s", mbbench::median(exports), "s");

    auto fresh = db::Workspace::create(dir.filePath(QStringLiteral("fresh.mbw")));
    if (!fresh)
        qFatal("%s", qPrintable(fresh.error()));
    QElapsedTimer timer;
    timer.start();
    const auto imported = services::importWorkspaceFile((*fresh)->database(), exported);
    const double importSeconds = timer.nsecsElapsed() / 1e9;
    if (!imported || imported->value(0).runsCopied != kRuns)
        qFatal("import: %s", imported ? "not every run was copied" : qPrintable(imported.error()));
    mbbench::printFigure("project_import_1k_runs_s", importSeconds, "s");
    return 0;
}
