// SPDX-License-Identifier: GPL-3.0-or-later
// A dataset version stays staged until its import's last transaction. Here a whole version is
// turned back into the state a killed import leaves (its row in staged_dataset_versions, naming
// the importer's host and pid), with a real process as that importer, alive or killed: no reader
// shows a staged version (the listing, lookup, loading, deletion, workspace check), the next
// import discards it once its importer is gone and keeps it while that importer lives, and a live
// import of the same file is named when another one is refused. tst_killedimport kills a real
// `dataset import` mid-way.

#include "app/services/AbandonedImports.h"
#include "app/services/DatasetImport.h"
#include "db/Database.h"
#include "db/DatasetRepository.h"
#include "db/Deletion.h"
#include "db/ProjectRepository.h"
#include "db/Workspace.h"
#include "db/WorkspaceCheck.h"
#include "tests/support/TestSupport.h"

#include <QProcess>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace mb;

class tst_StagedImports : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void aStagedVersionIsSeenByNoReader();
    void theNextImportDiscardsAnAbandonedImport();
    void aLiveImportKeepsItsStagedVersion();

private:
    db::Database &db() { return m_workspace->database(); }
    Result<services::DatasetImportOutcome> import(const QString &fileName, const QByteArray &csv);
    // Marks `versionId` staged by process `pid` of this machine, as its import's first transaction left it.
    void stage(std::int64_t versionId, qint64 pid);
    // A process whose command line says metricbridge, as an importer's does.
    bool startImporter(QProcess &process);
    std::int64_t count(const char *sql) { return db().queryInt(sql); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<db::Workspace> m_workspace;
    std::int64_t m_projectId = 0;
};

namespace {

const QByteArray kCsv = "id,x,label\n1,0.5,yes\n2,1.5,no\n3,2.5,yes\n4,3.5,no\n5,4.5,yes\n6,5.5,no\n";
const QByteArray kOtherCsv = "id,x,label\n1,9.5,yes\n2,8.5,no\n3,7.5,yes\n4,6.5,no\n5,5.5,yes\n6,4.5,no\n";

} // namespace

void tst_StagedImports::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    Result<std::unique_ptr<db::Workspace>> created = db::Workspace::create(m_dir->filePath(QStringLiteral("s.mbw")));
    QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error()));
    m_workspace = std::move(created).value();
    const Result<db::Project> project = db::ProjectRepository(db()).create(QStringLiteral("Churn"));
    QVERIFY(project.ok());
    m_projectId = project->id;
}

void tst_StagedImports::cleanup()
{
    m_workspace.reset();
    m_dir.reset();
}

Result<services::DatasetImportOutcome> tst_StagedImports::import(const QString &fileName, const QByteArray &csv)
{
    const QString path = m_dir->filePath(fileName);
    if (!mbtest::writeFile(path, csv))
        return Error{QStringLiteral("cannot write %1").arg(path)};
    services::DatasetImportRequest request;
    request.file = path;
    request.options.targets = {QStringLiteral("label")};
    return services::importDataset(db(), m_projectId, request);
}

void tst_StagedImports::stage(std::int64_t versionId, qint64 pid)
{
    db().prepare("INSERT INTO staged_dataset_versions(version_id, host, pid, started_at) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, versionId)
        .bind(2, QSysInfo::machineHostName())
        .bind(3, std::int64_t(pid))
        .bind(4, QStringLiteral("2026-12-07T12:00:00Z"))
        .run();
}

bool tst_StagedImports::startImporter(QProcess &process)
{
    process.start(QStringLiteral("bash"), {QStringLiteral("-c"), QStringLiteral("exec -a metricbridge sleep 600")});
    return process.waitForStarted(60000);
}

void tst_StagedImports::aStagedVersionIsSeenByNoReader()
{
    const Result<services::DatasetImportOutcome> imported = import(QStringLiteral("a.csv"), kCsv);
    QVERIFY2(imported.ok(), qPrintable(imported.ok() ? QString() : imported.error()));
    const std::int64_t id = imported->version.id;
    QProcess importer;
    QVERIFY(startImporter(importer));
    stage(id, importer.processId());

    db::DatasetRepository datasets(db());
    QVERIFY(datasets.versions(m_projectId)->isEmpty());
    const Result<db::DatasetVersionInfo> version = datasets.version(id);
    QVERIFY(!version.ok());
    QCOMPARE(version.error(), QStringLiteral("dataset version %1 does not exist").arg(id));
    QVERIFY(!datasets.load(id).ok()); // so no run trains on it and no export writes it
    const Result<db::DeletionOutcome> deleted = db::Deletion(db()).deleteDatasetVersion(id, false);
    QVERIFY(!deleted.ok());
    QVERIFY2(deleted.error().contains(QStringLiteral("there is no dataset version %1").arg(id)),
             qPrintable(deleted.error()));

    const Result<db::WorkspaceCheckReport> report = db::checkWorkspace(db());
    QVERIFY(report.ok());
    QVERIFY2(report->sound(), qPrintable(report->problems.join(QLatin1Char('\n'))));
    QVERIFY2(report->notices.join(QLatin1Char('\n')).contains(QStringLiteral("dataset version %1 is staged").arg(id)),
             qPrintable(report->notices.join(QLatin1Char('\n'))));
    importer.kill();
    importer.waitForFinished(60000);
}

void tst_StagedImports::theNextImportDiscardsAnAbandonedImport()
{
    const Result<services::DatasetImportOutcome> first = import(QStringLiteral("a.csv"), kCsv);
    QVERIFY(first.ok());
    QProcess importer;
    QVERIFY(startImporter(importer));
    stage(first->version.id, importer.processId());
    importer.kill();
    QVERIFY(importer.waitForFinished(60000)); // reaped: the importer is gone, as after a crash

    // Another file's import cleans up first, then stores its own version, whole.
    const Result<services::DatasetImportOutcome> other = import(QStringLiteral("b.csv"), kOtherCsv);
    QVERIFY2(other.ok(), qPrintable(other.ok() ? QString() : other.error()));
    QCOMPARE(count("SELECT count(*) FROM staged_dataset_versions"), std::int64_t(0));
    QCOMPARE(count("SELECT count(*) FROM dataset_versions"), std::int64_t(1));
    QCOMPARE(count("SELECT count(DISTINCT version_id) FROM dataset_chunks"), std::int64_t(1));

    // The abandoned file's identity is free again: importing it gives a whole, listed version.
    const Result<services::DatasetImportOutcome> again = import(QStringLiteral("a.csv"), kCsv);
    QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error()));
    QVERIFY(!again->existed);
    QCOMPARE(db::DatasetRepository(db()).versions(m_projectId)->size(), 2);
    QCOMPARE(db::DatasetRepository(db()).load(again->version.id)->rowCount(), std::int64_t(6));
}

void tst_StagedImports::aLiveImportKeepsItsStagedVersion()
{
    const Result<services::DatasetImportOutcome> first = import(QStringLiteral("a.csv"), kCsv);
    QVERIFY(first.ok());
    QProcess importer;
    QVERIFY(startImporter(importer));
    // The exec replaces bash (whose command line is not an importer's) within moments.
    QTRY_COMPARE_WITH_TIMEOUT(
        QProcess::execute(QStringLiteral("grep"), {QStringLiteral("-q"), QStringLiteral("metricbridge"),
                                                   QStringLiteral("/proc/%1/cmdline").arg(importer.processId())}),
        0, 60000);
    stage(first->version.id, importer.processId());

    QCOMPARE(*services::discardAbandonedImports(db()), 0);
    QCOMPARE(count("SELECT count(*) FROM staged_dataset_versions"), std::int64_t(1));
    // The same file again is refused while that import may still finish it, naming the importer.
    const Result<services::DatasetImportOutcome> again = import(QStringLiteral("a.csv"), kCsv);
    QVERIFY(!again.ok());
    QVERIFY2(again.error().contains(QStringLiteral("is being imported by process %1").arg(importer.processId())),
             qPrintable(again.error()));

    importer.kill();
    QVERIFY(importer.waitForFinished(60000));
    QCOMPARE(*services::discardAbandonedImports(db()), 1);
    QCOMPARE(count("SELECT count(*) FROM dataset_versions"), std::int64_t(0));
    QCOMPARE(count("SELECT count(*) FROM dataset_chunks"), std::int64_t(0));
}

QTEST_GUILESS_MAIN(tst_StagedImports)
#include "tst_stagedimports.moc"
