// SPDX-License-Identifier: GPL-3.0-or-later
// Drives the real window offscreen along a new user's path off the demo: the demo workspace,
// then Close, a new workspace, a new project and an import of the user's own CSV. At every step
// every page is walked and nothing of the demo may remain in it, shown or behind a tab. Also the
// error banner: it belongs to the action that raised it, closes on a click, on a page change and
// on that page's next success, and a cancel is reported as a cancel. And the stakeholders' Metric
// cell: it offers the names runs are measured by, and flags a name no run has.
#include "app/services/DemoWorkspace.h"
#include "core/DemoFraming.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/support/CommandRun.h"
#include "tests/support/NotWritable.h"
#include "tests/support/TestScreenshots.h"
#include "tests/support/TestSupport.h"
#include "ui/compare/ComparePage.h"
#include "ui/compare/CompareTableModel.h"
#include "ui/data/DataPage.h"
#include "ui/framing/FramingEditor.h"
#include "ui/framing/FramingPage.h"
#include "ui/plots/QCustomPlotInclude.h"
#include "ui/runs/RunsPage.h"
#include "ui/shell/MainWindow.h"
#include "ui/tradeoffs/TradeoffsPage.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QFileInfo>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>
#include <QToolButton>

using namespace mb;
using mb::ui::MainWindow;

namespace {

// One piece of text the window holds, and where.
struct ShownText {
    QString where;
    QString text;
};

QString whereOf(const QObject *object)
{
    QStringList path;
    for (const QObject *o = object; o; o = o->parent())
        if (!o->objectName().isEmpty())
            path.prepend(o->objectName());
    return QStringLiteral("%1 (%2)").arg(path.join(QLatin1Char('/')), QLatin1String(object->metaObject()->className()));
}

void addModelText(const QAbstractItemModel *model, const QModelIndex &parent, const QString &where,
                  QList<ShownText> &out, int depth = 0)
{
    // A preview of 50 000 rows is read as far as anyone would scroll at a glance.
    const int rows = std::min(model->rowCount(parent), 200);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < model->columnCount(parent); ++c) {
            const QModelIndex index = model->index(r, c, parent);
            out.append({where, model->data(index, Qt::DisplayRole).toString()});
            if (c == 0 && depth < 3 && model->hasChildren(index))
                addModelText(model, index, where, out, depth + 1);
        }
    if (!parent.isValid())
        for (int c = 0; c < model->columnCount(); ++c)
            out.append({where, model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString()});
}

// Every text the widgets under `root` hold, visible or not: a hidden tab is one click away.
QList<ShownText> textIn(QWidget *root)
{
    QList<ShownText> out;
    for (QWidget *w : root->findChildren<QWidget *>()) {
        const QString where = whereOf(w);
        if (auto *label = qobject_cast<QLabel *>(w))
            out.append({where, label->text()});
        else if (auto *button = qobject_cast<QAbstractButton *>(w))
            out.append({where, button->text()});
        else if (auto *edit = qobject_cast<QLineEdit *>(w))
            out.append({where, edit->text()});
        else if (auto *plain = qobject_cast<QPlainTextEdit *>(w))
            out.append({where, plain->toPlainText()});
        else if (auto *text = qobject_cast<QTextEdit *>(w))
            out.append({where, text->toPlainText()});
        else if (auto *combo = qobject_cast<QComboBox *>(w)) {
            for (int i = 0; i < combo->count(); ++i)
                out.append({where, combo->itemText(i)});
        } else if (auto *group = qobject_cast<QGroupBox *>(w))
            out.append({where, group->title()});
        else if (auto *plot = qobject_cast<QCustomPlot *>(w)) {
            for (int i = 0; i < plot->plottableCount(); ++i)
                out.append({where, plot->plottable(i)->name()});
            for (QCPAxis *axis : plot->axisRect()->axes())
                out.append({where, axis->label()});
            for (int i = 0; i < plot->itemCount(); ++i)
                if (auto *item = qobject_cast<QCPItemText *>(plot->item(i)))
                    out.append({where, item->text()});
        }
        if (auto *view = qobject_cast<QAbstractItemView *>(w);
            view && view->model() && !qobject_cast<QComboBox *>(w->parentWidget()))
            addModelText(view->model(), {}, where, out);
    }
    return out;
}

} // namespace

class tst_OwnProject : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void demoLeavesNothingBehindOnAnyPage();
    void bannerBelongsToTheActionThatRaisedIt();
    void cancelledImportIsReportedAsCancel();
    void requirementMetricCellOffersMeasuredNames();
    void demoSaysItIsASampleAndHowToStartOnesOwn();
    void everyPageFitsIn1024x700();
    void pageShortcutsAndTheShortcutList();
    void windowRemembersItsPageAndSize();
    void anotherUsersWorkspaceOpensReadOnlyAndSaysSo();

private:
    // Walks every page of the window and fails naming each place a demo name is still held.
    void verifyNothingOfTheDemo(MainWindow &window, const char *step);
    QStringList demoNamesFoundIn(MainWindow &window);
    // A window on a copy of the demo (the demo stays as initTestCase built it), at 1024x700.
    std::unique_ptr<MainWindow> openDemoCopy(const QString &name);
    // A window on a new workspace with one project `name`, on the Data page, at 1024x700.
    std::unique_ptr<MainWindow> openOwnDataPage(const QString &name);
    QString writeChurnCsv(int rows);

    QTemporaryDir m_dir;
    QString m_demoPath;
    // Names only the demo has: its project, business metrics, stakeholders, dataset, runs and policy.
    QStringList m_demoNames;
};

void tst_OwnProject::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("MetricBridgeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_ownproject"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));

    m_demoPath = m_dir.filePath(QStringLiteral("demo.mbw"));
    const mbtest::CommandRun demo =
        mbtest::runMetricbridge({QStringLiteral("demo"), QStringLiteral("--workspace"), m_demoPath});
    QVERIFY2(demo.exitCode == 0, demo.err.constData());

    m_demoNames << demoProjectName() << QStringLiteral("newsfeed posts") << QStringLiteral("balanced feed");
    const Framing framing = demoNewsfeedFraming();
    for (const BusinessMetric &m : framing.businessMetrics)
        m_demoNames << m.name;
    for (const Stakeholder &s : framing.stakeholders)
        m_demoNames << s.role;
    m_demoNames << framing.valueColumns;
    auto workspace = db::Workspace::open(m_demoPath);
    QVERIFY(workspace);
    const db::Project project = *db::ProjectRepository((*workspace)->database()).find(demoProjectName());
    const auto runs = db::RunRepository((*workspace)->database()).runs(project.id);
    QVERIFY(runs && runs->size() >= 4);
    for (const db::RunRecord &run : *runs)
        m_demoNames << run.name;
    m_demoNames.removeDuplicates();
}

QStringList tst_OwnProject::demoNamesFoundIn(MainWindow &window)
{
    QStringList found;
    const QStringList keys = MainWindow::pageKeys();
    for (const QString &key : keys) {
        if (key == QLatin1String("welcome"))
            continue;
        window.showPage(key); // false without a workspace: the pages are read as they are
        for (const ShownText &shown : textIn(&window))
            for (const QString &name : std::as_const(m_demoNames))
                if (shown.text.contains(name, Qt::CaseInsensitive))
                    found << QStringLiteral("'%1' in %2 on page %3: %4")
                                 .arg(name, shown.where, key, shown.text.left(120).simplified());
    }
    found.removeDuplicates();
    return found;
}

void tst_OwnProject::verifyNothingOfTheDemo(MainWindow &window, const char *step)
{
    const QStringList found = demoNamesFoundIn(window);
    QVERIFY2(found.isEmpty(), qPrintable(QStringLiteral("after %1, the demo is still held:\n  %2")
                                             .arg(QLatin1String(step), found.mid(0, 12).join(QStringLiteral("\n  ")))));
}

void tst_OwnProject::anotherUsersWorkspaceOpensReadOnlyAndSaysSo()
{
    // Its own folder: a reader who is not its owner must reach it (the test's folder is private).
    QTemporaryDir shared;
    QVERIFY(shared.isValid());
    const QString path = shared.filePath(QStringLiteral("team.mbw"));
    QVERIFY(QFile::copy(m_demoPath, path));
    const QByteArray before = mbtest::fileBytes(path);
    {
        MainWindow window;
        window.resize(1024, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QImage opened, tradeoffs;
        {
            mbtest::NotWritable notWritable(path);
            QVERIFY(notWritable.holds());
            QVERIFY2(window.openWorkspace(path), qPrintable(window.errorText()));
            QVERIFY2(window.windowTitle().contains(QStringLiteral("team.mbw (read-only)")),
                     qPrintable(window.windowTitle()));
            QVERIFY2(window.errorText().contains(QStringLiteral("Opened read-only: you may not write to 'team.mbw'.")),
                     qPrintable(window.errorText()));
            opened = window.grab().toImage();
            // Everything reads: the runs and their business metrics are there.
            window.showPage(QStringLiteral("runs"));
            QTRY_VERIFY_WITH_TIMEOUT(window.runsPage()->runsView()->model()->rowCount() >= 4, 30000);
            window.showPage(QStringLiteral("compare"));
            window.showPage(QStringLiteral("tradeoffs"));
            tradeoffs = window.grab().toImage();
        }
        // Saved as the test's own user: the reader could not write the screenshots' folder.
        QVERIFY(mbtest::saveScreenshot(opened, QStringLiteral("read-only-workspace")));
        QVERIFY(mbtest::saveScreenshot(tradeoffs, QStringLiteral("read-only-tradeoffs")));
    }
    QCOMPARE(mbtest::fileBytes(path), before);
}

std::unique_ptr<MainWindow> tst_OwnProject::openDemoCopy(const QString &name)
{
    const QString path = m_dir.filePath(name + QStringLiteral(".mbw"));
    if (!QFile::copy(m_demoPath, path))
        qFatal("cannot copy the demo to %s", qPrintable(path));
    auto window = std::make_unique<MainWindow>();
    window->resize(1024, 700);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()) || !window->openWorkspace(path))
        qFatal("cannot open %s", qPrintable(path));
    return window;
}

std::unique_ptr<MainWindow> tst_OwnProject::openOwnDataPage(const QString &name)
{
    auto window = std::make_unique<MainWindow>();
    window->resize(1024, 700);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()) ||
        !window->createWorkspace(m_dir.filePath(name.toLower() + QStringLiteral(".mbw"))) ||
        !window->createProject(name))
        qFatal("cannot make the workspace %s", qPrintable(name));
    window->showPage(QStringLiteral("data"));
    return window;
}

QString tst_OwnProject::writeChurnCsv(int rows)
{
    QByteArray csv = "customer,tenure_months,monthly_fee,churned\n";
    for (int r = 0; r < rows; ++r)
        csv += "c" + QByteArray::number(r) + ',' + QByteArray::number(1 + r % 60) + ',' +
               QByteArray::number(20 + (r * 7) % 80) + ',' + (r % 4 == 0 ? "1" : "0") + '\n';
    const QString path = m_dir.filePath(QStringLiteral("churn-%1.csv").arg(rows));
    if (!mbtest::writeFile(path, csv))
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void tst_OwnProject::demoLeavesNothingBehindOnAnyPage()
{
    MainWindow window;
    window.resize(1024, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY2(window.openWorkspace(m_demoPath), qPrintable(window.errorText()));
    // The check sees the demo where it is: otherwise its silence below would prove nothing.
    QVERIFY(!demoNamesFoundIn(window).isEmpty());

    QVERIFY(window.closeWorkspace());
    verifyNothingOfTheDemo(window, "closing the demo");

    QVERIFY(window.createWorkspace(m_dir.filePath(QStringLiteral("mine.mbw"))));
    verifyNothingOfTheDemo(window, "creating a workspace");

    QVERIFY(window.createProject(QStringLiteral("Churn")));
    verifyNothingOfTheDemo(window, "creating a project");
    ui::FramingPage *framing = window.framingPage();
    QCOMPARE(framing->findChild<QLabel *>(QStringLiteral("versionLabel"))->text(), QStringLiteral("Not saved yet"));
    QVERIFY(framing->findChild<QPlainTextEdit *>(QStringLiteral("businessGoal"))->toPlainText().isEmpty());

    services::DatasetImportRequest request;
    request.file = writeChurnCsv(400);
    request.options.targets = {QStringLiteral("churned")};
    QSignalSpy finished(window.dataPage(), &ui::DataPage::importFinished);
    window.dataPage()->startImport(request);
    QVERIFY(finished.wait(60000));
    QVERIFY2(finished.first().at(0).toLongLong() > 0, qPrintable(finished.first().at(1).toString()));
    verifyNothingOfTheDemo(window, "importing the user's CSV");

    window.showPage(QStringLiteral("data"));
    const QString summary = window.dataPage()->findChild<QLabel *>(QStringLiteral("datasetSummary"))->text();
    QVERIFY2(summary.contains(QStringLiteral("churn-400.csv")), qPrintable(summary));
    // A version imported without a split offers "(none)" and its default split, not the demo's.
    auto *splits = window.dataPage()->findChild<QComboBox *>(QStringLiteral("splitChoice"));
    QCOMPARE(splits->count(), 2);
    QVERIFY2(splits->currentText().startsWith(QStringLiteral("stratified by churned")),
             qPrintable(splits->currentText()));
    QVERIFY(mbtest::saveScreenshot(&window, QStringLiteral("own-workspace-data")));
    window.showPage(QStringLiteral("framing"));
    QVERIFY(mbtest::saveScreenshot(&window, QStringLiteral("own-workspace-framing")));
    window.showPage(QStringLiteral("tradeoffs"));
    QVERIFY(mbtest::saveScreenshot(&window, QStringLiteral("own-workspace-tradeoffs")));
}

void tst_OwnProject::bannerBelongsToTheActionThatRaisedIt()
{
    auto opened = openOwnDataPage(QStringLiteral("Banner"));
    MainWindow &window = *opened;
    ui::DataPage *data = window.dataPage();
    auto *banner = window.findChild<QWidget *>(QStringLiteral("errorBanner"));
    QVERIFY(banner);

    const auto failImport = [&] {
        services::DatasetImportRequest request;
        request.file = m_dir.filePath(QStringLiteral("no-such-file.csv"));
        QSignalSpy finished(data, &ui::DataPage::importFinished);
        data->startImport(request);
        QVERIFY(finished.wait(60000));
        QVERIFY2(window.errorText().contains(QStringLiteral("Import failed")), qPrintable(window.errorText()));
        QVERIFY(banner->isVisible());
    };

    // Closed by its button.
    failImport();
    QVERIFY(mbtest::saveScreenshot(&window, QStringLiteral("banner-with-close")));
    QTest::mouseClick(banner->findChild<QToolButton *>(QStringLiteral("errorBannerClose")), Qt::LeftButton);
    QVERIFY(!banner->isVisible());
    QVERIFY(window.errorText().isEmpty());

    // Closed by a page change: the Framing page has no failure of its own.
    failImport();
    window.showPage(QStringLiteral("framing"));
    QVERIFY(!banner->isVisible());

    // Closed by the same page's next success.
    window.showPage(QStringLiteral("data"));
    failImport();
    services::DatasetImportRequest good;
    good.file = writeChurnCsv(50);
    good.options.targets = {QStringLiteral("churned")};
    QSignalSpy finished(data, &ui::DataPage::importFinished);
    data->startImport(good);
    QVERIFY(finished.wait(60000));
    QVERIFY(finished.first().at(0).toLongLong() > 0);
    QVERIFY2(window.errorText().isEmpty(), qPrintable(window.errorText()));
    QVERIFY(!banner->isVisible());

    // Another page's success says nothing about the Data page's failure.
    failImport();
    QVERIFY(window.framingPage()->save() == false); // the empty framing has problems: no success
    QVERIFY(banner->isVisible());
}

void tst_OwnProject::cancelledImportIsReportedAsCancel()
{
    auto opened = openOwnDataPage(QStringLiteral("Cancel"));
    MainWindow &window = *opened;
    ui::DataPage *data = window.dataPage();
    services::DatasetImportRequest request;
    request.file = writeChurnCsv(400000);
    request.options.targets = {QStringLiteral("churned")};
    QSignalSpy finished(data, &ui::DataPage::importFinished);
    data->startImport(request);
    QTest::mouseClick(data->findChild<QPushButton *>(QStringLiteral("cancelImportButton")), Qt::LeftButton);
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().at(0).toLongLong(), 0);
    QVERIFY2(window.errorText().isEmpty(), qPrintable(window.errorText()));
    const QString status = window.statusBar()->currentMessage();
    QVERIFY2(status.contains(QStringLiteral("Import cancelled")), qPrintable(status));
    QVERIFY(!status.contains(QStringLiteral("failed")));
}

void tst_OwnProject::requirementMetricCellOffersMeasuredNames()
{
    auto opened = openDemoCopy(QStringLiteral("demo-requirements"));
    MainWindow &window = *opened;
    window.showPage(QStringLiteral("framing"));
    ui::FramingPage *page = window.framingPage();
    auto *stakeholders = page->findChild<QTableWidget *>(QStringLiteral("stakeholdersTable"));
    auto *check = page->findChild<QLabel *>(QStringLiteral("requirementCheck"));
    constexpr int kMetricColumn = 2;
    QVERIFY(stakeholders->rowCount() > 0);

    // The cell offers the business metrics, the latency percentiles and the stored ML metrics.
    stakeholders->setFocus();
    stakeholders->setCurrentCell(0, kMetricColumn);
    stakeholders->editItem(stakeholders->item(0, kMetricColumn));
    QComboBox *editor = nullptr;
    QTRY_VERIFY((editor = stakeholders->viewport()->findChild<QComboBox *>(QStringLiteral("requirementMetricEditor"))));
    QStringList offered;
    for (int i = 0; i < editor->count(); ++i)
        offered << editor->itemText(i);
    for (const QString &name : {demoNewsfeedFraming().businessMetrics.first().name, QStringLiteral("latency_p99_ms"),
                                QStringLiteral("test/roc_auc"), QStringLiteral("test/engagement/roc_auc")})
        QVERIFY2(offered.contains(name), qPrintable(name + QStringLiteral(" not in: ") + offered.join(u',')));
    page->findChild<QScrollArea *>()->ensureWidgetVisible(stakeholders);
    QVERIFY(mbtest::saveScreenshot(&window, QStringLiteral("framing-requirement-metric")));
    editor->showPopup();
    QVERIFY(mbtest::saveScreenshot(editor->view()->window(), QStringLiteral("framing-requirement-metric-offered")));
    editor->hidePopup();

    // A name no run has is flagged where it is typed.
    editor->lineEdit()->selectAll();
    QTest::keyClicks(editor->lineEdit(), QStringLiteral("roc_auc"));
    QTest::keyClick(editor->lineEdit(), Qt::Key_Return);
    QTRY_COMPARE(stakeholders->item(0, kMetricColumn)->text(), QStringLiteral("roc_auc"));
    QVERIFY2(check->text().contains(QStringLiteral("No run has")) && check->text().contains(QStringLiteral("roc_auc")),
             qPrintable(check->text()));
    QVERIFY(!stakeholders->item(0, kMetricColumn)->toolTip().isEmpty());

    // A stored ML metric is accepted, saved, and judged on the Compare page.
    stakeholders->editItem(stakeholders->item(0, kMetricColumn));
    QTRY_VERIFY((editor = stakeholders->viewport()->findChild<QComboBox *>(QStringLiteral("requirementMetricEditor"))));
    editor->lineEdit()->selectAll();
    QTest::keyClicks(editor->lineEdit(), QStringLiteral("test/roc_auc"));
    QTest::keyClick(editor->lineEdit(), Qt::Key_Return);
    QTRY_COMPARE(stakeholders->item(0, kMetricColumn)->text(), QStringLiteral("test/roc_auc"));
    QVERIFY2(!check->text().contains(QStringLiteral("No run has")), qPrintable(check->text()));
    QVERIFY2(page->save(), qPrintable(page->findChild<QLabel *>(QStringLiteral("problemList"))->text()));
    const QString role = stakeholders->item(0, 0)->text();

    window.showPage(QStringLiteral("compare"));
    ui::CompareTableModel *model = window.comparePage()->model();
    int column = -1;
    for (int c = 0; c < model->columnCount(); ++c)
        if (model->headerData(c, Qt::Horizontal).toString().startsWith(role + QStringLiteral(": test/roc_auc")))
            column = c;
    QVERIFY2(column >= 0, qPrintable(role));
    int judged = 0;
    for (int r = 0; r < model->rowCount(); ++r) {
        const QString run = model->data(model->index(r, 0)).toString();
        const QString verdict = model->data(model->index(r, column)).toString();
        if (run.contains(QStringLiteral("engagement model")))
            QVERIFY2(verdict == QLatin1String("pass") || verdict == QLatin1String("FAIL"), qPrintable(verdict));
        judged += verdict != QLatin1String("unknown");
    }
    QVERIFY(judged >= 2);
}

void tst_OwnProject::demoSaysItIsASampleAndHowToStartOnesOwn()
{
    // Where the first start puts the demo (QStandardPaths' test location here).
    const QString demo = services::defaultDemoWorkspacePath();
    QVERIFY(QDir().mkpath(QFileInfo(demo).absolutePath()));
    QFile::remove(demo);
    QVERIFY(QFile::copy(m_demoPath, demo));
    MainWindow window;
    window.resize(1024, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY2(window.openWorkspace(demo), qPrintable(window.errorText()));
    auto *notice = window.findChild<QWidget *>(QStringLiteral("sampleNotice"));
    QVERIFY(notice && notice->isVisible());
    const QString text = notice->findChild<QLabel *>(QStringLiteral("sampleNoticeText"))->text();
    QVERIFY2(text.contains(QStringLiteral("sample")) && text.contains(QStringLiteral("create a workspace")),
             qPrintable(text));
    QVERIFY(notice->findChild<QPushButton *>(QStringLiteral("sampleNoticeNewWorkspace"))->isVisible());
    QVERIFY(mbtest::saveScreenshot(&window, QStringLiteral("demo-sample-notice")));

    // The user's own workspace is not a sample.
    QVERIFY(window.createWorkspace(m_dir.filePath(QStringLiteral("after-demo.mbw"))));
    QVERIFY(!notice->isVisible());
    // And the demo again says so; the note can be closed.
    QVERIFY(window.openWorkspace(demo));
    QVERIFY(notice->isVisible());
    QTest::mouseClick(notice->findChild<QToolButton *>(QStringLiteral("sampleNoticeClose")), Qt::LeftButton);
    QVERIFY(!notice->isVisible());
}

void tst_OwnProject::everyPageFitsIn1024x700()
{
    auto opened = openDemoCopy(QStringLiteral("demo-small-screen"));
    MainWindow &window = *opened;
    for (const QString &key : MainWindow::pageKeys()) {
        if (key == QLatin1String("welcome"))
            continue;
        QVERIFY(window.showPage(key));
        window.resize(1024, 700);
        QCoreApplication::processEvents();
        QVERIFY2(window.minimumSizeHint().width() <= 1024,
                 qPrintable(QStringLiteral("page %1 needs %2 px").arg(key).arg(window.minimumSizeHint().width())));
        QVERIFY2(window.width() == 1024 && window.height() == 700,
                 qPrintable(QStringLiteral("page %1: %2x%3").arg(key).arg(window.width()).arg(window.height())));
        QVERIFY(mbtest::saveScreenshot(&window, QStringLiteral("small-%1").arg(key)));
        // The framing form fits its column as it is: no sideways scrolling to reach a field.
        if (key == QLatin1String("framing"))
            QVERIFY(!window.framingPage()->findChild<QScrollArea *>()->horizontalScrollBar()->isVisible());
    }
}

void tst_OwnProject::pageShortcutsAndTheShortcutList()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QApplication::setActiveWindow(&window);
    QVERIFY(window.createWorkspace(m_dir.filePath(QStringLiteral("keys.mbw"))));
    QVERIFY(window.createProject(QStringLiteral("Keys")));
    auto *navigation = window.findChild<QListWidget *>(QStringLiteral("pageNavigation"));
    const QList<QPair<Qt::Key, QWidget *>> pages{{Qt::Key_2, window.dataPage()},
                                                 {Qt::Key_3, window.runsPage()},
                                                 {Qt::Key_4, window.comparePage()},
                                                 {Qt::Key_5, window.tradeoffsPage()},
                                                 {Qt::Key_1, window.framingPage()}};
    for (const auto &[key, page] : pages) {
        QTest::keyClick(&window, key, Qt::ControlModifier);
        QTRY_VERIFY2(page->isVisible(), page->objectName().toLatin1().constData());
    }
    QCOMPARE(navigation->currentRow(), 0);

    // The list of shortcuts is read from the actions, so it shows the keys that work.
    QTest::keyClick(&window, Qt::Key_Slash, Qt::ControlModifier);
    QDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<QDialog *>(QStringLiteral("shortcutsDialog"))));
    auto *table = dialog->findChild<QTableWidget *>(QStringLiteral("shortcutsTable"));
    QStringList rows;
    for (int r = 0; r < table->rowCount(); ++r)
        rows << table->item(r, 0)->text() + QLatin1Char('=') + table->item(r, 1)->text();
    for (const QString &expected :
         {QStringLiteral("Runs=Ctrl+3"), QStringLiteral("Launch Run=Ctrl+L"), QStringLiteral("Import Dataset=Ctrl+I")})
        QVERIFY2(rows.contains(expected), qPrintable(rows.join(QStringLiteral(", "))));
    QVERIFY(mbtest::saveScreenshot(&window, QStringLiteral("shortcuts")));
    dialog->close();
}

void tst_OwnProject::windowRemembersItsPageAndSize()
{
    const QString path = m_dir.filePath(QStringLiteral("remember.mbw"));
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.createWorkspace(path));
        window.resize(1100, 720);
        QVERIFY(window.showPage(QStringLiteral("runs")));
        QVERIFY(window.close());
    }
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.size(), QSize(1100, 720));
    QVERIFY(window.openWorkspace(path));
    QTRY_VERIFY(window.runsPage()->isVisible());
    // Only the first workspace of a session: the next one opens on its framing.
    QVERIFY(window.createWorkspace(m_dir.filePath(QStringLiteral("remember2.mbw"))));
    QTRY_VERIFY(window.framingPage()->isVisible());
    // Forget it again, so the other tests' windows open as a first start does.
    QSettings().remove(QStringLiteral("window"));
}

QTEST_MAIN(tst_OwnProject)
#include "tst_ownproject.moc"
