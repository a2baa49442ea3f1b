// SPDX-License-Identifier: GPL-3.0-or-later
// The run-evaluation view reads a run and computes its curves off the GUI thread, at a million items
// (two finished runs, each evaluated on 1 000 000 test and 1 000 000 validation items): the
// window's event loop keeps turning while such a run loads, and the view then shows the numbers
// the store's predictions give (the threshold chosen on validation, reported on test); a run or a
// metric the user moved on from mid-load never shows; a cancelled read says so and shows nothing
// half-read.
#include "app/services/RunMetrics.h"
#include "core/DemoFraming.h"
#include "core/business/BusinessMetricEngine.h"
#include "core/business/OperatingThreshold.h"
#include "db/EvaluationRepository.h"
#include "db/Workspace.h"
#include "tests/benchmarks/MillionItemRuns.h"
#include "ui/compare/RunEvaluationView.h"
#include "ui/plots/QCustomPlotInclude.h"

#include <QLabel>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace mb;
using mb::ui::RunEvaluationView;

class tst_RunEvaluationReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void theWindowKeepsTurningWhileAMillionItemRunLoads();
    void anotherRunChosenMidLoadNeverShowsTheFirstRunsNumbers();
    void anotherMetricChosenMidComputeNeverShowsTheFirstMetricsCurve();
    void aCancelledReadSaysSoAndShowsNothingHalfRead();

private:
    // A view on the workspace, shown at the size of the window's pane; null if it never showed.
    std::unique_ptr<RunEvaluationView> exposedView()
    {
        auto view = std::make_unique<RunEvaluationView>();
        view->resize(1024, 700);
        view->setDatabase(&m_workspace->database());
        view->show();
        return QTest::qWaitForWindowExposed(view.get()) ? std::move(view) : nullptr;
    }
    // What the view must offer for `runId` under `metric`: the threshold chosen on the run's
    // validation predictions and its value on the test ones, computed here on the test's own
    // connection, straight from the store.
    business::ValidatedThreshold expectedChoice(std::int64_t runId, const QString &metric);
    QString headerText(const RunEvaluationView &view) const
    {
        return view.findChild<QLabel *>(QStringLiteral("evaluationHeader"))->text();
    }

    static constexpr std::size_t kItems = 1000000;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<db::Workspace> m_workspace;
    Framing m_framing;
};

void tst_RunEvaluationReader::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_workspace = mbbench::createMillionItemWorkspace(m_dir->filePath(QStringLiteral("million.mbw")), kItems);
    m_framing = demoNewsfeedFraming();
}

business::ValidatedThreshold tst_RunEvaluationReader::expectedChoice(std::int64_t runId, const QString &metricName)
{
    db::Database &database = m_workspace->database();
    const QList<db::EvaluationRecord> evaluations = *db::EvaluationRepository(database).evaluationsOf(runId);
    const std::optional<db::EvaluationRecord> judged = services::judgedEvaluation(evaluations);
    const std::optional<db::EvaluationRecord> choosing = services::choosingEvaluation(evaluations, *judged);
    const Result<business::PredictionTable> test = services::loadJudgedPredictions(database, judged->id, m_framing);
    const Result<business::PredictionTable> validation =
        services::loadJudgedPredictions(database, choosing->id, m_framing);
    const BusinessMetric *metric = nullptr;
    for (const BusinessMetric &m : m_framing.businessMetrics)
        if (m.name == metricName)
            metric = &m;
    const Result<business::ValidatedThreshold> chosen = business::chooseThresholdOnValidation(
        *metric, *validation, *test, business::declaredItemColumns(m_framing));
    if (!chosen || !chosen->test)
        qFatal("no threshold for run %lld", static_cast<long long>(runId));
    return *chosen;
}

void tst_RunEvaluationReader::theWindowKeepsTurningWhileAMillionItemRunLoads()
{
    const std::unique_ptr<RunEvaluationView> shown = exposedView();
    QVERIFY(shown);
    RunEvaluationView &view = *shown;
    // A timer on the GUI thread counts the event loop's turns while the run loads; with the curves
    // computed on the GUI thread it would not fire once between the answer and the drawing.
    int ticksWhileLoading = 0;
    QTimer ticker;
    ticker.setInterval(0);
    connect(&ticker, &QTimer::timeout, this, [&] { ticksWhileLoading += view.isLoading(); });
    ticker.start();
    view.showRun(mbbench::kEngagementRun, m_framing, QStringLiteral("clicks_at_100"));
    QVERIFY(view.isLoading());
    QVERIFY(view.message().startsWith(QStringLiteral("Reading run")));
    QVERIFY(view.waitForLoaded(300000));
    ticker.stop();
    QVERIFY2(ticksWhileLoading >= 3, qPrintable(QString::number(ticksWhileLoading)));

    // The numbers the store's predictions give, every item of them.
    QVERIFY(view.message().isEmpty());
    QCOMPARE(view.runId(), mbbench::kEngagementRun);
    QVERIFY2(headerText(view).contains(QLocale().toString(qlonglong(kItems))), qPrintable(headerText(view)));
    const business::ValidatedThreshold expected = expectedChoice(mbbench::kEngagementRun, QStringLiteral("clicks_at_100"));
    const std::optional<RunEvaluationView::OperatingPoint> best = view.bestOperatingPoint();
    QVERIFY(best);
    QCOMPARE(best->threshold, expected.threshold);
    QCOMPARE(best->value, expected.test->value);
    QCOMPARE(best->selected, expected.test->selected);
    // Which rows chose it and which report it, as the tab says.
    const QString info = view.findChild<QLabel *>(QStringLiteral("thresholdInfo"))->text();
    QVERIFY2(info.contains(QStringLiteral("chosen on the validation rows")), qPrintable(info));
    QVERIFY2(info.contains(QStringLiteral("the test rows")), qPrintable(info));
}

void tst_RunEvaluationReader::anotherRunChosenMidLoadNeverShowsTheFirstRunsNumbers()
{
    const std::unique_ptr<RunEvaluationView> shown = exposedView();
    QVERIFY(shown);
    RunEvaluationView &view = *shown;
    // Every turn of the event loop checks that the quality model never shows, in the header or as
    // the run the threshold belongs to.
    int shownFirst = 0;
    QTimer watcher;
    watcher.setInterval(0);
    connect(&watcher, &QTimer::timeout, this, [&] {
        shownFirst += view.runId() == mbbench::kQualityRun ||
                      headerText(view).contains(QStringLiteral("quality model"));
    });
    watcher.start();
    view.showRun(mbbench::kQualityRun, m_framing, QStringLiteral("clicks_at_100"));
    QVERIFY(view.isLoading());
    // The user clicks the engagement model once the first read is under way.
    QCoreApplication::processEvents();
    view.showRun(mbbench::kEngagementRun, m_framing, QStringLiteral("clicks_at_100"));
    QVERIFY(view.waitForLoaded(300000));
    watcher.stop();
    QCOMPARE(shownFirst, 0);
    QCOMPARE(view.runId(), mbbench::kEngagementRun);
    QVERIFY2(headerText(view).contains(QStringLiteral("engagement model")), qPrintable(headerText(view)));
    const business::ValidatedThreshold expected = expectedChoice(mbbench::kEngagementRun, QStringLiteral("clicks_at_100"));
    QVERIFY(view.bestOperatingPoint());
    QCOMPARE(view.bestOperatingPoint()->threshold, expected.threshold);
    QCOMPARE(view.bestOperatingPoint()->value, expected.test->value);
}

void tst_RunEvaluationReader::anotherMetricChosenMidComputeNeverShowsTheFirstMetricsCurve()
{
    const std::unique_ptr<RunEvaluationView> shown = exposedView();
    QVERIFY(shown);
    RunEvaluationView &view = *shown;
    view.showRun(mbbench::kEngagementRun, m_framing, QStringLiteral("clicks_at_100"));
    QVERIFY(view.waitForLoaded(300000));
    QCustomPlot *threshold = view.plot(QStringLiteral("threshold"));
    QVERIFY(threshold->yAxis->label().startsWith(QStringLiteral("clicks_at_100")));

    // Two metrics chosen in a row: only the second's curve is ever drawn after the choice.
    const QString first = m_framing.businessMetrics.at(1).name, second = m_framing.businessMetrics.at(2).name;
    QStringList drawn;
    QTimer watcher;
    watcher.setInterval(0);
    connect(&watcher, &QTimer::timeout, this, [&] {
        const QString label = threshold->yAxis->label();
        if (!label.isEmpty() && (drawn.isEmpty() || drawn.constLast() != label))
            drawn << label;
    });
    watcher.start();
    QVERIFY(view.setBusinessMetric(first));
    QVERIFY(view.setBusinessMetric(second));
    QVERIFY(view.waitForLoaded(300000));
    watcher.stop();
    QCoreApplication::processEvents();
    QVERIFY(threshold->yAxis->label().startsWith(second));
    for (const QString &label : std::as_const(drawn))
        QVERIFY2(!label.startsWith(first) && !label.startsWith(QStringLiteral("clicks_at_100")), qPrintable(label));
    QCOMPARE(view.businessMetric(), second);
}

void tst_RunEvaluationReader::aCancelledReadSaysSoAndShowsNothingHalfRead()
{
    const std::unique_ptr<RunEvaluationView> shown = exposedView();
    QVERIFY(shown);
    RunEvaluationView &view = *shown;
    view.showRun(mbbench::kQualityRun, m_framing, QStringLiteral("clicks_at_100"));
    QVERIFY(view.isLoading());
    view.cancelLoading(); // the progress bar's Cancel
    QVERIFY(!view.isLoading());
    QVERIFY2(view.message().contains(QStringLiteral("cancelled")), qPrintable(view.message()));
    QVERIFY(view.waitForLoaded(300000));
    QCOMPARE(view.runId(), std::int64_t(0));
    QVERIFY(view.message().contains(QStringLiteral("cancelled")));
    QVERIFY(!view.findChild<QWidget *>(QStringLiteral("evaluationLoading"))->isVisible());

    // Chosen again, it is read afresh and shown.
    view.showRun(mbbench::kQualityRun, m_framing, QStringLiteral("clicks_at_100"));
    QVERIFY(view.waitForLoaded(300000));
    QCOMPARE(view.runId(), mbbench::kQualityRun);
    QVERIFY(view.message().isEmpty());
}

QTEST_MAIN(tst_RunEvaluationReader)
#include "tst_runevaluationreader.moc"
