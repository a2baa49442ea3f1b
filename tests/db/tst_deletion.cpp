// SPDX-License-Identifier: GPL-3.0-or-later
// Deleting stored work (db/Deletion) and archiving runs (db/RunArchive): shared artifacts stay while
// another run names them and no orphan blob is ever left; runs in progress, a parent with children,
// a run a policy weighs and a dataset version in use are refused with a message that names what is
// in the way, changing nothing; deleting the demo's project empties the file and `workspace vacuum`
// (db/WorkspaceVacuum) makes it smaller; the full check (db/WorkspaceCheck) passes after each step.
#include "db/ArtifactStore.h"
#include "db/Database.h"
#include "db/Deletion.h"
#include "db/ProjectRepository.h"
#include "db/RunArchive.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "db/WorkspaceVacuum.h"
#include "tests/support/DemoWorkspace.h"
#include "tests/support/StoreSoundness.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace mb;
using namespace mb::db;

class tst_Deletion : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void sharedBytesStayWhileAnotherRunNamesThem();
    void runsInProgressAreRefused();
    void aParentIsRefusedUnlessItsChildrenGoToo();
    void unknownIdsAreRefused();
    void archivingIsReversibleAndKeepsTheRun();
    void demoRunsAPolicyWeighsAreRefused();
    void demoDatasetInUseIsRefusedNamingItsRuns();
    void demoProjectDeletedAndVacuumed();

private:
    Database &db() { return m_workspace->database(); }
    std::int64_t newRun(RunStatus finalStatus = RunStatus::Finished, std::optional<std::int64_t> parent = {});
    void openDemo();
    std::int64_t count(const char *sql) { return db().queryInt(sql); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    std::int64_t m_projectId = 0;
};

void tst_Deletion::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto created = Workspace::create(m_dir->filePath(QStringLiteral("a.mbw")));
    QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error()));
    m_workspace = std::move(created).value();
    const Result<Project> project = ProjectRepository(db()).create(QStringLiteral("p"));
    QVERIFY(project.ok());
    m_projectId = project->id;
}

void tst_Deletion::cleanup()
{
    m_workspace.reset();
    m_dir.reset();
}

std::int64_t tst_Deletion::newRun(RunStatus finalStatus, std::optional<std::int64_t> parent)
{
    RunRecord draft;
    draft.projectId = m_projectId;
    draft.parentRunId = parent;
    draft.config = QJsonObject{{QStringLiteral("model"), QStringLiteral("mlp")}};
    draft.seed = 1;
    RunRepository runs(db());
    const Result<RunRecord> run = runs.create(draft);
    if (!run.ok())
        return 0;
    if (finalStatus != RunStatus::Queued && !runs.finish(run->id, finalStatus).ok())
        return 0;
    return run->id;
}

void tst_Deletion::openDemo()
{
    m_workspace.reset();
    QString problem;
    m_workspace = mbtest::openDemoCopy(m_dir->path(), &problem);
    QVERIFY2(m_workspace, qPrintable(problem));
    m_projectId = db().queryInt("SELECT id FROM projects ORDER BY id LIMIT 1");
    QVERIFY(count("SELECT count(*) FROM runs") >= 3);
}

void tst_Deletion::sharedBytesStayWhileAnotherRunNamesThem()
{
    ArtifactStore store(db());
    const std::int64_t first = newRun();
    const std::int64_t second = newRun();
    const QString shared = *store.store(first, QStringLiteral("best"), "same weights");
    QVERIFY(store.store(first, QStringLiteral("last"), "first's own weights").ok());
    QVERIFY(store.store(second, QStringLiteral("best"), "same weights").ok());
    QCOMPARE(count("SELECT count(*) FROM artifacts"), std::int64_t(2));

    const Result<DeletionOutcome> deleted = Deletion(db()).deleteRuns({first});
    QVERIFY2(deleted.ok(), qPrintable(deleted.ok() ? QString() : deleted.error()));
    QCOMPARE(deleted->droppedArtifacts, std::int64_t(1));
    QCOMPARE(count("SELECT count(*) FROM runs"), std::int64_t(1));
    QCOMPARE(*store.read(shared), QByteArray("same weights")); // the other run still reads its bytes
    mbtest::verifyStoreSound(db());

    QVERIFY(Deletion(db()).deleteRuns({second}).ok());
    QCOMPARE(count("SELECT count(*) FROM artifacts"), std::int64_t(0));
    mbtest::verifyStoreSound(db());
}

void tst_Deletion::runsInProgressAreRefused()
{
    const std::int64_t queued = newRun(RunStatus::Queued);
    const std::int64_t done = newRun();
    const Result<DeletionOutcome> refused = Deletion(db()).deleteRuns({done, queued});
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().contains(QStringLiteral("run %1 is queued").arg(queued)), qPrintable(refused.error()));
    QCOMPARE(count("SELECT count(*) FROM runs"), std::int64_t(2)); // all or nothing
}

void tst_Deletion::aParentIsRefusedUnlessItsChildrenGoToo()
{
    const std::int64_t parent = newRun();
    const std::int64_t child = newRun(RunStatus::Finished, parent);
    const Result<DeletionOutcome> refused = Deletion(db()).deleteRuns({parent});
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().contains(QStringLiteral("parent of run(s) %1").arg(child)), qPrintable(refused.error()));
    QCOMPARE(count("SELECT count(*) FROM runs"), std::int64_t(2));

    const Result<DeletionOutcome> both = Deletion(db()).deleteRuns({parent, child});
    QVERIFY2(both.ok(), qPrintable(both.ok() ? QString() : both.error()));
    QCOMPARE(count("SELECT count(*) FROM runs"), std::int64_t(0));
}

void tst_Deletion::unknownIdsAreRefused()
{
    Deletion deletion(db());
    QVERIFY(deletion.deleteRuns({999}).error().contains(QStringLiteral("there is no run 999")));
    QVERIFY(deletion.deleteEvaluation(999).error().contains(QStringLiteral("there is no evaluation 999")));
    QVERIFY(deletion.deleteDatasetVersion(999, false).error().contains(QStringLiteral("no dataset version 999")));
    QVERIFY(deletion.deleteProject(999).error().contains(QStringLiteral("there is no project 999")));
    QVERIFY(RunArchive(db()).archive({999}).error().contains(QStringLiteral("there is no run 999")));
    QCOMPARE(count("SELECT count(*) FROM projects"), std::int64_t(1));
}

void tst_Deletion::archivingIsReversibleAndKeepsTheRun()
{
    const std::int64_t run = newRun();
    const std::int64_t other = newRun();
    RunArchive archive(db());
    QVERIFY(archive.archive({run}).ok());
    QVERIFY(*archive.isArchived(run));
    QCOMPARE(*archive.archivedRunIds(m_projectId), QSet<std::int64_t>{run});
    QVERIFY(RunRepository(db()).run(run).ok()); // kept whole
    QVERIFY(archive.unarchive({run}).ok());
    QVERIFY(!*archive.isArchived(run));
    QVERIFY(archive.archivedRunIds(m_projectId)->isEmpty());
    QVERIFY(!*archive.isArchived(other));
}

void tst_Deletion::demoRunsAPolicyWeighsAreRefused()
{
    openDemo();
    const std::int64_t weighed = db().queryInt("SELECT run_a FROM policies LIMIT 1");
    QVERIFY(weighed > 0);
    const std::int64_t runs = count("SELECT count(*) FROM runs");
    const Result<DeletionOutcome> refused = Deletion(db()).deleteRuns({weighed});
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().contains(QStringLiteral("is weighed by policy")), qPrintable(refused.error()));
    QCOMPARE(count("SELECT count(*) FROM runs"), runs);

    // The runs no policy weighs can go; what is left stays readable and sound.
    QList<std::int64_t> free;
    Statement query = db().prepare("SELECT id FROM runs WHERE id NOT IN (SELECT run_a FROM policies UNION "
                                   "SELECT run_b FROM policies) ORDER BY id");
    while (query.step())
        free << query.columnInt(0);
    QVERIFY(!free.isEmpty());
    const Result<DeletionOutcome> deleted = Deletion(db()).deleteRuns(free);
    QVERIFY2(deleted.ok(), qPrintable(deleted.ok() ? QString() : deleted.error()));
    QCOMPARE(count("SELECT count(*) FROM runs"), runs - free.size());
    mbtest::verifyStoreSound(db());
}

void tst_Deletion::demoDatasetInUseIsRefusedNamingItsRuns()
{
    openDemo();
    const std::int64_t version = db().queryInt("SELECT dataset_version_id FROM runs WHERE dataset_version_id IS NOT "
                                               "NULL ORDER BY id LIMIT 1");
    const std::int64_t firstRun =
        db().queryInt(QByteArray("SELECT min(id) FROM runs WHERE dataset_version_id = " + QByteArray::number(version))
                          .constData());
    const Result<DeletionOutcome> refused = Deletion(db()).deleteDatasetVersion(version, false);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().contains(QStringLiteral("is used by run(s) %1").arg(firstRun)), qPrintable(refused.error()));
    QVERIFY(count("SELECT count(*) FROM dataset_versions") >= 1);
    QCOMPARE(*Deletion(db()).unnamedArtifactCount(), std::int64_t(0));
}

void tst_Deletion::demoProjectDeletedAndVacuumed()
{
    openDemo();
    mbtest::verifyStoreSound(db());
    const Result<DeletionOutcome> deleted = Deletion(db()).deleteProject(m_projectId);
    QVERIFY2(deleted.ok(), qPrintable(deleted.ok() ? QString() : deleted.error()));
    QVERIFY(deleted->droppedArtifacts > 0);
    for (const char *table : {"runs", "artifacts", "dataset_chunks", "evaluations", "prediction_columns",
                              "evaluation_latency_samples", "metric_chunks", "policies", "framing_versions"})
        QVERIFY2(db().queryInt(QByteArray("SELECT count(*) FROM ").append(table).constData()) == 0, table);
    mbtest::verifyStoreSound(db());

    const Result<VacuumOutcome> vacuumed = vacuumWorkspace(db());
    QVERIFY2(vacuumed.ok(), qPrintable(vacuumed.ok() ? QString() : vacuumed.error()));
    QVERIFY2(vacuumed->bytesAfter < vacuumed->bytesBefore,
             qPrintable(QStringLiteral("%1 -> %2").arg(vacuumed->bytesBefore).arg(vacuumed->bytesAfter)));
    // The file itself shrank (the WAL was checkpointed into it and truncated).
    QVERIFY(QFileInfo(db().path()).size() < vacuumed->bytesBefore / 2);
    mbtest::verifyStoreSound(db());
}

QTEST_GUILESS_MAIN(tst_Deletion)
#include "tst_deletion.moc"
