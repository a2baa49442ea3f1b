// SPDX-License-Identifier: GPL-3.0-or-later
// Which silent runs have lost their worker (services/RunLiveness): a run is declared interrupted
// only when its heartbeat is stale AND its worker is known to be gone. Real processes stand in for
// workers: one that carries the worker's name in its command line (as `metricbridge train` does)
// and is alive keeps its run; once it is killed and reaped, or when its pid belongs to another
// program (a reused pid), the run is interrupted; a run whose worker ran on another machine,
// whose processes cannot be seen, is judged by its heartbeat alone.
#include "app/services/RunLiveness.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace mb;

class tst_RunLiveness : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void aLiveWorkerKeepsItsSilentRun();
    void aKilledWorkersRunIsInterrupted();
    void aPidReusedByAnotherProgramIsNotTheWorker();
    void aRunFromAnotherMachineIsJudgedByItsHeartbeat();
    void aFreshHeartbeatIsNeverQuestioned();

private:
    db::Database &db() { return m_workspace->database(); }
    // A running run of `pid` on this machine whose last heartbeat is an hour old.
    std::int64_t silentRun(qint64 pid);
    // A process that looks like a worker: `sleep` run under the worker's name.
    bool startFakeWorker(QProcess &process);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<db::Workspace> m_workspace;
    std::int64_t m_projectId = 0;
};

void tst_RunLiveness::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto created = db::Workspace::create(m_dir->filePath(QStringLiteral("w.mbw")));
    QVERIFY(created);
    m_workspace = std::move(created).value();
    m_projectId = db::ProjectRepository(db()).create(QStringLiteral("p"))->id;
}

void tst_RunLiveness::cleanup()
{
    m_workspace.reset();
}

std::int64_t tst_RunLiveness::silentRun(qint64 pid)
{
    db::RunRepository runs(db());
    db::RunRecord draft;
    draft.projectId = m_projectId;
    draft.name = QStringLiteral("silent");
    const std::int64_t id = runs.create(draft)->id;
    if (!runs.markRunning(id, pid))
        return 0;
    db().prepare("UPDATE runs SET heartbeat_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hour') WHERE id = ?1")
        .bind(1, id)
        .run();
    return id;
}

bool tst_RunLiveness::startFakeWorker(QProcess &process)
{
    process.start(QStringLiteral("bash"), {QStringLiteral("-c"), QStringLiteral("exec -a metricbridge-train sleep 600")});
    return process.waitForStarted(60000);
}

void tst_RunLiveness::aLiveWorkerKeepsItsSilentRun()
{
    QProcess worker;
    QVERIFY(startFakeWorker(worker));
    const std::int64_t id = silentRun(worker.processId());
    // The exec replaces bash (whose command line is not the worker's) within moments.
    QTRY_VERIFY_WITH_TIMEOUT(!services::workerIsGone(*db::RunRepository(db()).run(id)), 60000);
    QCOMPARE(*services::interruptDeadRuns(db()), 0);
    QCOMPARE(db::RunRepository(db()).run(id)->status, db::RunStatus::Running);
    worker.kill();
    worker.waitForFinished(60000);
}

void tst_RunLiveness::aKilledWorkersRunIsInterrupted()
{
    QProcess worker;
    QVERIFY(startFakeWorker(worker));
    const std::int64_t id = silentRun(worker.processId());
    worker.kill();
    QVERIFY(worker.waitForFinished(60000)); // reaped: the pid is no process now
    QVERIFY(services::workerIsGone(*db::RunRepository(db()).run(id)));
    QCOMPARE(*services::interruptDeadRuns(db()), 1);
    const db::RunRecord run = *db::RunRepository(db()).run(id);
    QCOMPARE(run.status, db::RunStatus::Interrupted);
    QVERIFY2(run.errorTail.contains(QLatin1String("no heartbeat since")), qPrintable(run.errorTail));
}

void tst_RunLiveness::aPidReusedByAnotherProgramIsNotTheWorker()
{
    // This test's own process is alive, but it is not a MetricBridge worker.
    const std::int64_t id = silentRun(QCoreApplication::applicationPid());
    QVERIFY(services::workerIsGone(*db::RunRepository(db()).run(id)));
    QCOMPARE(*services::interruptDeadRuns(db()), 1);
    QCOMPARE(db::RunRepository(db()).run(id)->status, db::RunStatus::Interrupted);
}

void tst_RunLiveness::aRunFromAnotherMachineIsJudgedByItsHeartbeat()
{
    QProcess worker;
    QVERIFY(startFakeWorker(worker));
    const std::int64_t id = silentRun(worker.processId());
    db().prepare("UPDATE runs SET host = 'another-machine' WHERE id = ?1").bind(1, id).run();
    // Its pid means nothing here, so liveness cannot be checked: the stale heartbeat decides.
    QVERIFY(!services::workerIsGone(*db::RunRepository(db()).run(id)));
    QCOMPARE(*services::interruptDeadRuns(db()), 1);
    QCOMPARE(db::RunRepository(db()).run(id)->status, db::RunStatus::Interrupted);
    worker.kill();
    worker.waitForFinished(60000);
}

void tst_RunLiveness::aFreshHeartbeatIsNeverQuestioned()
{
    const std::int64_t id = silentRun(QCoreApplication::applicationPid());
    QVERIFY(db::RunRepository(db()).heartbeat(id));
    QCOMPARE(*services::interruptDeadRuns(db()), 0);
    QCOMPARE(db::RunRepository(db()).run(id)->status, db::RunStatus::Running);
}

QTEST_GUILESS_MAIN(tst_RunLiveness)
#include "tst_runliveness.moc"
