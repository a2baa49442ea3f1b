// SPDX-License-Identifier: GPL-3.0-or-later
// `workspace backup` (db/WorkspaceBackup, SQLite's online backup API) while a real training worker
// writes the workspace: the worker keeps running through the backups (it is given many epochs and
// cancelled afterwards), and every copy opens as a workspace, passes the full
// `PRAGMA integrity_check` and `workspace check`, and holds the run as far as it had got. Also the
// refusals: an existing file, a folder that does not exist.
#include "db/Database.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/support/CommandRun.h"
#include "tests/support/DemoFixture.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace mb;

namespace {

// Far more epochs than the backups need: the worker is cancelled once they are taken.
constexpr int kEpochs = 500;
constexpr int kBackups = 3;
constexpr int kDeadlineMs = 120000;

int epochsIn(const QByteArray &out)
{
    int epochs = 0;
    for (const QByteArray &line : out.split('\n'))
        if (QJsonDocument::fromJson(line).object().value(QStringLiteral("event")).toString() == QLatin1String("epoch"))
            ++epochs;
    return epochs;
}

} // namespace

class tst_WorkspaceBackup : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void backupsWhileAWorkerWritesAreSound();
    void badTargetsAreRefused();

private:
    QTemporaryDir m_dir;
    QString m_path;
};

void tst_WorkspaceBackup::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString problem;
    m_path = mbtest::copyDemoFixture(m_dir.path(), &problem);
    QVERIFY2(!m_path.isEmpty(), qPrintable(problem));
}

void tst_WorkspaceBackup::backupsWhileAWorkerWritesAreSound()
{
    const QJsonObject config = mbtest::linearRunConfig(QStringLiteral("backed up"), 1, 1, QStringLiteral("binary"),
                                                       QStringLiteral("engagement"), kEpochs);
    const QString configPath = m_dir.filePath(QStringLiteral("long.json"));
    QFile file(configPath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(config).toJson());
    file.close();

    QProcess worker;
    worker.start(QStringLiteral(METRICBRIDGE_BINARY),
                 {QStringLiteral("train"), QStringLiteral("--workspace"), m_path, QStringLiteral("--project"),
                  QStringLiteral("Newsfeed ranking"), QStringLiteral("--config"), configPath});
    QVERIFY(worker.waitForStarted(kDeadlineMs));
    QByteArray out;
    const auto readUntilEpochs = [&](int epochs) {
        QDeadlineTimer deadline(kDeadlineMs);
        while (epochsIn(out) < epochs && worker.state() == QProcess::Running && !deadline.hasExpired()) {
            worker.waitForReadyRead(50);
            out += worker.readAllStandardOutput();
        }
        return epochsIn(out) >= epochs;
    };
    const std::int64_t runId = [&] {
        readUntilEpochs(1);
        return mbtest::startedRunId(out);
    }();
    QVERIFY2(runId > 0, out.constData());

    QStringList copies;
    for (int i = 0; i < kBackups; ++i) {
        // Between backups the worker commits at least one more epoch, so each copy is of a changed file.
        QVERIFY2(readUntilEpochs(i + 1), worker.readAllStandardError().constData());
        const QString copy = m_dir.filePath(QStringLiteral("backup-%1.mbw").arg(i));
        const mbtest::CommandRun backup = mbtest::runMetricbridge(
            {QStringLiteral("workspace"), QStringLiteral("backup"), QStringLiteral("--workspace"), m_path,
             QStringLiteral("--out"), copy});
        QVERIFY2(backup.exitCode == 0, backup.err.constData());
        QVERIFY(backup.out.startsWith("backed up to"));
        copies << copy;
    }
    // The worker wrote all along: it is still training (its 500 epochs are far from done).
    QCOMPARE(worker.state(), QProcess::Running);
    {
        auto workspace = db::Workspace::open(m_path);
        QVERIFY(workspace.ok());
        QVERIFY(db::RunRepository((*workspace)->database()).requestCancel(runId).ok());
    }
    QVERIFY(worker.waitForFinished(kDeadlineMs));

    for (const QString &copy : copies) {
        QVERIFY2(!QFileInfo::exists(copy + QStringLiteral(".part")), qPrintable(copy));
        QVERIFY2(!QFileInfo::exists(copy + QStringLiteral("-wal")) ||
                     QFileInfo(copy + QStringLiteral("-wal")).size() == 0,
                 qPrintable(copy)); // one self-contained file
        {
            auto opened = db::Workspace::open(copy);
            QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error()));
            db::Database &db = (*opened)->database();
            QCOMPARE(db.queryText("PRAGMA integrity_check"), QStringLiteral("ok"));
            QCOMPARE(db.queryInt("SELECT count(*) FROM pragma_foreign_key_check"), std::int64_t(0));
            const Result<db::RunRecord> run = db::RunRepository(db).run(runId);
            QVERIFY(run.ok());
            QCOMPARE(run->status, db::RunStatus::Running); // copied mid-run
            QVERIFY(db.queryInt("SELECT count(*) FROM metric_chunks") > 0);
        }
        const mbtest::CommandRun check = mbtest::runMetricbridge(
            {QStringLiteral("workspace"), QStringLiteral("check"), QStringLiteral("--workspace"), copy});
        QVERIFY2(check.exitCode == 0, QByteArray(check.out + check.err).constData());
        QVERIFY(check.out.contains("the workspace is sound"));
    }
}

void tst_WorkspaceBackup::badTargetsAreRefused()
{
    const QString existing = m_dir.filePath(QStringLiteral("existing.mbw"));
    QFile file(existing);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("keep me");
    file.close();
    const mbtest::CommandRun refused = mbtest::runMetricbridge(
        {QStringLiteral("workspace"), QStringLiteral("backup"), QStringLiteral("--workspace"), m_path,
         QStringLiteral("--out"), existing});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(mbtest::reasonLine(refused).contains("already exists"), refused.err.constData());
    QFile kept(existing);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), QByteArray("keep me"));

    const mbtest::CommandRun noFolder = mbtest::runMetricbridge(
        {QStringLiteral("workspace"), QStringLiteral("backup"), QStringLiteral("--workspace"), m_path,
         QStringLiteral("--out"), m_dir.filePath(QStringLiteral("no/such/folder/copy.mbw"))});
    QCOMPARE(noFolder.exitCode, 1);
    QVERIFY2(mbtest::reasonLine(noFolder).contains("does not exist"), noFolder.err.constData());
}

QTEST_GUILESS_MAIN(tst_WorkspaceBackup)
#include "tst_workspacebackup.moc"
