// SPDX-License-Identifier: GPL-3.0-or-later
// Run records: what is recorded, the status lifecycle, and runs whose worker died.
#include "TestSupport.h"

#include <BuildInfo.h>
#include <ProjectRepository.h>
#include <RunRepository.h>
#include <Workspace.h>

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace mb;
using namespace mb::db;

class tst_RunRepository : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void createRecordsWhatReproducesTheRun();
    void lifecycleQueuedRunningFinished();
    void aFinalStatusIsNotOverwritten();
    void onlyAQueuedRunStarts();
    void runsWithAStaleHeartbeatAreInterrupted();
    void statusKeysRoundTrip();

private:
    RunRecord draft();
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    std::int64_t m_projectId = 0;
};

void tst_RunRepository::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto created = Workspace::create(m_dir->filePath(QStringLiteral("w.mbw")));
    QVERIFY(created);
    m_workspace = std::move(created).value();
    m_projectId = ProjectRepository(m_workspace->database()).create(QStringLiteral("p"))->id;
}

void tst_RunRepository::cleanup()
{
    m_workspace.reset();
}

RunRecord tst_RunRepository::draft()
{
    RunRecord r;
    r.projectId = m_projectId;
    r.name = QStringLiteral("mlp baseline");
    r.config = QJsonObject{{QStringLiteral("model"), QStringLiteral("mlp")}, {QStringLiteral("epochs"), 5}};
    r.seed = 1234;
    r.threads = 2;
    r.libtorchVersion = QStringLiteral("1.13.0");
    return r;
}

void tst_RunRepository::createRecordsWhatReproducesTheRun()
{
    RunRepository runs(m_workspace->database());
    const RunRecord created = *runs.create(draft());
    const RunRecord stored = *runs.run(created.id);
    QCOMPARE(stored.status, RunStatus::Queued);
    QCOMPARE(stored.config, draft().config);
    // The hash is of the canonical config, so equal configs are recognised as equal.
    QCOMPARE(stored.configSha256.size(), 64);
    QCOMPARE(runs.create(draft())->configSha256, stored.configSha256);
    QCOMPARE(stored.seed, std::int64_t(1234));
    QCOMPARE(stored.threads, 2);
    QCOMPARE(stored.appVersion, applicationVersion());
    QCOMPARE(stored.buildCommit, buildCommit());
    QCOMPARE(stored.libtorchVersion, QStringLiteral("1.13.0"));
    QVERIFY(!stored.host.isEmpty());
    QVERIFY(!stored.queuedAt.isEmpty());
    QVERIFY(stored.startedAt.isEmpty());
    QCOMPARE(runs.runs(m_projectId)->size(), 2);
    QCOMPARE(runs.runs(m_projectId)->first().id, created.id + 1); // newest first
}

void tst_RunRepository::lifecycleQueuedRunningFinished()
{
    RunRepository runs(m_workspace->database());
    const std::int64_t id = runs.create(draft())->id;
    QVERIFY(runs.markRunning(id, 4242));
    RunRecord running = *runs.run(id);
    QCOMPARE(running.status, RunStatus::Running);
    QCOMPARE(running.workerPid, std::optional<std::int64_t>(4242));
    QVERIFY(!running.startedAt.isEmpty());
    QVERIFY(runs.heartbeat(id));
    QVERIFY(runs.finish(id, RunStatus::Finished));
    const RunRecord finished = *runs.run(id);
    QCOMPARE(finished.status, RunStatus::Finished);
    QVERIFY(!finished.finishedAt.isEmpty());
    QVERIFY(!runs.finish(id, RunStatus::Running)); // not a final status
}

void tst_RunRepository::aFinalStatusIsNotOverwritten()
{
    RunRepository runs(m_workspace->database());
    const std::int64_t id = runs.create(draft())->id;
    QVERIFY(runs.markRunning(id, 1));
    QVERIFY(runs.finish(id, RunStatus::Diverged, QStringLiteral("loss became NaN at step 37")));
    QVERIFY(runs.finish(id, RunStatus::Finished)); // a late message from the worker changes nothing
    const RunRecord run = *runs.run(id);
    QCOMPARE(run.status, RunStatus::Diverged);
    QCOMPARE(run.errorTail, QStringLiteral("loss became NaN at step 37"));
}

void tst_RunRepository::onlyAQueuedRunStarts()
{
    RunRepository runs(m_workspace->database());
    const std::int64_t id = runs.create(draft())->id;
    QVERIFY(runs.finish(id, RunStatus::Cancelled));
    const Status started = runs.markRunning(id, 1);
    QVERIFY(!started);
    QVERIFY(started.error().contains(QStringLiteral("not queued")));
}

void tst_RunRepository::runsWithAStaleHeartbeatAreInterrupted()
{
    RunRepository runs(m_workspace->database());
    const std::int64_t dead = runs.create(draft())->id;
    const std::int64_t alive = runs.create(draft())->id;
    const std::int64_t queued = runs.create(draft())->id;
    QVERIFY(runs.markRunning(dead, 1));
    QVERIFY(runs.markRunning(alive, 2));
    // The dead worker's last heartbeat is an hour old; the live one beats now.
    m_workspace->database().exec(
        "UPDATE runs SET heartbeat_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hour') WHERE worker_pid = 1");
    QVERIFY(runs.heartbeat(alive));
    QCOMPARE(*runs.markInterrupted(60), 1);
    QCOMPARE(runs.run(dead)->status, RunStatus::Interrupted);
    QVERIFY(runs.run(dead)->errorTail.contains(QStringLiteral("no heartbeat since")));
    QCOMPARE(runs.run(alive)->status, RunStatus::Running);
    QCOMPARE(runs.run(queued)->status, RunStatus::Queued);
}

void tst_RunRepository::statusKeysRoundTrip()
{
    for (RunStatus s : {RunStatus::Queued, RunStatus::Running, RunStatus::Finished, RunStatus::Failed,
                        RunStatus::Cancelled, RunStatus::Diverged, RunStatus::Interrupted})
        QCOMPARE(runStatusFromKey(toKey(s)), std::optional(s));
    QVERIFY(!runStatusFromKey(QStringLiteral("paused")));
}

QTEST_GUILESS_MAIN(tst_RunRepository)
#include "tst_runrepository.moc"
