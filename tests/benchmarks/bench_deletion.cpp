// SPDX-License-Identifier: GPL-3.0-or-later
// Deleting at scale, on a project of 1000 finished runs (each with a held-out evaluation of 10 000
// items, a 1000-point loss series and a 64 KiB checkpoint, one in ten shared), each figure on a
// fresh copy of the file:
//   delete_project_1k_runs_s            db::Deletion::deleteProject as `project delete` runs it (nothing recorded)
//   delete_project_1k_runs_undoable_s   the same, recording every removed row for Undo (the window)
//   delete_project_1k_runs_preview_s    the window's preview: the same deletion rolled back
//   undo_delete_project_1k_runs_s       putting the project back (Deletion::undo)
//   delete_project_1k_runs_undo_mib     the undo data the window holds in memory meanwhile
//   delete_100_runs_s / delete_100_runs_undoable_s   deleting 100 of the runs, without and with Undo
// The workspace is tests/benchmarks/SyntheticRuns.h's, built in a temporary folder.
// Prints `name: value unit` lines.
#include "db/Deletion.h"
#include "tests/benchmarks/BenchmarkOutput.h"
#include "tests/benchmarks/SyntheticRuns.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <functional>

using namespace mb;

namespace {

constexpr int kRuns = 1000;
constexpr int kSomeRuns = 100;

// Copies the seeded file (and closes the copy) so each figure starts from the same store.
std::unique_ptr<db::Workspace> freshCopy(const QString &seeded, const QString &copy)
{
    QFile::remove(copy);
    if (!QFile::copy(seeded, copy))
        qFatal("cannot copy %s", qPrintable(seeded));
    auto opened = db::Workspace::open(copy);
    if (!opened)
        qFatal("%s", qPrintable(opened.error()));
    return std::move(opened).value();
}

db::DeletionOutcome timed(const char *figure, db::Workspace &workspace, db::DeletionMode mode,
                          const std::function<Result<db::DeletionOutcome>(db::Deletion &)> &remove)
{
    db::Deletion deletion(workspace.database(), mode);
    QElapsedTimer timer;
    timer.start();
    Result<db::DeletionOutcome> outcome = remove(deletion);
    const double seconds = timer.nsecsElapsed() / 1e9;
    if (!outcome)
        qFatal("%s: %s", figure, qPrintable(outcome.error()));
    mbbench::printFigure(figure, seconds, "s");
    return std::move(outcome).value();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    const QString seeded = dir.filePath(QStringLiteral("seeded.mbw"));
    std::int64_t projectId = 0;
    QList<std::int64_t> someRuns;
    {
        const auto workspace = mbbench::openSyntheticWorkspace(seeded, kRuns);
        mbbench::addSeriesAndCheckpoints(workspace->database());
        workspace->database().exec("PRAGMA wal_checkpoint(TRUNCATE)"); // one file to copy
        projectId = db::ProjectRepository(workspace->database()).find(demoProjectName())->id;
        db::Statement ids = workspace->database().prepare("SELECT id FROM runs ORDER BY id DESC LIMIT ?1");
        ids.bind(1, kSomeRuns);
        while (ids.step())
            someRuns << ids.columnInt(0);
    }
    const QString copy = dir.filePath(QStringLiteral("copy.mbw"));
    const auto project = [projectId](db::Deletion &deletion) { return deletion.deleteProject(projectId); };
    const auto some = [someRuns](db::Deletion &deletion) { return deletion.deleteRuns(someRuns); };

    timed("delete_project_1k_runs_s", *freshCopy(seeded, copy), db::DeletionMode::Delete, project);
    {
        auto workspace = freshCopy(seeded, copy);
        timed("delete_project_1k_runs_preview_s", *workspace, db::DeletionMode::Preview, project);
        const db::DeletionOutcome deleted =
            timed("delete_project_1k_runs_undoable_s", *workspace, db::DeletionMode::Undoable, project);
        mbbench::printFigure("delete_project_1k_runs_undo_mib", double(deleted.undo.size()) / (1024.0 * 1024.0), "MiB");
        QElapsedTimer timer;
        timer.start();
        if (const Status back = db::Deletion(workspace->database()).undo(deleted.undo); !back)
            qFatal("undo: %s", qPrintable(back.error()));
        mbbench::printFigure("undo_delete_project_1k_runs_s", timer.nsecsElapsed() / 1e9, "s");
        if (workspace->database().queryInt("SELECT count(*) FROM runs") != kRuns)
            qFatal("undo did not bring every run back");
    }
    timed("delete_100_runs_s", *freshCopy(seeded, copy), db::DeletionMode::Delete, some);
    timed("delete_100_runs_undoable_s", *freshCopy(seeded, copy), db::DeletionMode::Undoable, some);
    return 0;
}
