// SPDX-License-Identifier: GPL-3.0-or-later
// Delete with Undo in the window, offscreen at 1024x700 on a copy of the demo workspace:
//  - a run: the question names what goes (runs, evaluations, bytes); after Yes the run is gone and
//    the bar offers Undo, which brings every row back identical (metrics, predictions, checkpoints);
//  - a run a policy weighs: refused before anything is asked, the banner says why;
//  - an evaluation, from the run record's Evaluations tab, and Undo;
//  - a dataset version on the Data page: the demo's is refused (its runs are weighed by a policy);
//    an imported one is deleted and brought back;
//  - the project, from the project picker's "Delete project…", and brought back with all its runs;
//  - a deletion left to stand (the bar closed) leaves no orphan blob.
#include "app/services/DatasetImport.h"
#include "app/services/RunQueue.h"
#include "db/Database.h"
#include "db/Deletion.h"
#include "db/Workspace.h"
#include "tests/support/DemoWorkspace.h"
#include "tests/support/MessageBoxes.h"
#include "tests/support/StoreFingerprint.h"
#include "tests/support/TestScreenshots.h"
#include "tests/support/TestSupport.h"
#include "ui/data/DataPage.h"
#include "ui/runs/RunDetailView.h"
#include "ui/runs/RunEvaluationsList.h"
#include "ui/runs/RunLifecycleActions.h"
#include "ui/runs/RunsPage.h"
#include "ui/runs/RunsTableModel.h"
#include "ui/shell/MainWindow.h"
#include "ui/widgets/NoticeBar.h"
#include "ui/widgets/UndoableDeletion.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace mb;
using ui::MainWindow;

class tst_DeleteUndo : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void runDeletedThenUndoneIdentical();
    void runAPolicyWeighsIsRefusedBeforeAsking();
    void evaluationDeletedFromTheRunRecordThenUndone();
    void datasetVersionRefusedOrDeletedThenUndone();
    void projectDeletedThenUndone();
    void deletionLeftToStandLeavesNoOrphanBlob();

private:
    db::Database &db() { return m_workspace->database(); }
    void openWindow();
    QList<std::int64_t> shownRunIds() const;
    static QPushButton *undoButton(ui::UndoableDeletion *deletion, const QString &name);

    QTemporaryDir m_settings;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<db::Workspace> m_workspace; // the test's own connection
    std::unique_ptr<MainWindow> m_window;
};

void tst_DeleteUndo::initTestCase()
{
    QVERIFY(m_settings.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
}

void tst_DeleteUndo::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QString problem;
    m_workspace = mbtest::openDemoCopy(m_dir->path(), &problem, &m_path);
    QVERIFY2(m_workspace, qPrintable(problem));
}

void tst_DeleteUndo::cleanup()
{
    m_window.reset();
    m_workspace.reset();
    m_dir.reset();
}

void tst_DeleteUndo::openWindow()
{
    m_window = std::make_unique<MainWindow>();
    m_window->runsPage()->runQueue()->setAutoStart(false);
    m_window->resize(1024, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY2(m_window->openWorkspace(m_path), qPrintable(m_window->errorText()));
}

QList<std::int64_t> tst_DeleteUndo::shownRunIds() const
{
    QAbstractItemModel *model = m_window->runsPage()->runsView()->model();
    QList<std::int64_t> ids;
    for (int r = 0; r < model->rowCount(); ++r)
        ids << model->index(r, 0).data(int(ui::RunsTableModel::Role::RunId)).toLongLong();
    std::sort(ids.begin(), ids.end());
    return ids;
}

QPushButton *tst_DeleteUndo::undoButton(ui::UndoableDeletion *deletion, const QString &name)
{
    return deletion->undoBar()->findChild<QPushButton *>(name + QStringLiteral("UndoButton"));
}

void tst_DeleteUndo::runDeletedThenUndoneIdentical()
{
    openWindow();
    m_window->showPage(QStringLiteral("runs"));
    ui::RunsPage *page = m_window->runsPage();
    QTRY_COMPARE_WITH_TIMEOUT(shownRunIds(), (QList<std::int64_t>{1, 2, 3, 4}), 10000);
    const QMap<QString, QByteArray> before = mbtest::storeFingerprint(db());
    ui::UndoableDeletion *deletion = page->lifecycle()->deletion();

    // "No" keeps it.
    page->selectRuns({4});
    bool asked = false;
    mbtest::answerQuestionWhenAsked(this, QMessageBox::No, QStringLiteral("Delete #4?"), &asked);
    page->lifecycle()->deleteAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(asked, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(!deletion->busy(), 10000);
    QCOMPARE(mbtest::storeFingerprint(db()), before);

    // "Yes" deletes, naming what goes, and offers Undo.
    page->selectRuns({4});
    mbtest::answerQuestionWhenAsked(this, QMessageBox::Yes, QStringLiteral("This removes 1 run(s), "), &asked);
    page->lifecycle()->deleteAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(deletion->undoBar()->isVisible(), 30000);
    QTRY_COMPARE_WITH_TIMEOUT(shownRunIds(), (QList<std::int64_t>{1, 2, 3}), 10000);
    QCOMPARE(db().queryInt("SELECT count(*) FROM runs WHERE id = 4"), std::int64_t(0));
    QCOMPARE(*db::Deletion(db()).unnamedArtifactCount(), std::int64_t(0));
    QVERIFY2(deletion->undoBar()->textLabel()->text().startsWith(QStringLiteral("Deleted #4: 1 run(s), ")),
             qPrintable(deletion->undoBar()->textLabel()->text()));
    QCoreApplication::processEvents();
    QVERIFY(mbtest::saveScreenshot(m_window.get(), QStringLiteral("runs-deleted-undo")));

    QTest::mouseClick(undoButton(deletion, QStringLiteral("runsDelete")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(shownRunIds(), (QList<std::int64_t>{1, 2, 3, 4}), 30000);
    QVERIFY(!deletion->undoBar()->isVisible());
    QCOMPARE(mbtest::storeFingerprint(db()), before);
}

void tst_DeleteUndo::runAPolicyWeighsIsRefusedBeforeAsking()
{
    openWindow();
    m_window->showPage(QStringLiteral("runs"));
    ui::RunsPage *page = m_window->runsPage();
    QTRY_COMPARE_WITH_TIMEOUT(shownRunIds().size(), 4, 10000);
    const std::int64_t weighed = db().queryInt("SELECT run_a FROM policies ORDER BY id LIMIT 1");
    page->selectRuns({weighed});
    page->lifecycle()->deleteAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->errorText().contains(QStringLiteral("is weighed by policy")), 30000);
    QVERIFY2(m_window->errorText().contains(QStringLiteral("Cannot delete #%1: ").arg(weighed)),
             qPrintable(m_window->errorText()));
    QVERIFY(QApplication::activeModalWidget() == nullptr); // nothing was asked
    QCOMPARE(shownRunIds().size(), 4);
}

void tst_DeleteUndo::evaluationDeletedFromTheRunRecordThenUndone()
{
    openWindow();
    m_window->showPage(QStringLiteral("runs"));
    ui::RunsPage *page = m_window->runsPage();
    QTRY_COMPARE_WITH_TIMEOUT(shownRunIds().size(), 4, 10000);
    const QMap<QString, QByteArray> before = mbtest::storeFingerprint(db());
    page->selectRuns({2});
    page->detail()->showTab(QStringLiteral("evaluations"));
    ui::RunEvaluationsList *list = page->detail()->evaluationsList();
    const int evaluations = int(db().queryInt("SELECT count(*) FROM evaluations WHERE run_id = 2"));
    QVERIFY(evaluations > 0);
    QTRY_COMPARE_WITH_TIMEOUT(list->table()->rowCount(), evaluations, 10000);
    QVERIFY(!list->deleteButton()->isEnabled());
    list->table()->selectRow(0);
    QVERIFY(list->deleteButton()->isEnabled());
    const std::int64_t chosen = list->selectedEvaluation();
    QCoreApplication::processEvents();
    QVERIFY(mbtest::saveScreenshot(m_window.get(), QStringLiteral("runs-evaluations-tab")));

    mbtest::answerQuestionWhenAsked(this, QMessageBox::Yes, QStringLiteral("Delete evaluation #%1").arg(chosen));
    QTest::mouseClick(list->deleteButton(), Qt::LeftButton);
    ui::UndoableDeletion *deletion = page->lifecycle()->deletion();
    QTRY_VERIFY_WITH_TIMEOUT(deletion->undoBar()->isVisible(), 30000);
    QTRY_COMPARE_WITH_TIMEOUT(list->table()->rowCount(), evaluations - 1, 10000);
    QCOMPARE(db().queryInt(QByteArray(QByteArray("SELECT count(*) FROM prediction_columns WHERE evaluation_id = ") +
                                      QByteArray::number(qint64(chosen)))
                               .constData()),
             std::int64_t(0));

    QTest::mouseClick(undoButton(deletion, QStringLiteral("runsDelete")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(list->table()->rowCount(), evaluations, 30000);
    QCOMPARE(mbtest::storeFingerprint(db()), before);
}

void tst_DeleteUndo::datasetVersionRefusedOrDeletedThenUndone()
{
    // A second version, that no run uses.
    const QString csv = mbtest::writeIn(m_dir->path(), QStringLiteral("extra.csv"),
                                        "x,label\n1,0\n2,1\n3,0\n4,1\n5,0\n6,1\n7,0\n8,1\n9,0\n10,1\n");
    QVERIFY(!csv.isEmpty());
    services::DatasetImportRequest request;
    request.file = csv;
    request.name = QStringLiteral("extra");
    request.options.targets = {QStringLiteral("label")};
    const std::int64_t project = db().queryInt("SELECT id FROM projects ORDER BY id LIMIT 1");
    const Result<services::DatasetImportOutcome> imported = services::importDataset(db(), project, request);
    QVERIFY2(imported, qPrintable(imported ? QString() : imported.error()));
    const std::int64_t demoVersion = db().queryInt("SELECT min(id) FROM dataset_versions");

    openWindow();
    m_window->showPage(QStringLiteral("data"));
    ui::DataPage *page = m_window->dataPage();
    auto *versions = page->findChild<QComboBox *>(QStringLiteral("datasetVersions"));
    QTRY_COMPARE_WITH_TIMEOUT(versions->count(), 2, 10000);
    auto *deleteButton = page->findChild<QPushButton *>(QStringLiteral("deleteDatasetVersionButton"));
    QVERIFY(deleteButton);

    // The demo's version: its runs are weighed by a policy, so it is refused, naming that.
    QVERIFY(page->showVersion(demoVersion));
    QVERIFY(deleteButton->isEnabled());
    QTest::mouseClick(deleteButton, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->errorText().contains(QStringLiteral("weighed by policy")), 30000);
    QCOMPARE(versions->count(), 2);

    const QMap<QString, QByteArray> before = mbtest::storeFingerprint(db());
    QVERIFY(page->showVersion(imported->version.id));
    mbtest::answerQuestionWhenAsked(this, QMessageBox::Yes,
                                    QStringLiteral("Delete dataset version #%1 'extra'?").arg(imported->version.id));
    QTest::mouseClick(deleteButton, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(page->deletion()->undoBar()->isVisible(), 30000);
    QTRY_COMPARE_WITH_TIMEOUT(versions->count(), 1, 10000);
    QCOMPARE(db().queryInt(QByteArray(QByteArray("SELECT count(*) FROM dataset_chunks WHERE version_id = ") +
                                      QByteArray::number(qint64(imported->version.id)))
                               .constData()),
             std::int64_t(0));
    QCoreApplication::processEvents();
    QVERIFY(mbtest::saveScreenshot(m_window.get(), QStringLiteral("data-version-deleted-undo")));

    QTest::mouseClick(undoButton(page->deletion(), QStringLiteral("datasetDelete")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(versions->count(), 2, 30000);
    QCOMPARE(mbtest::storeFingerprint(db()), before);
}

void tst_DeleteUndo::projectDeletedThenUndone()
{
    openWindow();
    m_window->showPage(QStringLiteral("runs"));
    QTRY_COMPARE_WITH_TIMEOUT(shownRunIds().size(), 4, 10000);
    const QMap<QString, QByteArray> before = mbtest::storeFingerprint(db());
    auto *projects = m_window->findChild<QComboBox *>(QStringLiteral("projectChoice"));
    const QString name = projects->currentText();
    auto *deleteButton = m_window->findChild<QPushButton *>(QStringLiteral("deleteProjectButton"));
    QVERIFY(deleteButton && deleteButton->isEnabled());

    mbtest::answerQuestionWhenAsked(this, QMessageBox::Yes,
                                    QStringLiteral("Delete project '%1'?\n\nThis removes 4 run(s), ").arg(name));
    QTest::mouseClick(deleteButton, Qt::LeftButton);
    ui::UndoableDeletion *deletion = m_window->projectDeletion();
    QTRY_VERIFY_WITH_TIMEOUT(deletion->undoBar()->isVisible(), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(!projects->isEnabled(), 10000); // "(no project yet: create one)"
    QCOMPARE(db().queryInt("SELECT count(*) FROM runs"), std::int64_t(0));
    QCOMPARE(*db::Deletion(db()).unnamedArtifactCount(), std::int64_t(0));
    QCoreApplication::processEvents();
    QVERIFY(mbtest::saveScreenshot(m_window.get(), QStringLiteral("project-deleted-undo")));

    QTest::mouseClick(undoButton(deletion, QStringLiteral("projectDelete")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(projects->currentText(), name, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(shownRunIds().size(), 4, 10000);
    QCOMPARE(mbtest::storeFingerprint(db()), before);
}

void tst_DeleteUndo::deletionLeftToStandLeavesNoOrphanBlob()
{
    openWindow();
    m_window->showPage(QStringLiteral("runs"));
    ui::RunsPage *page = m_window->runsPage();
    QTRY_COMPARE_WITH_TIMEOUT(shownRunIds().size(), 4, 10000);
    ui::UndoableDeletion *deletion = page->lifecycle()->deletion();
    page->selectRuns({4});
    mbtest::answerQuestionWhenAsked(this, QMessageBox::Yes, QStringLiteral("#4"));
    page->lifecycle()->deleteAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(deletion->undoBar()->isVisible(), 30000);
    // The bar's ✕: the deletion stands, and the undo data is let go.
    auto *close = deletion->undoBar()->findChild<QToolButton *>(QStringLiteral("runsDeleteUndoBarClose"));
    QVERIFY(close);
    QTest::mouseClick(close, Qt::LeftButton);
    QVERIFY(!deletion->undoBar()->isVisible());
    QCOMPARE(shownRunIds(), (QList<std::int64_t>{1, 2, 3}));
    QCOMPARE(db().queryInt("SELECT count(*) FROM runs WHERE id = 4"), std::int64_t(0));
    QCOMPARE(*db::Deletion(db()).unnamedArtifactCount(), std::int64_t(0));
}

QTEST_MAIN(tst_DeleteUndo)
#include "tst_deleteundo.moc"
