// SPDX-License-Identifier: GPL-3.0-or-later
// Undoing a deletion (db/Deletion with db/ChangeRecorder) on the demo's real runs: a preview
// changes nothing yet names the counts and bytes the deletion then reports; deleting a run, a
// dataset version with its run, an evaluation or the whole project and undoing brings every
// table back byte for byte (metrics, predictions, checkpoints, ids); a deletion left to stand leaves
// no orphan blob and `workspace vacuum` gives its space back; and an undo that would collide with
// work stored since is refused whole, changing nothing.
#include "app/services/DatasetImport.h"
#include "db/ArtifactStore.h"
#include "db/Database.h"
#include "db/Deletion.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "db/WorkspaceVacuum.h"
#include "tests/support/DemoWorkspace.h"
#include "tests/support/StoreSoundness.h"
#include "tests/support/StoreFingerprint.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace mb;
using namespace mb::db;

class tst_DeletionUndo : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void previewChangesNothingAndNamesWhatWouldGo();
    void deletedRunComesBackIdentical();
    void deletedEvaluationComesBackIdentical();
    void deletedDatasetVersionWithItsRunsComesBackIdentical();
    void deletedProjectComesBackIdentical();
    void deletionLeftToStandIsOrphanFreeAndVacuumed();
    void undoCollidingWithNewWorkIsRefusedWhole();

private:
    Database &db() { return m_workspace->database(); }
    // Every row of every table, hashed per table: equal fingerprints mean nothing changed.
    QMap<QString, QByteArray> fingerprint();
    // A finished demo run with evaluations and a checkpoint that nothing refuses to delete.
    std::int64_t deletableRun();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    std::int64_t m_projectId = 0;
};

void tst_DeletionUndo::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QString problem;
    m_workspace = mbtest::openDemoCopy(m_dir->path(), &problem);
    QVERIFY2(m_workspace, qPrintable(problem));
    m_projectId = db().queryInt("SELECT id FROM projects ORDER BY id LIMIT 1");
}

void tst_DeletionUndo::cleanup()
{
    m_workspace.reset();
    m_dir.reset();
}

QMap<QString, QByteArray> tst_DeletionUndo::fingerprint()
{
    return mbtest::storeFingerprint(db());
}

std::int64_t tst_DeletionUndo::deletableRun()
{
    return db().queryInt(
        "SELECT r.id FROM runs r WHERE r.status = 'finished' "
        "AND EXISTS (SELECT 1 FROM evaluations e WHERE e.run_id = r.id) "
        "AND EXISTS (SELECT 1 FROM run_artifacts a WHERE a.run_id = r.id) "
        "AND NOT EXISTS (SELECT 1 FROM runs c WHERE c.parent_run_id = r.id) "
        "AND NOT EXISTS (SELECT 1 FROM policies p WHERE p.run_a = r.id OR p.run_b = r.id) ORDER BY r.id LIMIT 1");
}

void tst_DeletionUndo::previewChangesNothingAndNamesWhatWouldGo()
{
    const std::int64_t run = deletableRun();
    QVERIFY(run > 0);
    const QMap<QString, QByteArray> before = fingerprint();
    const Result<DeletionOutcome> preview = Deletion(db(), DeletionMode::Preview).deleteRuns({run});
    QVERIFY2(preview.ok(), qPrintable(preview.ok() ? QString() : preview.error()));
    QCOMPARE(fingerprint(), before);
    QVERIFY(preview->undo.isEmpty());
    QVERIFY(preview->evaluations > 0);
    QVERIFY(preview->bytes > 0);

    const Result<DeletionOutcome> deleted = Deletion(db(), DeletionMode::Undoable).deleteRuns({run});
    QVERIFY2(deleted.ok(), qPrintable(deleted.ok() ? QString() : deleted.error()));
    QCOMPARE(deleted->runs, preview->runs);
    QCOMPARE(deleted->evaluations, preview->evaluations);
    QCOMPARE(deleted->droppedArtifacts, preview->droppedArtifacts);
    QCOMPARE(deleted->bytes, preview->bytes);

    // A refusal in a preview is the same refusal, and still changes nothing.
    const std::int64_t weighed = db().queryInt("SELECT run_a FROM policies ORDER BY id LIMIT 1");
    QVERIFY(weighed > 0);
    const QMap<QString, QByteArray> now = fingerprint();
    const Result<DeletionOutcome> refused = Deletion(db(), DeletionMode::Preview).deleteRuns({weighed});
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().contains(QStringLiteral("policy")), qPrintable(refused.error()));
    QCOMPARE(fingerprint(), now);
}

void tst_DeletionUndo::deletedRunComesBackIdentical()
{
    const std::int64_t run = deletableRun();
    QVERIFY(run > 0);
    const QMap<QString, QByteArray> before = fingerprint();
    const Result<DeletionOutcome> deleted = Deletion(db(), DeletionMode::Undoable).deleteRuns({run});
    QVERIFY2(deleted.ok(), qPrintable(deleted.ok() ? QString() : deleted.error()));
    QVERIFY(fingerprint() != before);
    QCOMPARE(
        db().queryInt(QByteArray(QByteArray("SELECT count(*) FROM runs WHERE id = ") + QByteArray::number(qint64(run)))
                          .constData()),
        std::int64_t(0));

    const Status undone = Deletion(db()).undo(deleted->undo);
    QVERIFY2(undone.ok(), qPrintable(undone.ok() ? QString() : undone.error()));
    QCOMPARE(fingerprint(), before);
    mbtest::verifyStoreSound(db());
}

void tst_DeletionUndo::deletedEvaluationComesBackIdentical()
{
    const std::int64_t evaluation = db().queryInt("SELECT id FROM evaluations ORDER BY id DESC LIMIT 1");
    QVERIFY(evaluation > 0);
    const QMap<QString, QByteArray> before = fingerprint();
    const Result<DeletionOutcome> deleted = Deletion(db(), DeletionMode::Undoable).deleteEvaluation(evaluation);
    QVERIFY2(deleted.ok(), qPrintable(deleted.ok() ? QString() : deleted.error()));
    QVERIFY(deleted->bytes > 0);
    QVERIFY(fingerprint() != before);
    const Status undone = Deletion(db()).undo(deleted->undo);
    QVERIFY2(undone.ok(), qPrintable(undone.ok() ? QString() : undone.error()));
    QCOMPARE(fingerprint(), before);
}

void tst_DeletionUndo::deletedDatasetVersionWithItsRunsComesBackIdentical()
{
    // The demo's version carries the runs a policy weighs; a second version gets a run and a checkpoint.
    const QString csv = m_dir->filePath(QStringLiteral("extra.csv"));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("x,label\n1,0\n2,1\n3,0\n4,1\n5,0\n6,1\n7,0\n8,1\n9,0\n10,1\n");
    file.close();
    services::DatasetImportRequest request;
    request.file = csv;
    request.options.targets = {QStringLiteral("label")};
    const Result<services::DatasetImportOutcome> imported = services::importDataset(db(), m_projectId, request);
    QVERIFY2(imported, qPrintable(imported ? QString() : imported.error()));
    RunRecord draft;
    draft.projectId = m_projectId;
    draft.datasetVersionId = imported->version.id;
    draft.config = QJsonObject{{QStringLiteral("model"), QStringLiteral("mlp")}};
    const Result<RunRecord> run = RunRepository(db()).create(draft);
    QVERIFY(run.ok());
    QVERIFY(RunRepository(db()).finish(run->id, RunStatus::Finished).ok());
    QVERIFY(ArtifactStore(db()).store(run->id, QStringLiteral("best"), "weights of a run on the extra version").ok());

    const QMap<QString, QByteArray> before = fingerprint();
    const Result<DeletionOutcome> deleted =
        Deletion(db(), DeletionMode::Undoable).deleteDatasetVersion(imported->version.id, true);
    QVERIFY2(deleted.ok(), qPrintable(deleted.ok() ? QString() : deleted.error()));
    QCOMPARE(deleted->runs, QList<std::int64_t>{run->id});
    QCOMPARE(deleted->droppedArtifacts, std::int64_t(1));
    QCOMPARE(
        db().queryInt("SELECT count(*) FROM dataset_chunks WHERE version_id NOT IN (SELECT id FROM dataset_versions)"),
        std::int64_t(0));
    mbtest::verifyStoreSound(db());
    const Status undone = Deletion(db()).undo(deleted->undo);
    QVERIFY2(undone.ok(), qPrintable(undone.ok() ? QString() : undone.error()));
    QCOMPARE(fingerprint(), before);
    mbtest::verifyStoreSound(db());
}

void tst_DeletionUndo::deletedProjectComesBackIdentical()
{
    const QMap<QString, QByteArray> before = fingerprint();
    const Result<DeletionOutcome> deleted = Deletion(db(), DeletionMode::Undoable).deleteProject(m_projectId);
    QVERIFY2(deleted.ok(), qPrintable(deleted.ok() ? QString() : deleted.error()));
    QCOMPARE(db().queryInt("SELECT count(*) FROM runs"), std::int64_t(0));
    QVERIFY(deleted->bytes > 0);
    const Status undone = Deletion(db()).undo(deleted->undo);
    QVERIFY2(undone.ok(), qPrintable(undone.ok() ? QString() : undone.error()));
    QCOMPARE(fingerprint(), before);
    mbtest::verifyStoreSound(db());
}

void tst_DeletionUndo::deletionLeftToStandIsOrphanFreeAndVacuumed()
{
    const std::int64_t run = deletableRun();
    QVERIFY(run > 0);
    const Result<DeletionOutcome> deleted = Deletion(db(), DeletionMode::Undoable).deleteRuns({run});
    QVERIFY2(deleted.ok(), qPrintable(deleted.ok() ? QString() : deleted.error()));
    mbtest::verifyStoreSound(db()); // no orphan blob: the deletion committed whole, undo data lives only in memory
    const Result<VacuumOutcome> vacuumed = vacuumWorkspace(db());
    QVERIFY2(vacuumed.ok(), qPrintable(vacuumed.ok() ? QString() : vacuumed.error()));
    QVERIFY2(vacuumed->bytesAfter < vacuumed->bytesBefore,
             qPrintable(QStringLiteral("%1 -> %2").arg(vacuumed->bytesBefore).arg(vacuumed->bytesAfter)));
    mbtest::verifyStoreSound(db());
}

void tst_DeletionUndo::undoCollidingWithNewWorkIsRefusedWhole()
{
    // The newest run: a run stored after its deletion takes its id.
    const std::int64_t run = db().queryInt(
        "SELECT r.id FROM runs r WHERE r.status = 'finished' AND NOT EXISTS (SELECT 1 FROM runs c WHERE "
        "c.parent_run_id = r.id) AND NOT EXISTS (SELECT 1 FROM policies p WHERE p.run_a = r.id OR p.run_b = r.id) "
        "AND r.id = (SELECT max(id) FROM runs)");
    if (run == 0)
        QSKIP("the demo's newest run cannot be deleted");
    const Result<DeletionOutcome> deleted = Deletion(db(), DeletionMode::Undoable).deleteRuns({run});
    QVERIFY2(deleted.ok(), qPrintable(deleted.ok() ? QString() : deleted.error()));
    RunRecord draft;
    draft.projectId = m_projectId;
    draft.config = QJsonObject{{QStringLiteral("model"), QStringLiteral("mlp")}};
    const Result<RunRecord> newer = RunRepository(db()).create(draft);
    QVERIFY(newer.ok());
    QCOMPARE(newer->id, run);
    const QMap<QString, QByteArray> before = fingerprint();
    const Status undone = Deletion(db()).undo(deleted->undo);
    QVERIFY(!undone.ok());
    QVERIFY2(undone.error().startsWith(QStringLiteral("nothing was brought back")), qPrintable(undone.error()));
    QCOMPARE(fingerprint(), before);
}

QTEST_GUILESS_MAIN(tst_DeletionUndo)
#include "tst_deletionundo.moc"
