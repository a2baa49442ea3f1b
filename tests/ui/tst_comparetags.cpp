// SPDX-License-Identifier: GPL-3.0-or-later
// Tags edited from the Compare table (its context menu's "Edit tags…"), offscreen on a copy of the
// demo workspace: the dialog starts from the stored tags, what is typed is stored by the Runs page's
// rules (split at commas and spaces, duplicates dropped), the table's `tag = …` filter keeps the
// run at once, and a refused tag (too long) is reported with nothing stored.
#include "db/Database.h"
#include "db/RunAnnotationRepository.h"
#include "db/Workspace.h"
#include "tests/support/DemoWorkspace.h"
#include "tests/support/MessageBoxes.h"
#include "tests/support/TestScreenshots.h"
#include "ui/compare/ComparePage.h"
#include "ui/runs/EditTagsAction.h"
#include "ui/runs/RunsFilterModel.h"
#include "ui/runs/RunsTableModel.h"

#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace mb;

class tst_CompareTags : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void editTagsFromTheCompareTable();
};

void tst_CompareTags::editTagsFromTheCompareTable()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString problem;
    const std::unique_ptr<db::Workspace> workspace = mbtest::openDemoCopy(dir.path(), &problem);
    QVERIFY2(workspace, qPrintable(problem));
    db::Database &db = workspace->database();
    const std::int64_t project = db.queryInt("SELECT id FROM projects ORDER BY id LIMIT 1");
    QVERIFY(db::RunAnnotationRepository(db).addTags(3, {QStringLiteral("old")}).ok());

    ui::ComparePage page;
    page.resize(1024, 700);
    page.setProject(&db, project);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QTRY_COMPARE_WITH_TIMEOUT(page.filterModel()->rowCount(), 4, 30000);
    page.setFilterText(QStringLiteral("tag = keep"));
    QCOMPARE(page.filterModel()->rowCount(), 0);
    page.setFilterText(QString());

    // The row of run 3, made current as a right-click does.
    QTableView *view = page.view();
    int row = -1;
    for (int r = 0; r < view->model()->rowCount(); ++r)
        if (view->model()->index(r, 0).data(int(ui::RunsTableModel::Role::RunId)).toLongLong() == 3)
            row = r;
    QVERIFY(row >= 0);
    view->setCurrentIndex(view->model()->index(row, 0));
    ui::EditTagsAction *action = page.editTagsAction();
    QVERIFY(view->actions().contains(action));
    QCOMPARE(view->contextMenuPolicy(), Qt::ActionsContextMenu);
    QCOMPARE(action->currentRun(), std::int64_t(3));

    QSignalSpy changed(action, &ui::EditTagsAction::tagsChanged);
    mbtest::answerTextWhenAsked(this, QStringLiteral("old, keep  keep"));
    action->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 1, 10000);
    QCOMPARE(db::RunAnnotationRepository(db).annotations(3)->tags,
             (QStringList{QStringLiteral("keep"), QStringLiteral("old")}));
    page.setFilterText(QStringLiteral("tag = keep"));
    QCOMPARE(page.filterModel()->rowCount(), 1);
    QCOMPARE(page.filterModel()->index(0, 0).data(int(ui::RunsTableModel::Role::RunId)).toLongLong(), 3);
    QVERIFY(mbtest::saveScreenshot(&page, QStringLiteral("compare-tags")));

    // A tag the Runs page refuses is refused here too, and nothing is stored.
    QSignalSpy errors(&page, &ui::ComparePage::errorOccurred);
    QVERIFY(!action->storeTags(3, QString(70, QLatin1Char('x'))));
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.at(0).at(0).toString().contains(QStringLiteral("longer than 64 characters")),
             qPrintable(errors.at(0).at(0).toString()));
    QCOMPARE(db::RunAnnotationRepository(db).annotations(3)->tags,
             (QStringList{QStringLiteral("keep"), QStringLiteral("old")}));
}

QTEST_MAIN(tst_CompareTags)
#include "tst_comparetags.moc"
