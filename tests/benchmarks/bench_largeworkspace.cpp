// SPDX-License-Identifier: GPL-3.0-or-later
// Opening a large workspace, one `name: value unit` line each, for ./scripts/bench:
//   workspace_open_10gb_ms       Workspace::open of a 10 GB workspace, from the file's header to a
//                                connection ready to write (target <= 50 ms); the page cache is
//                                dropped first where this process may (root), and the next line
//                                says whether it was
//   workspace_open_10gb_cold     1 when the figure above was measured with a cold page cache
//   workspace_open_10gb_warm_ms  the same with the file in the page cache
// The workspace is built here, in a temporary folder: 1 000 finished runs with their configs,
// summaries and logs, and twenty 500 MB checkpoints (zero bytes, as fast to write as any; a row
// stays under SQLite's 1e9-byte limit), named by twenty of the runs: what a month of a team's runs
// holds, with the bulk where a workspace keeps it, in blobs.
#include "core/TrainingConfig.h"
#include "db/Database.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/benchmarks/BenchmarkOutput.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QStorageInfo>
#include <QTemporaryDir>

#include <unistd.h>

#include <vector>

using namespace mb;

namespace {

constexpr int kRuns = 1000;
constexpr int kCheckpoints = 20;
constexpr qint64 kCheckpointBytes = 500000000; // a row must stay under SQLITE_MAX_LENGTH (1e9 bytes)

void buildWorkspace(const QString &path)
{
    std::int64_t projectId = 0;
    {
        auto workspace = db::Workspace::create(path);
        if (!workspace)
            qFatal("%s", qPrintable(workspace.error()));
        db::Database &database = (*workspace)->database();
        projectId = db::ProjectRepository(database).create(QStringLiteral("bench"))->id;
        db::RunRepository runs(database);
        database.exec("PRAGMA synchronous = OFF"); // setup only
        for (int i = 0; i < kRuns; ++i) {
            TrainingConfig config = defaultTrainingConfig(TaskType::Binary);
            config.name = QStringLiteral("sweep %1").arg(i);
            db::RunRecord draft;
            draft.projectId = projectId;
            draft.name = config.name;
            draft.config = trainingConfigToJson(config);
            const std::int64_t id = runs.create(draft)->id;
            runs.markRunning(id, 1000 + i);
            runs.updateSummary(id, {{"epochs_done", 10}, {"validation/loss", 0.3 + i * 1e-4}});
            for (int line = 0; line < 20; ++line)
                runs.appendLog(id, QStringLiteral("epoch %1/20: validation/loss 0.%2").arg(line + 1).arg(i));
            runs.finish(id, db::RunStatus::Finished, {}, db::RunRepository::ChunkMerge::Keep);
        }
    }
    // The bulk without a journal: written once, and a failed setup is thrown away.
    db::Database database(path, db::Database::Mode::ReadWrite);
    database.exec("PRAGMA journal_mode = DELETE");
    database.exec("PRAGMA journal_mode = OFF");
    database.exec("PRAGMA synchronous = OFF");
    for (int i = 0; i < kCheckpoints; ++i) {
        database.exec(QByteArray("INSERT INTO artifacts(sha256, size, data) VALUES (lower(hex(randomblob(32))), " +
                                 QByteArray::number(kCheckpointBytes) + ", zeroblob(" +
                                 QByteArray::number(kCheckpointBytes) + "))")
                          .constData());
        database.exec(
            QByteArray(
                "INSERT INTO run_artifacts(run_id, name, sha256, created_at) SELECT " + QByteArray::number(i + 1) +
                ", 'best', sha256, '2026-12-07T10:00:00Z' FROM artifacts WHERE id = " + QByteArray::number(i + 1))
                .constData());
    }
    database.exec("PRAGMA journal_mode = WAL");
}

// Whether the kernel dropped its page cache (root only): then the next open reads from the disk.
bool dropPageCache()
{
    ::sync();
    QFile control(QStringLiteral("/proc/sys/vm/drop_caches"));
    return control.open(QIODevice::WriteOnly) && control.write("3\n") == 2;
}

double openMs(const QString &path)
{
    QElapsedTimer timer;
    timer.start();
    auto workspace = db::Workspace::open(path);
    if (!workspace)
        qFatal("%s", qPrintable(workspace.error()));
    return timer.nsecsElapsed() / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    const qint64 needed = kCheckpoints * kCheckpointBytes + (qint64(2) << 30);
    if (QStorageInfo(dir.path()).bytesAvailable() < needed)
        qFatal("bench_largeworkspace needs %lld GB free in %s", needed >> 30, qPrintable(dir.path()));
    const QString path = dir.filePath(QStringLiteral("large.mbw"));
    buildWorkspace(path);
    if (QFileInfo(path).size() < kCheckpoints * kCheckpointBytes)
        qFatal("the workspace holds %lld bytes", QFileInfo(path).size());

    openMs(path); // the first open after the build checkpoints nothing, but settles the -wal file
    bool cold = true;
    std::vector<double> coldMs, warmMs;
    for (int i = 0; i < 3; ++i) {
        cold = cold && dropPageCache();
        coldMs.push_back(openMs(path));
    }
    for (int i = 0; i < 5; ++i)
        warmMs.push_back(openMs(path));
    mbbench::printFigure("workspace_open_10gb_ms", mbbench::median(cold ? coldMs : warmMs), "ms");
    mbbench::printFigure("workspace_open_10gb_cold", cold ? 1 : 0, "flag");
    mbbench::printFigure("workspace_open_10gb_warm_ms", mbbench::median(warmMs), "ms");
    return 0;
}
