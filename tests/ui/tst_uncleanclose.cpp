// SPDX-License-Identifier: GPL-3.0-or-later
// Opening a workspace reads only what it needs; the full check runs in the background when the
// last window on the file did not close cleanly. A real window process is killed (SIGKILL) with
// the workspace open: the next window says it is checking the file, stays usable, and then says
// the file is sound, or shows a banner naming the damage that opening did not read. A window that
// closed cleanly leaves nothing to check.
#include "db/Database.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/support/TestSupport.h"
#include "ui/shell/MainWindow.h"

#include <QApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace mb;

class tst_UncleanClose : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void aKilledWindowMakesTheNextOneCheckTheWorkspace();
    void damageOpeningDidNotReadIsFoundByTheCheck();

private:
    QString settingsDir() const { return m_dir.filePath(QStringLiteral("settings")); }
    // Opens `workspace` in a real window process and kills it once it holds the file.
    bool killAWindowOn(const QString &workspace);

    QTemporaryDir m_dir;
};

void tst_UncleanClose::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    // The window processes started below keep their settings where this test reads them.
    QCoreApplication::setOrganizationName(QStringLiteral("MetricBridge"));
    QCoreApplication::setApplicationName(QStringLiteral("MetricBridge"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir());
}

bool tst_UncleanClose::killAWindowOn(const QString &workspace)
{
    QProcess window;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), settingsDir());
    window.setProcessEnvironment(environment);
    window.start(QStringLiteral(METRICBRIDGE_BINARY), {workspace});
    if (!window.waitForStarted())
        return false;
    const QString file = settingsDir() + QStringLiteral("/MetricBridge/MetricBridge.conf");
    const auto marked = [&] {
        QSettings settings(file, QSettings::IniFormat);
        settings.sync(); // the window process writes the file
        settings.beginGroup(QStringLiteral("openWorkspaces"));
        return !settings.childKeys().isEmpty();
    };
    const QDeadlineTimer deadline(60000);
    while (!marked() && window.state() != QProcess::NotRunning && !deadline.hasExpired())
        window.waitForFinished(100); // polls: the window never ends by itself
    if (window.state() == QProcess::NotRunning || !marked()) {
        qWarning("the window ended by itself: %s", window.readAllStandardError().constData());
        return false;
    }
    window.kill(); // SIGKILL: no destructor, no settings written, the mark stays
    return window.waitForFinished(30000) && marked();
}

void tst_UncleanClose::aKilledWindowMakesTheNextOneCheckTheWorkspace()
{
    const QString path = m_dir.filePath(QStringLiteral("sound.mbw"));
    {
        auto workspace = db::Workspace::create(path);
        QVERIFY(workspace);
        QVERIFY(db::ProjectRepository((*workspace)->database()).create(QStringLiteral("Churn")));
    }
    QVERIFY(killAWindowOn(path));

    {
        ui::MainWindow window;
        window.show();
        QVERIFY2(window.openWorkspace(path), qPrintable(window.errorText()));
        // The window is open and usable at once; the status bar says what runs behind it.
        QVERIFY2(window.integrityCheckText().contains(QStringLiteral("did not close cleanly")),
                 qPrintable(window.integrityCheckText()));
        QVERIFY(window.showPage(QStringLiteral("runs")));
        QTRY_VERIFY_WITH_TIMEOUT(window.integrityCheckText().isEmpty(), 120000);
        QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("no damage found")),
                 qPrintable(window.statusBar()->currentMessage()));
        QCOMPARE(window.errorText(), QString());
    } // closed cleanly

    ui::MainWindow again;
    again.show();
    QVERIFY2(again.openWorkspace(path), qPrintable(again.errorText()));
    QCOMPARE(again.integrityCheckText(), QString());
}

void tst_UncleanClose::damageOpeningDidNotReadIsFoundByTheCheck()
{
    // Larger than the size up to which opening checks every page: a run with a long log.
    const QString path = m_dir.filePath(QStringLiteral("damaged.mbw"));
    {
        auto workspace = db::Workspace::create(path);
        QVERIFY(workspace);
        db::Database &db = (*workspace)->database();
        const db::Project project = *db::ProjectRepository(db).create(QStringLiteral("Churn"));
        db::RunRecord draft;
        draft.projectId = project.id;
        draft.name = QStringLiteral("logged");
        draft.config = QJsonObject{{QStringLiteral("epochs"), 1}};
        db::RunRepository runs(db);
        const std::int64_t run = runs.create(draft)->id;
        QVERIFY(runs.markRunning(run, 1));
        db.exec("BEGIN");
        for (int i = 0; i < 20000; ++i)
            QVERIFY(runs.appendLog(run, QStringLiteral("line %1 ").arg(i) + QString(500, QLatin1Char('x'))));
        db.exec("COMMIT");
        QVERIFY(runs.finish(run, db::RunStatus::Finished));
    }
    QVERIFY(QFileInfo(path).size() > 9 * 1024 * 1024);
    // A leaf of the log in the middle of its table: no open reads it.
    std::int64_t page = 0, pageSize = 0;
    {
        db::Database db(path, db::Database::Mode::ReadOnly);
        pageSize = db.queryInt("PRAGMA page_size");
        const std::int64_t leaves =
            db.queryInt("SELECT count(*) FROM dbstat WHERE name = 'run_log' AND pagetype = 'leaf'");
        QVERIFY(leaves > 100);
        db::Statement middle = db.prepare(
            "SELECT pageno FROM dbstat WHERE name = 'run_log' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET ?1");
        middle.bind(1, leaves / 2);
        QVERIFY(middle.step());
        page = middle.columnInt(0);
    }
    QVERIFY(killAWindowOn(path));
    {
        // What the killed window left in its write-ahead log goes into the file first (as the next
        // open would do), so the garbage below is not written over.
        db::Database db(path, db::Database::Mode::ReadWrite);
        db.queryText("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    QByteArray bytes = mbtest::fileBytes(path);
    for (int i = 0; i < 64; ++i)
        bytes[qsizetype((page - 1) * pageSize + i)] = char(0xA5 ^ i);
    QVERIFY(mbtest::writeFile(path, bytes));

    ui::MainWindow window;
    window.show();
    QVERIFY2(window.openWorkspace(path), qPrintable(window.errorText()));
    QVERIFY(!window.integrityCheckText().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(window.integrityCheckText().isEmpty(), 120000);
    QVERIFY2(window.errorText().contains(QStringLiteral("damaged.mbw is damaged")), qPrintable(window.errorText()));
    QVERIFY2(window.errorText().contains(QStringLiteral("workspace check")), qPrintable(window.errorText()));
}

QTEST_MAIN(tst_UncleanClose)
#include "tst_uncleanclose.moc"
