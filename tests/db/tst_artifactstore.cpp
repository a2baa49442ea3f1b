// SPDX-License-Identifier: GPL-3.0-or-later
// Content-addressed artifacts: bytes come back exactly, equal bytes are stored once, damaged
// bytes (changed in the store or on disk) are refused and never handed out, runs name their
// artifacts, stored bytes are never updated, and deleting a run removes its names.
#include "core/Sha256.h"
#include "db/ArtifactStore.h"
#include "db/Database.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/support/TestSupport.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace mb;
using namespace mb::db;

namespace {

// Seeded, so a failure reproduces; every byte value occurs.
QByteArray patternedBytes(qsizetype size, quint32 seed)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator generator(seed);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char(generator.bounded(256));
    return bytes;
}

QString expectedSha(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace

class tst_ArtifactStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void bytesComeBackExactly_data();
    void bytesComeBackExactly();
    void equalBytesAreStoredOnce();
    void unknownAddressIsAnError();
    void bytesChangedInTheStoreAreRefused();
    void bytesChangedOnDiskAreRefused();
    void puttingGoodBytesAgainRepairsADamagedArtifact();
    void runsNameTheirArtifacts();
    void attachingAgainReplacesTheName();
    void storingNamesTheBytesOrStoresNothing();
    void unknownArtifactNameIsAClearError();
    void attachRefusesBytesThatAreNotStored();
    void storedBytesAreNeverUpdated_data();
    void storedBytesAreNeverUpdated();
    void deletingARunDeletesItsArtifactNames();
    void bytesARunUsesCannotBeDeleted();

private:
    Database &db() { return m_workspace->database(); }
    std::int64_t newRun();
    // Replaces the stored bytes of `sha` with `bytes` behind the store's back (the immutability
    // trigger dropped, then restored): what a damaged page or a buggy tool would leave behind.
    void overwriteStoredBytes(const QString &sha, const QByteArray &bytes);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    std::int64_t m_projectId = 0;
};

void tst_ArtifactStore::init()
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

void tst_ArtifactStore::cleanup()
{
    m_workspace.reset();
    m_dir.reset();
}

std::int64_t tst_ArtifactStore::newRun()
{
    RunRecord draft;
    draft.projectId = m_projectId;
    draft.config = QJsonObject{{QStringLiteral("model"), QStringLiteral("mlp")}};
    draft.seed = 1;
    const Result<RunRecord> run = RunRepository(db()).create(draft);
    return run.ok() ? run->id : 0;
}

void tst_ArtifactStore::overwriteStoredBytes(const QString &sha, const QByteArray &bytes)
{
    db().exec("DROP TRIGGER artifacts_are_immutable");
    db().prepare("UPDATE artifacts SET data = ?2 WHERE sha256 = ?1").bind(1, sha).bind(2, bytes).run();
    QCOMPARE(db().changes(), 1);
    // The trigger is back: whatever the store does next, it does with the schema it ships.
    db().exec("CREATE TRIGGER artifacts_are_immutable BEFORE UPDATE ON artifacts "
              "BEGIN SELECT RAISE(ABORT, 'artifacts are never changed'); END");
}

void tst_ArtifactStore::bytesComeBackExactly_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("one zero byte") << QByteArray(1, '\0');
    QTest::newRow("text with embedded zeros") << QByteArray("PK\0\0model\0weights", 17);
    QTest::newRow("every byte value, 4 KiB") << patternedBytes(4096, 1);
    QTest::newRow("3 MiB checkpoint") << patternedBytes(3 * 1024 * 1024 + 7, 2);
}

void tst_ArtifactStore::bytesComeBackExactly()
{
    QFETCH(QByteArray, bytes);
    ArtifactStore store(db());
    const Result<QString> sha = store.put(bytes);
    QVERIFY2(sha.ok(), qPrintable(sha.ok() ? QString() : sha.error()));
    QCOMPARE(*sha, expectedSha(bytes)); // the address is the lowercase hex SHA-256
    QCOMPARE(sha->size(), 64);
    QCOMPARE(sha256Hex(bytes), *sha);

    const Result<QByteArray> read = store.read(*sha);
    QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error()));
    QCOMPARE(read->size(), bytes.size());
    QVERIFY(*read == bytes);
    QCOMPARE(db().queryInt("SELECT size FROM artifacts"), std::int64_t(bytes.size()));
}

void tst_ArtifactStore::equalBytesAreStoredOnce()
{
    ArtifactStore store(db());
    const QByteArray checkpoint = patternedBytes(10000, 3);
    const Result<QString> first = store.put(checkpoint);
    const Result<QString> second = store.put(QByteArray(checkpoint)); // equal bytes, another buffer
    QVERIFY(first.ok() && second.ok());
    QCOMPARE(*second, *first);
    QCOMPARE(db().queryInt("SELECT count(*) FROM artifacts"), std::int64_t(1));

    QByteArray changed = checkpoint;
    changed[5000] = char(changed[5000] ^ 0x01);
    const Result<QString> other = store.put(changed);
    QVERIFY(other.ok());
    QVERIFY(*other != *first);
    QCOMPARE(db().queryInt("SELECT count(*) FROM artifacts"), std::int64_t(2));
    QVERIFY(*store.read(*first) == checkpoint);
    QVERIFY(*store.read(*other) == changed);
}

void tst_ArtifactStore::unknownAddressIsAnError()
{
    const QString sha = expectedSha("never stored");
    const Result<QByteArray> read = ArtifactStore(db()).read(sha);
    QVERIFY(!read.ok());
    QVERIFY2(read.error().contains(sha), qPrintable(read.error()));
    QVERIFY2(read.error().contains(QStringLiteral("not in this workspace")), qPrintable(read.error()));
}

void tst_ArtifactStore::bytesChangedInTheStoreAreRefused()
{
    ArtifactStore store(db());
    const QByteArray checkpoint = patternedBytes(4096, 4);
    const QString sha = *store.put(checkpoint);
    QByteArray flipped = checkpoint;
    flipped[2048] = char(flipped[2048] ^ 0x10); // one bit of one weight
    overwriteStoredBytes(sha, flipped);

    const Result<QByteArray> read = store.read(sha);
    QVERIFY2(!read.ok(), "damaged bytes were handed out");
    QVERIFY2(read.error().contains(sha), qPrintable(read.error()));
    QVERIFY2(read.error().contains(QStringLiteral("damaged")), qPrintable(read.error()));
    QVERIFY2(read.error().contains(expectedSha(flipped)), qPrintable(read.error()));

    // A truncated blob (a short write) is refused the same way.
    overwriteStoredBytes(sha, checkpoint.left(4000));
    QVERIFY(!store.read(sha).ok());
}

void tst_ArtifactStore::bytesChangedOnDiskAreRefused()
{
    // A bit flipped in the file itself, where SQLite has no checksum to notice it: the workspace
    // still opens (quick_check passes), but the artifact is refused.
    const QString path = m_workspace->path();
    const QByteArray checkpoint = patternedBytes(1500, 5); // fits one page: contiguous in the file
    QString sha;
    std::int64_t run = 0;
    {
        ArtifactStore store(db());
        sha = *store.put(checkpoint);
        run = newRun();
        QVERIFY(store.attach(run, QStringLiteral("best"), sha).ok());
    }
    m_workspace.reset(); // the last connection checkpoints the WAL into the file

    QByteArray file = mbtest::fileBytes(path);
    const qsizetype at = file.indexOf(checkpoint);
    QVERIFY2(at >= 0, "the checkpoint's bytes are not in the workspace file");
    QCOMPARE(file.indexOf(checkpoint, at + 1), qsizetype(-1));
    file[at + 700] = char(file[at + 700] ^ 0x04);
    QVERIFY(mbtest::writeFile(path, file));

    auto reopened = Workspace::open(path);
    QVERIFY2(reopened.ok(), qPrintable(reopened.ok() ? QString() : reopened.error()));
    m_workspace = std::move(reopened).value();
    ArtifactStore store(db());
    const Result<RunArtifact> named = store.artifact(run, QStringLiteral("best"));
    QVERIFY(named.ok());
    QCOMPARE(named->sha256, sha);
    const Result<QByteArray> read = store.read(named->sha256);
    QVERIFY2(!read.ok(), "bytes damaged on disk were handed out");
    QVERIFY2(read.error().contains(sha), qPrintable(read.error()));
    QVERIFY2(read.error().contains(QStringLiteral("damaged")), qPrintable(read.error()));
}

void tst_ArtifactStore::puttingGoodBytesAgainRepairsADamagedArtifact()
{
    // A re-run with the same seed writes a bit-identical checkpoint. If the stored copy was
    // damaged, put() must not report the bytes stored while keeping the damaged copy: the new
    // run's checkpoint would be unreadable although the worker had good bytes in hand.
    ArtifactStore store(db());
    const QByteArray checkpoint = patternedBytes(4096, 6);
    const QString sha = *store.put(checkpoint);
    const std::int64_t oldRun = newRun();
    QVERIFY(store.attach(oldRun, QStringLiteral("best"), sha).ok());
    QByteArray flipped = checkpoint;
    flipped[10] = char(flipped[10] ^ 0x01);
    overwriteStoredBytes(sha, flipped);
    QVERIFY(!store.read(sha).ok());

    const Result<QString> again = store.put(checkpoint);
    QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error()));
    QCOMPARE(*again, sha);
    const Result<QByteArray> read = store.read(sha);
    QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error()));
    QVERIFY(*read == checkpoint);
    QCOMPARE(db().queryInt("SELECT count(*) FROM artifacts"), std::int64_t(1));
    // The old run's name still points at the (now good) bytes.
    QCOMPARE(store.artifact(oldRun, QStringLiteral("best"))->sha256, sha);
    QCOMPARE(db().queryInt("SELECT count(*) FROM pragma_foreign_key_check"), std::int64_t(0));
}

void tst_ArtifactStore::runsNameTheirArtifacts()
{
    ArtifactStore store(db());
    const QByteArray best = patternedBytes(2000, 7);
    const QByteArray last = patternedBytes(3000, 8);
    const QString bestSha = *store.put(best);
    const QString lastSha = *store.put(last);
    const std::int64_t run = newRun();
    const std::int64_t otherRun = newRun();
    const QJsonObject bestMeta{{QStringLiteral("epoch"), 7},
                               {QStringLiteral("validation/loss"), 0.125},
                               {QStringLiteral("inputs"), QJsonArray{QStringLiteral("age"), QStringLiteral("plan")}}};
    QVERIFY(store.attach(run, QStringLiteral("last"), lastSha, QJsonObject{{QStringLiteral("epoch"), 10}}).ok());
    QVERIFY(store.attach(run, QStringLiteral("best"), bestSha, bestMeta).ok());
    QVERIFY(store.attach(otherRun, QStringLiteral("best"), bestSha).ok()); // shared bytes

    const Result<QList<RunArtifact>> listed = store.artifactsOf(run);
    QVERIFY(listed.ok());
    QCOMPARE(listed->size(), 2);
    const RunArtifact &first = listed->at(0);
    QCOMPARE(first.name, QStringLiteral("best")); // by name
    QCOMPARE(first.runId, run);
    QCOMPARE(first.sha256, bestSha);
    QCOMPARE(first.size, std::int64_t(best.size()));
    QCOMPARE(first.meta, bestMeta);
    QVERIFY(!first.createdAt.isEmpty());
    QCOMPARE(listed->at(1).name, QStringLiteral("last"));
    QCOMPARE(listed->at(1).size, std::int64_t(last.size()));
    QCOMPARE(listed->at(1).meta.value(QStringLiteral("epoch")).toInt(), 10);

    const Result<RunArtifact> named = store.artifact(run, QStringLiteral("last"));
    QVERIFY(named.ok());
    QCOMPARE(named->sha256, lastSha);
    QVERIFY(*store.read(named->sha256) == last);

    const Result<QList<RunArtifact>> others = store.artifactsOf(otherRun);
    QVERIFY(others.ok());
    QCOMPARE(others->size(), 1);
    QVERIFY(others->first().meta.isEmpty());
    QCOMPARE(store.artifactsOf(newRun())->size(), 0);
    QCOMPARE(db().queryInt("SELECT count(*) FROM artifacts"), std::int64_t(2));
}

void tst_ArtifactStore::storingNamesTheBytesOrStoresNothing()
{
    // A worker killed between storing a checkpoint's bytes and naming them left bytes no run names,
    // which nothing ever deletes. store() does both in one transaction: here the naming fails (no
    // run 4242), and the bytes are not kept either.
    ArtifactStore store(db());
    const Result<QString> refused = store.store(4242, QStringLiteral("best"), patternedBytes(5000, 3));
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().startsWith(QLatin1String("cannot store artifact 'best' of run 4242")),
             qPrintable(refused.error()));
    QCOMPARE(db().queryInt("SELECT count(*) FROM artifacts"), std::int64_t(0));

    const std::int64_t run = newRun();
    const QByteArray bytes = patternedBytes(5000, 3);
    const Result<QString> stored = store.store(run, QStringLiteral("best"), bytes, {{QStringLiteral("epoch"), 2}});
    QVERIFY(stored.ok());
    QCOMPARE(store.artifact(run, QStringLiteral("best"))->sha256, *stored);
    QVERIFY(*store.read(*stored) == bytes);
    QCOMPARE(db().queryInt("SELECT count(*) FROM artifacts WHERE sha256 NOT IN (SELECT sha256 FROM run_artifacts)"),
             std::int64_t(0));
}

void tst_ArtifactStore::attachingAgainReplacesTheName()
{
    ArtifactStore store(db());
    const QString epoch3 = *store.put("weights after epoch 3");
    const QString epoch5 = *store.put("weights after epoch 5");
    const std::int64_t run = newRun();
    QVERIFY(store.attach(run, QStringLiteral("best"), epoch3, QJsonObject{{QStringLiteral("epoch"), 3}}).ok());
    QVERIFY(store.attach(run, QStringLiteral("best"), epoch5, QJsonObject{{QStringLiteral("epoch"), 5}}).ok());
    const Result<QList<RunArtifact>> listed = store.artifactsOf(run);
    QVERIFY(listed.ok());
    QCOMPARE(listed->size(), 1);
    QCOMPARE(listed->first().sha256, epoch5);
    QCOMPARE(listed->first().meta.value(QStringLiteral("epoch")).toInt(), 5);
    QCOMPARE(*store.read(store.artifact(run, QStringLiteral("best"))->sha256), QByteArray("weights after epoch 5"));
}

void tst_ArtifactStore::unknownArtifactNameIsAClearError()
{
    ArtifactStore store(db());
    const std::int64_t run = newRun();
    QVERIFY(store.attach(run, QStringLiteral("best"), *store.put("w")).ok());
    const Result<RunArtifact> missing = store.artifact(run, QStringLiteral("last"));
    QVERIFY(!missing.ok());
    QVERIFY2(missing.error().contains(QStringLiteral("'last'")), qPrintable(missing.error()));
    QVERIFY2(missing.error().contains(QStringLiteral("run %1").arg(run)), qPrintable(missing.error()));
    // Names belong to their run.
    QVERIFY(!store.artifact(newRun(), QStringLiteral("best")).ok());
}

void tst_ArtifactStore::attachRefusesBytesThatAreNotStored()
{
    ArtifactStore store(db());
    const std::int64_t run = newRun();
    const Status dangling = store.attach(run, QStringLiteral("best"), expectedSha("never stored"));
    QVERIFY2(!dangling.ok(), "a name was attached to bytes the workspace does not hold");
    QVERIFY2(dangling.error().contains(QStringLiteral("'best'")), qPrintable(dangling.error()));
    QCOMPARE(store.artifactsOf(run)->size(), 0);

    const Status noRun = store.attach(run + 100, QStringLiteral("best"), *store.put("w"));
    QVERIFY(!noRun.ok());
    QVERIFY2(noRun.error().contains(QStringLiteral("run %1").arg(run + 100)), qPrintable(noRun.error()));
}

void tst_ArtifactStore::storedBytesAreNeverUpdated_data()
{
    QTest::addColumn<QByteArray>("sql");
    QTest::newRow("data") << QByteArray("UPDATE artifacts SET data = x'00'");
    QTest::newRow("size") << QByteArray("UPDATE artifacts SET size = 0");
    QTest::newRow("address") << QByteArray("UPDATE artifacts SET sha256 = 'x'");
}

void tst_ArtifactStore::storedBytesAreNeverUpdated()
{
    QFETCH(QByteArray, sql);
    ArtifactStore store(db());
    const QByteArray checkpoint = patternedBytes(512, 9);
    const QString sha = *store.put(checkpoint);
    QString refusal;
    try {
        db().exec(sql.constData());
    } catch (const SqlError &e) {
        refusal = e.message();
    }
    QVERIFY2(refusal.contains(QStringLiteral("artifacts are never changed")), qPrintable(refusal));
    QVERIFY(*store.read(sha) == checkpoint);
    QCOMPARE(db().queryInt("SELECT size FROM artifacts"), std::int64_t(512));
}

void tst_ArtifactStore::deletingARunDeletesItsArtifactNames()
{
    ArtifactStore store(db());
    const QString shared = *store.put("shared weights");
    const QString own = *store.put("own weights");
    const std::int64_t doomed = newRun();
    const std::int64_t kept = newRun();
    QVERIFY(store.attach(doomed, QStringLiteral("best"), shared).ok());
    QVERIFY(store.attach(doomed, QStringLiteral("last"), own).ok());
    QVERIFY(store.attach(kept, QStringLiteral("best"), shared).ok());

    db().prepare("DELETE FROM runs WHERE id = ?1").bind(1, doomed).run();
    QCOMPARE(db().changes(), 1);
    QCOMPARE(store.artifactsOf(doomed)->size(), 0);
    QVERIFY(!store.artifact(doomed, QStringLiteral("best")).ok());
    QCOMPARE(db().queryInt("SELECT count(*) FROM run_artifacts"), std::int64_t(1));
    // The other run keeps its name and its (shared) bytes.
    QCOMPARE(store.artifact(kept, QStringLiteral("best"))->sha256, shared);
    QCOMPARE(*store.read(shared), QByteArray("shared weights"));
    QCOMPARE(db().queryInt("SELECT count(*) FROM pragma_foreign_key_check"), std::int64_t(0));
}

void tst_ArtifactStore::bytesARunUsesCannotBeDeleted()
{
    ArtifactStore store(db());
    const QString sha = *store.put("in use");
    QVERIFY(store.attach(newRun(), QStringLiteral("best"), sha).ok());
    bool refused = false;
    try {
        db().prepare("DELETE FROM artifacts WHERE sha256 = ?1").bind(1, sha).run();
    } catch (const SqlError &) {
        refused = true;
    }
    QVERIFY2(refused, "bytes named by a run were deleted");
    QCOMPARE(*store.read(sha), QByteArray("in use"));
}

QTEST_GUILESS_MAIN(tst_ArtifactStore)
#include "tst_artifactstore.moc"
