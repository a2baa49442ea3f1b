// SPDX-License-Identifier: GPL-3.0-or-later
// What the Trade-offs page and the demo load: on a copy of the demo workspace, trained by the real
// `metricbridge demo` (the suite's fixture) and built once more, the demo's one saved policy pairs the quality and
// engagement models, meets trust & safety's requirement with the most clicks any weighting gives on the validation
// items (weights are chosen there), and stores the metrics the engine computes for its settings on the test items; rebuilding the demo adds no version. A pair across dataset versions
// (the engagement model retrained on newer posts) and a swapped pair are refused naming the runs; the combined-loss
// run's Approach-1 point agrees with its values on the other pages; the page's preselected pair is the newest one on
// one dataset version.
#include "app/services/DatasetImport.h"
#include "app/services/DemoWorkspace.h"
#include "app/services/RunMetrics.h"
#include "app/services/RunQueueing.h"
#include "app/services/TradeoffSession.h"
#include "core/DemoFraming.h"
#include "core/TrainingConfig.h"
#include "core/data/NewsfeedGenerator.h"
#include "core/tradeoff/ScoreNormalisation.h"
#include "core/tradeoff/TradeoffEngine.h"
#include "db/FramingRepository.h"
#include "db/PolicyRepository.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/support/CommandRun.h"
#include "tests/support/DemoFixture.h"
#include "tests/support/TestSupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>

using namespace mb;

namespace {

template<typename T>
QString errorOf(const Result<T> &result)
{
    return result.ok() ? QString() : result.error();
}

const QString kClicks = QStringLiteral("clicks_at_100");
const QString kLowQuality = QStringLiteral("low_quality_share");

} // namespace

class tst_TradeoffSession : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void theDemoSavesOnePolicyOfItsQualityAndEngagementModels();
    void theDemoPolicysMetricsAreWhatTheEngineComputesForItsSettings();
    void theDemoPolicyMeetsTrustAndSafetyWithTheMostClicks();
    void aPairIsChosenOnValidationItemsAndReportedOnTestItems();
    void rebuildingTheDemoAddsNoPolicyVersion();
    void aPairOnAnotherDatasetVersionIsRefusedNamingBothRuns();
    void aSwappedPairIsRefusedNamingTheRunAndTheMissingScore();
    void aRunPairedWithItselfIsRefused();
    void theApproachOnePointAgreesWithTheCombinedRunsValues();
    void aOneObjectiveRunHasNoApproachOnePoint();
    void thePagePreselectsTheNewestPairOnOneDatasetVersion();
    void policySaveOnTheCommandLineRecordsTheSnapshotAndRefusesASwappedPair();

private:
    db::Database &db() { return m_workspace->database(); }
    std::int64_t runNamed(const QString &name);
    db::PolicyRecord demoPolicy();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<db::Workspace> m_workspace;
    std::int64_t m_projectId = 0;
    Framing m_framing;
    QList<db::RunRecord> m_runs; // newest first, the retrained engagement model included
    std::int64_t m_newerEngagementRun = 0;
};

void tst_TradeoffSession::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    // Built twice, as a user opening the demo again would: the second build must add nothing. The
    // first is the suite's demo fixture, the output of `metricbridge demo` on a new file.
    QString problem;
    m_path = mbtest::copyDemoFixture(m_dir->path(), &problem);
    QVERIFY2(!m_path.isEmpty(), qPrintable(problem));
    const mbtest::CommandRun demo =
        mbtest::runMetricbridge({QStringLiteral("demo"), QStringLiteral("--workspace"), m_path});
    QVERIFY2(demo.exitCode == 0, demo.err.constData());

    auto opened = db::Workspace::open(m_path);
    QVERIFY2(opened, qPrintable(errorOf(opened)));
    m_workspace = std::move(opened).value();
    m_projectId = db::ProjectRepository(db()).find(demoProjectName())->id;
    db::FramingRepository framings(db());
    const Result<std::optional<db::FramingVersion>> current = framings.load(framings.framing(m_projectId)->id);
    QVERIFY(current && current->has_value());
    m_framing = (*current)->framing;

    // The engagement model retrained on newer posts (another seed): another dataset version.
    const QString later = m_dir->filePath(QStringLiteral("later.csv"));
    QVERIFY(mbtest::writeFile(later, data::generateNewsfeedCsv(3000, 7)));
    services::DatasetImportRequest request;
    request.file = later;
    request.options.targets = {QStringLiteral("quality"), QStringLiteral("engagement")};
    request.options.valueColumns = {QStringLiteral("ad_value")};
    request.options.overrides[QStringLiteral("post_id")].ignore = true;
    request.split = data::SplitSpec::parse(QStringLiteral("ordered:posted_at:0.1,0.2"), 42).value();
    const Result<services::DatasetImportOutcome> imported = services::importDataset(db(), m_projectId, request);
    QVERIFY2(imported, qPrintable(errorOf(imported)));
    QVERIFY(imported->split.has_value());
    const Result<db::RunRecord> engagement = db::RunRepository(db()).run(runNamed(QStringLiteral("engagement model")));
    QVERIFY(engagement);
    Result<TrainingConfig> config = trainingConfigFromJson(engagement->config);
    QVERIFY2(config, qPrintable(errorOf(config)));
    config.value().name = QStringLiteral("engagement model (newer posts)");
    config.value().datasetVersion = imported->version.id;
    config.value().split = imported->split->id;
    const Result<db::RunRecord> queued = services::queueRun(db(), m_projectId, *config);
    QVERIFY2(queued, qPrintable(errorOf(queued)));
    m_newerEngagementRun = queued->id;
    const mbtest::CommandRun trained =
        mbtest::runMetricbridge({QStringLiteral("train"), QStringLiteral("--workspace"), m_path,
                                 QStringLiteral("--run"), QString::number(queued->id)});
    QVERIFY2(trained.exitCode == 0, trained.err.constData());

    const Result<QList<db::RunRecord>> runs = db::RunRepository(db()).runs(m_projectId);
    QVERIFY(runs);
    m_runs = *runs;
    QCOMPARE(m_runs.size(), 5);
    for (const db::RunRecord &run : m_runs)
        QVERIFY2(run.status == db::RunStatus::Finished, qPrintable(run.name));
}

void tst_TradeoffSession::cleanupTestCase()
{
    m_workspace.reset();
    m_dir.reset();
}

std::int64_t tst_TradeoffSession::runNamed(const QString &name)
{
    const Result<QList<db::RunRecord>> runs = db::RunRepository(db()).runs(m_projectId);
    if (runs)
        for (const db::RunRecord &run : *runs)
            if (run.name == name)
                return run.id;
    return 0;
}

db::PolicyRecord tst_TradeoffSession::demoPolicy()
{
    const Result<QList<db::PolicySummary>> policies = db::PolicyRepository(db()).policies(m_projectId);
    return policies && policies->size() == 1 ? policies->first().latest : db::PolicyRecord{};
}

void tst_TradeoffSession::theDemoSavesOnePolicyOfItsQualityAndEngagementModels()
{
    const Result<QList<db::PolicySummary>> policies = db::PolicyRepository(db()).policies(m_projectId);
    QVERIFY2(policies, qPrintable(errorOf(policies)));
    QCOMPARE(policies->size(), 1);
    const db::PolicySummary &policy = policies->first();
    QCOMPARE(policy.versionCount, 1); // the second `metricbridge demo` added none
    QCOMPARE(policy.latest.name, QStringLiteral("balanced feed"));
    QCOMPARE(policy.latest.settings.runA, runNamed(QStringLiteral("quality model")));
    QCOMPARE(policy.latest.settings.runB, runNamed(QStringLiteral("engagement model")));
    QCOMPARE(policy.latest.settings.normalisation, QStringLiteral("zscore"));
    QCOMPARE(policy.latest.settings.k, 100);
    QVERIFY(policy.latest.settings.alpha >= 0 && policy.latest.settings.beta >= 0);
    QCOMPARE(policy.latest.settings.alpha + policy.latest.settings.beta, 1.0);
    // The note tells a reader why these weights.
    QVERIFY2(policy.latest.note.contains(kClicks) && policy.latest.note.contains(kLowQuality),
             qPrintable(policy.latest.note));
}

void tst_TradeoffSession::theDemoPolicysMetricsAreWhatTheEngineComputesForItsSettings()
{
    const db::PolicyRecord policy = demoPolicy();
    QVERIFY(policy.id > 0);
    // Recomputed the way the Trade-offs page does: the pair, z-scored, one update.
    Result<services::TradeoffPair> pair =
        services::loadTradeoffPair(db(), m_framing, policy.settings.runA, policy.settings.runB);
    QVERIFY2(pair, qPrintable(errorOf(pair)));
    QCOMPARE(pair->a.runName, QStringLiteral("quality model"));
    QCOMPARE(pair->b.runName, QStringLiteral("engagement model"));
    QCOMPARE(pair->a.scoreColumn, QStringLiteral("score:quality"));
    QCOMPARE(pair->b.scoreColumn, QStringLiteral("score:engagement"));
    QCOMPARE(pair->part, QStringLiteral("test"));
    QCOMPARE(pair->data.items.label.size(), pair->data.a.size());
    QVERIFY(pair->data.a.size() > 1000);

    tradeoff::TradeoffData data = pair->data;
    data.a = tradeoff::normaliseScores(data.a, tradeoff::ScoreNormalisation::ZScore).value();
    data.b = tradeoff::normaliseScores(data.b, tradeoff::ScoreNormalisation::ZScore).value();
    Result<tradeoff::TradeoffEngine> engine = tradeoff::TradeoffEngine::create(std::move(data));
    QVERIFY2(engine, qPrintable(errorOf(engine)));
    const Result<tradeoff::TradeoffUpdate> update =
        engine.value().update(policy.settings.alpha, policy.settings.beta, std::size_t(policy.settings.k));
    QVERIFY2(update, qPrintable(errorOf(update)));

    QStringList expectedNames;
    for (const tradeoff::RankedMetricValue &metric : update->metrics) {
        QVERIFY2(metric.value, qPrintable(errorOf(metric.value)));
        expectedNames << metric.name;
        QVERIFY2(policy.metrics.contains(metric.name), qPrintable(metric.name));
        QVERIFY2(mbtest::fuzzyEqual(policy.metrics.value(metric.name), metric.value->value, 1e-12),
                 qPrintable(QStringLiteral("%1: stored %2, engine %3")
                                .arg(metric.name)
                                .arg(policy.metrics.value(metric.name))
                                .arg(metric.value->value)));
    }
    QCOMPARE(policy.metrics.keys(), (QStringList{kClicks, kLowQuality, QStringLiteral("revenue_per_1000")}));
    QCOMPARE(expectedNames.size(), policy.metrics.size());

    // policyMetricsAt, the page's "save" path, gives the same snapshot.
    const Result<PolicyMetrics> snapshot = services::policyMetricsAt(*pair, policy.settings);
    QVERIFY2(snapshot, qPrintable(errorOf(snapshot)));
    QCOMPARE(*snapshot, policy.metrics);
}

void tst_TradeoffSession::theDemoPolicyMeetsTrustAndSafetyWithTheMostClicks()
{
    const db::PolicyRecord policy = demoPolicy();
    QVERIFY(policy.id > 0);
    // The weights were chosen on the validation items, never on the test items the policy's
    // metrics report.
    const Result<services::TradeoffPairs> pairs =
        services::loadTradeoffPairs(db(), m_framing, policy.settings.runA, policy.settings.runB);
    QVERIFY2(pairs, qPrintable(errorOf(pairs)));
    QVERIFY2(pairs->choosing.has_value(), qPrintable(pairs->noChoosingReason));
    QCOMPARE(pairs->choosing->part, QStringLiteral("validation"));
    QVERIFY2(policy.note.contains(QLatin1String("validation")), qPrintable(policy.note));
    Result<tradeoff::TradeoffEngine> engine =
        services::tradeoffEngine(*pairs->choosing, tradeoff::ScoreNormalisation::ZScore);
    QVERIFY2(engine, qPrintable(errorOf(engine)));

    // Trust & safety's line, read from the framing: low_quality_share <= 10.
    double limit = -1;
    for (const Stakeholder &s : m_framing.stakeholders)
        if (s.requirementMetric == kLowQuality)
            limit = s.requirementValue;
    QCOMPARE(limit, 10.0);

    // The weighting with the most clicks on validation among those within the limit there, ties
    // to the larger alpha (walked from alpha = 1 down, keeping only strictly more clicks).
    std::optional<int> best;
    PolicyMetrics bestValues;
    for (int i = 100; i >= 0; --i) {
        const Result<tradeoff::TradeoffUpdate> update = engine.value().update(i / 100.0, (100 - i) / 100.0, 100);
        QVERIFY(update);
        const PolicyMetrics values = services::policyMetricsOf(*update);
        if (values.value(kLowQuality) <= limit && (!best || values.value(kClicks) > bestValues.value(kClicks))) {
            best = i;
            bestValues = values;
        }
    }
    // On the demo's data some weighting meets the requirement, so the policy is that one.
    QVERIFY(best.has_value());
    QCOMPARE(policy.settings.alpha, *best / 100.0);
    // Its stored metrics are the test items' at those weights.
    const Result<PolicyMetrics> reported = services::policyMetricsAt(pairs->reported, policy.settings);
    QVERIFY2(reported, qPrintable(errorOf(reported)));
    QCOMPARE(policy.metrics, *reported);
    // And it is a real trade-off: pure engagement ranking breaks the limit on validation.
    const Result<tradeoff::TradeoffUpdate> engagementOnly = engine.value().update(0, 1, 100);
    QVERIFY(engagementOnly);
    QVERIFY(services::policyMetricsOf(*engagementOnly).value(kLowQuality) > limit);
}

void tst_TradeoffSession::aPairIsChosenOnValidationItemsAndReportedOnTestItems()
{
    const Result<services::TradeoffPairs> pairs = services::loadTradeoffPairs(
        db(), m_framing, runNamed(QStringLiteral("quality model")), runNamed(QStringLiteral("engagement model")));
    QVERIFY2(pairs, qPrintable(errorOf(pairs)));
    QVERIFY2(pairs->choosing.has_value(), qPrintable(pairs->noChoosingReason));
    const services::TradeoffPair &validation = *pairs->choosing;
    const services::TradeoffPair &test = pairs->reported;
    QCOMPARE(validation.part, QStringLiteral("validation"));
    QCOMPARE(test.part, QStringLiteral("test"));
    // The same data and split, other evaluations of the same runs, and disjoint items.
    QCOMPARE(validation.datasetVersionId, test.datasetVersionId);
    QCOMPARE(validation.splitId, test.splitId);
    QCOMPARE(validation.a.runId, test.a.runId);
    QVERIFY(validation.a.evaluationId != test.a.evaluationId);
    QVERIFY(validation.b.evaluationId != test.b.evaluationId);
    QVERIFY(validation.data.a.size() > 100);
    const std::vector<std::int64_t> &testIds = test.data.items.itemIds;
    for (const std::int64_t id : validation.data.items.itemIds)
        QVERIFY2(std::find(testIds.begin(), testIds.end(), id) == testIds.end(), qPrintable(QString::number(id)));
}

void tst_TradeoffSession::rebuildingTheDemoAddsNoPolicyVersion()
{
    // The in-process build, as the window opens the demo: the policy is there, so nothing is added.
    const Status built = services::buildDemoWorkspace(m_path);
    QVERIFY2(built, qPrintable(errorOf(built)));
    QVERIFY(services::addDemoPolicy(m_path));
    QCOMPARE(db().queryInt("SELECT count(*) FROM policies"), std::int64_t(1));
}

void tst_TradeoffSession::aPairOnAnotherDatasetVersionIsRefusedNamingBothRuns()
{
    const Result<services::TradeoffPair> pair =
        services::loadTradeoffPair(db(), m_framing, runNamed(QStringLiteral("quality model")), m_newerEngagementRun);
    QVERIFY(!pair);
    QVERIFY2(pair.error().contains(QStringLiteral("run 'quality model'")) &&
                 pair.error().contains(QStringLiteral("run 'engagement model (newer posts)'")) &&
                 pair.error().contains(QStringLiteral("dataset version")),
             qPrintable(pair.error()));
}

void tst_TradeoffSession::aSwappedPairIsRefusedNamingTheRunAndTheMissingScore()
{
    const Result<services::TradeoffPair> pair = services::loadTradeoffPair(
        db(), m_framing, runNamed(QStringLiteral("engagement model")), runNamed(QStringLiteral("quality model")));
    QVERIFY(!pair);
    QVERIFY2(pair.error().contains(QStringLiteral("run 'engagement model' cannot stand for 'quality'")) &&
                 pair.error().contains(QStringLiteral("'score:quality'")),
             qPrintable(pair.error()));
}

void tst_TradeoffSession::aRunPairedWithItselfIsRefused()
{
    const std::int64_t quality = runNamed(QStringLiteral("quality model"));
    const Result<services::TradeoffPair> pair = services::loadTradeoffPair(db(), m_framing, quality, quality);
    QVERIFY(!pair);
    QVERIFY2(pair.error().contains(QStringLiteral("run 'quality model' cannot be paired with itself")),
             qPrintable(pair.error()));
}

void tst_TradeoffSession::theApproachOnePointAgreesWithTheCombinedRunsValues()
{
    const std::int64_t combined = runNamed(QStringLiteral("combined loss 0.5·quality + 0.5·engagement"));
    QVERIFY(combined > 0);
    const Result<services::TradeoffPair> pair = services::loadApproachOnePair(db(), m_framing, combined);
    QVERIFY2(pair, qPrintable(errorOf(pair)));
    QVERIFY(pair->trainingWeights.has_value());
    QCOMPARE(pair->trainingWeights->alpha, 0.5);
    QCOMPARE(pair->trainingWeights->beta, 0.5);
    QCOMPARE(pair->a.runId, combined);
    QCOMPARE(pair->b.runId, combined);

    // The point the page draws: the model's own scores, raw, at its training weights, top 100.
    Result<tradeoff::TradeoffEngine> engine = services::tradeoffEngine(*pair, tradeoff::ScoreNormalisation::Raw);
    QVERIFY2(engine, qPrintable(errorOf(engine)));
    const Result<tradeoff::TradeoffUpdate> update =
        engine.value().update(pair->trainingWeights->alpha, pair->trainingWeights->beta, 100);
    QVERIFY(update);
    const PolicyMetrics point = services::policyMetricsOf(*update);

    // The same run in the runs table and on the Compare page.
    const Result<services::RunMetrics> values =
        services::computeRunMetrics(db(), *db::RunRepository(db()).run(combined), m_framing);
    QVERIFY2(values, qPrintable(errorOf(values)));
    for (const QString &name : {kClicks, kLowQuality}) {
        QVERIFY2(point.contains(name) && values->values.contains(name), qPrintable(name));
        QCOMPARE(point.value(name), values->values.value(name));
    }
}

void tst_TradeoffSession::aOneObjectiveRunHasNoApproachOnePoint()
{
    const Result<services::TradeoffPair> pair =
        services::loadApproachOnePair(db(), m_framing, runNamed(QStringLiteral("quality model")));
    QVERIFY(!pair);
    QVERIFY2(pair.error().contains(QStringLiteral("run 'quality model' cannot stand for 'engagement'")) &&
                 pair.error().contains(QStringLiteral("'score:engagement'")),
             qPrintable(pair.error()));
}

void tst_TradeoffSession::thePagePreselectsTheNewestPairOnOneDatasetVersion()
{
    // The newest engagement-only run is on the newer posts, where no quality model was trained:
    // the page pairs the quality model with the newest engagement-only run of its own data, the
    // logistic baseline (queued after the engagement model).
    const std::optional<std::pair<std::int64_t, std::int64_t>> suggested =
        services::suggestedTradeoffRuns(m_runs, m_framing);
    QVERIFY(suggested.has_value());
    QCOMPARE(suggested->first, runNamed(QStringLiteral("quality model")));
    QCOMPARE(suggested->second, runNamed(QStringLiteral("engagement baseline (logistic)")));
    QVERIFY(services::loadTradeoffPair(db(), m_framing, suggested->first, suggested->second));

    // Without the baseline, the engagement model; without any quality model, nothing.
    QList<db::RunRecord> withoutBaseline;
    QList<db::RunRecord> withoutQuality;
    for (const db::RunRecord &run : std::as_const(m_runs)) {
        if (run.name != QStringLiteral("engagement baseline (logistic)"))
            withoutBaseline << run;
        if (run.name != QStringLiteral("quality model"))
            withoutQuality << run;
    }
    const auto expected = std::make_optional(
        std::pair{runNamed(QStringLiteral("quality model")), runNamed(QStringLiteral("engagement model"))});
    QVERIFY(services::suggestedTradeoffRuns(withoutBaseline, m_framing) == expected);
    QVERIFY(!services::suggestedTradeoffRuns(withoutQuality, m_framing).has_value());
}

// Runs after rebuildingTheDemoAddsNoPolicyVersion, which opened and closed the workspace in this
// process while m_workspace held it: the policy the command line saves must still be visible
// here (db/Workspace.cpp: a second open must not drop this connection's file locks).
void tst_TradeoffSession::policySaveOnTheCommandLineRecordsTheSnapshotAndRefusesASwappedPair()
{
    const auto save = [this](const QString &name, const QString &runA, const QString &runB) {
        return mbtest::runMetricbridge({QStringLiteral("policy"),
                                        QStringLiteral("save"),
                                        QStringLiteral("--workspace"),
                                        m_path,
                                        QStringLiteral("--project"),
                                        demoProjectName(),
                                        QStringLiteral("--name"),
                                        name,
                                        QStringLiteral("--run-a"),
                                        runA,
                                        QStringLiteral("--run-b"),
                                        runB,
                                        QStringLiteral("--alpha"),
                                        QStringLiteral("0.3"),
                                        QStringLiteral("--beta"),
                                        QStringLiteral("0.7"),
                                        QStringLiteral("--normalisation"),
                                        QStringLiteral("rank"),
                                        QStringLiteral("--k"),
                                        QStringLiteral("50")});
    };
    db::PolicyRepository policies(db());
    const mbtest::CommandRun swapped = save(QStringLiteral("swapped"), QStringLiteral("2"), QStringLiteral("1"));
    QCOMPARE(swapped.exitCode, 1);
    QVERIFY2(mbtest::reasonLine(swapped).contains("score:quality"), swapped.err.constData());
    QVERIFY(!policies.latest(m_projectId, QStringLiteral("swapped"))->has_value());

    const mbtest::CommandRun saved = save(QStringLiteral("engagement first"), QStringLiteral("1"), QStringLiteral("2"));
    QVERIFY2(saved.exitCode == 0, saved.err.constData());
    const Result<db::PolicyRecord> policy = policies.find(m_projectId, QStringLiteral("engagement first"));
    QVERIFY2(policy, qPrintable(errorOf(policy)));
    const Result<services::TradeoffPair> pair = services::loadTradeoffPair(db(), m_framing, 1, 2);
    QVERIFY(pair);
    const Result<PolicyMetrics> expected = services::policyMetricsAt(*pair, policy->settings);
    QVERIFY(expected && !expected->isEmpty());
    QCOMPARE(policy->metrics, *expected);
}

QTEST_GUILESS_MAIN(tst_TradeoffSession)
#include "tst_tradeoffsession.moc"
