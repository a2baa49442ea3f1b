// SPDX-License-Identifier: GPL-3.0-or-later
// One metric, one reading on every page. Two finished regression runs written through the
// repositories as the worker leaves them (their ML metrics computed from their stored
// predictions by evaluation::predictionMetrics), the first also evaluated on newer data, are
// shown on the real Runs page, Compare page (table, Pareto caption, diff of the two runs) and
// Run-evaluation view, offscreen. Asserted:
//  - a lower-is-better metric (test/rmse, latency_p99_ms) and a business metric the framing
//    minimises are green where they fall and red where they rise, on the diff and on the
//    evaluation view alike, while r2 (higher is better) is read the other way;
//  - the Pareto caption names the same directions;
//  - the same value reads the same (core/NumberText) in the Runs table, the run's detail, the
//    Compare table, the diff and the evaluation view.
#include "app/services/DatasetImport.h"
#include "core/NumberText.h"
#include "core/TrainingConfig.h"
#include "core/evaluation/PredictionMetrics.h"
#include "db/EvaluationRepository.h"
#include "db/FramingRepository.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/support/TestSupport.h"
#include "ui/compare/ComparePage.h"
#include "ui/compare/CompareTableModel.h"
#include "ui/compare/RunDiffView.h"
#include "ui/compare/RunEvaluationView.h"
#include "ui/plots/RunScatterPlot.h"
#include "ui/runs/RunDetailView.h"
#include "ui/runs/RunsPage.h"
#include "ui/runs/RunsTableModel.h"
#include "ui/shell/Theme.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QJsonArray>
#include <QLabel>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <functional>
#include <memory>

using namespace mb;

namespace {

const QString kTarget = QStringLiteral("delivery_minutes");
const QString kRmse = QStringLiteral("test/rmse");
const QString kR2 = QStringLiteral("test/r2");
const QString kP99 = QStringLiteral("latency_p99_ms");
const QString kLate = QStringLiteral("late_promises");
constexpr int kItems = 200;

// Delivery times to predict: the business promises the predicted time, and a delivery later than
// its promise by more than half a minute is a broken promise, which the business minimises.
Framing deliveryFraming()
{
    Framing f;
    f.businessGoal = QStringLiteral("Promise delivery times customers can trust.");
    f.taskType = TaskType::Regression;
    f.targetColumns = {kTarget};
    f.objectives = {{QStringLiteral("minutes"), Loss::Mse}};
    BusinessMetric late;
    late.name = kLate;
    late.unit = QStringLiteral("orders");
    late.direction = Direction::Minimize;
    late.aggregates = {{QStringLiteral("late"), QStringLiteral("label > predicted + 0.5"), Aggregate::Sum}};
    f.businessMetrics = {late};
    return f;
}

QByteArray deliveriesCsv()
{
    QByteArray csv = "distance_km,delivery_minutes\n";
    for (int i = 0; i < kItems; ++i)
        csv += QByteArray::number(1 + i % 17) + ',' + QByteArray::number(20 + i % 40) + '\n';
    return csv;
}

// A latency profile in LatencyProfile::toJson's shape, with the percentiles given.
QJsonObject latency(double p50, double p99)
{
    QJsonArray samples;
    for (int i = 0; i < 100; ++i)
        samples.append(i < 98 ? p50 : p99);
    const QJsonObject batch1{{QStringLiteral("calls"), 100},
                             {QStringLiteral("p50_ms"), p50},
                             {QStringLiteral("p90_ms"), p50},
                             {QStringLiteral("p95_ms"), p50},
                             {QStringLiteral("p99_ms"), p99}};
    const QJsonObject batch256{{QStringLiteral("calls"), 10},
                               {QStringLiteral("p50_ms"), 40 * p50},
                               {QStringLiteral("p90_ms"), 40 * p50},
                               {QStringLiteral("p95_ms"), 40 * p50},
                               {QStringLiteral("p99_ms"), 40 * p99}};
    return {{QStringLiteral("batch_1"), batch1},
            {QStringLiteral("batch_256"), batch256},
            {QStringLiteral("items_per_s"), 256 / (40 * p50 / 1000)},
            {QStringLiteral("model_bytes"), 20480},
            {QStringLiteral("batch_1_samples_ms"), samples}};
}

QColor foreground(const QTableWidgetItem *item)
{
    return item ? item->foreground().color() : QColor();
}

} // namespace

class tst_MetricConsistency : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void theDiffColoursEachMetricByItsDirection();
    void theEvaluationViewColoursTheSameMetricsTheSameWay();
    void theParetoCaptionNamesTheSameDirections();
    void aValueReadsTheSameOnEveryPage();

private:
    db::Database &db() { return m_workspace->database(); }
    // A finished run whose held-out evaluation predicted label + error(i) for item i.
    std::int64_t seedRun(const QString &name, const std::function<double(int)> &error, const QJsonObject &latency);
    std::int64_t storeEvaluation(std::int64_t runId, const QString &part, const std::function<double(int)> &error,
                                 const QJsonObject &latency);
    double metric(std::int64_t evaluationId, const QString &name);
    std::unique_ptr<ui::ComparePage> openComparePage();

    QTemporaryDir m_settings;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<db::Workspace> m_workspace;
    std::int64_t m_projectId = 0;
    std::int64_t m_versionId = 0;
    std::int64_t m_splitId = 0;
    std::int64_t m_close = 0, m_far = 0;
    std::int64_t m_closeJudged = 0, m_closeLater = 0, m_farJudged = 0;
};

void tst_MetricConsistency::initTestCase()
{
    QVERIFY(m_settings.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("deliveries.mbw"));
    auto created = db::Workspace::create(m_path);
    QVERIFY2(created, qPrintable(created ? QString() : created.error()));
    m_workspace = std::move(created).value();
    m_projectId = db::ProjectRepository(db()).create(QStringLiteral("Deliveries"))->id;
    db::FramingRepository framings(db());
    const Result<db::SaveOutcome> saved = framings.save(framings.framing(m_projectId)->id, deliveryFraming());
    QVERIFY2(saved, qPrintable(saved ? QString() : saved.error()));

    const QString csv = m_dir->filePath(QStringLiteral("deliveries.csv"));
    QVERIFY(mbtest::writeFile(csv, deliveriesCsv()));
    services::DatasetImportRequest request;
    request.file = csv;
    request.options.targets = {kTarget};
    request.split = data::SplitSpec::parse(QStringLiteral("random:0.2,0.1"), 7).value();
    const Result<services::DatasetImportOutcome> imported = services::importDataset(db(), m_projectId, request);
    QVERIFY2(imported, qPrintable(imported ? QString() : imported.error()));
    m_versionId = imported->version.id;
    m_splitId = imported->split->id;

    // "close" misses by a minute either way and answers in 2.5 ms at p99; "far" promises four
    // minutes early every time (every delivery is late) but answers in 1.5 ms.
    m_close = seedRun(
        QStringLiteral("close"), [](int i) { return i % 2 ? 1.0 : -1.0; }, latency(1.2, 2.5));
    m_far = seedRun(
        QStringLiteral("far"), [](int) { return -4.0; }, latency(0.9, 1.5));
    const QList<db::EvaluationRecord> closeEvaluations = *db::EvaluationRepository(db()).evaluationsOf(m_close);
    m_closeJudged = closeEvaluations.constFirst().id;
    m_farJudged = db::EvaluationRepository(db()).evaluationsOf(m_far)->constFirst().id;
    // Newer data: "close" misses by two minutes there (rmse rises) and answers faster (p99 falls).
    m_closeLater = storeEvaluation(
        m_close, QStringLiteral("all"), [](int i) { return i % 2 ? 2.0 : -2.0; }, latency(1.0, 2.0));
    QVERIFY(m_closeJudged > 0 && m_closeLater > 0 && m_farJudged > 0);
    // The stored numbers say what the pages must colour.
    QVERIFY(metric(m_farJudged, kRmse) > metric(m_closeJudged, kRmse));
    QVERIFY(metric(m_farJudged, kR2) < metric(m_closeJudged, kR2));
    QVERIFY(metric(m_closeLater, QStringLiteral("all/rmse")) > metric(m_closeJudged, kRmse));
}

void tst_MetricConsistency::cleanupTestCase()
{
    m_workspace.reset();
    m_dir.reset();
}

std::int64_t tst_MetricConsistency::storeEvaluation(std::int64_t runId, const QString &part,
                                                    const std::function<double(int)> &error, const QJsonObject &latency)
{
    std::vector<double> row(kItems), label(kItems), predicted(kItems);
    for (int i = 0; i < kItems; ++i) {
        row[i] = i;
        label[i] = 20 + i % 40;
        predicted[i] = label[i] + error(i);
    }
    std::vector<db::PredictionColumn> columns{{QStringLiteral("row"), row},
                                              {QStringLiteral("label:") + kTarget, label},
                                              {QStringLiteral("score:") + kTarget, predicted},
                                              {QStringLiteral("predicted:") + kTarget, predicted}};
    db::EvaluationRecord record;
    record.runId = runId;
    record.datasetVersionId = m_versionId;
    if (part != QLatin1String("all"))
        record.splitId = m_splitId;
    record.part = part;
    record.items = kItems;
    const evaluation::NamedMetrics metrics =
        evaluation::predictionMetrics(columns, {{kTarget, evaluation::TargetKind::Regression, 0}}, part, false);
    for (const auto &[name, value] : metrics.values)
        record.metrics.insert(name, value);
    record.latency = latency;
    const Result<db::EvaluationRecord> stored = db::EvaluationRepository(db()).store(record, columns);
    if (!stored)
        qWarning("%s", qPrintable(stored.error()));
    return stored ? stored->id : 0;
}

std::int64_t tst_MetricConsistency::seedRun(const QString &name, const std::function<double(int)> &error,
                                            const QJsonObject &latency)
{
    TrainingConfig config = defaultTrainingConfig(TaskType::Regression);
    config.name = name;
    config.datasetVersion = m_versionId;
    config.split = m_splitId;
    config.targets = {kTarget};
    db::RunRecord draft;
    draft.projectId = m_projectId;
    draft.name = name;
    draft.config = trainingConfigToJson(config);
    draft.datasetVersionId = m_versionId;
    draft.splitId = m_splitId;
    draft.seed = 42;
    draft.threads = 1;
    draft.libtorchVersion = QStringLiteral("test");
    db::RunRepository runs(db());
    const std::int64_t id = runs.create(draft)->id;
    runs.markRunning(id, QCoreApplication::applicationPid());
    const std::int64_t evaluation = storeEvaluation(id, QStringLiteral("test"), error, latency);
    const db::EvaluationRecord stored = *db::EvaluationRepository(db()).evaluation(evaluation);
    // What the worker adds to the summary after its evaluation (app/worker/RunEvaluation.cpp).
    QJsonObject summary = stored.metrics;
    const QJsonObject single = stored.latency.value(QStringLiteral("batch_1")).toObject();
    summary.insert(QStringLiteral("latency_p50_ms"), single.value(QStringLiteral("p50_ms")));
    summary.insert(QStringLiteral("latency_p99_ms"), single.value(QStringLiteral("p99_ms")));
    summary.insert(QStringLiteral("evaluation"), qint64(evaluation));
    runs.updateSummary(id, summary);
    runs.finish(id, db::RunStatus::Finished);
    return id;
}

double tst_MetricConsistency::metric(std::int64_t evaluationId, const QString &name)
{
    return db::EvaluationRepository(db()).evaluation(evaluationId)->metrics.value(name).toDouble(std::nan(""));
}

std::unique_ptr<ui::ComparePage> tst_MetricConsistency::openComparePage()
{
    auto page = std::make_unique<ui::ComparePage>();
    page->resize(1280, 800);
    page->setProject(&db(), m_projectId);
    page->show();
    if (!QTest::qWaitForWindowExposed(page.get()))
        qWarning("the Compare page was not exposed");
    if (!page->waitForLoaded()) // the runs are read on the page's reader thread
        qWarning("the Compare page did not load");
    return page;
}

void tst_MetricConsistency::theDiffColoursEachMetricByItsDirection()
{
    auto page = openComparePage();
    QCOMPARE(page->model()->rowCount(), 2);
    page->selectRuns({m_close, m_far});
    QTableWidget *diff = page->diff()->table();
    QTRY_VERIFY(diff->rowCount() > 0);
    QMap<QString, QTableWidgetItem *> change;
    for (int r = 0; r < diff->rowCount(); ++r)
        if (diff->item(r, 0) && diff->item(r, 3))
            change.insert(diff->item(r, 0)->text(), diff->item(r, 3));
    // From "close" to "far": rmse rises (worse), r2 falls (worse), p99 latency falls (better), and
    // the business metric the framing minimises rises (worse).
    for (const auto &[name, colour] : {std::pair{kRmse, ui::errorTextColor()}, std::pair{kR2, ui::errorTextColor()},
                                       std::pair{kP99, ui::okTextColor()}, std::pair{kLate, ui::errorTextColor()}}) {
        QVERIFY2(change.contains(name), qPrintable(QStringList(change.keys()).join(QLatin1Char(' '))));
        QCOMPARE(foreground(change.value(name)), colour);
    }
}

void tst_MetricConsistency::theEvaluationViewColoursTheSameMetricsTheSameWay()
{
    auto page = openComparePage();
    page->selectRuns({m_close});
    auto *table = page->evaluation()->findChild<QTableWidget *>(QStringLiteral("evaluationsTable"));
    QVERIFY(table);
    QTRY_COMPARE(table->columnCount(), 2);
    QMap<QString, QTableWidgetItem *> later;
    for (int r = 0; r < table->rowCount(); ++r)
        if (table->verticalHeaderItem(r) && table->item(r, 1))
            later.insert(table->verticalHeaderItem(r)->text(), table->item(r, 1));
    // On the newer data: rmse rises (worse), r2 falls (worse), p99 latency falls (better).
    for (const auto &[row, colour] : {std::pair{QStringLiteral("rmse"), ui::errorTextColor()},
                                      std::pair{QStringLiteral("r2"), ui::errorTextColor()},
                                      std::pair{QStringLiteral("p99 (ms)"), ui::okTextColor()}}) {
        QVERIFY2(later.contains(row), qPrintable(QStringList(later.keys()).join(QLatin1Char(' '))));
        QCOMPARE(foreground(later.value(row)), colour);
    }
}

void tst_MetricConsistency::theParetoCaptionNamesTheSameDirections()
{
    auto page = openComparePage();
    auto *x = page->findChild<QComboBox *>(QStringLiteral("paretoX"));
    auto *y = page->findChild<QComboBox *>(QStringLiteral("paretoY"));
    QVERIFY(x && y);
    x->setCurrentIndex(x->findData(kRmse));
    y->setCurrentIndex(y->findData(kP99));
    const QString caption = page->pareto()->caption();
    QVERIFY2(caption.contains(QStringLiteral("%1 lower is better, %2 lower is better").arg(kRmse, kP99)),
             qPrintable(caption));
    x->setCurrentIndex(x->findData(kR2));
    y->setCurrentIndex(y->findData(kLate));
    QVERIFY2(
        page->pareto()->caption().contains(QStringLiteral("%1 higher is better, %2 lower is better").arg(kR2, kLate)),
        qPrintable(page->pareto()->caption()));
}

void tst_MetricConsistency::aValueReadsTheSameOnEveryPage()
{
    const double rmse = metric(m_closeJudged, kRmse);
    const double p99 = db::EvaluationRepository(db())
                           .evaluation(m_closeJudged)
                           ->latency.value(QStringLiteral("batch_1"))
                           .toObject()
                           .value(QStringLiteral("p99_ms"))
                           .toDouble();
    const QString rmseText = formatNumber(rmse), p99Text = formatNumber(p99);

    // The Runs page: the table's column (latency is not one there) and the run's detail.
    ui::RunsPage runs;
    runs.resize(1280, 800);
    runs.setProject(&db(), m_path, m_projectId);
    runs.show();
    QVERIFY(QTest::qWaitForWindowExposed(&runs));
    ui::RunsTableModel *model = runs.runsModel();
    const int row = model->rowOf(m_close);
    QVERIFY(row >= 0);
    QCOMPARE(model->index(row, model->metricColumn(kRmse)).data().toString(), rmseText);
    runs.selectRuns({m_close});
    QStringList record;
    for (QLabel *label : runs.detail()->findChild<QWidget *>(QStringLiteral("runRecord"))->findChildren<QLabel *>())
        record << label->text();
    const QString detail = record.join(QLatin1Char('|'));
    QVERIFY2(detail.contains(QStringLiteral("rmse %1").arg(rmseText)), qPrintable(detail));
    QVERIFY2(detail.contains(QStringLiteral("p99 %1").arg(formatLatency(p99))), qPrintable(detail));

    // The Compare page: the table, the diff and the evaluation view.
    auto page = openComparePage();
    const ui::CompareTableModel *compare = page->model();
    QCOMPARE(compare->index(compare->rowOf(m_close), compare->columnOf(kRmse)).data().toString(), rmseText);
    QCOMPARE(compare->index(compare->rowOf(m_close), compare->columnOf(kP99)).data().toString(), p99Text);
    page->selectRuns({m_close, m_far});
    QTableWidget *diff = page->diff()->table();
    QStringList firstRun;
    for (int r = 0; r < diff->rowCount(); ++r)
        if (diff->item(r, 0) && (diff->item(r, 0)->text() == kRmse || diff->item(r, 0)->text() == kP99))
            firstRun << diff->item(r, 1)->text();
    QCOMPARE(firstRun, (QStringList{rmseText, p99Text}));
    page->selectRuns({m_close});
    auto *table = page->evaluation()->findChild<QTableWidget *>(QStringLiteral("evaluationsTable"));
    QTRY_COMPARE(table->columnCount(), 2);
    QStringList judged;
    for (int r = 0; r < table->rowCount(); ++r)
        if (const QString label = table->verticalHeaderItem(r)->text();
            label == QLatin1String("rmse") || label == QLatin1String("p99 (ms)"))
            judged << table->item(r, 0)->text();
    QCOMPARE(judged, (QStringList{rmseText, p99Text}));
}

QTEST_MAIN(tst_MetricConsistency)
#include "tst_metricconsistency.moc"
