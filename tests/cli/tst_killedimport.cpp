// SPDX-License-Identifier: GPL-3.0-or-later
// A `metricbridge dataset import` killed (SIGKILL) while it writes its chunks, as a crash or an
// out-of-memory kill would: the workspace passes SQLite's integrity check, no half version is
// listed, `workspace check` names the staged leftover, and importing the file again works and
// discards the leftover. The import is a real process on a real file; the test watches the file
// through its own read-only connection and kills the import once some of its columns are stored.

#include "db/Database.h"
#include "tests/support/CommandRun.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace mbtest;

namespace {

// Enough rows and columns that writing them takes many short transactions (one per column).
QByteArray wideCsv(int rows, int columns)
{
    QByteArray csv;
    for (int c = 0; c < columns; ++c)
        csv += (c ? ",c" : "c") + QByteArray::number(c);
    csv += '\n';
    csv.reserve(qsizetype(rows) * columns * 7);
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < columns; ++c) {
            if (c)
                csv += ',';
            csv += QByteArray::number((r * 31 + c * 17) % 1000);
        }
        csv += '\n';
    }
    return csv;
}

} // namespace

class tst_KilledImport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aKilledImportLeavesNoHalfVersionAndTheNextImportWorks();
};

void tst_KilledImport::aKilledImportLeavesNoHalfVersionAndTheNextImportWorks()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString workspace = dir.filePath(QStringLiteral("w.mbw"));
    const QString csvPath = dir.filePath(QStringLiteral("wide.csv"));
    {
        QFile file(csvPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.write(wideCsv(400000, 24)) > 0);
    }
    QCOMPARE(runMetricbridge({QStringLiteral("project"), QStringLiteral("create"), QStringLiteral("--workspace"),
                              workspace, QStringLiteral("--name"), QStringLiteral("p")})
                 .exitCode,
             0);
    const QStringList importArguments{
        QStringLiteral("dataset"),   QStringLiteral("import"), QStringLiteral("--workspace"), workspace,
        QStringLiteral("--project"), QStringLiteral("p"),      QStringLiteral("--file"),      csvPath,
        QStringLiteral("--target"),  QStringLiteral("c0")};

    // Start the import, and kill it once it has committed some columns of a still-staged version.
    QProcess import;
    import.start(QStringLiteral(METRICBRIDGE_BINARY), importArguments);
    QVERIFY(import.waitForStarted());
    {
        mb::db::Database watcher(workspace, mb::db::Database::Mode::ReadOnly);
        watcher.exec("PRAGMA busy_timeout = 10000");
        const auto stagedChunks = [&] {
            return watcher.queryInt("SELECT count(*) FROM staged_dataset_versions s JOIN dataset_chunks c "
                                    "ON c.version_id = s.version_id");
        };
        QTRY_VERIFY2_WITH_TIMEOUT(stagedChunks() > 0 || import.state() == QProcess::NotRunning,
                                  "the import neither wrote a staged column nor ended", 240000);
        QVERIFY2(import.state() != QProcess::NotRunning,
                 "the import ended before it could be killed mid-way; give the test a larger file");
        import.kill(); // SIGKILL: no handler, no rollback, no cleanup in the process
        QVERIFY(import.waitForFinished(60000));
    }
    QCOMPARE(import.exitStatus(), QProcess::CrashExit);

    // No half version is listed, and the file is sound.
    const CommandRun listed =
        runMetricbridge({QStringLiteral("dataset"), QStringLiteral("list"), QStringLiteral("--workspace"), workspace,
                         QStringLiteral("--project"), QStringLiteral("p"), QStringLiteral("--json")});
    QCOMPARE(listed.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(listed.out).array().size(), 0);
    const CommandRun checked = runMetricbridge(
        {QStringLiteral("workspace"), QStringLiteral("check"), QStringLiteral("--workspace"), workspace});
    QVERIFY2(checked.exitCode == 0, checked.out.constData());
    QVERIFY2(checked.out.contains("SQLite integrity check: ok"), checked.out.constData());
    QVERIFY2(checked.out.contains("is staged"), checked.out.constData());

    // Importing again works, whole, and takes the leftover away.
    const CommandRun again = runMetricbridge(importArguments);
    QVERIFY2(again.exitCode == 0, again.err.constData());
    const CommandRun relisted =
        runMetricbridge({QStringLiteral("dataset"), QStringLiteral("list"), QStringLiteral("--workspace"), workspace,
                         QStringLiteral("--project"), QStringLiteral("p"), QStringLiteral("--json")});
    const QJsonArray versions = QJsonDocument::fromJson(relisted.out).array();
    QCOMPARE(versions.size(), 1);
    const CommandRun rechecked = runMetricbridge(
        {QStringLiteral("workspace"), QStringLiteral("check"), QStringLiteral("--workspace"), workspace});
    QVERIFY2(rechecked.exitCode == 0, rechecked.out.constData());
    QVERIFY2(!rechecked.out.contains("is staged"), rechecked.out.constData());
    mb::db::Database after(workspace, mb::db::Database::Mode::ReadOnly);
    QCOMPARE(after.queryInt("SELECT count(*) FROM dataset_versions"), std::int64_t(1));
    QCOMPARE(after.queryInt("SELECT count(*) FROM staged_dataset_versions"), std::int64_t(0));
    QCOMPARE(after.queryInt("SELECT count(*) FROM dataset_chunks"), std::int64_t(24 * 7)); // 400 000 rows: 7 chunks
}

QTEST_GUILESS_MAIN(tst_KilledImport)
#include "tst_killedimport.moc"
