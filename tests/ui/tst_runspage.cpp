// SPDX-License-Identifier: GPL-3.0-or-later
// Drives the real Runs page offscreen: the table shows what the store holds and sorts numbers as
// numbers; the detail shows the record, config, log and artifacts; the curves grow as points are
// written, keep a spike among 100 000 points, toggle from the legend and export; the launch dialog
// names the field that is wrong; and runs launched from it train in real worker processes, crash,
// get cancelled, and are found interrupted.
#include "app/services/DatasetImport.h"
#include "app/services/DatasetSplitting.h"
#include "app/services/RunQueue.h"
#include "core/Sha256.h"
#include "core/data/FeatureEncoder.h"
#include "db/ArtifactStore.h"
#include "db/DatasetRepository.h"
#include "db/MetricSeriesStore.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/support/MessageBoxes.h"
#include "tests/support/TestSupport.h"
#include "ui/plots/PlotSupport.h"
#include "ui/plots/QCustomPlotInclude.h"
#include "ui/plots/RunCurvesPlot.h"
#include "ui/runs/LaunchRunDialog.h"
#include "ui/runs/RunDetailView.h"
#include "ui/runs/RunsFilterModel.h"
#include "ui/runs/RunsPage.h"
#include "ui/runs/RunsTableModel.h"
#include "ui/shell/MainWindow.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QHeaderView>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <csignal>
#include <memory>

using namespace mb;
using mb::ui::MainWindow;

namespace {

// Two informative features and two noise ones; the label follows the first two.
QByteArray tinyCsv(int rows)
{
    QByteArray csv = "a,b,c,d,label\n";
    std::uint64_t state = 12345;
    const auto next = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return double(state >> 11) / double(1ULL << 53);
    };
    for (int r = 0; r < rows; ++r) {
        const double a = next(), b = next(), c = next(), d = next();
        const bool positive = a + b + 0.2 * (next() - 0.5) > 1.0;
        csv += QByteArray::number(a, 'f', 4) + ',' + QByteArray::number(b, 'f', 4) + ',' +
               QByteArray::number(c, 'f', 4) + ',' + QByteArray::number(d, 'f', 4) + ',' + (positive ? "yes" : "no") +
               '\n';
    }
    return csv;
}

QStringList columnTexts(const QAbstractItemModel *model, int column)
{
    QStringList texts;
    for (int r = 0; r < model->rowCount(); ++r)
        texts << model->index(r, column).data().toString();
    return texts;
}

int columnOf(const QAbstractItemModel *model, const QString &header)
{
    for (int c = 0; c < model->columnCount(); ++c)
        if (model->headerData(c, Qt::Horizontal).toString() == header)
            return c;
    return -1;
}

} // namespace

class tst_RunsPage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void tableShowsSeededRunsWithStatusAndMetrics();
    void sortingByAMetricIsNumericAndFilterMatchesWords();
    void detailShowsRecordConfigLogArtifactsAndErrorTail();
    void curveGrowsAsTheStoreReceivesPoints();
    void aRunQueuedElsewhereAppearsWithoutReopening();
    void adaptiveSamplingKeepsASpikeAmong100kPoints();
    void legendClickTogglesARunAndLogScaleApplies();
    void exportWritesNonEmptyPngPdfAndSvg();
    void launchDialogValidatesLiveAndNamesTheField();
    void launchDialogSetsTheFeatureEncodingAndFitsTheScreen();
    void launchDialogStartsOnTheSplitTheNewestRunUsed();
    void detailShowsWhatTheFeatureEncodingDidPerColumn();
    void rerunAndForkQueueChildRuns();
    void aProjectWithoutDataCannotLaunchAndSaysWhy();
    void concurrencyIsShownAndKept();
    void aStaleRunningRunIsInterruptedOnOpen();
    void aWorkerThatFailsMarksTheRunFailedWithItsOutput();
    void runLaunchedFromTheDialogTrainsToTheEnd();
    void theCurveOfATrainingRunGrowsWhileItTrains();
    void theCurveGrowsAtEveryEpochTheWorkerReports();
    void cancelStopsARunningWorker();
    void aKilledWorkerLeavesTheRunFailed();
    void closingWhileTrainingAsksAndStopsOnlyWhenTold();

private:
    db::Database &db() { return m_workspace->database(); }
    // A run as a worker would leave it: created, started, points, summary, log, artifacts, final status.
    // `split` 0: the imported one.
    std::int64_t seedRun(const QString &name, const QJsonObject &config, db::RunStatus status,
                         const QJsonObject &summary, int steps = 50, std::int64_t split = 0);
    QJsonObject config(const QString &optimizer, double lr, int epochs = 3) const;
    // Opens the workspace in a window on the Runs page; `autoStart` lets queued runs start workers.
    std::unique_ptr<MainWindow> openWindow(bool autoStart = false);
    ui::RunsPage *page(MainWindow &window) { return window.runsPage(); }
    std::int64_t launchTinyRun(ui::RunsPage *page, int epochs, int batch, const QString &name);

    QTemporaryDir m_settings;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<db::Workspace> m_workspace;
    QString m_path;
    std::int64_t m_projectId = 0;
    std::int64_t m_versionId = 0;
    std::int64_t m_splitId = 0;
};

void tst_RunsPage::initTestCase()
{
    QVERIFY(m_settings.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
}

void tst_RunsPage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("runs.mbw"));
    auto created = db::Workspace::create(m_path);
    QVERIFY(created);
    m_workspace = std::move(created).value();
    m_projectId = db::ProjectRepository(db()).create(QStringLiteral("Tiny"))->id;

    const QString csv = m_dir->filePath(QStringLiteral("tiny.csv"));
    QVERIFY(mbtest::writeFile(csv, tinyCsv(4000)));
    services::DatasetImportRequest request;
    request.file = csv;
    request.options.targets = {QStringLiteral("label")};
    request.split = data::SplitSpec::parse(QStringLiteral("random:0.2,0.1"), 7).value();
    const Result<services::DatasetImportOutcome> imported = services::importDataset(db(), m_projectId, request);
    QVERIFY2(imported, qPrintable(imported ? QString() : imported.error()));
    m_versionId = imported->version.id;
    m_splitId = imported->split->id;
}

void tst_RunsPage::cleanup()
{
    m_workspace.reset();
    m_dir.reset();
}

QJsonObject tst_RunsPage::config(const QString &optimizer, double lr, int epochs) const
{
    TrainingConfig c = defaultTrainingConfig(TaskType::Binary);
    c.datasetVersion = m_versionId;
    c.split = m_splitId;
    c.targets = {QStringLiteral("label")};
    c.optimizer.kind = optimizer == QLatin1String("sgd") ? OptimizerKind::Sgd : OptimizerKind::Adam;
    c.optimizer.learningRate = lr;
    c.epochs = epochs;
    return trainingConfigToJson(c);
}

std::int64_t tst_RunsPage::seedRun(const QString &name, const QJsonObject &config, db::RunStatus status,
                                   const QJsonObject &summary, int steps, std::int64_t split)
{
    db::RunRepository runs(db());
    db::RunRecord draft;
    draft.projectId = m_projectId;
    draft.name = name;
    draft.config = config;
    draft.datasetVersionId = m_versionId;
    draft.splitId = split > 0 ? split : m_splitId;
    draft.seed = 42;
    draft.threads = 1;
    draft.libtorchVersion = QStringLiteral("test");
    const std::int64_t id = runs.create(draft)->id;
    if (status == db::RunStatus::Queued)
        return id;
    runs.markRunning(id, QCoreApplication::applicationPid());
    {
        db::MetricSeriesWriter writer(db(), id);
        for (int s = 1; s <= steps; ++s)
            writer.append(QStringLiteral("train/loss"), s, 1.0 / s + 0.1);
        writer.append(QStringLiteral("validation/loss"), 1, 0.5);
        writer.flush();
    }
    runs.updateSummary(id, summary);
    runs.appendLog(id, QStringLiteral("epoch 1/3: validation/loss 0.5"));
    runs.appendLog(id, QStringLiteral("%1 says goodbye").arg(name));
    if (status != db::RunStatus::Running) {
        db::ArtifactStore artifacts(db());
        const QString sha = *artifacts.put(QByteArray(1536, 'w'));
        artifacts.attach(id, QStringLiteral("best"), sha);
        runs.finish(id, status,
                    status == db::RunStatus::Failed ? QStringLiteral("Traceback: out of memory") : QString());
    }
    return id;
}

std::unique_ptr<MainWindow> tst_RunsPage::openWindow(bool autoStart)
{
    auto window = std::make_unique<MainWindow>();
    services::RunQueue *queue = window->runsPage()->runQueue();
    queue->setProgram(QStringLiteral(METRICBRIDGE_BINARY));
    queue->setAutoStart(autoStart);
    window->resize(1280, 860);
    window->show();
    if (!window->openWorkspace(m_path))
        qFatal("cannot open the workspace: %s", qPrintable(window->errorText()));
    window->showPage(QStringLiteral("runs"));
    return window;
}

void tst_RunsPage::tableShowsSeededRunsWithStatusAndMetrics()
{
    const std::int64_t baseline =
        seedRun(QStringLiteral("baseline"), config(QStringLiteral("adam"), 0.001), db::RunStatus::Finished,
                {{"validation/loss", 0.31}, {"validation/accuracy", 0.9}, {"epochs_done", 3}, {"epochs", 3}});
    db().prepare("UPDATE runs SET started_at = '2026-01-31T12:00:00.000Z', finished_at = '2026-01-31T13:02:05.500Z' "
                 "WHERE id = ?1")
        .bind(1, baseline)
        .run();
    seedRun(QStringLiteral("too big"), config(QStringLiteral("sgd"), 0.5), db::RunStatus::Failed, {});
    seedRun(QStringLiteral("training now"), config(QStringLiteral("adam"), 0.01), db::RunStatus::Running,
            {{"validation/loss", 0.45}, {"epochs_done", 1}, {"epochs", 3}});
    auto window = openWindow();
    QTableView *view = page(*window)->runsView();
    QAbstractItemModelTester tester(view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModel *model = view->model();
    QVERIFY(view->isVisible());
    QCOMPARE(model->rowCount(), 3);
    // Newest first, with the status and the config in brief.
    QCOMPARE(columnTexts(model, ui::RunsTableModel::Name),
             (QStringList{QStringLiteral("training now"), QStringLiteral("too big"), QStringLiteral("baseline")}));
    QCOMPARE(columnTexts(model, ui::RunsTableModel::Status),
             (QStringList{QStringLiteral("running"), QStringLiteral("failed"), QStringLiteral("finished")}));
    QCOMPARE(model->index(2, ui::RunsTableModel::Model).data().toString(), QStringLiteral("mlp 64-32"));
    QCOMPARE(model->index(1, ui::RunsTableModel::Optimizer).data().toString(), QStringLiteral("sgd"));
    QCOMPARE(model->index(1, ui::RunsTableModel::LearningRate).data().toString(), QStringLiteral("0.5"));
    QCOMPARE(model->index(2, ui::RunsTableModel::Epochs).data().toString(), QStringLiteral("3 / 3"));
    QCOMPARE(model->index(0, ui::RunsTableModel::Epochs).data().toString(), QStringLiteral("1 / 3"));
    ui::RunsTableModel *runsModel = page(*window)->runsModel();
    QCOMPARE(model->index(2, runsModel->durationColumn()).data().toString(), QStringLiteral("1 h 02 min"));
    QCOMPARE(model->index(2, runsModel->durationColumn()).data(int(ui::RunsTableModel::Role::Sort)).toDouble(), 3725.5);
    // Metric columns come from the summaries, the loss first.
    const int loss = columnOf(model, QStringLiteral("val\nloss"));
    const int accuracy = columnOf(model, QStringLiteral("val\naccuracy"));
    QVERIFY(loss >= 0 && accuracy == loss + 1);
    QCOMPARE(model->index(2, loss).data().toString(), QStringLiteral("0.31"));
    QCOMPARE(model->index(2, accuracy).data().toString(), QStringLiteral("0.9"));
    QCOMPARE(model->index(0, loss).data().toString(), QStringLiteral("0.45"));
    QVERIFY(model->index(1, loss).data().toString().isEmpty());
    // The failed run's reason is one hover away.
    QVERIFY(model->index(1, ui::RunsTableModel::Status)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("out of memory")));
    QVERIFY(page(*window)
                ->findChild<QLabel *>(QStringLiteral("runsSummary"))
                ->text()
                .startsWith(QStringLiteral("1 running · 0 queued")));
}

void tst_RunsPage::sortingByAMetricIsNumericAndFilterMatchesWords()
{
    const double losses[] = {10, 9, 100};
    for (int i = 0; i < 3; ++i)
        seedRun(QStringLiteral("run %1").arg(i), config(i == 1 ? QStringLiteral("sgd") : QStringLiteral("adam"), 0.001),
                db::RunStatus::Finished, {{"validation/loss", losses[i]}});
    seedRun(QStringLiteral("no metric yet"), config(QStringLiteral("adam"), 0.001), db::RunStatus::Failed, {});
    auto window = openWindow();
    QTableView *view = page(*window)->runsView();
    QAbstractItemModel *model = view->model();
    const int loss = columnOf(model, QStringLiteral("val\nloss"));
    QVERIFY(loss >= 0);

    // Click the header, as the user does: ascending by value, 9 < 10 < 100, the run without one last.
    QHeaderView *header = view->horizontalHeader();
    const QPoint section(header->sectionViewportPosition(loss) + header->sectionSize(loss) / 2, header->height() / 2);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, section);
    QCOMPARE(header->sortIndicatorSection(), loss);
    QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
    QCOMPARE(columnTexts(model, loss),
             (QStringList{QStringLiteral("9"), QStringLiteral("10"), QStringLiteral("100"), QString()}));
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, section);
    QCOMPARE(columnTexts(model, loss),
             (QStringList{QStringLiteral("100"), QStringLiteral("10"), QStringLiteral("9"), QString()}));

    auto *filter = page(*window)->findChild<QLineEdit *>(QStringLiteral("runsFilter"));
    QTest::keyClicks(filter, QStringLiteral("status:failed"));
    QCOMPARE(columnTexts(model, ui::RunsTableModel::Name), QStringList{QStringLiteral("no metric yet")});
    filter->clear();
    QTest::keyClicks(filter, QStringLiteral("SGD run"));
    QCOMPARE(columnTexts(model, ui::RunsTableModel::Name), QStringList{QStringLiteral("run 1")});
    filter->clear();
    QCOMPARE(model->rowCount(), 4);
}

void tst_RunsPage::detailShowsRecordConfigLogArtifactsAndErrorTail()
{
    const std::int64_t finished =
        seedRun(QStringLiteral("baseline"), config(QStringLiteral("adam"), 0.001), db::RunStatus::Finished,
                {{"validation/loss", 0.31}, {"test/roc_auc", 0.8125}, {"latency_p99_ms", 0.0042}});
    const std::int64_t failed =
        seedRun(QStringLiteral("too big"), config(QStringLiteral("sgd"), 0.5), db::RunStatus::Failed, {});
    auto window = openWindow();
    ui::RunsPage *runs = page(*window);
    runs->selectRuns({finished});
    ui::RunDetailView *detail = runs->detail();
    QCOMPARE(detail->runId(), finished);

    QStringList record;
    for (QLabel *label : detail->findChild<QWidget *>(QStringLiteral("runRecord"))->findChildren<QLabel *>())
        if (label->isVisibleTo(detail))
            record << label->text();
    const QString text = record.join(QLatin1Char('|'));
    QVERIFY2(text.contains(QStringLiteral("#%1 baseline").arg(finished)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("tiny.csv (4,000 rows)")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("seed 42, 1 threads")));
    // The summary grouped by where each metric was measured, latency in readable units.
    QVERIFY2(text.contains(QStringLiteral("Validation: loss 0.31")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Test: roc_auc 0.8125")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("p99 4.2 µs")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("binary, targets label")));
    QVERIFY(!detail->findChild<QPlainTextEdit *>(QStringLiteral("runErrorTail"))->isVisibleTo(detail));

    const QString configText = detail->findChild<QPlainTextEdit *>(QStringLiteral("runConfig"))->toPlainText();
    QVERIFY(configText.contains(QStringLiteral("\"batch_size\": 128")));
    QVERIFY(configText.contains(QStringLiteral("\"kind\": \"adam\"")));
    QVERIFY(detail->findChild<QPlainTextEdit *>(QStringLiteral("runLog"))
                ->toPlainText()
                .endsWith(QStringLiteral("baseline says goodbye")));
    auto *artifacts = detail->findChild<QTableWidget *>(QStringLiteral("runArtifacts"));
    QCOMPARE(artifacts->rowCount(), 1);
    QCOMPARE(artifacts->item(0, 0)->text(), QStringLiteral("best"));
    QCOMPARE(artifacts->item(0, 3)->text(), mb::sha256Hex(QByteArray(1536, 'w')));
    QVERIFY2(artifacts->item(0, 2)->text().contains(QStringLiteral("1.50 KiB")),
             qPrintable(artifacts->item(0, 2)->text()));

    // Clicking the failed run's row shows why it failed.
    QTableView *view = runs->runsView();
    const int row = columnTexts(view->model(), ui::RunsTableModel::Name).indexOf(QStringLiteral("too big"));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(view->model()->index(row, 2)).center());
    QCOMPARE(detail->runId(), failed);
    auto *tail = detail->findChild<QPlainTextEdit *>(QStringLiteral("runErrorTail"));
    QVERIFY(tail->isVisibleTo(detail));
    QCOMPARE(tail->toPlainText(), QStringLiteral("Traceback: out of memory"));
    QCOMPARE(runs->curves()->runIds(), QList<std::int64_t>{failed});
}

void tst_RunsPage::curveGrowsAsTheStoreReceivesPoints()
{
    const std::int64_t id =
        seedRun(QStringLiteral("live"), config(QStringLiteral("adam"), 0.001), db::RunStatus::Running, {}, 100);
    auto window = openWindow();
    ui::RunsPage *runs = page(*window);
    ui::RunCurvesPlot *curves = runs->curves();
    QCOMPARE(curves->runIds(), QList<std::int64_t>{id});
    QCOMPARE(curves->metric(), QStringLiteral("train/loss"));
    QCOMPARE(curves->pointCount(id), 100);
    QVERIFY(curves->metrics().contains(QStringLiteral("validation/loss")));

    // Another connection writes, as the worker process does; the page's poll reads only what is new.
    db::MetricSeriesWriter writer(db(), id);
    for (int s = 101; s <= 250; ++s)
        writer.append(QStringLiteral("train/loss"), s, 0.05);
    QVERIFY(writer.flush());
    QTRY_COMPARE_WITH_TIMEOUT(curves->pointCount(id), 250, 60000);
    QCPGraph *graph = curves->plot()->graph(0);
    QCOMPARE(graph->dataCount(), 250);
    QCOMPARE(graph->data()->at(249)->key, 250.0);
    QCOMPARE(graph->data()->at(100)->key, 101.0); // nothing read twice

    // When the run ends, its status and last points arrive together.
    for (int s = 251; s <= 260; ++s)
        writer.append(QStringLiteral("train/loss"), s, 0.04);
    QVERIFY(writer.flush());
    db::RunRepository(db()).updateSummary(id, {{"validation/loss", 0.2}});
    db::RunRepository(db()).finish(id, db::RunStatus::Finished);
    QAbstractItemModel *model = runs->runsView()->model();
    QTRY_COMPARE_WITH_TIMEOUT(model->index(0, ui::RunsTableModel::Status).data().toString(), QStringLiteral("finished"),
                              60000);
    QCOMPARE(curves->pointCount(id), 260);
    QCOMPARE(model->index(0, columnOf(model, QStringLiteral("val\nloss"))).data().toString(), QStringLiteral("0.2"));
}

void tst_RunsPage::aRunQueuedElsewhereAppearsWithoutReopening()
{
    seedRun(QStringLiteral("first"), config(QStringLiteral("adam"), 0.001), db::RunStatus::Finished, {});
    auto window = openWindow();
    QAbstractItemModel *model = page(*window)->runsView()->model();
    QCOMPARE(model->rowCount(), 1);
    // `metricbridge train --project P --config F` from a terminal, while the window is open.
    seedRun(QStringLiteral("from the command line"), config(QStringLiteral("sgd"), 0.1), db::RunStatus::Queued, {});
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, 60000);
    QCOMPARE(model->index(0, ui::RunsTableModel::Name).data().toString(), QStringLiteral("from the command line"));
    QCOMPARE(model->index(0, ui::RunsTableModel::Status).data().toString(), QStringLiteral("queued"));
}

void tst_RunsPage::adaptiveSamplingKeepsASpikeAmong100kPoints()
{
    constexpr int kPoints = 100000;
    constexpr int kSpikeStep = 54321;
    const std::int64_t id =
        seedRun(QStringLiteral("spiky"), config(QStringLiteral("adam"), 0.001), db::RunStatus::Running, {}, 0);
    {
        db::MetricSeriesWriter writer(db(), id);
        for (int s = 1; s <= kPoints; ++s)
            writer.append(QStringLiteral("train/loss"), s, s == kSpikeStep ? 50.0 : 1.0 + 0.01 * (s % 7));
        QVERIFY(writer.flush());
    }
    db::RunRepository(db()).finish(id, db::RunStatus::Finished);
    auto window = openWindow();
    ui::RunCurvesPlot *curves = page(*window)->curves();
    QCOMPARE(curves->pointCount(id), kPoints);
    QCustomPlot *plot = curves->plot();
    curves->replotNow();
    QCPGraph *graph = plot->graph(0);
    // Far more points than pixels: drawn through min/max sampling, not point by point.
    QVERIFY(graph->adaptiveSampling());
    QVERIFY2(plot->axisRect()->width() * 2 < kPoints, qPrintable(QString::number(plot->axisRect()->width())));
    QVERIFY(plot->yAxis->range().contains(50.0));

    // The spike is drawn: the run's colour reaches the spike's height in its pixel column.
    const QImage image = plot->toPixmap().toImage();
    const int x = int(plot->xAxis->coordToPixel(kSpikeStep));
    const int top = int(plot->yAxis->coordToPixel(50.0));
    const QColor colour = ui::runColor(id);
    bool found = false;
    for (int dx = -2; dx <= 2 && !found; ++dx)
        for (int dy = -2; dy <= 3 && !found; ++dy) {
            const QColor pixel = image.pixelColor(x + dx, top + dy);
            found = std::abs(pixel.red() - colour.red()) < 60 && std::abs(pixel.green() - colour.green()) < 60 &&
                    std::abs(pixel.blue() - colour.blue()) < 60;
        }
    QVERIFY2(found, "the spike at step 54321 is not drawn");
}

void tst_RunsPage::legendClickTogglesARunAndLogScaleApplies()
{
    const std::int64_t first =
        seedRun(QStringLiteral("first"), config(QStringLiteral("adam"), 0.001), db::RunStatus::Finished, {});
    const std::int64_t second =
        seedRun(QStringLiteral("second"), config(QStringLiteral("adam"), 0.01), db::RunStatus::Finished, {});
    auto window = openWindow();
    ui::RunsPage *runs = page(*window);
    ui::RunCurvesPlot *curves = runs->curves();
    QCOMPARE(curves->runIds(), (QList<std::int64_t>{second, first})); // both overlaid when the page opens
    QCustomPlot *plot = curves->plot();
    curves->replotNow();
    QVERIFY(plot->legend->visible());
    QCOMPARE(plot->legend->itemCount(), 2);
    auto *item = qobject_cast<QCPPlottableLegendItem *>(plot->legend->item(1));
    QVERIFY(item);
    QCOMPARE(item->plottable()->name(), QStringLiteral("#%1 first").arg(first));

    QTest::mouseClick(plot, Qt::LeftButton, {}, item->outerRect().center());
    QVERIFY(!curves->isRunVisible(first));
    QVERIFY(curves->isRunVisible(second));
    curves->replotNow();
    item = qobject_cast<QCPPlottableLegendItem *>(plot->legend->item(1));
    QVERIFY(!item->plottable()->visible());
    QTest::mouseClick(plot, Qt::LeftButton, {}, item->outerRect().center());
    QVERIFY(curves->isRunVisible(first));

    auto *log = curves->findChild<QCheckBox *>(QStringLiteral("curveLogScale"));
    log->click();
    QCOMPARE(plot->yAxis->scaleType(), QCPAxis::stLogarithmic);
    QVERIFY(plot->yAxis->range().lower > 0);
    log->click();
    QCOMPARE(plot->yAxis->scaleType(), QCPAxis::stLinear);

    // The metric chooser lists the series present and switches the curves.
    auto *metric = curves->findChild<QComboBox *>(QStringLiteral("curveMetric"));
    QCOMPARE(metric->count(), 2);
    metric->setCurrentIndex(metric->findText(QStringLiteral("validation/loss")));
    Q_EMIT metric->activated(metric->currentIndex());
    QCOMPARE(curves->metric(), QStringLiteral("validation/loss"));
    QCOMPARE(curves->pointCount(first), 1);
    QCOMPARE(plot->xAxis->label(), QStringLiteral("epoch"));
}

void tst_RunsPage::exportWritesNonEmptyPngPdfAndSvg()
{
    seedRun(QStringLiteral("exported"), config(QStringLiteral("adam"), 0.001), db::RunStatus::Finished, {}, 500);
    auto window = openWindow();
    ui::RunCurvesPlot *curves = page(*window)->curves();
    for (const char *suffix : {"png", "pdf", "svg"}) {
        const QString path = m_dir->filePath(QStringLiteral("curves.") + QLatin1String(suffix));
        const Status written = curves->exportTo(path, 800, 500);
        QVERIFY2(written, qPrintable(written ? QString() : written.error()));
        QVERIFY2(QFile(path).size() > 1000, suffix);
    }
    QCOMPARE(QImage(m_dir->filePath(QStringLiteral("curves.png"))).size(), QSize(1600, 1000)); // 2x, sharp
    QVERIFY(mbtest::fileBytes(m_dir->filePath(QStringLiteral("curves.pdf"))).startsWith("%PDF"));
    const QByteArray svg = mbtest::fileBytes(m_dir->filePath(QStringLiteral("curves.svg")));
    QVERIFY(svg.contains("<svg"));
    QVERIFY(svg.contains("train/loss"));
    const Status refused = curves->exportTo(m_dir->filePath(QStringLiteral("curves.bmp")));
    QVERIFY(!refused);
    QVERIFY(refused.error().contains(QStringLiteral(".png, .pdf or .svg")));
}

void tst_RunsPage::launchDialogValidatesLiveAndNamesTheField()
{
    auto window = openWindow();
    ui::LaunchRunDialog *dialog = page(*window)->launchInteractively();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    auto *launch = dialog->findChild<QPushButton *>(QStringLiteral("launchButton"));
    auto *problem = dialog->findChild<QLabel *>(QStringLiteral("launchProblem"));
    auto *json = dialog->findChild<QPlainTextEdit *>(QStringLiteral("launchJson"));
    // The project's data and the task's defaults: ready to launch as it opens.
    QVERIFY2(dialog->canLaunch(), qPrintable(dialog->problem()));
    QVERIFY(launch->isEnabled());
    QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("launchTargets"))->text(), QStringLiteral("label"));
    QCOMPARE(dialog->findChild<QComboBox *>(QStringLiteral("launchSplit"))->currentData().toLongLong(), m_splitId);
    QVERIFY(json->toPlainText().contains(QStringLiteral("\"lr\": 0.001")));

    // The form drives the JSON.
    auto *epochs = dialog->findChild<QSpinBox *>(QStringLiteral("launchEpochs"));
    epochs->setValue(7);
    QVERIFY(json->toPlainText().contains(QStringLiteral("\"epochs\": 7")));
    auto *hidden = dialog->findChild<QLineEdit *>(QStringLiteral("launchHidden"));
    hidden->selectAll();
    QTest::keyClicks(hidden, QStringLiteral("16, x"));
    QVERIFY(!launch->isEnabled());
    QVERIFY2(problem->text().contains(QStringLiteral("model.hidden")), qPrintable(problem->text()));
    hidden->selectAll();
    QTest::keyClicks(hidden, QStringLiteral("16 8"));
    QVERIFY(launch->isEnabled());
    QVERIFY(json->toPlainText().contains(QStringLiteral("16,\n")));

    // The JSON drives the form, and a value out of range is named by its field.
    dialog->showJsonTab();
    QString text = json->toPlainText();
    json->setPlainText(text.replace(QStringLiteral("\"lr\": 0.001"), QStringLiteral("\"lr\": 0")));
    QVERIFY(!launch->isEnabled());
    QVERIFY2(problem->text().contains(QStringLiteral("optimizer.lr: 0 is out of range")), qPrintable(problem->text()));
    json->setPlainText(text.replace(QStringLiteral("\"lr\": 0,"), QStringLiteral("\"lr\": 0.25,")));
    QVERIFY2(launch->isEnabled(), qPrintable(problem->text()));
    QCOMPARE(dialog->findChild<QDoubleSpinBox *>(QStringLiteral("launchLearningRate"))->value(), 0.25);
    // queueRun's checks too: a column that is not a target.
    json->setPlainText(text.replace(QStringLiteral("\"label\""), QStringLiteral("\"a\"")));
    QVERIFY2(problem->text().contains(QStringLiteral("targets: column 'a' is not a target")),
             qPrintable(problem->text()));
    QVERIFY(!launch->isEnabled());
    json->setPlainText(text.replace(QStringLiteral("\"a\""), QStringLiteral("\"label\""))
                           .replace(QStringLiteral("\"epochs\": 7"), QStringLiteral("\"epochs\": 7, \"colour\": 1")));
    QVERIFY2(problem->text().contains(QStringLiteral("colour")), qPrintable(problem->text()));
    json->setPlainText(text.replace(QStringLiteral(", \"colour\": 1"), QString()));
    QVERIFY(launch->isEnabled());

    // Launch queues the run (no worker here: the queue is paused) and the table shows it.
    launch->click();
    QVERIFY(!dialog->isVisible());
    QAbstractItemModel *model = page(*window)->runsView()->model();
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, ui::RunsTableModel::Status).data().toString(), QStringLiteral("queued"));
    QCOMPARE(model->index(0, ui::RunsTableModel::Model).data().toString(), QStringLiteral("mlp 16-8"));
    QCOMPARE(model->index(0, ui::RunsTableModel::LearningRate).data().toString(), QStringLiteral("0.25"));
    QCOMPARE(model->index(0, ui::RunsTableModel::Epochs).data().toString(), QStringLiteral("7"));
}

// Found by a user: the project's runs used split 2, and Launch… offered split 1, the one the data page
// warns about. The dialog starts where the newest run left off, on switching version too.
void tst_RunsPage::launchDialogStartsOnTheSplitTheNewestRunUsed()
{
    const Result<db::DatasetSplitInfo> ordered =
        services::addSplit(db(), m_versionId, data::SplitSpec::parse(QStringLiteral("ordered:a"), 7).value());
    QVERIFY2(ordered, qPrintable(ordered ? QString() : ordered.error()));
    QVERIFY(ordered->id != m_splitId);
    const std::int64_t older = seedRun(QStringLiteral("on the first split"), config(QStringLiteral("adam"), 0.001),
                                       db::RunStatus::Finished, {});
    QVERIFY(older > 0);
    QJsonObject onOrdered = config(QStringLiteral("adam"), 0.001);
    onOrdered.insert(QStringLiteral("split"), qint64(ordered->id));
    QVERIFY(seedRun(QStringLiteral("on the ordered split"), onOrdered, db::RunStatus::Finished, {}, 50, ordered->id) >
            older);

    auto window = openWindow();
    ui::LaunchRunDialog *dialog = page(*window)->launchInteractively();
    QVERIFY(dialog);
    auto *split = dialog->findChild<QComboBox *>(QStringLiteral("launchSplit"));
    QCOMPARE(split->count(), 2);
    QCOMPARE(split->currentData().toLongLong(), ordered->id);
    QVERIFY2(split->currentText().startsWith(QStringLiteral("#%1 ").arg(ordered->id)),
             qPrintable(split->currentText()));
    QVERIFY2(dialog->canLaunch(), qPrintable(dialog->problem()));
    QVERIFY(dialog->config()->split == ordered->id);
}

void tst_RunsPage::launchDialogSetsTheFeatureEncodingAndFitsTheScreen()
{
    auto window = openWindow();
    ui::LaunchRunDialog *dialog = page(*window)->launchInteractively();
    QVERIFY(dialog);
    // A laptop screen holds the whole dialog.
    QVERIFY2(
        dialog->minimumSizeHint().width() <= 1024 && dialog->minimumSizeHint().height() <= 700,
        qPrintable(
            QStringLiteral("%1x%2").arg(dialog->minimumSizeHint().width()).arg(dialog->minimumSizeHint().height())));
    // The features row is read whole: no word of it is cut off.
    for (const char *name : {"launchMaxCategoriesLabel", "launchStandardize"}) {
        auto *widget = dialog->findChild<QWidget *>(QLatin1String(name));
        QVERIFY2(widget && widget->width() >= widget->sizeHint().width(), name);
    }
    auto *json = dialog->findChild<QPlainTextEdit *>(QStringLiteral("launchJson"));
    auto *problem = dialog->findChild<QLabel *>(QStringLiteral("launchProblem"));
    auto *maxCategories = dialog->findChild<QSpinBox *>(QStringLiteral("launchMaxCategories"));
    auto *standardize = dialog->findChild<QCheckBox *>(QStringLiteral("launchStandardize"));
    QVERIFY(maxCategories && standardize);
    // The defaults are today's encoding and stay out of the config.
    QCOMPARE(maxCategories->value(), 20);
    QVERIFY(standardize->isChecked());
    QVERIFY(!json->toPlainText().contains(QStringLiteral("\"features\"")));

    maxCategories->setValue(40);
    standardize->setChecked(false);
    QVERIFY2(json->toPlainText().contains(QStringLiteral("\"max_categories\": 40")), qPrintable(json->toPlainText()));
    QVERIFY(json->toPlainText().contains(QStringLiteral("\"standardize\": false")));
    QVERIFY(dialog->canLaunch());

    // log1p is edited in the JSON; a column the version does not have is named with the choices.
    dialog->showJsonTab();
    QString text = json->toPlainText();
    json->setPlainText(text.replace(QStringLiteral("\"log1p\": ["), QStringLiteral("\"log1p\": [\"e\"")));
    QVERIFY(!dialog->canLaunch());
    QVERIFY2(problem->text().contains(QStringLiteral(
                 "features.log1p: there is no column 'e'; log1p applies to numeric feature columns: a, b, c, d")),
             qPrintable(problem->text()));
    json->setPlainText(text.replace(QStringLiteral("[\"e\""), QStringLiteral("[\"d\"")));
    QVERIFY2(dialog->canLaunch(), qPrintable(problem->text()));
    QCOMPARE(maxCategories->value(), 40); // the form follows the JSON

    dialog->findChild<QPushButton *>(QStringLiteral("launchButton"))->click();
    const db::RunRecord queued = db::RunRepository(db()).runs(m_projectId)->constFirst();
    const QJsonObject features = queued.config.value(QStringLiteral("features")).toObject();
    QCOMPARE(features.value(QStringLiteral("max_categories")).toInt(), 40);
    QCOMPARE(features.value(QStringLiteral("standardize")).toBool(), false);
    QCOMPARE(features.value(QStringLiteral("log1p")).toArray(), QJsonArray{QStringLiteral("d")});
}

void tst_RunsPage::detailShowsWhatTheFeatureEncodingDidPerColumn()
{
    // A run that fitted its own encoding (log1p of a), and one stored before runs did.
    const std::int64_t own =
        seedRun(QStringLiteral("own"), config(QStringLiteral("adam"), 0.001), db::RunStatus::Finished, {});
    const data::Dataset dataset = *db::DatasetRepository(db()).load(m_versionId);
    data::FeatureOptions options;
    options.log1p = {QStringLiteral("a")};
    const data::FeatureEncoding encoding =
        *data::fitFeatureEncoding(dataset, *db::DatasetRepository(db()).splitAssignment(m_splitId), options);
    QVERIFY(db::RunRepository(db()).setFeatureEncoding(own, encoding.toJson()));
    const std::int64_t older =
        seedRun(QStringLiteral("older"), config(QStringLiteral("adam"), 0.001), db::RunStatus::Finished, {});

    auto window = openWindow();
    ui::RunsPage *runs = page(*window);
    auto *features = runs->detail()->findChild<QLabel *>(QStringLiteral("runRecord_features"));
    QVERIFY(features);
    runs->selectRuns({own});
    QCOMPARE(features->text(), QStringLiteral("4 columns -> 4 model inputs; one-hot keeps at most 20 categories; "
                                              "numbers standardised\na: number, log1p, standardised\n"
                                              "b: number, standardised\nc: number, standardised\n"
                                              "d: number, standardised"));
    runs->selectRuns({older});
    QVERIFY2(features->text().startsWith(
                 QStringLiteral("The split's encoding (this run was stored before runs fitted their own):\n4 columns")),
             qPrintable(features->text()));
    QVERIFY(features->text().endsWith(QStringLiteral("a: number, standardised\nb: number, standardised\n"
                                                     "c: number, standardised\nd: number, standardised")));
}

void tst_RunsPage::rerunAndForkQueueChildRuns()
{
    const std::int64_t parent =
        seedRun(QStringLiteral("baseline"), config(QStringLiteral("adam"), 0.001), db::RunStatus::Finished, {});
    auto window = openWindow();
    ui::RunsPage *runs = page(*window);
    runs->selectRuns({parent});
    runs->findChild<QPushButton *>(QStringLiteral("rerunButton"))->click();
    db::RunRepository repository(db());
    QList<db::RunRecord> all = *repository.runs(m_projectId);
    QCOMPARE(all.size(), 2);
    QCOMPARE(all.first().parentRunId, std::optional<std::int64_t>(parent));
    QCOMPARE(all.first().configSha256, all.last().configSha256); // the same config, recognisably
    QCOMPARE(runs->currentRunId(), all.first().id);
    QVERIFY(runs->findChild<QPushButton *>(QStringLiteral("cancelRunButton"))->isEnabled());

    runs->selectRuns({parent});
    runs->findChild<QPushButton *>(QStringLiteral("forkButton"))->click();
    auto *dialog = runs->findChild<ui::LaunchRunDialog *>();
    QVERIFY(dialog && dialog->isVisible());
    QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("launchName"))->text(), QStringLiteral("baseline (fork)"));
    QCOMPARE(dialog->findChild<QSpinBox *>(QStringLiteral("launchEpochs"))->value(), 3);
    dialog->findChild<QSpinBox *>(QStringLiteral("launchBatchSize"))->setValue(64);
    dialog->findChild<QPushButton *>(QStringLiteral("launchButton"))->click();
    all = *repository.runs(m_projectId);
    QCOMPARE(all.size(), 3);
    QCOMPARE(all.first().parentRunId, std::optional<std::int64_t>(parent));
    QCOMPARE(all.first().config.value(QStringLiteral("batch_size")).toInt(), 64);
    QCOMPARE(all.first().name, QStringLiteral("baseline (fork)"));

    // Cancelling a queued run asks first; kept, it stays queued; confirmed, it never starts.
    mbtest::answerNextQuestion(this, QMessageBox::No, QStringLiteral("will never start"));
    runs->findChild<QPushButton *>(QStringLiteral("cancelRunButton"))->click();
    QCOMPARE(repository.run(all.first().id)->status, db::RunStatus::Queued);
    mbtest::answerNextQuestion(this, QMessageBox::Yes, QStringLiteral("Cancel run #%1").arg(all.first().id));
    runs->findChild<QPushButton *>(QStringLiteral("cancelRunButton"))->click();
    QCOMPARE(repository.run(all.first().id)->status, db::RunStatus::Cancelled);
    QCOMPARE(runs->runsView()->model()->index(0, ui::RunsTableModel::Status).data().toString(),
             QStringLiteral("cancelled"));
}

void tst_RunsPage::aProjectWithoutDataCannotLaunchAndSaysWhy()
{
    db::ProjectRepository(db()).create(QStringLiteral("Empty"));
    auto window = openWindow();
    QVERIFY(window->selectProject(QStringLiteral("Empty")));
    ui::RunsPage *runs = page(*window);
    auto *empty = runs->findChild<QLabel *>(QStringLiteral("runsEmptyState"));
    QVERIFY(empty->isVisible());
    QVERIFY(empty->text().contains(QStringLiteral("No runs yet")));
    ui::LaunchRunDialog *dialog = runs->launchInteractively();
    QVERIFY(!dialog->canLaunch());
    QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("launchButton"))->isEnabled());
    QVERIFY2(dialog->findChild<QLabel *>(QStringLiteral("launchProblem"))
                 ->text()
                 .contains(QStringLiteral("import one on the Data page")),
             qPrintable(dialog->problem()));
    dialog->reject();
}

void tst_RunsPage::concurrencyIsShownAndKept()
{
    auto window = openWindow();
    auto *spin = page(*window)->findChild<QSpinBox *>(QStringLiteral("runsConcurrency"));
    QVERIFY(spin->isVisible());
    QCOMPARE(spin->value(), page(*window)->runQueue()->concurrency());
    spin->setValue(3);
    QCOMPARE(page(*window)->runQueue()->concurrency(), 3);
    window.reset();
    auto again = openWindow();
    QCOMPARE(page(*again)->findChild<QSpinBox *>(QStringLiteral("runsConcurrency"))->value(), 3);
    QCOMPARE(QSettings().value(QStringLiteral("runs/concurrency")).toInt(), 3);
    page(*again)->runQueue()->setConcurrency(services::RunQueue::defaultConcurrency());
}

void tst_RunsPage::aStaleRunningRunIsInterruptedOnOpen()
{
    const std::int64_t id =
        seedRun(QStringLiteral("orphan"), config(QStringLiteral("adam"), 0.001), db::RunStatus::Running, {});
    // Its worker died an hour ago.
    db().prepare("UPDATE runs SET heartbeat_at = '2020-01-01T00:00:00.000Z' WHERE id = ?1").bind(1, id).run();
    auto window = openWindow();
    QAbstractItemModel *model = page(*window)->runsView()->model();
    QCOMPARE(model->index(0, ui::RunsTableModel::Status).data().toString(), QStringLiteral("interrupted"));
    QCOMPARE(db::RunRepository(db()).run(id)->status, db::RunStatus::Interrupted);
}

void tst_RunsPage::aWorkerThatFailsMarksTheRunFailedWithItsOutput()
{
    const std::int64_t id =
        seedRun(QStringLiteral("doomed"), config(QStringLiteral("adam"), 0.001), db::RunStatus::Queued, {});
    auto window = std::make_unique<MainWindow>();
    // A program that exits with an error before doing anything: what a worker that cannot even
    // open the workspace looks like to the queue.
    window->runsPage()->runQueue()->setProgram(QStringLiteral("/bin/false"));
    window->show();
    QVERIFY(window->openWorkspace(m_path));
    window->showPage(QStringLiteral("runs"));
    db::RunRepository runs(db());
    QTRY_COMPARE_WITH_TIMEOUT(runs.run(id)->status, db::RunStatus::Failed, 60000);
    QVERIFY2(runs.run(id)->errorTail.contains(QStringLiteral("the worker exited with status 1")),
             qPrintable(runs.run(id)->errorTail));
    QAbstractItemModel *model = window->runsPage()->runsView()->model();
    QTRY_COMPARE_WITH_TIMEOUT(model->index(0, ui::RunsTableModel::Status).data().toString(), QStringLiteral("failed"),
                              60000);

    // A program that is not there at all.
    const std::int64_t second =
        seedRun(QStringLiteral("no worker"), config(QStringLiteral("adam"), 0.001), db::RunStatus::Queued, {});
    window->runsPage()->runQueue()->setProgram(m_dir->filePath(QStringLiteral("missing-program")));
    window->runsPage()->runQueue()->startQueued();
    QTRY_COMPARE_WITH_TIMEOUT(runs.run(second)->status, db::RunStatus::Failed, 60000);
    QVERIFY(runs.run(second)->errorTail.contains(QStringLiteral("cannot start the worker")));
}

std::int64_t tst_RunsPage::launchTinyRun(ui::RunsPage *page, int epochs, int batch, const QString &name)
{
    ui::LaunchRunDialog *dialog = page->launchInteractively();
    if (!dialog)
        return 0;
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("launchName")), name);
    auto *hidden = dialog->findChild<QLineEdit *>(QStringLiteral("launchHidden"));
    hidden->selectAll();
    QTest::keyClicks(hidden, QStringLiteral("8"));
    dialog->findChild<QSpinBox *>(QStringLiteral("launchEpochs"))->setValue(epochs);
    dialog->findChild<QSpinBox *>(QStringLiteral("launchBatchSize"))->setValue(batch);
    dialog->findChild<QSpinBox *>(QStringLiteral("launchThreads"))->setValue(1);
    dialog->findChild<QCheckBox *>(QStringLiteral("launchEarlyStopping"))->setChecked(false);
    auto *launch = dialog->findChild<QPushButton *>(QStringLiteral("launchButton"));
    if (!launch->isEnabled()) {
        qWarning("cannot launch: %s", qPrintable(dialog->problem()));
        return 0;
    }
    launch->click();
    return page->currentRunId();
}

void tst_RunsPage::runLaunchedFromTheDialogTrainsToTheEnd()
{
    auto window = openWindow(true);
    ui::RunsPage *runs = page(*window);
    const std::int64_t id = launchTinyRun(runs, 4, 4, QStringLiteral("tiny"));
    QVERIFY(id > 0);
    ui::RunCurvesPlot *curves = runs->curves();
    QCOMPARE(curves->runIds(), QList<std::int64_t>{id});
    QAbstractItemModel *model = runs->runsView()->model();
    const auto status = [&] { return model->index(0, ui::RunsTableModel::Status).data().toString(); };

    // Every step is stored and shown: 4 epochs of ceil(2800 / 4) steps.
    QTRY_VERIFY2_WITH_TIMEOUT(status().startsWith(QStringLiteral("finished")) || status() == QLatin1String("failed"),
                              qPrintable(status()), 120000);
    QVERIFY2(status() != QLatin1String("failed"), qPrintable(db::RunRepository(db()).run(id)->errorTail));
    QTRY_COMPARE_WITH_TIMEOUT(curves->pointCount(id), 4 * 700, 60000);
    const db::RunRecord run = *db::RunRepository(db()).run(id);
    QCOMPARE(run.status, db::RunStatus::Finished);
    QCOMPARE(model->index(0, ui::RunsTableModel::Epochs).data().toString(), QStringLiteral("4 / 4"));
    QVERIFY(!model->index(0, columnOf(model, QStringLiteral("val\naccuracy"))).data().toString().isEmpty());
    // The detail shows its checkpoints.
    QTRY_VERIFY(runs->detail()->findChild<QTableWidget *>(QStringLiteral("runArtifacts"))->rowCount() >= 1);
    // The worker records "finished" before it exits; the queue lets go of it when it has.
    QTRY_COMPARE_WITH_TIMEOUT(runs->runQueue()->workerCount(), 0, 60000);
}

void tst_RunsPage::cancelStopsARunningWorker()
{
    auto window = openWindow(true);
    ui::RunsPage *runs = page(*window);
    const std::int64_t id = launchTinyRun(runs, 500, 1, QStringLiteral("long"));
    QVERIFY(id > 0);
    db::RunRepository repository(db());
    QTRY_COMPARE_WITH_TIMEOUT(repository.run(id)->status, db::RunStatus::Running, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(runs->curves()->pointCount(id) > 0, 60000);
    runs->selectRuns({id});
    // A running run is only stopped once the user confirms: it cannot be resumed.
    mbtest::answerNextQuestion(this, QMessageBox::Yes, QStringLiteral("cannot be resumed"));
    runs->findChild<QPushButton *>(QStringLiteral("cancelRunButton"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(repository.run(id)->status, db::RunStatus::Cancelled, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(runs->runQueue()->workerCount(), 0, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(runs->runsView()->model()->index(0, ui::RunsTableModel::Status).data().toString(),
                              QStringLiteral("cancelled"), 60000);
}

void tst_RunsPage::aKilledWorkerLeavesTheRunFailed()
{
    auto window = openWindow(true);
    ui::RunsPage *runs = page(*window);
    const std::int64_t id = launchTinyRun(runs, 500, 1, QStringLiteral("killed"));
    QVERIFY(id > 0);
    db::RunRepository repository(db());
    QTRY_COMPARE_WITH_TIMEOUT(repository.run(id)->status, db::RunStatus::Running, 30000);
    const std::optional<std::int64_t> pid = repository.run(id)->workerPid;
    QVERIFY(pid);
    // An out-of-memory kill, as the kernel does it.
    QCOMPARE(::kill(pid_t(*pid), SIGKILL), 0);
    QTRY_COMPARE_WITH_TIMEOUT(repository.run(id)->status, db::RunStatus::Failed, 60000);
    QVERIFY2(repository.run(id)->errorTail.contains(QStringLiteral("crashed or was killed")),
             qPrintable(repository.run(id)->errorTail));
    QTRY_COMPARE_WITH_TIMEOUT(runs->runsView()->model()->index(0, ui::RunsTableModel::Status).data().toString(),
                              QStringLiteral("failed"), 60000);
    QVERIFY(window->isVisible()); // the window never noticed more than a status
}

void tst_RunsPage::closingWhileTrainingAsksAndStopsOnlyWhenTold()
{
    auto window = openWindow(true);
    ui::RunsPage *runs = page(*window);
    const std::int64_t id = launchTinyRun(runs, 500, 1, QStringLiteral("closing"));
    QVERIFY(id > 0);
    db::RunRepository repository(db());
    QTRY_COMPARE_WITH_TIMEOUT(repository.run(id)->status, db::RunStatus::Running, 30000);

    // Answers the question with the button whose text is `answer`, once it is shown.
    auto answerWith = [](const QString &answer, QString *question) {
        QTimer::singleShot(0, [answer, question] {
            QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<QMessageBox *>(QApplication::activeModalWidget()), 60000);
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            *question = box->text();
            for (QAbstractButton *button : box->buttons())
                if (button->text() == answer)
                    button->click();
        });
    };
    QString question;
    answerWith(QStringLiteral("Keep training"), &question);
    QVERIFY(!window->close());
    QVERIFY2(question.contains(QStringLiteral("1 run(s) are still training")), qPrintable(question));
    QVERIFY(window->isVisible());
    QCOMPARE(repository.run(id)->status, db::RunStatus::Running);

    answerWith(QStringLiteral("Stop runs and close"), &question);
    QVERIFY(window->close());
    QTRY_COMPARE_WITH_TIMEOUT(repository.run(id)->status, db::RunStatus::Cancelled, 60000);
}

// The curve grows while the run trains, not only at the end. The run is made long (many epochs)
// so that growth is seen on a fast machine and a loaded one alike, then cancelled.
void tst_RunsPage::theCurveOfATrainingRunGrowsWhileItTrains()
{
    auto window = openWindow(true);
    ui::RunsPage *runs = page(*window);
    const std::int64_t id = launchTinyRun(runs, 1000, 4, QStringLiteral("long"));
    QVERIFY(id > 0);
    ui::RunCurvesPlot *curves = runs->curves();
    QAbstractItemModel *model = runs->runsView()->model();
    const auto status = [&] { return model->index(0, ui::RunsTableModel::Status).data().toString(); };

    QTRY_VERIFY_WITH_TIMEOUT(curves->pointCount(id) > 0, 120000);
    const int first = curves->pointCount(id);
    QTRY_VERIFY_WITH_TIMEOUT(curves->pointCount(id) > first, 120000);
    QVERIFY2(status().startsWith(QStringLiteral("running")), qPrintable(status())); // grown during training

    QVERIFY(runs->cancelRun(id));
    QTRY_COMPARE_WITH_TIMEOUT(db::RunRepository(db()).run(id)->status, db::RunStatus::Cancelled, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(runs->runQueue()->workerCount(), 0, 60000);
}

// The curve follows the worker's epoch events, not only the page's poll: with the poll slowed to
// an hour, every step of each epoch the worker reports still reaches the plot. The run is long
// (many epochs), then cancelled.
void tst_RunsPage::theCurveGrowsAtEveryEpochTheWorkerReports()
{
    auto window = openWindow(true);
    ui::RunsPage *runs = page(*window);
    runs->setPollIntervals(3600 * 1000, 3600 * 1000);
    QSignalSpy epochs(runs->runQueue(), &services::RunQueue::runEpoch);
    const std::int64_t id = launchTinyRun(runs, 1000, 4, QStringLiteral("epochs"));
    QVERIFY(id > 0);
    ui::RunCurvesPlot *curves = runs->curves();
    QCOMPARE(curves->runIds(), QList<std::int64_t>{id});
    const auto reported = [&] { // the newest epoch the run's worker has reported
        int newest = 0;
        for (const QList<QVariant> &event : std::as_const(epochs))
            if (event.at(0).toLongLong() == id)
                newest = std::max(newest, event.at(1).toInt());
        return newest;
    };
    const int stepsPerEpoch = 700; // ceil(2800 training rows / batch 4)

    for (int epoch = 1; epoch <= 3; ++epoch) {
        QTRY_VERIFY_WITH_TIMEOUT(reported() >= epoch, 120000);
        QTRY_VERIFY2_WITH_TIMEOUT(
            curves->pointCount(id) >= epoch * stepsPerEpoch,
            qPrintable(
                QStringLiteral("epoch %1 reported, %2 points drawn").arg(reported()).arg(curves->pointCount(id))),
            60000);
    }
    QCOMPARE(curves->metric(), QStringLiteral("train/loss"));
    QVERIFY(curves->metrics().contains(QStringLiteral("validation/loss"))); // written at each epoch's end
    QCOMPARE(curves->plot()->graph(0)->dataCount(), curves->pointCount(id));
    QCOMPARE(db::RunRepository(db()).run(id)->status, db::RunStatus::Running); // drawn during training

    QVERIFY(runs->cancelRun(id));
    QTRY_COMPARE_WITH_TIMEOUT(db::RunRepository(db()).run(id)->status, db::RunStatus::Cancelled, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(runs->runQueue()->workerCount(), 0, 60000);
}

QTEST_MAIN(tst_RunsPage)
#include "tst_runspage.moc"
