// SPDX-License-Identifier: GPL-3.0-or-later
// The Runs page's filter as a query (docs/QUERY.md), driven offscreen as a user would: typing a
// query keeps the runs it says; a query that cannot be read keeps none and says where and why
// beside the table; a star and tags set in the run's detail show in the table and are found by
// the query; a saved view brings its query, columns and sort back.
#include "app/services/RunQueue.h"
#include "core/TrainingConfig.h"
#include "db/ProjectRepository.h"
#include "db/RunAnnotationRepository.h"
#include "db/RunRepository.h"
#include "db/SavedViewRepository.h"
#include "db/Workspace.h"
#include "tests/support/TestScreenshots.h"
#include "tests/support/TestSupport.h"
#include "ui/runs/RunAnnotationsEditor.h"
#include "ui/runs/RunDetailView.h"
#include "ui/runs/RunsFilterModel.h"
#include "ui/runs/RunsPage.h"
#include "ui/runs/RunsTableModel.h"
#include "ui/runs/SavedViewsBar.h"
#include "ui/shell/MainWindow.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

#include <memory>

using namespace mb;
using mb::ui::MainWindow;

class tst_RunsQuery : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void aTypedQueryKeepsTheRunsItSays();
    void anEndedRunIsShownAndFoundByItsKeptModelNotItsLastEpoch();
    void aQueryThatCannotBeReadSaysWhereAndWhy();
    void aStarAndTagsSetInTheDetailAreFoundByTheQuery();
    void aSavedViewBringsItsQueryColumnsAndSortBack();
    void theLineageTabShowsReRunsAndForks();

private:
    db::Database &db() { return m_workspace->database(); }
    std::int64_t seedRun(const QString &name, const QString &optimizer, db::RunStatus status,
                         const QJsonObject &summary, std::optional<std::int64_t> parent = std::nullopt);
    std::unique_ptr<MainWindow> openWindow();
    QStringList shownNames(ui::RunsPage *page) const;
    void typeFilter(ui::RunsPage *page, const QString &text);

    QTemporaryDir m_settings;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<db::Workspace> m_workspace;
    QString m_path;
    std::int64_t m_projectId = 0;
    std::int64_t m_baseline = 0, m_sweep = 0, m_failed = 0, m_running = 0;
};

void tst_RunsQuery::initTestCase()
{
    QVERIFY(m_settings.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
}

void tst_RunsQuery::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("query.mbw"));
    auto created = db::Workspace::create(m_path);
    QVERIFY(created);
    m_workspace = std::move(created).value();
    m_projectId = db::ProjectRepository(db()).create(QStringLiteral("Query"))->id;
    m_baseline = seedRun(QStringLiteral("baseline"), QStringLiteral("adam"), db::RunStatus::Finished,
                         {{"validation/loss", 0.3}});
    m_sweep = seedRun(QStringLiteral("tmp sweep"), QStringLiteral("sgd"), db::RunStatus::Finished,
                      {{"validation/loss", 0.2}});
    m_failed = seedRun(QStringLiteral("too big"), QStringLiteral("sgd"), db::RunStatus::Failed, {});
    m_running = seedRun(QStringLiteral("still going"), QStringLiteral("adam"), db::RunStatus::Running,
                        {{"validation/loss", 0.4}});
    QVERIFY(db::RunAnnotationRepository(db()).addTags(m_baseline, {QStringLiteral("baseline")}));
}

void tst_RunsQuery::cleanup()
{
    m_workspace.reset();
    m_dir.reset();
}

std::int64_t tst_RunsQuery::seedRun(const QString &name, const QString &optimizer, db::RunStatus status,
                                    const QJsonObject &summary, std::optional<std::int64_t> parent)
{
    TrainingConfig config = defaultTrainingConfig(TaskType::Binary);
    config.name = name;
    config.optimizer.kind = optimizer == QLatin1String("sgd") ? OptimizerKind::Sgd : OptimizerKind::Adam;
    config.optimizer.learningRate = optimizer == QLatin1String("sgd") ? 0.05 : 0.001;
    db::RunRepository runs(db());
    db::RunRecord draft;
    draft.projectId = m_projectId;
    draft.name = name;
    draft.config = trainingConfigToJson(config);
    draft.parentRunId = parent;
    const std::int64_t id = runs.create(draft)->id;
    runs.markRunning(id, QCoreApplication::applicationPid());
    runs.updateSummary(id, summary);
    if (status != db::RunStatus::Running)
        runs.finish(id, status);
    return id;
}

std::unique_ptr<MainWindow> tst_RunsQuery::openWindow()
{
    auto window = std::make_unique<MainWindow>();
    window->runsPage()->runQueue()->setAutoStart(false);
    window->resize(1024, 700);
    window->show();
    if (!window->openWorkspace(m_path))
        qFatal("cannot open the workspace: %s", qPrintable(window->errorText()));
    window->showPage(QStringLiteral("runs"));
    return window;
}

QStringList tst_RunsQuery::shownNames(ui::RunsPage *page) const
{
    QStringList names;
    const QAbstractItemModel *model = page->runsView()->model();
    for (int r = 0; r < model->rowCount(); ++r)
        names << model->index(r, ui::RunsTableModel::Name).data().toString();
    names.sort();
    return names;
}

void tst_RunsQuery::typeFilter(ui::RunsPage *page, const QString &text)
{
    auto *filter = page->findChild<QLineEdit *>(QStringLiteral("runsFilter"));
    filter->clear();
    filter->setFocus();
    QTest::keyClicks(filter, text);
}

void tst_RunsQuery::aTypedQueryKeepsTheRunsItSays()
{
    auto window = openWindow();
    ui::RunsPage *page = window->runsPage();
    QAbstractItemModelTester tester(page->runsView()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto *problem = page->findChild<QLabel *>(QStringLiteral("filterProblem"));
    QTRY_COMPARE_WITH_TIMEOUT(page->runsView()->model()->rowCount(), 4, 10000);

    typeFilter(page, QStringLiteral("status = finished and validation/loss < 0.25 or tag = baseline"));
    QTRY_COMPARE_WITH_TIMEOUT(shownNames(page), (QStringList{QStringLiteral("baseline"), QStringLiteral("tmp sweep")}),
                              10000);
    QVERIFY(!problem->isVisible());

    typeFilter(page, QStringLiteral(R"(not name ~ "TMP" and (optimizer = sgd or status = running))"));
    QTRY_COMPARE_WITH_TIMEOUT(shownNames(page), (QStringList{QStringLiteral("still going"), QStringLiteral("too big")}),
                              10000);
    // The old filter's words and key:text still work.
    typeFilter(page, QStringLiteral("status:fail"));
    QTRY_COMPARE_WITH_TIMEOUT(shownNames(page), QStringList{QStringLiteral("too big")}, 10000);
    typeFilter(page, QStringLiteral("sweep"));
    QTRY_COMPARE_WITH_TIMEOUT(shownNames(page), QStringList{QStringLiteral("tmp sweep")}, 10000);
    QVERIFY(!problem->isVisible());
}

void tst_RunsQuery::anEndedRunIsShownAndFoundByItsKeptModelNotItsLastEpoch()
{
    // Early stopping kept epoch 2; the summary's top-level values are epoch 5's, after the patience.
    seedRun(QStringLiteral("early stopped"), QStringLiteral("adam"), db::RunStatus::Finished,
            {{"validation/loss", 0.9}, {"best_epoch", 2}, {"best", QJsonObject{{"validation/loss", 0.15}}}});
    auto window = openWindow();
    ui::RunsPage *page = window->runsPage();
    QAbstractItemModel *model = page->runsView()->model();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 5, 10000);
    int lossColumn = -1;
    for (int c = 0; c < model->columnCount(); ++c)
        if (model->headerData(c, Qt::Horizontal, int(ui::RunsTableModel::Role::Key)).toString() ==
            QLatin1String("validation/loss"))
            lossColumn = c;
    QVERIFY(lossColumn >= 0);
    QHash<QString, QString> shownLoss;
    for (int r = 0; r < model->rowCount(); ++r)
        shownLoss.insert(model->index(r, ui::RunsTableModel::Name).data().toString(),
                         model->index(r, lossColumn).data().toString());
    QCOMPARE(shownLoss.value(QStringLiteral("early stopped")), QStringLiteral("0.15"));
    QCOMPARE(shownLoss.value(QStringLiteral("still going")), QStringLiteral("0.4")); // no kept model yet

    typeFilter(page, QStringLiteral("validation/loss < 0.18"));
    QTRY_COMPARE_WITH_TIMEOUT(shownNames(page), QStringList{QStringLiteral("early stopped")}, 10000);
}

void tst_RunsQuery::aQueryThatCannotBeReadSaysWhereAndWhy()
{
    auto window = openWindow();
    ui::RunsPage *page = window->runsPage();
    auto *problem = page->findChild<QLabel *>(QStringLiteral("filterProblem"));
    QTRY_COMPARE_WITH_TIMEOUT(page->runsView()->model()->rowCount(), 4, 10000);

    typeFilter(page, QStringLiteral("status = finished and validation/loss >"));
    const QString expected = QStringLiteral("col 40: expected a value after '>'");
    QTRY_COMPARE_WITH_TIMEOUT(page->filterModel()->problem(), expected, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(problem->isVisible(), 10000);
    QVERIFY2(problem->text().contains(expected.toHtmlEscaped()), qPrintable(problem->text()));
    QCOMPARE(page->runsView()->model()->rowCount(), 0); // nothing kept as if it had read
    QVERIFY(mbtest::saveScreenshot(window.get(), QStringLiteral("runs-query-problem")));

    typeFilter(page, QStringLiteral("acc > 0.5"));
    QTRY_VERIFY_WITH_TIMEOUT(page->filterModel()->problem().startsWith(
                                 QStringLiteral("col 1: unknown field 'acc' — fields: id, name, status")),
                             10000);
    QVERIFY2(page->filterModel()->problem().contains(QStringLiteral("validation/loss")),
             qPrintable(page->filterModel()->problem())); // the metrics there are
    QVERIFY(problem->isVisible());

    typeFilter(page, QStringLiteral("status = finished"));
    QTRY_VERIFY_WITH_TIMEOUT(!problem->isVisible(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(page->runsView()->model()->rowCount(), 2, 10000);
}

void tst_RunsQuery::aStarAndTagsSetInTheDetailAreFoundByTheQuery()
{
    auto window = openWindow();
    ui::RunsPage *page = window->runsPage();
    QTRY_COMPARE_WITH_TIMEOUT(page->runsView()->model()->rowCount(), 4, 10000);
    page->selectRuns({m_failed});
    ui::RunAnnotationsEditor *editor = page->detail()->annotationsEditor();
    QTRY_COMPARE_WITH_TIMEOUT(editor->runId(), m_failed, 10000);

    auto *star = editor->findChild<QToolButton *>(QStringLiteral("runStar"));
    QTest::mouseClick(star, Qt::LeftButton);
    QVERIFY(star->isChecked());
    auto *tags = editor->findChild<QLineEdit *>(QStringLiteral("runTags"));
    tags->setFocus();
    QTest::keyClicks(tags, QStringLiteral("candidate, v2"));
    QTest::keyClick(tags, Qt::Key_Return);

    const ui::RunsTableModel *model = page->runsModel();
    const int row = model->rowOf(m_failed);
    QTRY_COMPARE_WITH_TIMEOUT(model->index(row, ui::RunsTableModel::Star).data().toString(), QStringLiteral("★"),
                              10000);
    QTRY_COMPARE_WITH_TIMEOUT(model->index(row, ui::RunsTableModel::Tags).data().toString(),
                              QStringLiteral("candidate, v2"), 10000);
    const Result<db::RunAnnotations> stored = db::RunAnnotationRepository(db()).annotations(m_failed);
    QVERIFY(stored);
    QCOMPARE(stored->tags, (QStringList{QStringLiteral("candidate"), QStringLiteral("v2")}));
    QVERIFY(stored->starred);
    QVERIFY(mbtest::saveScreenshot(window.get(), QStringLiteral("runs-star-and-tags")));

    typeFilter(page, QStringLiteral("star = yes and tag = CANDIDATE"));
    QTRY_COMPARE_WITH_TIMEOUT(shownNames(page), QStringList{QStringLiteral("too big")}, 10000);

    // Clicking the star column takes the star away again.
    QTableView *view = page->runsView();
    const QModelIndex cell = view->model()->index(0, ui::RunsTableModel::Star);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());
    QTRY_COMPARE_WITH_TIMEOUT(page->runsView()->model()->rowCount(), 0, 10000);
    QVERIFY(!db::RunAnnotationRepository(db()).annotations(m_failed)->starred);
}

void tst_RunsQuery::aSavedViewBringsItsQueryColumnsAndSortBack()
{
    auto window = openWindow();
    ui::RunsPage *page = window->runsPage();
    QTRY_COMPARE_WITH_TIMEOUT(page->runsView()->model()->rowCount(), 4, 10000);
    QHeaderView *header = page->runsView()->horizontalHeader();
    typeFilter(page, QStringLiteral("status = finished"));
    header->setSectionHidden(ui::RunsTableModel::Optimizer, true);
    page->runsView()->sortByColumn(ui::RunsTableModel::Name, Qt::AscendingOrder);
    QVERIFY(page->savedViews()->saveAs(QStringLiteral("Finished by name")));

    const Result<db::SavedView> saved =
        db::SavedViewRepository(db()).find(m_projectId, QStringLiteral("finished by name"));
    QVERIFY(saved);
    QCOMPARE(saved->query, QStringLiteral("status = finished"));
    QVERIFY(!saved->columns.contains(QStringLiteral("optimizer")));
    QVERIFY(saved->columns.contains(QStringLiteral("validation/loss")));
    QCOMPARE(saved->sortColumn, QStringLiteral("name"));
    QVERIFY(!saved->sortDescending);

    // Back to every run and every column, then the view again, from its combo.
    typeFilter(page, QString());
    header->setSectionHidden(ui::RunsTableModel::Optimizer, false);
    page->runsView()->sortByColumn(ui::RunsTableModel::Id, Qt::DescendingOrder);
    QTRY_COMPARE_WITH_TIMEOUT(page->runsView()->model()->rowCount(), 4, 10000);
    QComboBox *combo = page->savedViews()->combo();
    QCOMPARE(combo->count(), 2);
    QCOMPARE(combo->itemText(1), QStringLiteral("Finished by name"));
    QVERIFY(page->savedViews()->choose(QStringLiteral("Finished by name")));
    QCOMPARE(page->findChild<QLineEdit *>(QStringLiteral("runsFilter"))->text(), QStringLiteral("status = finished"));
    QTRY_COMPARE_WITH_TIMEOUT(page->runsView()->model()->rowCount(), 2, 10000);
    QVERIFY(header->isSectionHidden(ui::RunsTableModel::Optimizer));
    QCOMPARE(header->sortIndicatorSection(), int(ui::RunsTableModel::Name));
    QCOMPARE(page->runsView()->model()->index(0, ui::RunsTableModel::Name).data().toString(),
             QStringLiteral("baseline"));
    QVERIFY(mbtest::saveScreenshot(window.get(), QStringLiteral("runs-saved-view")));
}

void tst_RunsQuery::theLineageTabShowsReRunsAndForks()
{
    const std::int64_t rerun = seedRun(QStringLiteral("baseline"), QStringLiteral("adam"), db::RunStatus::Finished,
                                       {{"validation/loss", 0.3}}, m_baseline);
    const std::int64_t fork = seedRun(QStringLiteral("baseline"), QStringLiteral("sgd"), db::RunStatus::Finished,
                                      {{"validation/loss", 0.25}}, m_baseline);
    auto window = openWindow();
    ui::RunsPage *page = window->runsPage();
    QTRY_COMPARE_WITH_TIMEOUT(page->runsView()->model()->rowCount(), 6, 10000);
    page->selectRuns({rerun});
    page->showDetailTab(QStringLiteral("lineage"));
    auto *tree = page->detail()->findChild<QTreeWidget *>(QStringLiteral("runLineageTree"));
    QTRY_COMPARE_WITH_TIMEOUT(tree->topLevelItemCount(), 1, 10000);
    const QTreeWidgetItem *root = tree->topLevelItem(0);
    QCOMPARE(root->text(0), QStringLiteral("#%1 baseline").arg(m_baseline));
    QCOMPARE(root->childCount(), 2);
    QCOMPARE(root->child(0)->text(1), QStringLiteral("re-run of #%1: metrics identical").arg(m_baseline));
    QCOMPARE(root->child(1)->text(0), QStringLiteral("#%1 baseline").arg(fork));
    QVERIFY2(root->child(1)->text(1).startsWith(QStringLiteral("fork of #%1: ").arg(m_baseline)),
             qPrintable(root->child(1)->text(1)));
    QVERIFY2(root->child(1)->text(1).contains(QStringLiteral("optimizer.lr 0.001 → 0.05")),
             qPrintable(root->child(1)->text(1)));
    QVERIFY(mbtest::saveScreenshot(window.get(), QStringLiteral("runs-lineage")));
}

QTEST_MAIN(tst_RunsQuery)
#include "tst_runsquery.moc"
