// SPDX-License-Identifier: GPL-3.0-or-later
// Run records: what is recorded, the status lifecycle, runs whose worker died, cancel requests,
// the summary and the log, the feature encoding a run fitted, and runs stored by schemas 3 and 7
// before those existed.
#include "core/BuildInfo.h"
#include "core/ExternalRun.h"
#include "db/Database.h"
#include "db/Migrations.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/support/TestSupport.h"

#include <QJsonArray>
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
    void aRunCreatedRunningIsNeverQueuedAndHasNoWorker();
    void runsWithAStaleHeartbeatAreInterrupted();
    void aSuspectThatBeatsAgainIsNotInterrupted();
    void aWorkerThatComesBackTakesItsRunAndItsEndWins();
    void statusKeysRoundTrip();
    void cancellingAQueuedRunCancelsItAtOnce();
    void cancellingARunningRunFlagsItForItsWorker();
    void cancellingAFinalRunChangesNothing_data();
    void cancellingAFinalRunChangesNothing();
    void summaryRoundTrips();
    void logTailIsTheLastLinesInOrder();
    void schemaThreeRunsGetEmptySummariesAndNoCancelRequest();
    void aRunsFeatureEncodingIsStoredOnce();
    void schemaSevenRunsHaveNoEncodingOfTheirOwn();

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

void tst_RunRepository::aRunCreatedRunningIsNeverQueuedAndHasNoWorker()
{
    RunRepository runs(m_workspace->database());
    const RunRecord created = *runs.createRunning(draft());
    const RunRecord stored = *runs.run(created.id);
    QCOMPARE(stored.status, RunStatus::Running);
    QCOMPARE(stored.startedAt, stored.queuedAt);
    QVERIFY(!stored.workerPid.has_value());
    QCOMPARE(stored.configSha256, runs.create(draft())->configSha256);
    // The window's queue starts queued runs: an external run, which another tool trains, is not one.
    QVERIFY(!runs.queuedRunIds()->contains(created.id));
    QVERIFY(runs.finish(created.id, RunStatus::Finished));
    QCOMPARE(runs.run(created.id)->status, RunStatus::Finished);
    // An external run is cancelled at once: no worker would ever see a flag.
    RunRecord external = draft();
    external.config = QJsonObject{{QStringLiteral("model"), QJsonObject{{QStringLiteral("kind"), externalModelKind()}}}};
    const std::int64_t other = runs.createRunning(external)->id;
    QVERIFY(runs.requestCancel(other));
    QCOMPARE(runs.run(other)->status, RunStatus::Cancelled);
    QVERIFY(!runs.run(other)->finishedAt.isEmpty());
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
    const Result<QList<RunRecord>> stale = runs.staleRunningRuns(60);
    QCOMPARE(stale->size(), 1);
    QCOMPARE(stale->first().id, dead);
    QVERIFY(*runs.markInterrupted(stale->first()));
    QCOMPARE(runs.run(dead)->status, RunStatus::Interrupted);
    QVERIFY(runs.run(dead)->errorTail.contains(QStringLiteral("no heartbeat since")));
    QCOMPARE(runs.run(alive)->status, RunStatus::Running);
    QCOMPARE(runs.run(queued)->status, RunStatus::Queued);
    // Two processes that noticed the same dead worker record it once.
    QVERIFY(!*runs.markInterrupted(stale->first()));
}

void tst_RunRepository::aSuspectThatBeatsAgainIsNotInterrupted()
{
    RunRepository runs(m_workspace->database());
    const std::int64_t id = runs.create(draft())->id;
    QVERIFY(runs.markRunning(id, 1));
    m_workspace->database().exec("UPDATE runs SET heartbeat_at = '2000-01-01T00:00:00.000Z'");
    const RunRecord suspect = runs.staleRunningRuns(60)->first();
    QVERIFY(runs.heartbeat(id)); // between the read and the write, the worker beat
    QVERIFY(!*runs.markInterrupted(suspect));
    QCOMPARE(runs.run(id)->status, RunStatus::Running);
}

void tst_RunRepository::aWorkerThatComesBackTakesItsRunAndItsEndWins()
{
    RunRepository runs(m_workspace->database());
    const std::int64_t id = runs.create(draft())->id;
    QVERIFY(runs.markRunning(id, 1));
    m_workspace->database().exec("UPDATE runs SET heartbeat_at = '2000-01-01T00:00:00.000Z'");
    QVERIFY(*runs.markInterrupted(runs.staleRunningRuns(60)->first()));
    // Its next heartbeat says it was alive all along.
    QVERIFY(runs.heartbeat(id));
    RunRecord back = *runs.run(id);
    QCOMPARE(back.status, RunStatus::Running);
    QVERIFY(back.errorTail.isEmpty());
    QVERIFY(back.finishedAt.isEmpty());
    // Interrupted again, it never beats, but its own end still replaces the guess...
    m_workspace->database().exec("UPDATE runs SET heartbeat_at = '2000-01-01T00:00:00.000Z'");
    QVERIFY(*runs.markInterrupted(runs.staleRunningRuns(60)->first()));
    QVERIFY(runs.finish(id, RunStatus::Finished));
    QCOMPARE(runs.run(id)->status, RunStatus::Finished);
    // ...while a real final status is never replaced.
    QVERIFY(runs.finish(id, RunStatus::Failed, QStringLiteral("late")));
    QCOMPARE(runs.run(id)->status, RunStatus::Finished);
    QVERIFY(runs.heartbeat(id));
    QCOMPARE(runs.run(id)->status, RunStatus::Finished);
}

void tst_RunRepository::statusKeysRoundTrip()
{
    for (RunStatus s : {RunStatus::Queued, RunStatus::Running, RunStatus::Finished, RunStatus::Failed,
                        RunStatus::Cancelled, RunStatus::Diverged, RunStatus::Interrupted})
        QCOMPARE(runStatusFromKey(toKey(s)), std::optional(s));
    QVERIFY(!runStatusFromKey(QStringLiteral("paused")));
}

void tst_RunRepository::cancellingAQueuedRunCancelsItAtOnce()
{
    RunRepository runs(m_workspace->database());
    const std::int64_t id = runs.create(draft())->id;
    const std::int64_t other = runs.create(draft())->id;
    QVERIFY(runs.requestCancel(id));
    const RunRecord cancelled = *runs.run(id);
    QCOMPARE(cancelled.status, RunStatus::Cancelled);
    QVERIFY(!cancelled.finishedAt.isEmpty());
    QVERIFY(cancelled.finishedAt >= cancelled.queuedAt);
    QVERIFY(cancelled.startedAt.isEmpty());
    // No worker may start it afterwards, and the other queued run is untouched.
    QVERIFY(!runs.markRunning(id, 7));
    QCOMPARE(runs.run(id)->status, RunStatus::Cancelled);
    QCOMPARE(runs.run(other)->status, RunStatus::Queued);
    QCOMPARE(*runs.cancelRequested(other), false);
}

void tst_RunRepository::cancellingARunningRunFlagsItForItsWorker()
{
    RunRepository runs(m_workspace->database());
    const std::int64_t id = runs.create(draft())->id;
    const std::int64_t other = runs.create(draft())->id;
    QVERIFY(runs.markRunning(id, 11));
    QVERIFY(runs.markRunning(other, 12));
    QCOMPARE(*runs.cancelRequested(id), false);

    QVERIFY(runs.requestCancel(id));
    // The worker stops it; until then it is running, and says a cancel was asked for.
    const RunRecord flagged = *runs.run(id);
    QCOMPARE(flagged.status, RunStatus::Running);
    QVERIFY(flagged.cancelRequested);
    QVERIFY(flagged.finishedAt.isEmpty());
    QCOMPARE(*runs.cancelRequested(id), true);
    QVERIFY(runs.heartbeat(id));
    QCOMPARE(*runs.cancelRequested(id), true);
    QCOMPARE(*runs.cancelRequested(other), false);
    QVERIFY(!runs.run(other)->cancelRequested);

    QVERIFY(runs.finish(id, RunStatus::Cancelled));
    QCOMPARE(runs.run(id)->status, RunStatus::Cancelled);
    QCOMPARE(runs.run(other)->status, RunStatus::Running);
}

void tst_RunRepository::cancellingAFinalRunChangesNothing_data()
{
    QTest::addColumn<RunStatus>("status");
    QTest::newRow("finished") << RunStatus::Finished;
    QTest::newRow("failed") << RunStatus::Failed;
    QTest::newRow("cancelled") << RunStatus::Cancelled;
    QTest::newRow("diverged") << RunStatus::Diverged;
    QTest::newRow("interrupted") << RunStatus::Interrupted;
}

void tst_RunRepository::cancellingAFinalRunChangesNothing()
{
    QFETCH(RunStatus, status);
    RunRepository runs(m_workspace->database());
    const std::int64_t id = runs.create(draft())->id;
    QVERIFY(runs.markRunning(id, 3));
    QVERIFY(runs.finish(id, status, QStringLiteral("how it ended")));
    // A known past time, so that any rewrite of finished_at shows.
    const QString finishedAt = QStringLiteral("2026-01-02T03:04:05.678Z");
    m_workspace->database()
        .prepare("UPDATE runs SET finished_at = ?2 WHERE id = ?1")
        .bind(1, id)
        .bind(2, finishedAt)
        .run();

    QVERIFY(runs.requestCancel(id));
    const RunRecord after = *runs.run(id);
    QCOMPARE(after.status, status);
    QCOMPARE(after.finishedAt, finishedAt);
    QCOMPARE(after.errorTail, QStringLiteral("how it ended"));
    QVERIFY(!after.cancelRequested);
    QCOMPARE(*runs.cancelRequested(id), false);
}

void tst_RunRepository::summaryRoundTrips()
{
    RunRepository runs(m_workspace->database());
    const std::int64_t id = runs.create(draft())->id;
    const std::int64_t other = runs.create(draft())->id;
    QVERIFY(runs.run(id)->summary.isEmpty()); // a new run has no metrics yet

    const QJsonObject epoch1{
        {QStringLiteral("epoch"), 1},
        {QStringLiteral("train/loss"), 0.1 + 0.2}, // 0.30000000000000004, every bit
        {QStringLiteral("validation/accuracy"), 0.875},
        {QStringLiteral("best"), QJsonObject{{QStringLiteral("epoch"), 1}, {QStringLiteral("step"), 120}}},
        {QStringLiteral("classes"), QJsonArray{QStringLiteral("stay"), QStringLiteral("churn")}},
        {QStringLiteral("note"), QStringLiteral("früh gestoppt? nein")}};
    QVERIFY(runs.updateSummary(id, epoch1));
    const RunRecord stored = *runs.run(id);
    QCOMPARE(stored.summary, epoch1);
    QCOMPARE(stored.summary.value(QStringLiteral("train/loss")).toDouble(), 0.1 + 0.2);
    QCOMPARE(runs.runs(m_projectId)->last().summary, epoch1); // the list the Runs page reads

    // The latest summary replaces the previous one; other runs keep theirs.
    const QJsonObject epoch2{{QStringLiteral("epoch"), 2}, {QStringLiteral("train/loss"), 0.25}};
    QVERIFY(runs.updateSummary(id, epoch2));
    QCOMPARE(runs.run(id)->summary, epoch2);
    QVERIFY(runs.run(other)->summary.isEmpty());
    // A summary does not touch the lifecycle.
    QCOMPARE(runs.run(id)->status, RunStatus::Queued);
}

void tst_RunRepository::logTailIsTheLastLinesInOrder()
{
    RunRepository runs(m_workspace->database());
    const std::int64_t id = runs.create(draft())->id;
    const std::int64_t other = runs.create(draft())->id;
    QVERIFY(runs.logTail(id, 10)->isEmpty());

    QStringList written;
    for (int i = 1; i <= 12; ++i) {
        written << QStringLiteral("epoch %1: loss %2").arg(i).arg(1.0 / i);
        QVERIFY(runs.appendLog(id, written.last()));
        QVERIFY(runs.appendLog(other, QStringLiteral("other %1").arg(i))); // interleaved
    }
    written << QString() << QStringLiteral("  indented, with ünïcode and a \t tab\t");
    QVERIFY(runs.appendLog(id, written.at(12)));
    QVERIFY(runs.appendLog(id, written.at(13)));

    QCOMPARE(*runs.logTail(id, 3), written.mid(11)); // the last three, oldest first
    QCOMPARE(*runs.logTail(id, 1), QStringList{written.last()});
    QCOMPARE(*runs.logTail(id, 14), written);
    QCOMPARE(*runs.logTail(id, 1000), written);
    QVERIFY(runs.logTail(id, 0)->isEmpty());
    const QStringList others = *runs.logTail(other, 100);
    QCOMPARE(others.size(), 12);
    QCOMPARE(others.first(), QStringLiteral("other 1"));
    QCOMPARE(others.last(), QStringLiteral("other 12"));
}

void tst_RunRepository::schemaThreeRunsGetEmptySummariesAndNoCancelRequest()
{
    // A workspace last written by schema 3, holding a queued and a running run.
    const QString path = m_dir->filePath(QStringLiteral("schema3.mbw"));
    {
        Database db(path, Database::Mode::ReadWriteCreate);
        migrate(db, 0, 3);
        QCOMPARE(db.queryInt("PRAGMA user_version"), std::int64_t(3));
        db.exec("INSERT INTO workspace_info(key, value) VALUES ('created_by', '0.3.0'), ('created_at', '2026-01-01')");
        db.exec("INSERT INTO projects(id, name, created_at) VALUES (5, 'Legacy', '2026-01-01T00:00:00.000Z')");
        db.exec("INSERT INTO runs(id, project_id, status, config, config_sha256, seed, threads, app_version, "
                "build_commit, libtorch_version, host, queued_at) VALUES "
                "(1, 5, 'queued', '{\"model\":\"mlp\"}', 'abc', 42, 2, '0.3.0', 'c0ffee', '2.1.0', 'h', "
                "'2026-01-01T00:00:00.000Z'), "
                "(2, 5, 'running', '{}', 'def', 43, 2, '0.3.0', 'c0ffee', '2.1.0', 'h', '2026-01-01T00:00:00.000Z')");
    }
    auto opened = Workspace::open(path);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error()));
    std::unique_ptr<Workspace> workspace = std::move(opened).value();
    QCOMPARE(workspace->schemaVersion(), latestSchemaVersion());
    Database &db = workspace->database();
    QCOMPARE(db.queryInt("SELECT count(*) FROM runs WHERE summary = '{}' AND cancel_requested = 0"), std::int64_t(2));

    RunRepository runs(db);
    const Result<QList<RunRecord>> listed = runs.runs(5);
    QVERIFY2(listed.ok(), qPrintable(listed.ok() ? QString() : listed.error()));
    QCOMPARE(listed->size(), 2);
    for (const RunRecord &run : *listed) {
        QVERIFY(run.summary.isEmpty());
        QVERIFY(!run.cancelRequested);
        QVERIFY(runs.logTail(run.id, 10)->isEmpty());
    }
    const RunRecord queued = *runs.run(1);
    QCOMPARE(queued.config, (QJsonObject{{QStringLiteral("model"), QStringLiteral("mlp")}}));
    QCOMPARE(queued.seed, std::int64_t(42));
    QCOMPARE(queued.buildCommit, QStringLiteral("c0ffee"));

    // The new features work on the old runs.
    QVERIFY(runs.requestCancel(2));
    QCOMPARE(*runs.cancelRequested(2), true);
    QVERIFY(runs.updateSummary(1, QJsonObject{{QStringLiteral("epoch"), 0}}));
    QCOMPARE(runs.run(1)->summary.value(QStringLiteral("epoch")).toInt(), 0);
    QVERIFY(runs.appendLog(1, QStringLiteral("resumed")));
    QCOMPARE(*runs.logTail(1, 5), QStringList{QStringLiteral("resumed")});
}

void tst_RunRepository::aRunsFeatureEncodingIsStoredOnce()
{
    RunRepository runs(m_workspace->database());
    const std::int64_t id = runs.create(draft())->id;
    QVERIFY(runs.run(id)->featureEncoding.isEmpty()); // queued: not fitted yet
    const QJsonObject encoding{{QStringLiteral("max_categories"), 40},
                               {QStringLiteral("columns"), QJsonArray{QJsonObject{{QStringLiteral("source"), "age"}}}}};
    QVERIFY(runs.setFeatureEncoding(id, encoding));
    QCOMPARE(runs.run(id)->featureEncoding, encoding);
    QCOMPARE(runs.runs(m_projectId)->constFirst().featureEncoding, encoding);
    // The model was trained on it: another one is refused and the first is kept.
    const Status again = runs.setFeatureEncoding(id, QJsonObject{{QStringLiteral("max_categories"), 20}});
    QVERIFY(!again);
    QVERIFY2(again.error().contains(QStringLiteral("a run's feature encoding is never changed")),
             qPrintable(again.error()));
    QCOMPARE(runs.run(id)->featureEncoding, encoding);
}

void tst_RunRepository::schemaSevenRunsHaveNoEncodingOfTheirOwn()
{
    // A workspace last written by schema 7 with a finished run: it trained on its split's encoding.
    const QString path = m_dir->filePath(QStringLiteral("schema7.mbw"));
    {
        Database db(path, Database::Mode::ReadWriteCreate);
        migrate(db, 0, 7);
        db.exec("INSERT INTO workspace_info(key, value) VALUES ('created_by', '0.7.0'), ('created_at', '2026-01-01')");
        db.exec("INSERT INTO projects(id, name, created_at) VALUES (5, 'Legacy', '2026-01-01T00:00:00.000Z')");
        db.exec("INSERT INTO runs(id, project_id, status, config, config_sha256, seed, threads, app_version, "
                "build_commit, libtorch_version, host, queued_at) VALUES "
                "(1, 5, 'finished', '{}', 'abc', 42, 2, '0.7.0', 'c0ffee', '2.1.0', 'h', '2026-01-01T00:00:00.000Z')");
    }
    auto opened = Workspace::open(path);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error()));
    RunRepository runs((*opened)->database());
    QVERIFY(runs.run(1)->featureEncoding.isEmpty());
    QCOMPARE(runs.run(1)->status, RunStatus::Finished);
}

QTEST_GUILESS_MAIN(tst_RunRepository)
#include "tst_runrepository.moc"
