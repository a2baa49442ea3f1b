// SPDX-License-Identifier: GPL-3.0-or-later
// Archive, Undo, the "Archived" box (show archived runs), Delete… and Export checkpoint… on the real Runs page (and the
// Compare page's box), offscreen on a copy of the demo workspace:
//  - Archive hides the selected run at once and offers Undo, which brings it back;
//  - ticking "Archived" shows it again on both tables, and the button then unarchives;
//  - Delete… (context menu, Delete key) asks; "No" keeps the run; a run a policy weighs is refused with the store's
//    reason before anything is asked; a free run is deleted and no stored bytes are left that no run names
//    (Undo: tst_deleteundo);
//  - Export checkpoint… writes the stored bytes (the file's SHA-256 is the one the store shows),
//    off the GUI thread.
#include "db/Database.h"
#include "db/Deletion.h"
#include "db/ProjectRepository.h"
#include "db/Workspace.h"
#include "tests/support/DemoWorkspace.h"
#include "tests/support/MessageBoxes.h"
#include "tests/support/TestScreenshots.h"
#include "tests/support/TestSupport.h"
#include "ui/compare/ComparePage.h"
#include "ui/runs/RunDetailView.h"
#include "ui/runs/RunLifecycleActions.h"
#include "ui/runs/RunsPage.h"
#include "ui/runs/RunsTableModel.h"
#include "ui/widgets/NoticeBar.h"

#include <QCheckBox>
#include <QCryptographicHash>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace mb;

class tst_RunLifecycle : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void archiveHidesTheRunAndUndoBringsItBack();
    void showArchivedShowsThemOnBothTables();
    void deleteAsksAndRefusalsSayWhy();
    void exportCheckpointWritesTheStoredBytes();

private:
    db::Database &db() { return m_workspace->database(); }
    QList<std::int64_t> shownRunIds(QAbstractItemModel *model) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<db::Workspace> m_workspace;
    std::int64_t m_projectId = 0;
    std::unique_ptr<ui::RunsPage> m_page;
};

void tst_RunLifecycle::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QString problem;
    m_workspace = mbtest::openDemoCopy(m_dir->path(), &problem, &m_path);
    QVERIFY2(m_workspace, qPrintable(problem));
    m_projectId = db().queryInt("SELECT id FROM projects ORDER BY id LIMIT 1");
    m_page = std::make_unique<ui::RunsPage>();
    m_page->resize(1024, 700);
    m_page->setProject(&db(), m_path, m_projectId);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    QCOMPARE(m_page->runsModel()->rowCount(), 4);
}

void tst_RunLifecycle::cleanup()
{
    m_page.reset();
    m_workspace.reset();
    m_dir.reset();
}

QList<std::int64_t> tst_RunLifecycle::shownRunIds(QAbstractItemModel *model) const
{
    QList<std::int64_t> ids;
    for (int r = 0; r < model->rowCount(); ++r)
        ids << model->index(r, 0).data(int(ui::RunsTableModel::Role::RunId)).toLongLong();
    std::sort(ids.begin(), ids.end());
    return ids;
}

void tst_RunLifecycle::archiveHidesTheRunAndUndoBringsItBack()
{
    ui::RunLifecycleActions *actions = m_page->lifecycle();
    m_page->selectRuns({4});
    QVERIFY(actions->archiveButton()->isEnabled());
    QCOMPARE(actions->archiveButton()->text(), QStringLiteral("Archive"));
    QTest::mouseClick(actions->archiveButton(), Qt::LeftButton);
    QCOMPARE(shownRunIds(m_page->runsView()->model()), (QList<std::int64_t>{1, 2, 3}));
    QVERIFY(actions->undoBar()->isVisible());
    QCoreApplication::processEvents(); // the curves' queued replot, for the screenshot
    QVERIFY(actions->undoBar()->textLabel()->text().contains(QStringLiteral("#4")));
    QVERIFY(mbtest::saveScreenshot(m_page.get(), QStringLiteral("runs-archived-undo")));

    auto *undo = actions->undoBar()->findChild<QPushButton *>(QStringLiteral("runsUndoButton"));
    QVERIFY(undo);
    QTest::mouseClick(undo, Qt::LeftButton);
    QCOMPARE(shownRunIds(m_page->runsView()->model()), (QList<std::int64_t>{1, 2, 3, 4}));
    QVERIFY(!actions->undoBar()->isVisible());
    QCOMPARE(db().queryInt("SELECT count(*) FROM runs WHERE archived_at IS NOT NULL"), std::int64_t(0));
}

void tst_RunLifecycle::showArchivedShowsThemOnBothTables()
{
    ui::RunLifecycleActions *actions = m_page->lifecycle();
    m_page->selectRuns({3, 4});
    QTest::mouseClick(actions->archiveButton(), Qt::LeftButton);
    QCOMPARE(shownRunIds(m_page->runsView()->model()), (QList<std::int64_t>{1, 2}));

    ui::ComparePage compare;
    compare.resize(1024, 700);
    compare.setProject(&db(), m_projectId);
    compare.show();
    QVERIFY(QTest::qWaitForWindowExposed(&compare));
    QVERIFY(compare.waitForLoaded());
    QCOMPARE(shownRunIds(compare.view()->model()), (QList<std::int64_t>{1, 2}));
    auto *compareToggle = compare.findChild<QCheckBox *>(QStringLiteral("compareShowArchived"));
    QVERIFY(compareToggle);
    compareToggle->setChecked(true);
    QVERIFY(compare.waitForLoaded());
    QCOMPARE(shownRunIds(compare.view()->model()), (QList<std::int64_t>{1, 2, 3, 4}));

    actions->showArchivedBox()->setChecked(true);
    QCOMPARE(shownRunIds(m_page->runsView()->model()), (QList<std::int64_t>{1, 2, 3, 4}));
    m_page->selectRuns({3});
    QCOMPARE(actions->archiveButton()->text(), QStringLiteral("Unarchive"));
    QTest::mouseClick(actions->archiveButton(), Qt::LeftButton);
    QCOMPARE(db().queryInt("SELECT count(*) FROM runs WHERE archived_at IS NOT NULL"), std::int64_t(1));
    actions->showArchivedBox()->setChecked(false);
    QCOMPARE(shownRunIds(m_page->runsView()->model()), (QList<std::int64_t>{1, 2, 3}));
}

void tst_RunLifecycle::deleteAsksAndRefusalsSayWhy()
{
    ui::RunLifecycleActions *actions = m_page->lifecycle();
    QSignalSpy errors(m_page.get(), &ui::RunsPage::errorOccurred);

    m_page->selectRuns({4});
    bool asked = false;
    mbtest::answerQuestionWhenAsked(this, QMessageBox::No, QStringLiteral("Delete #4?"), &asked);
    actions->deleteAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(asked, 30000);
    QCOMPARE(shownRunIds(m_page->runsView()->model()), (QList<std::int64_t>{1, 2, 3, 4}));

    // Refused before anything is asked: the preview finds the policy.
    QTRY_VERIFY_WITH_TIMEOUT(actions->deleteAction()->isEnabled(), 10000);
    m_page->selectRuns({1});
    actions->deleteAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, 30000);
    QVERIFY2(errors.at(0).at(0).toString().contains(QStringLiteral("is weighed by policy")),
             qPrintable(errors.at(0).at(0).toString()));
    QCOMPARE(shownRunIds(m_page->runsView()->model()), (QList<std::int64_t>{1, 2, 3, 4}));

    m_page->selectRuns({4});
    QTRY_VERIFY_WITH_TIMEOUT(actions->deleteButton()->isEnabled(), 10000);
    mbtest::answerQuestionWhenAsked(this, QMessageBox::Yes, QStringLiteral("#4"));
    QTest::mouseClick(actions->deleteButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(shownRunIds(m_page->runsView()->model()), (QList<std::int64_t>{1, 2, 3}), 30000);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(*db::Deletion(db()).unnamedArtifactCount(), std::int64_t(0));
}

void tst_RunLifecycle::exportCheckpointWritesTheStoredBytes()
{
    m_page->selectRuns({2});
    ui::RunDetailView *detail = m_page->detail();
    QCOMPARE(detail->runId(), std::int64_t(2));
    detail->showTab(QStringLiteral("artifacts"));
    auto *button = detail->findChild<QPushButton *>(QStringLiteral("exportCheckpointButton"));
    QVERIFY(button && button->isEnabled());
    QVERIFY(mbtest::saveScreenshot(m_page.get(), QStringLiteral("runs-export-checkpoint")));

    QSignalSpy exported(detail, &ui::RunDetailView::checkpointExported);
    const QString out = m_dir->filePath(QStringLiteral("best.pt"));
    QVERIFY(detail->exportCheckpoint(QStringLiteral("best"), out));
    QVERIFY(exported.wait(60000));
    const QString sha = exported.at(0).at(1).toString();
    QCOMPARE(sha, db().queryText("SELECT sha256 FROM run_artifacts WHERE run_id = 2 AND name = 'best'"));
    const QByteArray bytes = mbtest::fileBytes(out);
    QCOMPARE(QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()), sha);
    QTRY_VERIFY_WITH_TIMEOUT(button->isEnabled(), 10000);
}

QTEST_MAIN(tst_RunLifecycle)
#include "tst_runlifecycle.moc"
