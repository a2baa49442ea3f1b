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
#include "db/ArtifactStore.h"
#include "db/MetricSeriesStore.h"
#include "tests/benchmarks/BenchmarkOutput.h"
#include "tests/benchmarks/SyntheticRuns.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

using namespace mb;

namespace {

constexpr int kRuns = 1000;
constexpr int kExports = 3;
constexpr int kSeriesPoints = 1000;
constexpr int kCheckpointBytes = 64 * 1024;

// What a worker leaves besides the evaluation: a loss curve and a best checkpoint.
void addSeriesAndCheckpoints(db::Database &database)
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

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    const auto workspace = mbbench::openSyntheticWorkspace(dir.filePath(QStringLiteral("transfer.mbw")), kRuns);
    addSeriesAndCheckpoints(workspace->database());
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
