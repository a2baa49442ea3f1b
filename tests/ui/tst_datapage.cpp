// SPDX-License-Identifier: GPL-3.0-or-later
// Drives the real Data page offscreen: an import runs in the background and its version appears
// with statistics and warnings; a cancelled import stores nothing; a version another process is
// still importing (staged) is not listed; the preview reads only the chunks it shows.
#include "app/services/DatasetImport.h"
#include "db/DatasetRepository.h"
#include "db/ProjectRepository.h"
#include "db/Workspace.h"
#include "tests/support/TestSupport.h"
#include "ui/data/DataPage.h"
#include "ui/data/DatasetPreviewModel.h"
#include "ui/data/ImportDatasetDialog.h"
#include "ui/shell/MainWindow.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace mb;
using mb::ui::MainWindow;

class tst_DataPage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void importShowsVersionStatisticsAndWarnings();
    void anIdAboveTwoToThe53IsShownWithEveryDigit();
    void cancelledImportStoresNothing();
    void aVersionStillBeingImportedIsNotListed();
    void dialogReadsTheHeaderAndRefusesAnIncompleteSplit();
    void previewOfManyRowsReadsOnlyVisibleChunks();

private:
    std::unique_ptr<MainWindow> windowWithProject(const QString &name);
    QString writeCsv(const QString &name, int rows);

    QTemporaryDir m_dir;
};

void tst_DataPage::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
}

std::unique_ptr<MainWindow> tst_DataPage::windowWithProject(const QString &name)
{
    auto window = std::make_unique<MainWindow>();
    window->show();
    if (!window->createWorkspace(m_dir.filePath(name + QStringLiteral(".mbw"))) || !window->createProject(name))
        qFatal("cannot set up the workspace");
    window->showPage(QStringLiteral("data"));
    return window;
}

// Rows of posts: a date, a category, a number and a label with a rare class.
QString tst_DataPage::writeCsv(const QString &name, int rows)
{
    QByteArray csv = "posted_at,topic,score,label\n";
    for (int r = 0; r < rows; ++r) {
        csv += QByteArray("2026-01-") + QByteArray::number(1 + r % 28).rightJustified(2, '0') + "T10:00:00Z,";
        csv += (r % 3 == 0 ? "news," : r % 3 == 1 ? "sport," : "tech,");
        csv += QByteArray::number(r * 0.5) + ',';
        csv += (r % 50 == 0 ? "rare" : (r % 2 ? "yes" : "no"));
        csv += '\n';
    }
    const QString path = m_dir.filePath(name);
    mbtest::writeFile(path, csv);
    return path;
}

void tst_DataPage::importShowsVersionStatisticsAndWarnings()
{
    auto window = windowWithProject(QStringLiteral("posts"));
    ui::DataPage *page = window->dataPage();
    QVERIFY(page->findChild<QLabel *>(QStringLiteral("dataEmptyState"))->isVisible());

    services::DatasetImportRequest request;
    request.file = writeCsv(QStringLiteral("posts.csv"), 600);
    request.options.targets = {QStringLiteral("label")};
    request.split = data::SplitSpec::parse(QStringLiteral("random:0.1,0.2"), 7).value();
    QSignalSpy finished(page, &ui::DataPage::importFinished);
    page->startImport(request);
    QVERIFY(page->isImporting());
    QVERIFY(finished.wait(20000));
    QVERIFY2(finished.first().at(0).toLongLong() > 0, qPrintable(finished.first().at(1).toString()));
    QVERIFY(!page->isImporting());

    auto *versions = page->findChild<QComboBox *>(QStringLiteral("datasetVersions"));
    QCOMPARE(versions->count(), 1);
    QVERIFY(versions->currentText().contains(QStringLiteral("posts.csv")));
    QVERIFY(page->findChild<QLabel *>(QStringLiteral("datasetSummary"))->text().contains(QStringLiteral("600 rows")));
    auto *split = page->findChild<QComboBox *>(QStringLiteral("splitChoice"));
    QVERIFY2(split->currentText().contains(QStringLiteral("420 / 60 / 120 rows")), qPrintable(split->currentText()));
    // posted_at (1) + topic one-hot (3) + score (1): the label is a target, not a feature.
    QVERIFY2(split->currentText().endsWith(QStringLiteral("5 features")), qPrintable(split->currentText()));

    // The preview shows the typed values, with each row's part of the split.
    auto *preview = page->findChild<QTableView *>(QStringLiteral("datasetPreview"));
    QAbstractItemModel *model = preview->model();
    QCOMPARE(model->rowCount(), 600);
    QCOMPARE(model->headerData(1, Qt::Horizontal).toString(), QStringLiteral("topic"));
    QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("2026-01-01T10:00:00Z"));
    QCOMPARE(model->index(1, 1).data().toString(), QStringLiteral("sport"));
    QCOMPARE(model->index(3, 2).data().toString(), QStringLiteral("1.5"));
    QVERIFY(model->headerData(0, Qt::Vertical)
                .toString()
                .contains(QRegularExpression(QStringLiteral("1 · (train|valid|test)"))));

    // Statistics: one row per column, with the type the importer inferred.
    auto *stats = page->findChild<QTableView *>(QStringLiteral("columnStats"))->model();
    QCOMPARE(stats->rowCount(), 4);
    QCOMPARE(stats->index(0, 1).data().toString(), QStringLiteral("datetime"));
    QCOMPARE(stats->index(1, 1).data().toString(), QStringLiteral("categorical"));
    QCOMPARE(stats->index(2, 1).data().toString(), QStringLiteral("numeric"));
    QCOMPARE(stats->index(3, 2).data().toString(), QStringLiteral("target"));

    // 12 "rare" rows: the seeds' rule of 100 examples per class is not met, and a random split
    // over dated rows tests on the past.
    const QString warnings = page->findChild<QLabel *>(QStringLiteral("datasetWarnings"))->text();
    QVERIFY2(warnings.contains(QStringLiteral("class &#x27;rare&#x27;")) ||
                 warnings.contains(QStringLiteral("class 'rare'")),
             qPrintable(warnings));
    QVERIFY(warnings.contains(QStringLiteral("12 example(s)")));
    QVERIFY(warnings.contains(QStringLiteral("older than the newest training row")));
    QVERIFY(!page->findChild<QLabel *>(QStringLiteral("dataEmptyState"))->isVisible());
}

// The preview read ids as doubles, which hold only every other whole number past 2^53, and cut
// them to "90071992547..." in a column sized for short numbers.
void tst_DataPage::anIdAboveTwoToThe53IsShownWithEveryDigit()
{
    auto window = windowWithProject(QStringLiteral("orders"));
    ui::DataPage *page = window->dataPage();
    QByteArray csv = "order_id,items,bought\n";
    for (int r = 0; r < 40; ++r)
        csv += QByteArray::number(qint64(9007199254740993LL + 2 * r)) + ',' + QByteArray::number(r % 7) + ',' +
               QByteArray::number(r % 2) + '\n';
    const QString path = m_dir.filePath(QStringLiteral("orders.csv"));
    QVERIFY(mbtest::writeFile(path, csv));
    services::DatasetImportRequest request;
    request.file = path;
    request.options.targets = {QStringLiteral("bought")};
    request.options.overrides[QStringLiteral("order_id")].ignore = true;
    QSignalSpy finished(page, &ui::DataPage::importFinished);
    page->startImport(request);
    QVERIFY(finished.wait(20000));
    QVERIFY2(finished.first().at(0).toLongLong() > 0, qPrintable(finished.first().at(1).toString()));

    auto *preview = page->findChild<QTableView *>(QStringLiteral("datasetPreview"));
    const QString first = preview->model()->index(0, 0).data().toString();
    QCOMPARE(first, QStringLiteral("9007199254740993"));
    QCOMPARE(preview->model()->index(39, 0).data().toString(), QStringLiteral("9007199254741071"));
    // Wide enough to read without an ellipsis, with the cell's margins.
    QVERIFY2(preview->columnWidth(0) > preview->fontMetrics().horizontalAdvance(first) + 12,
             qPrintable(QString::number(preview->columnWidth(0))));
}

void tst_DataPage::aVersionStillBeingImportedIsNotListed()
{
    // A workspace where one version is whole and another is staged, as a `dataset import` in
    // another process leaves it mid-way: its row names that (live) process.
    const QString path = m_dir.filePath(QStringLiteral("staged.mbw"));
    QProcess importer;
    importer.start(QStringLiteral("bash"), {QStringLiteral("-c"), QStringLiteral("exec -a metricbridge sleep 600")});
    QVERIFY(importer.waitForStarted(60000));
    {
        auto workspace = db::Workspace::create(path).value();
        const std::int64_t project = db::ProjectRepository(workspace->database()).create(QStringLiteral("p"))->id;
        std::int64_t staged = 0;
        for (const QString &name : {QStringLiteral("whole.csv"), QStringLiteral("half.csv")}) {
            services::DatasetImportRequest request;
            request.file = writeCsv(name, name == QStringLiteral("whole.csv") ? 120 : 130);
            request.options.targets = {QStringLiteral("label")};
            const Result<services::DatasetImportOutcome> imported =
                services::importDataset(workspace->database(), project, request);
            QVERIFY2(imported.ok(), qPrintable(imported.ok() ? QString() : imported.error()));
            staged = imported->version.id;
        }
        workspace->database()
            .prepare("INSERT INTO staged_dataset_versions(version_id, host, pid, started_at) VALUES (?1, ?2, ?3, ?4)")
            .bind(1, staged)
            .bind(2, QSysInfo::machineHostName())
            .bind(3, std::int64_t(importer.processId()))
            .bind(4, QStringLiteral("2026-12-07T12:00:00Z"))
            .run();
    }

    MainWindow window;
    window.show();
    QVERIFY(window.openWorkspace(path));
    window.showPage(QStringLiteral("data"));
    auto *versions = window.dataPage()->findChild<QComboBox *>(QStringLiteral("datasetVersions"));
    QCOMPARE(versions->count(), 1);
    QVERIFY2(versions->itemText(0).contains(QStringLiteral("whole.csv")), qPrintable(versions->itemText(0)));
    QVERIFY(!versions->itemText(0).contains(QStringLiteral("half.csv")));
    importer.kill();
    importer.waitForFinished(60000);
}

void tst_DataPage::cancelledImportStoresNothing()
{
    auto window = windowWithProject(QStringLiteral("big"));
    ui::DataPage *page = window->dataPage();
    services::DatasetImportRequest request;
    request.file = writeCsv(QStringLiteral("big.csv"), 400000);
    request.options.targets = {QStringLiteral("label")};
    QSignalSpy finished(page, &ui::DataPage::importFinished);
    page->startImport(request);
    QVERIFY(page->findChild<QProgressBar *>(QStringLiteral("importProgress"))->isVisible());
    QTest::mouseClick(page->findChild<QPushButton *>(QStringLiteral("cancelImportButton")), Qt::LeftButton);
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().at(0).toLongLong(), 0);
    QVERIFY2(finished.first().at(1).toString().contains(QStringLiteral("cancelled")),
             qPrintable(finished.first().at(1).toString()));
    // A cancel is what the user asked for: no error banner.
    QVERIFY2(window->errorText().isEmpty(), qPrintable(window->errorText()));
    QVERIFY(!page->findChild<QProgressBar *>(QStringLiteral("importProgress"))->isVisible());

    const QString path = window->workspacePath();
    window.reset();
    auto workspace = db::Workspace::open(path);
    QVERIFY(workspace);
    QCOMPARE((*workspace)->database().queryInt("SELECT count(*) FROM dataset_versions"), std::int64_t(0));
    QCOMPARE((*workspace)->database().queryInt("SELECT count(*) FROM dataset_chunks"), std::int64_t(0));
}

void tst_DataPage::dialogReadsTheHeaderAndRefusesAnIncompleteSplit()
{
    ui::ImportDatasetDialog dialog;
    dialog.setFile(writeCsv(QStringLiteral("dialog.csv"), 10));
    QVERIFY(dialog.findChild<QLineEdit *>(QStringLiteral("importName"))->text() == QStringLiteral("dialog.csv"));
    QStringList labels;
    for (QLabel *label : dialog.findChildren<QLabel *>())
        labels << label->text();
    QVERIFY2(labels.contains(QStringLiteral("Columns: posted_at, topic, score, label")),
             qPrintable(labels.join(QLatin1Char('|'))));

    auto *kind = dialog.findChild<QComboBox *>(QStringLiteral("importSplitKind"));
    kind->setCurrentIndex(kind->findData(QStringLiteral("ordered")));
    auto *problem = dialog.findChild<QLabel *>(QStringLiteral("importProblem"));
    QVERIFY2(problem->text().contains(QStringLiteral("Split column: name the column to split by")),
             qPrintable(problem->text()));
    QVERIFY(!dialog.request());
    QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("importSplitColumn")), QStringLiteral("posted_at"));
    QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("importTargets")), QStringLiteral("label"));
    // Override one column's type and another's missing-value policy in the column table.
    auto *columns = dialog.findChild<QTableWidget *>(QStringLiteral("importColumnTable"));
    QVERIFY(columns->isVisibleTo(&dialog));
    QCOMPARE(columns->rowCount(), 4);
    QCOMPARE(columns->item(2, 0)->text(), QStringLiteral("score"));
    auto *scoreType = qobject_cast<QComboBox *>(columns->cellWidget(2, 1));
    scoreType->setCurrentIndex(scoreType->findData(QStringLiteral("categorical")));
    auto *topicMissing = qobject_cast<QComboBox *>(columns->cellWidget(1, 2));
    topicMissing->setCurrentIndex(topicMissing->findData(QStringLiteral("indicator")));
    const Result<services::DatasetImportRequest> request = dialog.request();
    QVERIFY2(request, qPrintable(request ? QString() : request.error()));
    QCOMPARE(request->options.overrides.value(QStringLiteral("score")).type, data::ColumnType::Categorical);
    QCOMPARE(request->options.overrides.value(QStringLiteral("topic")).missingPolicy, data::MissingPolicy::Indicator);
    QVERIFY(!request->options.overrides.value(QStringLiteral("label")).type.has_value());
    QCOMPARE(request->split->column, QStringLiteral("posted_at"));
    QCOMPARE(request->options.targets, QStringList{QStringLiteral("label")});
    QVERIFY(problem->text().isEmpty());
}

void tst_DataPage::previewOfManyRowsReadsOnlyVisibleChunks()
{
    auto window = windowWithProject(QStringLiteral("rows"));
    ui::DataPage *page = window->dataPage();
    services::DatasetImportRequest request;
    request.file = writeCsv(QStringLiteral("rows.csv"), 200000);
    QSignalSpy finished(page, &ui::DataPage::importFinished);
    page->startImport(request);
    QVERIFY(finished.wait(60000));
    QVERIFY(finished.first().at(0).toLongLong() > 0);

    auto *view = page->findChild<QTableView *>(QStringLiteral("datasetPreview"));
    view->resize(900, 500);
    QCoreApplication::processEvents();
    view->scrollToBottom();
    QCoreApplication::processEvents();
    const QModelIndex last = view->model()->index(199999, 2);
    QCOMPARE(last.data().toString(), QStringLiteral("99999.5"));
    // 200 000 rows are 4 chunks per column; the top and the bottom were shown, so at most two
    // chunks per column were read, never the whole column.
    QVERIFY2(page->previewModel()->chunkReads() <= 2 * 4,
             qPrintable(QString::number(page->previewModel()->chunkReads())));
}

QTEST_MAIN(tst_DataPage)
#include "tst_datapage.moc"
