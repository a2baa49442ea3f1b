// SPDX-License-Identifier: GPL-3.0-or-later
// Saving a trade-off policy, the use case the Trade-offs page, `policy save` and the demo share
// (services::PolicyService). On the demo project with its quality and engagement models trained
// (1 quality model, 2 engagement model; 3 and 4 left queued): the service stores the same version
// and the same metric snapshot as the real `metricbridge policy save` and as the demo, the
// snapshot is what the engine gives for the setting, the same settings add no version, and a pair
// the Trade-offs page refuses is refused with its reason and stores nothing.
// (tst_tradeoffspage checks that the page's save is the service's.)
#include "app/services/DemoWorkspace.h"
#include "app/services/PolicyService.h"
#include "app/services/TradeoffSession.h"
#include "core/DemoFraming.h"
#include "db/FramingRepository.h"
#include "db/PolicyRepository.h"
#include "db/ProjectRepository.h"
#include "db/Workspace.h"
#include "tests/support/CommandRun.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace mb;

namespace {

constexpr std::int64_t kQualityRun = 1;
constexpr std::int64_t kEngagementRun = 2;
constexpr std::int64_t kCombinedRun = 3; // queued, never trained here

template<typename T>
QString errorOf(const Result<T> &result)
{
    return result.ok() ? QString() : result.error();
}

PolicySettings setting(double alpha, double beta, std::int64_t runA = kQualityRun, std::int64_t runB = kEngagementRun)
{
    PolicySettings s;
    s.runA = runA;
    s.runB = runB;
    s.alpha = alpha;
    s.beta = beta;
    s.normalisation = QStringLiteral("zscore");
    s.k = 50;
    return s;
}

} // namespace

class tst_PolicyService : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    // First: the demo saves its policy only in a project that has none yet.
    void theDemoPolicyIsTheServicesSave();
    void theServiceSavesWhatTheCommandLineSaves();
    void theSameSettingsAddNoVersionAndOthersAddOne();
    void aRefusedPairStoresNothing_data();
    void aRefusedPairStoresNothing();

private:
    db::Database &db() { return m_workspace->database(); }
    Result<db::PolicySaveOutcome> save(const QString &name, const PolicySettings &settings, const QString &note = {});
    // What the engine gives for `settings`, from a pair loaded here.
    PolicyMetrics engineSnapshot(const PolicySettings &settings);
    std::int64_t storedVersions();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<db::Workspace> m_workspace;
    std::int64_t m_projectId = 0;
    Framing m_framing;
};

void tst_PolicyService::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("demo.mbw"));
    // The demo's project, framing, data and queued runs; only the pair's two models are trained.
    const Status built = services::buildDemoWorkspace(m_path, services::DemoTraining::Queue);
    QVERIFY2(built, qPrintable(errorOf(built)));
    for (const std::int64_t run : {kQualityRun, kEngagementRun}) {
        const mbtest::CommandRun trained =
            mbtest::runMetricbridge({QStringLiteral("train"), QStringLiteral("--workspace"), m_path,
                                     QStringLiteral("--run"), QString::number(run)});
        QVERIFY2(trained.exitCode == 0, trained.err.constData());
    }
    auto opened = db::Workspace::open(m_path);
    QVERIFY2(opened, qPrintable(errorOf(opened)));
    m_workspace = std::move(opened).value();
    m_projectId = db::ProjectRepository(db()).find(demoProjectName())->id;
    db::FramingRepository framings(db());
    m_framing = (*framings.load(framings.framing(m_projectId)->id))->framing;
    QCOMPARE(storedVersions(), 0);
}

void tst_PolicyService::cleanupTestCase()
{
    m_workspace.reset();
    m_dir.reset();
}

Result<db::PolicySaveOutcome> tst_PolicyService::save(const QString &name, const PolicySettings &settings,
                                                      const QString &note)
{
    services::PolicyRequest request;
    request.name = name;
    request.settings = settings;
    request.note = note;
    return services::PolicyService(db()).save(m_projectId, request);
}

PolicyMetrics tst_PolicyService::engineSnapshot(const PolicySettings &settings)
{
    const Result<services::TradeoffPair> pair =
        services::loadTradeoffPair(db(), m_framing, settings.runA, settings.runB);
    if (!pair)
        return {};
    const Result<PolicyMetrics> metrics = services::policyMetricsAt(*pair, settings);
    return metrics ? *metrics : PolicyMetrics{};
}

std::int64_t tst_PolicyService::storedVersions()
{
    return db().queryInt("SELECT count(*) FROM policies");
}

void tst_PolicyService::theServiceSavesWhatTheCommandLineSaves()
{
    const mbtest::CommandRun cli = mbtest::runMetricbridge({QStringLiteral("policy"),
                                                            QStringLiteral("save"),
                                                            QStringLiteral("--workspace"),
                                                            m_path,
                                                            QStringLiteral("--project"),
                                                            demoProjectName(),
                                                            QStringLiteral("--name"),
                                                            QStringLiteral("from the command line"),
                                                            QStringLiteral("--run-a"),
                                                            QString::number(kQualityRun),
                                                            QStringLiteral("--run-b"),
                                                            QString::number(kEngagementRun),
                                                            QStringLiteral("--alpha"),
                                                            QStringLiteral("0.3"),
                                                            QStringLiteral("--beta"),
                                                            QStringLiteral("0.7"),
                                                            QStringLiteral("--normalisation"),
                                                            QStringLiteral("zscore"),
                                                            QStringLiteral("--k"),
                                                            QStringLiteral("50")});
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    QCOMPARE(cli.out, QByteArray("saved policy 'from the command line' version 1\n"));
    db::PolicyRepository policies(db());
    const Result<db::PolicyRecord> fromCli = policies.find(m_projectId, QStringLiteral("from the command line"));
    QVERIFY2(fromCli, qPrintable(errorOf(fromCli)));

    const Result<db::PolicySaveOutcome> fromService = save(QStringLiteral("from the service"), setting(0.3, 0.7));
    QVERIFY2(fromService, qPrintable(errorOf(fromService)));
    QVERIFY(!fromService->unchanged);
    QCOMPARE(fromService->policy.version, 1);
    QCOMPARE(fromService->policy.settings, fromCli->settings);
    // The same snapshot, number for number, and it is the engine's for that setting.
    QCOMPARE(fromService->policy.metrics, fromCli->metrics);
    QCOMPARE(fromService->policy.metrics, engineSnapshot(setting(0.3, 0.7)));
    QCOMPARE(fromService->policy.metrics.keys(),
             (QStringList{QStringLiteral("clicks_at_100"), QStringLiteral("low_quality_share"),
                          QStringLiteral("revenue_per_1000")}));
    // What the service returned is what the store holds.
    const Result<db::PolicyRecord> stored = policies.find(m_projectId, QStringLiteral("from the service"));
    QVERIFY(stored);
    QCOMPARE(stored->id, fromService->policy.id);
    QCOMPARE(stored->metrics, fromService->policy.metrics);
}

void tst_PolicyService::theSameSettingsAddNoVersionAndOthersAddOne()
{
    db::PolicyRepository policies(db());
    const Result<db::PolicyRecord> first = policies.find(m_projectId, QStringLiteral("from the command line"));
    QVERIFY2(first, qPrintable(errorOf(first)));

    // The command line's policy again from the service, with another note: nothing added.
    const Result<db::PolicySaveOutcome> again =
        save(QStringLiteral("From The Command Line"), setting(0.3, 0.7), QStringLiteral("said again"));
    QVERIFY2(again, qPrintable(errorOf(again)));
    QVERIFY(again->unchanged);
    QCOMPARE(again->policy.id, first->id);
    QCOMPARE(again->policy.version, 1);
    QCOMPARE(policies.versions(m_projectId, QStringLiteral("from the command line"))->size(), 1);

    const Result<db::PolicySaveOutcome> second =
        save(QStringLiteral("from the command line"), setting(0.6, 0.4), QStringLiteral("more quality"));
    QVERIFY2(second, qPrintable(errorOf(second)));
    QVERIFY(!second->unchanged);
    QCOMPARE(second->policy.version, 2);
    QCOMPARE(second->policy.name, QStringLiteral("from the command line")); // the first spelling stays
    QCOMPARE(second->policy.metrics, engineSnapshot(setting(0.6, 0.4)));
    QVERIFY(second->policy.metrics != first->metrics); // another weighting, another top 50
}

void tst_PolicyService::theDemoPolicyIsTheServicesSave()
{
    const Status added = services::addDemoPolicy(m_path);
    QVERIFY2(added, qPrintable(errorOf(added)));
    const Result<db::PolicyRecord> demo = db::PolicyRepository(db()).find(m_projectId, QStringLiteral("balanced feed"));
    QVERIFY2(demo, qPrintable(errorOf(demo)));
    QVERIFY(!demo->metrics.isEmpty());
    QCOMPARE(demo->metrics, engineSnapshot(demo->settings));

    const Result<db::PolicySaveOutcome> same = save(QStringLiteral("balanced feed"), demo->settings);
    QVERIFY2(same, qPrintable(errorOf(same)));
    QVERIFY(same->unchanged);
    QCOMPARE(same->policy.id, demo->id);
    const Result<db::PolicySaveOutcome> copy = save(QStringLiteral("balanced feed, again"), demo->settings);
    QVERIFY2(copy, qPrintable(errorOf(copy)));
    QCOMPARE(copy->policy.metrics, demo->metrics);
}

void tst_PolicyService::aRefusedPairStoresNothing_data()
{
    QTest::addColumn<qint64>("runA");
    QTest::addColumn<qint64>("runB");
    QTest::addColumn<QString>("reason");
    QTest::newRow("swapped: the engagement model cannot stand for quality")
        << qint64(kEngagementRun) << qint64(kQualityRun) << QStringLiteral("score:quality");
    QTest::newRow("a run not trained yet")
        << qint64(kQualityRun) << qint64(kCombinedRun) << QStringLiteral("has no evaluation yet");
    QTest::newRow("a run that does not exist") << qint64(kQualityRun) << qint64(99) << QStringLiteral("99");
    QTest::newRow("one run twice") << qint64(kQualityRun) << qint64(kQualityRun)
                                   << QStringLiteral("run_b: must be another run than run_a");
}

void tst_PolicyService::aRefusedPairStoresNothing()
{
    QFETCH(qint64, runA);
    QFETCH(qint64, runB);
    QFETCH(QString, reason);
    const std::int64_t before = storedVersions();
    const Result<db::PolicySaveOutcome> saved = save(QStringLiteral("refused"), setting(0.5, 0.5, runA, runB));
    QVERIFY(!saved);
    QVERIFY2(saved.error().startsWith(QStringLiteral("the policy was not saved: ")), qPrintable(saved.error()));
    QVERIFY2(saved.error().contains(reason), qPrintable(saved.error()));
    QCOMPARE(storedVersions(), before);
    QVERIFY(!db::PolicyRepository(db()).latest(m_projectId, QStringLiteral("refused"))->has_value());
}

QTEST_GUILESS_MAIN(tst_PolicyService)
#include "tst_policyservice.moc"
