// SPDX-License-Identifier: GPL-3.0-or-later
// Queueing a run: a config that names another project's data, another version's split, or a
// column that is not a target is refused with the field named and nothing stored; a valid one is
// stored queued and tied to its data, split, the project's current framing version and this build.
#include "app/services/DatasetImport.h"
#include "app/services/RunQueueing.h"
#include "core/DemoFraming.h"
#include "core/TorchInfo.h"
#include "core/TrainingConfig.h"
#include "db/FramingRepository.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/support/TestSupport.h"

#include <QHash>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <limits>
#include <memory>

using namespace mb;
using namespace mb::db;

namespace {

// A small churn table: a numeric and a categorical feature, a yes/no target and a value column.
QByteArray churnCsv(int rows, int salt)
{
    QByteArray csv = "age,plan,churned,spend\n";
    for (int r = 0; r < rows; ++r) {
        csv += QByteArray::number(20 + (r * 7 + salt) % 50) + ',';
        csv += (r % 3 == 0 ? "basic" : r % 3 == 1 ? "plus" : "pro");
        csv += ',';
        csv += (r % 4 == salt % 4 ? "yes" : "no");
        csv += ',' + QByteArray::number(10.5 + r) + '\n';
    }
    return csv;
}

} // namespace

class tst_RunQueueing : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void configsNamingWhatIsNotThereAreRefused_data();
    void configsNamingWhatIsNotThereAreRefused();
    void aValidConfigIsStoredQueuedWithWhatReproducesIt();
    void aRunIsTiedToTheFramingVersionCurrentWhenQueued();
    void withoutASavedFramingNoFramingVersionIsRecorded();
    void zeroThreadsMeansOnePerCore();
    void aSixtyFourBitSeedIsKeptBitForBit();

private:
    Database &db() { return m_workspace->database(); }
    // Imports `csv` into `projectId` with a random split; returns false on failure.
    bool import(std::int64_t projectId, const QString &fileName, const QByteArray &csv, std::int64_t *versionId,
                std::int64_t *splitId);
    TrainingConfig validConfig() const;
    std::int64_t runCount() { return db().queryInt("SELECT count(*) FROM runs"); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    std::int64_t m_projectId = 0;
    std::int64_t m_otherProjectId = 0;
    // Ids by role: "version", "split" (of "version"), "second version", "second split",
    // "other project's version", "other project's split".
    QHash<QString, std::int64_t> m_ids;
};

bool tst_RunQueueing::import(std::int64_t projectId, const QString &fileName, const QByteArray &csv,
                             std::int64_t *versionId, std::int64_t *splitId)
{
    const QString path = m_dir->filePath(fileName);
    if (!mbtest::writeFile(path, csv))
        return false;
    services::DatasetImportRequest request;
    request.file = path;
    request.options.targets = {QStringLiteral("churned")};
    request.options.valueColumns = {QStringLiteral("spend")};
    Result<data::SplitSpec> spec = data::SplitSpec::parse(QStringLiteral("random:0.2,0.2"), 7);
    if (!spec)
        return false;
    request.split = *spec;
    const Result<services::DatasetImportOutcome> outcome = services::importDataset(db(), projectId, request);
    if (!outcome) {
        qWarning("import failed: %s", qPrintable(outcome.error()));
        return false;
    }
    if (!outcome->split)
        return false;
    *versionId = outcome->version.id;
    *splitId = outcome->split->id;
    return true;
}

void tst_RunQueueing::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto created = Workspace::create(m_dir->filePath(QStringLiteral("q.mbw")));
    QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error()));
    m_workspace = std::move(created).value();
    ProjectRepository projects(db());
    m_projectId = projects.create(QStringLiteral("Churn"))->id;
    m_otherProjectId = projects.create(QStringLiteral("Other"))->id;

    std::int64_t version = 0, split = 0;
    QVERIFY(import(m_projectId, QStringLiteral("january.csv"), churnCsv(40, 1), &version, &split));
    m_ids[QStringLiteral("version")] = version;
    m_ids[QStringLiteral("split")] = split;
    QVERIFY(import(m_projectId, QStringLiteral("february.csv"), churnCsv(50, 2), &version, &split));
    m_ids[QStringLiteral("second version")] = version;
    m_ids[QStringLiteral("second split")] = split;
    // The same file in another project: equal bytes, but another project's version.
    QVERIFY(import(m_otherProjectId, QStringLiteral("january.csv"), churnCsv(40, 1), &version, &split));
    m_ids[QStringLiteral("other project's version")] = version;
    m_ids[QStringLiteral("other project's split")] = split;
    m_ids[QStringLiteral("unknown")] = 9999;

    FramingRepository framings(db());
    const std::int64_t framingId = framings.framing(m_projectId)->id;
    for (const DemoFramingStep &step : demoNewsfeedHistory())
        QVERIFY(framings.save(framingId, step.framing, step.note).ok());
}

void tst_RunQueueing::cleanup()
{
    m_workspace.reset();
    m_dir.reset();
}

TrainingConfig tst_RunQueueing::validConfig() const
{
    TrainingConfig config = defaultTrainingConfig(TaskType::Binary);
    config.name = QStringLiteral("mlp baseline");
    config.datasetVersion = m_ids.value(QStringLiteral("version"));
    config.split = m_ids.value(QStringLiteral("split"));
    config.targets = {QStringLiteral("churned")};
    config.seed = 1234;
    config.threads = 3;
    return config;
}

void tst_RunQueueing::configsNamingWhatIsNotThereAreRefused_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("split");
    QTest::addColumn<QStringList>("targets");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QStringList>("mentions");
    // In `mentions`, {role} stands for the id init() gave that role.
    const QString version = QStringLiteral("version");
    const QString split = QStringLiteral("split");
    const QStringList target{QStringLiteral("churned")};
    QTest::newRow("dataset version of another project")
        << QStringLiteral("other project's version") << QStringLiteral("other project's split") << target
        << QStringLiteral("dataset_version") << QStringList{QStringLiteral("version {other project's version} ")};
    QTest::newRow("unknown dataset version")
        << QStringLiteral("unknown") << split << target << QStringLiteral("dataset_version")
        << QStringList{QStringLiteral("version {unknown} ")};
    QTest::newRow("split of another version of the project")
        << version << QStringLiteral("second split") << target << QStringLiteral("split")
        << QStringList{QStringLiteral("split {second split} "), QStringLiteral("dataset version {version}"),
                       // Split ids count across the workspace: the message lists the valid ones.
                       QStringLiteral("its splits are {split} ")};
    QTest::newRow("split of another project")
        << version << QStringLiteral("other project's split") << target << QStringLiteral("split")
        << QStringList{QStringLiteral("split {other project's split} ")};
    QTest::newRow("unknown split") << version << QStringLiteral("unknown") << target << QStringLiteral("split")
                                   << QStringList{QStringLiteral("split {unknown} ")};
    QTest::newRow("unknown target column") << version << split << QStringList{QStringLiteral("churn")}
                                           << QStringLiteral("targets") << QStringList{QStringLiteral("'churn'")};
    QTest::newRow("a feature column as target")
        << version << split << QStringList{QStringLiteral("age")} << QStringLiteral("targets")
        << QStringList{QStringLiteral("'age'"), QStringLiteral("feature")};
    QTest::newRow("a value column as target")
        << version << split << QStringList{QStringLiteral("spend")} << QStringLiteral("targets")
        << QStringList{QStringLiteral("'spend'"), QStringLiteral("value")};
    QTest::newRow("a bad second target") << version << split
                                         << QStringList{QStringLiteral("churned"), QStringLiteral("plan")}
                                         << QStringLiteral("targets") << QStringList{QStringLiteral("'plan'")};
}

void tst_RunQueueing::configsNamingWhatIsNotThereAreRefused()
{
    QFETCH(QString, version);
    QFETCH(QString, split);
    QFETCH(QStringList, targets);
    QFETCH(QString, field);
    QFETCH(QStringList, mentions);
    TrainingConfig config = validConfig();
    config.datasetVersion = m_ids.value(version);
    config.split = m_ids.value(split);
    config.targets = targets;

    const Result<RunRecord> queued = services::queueRun(db(), m_projectId, config);
    QVERIFY2(!queued.ok(), "the run was queued");
    QVERIFY2(queued.error().startsWith(field + QLatin1String(": ")), qPrintable(queued.error()));
    for (const QString &mention : mentions) {
        QString expected = mention;
        for (auto id = m_ids.cbegin(); id != m_ids.cend(); ++id)
            expected.replace(QLatin1Char('{') + id.key() + QLatin1Char('}'), QString::number(id.value()));
        QVERIFY2(queued.error().contains(expected),
                 qPrintable(QStringLiteral("'%1' does not mention %2").arg(queued.error(), expected)));
    }
    QCOMPARE(runCount(), std::int64_t(0));
}

void tst_RunQueueing::aValidConfigIsStoredQueuedWithWhatReproducesIt()
{
    const TrainingConfig config = validConfig();
    const Result<RunRecord> queued = services::queueRun(db(), m_projectId, config);
    QVERIFY2(queued.ok(), qPrintable(queued.ok() ? QString() : queued.error()));

    RunRepository runs(db());
    const Result<RunRecord> stored = runs.run(queued->id);
    QVERIFY(stored.ok());
    QCOMPARE(stored->projectId, m_projectId);
    QCOMPARE(stored->status, RunStatus::Queued);
    QCOMPARE(stored->name, QStringLiteral("mlp baseline"));
    QCOMPARE(stored->datasetVersionId, std::optional(m_ids.value(QStringLiteral("version"))));
    QCOMPARE(stored->splitId, std::optional(m_ids.value(QStringLiteral("split"))));
    const std::int64_t framingId = FramingRepository(db()).framing(m_projectId)->id;
    const std::int64_t currentFraming = FramingRepository(db()).versions(framingId)->first().id;
    QCOMPARE(stored->framingVersionId, std::optional(currentFraming));
    QCOMPARE(stored->seed, std::int64_t(1234));
    QCOMPARE(stored->threads, 3);
    QVERIFY(!training::libtorchVersion().isEmpty());
    QCOMPARE(stored->libtorchVersion, training::libtorchVersion());
    QVERIFY(!stored->appVersion.isEmpty());
    QVERIFY(!stored->host.isEmpty());
    QVERIFY(!stored->parentRunId.has_value());
    // The config is stored whole and reads back as the same config.
    QCOMPARE(stored->config, trainingConfigToJson(config));
    const Result<TrainingConfig> reread = trainingConfigFromJson(stored->config);
    QVERIFY2(reread.ok(), qPrintable(reread.ok() ? QString() : reread.error()));
    QCOMPARE(trainingConfigToBytes(*reread), trainingConfigToBytes(config));
    QCOMPARE(stored->configSha256.size(), 64);

    // A re-run names its parent.
    const Result<RunRecord> rerun = services::queueRun(db(), m_projectId, config, queued->id);
    QVERIFY(rerun.ok());
    QCOMPARE(runs.run(rerun->id)->parentRunId, std::optional(queued->id));
    QCOMPARE(runs.run(rerun->id)->configSha256, stored->configSha256);
    QCOMPARE(runs.runs(m_projectId)->size(), 2);
    QCOMPARE(runs.runs(m_otherProjectId)->size(), 0);
}

void tst_RunQueueing::aRunIsTiedToTheFramingVersionCurrentWhenQueued()
{
    FramingRepository framings(db());
    const std::int64_t framingId = framings.framing(m_projectId)->id;
    const std::int64_t before = framings.versions(framingId)->first().id;
    const std::int64_t first = services::queueRun(db(), m_projectId, validConfig())->id;

    Framing changed = demoNewsfeedFraming();
    changed.businessGoal += QStringLiteral(" Revised after review.");
    const Result<SaveOutcome> saved = framings.save(framingId, changed, QStringLiteral("revised"));
    QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error()));
    QVERIFY(!saved->unchanged);
    QVERIFY(saved->version.id != before);
    const std::int64_t second = services::queueRun(db(), m_projectId, validConfig())->id;

    RunRepository runs(db());
    QCOMPARE(runs.run(first)->framingVersionId, std::optional(before));
    QCOMPARE(runs.run(second)->framingVersionId, std::optional(saved->version.id));
}

void tst_RunQueueing::withoutASavedFramingNoFramingVersionIsRecorded()
{
    TrainingConfig config = validConfig();
    config.datasetVersion = m_ids.value(QStringLiteral("other project's version"));
    config.split = m_ids.value(QStringLiteral("other project's split"));
    const Result<RunRecord> queued = services::queueRun(db(), m_otherProjectId, config);
    QVERIFY2(queued.ok(), qPrintable(queued.ok() ? QString() : queued.error()));
    const RunRecord stored = *RunRepository(db()).run(queued->id);
    QCOMPARE(stored.projectId, m_otherProjectId);
    QVERIFY(!stored.framingVersionId.has_value());
    QCOMPARE(stored.datasetVersionId, std::optional(config.datasetVersion));
}

void tst_RunQueueing::zeroThreadsMeansOnePerCore()
{
    TrainingConfig config = validConfig();
    config.threads = 0;
    const Result<RunRecord> queued = services::queueRun(db(), m_projectId, config);
    QVERIFY(queued.ok());
    const RunRecord stored = *RunRepository(db()).run(queued->id);
    // The record says how many threads the run will really use, not "0".
    QCOMPARE(stored.threads, QThread::idealThreadCount());
    QVERIFY(stored.threads >= 1);
}

void tst_RunQueueing::aSixtyFourBitSeedIsKeptBitForBit()
{
    TrainingConfig config = validConfig();
    config.seed = std::numeric_limits<std::uint64_t>::max() - 5;
    const Result<RunRecord> queued = services::queueRun(db(), m_projectId, config);
    QVERIFY(queued.ok());
    const RunRecord stored = *RunRepository(db()).run(queued->id);
    QCOMPARE(std::uint64_t(stored.seed), config.seed);
    QCOMPARE(trainingConfigFromJson(stored.config)->seed, config.seed);
}

QTEST_GUILESS_MAIN(tst_RunQueueing)
#include "tst_runqueueing.moc"
