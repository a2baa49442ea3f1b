// SPDX-License-Identifier: GPL-3.0-or-later
// Drives the real Framing page offscreen: fill it in as a user would, save, reopen the workspace
// and find the same values; check that bad expressions are shown with their position and never saved.
#include "core/DemoFraming.h"
#include "db/FramingRepository.h"
#include "db/ProjectRepository.h"
#include "db/Workspace.h"
#include "tests/support/MessageBoxes.h"
#include "tests/support/TestScreenshots.h"
#include "tests/support/TestSupport.h"
#include "ui/framing/BusinessMetricEditor.h"
#include "ui/framing/FramingEditor.h"
#include "ui/framing/FramingPage.h"
#include "ui/shell/MainWindow.h"

#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace mb;
using mb::ui::MainWindow;

class tst_FramingPage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void fillSaveReopenFindsSameValues();
    void unknownSymbolIsShownWithPositionAndNotSaved();
    void secondSaveAddsVersionAndHistoryShowsDiff();
    void editingFromOldVersionAddsNewVersion();
    void foreignFileIsRefusedInBanner();
    void preciseWeightsOpenUnchanged();
    void switchingFramingAsksAboutUnsavedEdits();
    void formDoesNotJumpWhileProblemsComeAndGo();
    void topKByScoreStartsAtAUsableCutOff();
    void revertAsksBeforeDiscardingEdits();

private:
    template<typename W>
    W *find(QWidget *root, const char *name)
    {
        W *widget = root->findChild<W *>(QString::fromLatin1(name));
        if (!widget)
            qFatal("widget %s not found", name);
        return widget;
    }
    void typeInto(QLineEdit *edit, const QString &text);
    void editCell(QTableWidget *table, int row, int column, const QString &text);
    void chooseData(QComboBox *combo, const QString &data);
    std::unique_ptr<MainWindow> openWindow(const QString &path);
    // Clicks `button` in the next question box, once it is open; checks its text when given.

    QTemporaryDir m_dir;
    QString m_path;
};

void tst_FramingPage::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("MetricBridgeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_framingpage"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
}

void tst_FramingPage::init()
{
    static int counter = 0;
    m_path = m_dir.filePath(QStringLiteral("workspace%1.mbw").arg(++counter));
}

std::unique_ptr<MainWindow> tst_FramingPage::openWindow(const QString &path)
{
    auto window = std::make_unique<MainWindow>();
    window->show();
    QApplication::setActiveWindow(window.get());
    if (!QTest::qWaitForWindowActive(window.get()))
        qFatal("window not active");
    if (!QFileInfo::exists(path))
        window->createWorkspace(path);
    else
        window->openWorkspace(path);
    return window;
}

void tst_FramingPage::typeInto(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

void tst_FramingPage::editCell(QTableWidget *table, int row, int column, const QString &text)
{
    table->setFocus();
    table->setCurrentCell(row, column);
    table->editItem(table->item(row, column));
    // The delegate's editor lives in the viewport; the focus widget may belong to another window.
    QLineEdit *editor = nullptr;
    for (QLineEdit *candidate : table->viewport()->findChildren<QLineEdit *>())
        if (candidate->isVisible())
            editor = candidate;
    QVERIFY2(editor, "no cell editor opened");
    editor->selectAll();
    QTest::keyClicks(editor, text);
    QTest::keyClick(editor, Qt::Key_Return);
    // The delegate commits through a queued call, as in a running window.
    QTRY_COMPARE(table->item(row, column)->text(), text);
}

void tst_FramingPage::chooseData(QComboBox *combo, const QString &data)
{
    const int index = combo->findData(data);
    QVERIFY2(index >= 0, qPrintable(data));
    // What a user's pick does: the index changes and `activated` fires.
    combo->setCurrentIndex(index);
    Q_EMIT combo->activated(index);
}

void tst_FramingPage::fillSaveReopenFindsSameValues()
{
    {
        auto window = openWindow(m_path);
        QVERIFY(window->createProject(QStringLiteral("Churn")));
        QCOMPARE(window->windowTitle(), QStringLiteral("Churn — %1 — MetricBridge").arg(QFileInfo(m_path).fileName()));
        ui::FramingPage *page = window->framingPage();
        QCOMPARE(find<QLabel>(page, "versionLabel")->text(), QStringLiteral("Not saved yet"));

        auto *goal = find<QPlainTextEdit>(page, "businessGoal");
        goal->setFocus();
        QTest::keyClicks(goal, QStringLiteral("Keep customers who would leave"));
        chooseData(find<QComboBox>(page, "taskType"), QStringLiteral("binary"));
        typeInto(find<QLineEdit>(page, "targetColumns"), QStringLiteral("churned"));
        typeInto(find<QLineEdit>(page, "valueColumns"), QStringLiteral("order_value"));
        chooseData(find<QComboBox>(page, "reframing"), QStringLiteral("threshold"));
        auto *objectives = find<QTableWidget>(page, "objectivesTable");
        QCOMPARE(objectives->rowCount(), 1);
        editCell(objectives, 0, 0, QStringLiteral("churn"));

        QTest::mouseClick(find<QPushButton>(page, "addMetricButton"), Qt::LeftButton);
        typeInto(find<QLineEdit>(page, "metricName"), QStringLiteral("retained_revenue"));
        typeInto(find<QLineEdit>(page, "metricUnit"), QStringLiteral("$"));
        chooseData(find<QComboBox>(page, "metricSelection"), QStringLiteral("top_k"));
        auto *parameter = find<QDoubleSpinBox>(page, "metricParameter");
        parameter->setFocus();
        parameter->selectAll();
        QTest::keyClicks(parameter, QStringLiteral("800"));
        auto *aggregates = find<QTableWidget>(page, "aggregateTable");
        editCell(aggregates, 0, 0, QStringLiteral("kept"));
        editCell(aggregates, 0, 1, QStringLiteral("label * order_value * 0.10"));
        QVERIFY(find<QLabel>(page, "expressionCheck")->text().contains(QStringLiteral("checks out")));

        QTest::mouseClick(find<QPushButton>(page, "addStakeholderButton"), Qt::LeftButton);
        auto *stakeholders = find<QTableWidget>(page, "stakeholdersTable");
        editCell(stakeholders, 0, 0, QStringLiteral("sales"));
        editCell(stakeholders, 0, 2, QStringLiteral("retained_revenue"));
        editCell(stakeholders, 0, 4, QStringLiteral("4000"));
        auto *constraints = find<QPlainTextEdit>(page, "constraints");
        constraints->setFocus();
        QTest::keyClicks(constraints, QStringLiteral("Score the whole base nightly"));

        QVERIFY(find<QLabel>(page, "problemList")->isHidden());
        typeInto(find<QLineEdit>(page, "versionNote"), QStringLiteral("first framing"));
        QTest::mouseClick(find<QPushButton>(page, "saveButton"), Qt::LeftButton);
        QVERIFY2(find<QLabel>(page, "versionLabel")->text().startsWith(QStringLiteral("Version 1, saved")),
                 qPrintable(find<QLabel>(page, "versionLabel")->text()));
        QVERIFY(!page->hasUnsavedChanges());
        QVERIFY(window->closeWorkspace());
        QVERIFY(window->findChild<QWidget *>(QStringLiteral("welcomePage"))->isVisible());
    }

    auto window = openWindow(m_path);
    ui::FramingPage *page = window->framingPage();
    QCOMPARE(find<QComboBox>(window.get(), "projectChoice")->currentText(), QStringLiteral("Churn"));
    QVERIFY(find<QLabel>(page, "versionLabel")->text().startsWith(QStringLiteral("Version 1")));
    QCOMPARE(find<QPlainTextEdit>(page, "businessGoal")->toPlainText(),
             QStringLiteral("Keep customers who would leave"));
    QCOMPARE(find<QComboBox>(page, "taskType")->currentData().toString(), QStringLiteral("binary"));
    QCOMPARE(find<QLineEdit>(page, "targetColumns")->text(), QStringLiteral("churned"));
    QCOMPARE(find<QLineEdit>(page, "valueColumns")->text(), QStringLiteral("order_value"));
    QCOMPARE(find<QComboBox>(page, "reframing")->currentData().toString(), QStringLiteral("threshold"));
    QCOMPARE(find<QTableWidget>(page, "objectivesTable")->item(0, 0)->text(), QStringLiteral("churn"));
    QCOMPARE(find<QListWidget>(page, "metricList")->item(0)->text(), QStringLiteral("retained_revenue"));
    QCOMPARE(find<QLineEdit>(page, "metricUnit")->text(), QStringLiteral("$"));
    QCOMPARE(find<QComboBox>(page, "metricSelection")->currentData().toString(), QStringLiteral("top_k"));
    QCOMPARE(find<QDoubleSpinBox>(page, "metricParameter")->value(), 800.0);
    QCOMPARE(find<QTableWidget>(page, "aggregateTable")->item(0, 1)->text(),
             QStringLiteral("label * order_value * 0.10"));
    auto *stakeholders = find<QTableWidget>(page, "stakeholdersTable");
    QCOMPARE(stakeholders->item(0, 0)->text(), QStringLiteral("sales"));
    QCOMPARE(stakeholders->item(0, 2)->text(), QStringLiteral("retained_revenue"));
    QCOMPARE(stakeholders->item(0, 4)->text(), QStringLiteral("4000"));
    QCOMPARE(find<QPlainTextEdit>(page, "constraints")->toPlainText(), QStringLiteral("Score the whole base nightly"));
    QVERIFY(!page->hasUnsavedChanges());
}

void tst_FramingPage::unknownSymbolIsShownWithPositionAndNotSaved()
{
    auto window = openWindow(m_path);
    QVERIFY(window->createProject(QStringLiteral("Ads")));
    ui::FramingPage *page = window->framingPage();
    typeInto(find<QLineEdit>(page, "targetColumns"), QStringLiteral("clicked"));
    auto *goal = find<QPlainTextEdit>(page, "businessGoal");
    goal->setFocus();
    QTest::keyClicks(goal, QStringLiteral("More clicks per ad shown"));
    QTest::mouseClick(find<QPushButton>(page, "addMetricButton"), Qt::LeftButton);
    editCell(find<QTableWidget>(page, "aggregateTable"), 0, 1, QStringLiteral("label * order_valu"));
    QCOMPARE(find<QTableWidget>(page, "aggregateTable")->item(0, 1)->text(), QStringLiteral("label * order_valu"));

    const QString check = find<QLabel>(page, "expressionCheck")->text();
    QVERIFY2(check.contains(QStringLiteral("unknown symbol &#x27;order_valu&#x27; at position 9")) ||
                 check.contains(QStringLiteral("unknown symbol 'order_valu' at position 9")),
             qPrintable(check));
    // The caret sits under the 9th column of the expression.
    QVERIFY2(check.contains(QStringLiteral("\n        ^")), qPrintable(check));

    QTest::mouseClick(find<QPushButton>(page, "saveButton"), Qt::LeftButton);
    auto *problems = find<QLabel>(page, "problemList");
    QVERIFY(problems->isVisible());
    // Named as the form names it, not by the file format's path.
    QVERIFY2(problems->text().contains(QStringLiteral("Business metric &#x27;metric_1&#x27; › Per-item expression of "
                                                      "aggregate &#x27;value&#x27;")) ||
                 problems->text().contains(
                     QStringLiteral("Business metric 'metric_1' › Per-item expression of aggregate 'value'")),
             qPrintable(problems->text()));
    QVERIFY(!problems->text().contains(QStringLiteral("business_metrics[")));
    QCOMPARE(find<QLabel>(page, "versionLabel")->text(), QStringLiteral("Not saved yet — unsaved changes"));

    // Nothing reached the file.
    window.reset();
    auto workspace = db::Workspace::open(m_path);
    QVERIFY(workspace);
    const db::Project project = *db::ProjectRepository((*workspace)->database()).find(QStringLiteral("Ads"));
    db::FramingRepository framings((*workspace)->database());
    const auto versions = framings.versions(framings.framing(project.id)->id);
    QVERIFY(versions);
    QCOMPARE(versions->size(), 0);
}

void tst_FramingPage::secondSaveAddsVersionAndHistoryShowsDiff()
{
    auto window = openWindow(m_path);
    QVERIFY(window->createProject(QStringLiteral("Prices")));
    ui::FramingPage *page = window->framingPage();
    auto *goal = find<QPlainTextEdit>(page, "businessGoal");
    goal->setFocus();
    QTest::keyClicks(goal, QStringLiteral("Quote a price band"));
    chooseData(find<QComboBox>(page, "taskType"), QStringLiteral("regression"));
    typeInto(find<QLineEdit>(page, "targetColumns"), QStringLiteral("price"));
    QVERIFY(page->save());

    // Reframe: bucket the price into classes, as in the seeds' house-price example.
    chooseData(find<QComboBox>(page, "taskType"), QStringLiteral("multiclass"));
    chooseData(find<QComboBox>(page, "reframing"), QStringLiteral("buckets"));
    typeInto(find<QLineEdit>(page, "bucketEdges"), QStringLiteral("100000, 250000, 500000"));
    QVERIFY(page->hasUnsavedChanges());
    QTest::keySequence(window.get(), QKeySequence::Save);
    QVERIFY2(find<QLabel>(page, "versionLabel")->text().startsWith(QStringLiteral("Version 2")),
             qPrintable(find<QLabel>(page, "versionLabel")->text()));

    QVERIFY(window->showPage(QStringLiteral("framing-history")));
    auto *versions = find<QTreeWidget>(page, "versionList");
    QCOMPARE(versions->topLevelItemCount(), 2);
    QCOMPARE(versions->topLevelItem(0)->text(0), QStringLiteral("2"));
    QCOMPARE(find<QComboBox>(page, "diffFrom")->currentText(), QStringLiteral("1"));
    QCOMPARE(find<QComboBox>(page, "diffTo")->currentText(), QStringLiteral("2"));
    auto *diff = find<QTableWidget>(page, "diffTable");
    QStringList fields;
    for (int row = 0; row < diff->rowCount(); ++row)
        fields << diff->item(row, 0)->text();
    QVERIFY2(fields.contains(QStringLiteral("task_type")), qPrintable(fields.join(QLatin1Char(','))));
    QVERIFY(fields.contains(QStringLiteral("reframing.kind")));
    QVERIFY(fields.contains(QStringLiteral("reframing.bucket_edges[2]")));
    const int taskRow = int(fields.indexOf(QStringLiteral("task_type")));
    QCOMPARE(diff->item(taskRow, 1)->text(), QStringLiteral("regression"));
    QCOMPARE(diff->item(taskRow, 2)->text(), QStringLiteral("multiclass"));
}

void tst_FramingPage::editingFromOldVersionAddsNewVersion()
{
    auto window = openWindow(m_path);
    QVERIFY(window->createProject(QStringLiteral("Feed")));
    ui::FramingPage *page = window->framingPage();
    auto *goal = find<QPlainTextEdit>(page, "businessGoal");
    goal->setFocus();
    QTest::keyClicks(goal, QStringLiteral("first goal"));
    typeInto(find<QLineEdit>(page, "targetColumns"), QStringLiteral("y"));
    QVERIFY(page->save());
    goal->setFocus();
    QTest::keyClicks(goal, QStringLiteral(", revised"));
    QVERIFY(page->save());

    window->showPage(QStringLiteral("framing-history"));
    auto *versions = find<QTreeWidget>(page, "versionList");
    versions->setCurrentItem(versions->topLevelItem(1)); // version 1
    QTest::mouseClick(find<QPushButton>(page, "restoreVersionButton"), Qt::LeftButton);
    QCOMPARE(goal->toPlainText(), QStringLiteral("first goal"));
    QVERIFY(page->save());
    QVERIFY(find<QLabel>(page, "versionLabel")->text().startsWith(QStringLiteral("Version 3")));
    QCOMPARE(versions->topLevelItemCount(), 3);
    QCOMPARE(versions->topLevelItem(0)->text(2), QStringLiteral("Back to version 1"));
}

void tst_FramingPage::foreignFileIsRefusedInBanner()
{
    const QString path = m_dir.filePath(QStringLiteral("notes.mbw"));
    const QByteArray text("these are meeting notes, not a workspace\n");
    QVERIFY(mbtest::writeFile(path, text));
    MainWindow window;
    window.show();
    QVERIFY(!window.openWorkspace(path));
    QVERIFY2(window.errorText().contains(QStringLiteral("not an SQLite database")), qPrintable(window.errorText()));
    QVERIFY(window.findChild<QWidget *>(QStringLiteral("welcomePage"))->isVisible());
    QCOMPARE(window.windowTitle(), QStringLiteral("MetricBridge"));
    QCOMPARE(mbtest::fileBytes(path), text);
}

void tst_FramingPage::preciseWeightsOpenUnchanged()
{
    // A framing saved elsewhere (the CLI) with weights finer than a spin box's default decimals.
    {
        auto created = db::Workspace::create(m_path);
        QVERIFY(created);
        const db::Project project = *db::ProjectRepository((*created)->database()).create(QStringLiteral("Feed"));
        Framing framing = demoNewsfeedFraming();
        framing.alpha = 0.33335;
        framing.beta = 1234.5;
        db::FramingRepository framings((*created)->database());
        QVERIFY(framings.save(framings.framing(project.id)->id, framing));
    }
    auto window = openWindow(m_path);
    ui::FramingPage *page = window->framingPage();
    QVERIFY2(!find<QLabel>(page, "versionLabel")->text().contains(QStringLiteral("unsaved")),
             qPrintable(find<QLabel>(page, "versionLabel")->text()));
    QCOMPARE(find<QDoubleSpinBox>(page, "alpha")->value(), 0.33335);
    QCOMPARE(find<QDoubleSpinBox>(page, "alpha")->text(), QLocale().toString(0.33335, 'g', 12));
    QCOMPARE(find<QDoubleSpinBox>(page, "beta")->value(), 1234.5);
    QVERIFY(!page->hasUnsavedChanges());
}

void tst_FramingPage::switchingFramingAsksAboutUnsavedEdits()
{
    auto window = openWindow(m_path);
    QVERIFY(window->createProject(QStringLiteral("Two framings")));
    ui::FramingPage *page = window->framingPage();
    {
        auto workspace = db::Workspace::open(m_path);
        QVERIFY(workspace);
        const db::Project project =
            *db::ProjectRepository((*workspace)->database()).find(QStringLiteral("Two framings"));
        QVERIFY(db::FramingRepository((*workspace)->database()).createFraming(project.id, QStringLiteral("other")));
    }
    // Reopen, so the page lists both framings.
    window->closeWorkspace();
    QVERIFY(window->openWorkspace(m_path));
    page = window->framingPage();
    auto *goal = find<QPlainTextEdit>(page, "businessGoal");
    goal->setFocus();
    QTest::keyClicks(goal, QStringLiteral("an edit not saved yet"));
    auto *choice = find<QComboBox>(page, "framingChoice");
    QCOMPARE(choice->count(), 2);

    // Answer the question with Cancel: nothing changes.
    mbtest::answerNextQuestion(this, QMessageBox::Cancel);
    choice->setCurrentIndex(1);
    Q_EMIT choice->activated(1);
    QCOMPARE(choice->currentIndex(), 0);
    QCOMPARE(goal->toPlainText(), QStringLiteral("an edit not saved yet"));

    // Discard: the other framing is shown, the edit is gone.
    mbtest::answerNextQuestion(this, QMessageBox::Discard);
    choice->setCurrentIndex(1);
    Q_EMIT choice->activated(1);
    QCOMPARE(choice->currentText(), QStringLiteral("other"));
    QVERIFY(goal->toPlainText().isEmpty());
    QVERIFY(!page->hasUnsavedChanges());
}

void tst_FramingPage::formDoesNotJumpWhileProblemsComeAndGo()
{
    auto window = openWindow(m_path);
    window->resize(1024, 700);
    QVERIFY(window->createProject(QStringLiteral("Steady")));
    ui::FramingPage *page = window->framingPage();
    auto *tabs = find<QWidget>(page, "framingTabs");
    auto *targets = find<QLineEdit>(page, "targetColumns");
    const auto topOf = [&](QWidget *w) { return w->mapTo(window.get(), QPoint(0, 0)).y(); };
    const int tabsTop = topOf(tabs);
    const int targetsTop = topOf(targets);
    auto *problems = find<QLabel>(page, "problemList");
    QVERIFY(problems->isVisible()); // an empty framing has problems: no goal, no target

    // From three problems to one and back to none, the form stays where the user's pointer is.
    auto *goal = find<QPlainTextEdit>(page, "businessGoal");
    goal->setFocus();
    QTest::keyClicks(goal, QStringLiteral("Keep customers"));
    QCoreApplication::processEvents();
    QCOMPARE(topOf(tabs), tabsTop);
    typeInto(targets, QStringLiteral("churned"));
    QCoreApplication::processEvents();
    QVERIFY2(problems->isHidden(), qPrintable(problems->text()));
    QCOMPARE(topOf(tabs), tabsTop);
    QCOMPARE(topOf(targets), targetsTop);
    // And with more problems than the list shows at once: counted, not grown.
    for (int i = 0; i < 5; ++i)
        QTest::mouseClick(find<QPushButton>(page, "addStakeholderButton"), Qt::LeftButton);
    auto *stakeholders = find<QTableWidget>(page, "stakeholdersTable");
    for (int row = 0; row < 5; ++row)
        editCell(stakeholders, row, 4, QStringLiteral("lots"));
    QCoreApplication::processEvents();
    QVERIFY(problems->isVisible());
    QVERIFY2(problems->text().contains(QStringLiteral("and 3 more")), qPrintable(problems->text()));
    QCOMPARE(topOf(tabs), tabsTop);
    QCOMPARE(topOf(targets), targetsTop);
    QVERIFY(mbtest::saveScreenshot(window.get(), QStringLiteral("framing-problems")));
}

void tst_FramingPage::topKByScoreStartsAtAUsableCutOff()
{
    auto window = openWindow(m_path);
    QVERIFY(window->createProject(QStringLiteral("Budget")));
    ui::FramingPage *page = window->framingPage();
    QTest::mouseClick(find<QPushButton>(page, "addMetricButton"), Qt::LeftButton);
    auto *cutOff = find<QDoubleSpinBox>(page, "metricParameter");
    QCOMPARE(cutOff->value(), 0.0); // "all items" has no cut-off
    chooseData(find<QComboBox>(page, "metricSelection"), QStringLiteral("top_k"));
    QCOMPARE(cutOff->value(), 100.0);
    auto *problems = find<QLabel>(page, "problemList");
    QVERIFY2(!problems->toolTip().contains(QStringLiteral("Cut-off")), qPrintable(problems->toolTip()));

    // A threshold keeps a cut-off that fits it; a fraction takes its own.
    chooseData(find<QComboBox>(page, "metricSelection"), QStringLiteral("predicted_positive"));
    QCOMPARE(cutOff->value(), 0.5);
    chooseData(find<QComboBox>(page, "metricSelection"), QStringLiteral("top_fraction"));
    QCOMPARE(cutOff->value(), 0.5);

    // A cut-off the selection cannot take is named by the form's label.
    chooseData(find<QComboBox>(page, "metricSelection"), QStringLiteral("top_k"));
    QCOMPARE(cutOff->value(), 100.0);
    cutOff->setValue(0);
    const QString all = problems->toolTip();
    QVERIFY2(all.contains(QStringLiteral("Business metric &#x27;metric_1&#x27; › Cut-off")) ||
                 all.contains(QStringLiteral("Business metric 'metric_1' › Cut-off")),
             qPrintable(all));
    QVERIFY(all.contains(QStringLiteral("the budget k must be a whole number")));
    QVERIFY(!all.contains(QStringLiteral("selection.parameter")));
}

void tst_FramingPage::revertAsksBeforeDiscardingEdits()
{
    auto window = openWindow(m_path);
    QVERIFY(window->createProject(QStringLiteral("Careful")));
    ui::FramingPage *page = window->framingPage();
    auto *goal = find<QPlainTextEdit>(page, "businessGoal");
    goal->setFocus();
    QTest::keyClicks(goal, QStringLiteral("an hour of thinking"));
    auto *revert = find<QPushButton>(page, "revertButton");
    QVERIFY(revert->isEnabled());

    mbtest::answerNextQuestion(this, QMessageBox::Cancel, QStringLiteral("Discard your unsaved edits"));
    QTest::mouseClick(revert, Qt::LeftButton);
    QCOMPARE(goal->toPlainText(), QStringLiteral("an hour of thinking"));
    mbtest::answerNextQuestion(this, QMessageBox::Discard, QStringLiteral("Discard your unsaved edits"));
    QTest::mouseClick(revert, Qt::LeftButton);
    QVERIFY(goal->toPlainText().isEmpty());
    QVERIFY(!page->hasUnsavedChanges());
}

QTEST_MAIN(tst_FramingPage)
#include "tst_framingpage.moc"
