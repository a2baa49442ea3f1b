// SPDX-License-Identifier: GPL-3.0-or-later
// Drives the real Trade-offs page offscreen on a copy of the demo workspace (`metricbridge demo`:
// 1 quality model, 2 engagement model, 3 combined loss, 4 baseline). The reference values come from a
// separate engine built here from the store (services::loadTradeoffPair + services::tradeoffEngine), so the
// test checks that what the page shows after a real slider move is what the weights give:
//  - the weights are chosen on the runs' validation predictions: the sliders' numbers, the sweep and the
//    top-k list are the validation items', and the same weights on the test items are shown beside them
//    as the reported figures, which a saved policy records;
//  - moving the α slider with the keyboard changes every metric label and the highlighted point
//    on the Pareto plot to the reference values, with β following under the lock;
//  - another normalisation gives that normalisation's values;
//  - a swapped pair is refused, saying which run lacks which score;
//  - the Approach-1 run is drawn where its own two heads put it at its training weights;
//  - saving a setting makes policy versions, an identical setting adds none, and a saved policy
//    applies back and exports as JSON;
//  - the page's save is services::PolicyService's: the same version and metric snapshot.
#include "app/services/PolicyService.h"
#include "app/services/TradeoffSession.h"
#include "core/DemoFraming.h"
#include "core/NumberText.h"
#include "db/FramingRepository.h"
#include "db/PolicyRepository.h"
#include "db/ProjectRepository.h"
#include "db/Workspace.h"
#include "tests/support/DemoWorkspace.h"
#include "tests/support/TestSupport.h"
#include "ui/plots/QCustomPlotInclude.h"
#include "ui/plots/TradeoffPlot.h"
#include "ui/tradeoffs/TradeoffsPage.h"

#include <QDoubleSpinBox>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QSlider>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace mb;
using mb::ui::TradeoffsPage;

namespace {

constexpr std::int64_t kQualityRun = 1;
constexpr std::int64_t kEngagementRun = 2;
constexpr std::int64_t kCombinedRun = 3;
const QString kClicks = QStringLiteral("clicks_at_100");
const QString kLowQuality = QStringLiteral("low_quality_share");

} // namespace

class tst_TradeoffsPage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void weightsAreChosenOnValidationAndReportedOnTest();
    void movingTheSliderUpdatesEveryMetricAndTheCurrentPoint();
    void aDragIsOneUpdatePerMoveAndTheReportedRowFollowsOnRelease();
    void anotherNormalisationGivesItsOwnValues();
    void aSwappedPairIsRefusedWithTheReason();
    void theApproachOneRunSitsAtItsTrainingWeights();
    void savingMakesPolicyVersionsThatApplyAndExport();
    void thePageSavesWhatThePolicyServiceSaves();
    void aKOtherThanAMetricsOwnBudgetIsSaidAndAProjectStartsAtItsBudget();

private:
    db::Database &db() { return m_workspace->database(); }
    // The page's metrics must equal a reference engine's at these settings: the validation pair's
    // for the numbers weights are chosen on, the test pair's for the reported ones.
    void expectReference(double alpha, double beta, tradeoff::ScoreNormalisation how);
    Result<tradeoff::TradeoffUpdate> referenceUpdate(services::PairPart part, double alpha, double beta,
                                                     tradeoff::ScoreNormalisation how);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<db::Workspace> m_workspace;
    std::int64_t m_projectId = 0;
    Framing m_framing;
    std::unique_ptr<TradeoffsPage> m_page;
};

void tst_TradeoffsPage::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QString problem;
    m_workspace = mbtest::openDemoCopy(m_dir->path(), &problem);
    QVERIFY2(m_workspace, qPrintable(problem));
    m_projectId = db::ProjectRepository(db()).find(demoProjectName())->id;
    db::FramingRepository framings(db());
    m_framing = (*framings.load(framings.framing(m_projectId)->id))->framing;
}

void tst_TradeoffsPage::init()
{
    m_page = std::make_unique<TradeoffsPage>();
    m_page->resize(1280, 800);
    m_page->setProject(&db(), m_projectId);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    QVERIFY(m_page->setRuns(kQualityRun, kEngagementRun));
    m_page->setNormalisation(QStringLiteral("zscore"));
    m_page->setK(100);
    m_page->setLocked(true);
    m_page->setWeights(0.5, 0.5);
    QVERIFY(m_page->waitForIdle());
}

void tst_TradeoffsPage::cleanup()
{
    m_page.reset();
}

void tst_TradeoffsPage::cleanupTestCase()
{
    m_workspace.reset();
    m_dir.reset();
}

Result<tradeoff::TradeoffUpdate> tst_TradeoffsPage::referenceUpdate(services::PairPart part, double alpha, double beta,
                                                                    tradeoff::ScoreNormalisation how)
{
    const Result<services::TradeoffPair> pair =
        services::loadTradeoffPair(db(), m_framing, kQualityRun, kEngagementRun, part);
    if (!pair)
        return Error{pair.error()};
    Result<tradeoff::TradeoffEngine> engine = services::tradeoffEngine(*pair, how);
    if (!engine)
        return Error{engine.error()};
    return engine.value().update(alpha, beta, 100);
}

void tst_TradeoffsPage::expectReference(double alpha, double beta, tradeoff::ScoreNormalisation how)
{
    const Result<tradeoff::TradeoffUpdate> reported = referenceUpdate(services::PairPart::Reported, alpha, beta, how);
    QVERIFY2(reported, qPrintable(reported ? QString() : reported.error()));
    for (const tradeoff::RankedMetricValue &m : reported->metrics) {
        QVERIFY(m.value);
        QCOMPARE(m_page->reportedValue(m.name), std::optional<double>(m.value->value));
        QVERIFY2(m_page->reportedText(m.name).contains(formatNumber(m.value->value)),
                 qPrintable(m_page->reportedText(m.name)));
    }
    const Result<tradeoff::TradeoffUpdate> reference = referenceUpdate(services::PairPart::Choosing, alpha, beta, how);
    QVERIFY2(reference, qPrintable(reference ? QString() : reference.error()));
    QCOMPARE(reference->metrics.size(), std::size_t(3));
    for (const tradeoff::RankedMetricValue &m : reference->metrics) {
        QVERIFY(m.value);
        QCOMPARE(m_page->metricValue(m.name), std::optional<double>(m.value->value));
        // The label shows the number itself (and, for a metric with a requirement, the verdict).
        QVERIFY2(m_page->metricText(m.name).contains(formatNumber(m.value->value)),
                 qPrintable(m_page->metricText(m.name)));
    }
    // The highlighted point on the Pareto plot: the sweep's x and y metrics at these weights.
    const std::optional<QPointF> current = m_page->plot()->current();
    QVERIFY(current.has_value());
    double x = 0, y = 0;
    for (const tradeoff::RankedMetricValue &m : reference->metrics) {
        if (m.name == kClicks)
            x = m.value->value;
        if (m.name == kLowQuality)
            y = m.value->value;
    }
    QCOMPARE(current->x(), x);
    QCOMPARE(current->y(), y);
}

void tst_TradeoffsPage::weightsAreChosenOnValidationAndReportedOnTest()
{
    QCOMPARE(m_page->choosingPart(), QStringLiteral("validation"));
    QVERIFY2(m_page->pairStatus().contains(QLatin1String("chosen on")) &&
                 m_page->pairStatus().contains(QLatin1String("validation")) &&
                 m_page->pairStatus().contains(QLatin1String("reported on")) &&
                 m_page->pairStatus().contains(QLatin1String("test")),
             qPrintable(m_page->pairStatus()));
    // The validation and test items are different posts, so their top 100 differ.
    bool anyDiffers = false;
    for (const QString &metric : {kClicks, kLowQuality})
        anyDiffers = anyDiffers || m_page->metricValue(metric) != m_page->reportedValue(metric);
    QVERIFY(anyDiffers);
    // The top-k list and the sweep are the validation items', and say so.
    const Result<services::TradeoffPair> validation = services::loadTradeoffPair(
        db(), m_framing, kQualityRun, kEngagementRun, services::PairPart::Choosing);
    QVERIFY(validation);
    QCOMPARE(validation->part, QStringLiteral("validation"));
    const QTableWidget *items = m_page->itemsTable();
    QVERIFY(items->rowCount() > 0);
    const double topItem = items->item(0, 1)->data(Qt::UserRole).toDouble();
    QVERIFY(std::find(validation->data.items.itemIds.begin(), validation->data.items.itemIds.end(),
                      std::int64_t(topItem)) != validation->data.items.itemIds.end());
    auto *tabs = m_page->findChild<QTabWidget *>(QStringLiteral("tradeoffTabs"));
    QVERIFY(tabs->tabText(0).contains(QLatin1String("validation")));
    QCOMPARE(m_page->findChild<QLabel *>(QStringLiteral("reported:") + kClicks)->isVisible(), true);
}

void tst_TradeoffsPage::movingTheSliderUpdatesEveryMetricAndTheCurrentPoint()
{
    m_page->setSweepMetrics(kClicks, kLowQuality);
    QVERIFY(m_page->waitForIdle());
    expectReference(0.5, 0.5, tradeoff::ScoreNormalisation::ZScore);
    const std::optional<double> before = m_page->metricValue(kLowQuality);

    // PageUp moves the slider by a page: 10 steps, α 0.5 -> 0.6, and β follows to 0.4.
    QSlider *slider = m_page->alphaSlider();
    slider->setFocus();
    QTest::keyClick(slider, Qt::Key_PageUp);
    QCOMPARE(slider->value(), 60);
    QVERIFY(m_page->waitForIdle());
    QCOMPARE(m_page->alpha(), 0.6);
    QCOMPARE(m_page->beta(), 0.4);
    QCOMPARE(m_page->findChild<QDoubleSpinBox *>(QStringLiteral("betaBox"))->value(), 0.4);
    expectReference(0.6, 0.4, tradeoff::ScoreNormalisation::ZScore);

    // All the way to quality alone: the feed's low-quality share can only fall.
    QTest::keyClick(slider, Qt::Key_End);
    QVERIFY(m_page->waitForIdle());
    QCOMPARE(m_page->beta(), 0.0);
    expectReference(1.0, 0.0, tradeoff::ScoreNormalisation::ZScore);
    QVERIFY(*m_page->metricValue(kLowQuality) <= *before);

    // The top-k list is the top 100, best first.
    QCOMPARE(m_page->itemsTable()->rowCount(), 100);
    QVERIFY(m_page->itemsTable()->item(0, 2)->data(Qt::UserRole).toDouble() >=
            m_page->itemsTable()->item(99, 2)->data(Qt::UserRole).toDouble());
}

void tst_TradeoffsPage::aDragIsOneUpdatePerMoveAndTheReportedRowFollowsOnRelease()
{
    // Every answer the worker gives while the user drags α from 0.5 to 0.8, one step at a time.
    QList<services::TradeoffResult> answers;
    connect(m_page->worker(), &services::TradeoffWorker::updated, this,
            [&answers](const services::TradeoffResult &r) { answers << r; });
    const QString reportedBefore = m_page->reportedText(kClicks);
    QSlider *slider = m_page->alphaSlider();
    slider->setSliderDown(true); // the user holds the handle
    for (int value = 51; value <= 80; ++value) {
        slider->setValue(value);
        QCoreApplication::processEvents();
    }
    QVERIFY(m_page->waitForIdle());
    QVERIFY(!answers.isEmpty());
    // Mid-drag each move is one engine update: the chosen-on rows only; the reported row waits,
    // greyed, showing the last position it was computed at.
    for (const services::TradeoffResult &r : std::as_const(answers))
        QVERIFY(!r.reported);
    QCOMPARE(m_page->reportedText(kClicks), reportedBefore);
    QVERIFY(!m_page->findChild<QLabel *>(QStringLiteral("reported:") + kClicks)->isEnabled());
    QCOMPARE(m_page->alpha(), 0.8);

    // Let go: one more answer, with the reported row, equal to the reference at the final weights.
    answers.clear();
    slider->setSliderDown(false);
    QVERIFY(m_page->waitForIdle());
    QCOMPARE(answers.size(), 1);
    QVERIFY(answers.constFirst().reported);
    QVERIFY(m_page->findChild<QLabel *>(QStringLiteral("reported:") + kClicks)->isEnabled());
    expectReference(m_page->alpha(), m_page->beta(), tradeoff::ScoreNormalisation::ZScore);
}

void tst_TradeoffsPage::anotherNormalisationGivesItsOwnValues()
{
    m_page->setNormalisation(QStringLiteral("rank"));
    m_page->setWeights(0.7, 0.3);
    QVERIFY(m_page->waitForIdle());
    expectReference(0.7, 0.3, tradeoff::ScoreNormalisation::Rank);
    m_page->setNormalisation(QStringLiteral("raw"));
    QVERIFY(m_page->waitForIdle());
    expectReference(0.7, 0.3, tradeoff::ScoreNormalisation::Raw);
}

void tst_TradeoffsPage::aSwappedPairIsRefusedWithTheReason()
{
    m_page->setRuns(kEngagementRun, kQualityRun);
    QVERIFY(m_page->waitForIdle()); // the pair is read on the page's reader thread
    QVERIFY2(m_page->message().contains(QLatin1String("score:quality")), qPrintable(m_page->message()));
    QVERIFY2(m_page->message().contains(QLatin1String("engagement model")), qPrintable(m_page->message()));
    QCOMPARE(m_page->itemsTable()->rowCount(), 0);
    QVERIFY(!m_page->metricValue(kClicks).has_value());
    // The sweep plot shows the reason alone: no empty axes under it, as if a sweep had found nothing.
    QCustomPlot *sweep = m_page->plot()->plot();
    QVERIFY(!sweep->xAxis->visible());
    QVERIFY(!sweep->yAxis->visible());
    // Choosing a good pair again brings the numbers back, and the sweep on its axes.
    QVERIFY(m_page->setRuns(kQualityRun, kEngagementRun));
    QVERIFY(m_page->waitForIdle());
    QVERIFY(m_page->metricValue(kClicks).has_value());
    QTRY_VERIFY_WITH_TIMEOUT(sweep->xAxis->visible() && sweep->yAxis->visible(), 60000);
}

void tst_TradeoffsPage::theApproachOneRunSitsAtItsTrainingWeights()
{
    m_page->setSweepMetrics(kClicks, kLowQuality);
    QVERIFY(m_page->waitForIdle());
    // On the rows of the sweep it is drawn with: the validation items.
    const Result<services::TradeoffPair> one =
        services::loadApproachOnePair(db(), m_framing, kCombinedRun, services::PairPart::Choosing);
    QVERIFY2(one, qPrintable(one ? QString() : one.error()));
    QVERIFY(one->trainingWeights.has_value());
    Result<tradeoff::TradeoffEngine> engine = services::tradeoffEngine(*one, tradeoff::ScoreNormalisation::Raw);
    QVERIFY(engine);
    const Result<tradeoff::TradeoffUpdate> update =
        engine.value().update(one->trainingWeights->alpha, one->trainingWeights->beta, 100);
    QVERIFY(update);
    const std::optional<QPointF> drawn = m_page->plot()->approachOne();
    QVERIFY(drawn.has_value());
    for (const tradeoff::RankedMetricValue &m : update->metrics) {
        if (m.name == kClicks)
            QCOMPARE(drawn->x(), m.value->value);
        if (m.name == kLowQuality)
            QCOMPARE(drawn->y(), m.value->value);
    }
    // And the sweep it is compared with: 101 weightings, the front among them.
    QCOMPARE(m_page->plot()->sweep().points.size(), std::size_t(101));
    QVERIFY(!m_page->plot()->sweep().front.empty());
}

void tst_TradeoffsPage::savingMakesPolicyVersionsThatApplyAndExport()
{
    const QString name = QStringLiteral("test policy");
    m_page->setWeights(0.8, 0.2);
    QVERIFY(m_page->waitForIdle());
    QVERIFY(m_page->savePolicy(name, QStringLiteral("more quality")));
    db::PolicyRepository policies(db());
    Result<db::PolicyRecord> first = policies.find(m_projectId, name);
    QVERIFY(first);
    QCOMPARE(first->version, 1);
    QCOMPARE(first->settings.alpha, 0.8);
    QCOMPARE(first->settings.normalisation, QStringLiteral("zscore"));
    // A policy records what it is reported to give: the test items' values.
    QCOMPARE(first->metrics.value(kLowQuality), *m_page->reportedValue(kLowQuality));

    // The same setting again adds nothing; another one is version 2.
    QVERIFY(m_page->savePolicy(name, QStringLiteral("again")));
    QCOMPARE(policies.versions(m_projectId, name)->size(), 1);
    m_page->setWeights(0.3, 0.7);
    QVERIFY(m_page->savePolicy(name, QStringLiteral("more engagement")));
    QCOMPARE(policies.versions(m_projectId, name)->size(), 2);
    const QTableWidget *table = m_page->policiesTable();
    int row = -1;
    for (int r = 0; r < table->rowCount(); ++r)
        if (table->item(r, 0)->text() == name)
            row = r;
    QVERIFY(row >= 0);
    QCOMPARE(table->item(row, 1)->text(), QStringLiteral("2 of 2"));

    // Applying it restores its settings; exporting writes its JSON.
    m_page->setWeights(0.5, 0.5);
    m_page->setNormalisation(QStringLiteral("rank"));
    QVERIFY(m_page->applyPolicy(name));
    QVERIFY(m_page->waitForIdle());
    QCOMPARE(m_page->alpha(), 0.3);
    QCOMPARE(m_page->normalisation(), QStringLiteral("zscore"));
    expectReference(0.3, 0.7, tradeoff::ScoreNormalisation::ZScore);
    const QString path = m_dir->filePath(QStringLiteral("policy.json"));
    QVERIFY(m_page->exportPolicy(name, path));
    const QJsonObject json = QJsonDocument::fromJson(mbtest::fileBytes(path)).object();
    QCOMPARE(json.value(QStringLiteral("version")).toInt(), 2);
    QCOMPARE(json.value(QStringLiteral("alpha")).toDouble(), 0.3);
}

void tst_TradeoffsPage::thePageSavesWhatThePolicyServiceSaves()
{
    const QString name = QStringLiteral("page policy");
    m_page->setWeights(0.6, 0.4);
    QVERIFY(m_page->savePolicy(name, QStringLiteral("from the page")));
    const Result<db::PolicyRecord> fromPage = db::PolicyRepository(db()).find(m_projectId, name);
    QVERIFY(fromPage);
    QVERIFY(!fromPage->metrics.isEmpty());

    services::PolicyRequest request;
    request.settings = fromPage->settings;
    QCOMPARE(request.settings.runA, kQualityRun);
    QCOMPARE(request.settings.k, 100);
    request.name = QStringLiteral("service policy");
    const Result<db::PolicySaveOutcome> fromService = services::PolicyService(db()).save(m_projectId, request);
    QVERIFY(fromService);
    QCOMPARE(fromService->policy.version, 1);
    QCOMPARE(fromService->policy.metrics, fromPage->metrics);
    // The page's name with its settings: the page's version, unchanged.
    request.name = name;
    const Result<db::PolicySaveOutcome> again = services::PolicyService(db()).save(m_projectId, request);
    QVERIFY(again);
    QVERIFY(again->unchanged);
    QCOMPARE(again->policy.id, fromPage->id);
    // What the page shows for the setting is what it stored.
    QVERIFY(m_page->waitForIdle());
    QCOMPARE(fromPage->metrics.value(kClicks), *m_page->reportedValue(kClicks));
}

QTEST_MAIN(tst_TradeoffsPage)
void tst_TradeoffsPage::aKOtherThanAMetricsOwnBudgetIsSaidAndAProjectStartsAtItsBudget()
{
    // The demo's clicks_at_100 is a top-100 metric. At k = 100 nothing needs saying.
    auto *note = m_page->findChild<QLabel *>(QStringLiteral("budgetNote"));
    QVERIFY(note);
    QVERIFY(!note->isVisible());
    // At another k the page still shows clicks_at_100, counted over that k: it says so.
    m_page->setK(50);
    QVERIFY(m_page->waitForIdle());
    QVERIFY(note->isVisible());
    QVERIFY2(note->text().contains(QStringLiteral("top 50")) && note->text().contains(QStringLiteral("clicks_at_100"))
                 && note->text().contains(QStringLiteral("100")),
             qPrintable(note->text()));

    // On a copy whose framing gives clicks_at_100 a budget of 50, the newest saved policy still
    // opens as it was saved (k = 100), and the page names the metric it counts over another k.
    QDir(m_dir->path()).mkpath(QStringLiteral("fifty"));
    QString problem;
    std::unique_ptr<db::Workspace> fifty = mbtest::openDemoCopy(m_dir->path() + QStringLiteral("/fifty"), &problem);
    QVERIFY2(fifty, qPrintable(problem));
    Framing framing = m_framing;
    for (BusinessMetric &metric : framing.businessMetrics)
        if (metric.selection == Selection::TopK)
            metric.selectionParameter = 50;
    db::FramingRepository framings(fifty->database());
    QVERIFY(framings.save(framings.framing(m_projectId)->id, framing));
    m_page->setProject(&fifty->database(), m_projectId);
    QVERIFY(m_page->waitForIdle());
    QCOMPARE(m_page->k(), 100);
    QVERIFY(note->isVisible());
    QVERIFY2(note->text().contains(QStringLiteral("top 100")) && note->text().contains(QStringLiteral("its own: 50")),
             qPrintable(note->text()));

    // A project with that framing and no policy yet opens at its budget, whatever k the page had.
    m_page->setK(300);
    const Result<db::Project> fresh = db::ProjectRepository(fifty->database()).create(QStringLiteral("Budget of 50"));
    QVERIFY(fresh);
    QVERIFY(framings.save(framings.framing(fresh->id)->id, framing));
    m_page->setProject(&fifty->database(), fresh->id);
    QVERIFY(m_page->waitForIdle());
    QCOMPARE(m_page->k(), 50);
    QVERIFY(!note->isVisible());
    m_page->setProject(&db(), m_projectId); // off the copy before it closes
    QVERIFY(m_page->waitForIdle());
}

#include "tst_tradeoffspage.moc"
