// SPDX-License-Identifier: GPL-3.0-or-later
// What a user reads on the Runs page, driven offscreen. The curve panels, on a run whose series are
// written as the worker writes them (a noisy per-step loss with its wall time, per-epoch validation
// metrics, the step each epoch ended at, the best epoch in the summary): smoothing draws a moving
// average over a faint raw curve, three panels show three metrics, the x axis counts steps, epochs
// or wall time, and the best epoch is marked where it is. The table: a re-run and a fork are told
// apart from their parent, a filter that names no column says so instead of showing 0 rows, and an
// external run (trained by another tool, `log start`) is marked with the tool that trained it.
#include "app/services/DatasetImport.h"
#include "app/services/DatasetExport.h"
#include "app/services/ExternalRuns.h"
#include "app/services/PredictionLog.h"
#include "app/services/RunQueue.h"
#include "core/TrainingConfig.h"
#include "db/MetricSeriesStore.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/support/ExternalRunChecks.h"
#include "tests/support/TestScreenshots.h"
#include "tests/support/TestSupport.h"
#include "ui/plots/QCustomPlotInclude.h"
#include "ui/plots/RunCurvesPanels.h"
#include "ui/plots/RunCurvesPlot.h"
#include "ui/runs/RunsPage.h"
#include "ui/runs/RunsTableModel.h"
#include "ui/shell/MainWindow.h"

#include <QAbstractItemModel>
#include <QComboBox>
#include <QFontMetrics>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace mb;
using mb::ui::MainWindow;
using mb::ui::RunCurvesPlot;

namespace {

constexpr int kEpochs = 6;
constexpr int kStepsPerEpoch = 50;
constexpr int kBestEpoch = 4;

// A loss falling from 1 to about 0.2 with noise of ±0.15, like a mini-batch loss.
double noisyLoss(int step)
{
    return 0.2 + 0.8 * std::exp(-step / 80.0) + 0.15 * std::sin(step * 2.7);
}

} // namespace

class tst_RunsReading : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void smoothingDrawsAnAverageOverAFaintRawCurve();
    void threePanelsShowLossValidationAndHeadline();
    void xAxisCountsStepsEpochsOrWallTime();
    void bestEpochIsMarkedOnEveryAxis();
    void reRunAndForkAreToldApartFromTheirParent();
    void filterNamingNoColumnSaysWhatIsWrong();
    void anExternalRunSaysWhichToolTrainedIt();

private:
    std::unique_ptr<MainWindow> openWindow();
    ui::RunCurvesPanels *panels(MainWindow &window);

    QTemporaryDir m_dir;
    QString m_path;
    std::int64_t m_runId = 0;
    db::RunRecord m_draft; // the seeded run's record, to queue children of it
};

void tst_RunsReading::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    m_path = m_dir.filePath(QStringLiteral("curves.mbw"));
    auto workspace = db::Workspace::create(m_path);
    QVERIFY(workspace);
    db::Database &db = (*workspace)->database();
    const std::int64_t project = db::ProjectRepository(db).create(QStringLiteral("Curves"))->id;
    QByteArray csv = "x,label\n";
    for (int r = 0; r < 400; ++r)
        csv += QByteArray::number(r % 17) + ',' + (r % 3 ? "1" : "0") + '\n';
    QVERIFY(mbtest::writeFile(m_dir.filePath(QStringLiteral("data.csv")), csv));
    services::DatasetImportRequest request;
    request.file = m_dir.filePath(QStringLiteral("data.csv"));
    request.options.targets = {QStringLiteral("label")};
    request.split = data::SplitSpec::parse(QStringLiteral("random:0.2,0.1"), 7).value();
    const auto imported = services::importDataset(db, project, request);
    QVERIFY(imported);

    TrainingConfig config = defaultTrainingConfig(TaskType::Binary);
    config.datasetVersion = imported->version.id;
    config.split = imported->split->id;
    config.targets = {QStringLiteral("label")};
    config.epochs = kEpochs;
    db::RunRecord draft;
    draft.projectId = project;
    draft.name = QStringLiteral("noisy");
    draft.config = trainingConfigToJson(config);
    draft.datasetVersionId = imported->version.id;
    draft.splitId = imported->split->id;
    draft.seed = 42;
    draft.threads = 1;
    draft.libtorchVersion = QStringLiteral("test");
    db::RunRepository runs(db);
    m_draft = draft;
    m_runId = runs.create(draft)->id;
    runs.markRunning(m_runId, QCoreApplication::applicationPid());
    {
        // As the worker writes them (app/worker/RunTracker).
        db::MetricSeriesWriter writer(db, m_runId);
        for (int step = 1; step <= kEpochs * kStepsPerEpoch; ++step) {
            writer.append(QStringLiteral("train/loss"), step, noisyLoss(step));
            writer.append(QStringLiteral("wall_time_s"), step, 0.02 * step);
        }
        for (int epoch = 1; epoch <= kEpochs; ++epoch) {
            writer.append(QStringLiteral("validation/loss"), epoch, epoch == kBestEpoch ? 0.30 : 0.35 + 0.01 * epoch);
            writer.append(QStringLiteral("validation/accuracy"), epoch, epoch == kBestEpoch ? 0.9 : 0.8);
            writer.append(QStringLiteral("epoch/last_step"), epoch, epoch * kStepsPerEpoch);
        }
        QVERIFY(writer.flush());
    }
    runs.updateSummary(m_runId, {{"best_epoch", kBestEpoch}, {"validation/loss", 0.3}});
    runs.finish(m_runId, db::RunStatus::Finished);
}

std::unique_ptr<MainWindow> tst_RunsReading::openWindow()
{
    auto window = std::make_unique<MainWindow>();
    window->runsPage()->runQueue()->setAutoStart(false);
    window->resize(1024, 700);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()) || !window->openWorkspace(m_path))
        qFatal("cannot open the workspace");
    window->showPage(QStringLiteral("runs"));
    return window;
}

ui::RunCurvesPanels *tst_RunsReading::panels(MainWindow &window)
{
    auto *found = window.runsPage()->findChild<ui::RunCurvesPanels *>();
    if (!found)
        qFatal("no curve panels");
    return found;
}

void tst_RunsReading::smoothingDrawsAnAverageOverAFaintRawCurve()
{
    auto window = openWindow();
    ui::RunCurvesPanels *curves = panels(*window);
    RunCurvesPlot *loss = curves->primary();
    QCOMPARE(loss->metric(), QStringLiteral("train/loss"));
    QCOMPARE(loss->pointCount(m_runId), kEpochs * kStepsPerEpoch);
    QVERIFY(std::isnan(loss->smoothedLast(m_runId))); // off until asked for

    // Moved as a user moves the slider.
    auto *slider = curves->findChild<QSlider *>(QStringLiteral("curveSmoothing"));
    slider->setValue(80);
    QCOMPARE(loss->smoothing(), 0.8);
    QCPGraph *raw = loss->plot()->graph(0);
    QCPGraph *smoothed = loss->plot()->graph(1);
    QVERIFY(smoothed->visible());
    QVERIFY2(raw->pen().color().alpha() < 100, "the raw curve is not faint behind the average");
    QCOMPARE(smoothed->pen().color().alpha(), 255);
    QCOMPARE(smoothed->dataCount(), raw->dataCount());
    // The average is steadier than the raw points: its step-to-step changes are far smaller.
    double rawJitter = 0, smoothJitter = 0;
    for (int i = 1; i < raw->dataCount(); ++i) {
        rawJitter += std::abs(raw->data()->at(i)->value - raw->data()->at(i - 1)->value);
        smoothJitter += std::abs(smoothed->data()->at(i)->value - smoothed->data()->at(i - 1)->value);
    }
    QVERIFY2(smoothJitter < rawJitter / 3, qPrintable(QStringLiteral("%1 vs %2").arg(smoothJitter).arg(rawJitter)));
    // Debiased: the first smoothed point is the first raw point, not pulled towards 0.
    QCOMPARE(smoothed->data()->at(0)->value, raw->data()->at(0)->value);
    // The legend shows the line that stands out.
    QVERIFY(loss->plot()->legend->itemWithPlottable(smoothed));
    loss->replotNow();
    QVERIFY(mbtest::saveScreenshot(window.get(), QStringLiteral("curves-smoothed")));

    // Off again: the raw curve alone, in full colour. The choice is remembered.
    slider->setValue(0);
    QVERIFY(!smoothed->visible());
    QCOMPARE(raw->pen().color().alpha(), 255);
    QCOMPARE(QSettings().value(QStringLiteral("curves/smoothing")).toDouble(), 0.0);
}

void tst_RunsReading::threePanelsShowLossValidationAndHeadline()
{
    auto window = openWindow();
    ui::RunCurvesPanels *curves = panels(*window);
    QCOMPARE(curves->panels().size(), 1);
    curves->findChild<QSpinBox *>(QStringLiteral("curvePanelCount"))->setValue(3);
    const QList<RunCurvesPlot *> shown = curves->panels();
    QCOMPARE(shown.size(), 3);
    QCOMPARE(shown.at(0)->metric(), QStringLiteral("train/loss"));
    QCOMPARE(shown.at(1)->metric(), QStringLiteral("validation/loss"));
    QCOMPARE(shown.at(2)->metric(), QStringLiteral("validation/accuracy"));
    for (RunCurvesPlot *panel : shown) {
        QVERIFY(panel->isVisible());
        QCOMPARE(panel->runIds(), QList<std::int64_t>{m_runId});
        QVERIFY(panel->pointCount(m_runId) > 0);
        // The axis series is not offered as a metric.
        QVERIFY(!panel->metrics().contains(QStringLiteral("epoch/last_step")));
    }
    // Still usable on a small screen.
    QVERIFY2(
        window->minimumSizeHint().width() <= 1024 && window->minimumSizeHint().height() <= 700,
        qPrintable(
            QStringLiteral("%1x%2").arg(window->minimumSizeHint().width()).arg(window->minimumSizeHint().height())));
    curves->setSmoothing(0.6);
    QCoreApplication::processEvents(); // lays the panels out, as the window's event loop would
    for (RunCurvesPlot *panel : shown) {
        // Each has room to be read, not a sliver.
        QVERIFY2(panel->plot()->height() >= ui::RunCurvesPanels::kStackedPlotMinHeight,
                 qPrintable(QString::number(panel->plot()->height())));
        panel->replotNow();
        // The curves take the panel's width (a hidden legend once squeezed them to a sliver).
        QVERIFY2(
            panel->plot()->axisRect()->width() > panel->plot()->width() / 2,
            qPrintable(QStringLiteral("%1 of %2").arg(panel->plot()->axisRect()->width()).arg(panel->plot()->width())));
        // The y tick labels do not print over each other (five in 90 pixels once did).
        const QCPAxis *y = panel->plot()->yAxis;
        const int labelHeight = QFontMetrics(y->tickLabelFont()).height();
        const QVector<double> ticks = y->tickVector();
        for (int t = 1; t < ticks.size(); ++t)
            QVERIFY2(std::abs(y->coordToPixel(ticks.at(t)) - y->coordToPixel(ticks.at(t - 1))) >= labelHeight,
                     qPrintable(QStringLiteral("%1 ticks of %2 px in %3 px")
                                    .arg(ticks.size())
                                    .arg(labelHeight)
                                    .arg(panel->plot()->axisRect()->height())));
        // The point count is shown whole or not at all, never clipped to "oints".
        const auto *points = panel->findChild<QLabel *>(QStringLiteral("curvePoints"));
        QVERIFY(points);
        QVERIFY2(points->text().isEmpty() || points->fontMetrics().horizontalAdvance(points->text()) <= points->width(),
                 qPrintable(points->text()));
    }
    QVERIFY(mbtest::saveScreenshot(window.get(), QStringLiteral("curves-three-panels")));

    // A new window opens with three panels again.
    window.reset();
    window = openWindow();
    QCOMPARE(panels(*window)->panels().size(), 3);
    QCOMPARE(panels(*window)->panels().at(2)->pointCount(m_runId), kEpochs);
    panels(*window)->setPanelCount(1);
    panels(*window)->setSmoothing(0);
}

void tst_RunsReading::xAxisCountsStepsEpochsOrWallTime()
{
    auto window = openWindow();
    ui::RunCurvesPanels *curves = panels(*window);
    RunCurvesPlot *loss = curves->primary();
    auto *axis = curves->findChild<QComboBox *>(QStringLiteral("curveXAxis"));
    const auto choose = [&](RunCurvesPlot::XAxis which) {
        axis->setCurrentIndex(axis->findData(int(which)));
        Q_EMIT axis->activated(axis->currentIndex());
    };
    QCPGraph *raw = loss->plot()->graph(0);
    QCOMPARE(raw->data()->at(0)->key, 1.0); // as logged: steps

    choose(RunCurvesPlot::XAxis::Epoch);
    QCOMPARE(loss->plot()->xAxis->label(), QStringLiteral("epoch"));
    QCOMPARE(raw->dataCount(), kEpochs * kStepsPerEpoch);
    QCOMPARE(raw->data()->at(kStepsPerEpoch - 1)->key, 1.0); // the first epoch's last step ends epoch 1
    QCOMPARE(raw->data()->at(kEpochs * kStepsPerEpoch - 1)->key, double(kEpochs));
    QCOMPARE(raw->data()->at(kStepsPerEpoch / 2 - 1)->key, 0.5);

    choose(RunCurvesPlot::XAxis::WallTime);
    QCOMPARE(loss->plot()->xAxis->label(), QStringLiteral("wall time (s)"));
    QVERIFY(qFuzzyCompare(raw->data()->at(0)->key, 0.02));
    QVERIFY(qFuzzyCompare(raw->data()->at(99)->key, 2.0));

    // A per-epoch series on a step axis: each epoch at the step it ended.
    choose(RunCurvesPlot::XAxis::Step);
    QVERIFY(loss->setMetric(QStringLiteral("validation/loss")));
    QCOMPARE(loss->plot()->xAxis->label(), QStringLiteral("step"));
    QCOMPARE(raw->dataCount(), kEpochs);
    QCOMPARE(raw->data()->at(1)->key, double(2 * kStepsPerEpoch));
    QVERIFY(mbtest::saveScreenshot(window.get(), QStringLiteral("curves-validation-by-step")));

    choose(RunCurvesPlot::XAxis::AsLogged);
    QCOMPARE(raw->data()->at(1)->key, 2.0);
    QCOMPARE(loss->plot()->xAxis->label(), QStringLiteral("epoch"));
}

void tst_RunsReading::bestEpochIsMarkedOnEveryAxis()
{
    auto window = openWindow();
    ui::RunCurvesPanels *curves = panels(*window);
    RunCurvesPlot *plot = curves->primary();
    QCOMPARE(plot->bestEpoch(m_runId), kBestEpoch);
    // The training loss is logged by step: the best epoch is where its last step was.
    QCOMPARE(plot->bestEpochX(m_runId), double(kBestEpoch * kStepsPerEpoch));
    QVERIFY(plot->setMetric(QStringLiteral("validation/loss")));
    QCOMPARE(plot->bestEpochX(m_runId), double(kBestEpoch));
    curves->setXAxis(RunCurvesPlot::XAxis::WallTime);
    QVERIFY(qFuzzyCompare(plot->bestEpochX(m_runId), 0.02 * kBestEpoch * kStepsPerEpoch));
    // Drawn: a dashed line in the run's colour at that x.
    QCPItemStraightLine *line = nullptr;
    for (int i = 0; i < plot->plot()->itemCount(); ++i)
        if (auto *item = qobject_cast<QCPItemStraightLine *>(plot->plot()->item(i)); item && item->visible())
            line = item;
    QVERIFY(line);
    QCOMPARE(line->pen().style(), Qt::DashLine);
    QVERIFY(qFuzzyCompare(line->point1->coords().x(), 0.02 * kBestEpoch * kStepsPerEpoch));
    curves->setXAxis(RunCurvesPlot::XAxis::AsLogged);
}

void tst_RunsReading::reRunAndForkAreToldApartFromTheirParent()
{
    std::int64_t rerun = 0, fork = 0;
    {
        auto workspace = db::Workspace::open(m_path);
        QVERIFY(workspace);
        db::RunRepository runs((*workspace)->database());
        db::RunRecord child = m_draft;
        child.parentRunId = m_runId;
        rerun = runs.create(child)->id; // the same config: a re-run
        child.config.insert(QStringLiteral("epochs"), kEpochs + 4);
        fork = runs.create(child)->id; // another config: a fork
    }
    auto window = openWindow();
    QAbstractItemModel *model = window->runsPage()->runsView()->model();
    QStringList names;
    for (int r = 0; r < model->rowCount(); ++r)
        names << model->index(r, ui::RunsTableModel::Name).data().toString();
    QVERIFY2(names.contains(QStringLiteral("noisy (re-run of #%1)").arg(m_runId)), qPrintable(names.join(u'|')));
    QVERIFY2(names.contains(QStringLiteral("noisy (fork of #%1)").arg(m_runId)), qPrintable(names.join(u'|')));
    QVERIFY(names.contains(QStringLiteral("noisy")));
    QVERIFY(rerun != fork);
}

void tst_RunsReading::filterNamingNoColumnSaysWhatIsWrong()
{
    auto window = openWindow();
    ui::RunsPage *runs = window->runsPage();
    auto *filter = runs->findChild<QLineEdit *>(QStringLiteral("runsFilter"));
    auto *problem = runs->findChild<QLabel *>(QStringLiteral("filterProblem"));
    QVERIFY(!problem->isVisible());
    filter->setFocus();
    QTest::keyClicks(filter, QStringLiteral("acc>0.5"));
    QCOMPARE(runs->runsView()->model()->rowCount(), 0);
    QVERIFY(problem->isVisible());
    QVERIFY2(problem->text().contains(QStringLiteral("unknown field &#x27;acc&#x27;")) ||
                 problem->text().contains(QStringLiteral("unknown field 'acc'")),
             qPrintable(problem->text()));
    QVERIFY2(problem->text().contains(QStringLiteral("status")), qPrintable(problem->text())); // the valid keys
    // With no run left to draw, the empty plot keeps its width (a hidden legend squeezed it).
    RunCurvesPlot *curves = runs->curves();
    curves->replotNow();
    QVERIFY2(
        curves->plot()->axisRect()->width() > curves->plot()->width() / 2,
        qPrintable(QStringLiteral("%1 of %2").arg(curves->plot()->axisRect()->width()).arg(curves->plot()->width())));
    QVERIFY(mbtest::saveScreenshot(window.get(), QStringLiteral("runs-filter-problem")));
    filter->clear();
    QTest::keyClicks(filter, QStringLiteral("status:finished"));
    QVERIFY(!problem->isVisible());
    QVERIFY(runs->runsView()->model()->rowCount() > 0);
}

void tst_RunsReading::anExternalRunSaysWhichToolTrainedIt()
{
    std::int64_t external = 0;
    {
        auto workspace = db::Workspace::open(m_path);
        QVERIFY(workspace);
        services::ExternalRunStart start;
        start.name = QStringLiteral("forest");
        start.datasetVersion = *m_draft.datasetVersionId;
        start.split = *m_draft.splitId;
        start.targets = {QStringLiteral("label")};
        start.tool = QStringLiteral("scikit-learn");
        start.toolVersion = QStringLiteral("1.2.1");
        const Result<db::RunRecord> run = services::startExternalRun((*workspace)->database(), m_draft.projectId, start);
        QVERIFY2(run, run ? "" : qPrintable(run.error()));
        external = run->id;
        // Its test predictions, with what the tool said of them: a ROC AUC that is right (every
        // score ties: 0.5) and an accuracy it cannot have had on these rows.
        const QString rows = m_dir.filePath(QStringLiteral("external-test.csv"));
        QVERIFY(services::exportDatasetPart((*workspace)->database(), start.datasetVersion, start.split,
                                            data::SplitPart::Test, rows));
        QByteArray predictions = "row,score:label\n";
        for (const QStringList &row : mbtest::readCsvTable(rows).rows)
            predictions += row.value(0).toUtf8() + ",0.5\n";
        services::PredictionLogRequest logged;
        logged.runId = external;
        logged.file = m_dir.filePath(QStringLiteral("external-predictions.csv"));
        logged.reportedFile = m_dir.filePath(QStringLiteral("external-reported.json"));
        QVERIFY(mbtest::writeFile(logged.file, predictions));
        QVERIFY(mbtest::writeFile(logged.reportedFile, R"({"roc_auc": 0.5, "accuracy": 0.999})"));
        const Result<services::PredictionLogOutcome> stored =
            services::logPredictions((*workspace)->database(), logged);
        QVERIFY2(stored, stored ? "" : qPrintable(stored.error()));
    }
    auto window = openWindow();
    ui::RunsPage *runs = window->runsPage();
    QAbstractItemModel *model = runs->runsView()->model();
    QString shown;
    for (int r = 0; r < model->rowCount(); ++r)
        if (model->index(r, ui::RunsTableModel::Name).data().toString() == QLatin1String("forest"))
            shown = model->index(r, ui::RunsTableModel::Model).data().toString();
    QCOMPARE(shown, QStringLiteral("external: scikit-learn 1.2.1"));
    runs->selectRuns({external});
    auto *task = runs->findChild<QLabel *>(QStringLiteral("runRecord_task"));
    QVERIFY(task);
    QTRY_COMPARE(task->text(), QStringLiteral("binary, targets label (an external run, trained by scikit-learn 1.2.1)"));
    auto *libtorch = runs->findChild<QLabel *>(QStringLiteral("runRecord_libtorch"));
    QVERIFY(libtorch);
    QCOMPARE(libtorch->text(), QStringLiteral("none (an external run)"));
    auto *features = runs->findChild<QLabel *>(QStringLiteral("runRecord_features"));
    QVERIFY(features);
    QCOMPARE(features->text(),
             QStringLiteral("Made by the tool that trained it, from the exported rows (dataset export)."));
    // What the tool reported sits beside the app's figures, and the one that differs is flagged.
    auto *reported = runs->findChild<QLabel *>(QStringLiteral("runRecord_reported"));
    QVERIFY(reported);
    QVERIFY(reported->isVisible());
    const QStringList lines = reported->text().split(QLatin1Char('\n'));
    QVERIFY2(lines.value(0).startsWith(QStringLiteral("⚠ 1 of 2 differ from the app's own figures")),
             qPrintable(reported->text()));
    QVERIFY2(lines.contains(QStringLiteral("test/roc_auc: tool 0.5, app 0.5 · agrees")), qPrintable(reported->text()));
    QVERIFY2(lines.value(1).startsWith(QStringLiteral("test/accuracy: tool 0.999, app ")) &&
                 lines.value(1).endsWith(QStringLiteral(" · disagrees")),
             qPrintable(reported->text()));
    QVERIFY(mbtest::saveScreenshot(window.get(), QStringLiteral("runs-external-reported")));
    // A built-in run has nothing reported: the row is not shown.
    runs->selectRuns({m_runId});
    QTRY_VERIFY(!reported->isVisible());
}

QTEST_MAIN(tst_RunsReading)
#include "tst_runsreading.moc"
