// SPDX-License-Identifier: GPL-3.0-or-later
// A user's own data on its way to a run, driven offscreen on a project of the user's own. The
// import dialog: its target and value columns come from the framing, a file without the framing's
// target is warned about, columns are picked from a menu that covers nothing, and a failed import
// leaves the dialog open with every entry and the reason in it. No dead end at the split: the Data
// page adds a split to a stored version, and the launch dialog starts on a version runs can use and
// says why the others cannot.
#include "app/services/DatasetImport.h"
#include "core/Framing.h"
#include "db/DatasetRepository.h"
#include "db/FramingRepository.h"
#include "db/ProjectRepository.h"
#include "db/Workspace.h"
#include "tests/support/TestScreenshots.h"
#include "tests/support/TestSupport.h"
#include "ui/data/AddSplitDialog.h"
#include "ui/data/DataPage.h"
#include "ui/data/ImportDatasetDialog.h"
#include "ui/runs/LaunchRunDialog.h"
#include "ui/runs/RunsPage.h"
#include "ui/shell/MainWindow.h"
#include "ui/widgets/ColumnListField.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace mb;
using mb::ui::MainWindow;

class tst_OwnData : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void prefilledFromTheFraming();
    void warnsWhenTheFileLacksTheFramingsTarget();
    void columnMenuFillsTheFieldAndTypingStaysInItsField();
    void failedImportKeepsTheDialogAndItsEntries();
    void dataPageReopensOnTheVersionLastShown();
    void dataPageAddsASplitToAStoredVersion();
    void addSplitNamesAColumnTheVersionLacks();
    void launchDialogStartsOnAUsableVersionAndSaysWhyOthersAreNot();
    void columnStatisticsHeadersExplainThemselves();

private:
    QString writeCsv(const QString &name, const QByteArray &header);
    ui::ImportDatasetDialog *openDialog(const QString &file);
    QLineEdit *edit(const char *name);
    // Imports through the Data page as the window does; the version id.
    std::int64_t importCsv(const QString &name, const QByteArray &header, const QString &target,
                           const QString &split = {});

    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    QPointer<ui::ImportDatasetDialog> m_dialog;
};

void tst_OwnData::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
}

// A fresh workspace with a project framed to learn `churned`, with `monthly_fee` as a value column.
void tst_OwnData::init()
{
    static int counter = 0;
    const QString path = m_dir.filePath(QStringLiteral("own%1.mbw").arg(++counter));
    {
        auto workspace = db::Workspace::create(path);
        QVERIFY(workspace);
        const auto project = db::ProjectRepository((*workspace)->database()).create(QStringLiteral("Churn"));
        QVERIFY(project);
        Framing framing;
        framing.businessGoal = QStringLiteral("Keep the customers who would leave");
        framing.taskType = TaskType::Binary;
        framing.targetColumns = {QStringLiteral("churned")};
        framing.valueColumns = {QStringLiteral("monthly_fee")};
        framing.objectives = {{QStringLiteral("churn"), Loss::Bce}};
        db::FramingRepository framings((*workspace)->database());
        const auto saved = framings.save(framings.framing(project->id)->id, framing);
        QVERIFY2(saved, saved ? "" : qPrintable(saved.error()));
    }
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1024, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->openWorkspace(path));
    m_window->showPage(QStringLiteral("data"));
}

QString tst_OwnData::writeCsv(const QString &name, const QByteArray &header)
{
    QByteArray csv = header + '\n';
    for (int r = 0; r < 300; ++r)
        csv += "c" + QByteArray::number(r) + ',' + QByteArray::number(1 + r % 60) + ',' +
               QByteArray::number(20 + (r * 7) % 80) + ',' + (r % 4 == 0 ? "1" : "0") + '\n';
    const QString path = m_dir.filePath(name);
    if (!mbtest::writeFile(path, csv))
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

ui::ImportDatasetDialog *tst_OwnData::openDialog(const QString &file)
{
    m_dialog = m_window->dataPage()->importInteractively(file);
    if (!m_dialog || !QTest::qWaitForWindowExposed(m_dialog))
        qFatal("the import dialog did not open");
    return m_dialog;
}

QLineEdit *tst_OwnData::edit(const char *name)
{
    auto *line = m_dialog->findChild<QLineEdit *>(QLatin1String(name));
    if (!line)
        qFatal("no field %s", name);
    return line;
}

std::int64_t tst_OwnData::importCsv(const QString &name, const QByteArray &header, const QString &target,
                                    const QString &split)
{
    QByteArray csv = header + '\n';
    for (int r = 0; r < 500; ++r)
        csv +=
            "c" + QByteArray::number(r) + ',' + QByteArray::number(1 + r % 60) + ',' + (r % 4 == 0 ? "1" : "0") + '\n';
    const QString path = m_dir.filePath(name);
    if (!mbtest::writeFile(path, csv))
        return 0;
    services::DatasetImportRequest request;
    request.file = path;
    request.options.targets = {target};
    if (!split.isEmpty())
        request.split = data::SplitSpec::parse(split, 7).value();
    QSignalSpy finished(m_window->dataPage(), &ui::DataPage::importFinished);
    m_window->dataPage()->startImport(request);
    if (!finished.wait(60000))
        return 0;
    return finished.first().at(0).toLongLong();
}

void tst_OwnData::prefilledFromTheFraming()
{
    openDialog(writeCsv(QStringLiteral("customers.csv"), "customer,tenure_months,monthly_fee,churned"));
    QCOMPARE(edit("importTargets")->text(), QStringLiteral("churned"));
    QCOMPARE(edit("importValues")->text(), QStringLiteral("monthly_fee"));
    QVERIFY(!m_dialog->findChild<QLabel *>(QStringLiteral("importFramingNote"))->isVisible());
    QVERIFY(m_dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(mbtest::saveScreenshot(m_dialog, QStringLiteral("import-prefilled")));
}

void tst_OwnData::warnsWhenTheFileLacksTheFramingsTarget()
{
    openDialog(writeCsv(QStringLiteral("other.csv"), "customer,tenure_months,monthly_fee,left"));
    auto *note = m_dialog->findChild<QLabel *>(QStringLiteral("importFramingNote"));
    QVERIFY(note->isVisible());
    QVERIFY2(note->text().contains(QStringLiteral("churned")) && note->text().contains(QStringLiteral("cannot train")),
             qPrintable(note->text()));
    // The prefilled target is not a column of this file: the field names it and the valid ones.
    const QString problem = m_dialog->findChild<QLabel *>(QStringLiteral("importProblem"))->text();
    QVERIFY2(problem.contains(QStringLiteral("Target column(s)")) && problem.contains(QStringLiteral("left")),
             qPrintable(problem));
    QVERIFY(!m_dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(mbtest::saveScreenshot(m_dialog, QStringLiteral("import-without-target")));
}

void tst_OwnData::columnMenuFillsTheFieldAndTypingStaysInItsField()
{
    openDialog(writeCsv(QStringLiteral("menu.csv"), "customer,tenure_months,monthly_fee,churned"));
    auto *ignore = m_dialog->findChild<ui::ColumnListField *>(QStringLiteral("importIgnoreField"));
    QVERIFY(ignore);
    QCOMPARE(ignore->choices(), (QStringList{QStringLiteral("customer"), QStringLiteral("tenure_months"),
                                             QStringLiteral("monthly_fee"), QStringLiteral("churned")}));
    ignore->showMenu();
    auto *menu = ignore->findChild<QMenu *>();
    QTRY_VERIFY(menu->isVisible());
    QAction *customer = nullptr;
    for (QAction *action : menu->actions())
        if (action->text() == QLatin1String("customer"))
            customer = action;
    QVERIFY(customer);
    customer->trigger();
    menu->close();
    QCOMPARE(edit("importIgnore")->text(), QStringLiteral("customer"));

    // Typing into one field and then the next: each keeps its own text, nothing pops over the next.
    QLineEdit *values = edit("importValues");
    values->setFocus();
    values->selectAll();
    QTest::keyClicks(values, QStringLiteral("tenure_months"));
    QLineEdit *name = edit("importName");
    QTest::mouseClick(name, Qt::LeftButton);
    QTRY_VERIFY(name->hasFocus());
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("customers in March"));
    QCOMPARE(values->text(), QStringLiteral("tenure_months"));
    QCOMPARE(name->text(), QStringLiteral("customers in March"));
    QCOMPARE(edit("importIgnore")->text(), QStringLiteral("customer"));
    for (QWidget *popup : QApplication::topLevelWidgets())
        QVERIFY2(!(popup->isVisible() && popup->windowType() == Qt::Popup), popup->metaObject()->className());
}

void tst_OwnData::failedImportKeepsTheDialogAndItsEntries()
{
    openDialog(writeCsv(QStringLiteral("typed.csv"), "customer,tenure_months,monthly_fee,churned"));
    QLineEdit *name = edit("importName");
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("March customers"));
    // The customer column forced to numbers: the import stops at its first value.
    auto *columns = m_dialog->findChild<QTableWidget *>(QStringLiteral("importColumnTable"));
    auto *type = qobject_cast<QComboBox *>(columns->cellWidget(0, 1));
    QVERIFY(type);
    type->setCurrentIndex(type->findData(QStringLiteral("numeric")));

    QSignalSpy finished(m_window->dataPage(), &ui::DataPage::importFinished);
    QTest::mouseClick(m_dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().at(0).toLongLong(), 0);
    QVERIFY(m_dialog);
    QVERIFY(m_dialog->isVisible());
    const QString problem = m_dialog->findChild<QLabel *>(QStringLiteral("importProblem"))->text();
    QVERIFY2(problem.contains(QStringLiteral("Import failed")) && problem.contains(QStringLiteral("customer")),
             qPrintable(problem));
    QCOMPARE(name->text(), QStringLiteral("March customers"));
    QCOMPARE(edit("importTargets")->text(), QStringLiteral("churned"));
    QCOMPARE(type->currentData().toString(), QStringLiteral("numeric"));
    QVERIFY(m_window->errorText().isEmpty()); // the dialog shows it; no second copy in a banner
    QVERIFY(mbtest::saveScreenshot(m_dialog, QStringLiteral("import-failed-kept-open")));

    // Fixed, the same dialog imports and closes; the page shows the new version.
    type->setCurrentIndex(type->findData(QString()));
    QTest::mouseClick(m_dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QVERIFY(finished.wait(60000));
    QVERIFY(finished.last().at(0).toLongLong() > 0);
    QTRY_VERIFY(!m_dialog || !m_dialog->isVisible());
    const QString summary = m_window->dataPage()->findChild<QLabel *>(QStringLiteral("datasetSummary"))->text();
    QVERIFY2(summary.contains(QStringLiteral("March customers")), qPrintable(summary));
}

void tst_OwnData::dataPageReopensOnTheVersionLastShown()
{
    ui::DataPage *page = m_window->dataPage();
    QSignalSpy finished(page, &ui::DataPage::importFinished);
    for (const char *name : {"first.csv", "second.csv"}) {
        services::DatasetImportRequest request;
        request.file = writeCsv(QLatin1String(name), "customer,tenure_months,monthly_fee,churned");
        request.options.targets = {QStringLiteral("churned")};
        page->startImport(request);
        QVERIFY(finished.wait(60000));
        QVERIFY(finished.last().at(0).toLongLong() > 0);
    }
    const std::int64_t first = finished.first().at(0).toLongLong();
    QVERIFY(page->showVersion(first));
    const QString path = m_window->workspacePath();

    m_window = std::make_unique<MainWindow>();
    m_window->show();
    QVERIFY(m_window->openWorkspace(path));
    m_window->showPage(QStringLiteral("data"));
    const QString summary = m_window->dataPage()->findChild<QLabel *>(QStringLiteral("datasetSummary"))->text();
    QVERIFY2(summary.contains(QStringLiteral("first.csv")), qPrintable(summary));
}

void tst_OwnData::dataPageAddsASplitToAStoredVersion()
{
    QVERIFY(importCsv(QStringLiteral("nosplit.csv"), "customer,tenure_months,churned", QStringLiteral("churned"),
                      QStringLiteral("random:0.1,0.2")) > 0);
    ui::DataPage *page = m_window->dataPage();
    auto *splits = page->findChild<QComboBox *>(QStringLiteral("splitChoice"));
    QCOMPARE(splits->count(), 2); // "(none)" and the split it was imported with
    auto *add = page->findChild<QPushButton *>(QStringLiteral("addSplitButton"));
    QVERIFY(add->isEnabled());
    QTest::mouseClick(add, Qt::LeftButton);
    QPointer<ui::AddSplitDialog> dialog = page->findChild<ui::AddSplitDialog *>();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));

    auto *kind = dialog->findChild<QComboBox *>(QStringLiteral("importSplitKind"));
    kind->setCurrentIndex(kind->findData(QStringLiteral("stratified")));
    auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled()); // a stratified split needs its column
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("importSplitColumn")), QStringLiteral("churned"));
    QVERIFY(ok->isEnabled());
    QVERIFY(mbtest::saveScreenshot(dialog, QStringLiteral("data-add-split")));
    QTest::mouseClick(ok, Qt::LeftButton);

    // Made on a thread; the dialog closes when it is stored and the page shows it.
    QTRY_VERIFY_WITH_TIMEOUT(!dialog || !dialog->isVisible(), 60000);
    QCOMPARE(splits->count(), 3);
    QVERIFY2(splits->currentText().startsWith(QStringLiteral("stratified by churned")),
             qPrintable(splits->currentText()));
    QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("Added split")));
    QVERIFY(m_window->errorText().isEmpty());
    QVERIFY(mbtest::saveScreenshot(m_window.get(), QStringLiteral("data-split-added")));
}

void tst_OwnData::addSplitNamesAColumnTheVersionLacks()
{
    QVERIFY(importCsv(QStringLiteral("columns.csv"), "customer,tenure_months,churned", QStringLiteral("churned")) > 0);
    ui::AddSplitDialog *dialog = m_window->dataPage()->addSplitInteractively();
    QVERIFY(dialog);
    auto *kind = dialog->findChild<QComboBox *>(QStringLiteral("importSplitKind"));
    kind->setCurrentIndex(kind->findData(QStringLiteral("ordered")));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("importSplitColumn")), QStringLiteral("signup"));
    const QString problem = dialog->findChild<QLabel *>(QStringLiteral("addSplitProblem"))->text();
    QVERIFY2(problem.contains(QStringLiteral("Split column")) && problem.contains(QStringLiteral("signup")) &&
                 problem.contains(QStringLiteral("tenure_months")),
             qPrintable(problem));
    QVERIFY(!dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
    dialog->reject();
}

void tst_OwnData::launchDialogStartsOnAUsableVersionAndSaysWhyOthersAreNot()
{
    const std::int64_t usable = importCsv(QStringLiteral("usable.csv"), "customer,tenure_months,churned",
                                          QStringLiteral("churned"), QStringLiteral("random:0.1,0.2"));
    // A file of nothing but the target: nothing to learn from, so the import makes no split.
    QByteArray labelsOnly = "churned\n";
    for (int r = 0; r < 100; ++r)
        labelsOnly += r % 4 == 0 ? "1\n" : "0\n";
    QVERIFY(mbtest::writeFile(m_dir.filePath(QStringLiteral("nosplit.csv")), labelsOnly));
    services::DatasetImportRequest request;
    request.file = m_dir.filePath(QStringLiteral("nosplit.csv"));
    request.options.targets = {QStringLiteral("churned")};
    QSignalSpy finished(m_window->dataPage(), &ui::DataPage::importFinished);
    m_window->dataPage()->startImport(request);
    QVERIFY(finished.wait(60000));
    const std::int64_t noSplit = finished.first().at(0).toLongLong();
    const std::int64_t otherTarget = importCsv(QStringLiteral("other.csv"), "customer,tenure_months,left",
                                               QStringLiteral("left"), QStringLiteral("random:0.1,0.2"));
    QVERIFY(usable > 0 && noSplit > 0 && otherTarget > 0);
    QCOMPARE(QSet<std::int64_t>({usable, noSplit, otherTarget}).size(), 3);

    m_window->showPage(QStringLiteral("runs"));
    ui::LaunchRunDialog *dialog = m_window->runsPage()->launchInteractively();
    QVERIFY(dialog);
    // The newest version cannot be used: the dialog starts on the one that can.
    auto *version = dialog->findChild<QComboBox *>(QStringLiteral("launchDatasetVersion"));
    QCOMPARE(version->currentData().toLongLong(), usable);
    const QString note = dialog->findChild<QLabel *>(QStringLiteral("launchVersionNote"))->text();
    QVERIFY2(note.contains(QStringLiteral("#%1: it has no split").arg(noSplit)), qPrintable(note));
    QVERIFY2(note.contains(QStringLiteral("#%1: it has no target column 'churned'").arg(otherTarget)),
             qPrintable(note));
    QVERIFY(version->itemText(version->findData(qint64(noSplit))).contains(QStringLiteral("not usable")));
    QVERIFY(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(mbtest::saveScreenshot(dialog, QStringLiteral("launch-usable-version")));
    dialog->reject();
}

void tst_OwnData::columnStatisticsHeadersExplainThemselves()
{
    QVERIFY(importCsv(QStringLiteral("headers.csv"), "customer,tenure_months,churned", QStringLiteral("churned")) > 0);
    m_window->showPage(QStringLiteral("data-columns"));
    auto *view = m_window->dataPage()->findChild<QTableView *>(QStringLiteral("columnStats"));
    QVERIFY(view && view->isVisible());
    for (int c = 0; c < view->model()->columnCount(); ++c) {
        const QString tip = view->model()->headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString();
        QVERIFY2(tip.size() > 10, qPrintable(view->model()->headerData(c, Qt::Horizontal).toString()));
    }
}

QTEST_MAIN(tst_OwnData)
#include "tst_owndata.moc"
