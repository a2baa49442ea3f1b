// SPDX-License-Identifier: GPL-3.0-or-later
// Drives the real run evaluation view offscreen on the demo workspace, trained by the real
// `metricbridge demo` (four small runs), with the engagement model evaluated a second time on a
// newer dataset version. Asserts what the user sees: the best threshold the curve marks and
// offers is the one business::thresholdCurve finds; the button hands it over exactly; the latency
// histogram marks the stored percentiles; the metric's budget sits on the gain curve; every binary
// target gets a calibration curve; the two evaluations sit side by side with deltas; a run
// without an evaluation says why; a metric that cannot be computed says so in the plot; and
// every plot exports to PNG, PDF and SVG; a run the user moved on from while it was read never
// shows.
// With MB_EVALVIEW_SHOTS=<folder>, renderForReview also saves the view at 1000x600, one PNG per
// tab, and prints how long showRun and the threshold curve took.
#include "app/services/RunMetrics.h"
#include "app/services/RunQueueing.h"
#include "core/DemoFraming.h"
#include "core/NumberText.h"
#include "core/TrainingConfig.h"
#include "core/business/BusinessCurves.h"
#include "core/business/BusinessMetricEngine.h"
#include "core/business/OperatingThreshold.h"
#include "core/data/NewsfeedGenerator.h"
#include "db/EvaluationRepository.h"
#include "db/FramingRepository.h"
#include "db/OperatingPointRepository.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/support/CommandRun.h"
#include "tests/support/DemoFixture.h"
#include "tests/support/TestSupport.h"
#include "ui/compare/RunEvaluationView.h"
#include "ui/plots/QCustomPlotInclude.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHeaderView>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QTest>

#include <memory>

using namespace mb;
using mb::ui::RunEvaluationView;

namespace {

// The demo's runs, in the order `metricbridge demo` queues them.
constexpr std::int64_t kQualityRun = 1;
constexpr std::int64_t kEngagementRun = 2;
constexpr std::int64_t kCombinedRun = 3;

// A cost matrix on engagement: a shown post that gets clicked earns 4, one that does not costs 1,
// a missed click costs 1. Its best threshold lies inside (0, 1), not at an end.
BusinessMetric costMatrix()
{
    BusinessMetric m;
    m.name = QStringLiteral("feed_value");
    m.unit = QStringLiteral("$");
    m.direction = Direction::Maximize;
    m.selection = Selection::PredictedPositive;
    m.selectionParameter = 0.5;
    m.outerExpression = QStringLiteral("4*tp - 1*fp - 1*fn");
    return m;
}

// A metric on a value column the framing declares but no run's predictions carry (as after
// adding a column to the framing): every run's evaluation names the missing column.
BusinessMetric onAMissingColumn()
{
    BusinessMetric m;
    m.name = QStringLiteral("basket_margin");
    m.unit = QStringLiteral("$");
    m.selection = Selection::PredictedPositive;
    m.selectionParameter = 0.5;
    m.aggregates = {{QStringLiteral("margin"), QStringLiteral("label * order_value * 0.1"), Aggregate::Sum}};
    return m;
}

QCPAbstractItem *itemNamed(QCustomPlot *plot, const QString &name)
{
    for (int i = 0; i < plot->itemCount(); ++i)
        if (plot->item(i)->objectName() == name)
            return plot->item(i);
    return nullptr;
}

QStringList graphNames(QCustomPlot *plot)
{
    QStringList names;
    for (int i = 0; i < plot->graphCount(); ++i)
        names << plot->graph(i)->name();
    return names;
}

} // namespace

class tst_RunEvaluationView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void theThresholdIsChosenOnValidationAndReportedOnTest();
    void operatingPointButtonEmitsTheBestThreshold();
    void anotherMetricRedrawsTheCurves();
    void aMetricThatCannotBeComputedShowsTheEnginesMessageInThePlot();
    void gainCurveMarksTheMetricsBudget();
    void latencyPlotMarksTheStoredPercentiles();
    void calibrationHasACurvePerBinaryTarget();
    void evaluationsAreSideBySideWithDeltas();
    void aRunWithoutEvaluationSaysWhy_data();
    void aRunWithoutEvaluationSaysWhy();
    void exportWritesNonEmptyPngPdfAndSvg();
    void anotherRunChosenMidReadNeverShowsTheFirst();
    void renderForReview();

private:
    db::Database &db() { return m_workspace->database(); }
    // Shows a run with the project's current framing plus the cost matrix, as the Compare page would.
    void show(std::int64_t runId, const QString &metric = {});
    std::int64_t queueCopyOf(std::int64_t runId);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<db::Workspace> m_workspace;
    std::unique_ptr<RunEvaluationView> m_view;
    Framing m_framing;
    std::int64_t m_projectId = 0;
    std::int64_t m_laterEvaluationId = 0;
};

void tst_RunEvaluationView::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QString problem;
    const QString path = mbtest::copyDemoFixture(m_dir->path(), &problem);
    QVERIFY2(!path.isEmpty(), qPrintable(problem));

    // Newer posts (another seed), and the engagement model evaluated on them.
    const QString later = m_dir->filePath(QStringLiteral("later.csv"));
    QVERIFY(mbtest::writeFile(later, data::generateNewsfeedCsv(3000, 7)));
    const mbtest::CommandRun imported = mbtest::runMetricbridge(
        {"dataset", "import", "--workspace", path, "--project", demoProjectName(), "--file", later, "--target",
         "quality,engagement", "--value-columns", "ad_value", "--ignore", "post_id", "--json"});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    const qint64 version = QJsonDocument::fromJson(imported.out).object().value(QStringLiteral("id")).toInteger(-1);
    const mbtest::CommandRun evaluated =
        mbtest::runMetricbridge({"evaluate", "--workspace", path, "--run", QString::number(kEngagementRun),
                                 "--dataset-version", QString::number(version), "--json"});
    QVERIFY2(evaluated.exitCode == 0, evaluated.err.constData());
    m_laterEvaluationId =
        QJsonDocument::fromJson(evaluated.out).object().value(QStringLiteral("evaluation")).toInteger();
    QVERIFY(m_laterEvaluationId > 0);

    auto opened = db::Workspace::open(path);
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error()));
    m_workspace = std::move(opened).value();
    m_projectId = db::ProjectRepository(db()).find(demoProjectName())->id;
    db::FramingRepository framings(db());
    const Result<std::optional<db::FramingVersion>> current = framings.load(framings.framing(m_projectId)->id);
    QVERIFY(current && current->has_value());
    m_framing = (*current)->framing;
    m_framing.businessMetrics << costMatrix() << onAMissingColumn();
    m_framing.valueColumns << QStringLiteral("order_value");
}

void tst_RunEvaluationView::init()
{
    m_view = std::make_unique<RunEvaluationView>();
    m_view->resize(1000, 600);
    m_view->setDatabase(&db());
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    // Nothing the view does may print a warning (QCustomPlot's included); the offscreen platform's
    // note on size hints is about the platform, not the view.
    QTest::failOnWarning(QRegularExpression(QStringLiteral("^(?!This plugin does not support propagateSizeHints).*")));
}

void tst_RunEvaluationView::cleanupTestCase()
{
    m_view.reset();
    m_workspace.reset();
    m_dir.reset();
}

void tst_RunEvaluationView::show(std::int64_t runId, const QString &metric)
{
    QSignalSpy errors(m_view.get(), &RunEvaluationView::errorOccurred);
    m_view->showRun(runId, m_framing, metric);
    QVERIFY(m_view->waitForLoaded()); // read on the view's reader thread
    QCOMPARE(errors.count(), 0);
}

std::int64_t tst_RunEvaluationView::queueCopyOf(std::int64_t runId)
{
    const Result<db::RunRecord> run = db::RunRepository(db()).run(runId);
    const Result<TrainingConfig> config = trainingConfigFromJson(run->config);
    const Result<db::RunRecord> queued = services::queueRun(db(), m_projectId, *config);
    return queued ? queued->id : 0;
}

// Found by a user: the threshold was chosen on the test rows it was then reported on. It is chosen
// on the validation predictions, and the test value at that threshold is what is shown.
void tst_RunEvaluationView::theThresholdIsChosenOnValidationAndReportedOnTest()
{
    show(kEngagementRun, QStringLiteral("feed_value"));
    QVERIFY(m_view->message().isEmpty());
    QCOMPARE(m_view->businessMetric(), QStringLiteral("feed_value"));

    // The choice, computed here from the store.
    const QList<db::EvaluationRecord> evaluations = *db::EvaluationRepository(db()).evaluationsOf(kEngagementRun);
    const std::optional<db::EvaluationRecord> judged = services::judgedEvaluation(evaluations);
    QVERIFY(judged);
    QCOMPARE(judged->part, QStringLiteral("test"));
    const std::optional<db::EvaluationRecord> choosing = services::choosingEvaluation(evaluations, *judged);
    QVERIFY(choosing);
    QCOMPARE(choosing->part, QStringLiteral("validation"));
    const QStringList declared = business::declaredItemColumns(m_framing);
    const Result<business::PredictionTable> test = services::loadJudgedPredictions(db(), judged->id, m_framing);
    const Result<business::PredictionTable> validation = services::loadJudgedPredictions(db(), choosing->id, m_framing);
    QVERIFY(test && validation);
    const Result<business::ValidatedThreshold> chosen =
        business::chooseThresholdOnValidation(costMatrix(), *validation, *test, declared);
    QVERIFY(chosen && chosen->validation.hasBest && chosen->test);
    QVERIFY2(chosen->threshold > 0.0 && chosen->threshold < 1.0, "the fixture's threshold is inside (0, 1)");
    // The fixture is one where the test rows would have chosen another threshold.
    const Result<business::ThresholdCurve> testCurve = business::thresholdCurve(costMatrix(), *test, declared);
    QVERIFY(testCurve && testCurve->hasBest);
    QVERIFY(testCurve->best.threshold != chosen->threshold);

    const std::optional<RunEvaluationView::OperatingPoint> best = m_view->bestOperatingPoint();
    QVERIFY(best);
    QCOMPARE(best->threshold, chosen->threshold);
    QCOMPARE(best->value, chosen->test->value);
    QCOMPARE(best->selected, chosen->test->selected);

    // What the user reads: "chosen 0.437 → 1234 $ on test" at the marked point, and where it was chosen.
    auto *label = qobject_cast<QCPItemText *>(
        itemNamed(m_view->plot(QStringLiteral("threshold")), QStringLiteral("bestThresholdLabel")));
    QVERIFY(label);
    const QString prefix = QStringLiteral("chosen %1 → ").arg(formatThreshold(chosen->threshold));
    QVERIFY2(label->text().startsWith(prefix), qPrintable(label->text()));
    QVERIFY2(label->text().endsWith(QStringLiteral(" $ on test")), qPrintable(label->text()));
    const QStringList names = graphNames(m_view->plot(QStringLiteral("threshold")));
    QVERIFY2(names.contains(QStringLiteral("feed_value on validation (chooses)")), qPrintable(names.join(u',')));
    QVERIFY2(names.contains(QStringLiteral("feed_value on test")), qPrintable(names.join(u',')));
    // Which curve is which is told above the plot, never over the curves.
    QCustomPlot *thresholdPlot = m_view->plot(QStringLiteral("threshold"));
    thresholdPlot->replot();
    QVERIFY(thresholdPlot->legend->visible());
    QCOMPARE(thresholdPlot->legend->itemCount(), 2);
    QVERIFY(thresholdPlot->legend->outerRect().bottom() <= thresholdPlot->axisRect()->rect().top());
    auto *info = m_view->findChild<QLabel *>(QStringLiteral("thresholdInfo"));
    QVERIFY(info);
    QVERIFY2(info->text().startsWith(QStringLiteral("Threshold chosen on the validation rows")),
             qPrintable(info->text()));
    bool number = false;
    const double shown =
        label->text().mid(prefix.size()).chopped(QStringLiteral(" $ on test").size()).toDouble(&number);
    QVERIFY2(number, qPrintable(label->text()));
    QCOMPARE(shown, chosen->test->value); // a cost matrix is a whole number
    QCOMPARE(label->position->coords(), QPointF(chosen->threshold, chosen->test->value));
    auto *line = qobject_cast<QCPItemStraightLine *>(
        itemNamed(m_view->plot(QStringLiteral("threshold")), QStringLiteral("bestThresholdLine")));
    QVERIFY(line);
    QCOMPARE(line->point1->coords().x(), chosen->threshold);
    QVERIFY(m_view->plot(QStringLiteral("threshold"))->yAxis->label().contains(QStringLiteral("feed_value ($)")));
}

void tst_RunEvaluationView::operatingPointButtonEmitsTheBestThreshold()
{
    show(kEngagementRun, QStringLiteral("feed_value"));
    const std::optional<RunEvaluationView::OperatingPoint> best = m_view->bestOperatingPoint();
    QVERIFY(best);
    m_view->showTab(QStringLiteral("threshold"));
    auto *button = m_view->findChild<QPushButton *>(QStringLiteral("useThreshold"));
    QVERIFY(button && button->isVisible() && button->isEnabled());
    QCOMPARE(button->text(),
             QStringLiteral("Use threshold %1 as the operating point").arg(formatThreshold(best->threshold)));

    QSignalSpy chosen(m_view.get(), &RunEvaluationView::operatingPointChosen);
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(chosen.count(), 1);
    const QList<QVariant> arguments = chosen.takeFirst();
    QCOMPARE(arguments.at(0).value<std::int64_t>(), kEngagementRun);
    QCOMPARE(arguments.at(1).toString(), QStringLiteral("feed_value"));
    QCOMPARE(arguments.at(2).toDouble(), best->threshold); // exact, not the 3 decimals shown
    QCOMPARE(arguments.at(3).toDouble(), best->value);

    // It is the run's operating point now: stored, and shown when the run is shown again.
    const Result<std::optional<db::OperatingPoint>> stored = db::OperatingPointRepository(db()).current(kEngagementRun);
    QVERIFY(stored && stored->has_value());
    QCOMPARE((*stored)->threshold, best->threshold);
    QCOMPARE((*stored)->metric, QStringLiteral("feed_value"));
    show(kEngagementRun, QStringLiteral("feed_value"));
    const QString header = m_view->findChild<QLabel *>(QStringLiteral("evaluationHeader"))->text();
    // The threshold as the button offered it: one format for thresholds on every line.
    QVERIFY2(header.contains(QStringLiteral("operating point")) && header.contains(formatThreshold(best->threshold)),
             qPrintable(header));
}

void tst_RunEvaluationView::anotherMetricRedrawsTheCurves()
{
    show(kEngagementRun); // empty: the framing's first
    QCOMPARE(m_view->businessMetric(), m_framing.businessMetrics.constFirst().name);
    QCustomPlot *threshold = m_view->plot(QStringLiteral("threshold"));
    QVERIFY(threshold->yAxis->label().startsWith(QStringLiteral("clicks_at_100")));
    // A budget metric: the text says that the curve replaces the budget by a threshold.
    const QString info = m_view->findChild<QLabel *>(QStringLiteral("thresholdInfo"))->text();
    QVERIFY2(info.contains(QStringLiteral("replaces that budget by a threshold")), qPrintable(info));
    // Most clicks come from acting on nearly every item: the chosen threshold breaks the budget, and says so.
    QVERIFY2(info.contains(QStringLiteral("more than clicks_at_100's budget of 100 items")), qPrintable(info));

    QVERIFY(m_view->setBusinessMetric(QStringLiteral("feed_value")));
    QVERIFY(m_view->waitForLoaded()); // its curves are computed on the view's curve thread
    QVERIFY(threshold->yAxis->label().startsWith(QStringLiteral("feed_value")));
    QVERIFY(!m_view->setBusinessMetric(QStringLiteral("no_such_metric")));
    QCOMPARE(m_view->businessMetric(), QStringLiteral("feed_value"));
}

void tst_RunEvaluationView::aMetricThatCannotBeComputedShowsTheEnginesMessageInThePlot()
{
    // No prediction carries order_value: the engine says which column is missing.
    show(kEngagementRun, QStringLiteral("basket_margin"));
    QCustomPlot *plot = m_view->plot(QStringLiteral("threshold"));
    auto *message = qobject_cast<QCPItemText *>(itemNamed(plot, QStringLiteral("plotMessage")));
    QVERIFY(message);
    QVERIFY2(message->text().contains(QStringLiteral("order_value")), qPrintable(message->text()));
    QVERIFY2(message->text().contains(QStringLiteral("basket_margin")), qPrintable(message->text()));
    QCOMPARE(plot->graphCount(), 0);
    QVERIFY(!plot->xAxis->visible());
    QVERIFY(!m_view->bestOperatingPoint());
    QVERIFY(!m_view->findChild<QPushButton *>(QStringLiteral("useThreshold"))->isEnabled());
    // The quality model is judged by its own target, and low_quality_share reads quality.
    show(kQualityRun, QStringLiteral("low_quality_share"));
    QVERIFY(!itemNamed(m_view->plot(QStringLiteral("threshold")), QStringLiteral("plotMessage")));
    QVERIFY(m_view->plot(QStringLiteral("threshold"))->graphCount() >= 2); // the test and validation curves
    // Validation is best where hardly any post scores that high; on test none does, so the share is
    // undefined there, and the view says so instead of offering the threshold.
    QVERIFY(!m_view->bestOperatingPoint());
    const QString info = m_view->findChild<QLabel *>(QStringLiteral("thresholdInfo"))->text();
    QVERIFY2(info.startsWith(QStringLiteral("low_quality_share is undefined on the test rows at the threshold "
                                            "chosen on validation")),
             qPrintable(info));
}

void tst_RunEvaluationView::gainCurveMarksTheMetricsBudget()
{
    show(kEngagementRun, QStringLiteral("clicks_at_100"));
    QCustomPlot *plot = m_view->plot(QStringLiteral("gain"));
    // clicks_at_100 sums `engagement` over its top 100: the curve's value and its budget.
    QVERIFY2(plot->yAxis->label().contains(QStringLiteral("engagement")), qPrintable(plot->yAxis->label()));
    const QStringList names = graphNames(plot);
    QVERIFY2(names.filter(QStringLiteral("random selection")).size() == 1, qPrintable(names.join(QLatin1Char('|'))));
    QVERIFY2(names.filter(QStringLiteral("lift")).size() >= 1, qPrintable(names.join(QLatin1Char('|'))));

    const QList<db::EvaluationRecord> evaluations = *db::EvaluationRepository(db()).evaluationsOf(kEngagementRun);
    const Result<business::PredictionTable> table =
        services::loadJudgedPredictions(db(), services::judgedEvaluation(evaluations)->id, m_framing);
    const Result<business::GainPoint> expected = business::gainAtBudget(*table, QStringLiteral("engagement"), 100);
    QVERIFY(expected);
    const int budget = int(names.indexOf(QStringLiteral("clicks_at_100's budget")));
    QVERIFY(budget >= 0);
    QCPGraph *point = plot->graph(budget);
    QCOMPARE(point->dataCount(), 1);
    QCOMPARE(point->data()->at(0)->key, 100.0 * 100 / double(table->size()));
    QCOMPARE(point->data()->at(0)->value, expected->gain * 100);
    auto *label = qobject_cast<QCPItemText *>(itemNamed(plot, QStringLiteral("budgetLabel")));
    QVERIFY(label && label->text().contains(QStringLiteral("top 100")));
    const QString info = m_view->findChild<QLabel *>(QStringLiteral("gainInfo"))->text();
    QVERIFY2(info.startsWith(QStringLiteral("Lift")), qPrintable(info));
}

void tst_RunEvaluationView::latencyPlotMarksTheStoredPercentiles()
{
    show(kEngagementRun);
    const QList<db::EvaluationRecord> evaluations = *db::EvaluationRepository(db()).evaluationsOf(kEngagementRun);
    const QJsonObject latency = services::judgedEvaluation(evaluations)->latency;
    const QJsonObject single = latency.value(QStringLiteral("batch_1")).toObject();
    QCustomPlot *plot = m_view->plot(QStringLiteral("latency"));
    const double factor = plot->xAxis->label().contains(QStringLiteral("(µs")) ? 1000.0 : 1.0;
    int markers = 0;
    for (const char *p : {"p50", "p90", "p95", "p99"}) {
        const double stored = single.value(QLatin1String(p) + QStringLiteral("_ms")).toDouble(-1);
        QVERIFY(stored > 0);
        auto *line =
            qobject_cast<QCPItemStraightLine *>(itemNamed(plot, QStringLiteral("percentile_") + QLatin1String(p)));
        QVERIFY2(line, p);
        QCOMPARE(line->property("milliseconds").toDouble(), stored);
        QCOMPARE(line->point1->coords().x(), stored * factor);
        QCOMPARE(line->point2->coords().x(), stored * factor);
        auto *label =
            qobject_cast<QCPItemText *>(itemNamed(plot, QStringLiteral("percentileLabel_") + QLatin1String(p)));
        QVERIFY(label && label->text().startsWith(QLatin1String(p)));
        ++markers;
    }
    QCOMPARE(markers, 4);
    int lines = 0;
    for (int i = 0; i < plot->itemCount(); ++i)
        lines += qobject_cast<QCPItemStraightLine *>(plot->item(i)) ? 1 : 0;
    QCOMPARE(lines, 4);

    // The histogram holds every timed call.
    QCOMPARE(plot->plottableCount(), 1);
    auto *bars = qobject_cast<QCPBars *>(plot->plottable(0));
    QVERIFY(bars);
    double calls = 0;
    for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it)
        calls += it->value;
    const int samples = int(latency.value(QStringLiteral("batch_1_samples_ms")).toArray().size());
    QVERIFY(samples >= 1000);
    const QString info = m_view->findChild<QLabel *>(QStringLiteral("latencyInfo"))->text();
    QCOMPARE(calls, double(samples));
    for (const char *expected : {"batch of 256", "items/s", "bytes"})
        QVERIFY2(info.contains(QLatin1String(expected)), qPrintable(info));
}

void tst_RunEvaluationView::calibrationHasACurvePerBinaryTarget()
{
    show(kEngagementRun);
    QStringList names = graphNames(m_view->plot(QStringLiteral("calibration")));
    QCOMPARE(names, (QStringList{QStringLiteral("perfectly calibrated"), QStringLiteral("engagement")}));
    QCPGraph *engagement = m_view->plot(QStringLiteral("calibration"))->graph(1);
    QVERIFY(engagement->dataCount() >= 2 && engagement->dataCount() <= RunEvaluationView::kCalibrationBins);
    for (auto it = engagement->data()->constBegin(); it != engagement->data()->constEnd(); ++it) {
        QVERIFY(it->key >= 0 && it->key <= 1);
        QVERIFY(it->value >= 0 && it->value <= 1);
    }
    // The two-head model: both targets, the framing's order.
    show(kCombinedRun);
    names = graphNames(m_view->plot(QStringLiteral("calibration")));
    QCOMPARE(names, (QStringList{QStringLiteral("perfectly calibrated"), QStringLiteral("quality"),
                                 QStringLiteral("engagement")}));
}

void tst_RunEvaluationView::evaluationsAreSideBySideWithDeltas()
{
    show(kEngagementRun);
    auto *table = m_view->findChild<QTableWidget *>(QStringLiteral("evaluationsTable"));
    QVERIFY(table);
    // The judged test evaluation, the later one on another version, and the validation one that chooses.
    QCOMPARE(table->columnCount(), 3);
    QVERIFY(table->horizontalHeaderItem(0)->text().contains(QStringLiteral("judged")));
    QVERIFY(table->horizontalHeaderItem(1)->text().contains(QStringLiteral("#%1").arg(m_laterEvaluationId)));
    QVERIFY2(table->horizontalHeaderItem(2)->text().contains(QStringLiteral("validation: chooses")),
             qPrintable(table->horizontalHeaderItem(2)->text()));
    const auto rowOf = [table](const QString &label) {
        for (int r = 0; r < table->rowCount(); ++r)
            if (table->verticalHeaderItem(r)->text() == label)
                return r;
        return -1;
    };
    QCOMPARE(table->item(rowOf(QStringLiteral("Items")), 1)->text(), QLocale().toString(3000));
    QVERIFY(table->item(rowOf(QStringLiteral("Rows")), 0)->text().contains(QStringLiteral("held-out")));
    // test/roc_auc and all/roc_auc are one row, the later one with its delta.
    const int auc = rowOf(QStringLiteral("roc_auc"));
    QVERIFY(auc >= 0);
    QVERIFY(!table->item(auc, 0)->text().contains(QLatin1Char('(')));
    QVERIFY2(table->item(auc, 1)->text().contains(QRegularExpression(QStringLiteral("\\((\\+|-)"))),
             qPrintable(table->item(auc, 1)->text()));
    // The framing's business metrics on each evaluation, as `evaluate` computes them.
    const int clicks = rowOf(QStringLiteral("clicks_at_100 (clicks)"));
    QVERIFY(clicks >= 0);
    const db::RunRecord run = *db::RunRepository(db()).run(kEngagementRun);
    const Result<services::RunMetrics> later = services::computeRunMetrics(db(), run, m_framing, m_laterEvaluationId);
    QVERIFY(later && later->businessMetrics.constFirst().value);
    const double laterClicks = *later->businessMetrics.constFirst().value;
    QVERIFY2(table->item(clicks, 1)->text().startsWith(formatNumber(laterClicks)),
             qPrintable(table->item(clicks, 1)->text()));
    // A metric the run cannot compute is a dash, its reason on hover.
    const int missing = rowOf(QStringLiteral("basket_margin ($)"));
    QVERIFY(missing >= 0);
    for (int c = 0; c < 2; ++c) {
        QCOMPARE(table->item(missing, c)->text(), QStringLiteral("—"));
        QVERIFY(table->item(missing, c)->toolTip().contains(QStringLiteral("order_value")));
    }
}

void tst_RunEvaluationView::aRunWithoutEvaluationSaysWhy_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("expected");
    QTest::newRow("queued") << int(db::RunStatus::Queued)
                            << QStringLiteral("has no evaluation yet: it is queued to train");
    QTest::newRow("failed") << int(db::RunStatus::Failed)
                            << QStringLiteral("has no evaluation: it failed before it was evaluated");
    QTest::newRow("cancelled") << int(db::RunStatus::Cancelled)
                               << QStringLiteral("has no evaluation: it was cancelled");
}

void tst_RunEvaluationView::aRunWithoutEvaluationSaysWhy()
{
    QFETCH(int, status);
    QFETCH(QString, expected);
    const std::int64_t run = queueCopyOf(kEngagementRun);
    QVERIFY(run > 0);
    if (db::RunStatus(status) != db::RunStatus::Queued)
        QVERIFY(db::RunRepository(db()).finish(run, db::RunStatus(status), QStringLiteral("stopped by the test")));
    show(kEngagementRun);
    QVERIFY(m_view->message().isEmpty());
    show(run);
    QCOMPARE(m_view->runId(), run);
    QVERIFY2(m_view->message().startsWith(QStringLiteral("Run %1 %2").arg(run).arg(expected)),
             qPrintable(m_view->message()));
    QVERIFY(m_view->findChild<QLabel *>(QStringLiteral("evaluationMessage"))->isVisible());
    QVERIFY(!m_view->findChild<QTabWidget *>(QStringLiteral("evaluationTabs"))->isVisible());
    QVERIFY(!m_view->bestOperatingPoint());
    m_view->clear();
    QCOMPARE(m_view->runId(), std::int64_t(0));
    QVERIFY(!m_view->message().isEmpty());
}

void tst_RunEvaluationView::exportWritesNonEmptyPngPdfAndSvg()
{
    show(kEngagementRun, QStringLiteral("feed_value"));
    QTemporaryDir out;
    QVERIFY(out.isValid());
    for (const QString &which : RunEvaluationView::plotKeys())
        for (const char *suffix : {"png", "pdf", "svg"}) {
            const QString path = out.filePath(which + QLatin1Char('.') + QLatin1String(suffix));
            const Status written = m_view->exportPlot(which, path, 800, 500);
            QVERIFY2(written, qPrintable(written ? QString() : written.error()));
            QVERIFY2(QFileInfo(path).size() > 1000, qPrintable(path));
        }
    // Twice the pixels, for sharp text; and the title, since a file stands alone.
    const QImage png(out.filePath(QStringLiteral("threshold.png")));
    QCOMPARE(png.size(), QSize(1600, 1000));
    QVERIFY(mbtest::fileBytes(out.filePath(QStringLiteral("gain.svg"))).contains("Gain / lift"));
    QVERIFY(mbtest::fileBytes(out.filePath(QStringLiteral("latency.pdf"))).startsWith("%PDF"));
    QVERIFY(mbtest::fileBytes(out.filePath(QStringLiteral("gain.svg"))).contains("<svg"));
    const Status unknown = m_view->exportPlot(QStringLiteral("pareto"), out.filePath(QStringLiteral("x.png")));
    QVERIFY(!unknown);
    QVERIFY(unknown.error().contains(QStringLiteral("threshold, gain, latency, calibration")));
}

void tst_RunEvaluationView::anotherRunChosenMidReadNeverShowsTheFirst()
{
    // The view reads on its own thread: the user clicks the combined run, then at once the
    // engagement model, before the first answer arrives.
    int shownFirst = 0;
    QTimer watcher;
    watcher.setInterval(0);
    connect(&watcher, &QTimer::timeout, this, [&] { shownFirst += m_view->runId() == kCombinedRun; });
    watcher.start();
    m_view->showRun(kCombinedRun, m_framing, QStringLiteral("clicks_at_100"));
    QVERIFY(m_view->isLoading());
    m_view->showRun(kEngagementRun, m_framing, QStringLiteral("clicks_at_100"));
    QVERIFY(m_view->waitForLoaded());
    watcher.stop();
    QCOMPARE(m_view->runId(), kEngagementRun);
    QCOMPARE(shownFirst, 0);
    const QString header = m_view->findChild<QLabel *>(QStringLiteral("evaluationHeader"))->text();
    QVERIFY2(header.contains(QStringLiteral("Run %1").arg(kEngagementRun)), qPrintable(header));
    const QList<db::EvaluationRecord> evaluations = *db::EvaluationRepository(db()).evaluationsOf(kEngagementRun);
    QCOMPARE(m_view->judgedEvaluationId(), services::judgedEvaluation(evaluations)->id);

    // Cleared mid-read (the user selected two runs): the answer never fills the view.
    m_view->showRun(kCombinedRun, m_framing, QStringLiteral("clicks_at_100"));
    m_view->clear();
    QVERIFY(m_view->waitForLoaded());
    QCOMPARE(m_view->runId(), std::int64_t(0));
    QVERIFY(!m_view->message().isEmpty());
}

void tst_RunEvaluationView::renderForReview()
{
    const QString folder = qEnvironmentVariable("MB_EVALVIEW_SHOTS");
    if (folder.isEmpty())
        QSKIP("set MB_EVALVIEW_SHOTS=<folder> to save the view's tabs as PNG files");
    QDir().mkpath(folder);
    QElapsedTimer timer;
    timer.start();
    m_view->showRun(kEngagementRun, m_framing, QStringLiteral("feed_value"));
    QVERIFY(m_view->waitForLoaded());
    const qint64 showMs = timer.elapsed();
    const QList<db::EvaluationRecord> evaluations = *db::EvaluationRepository(db()).evaluationsOf(kEngagementRun);
    const Result<business::PredictionTable> table =
        services::loadJudgedPredictions(db(), services::judgedEvaluation(evaluations)->id, m_framing);
    timer.restart();
    constexpr int kRounds = 20;
    for (int i = 0; i < kRounds; ++i)
        QVERIFY(business::thresholdCurve(costMatrix(), *table, business::declaredItemColumns(m_framing)));
    const double curveMs = double(timer.nsecsElapsed()) / 1e6 / kRounds;
    qInfo("showRun: %lld ms; thresholdCurve over %zu items: %.2f ms", showMs, table->size(), curveMs);
    const QStringList tabs = RunEvaluationView::plotKeys() << QStringLiteral("evaluations");
    for (const QString &key : tabs) {
        m_view->showTab(key);
        QCoreApplication::processEvents();
        QVERIFY(
            m_view->grab().save(QDir(folder).filePath(QStringLiteral("run%1-%2.png").arg(kEngagementRun).arg(key))));
    }
    m_view->showRun(kCombinedRun, m_framing, QStringLiteral("revenue_per_1000"));
    QVERIFY(m_view->waitForLoaded());
    for (const QString &key : RunEvaluationView::plotKeys()) {
        m_view->showTab(key);
        QCoreApplication::processEvents();
        QVERIFY(m_view->grab().save(QDir(folder).filePath(QStringLiteral("run%1-%2.png").arg(kCombinedRun).arg(key))));
    }
    m_view->showRun(kEngagementRun, m_framing, QStringLiteral("basket_margin"));
    QVERIFY(m_view->waitForLoaded());
    QCoreApplication::processEvents();
    m_view->showTab(QStringLiteral("threshold"));
    QVERIFY(m_view->grab().save(QDir(folder).filePath(QStringLiteral("run2-threshold-error.png"))));
    // The size the Compare page gives it.
    m_view->resize(900, 500);
    m_view->showRun(kEngagementRun, m_framing, QStringLiteral("clicks_at_100"));
    QVERIFY(m_view->waitForLoaded());
    for (const QString &key : tabs) {
        m_view->showTab(key);
        QCoreApplication::processEvents();
        QVERIFY(m_view->grab().save(QDir(folder).filePath(QStringLiteral("900x500-%1.png").arg(key))));
    }
    const std::int64_t queued = queueCopyOf(kEngagementRun);
    m_view->showRun(queued, m_framing, {});
    QVERIFY(m_view->waitForLoaded());
    QVERIFY(m_view->grab().save(QDir(folder).filePath(QStringLiteral("queued.png"))));
}

QTEST_MAIN(tst_RunEvaluationView)
#include "tst_runevaluationview.moc"
