// SPDX-License-Identifier: GPL-3.0-or-later
// External runs in the services the window shares: a quality model from another tool, logged on
// the demo's data, pairs on the Trade-offs page with the demo's built-in engagement model (and is
// the pair the page preselects), is judged on the Compare page like any run, and a running
// external run is never taken for a dead worker's.

#include "app/services/DatasetExport.h"
#include "app/services/ExternalRuns.h"
#include "app/services/PredictionLog.h"
#include "app/services/RunLiveness.h"
#include "app/services/RunMetrics.h"
#include "app/services/TradeoffSession.h"
#include "core/DemoFraming.h"
#include "db/FramingRepository.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/support/DemoWorkspace.h"
#include "tests/support/ExternalRunChecks.h"
#include "tests/support/MetricTestHelpers.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

using namespace mb;

class tst_ExternalRuns : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void anExternalQualityModelPairsWithABuiltInEngagementModel();
    void theComparePageJudgesItWithTheBuiltInRuns();
    void aRunningExternalRunIsNeverInterrupted();

private:
    db::Database &db() { return m_workspace->database(); }
    std::int64_t logQualityModel(const QString &name);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<db::Workspace> m_workspace;
    std::int64_t m_projectId = 0;
    Framing m_framing;
    db::RunRecord m_engagement;
    std::int64_t m_external = 0;
};

void tst_ExternalRuns::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QString problem;
    m_workspace = mbtest::openDemoCopy(m_dir->path(), &problem);
    QVERIFY2(m_workspace, qPrintable(problem));
    m_projectId = db::ProjectRepository(db()).find(demoProjectName())->id;
    const Result<std::optional<db::FramingVersion>> framing = db::FramingRepository(db()).current(m_projectId);
    QVERIFY(framing && framing->has_value());
    m_framing = (*framing)->framing;
    const Result<QList<db::RunRecord>> runs = db::RunRepository(db()).runs(m_projectId);
    QVERIFY2(runs, qPrintable(mbtest::errorOf(runs)));
    for (const db::RunRecord &run : runs.value())
        if (run.name == QLatin1String("engagement model"))
            m_engagement = run;
    QVERIFY(m_engagement.id > 0);
    m_external = logQualityModel(QStringLiteral("reputation rule"));
    QVERIFY(m_external > 0);
}

// A rule from another tool: quality rises with the author's reputation and falls with sensationalism.
std::int64_t tst_ExternalRuns::logQualityModel(const QString &name)
{
    services::ExternalRunStart start;
    start.name = name;
    start.datasetVersion = *m_engagement.datasetVersionId;
    start.split = *m_engagement.splitId;
    start.targets = {QStringLiteral("quality")};
    start.tool = QStringLiteral("a rule");
    const Result<db::RunRecord> run = services::startExternalRun(db(), m_projectId, start);
    if (!run) {
        qWarning("%s", qPrintable(run.error()));
        return 0;
    }
    for (const char *part : {"validation", "test"}) {
        const QString exported = m_dir->filePath(QStringLiteral("%1-%2.csv").arg(name, QLatin1String(part)));
        if (!services::exportDatasetPart(db(), start.datasetVersion, start.split,
                                         *data::splitPartFromKey(QLatin1String(part)), exported))
            return 0;
        const mbtest::CsvTable rows = mbtest::readCsvTable(exported);
        QByteArray csv = "row,score:quality\n";
        const std::vector<double> reputation = rows.numbers(QStringLiteral("author_reputation"));
        const std::vector<double> sensationalism = rows.numbers(QStringLiteral("sensationalism"));
        for (int i = 0; i < rows.rows.size(); ++i)
            csv += rows.rows.at(i).value(0).toUtf8() + ',' +
                   QByteArray::number(
                       1 / (1 + std::exp(-(reputation[std::size_t(i)] - sensationalism[std::size_t(i)]))), 'g', 17) +
                   '\n';
        services::PredictionLogRequest request;
        request.runId = run->id;
        request.part = QLatin1String(part);
        request.file =
            mbtest::writeIn(m_dir->path(), QStringLiteral("%1-%2-predictions.csv").arg(name, QLatin1String(part)), csv);
        if (const Result<services::PredictionLogOutcome> logged = services::logPredictions(db(), request); !logged) {
            qWarning("%s", qPrintable(logged.error()));
            return 0;
        }
    }
    if (!services::finishExternalRun(db(), run->id, db::RunStatus::Finished))
        return 0;
    return run->id;
}

void tst_ExternalRuns::anExternalQualityModelPairsWithABuiltInEngagementModel()
{
    const Result<services::TradeoffPairs> pairs =
        services::loadTradeoffPairs(db(), m_framing, m_external, m_engagement.id);
    QVERIFY2(pairs, qPrintable(mbtest::errorOf(pairs)));
    QCOMPARE(pairs->reported.part, QStringLiteral("test"));
    QCOMPARE(pairs->reported.a.runId, m_external);
    QCOMPARE(pairs->reported.b.runId, m_engagement.id);
    QVERIFY2(pairs->choosing.has_value(), qPrintable(pairs->noChoosingReason));
    QCOMPARE(pairs->choosing->part, QStringLiteral("validation"));
    const Result<tradeoff::TradeoffEngine> engine =
        services::tradeoffEngine(pairs->reported, tradeoff::ScoreNormalisation::ZScore);
    QVERIFY2(engine, qPrintable(mbtest::errorOf(engine)));

    // Swapped, the external model cannot stand for engagement, which it does not predict.
    const Result<services::TradeoffPair> swapped =
        services::loadTradeoffPair(db(), m_framing, m_engagement.id, m_external);
    QVERIFY(!swapped);
    QVERIFY2(swapped.error().contains(QStringLiteral("cannot stand for")), qPrintable(swapped.error()));

    // The newest quality model (this one) with the newest engagement model on one split: the page's
    // first pair.
    const Result<QList<db::RunRecord>> runs = db::RunRepository(db()).runs(m_projectId);
    QVERIFY2(runs, qPrintable(mbtest::errorOf(runs)));
    const auto suggested = services::suggestedTradeoffRuns(runs.value(), m_framing);
    QVERIFY(suggested.has_value());
    QCOMPARE(suggested->first, m_external);
    const Result<db::RunRecord> second = db::RunRepository(db()).run(suggested->second);
    QVERIFY(second);
    QCOMPARE(second->config.value(QStringLiteral("targets")).toArray(), QJsonArray{QStringLiteral("engagement")});
}

void tst_ExternalRuns::theComparePageJudgesItWithTheBuiltInRuns()
{
    const Result<QList<db::RunRecord>> runs = db::RunRepository(db()).runs(m_projectId);
    QVERIFY2(runs, qPrintable(mbtest::errorOf(runs)));
    const QList<Result<services::RunMetrics>> all =
        services::computeProjectRunMetrics(db(), m_projectId, runs.value(), m_framing);
    bool found = false;
    for (const Result<services::RunMetrics> &metrics : all) {
        QVERIFY2(metrics, qPrintable(mbtest::errorOf(metrics)));
        if (metrics->run.id != m_external)
            continue;
        found = true;
        QVERIFY(metrics->evaluation.has_value());
        QCOMPARE(metrics->evaluation->checkpoint, QStringLiteral("external"));
        QVERIFY(metrics->values.contains(QStringLiteral("test/roc_auc")));
        QVERIFY(metrics->values.contains(QStringLiteral("test/quality/roc_auc")));
        QCOMPARE(metrics->businessMetrics.size(), m_framing.businessMetrics.size());
        for (const services::BusinessMetricOutcome &b : metrics->businessMetrics)
            QVERIFY2(b.value.has_value(), qPrintable(b.name + QStringLiteral(": ") + b.error));
        QCOMPARE(metrics->run.summary.value(QStringLiteral("evaluation")).toInteger(), metrics->evaluation->id);
    }
    QVERIFY(found);
}

void tst_ExternalRuns::aRunningExternalRunIsNeverInterrupted()
{
    services::ExternalRunStart start;
    start.name = QStringLiteral("still training elsewhere");
    start.datasetVersion = *m_engagement.datasetVersionId;
    start.split = *m_engagement.splitId;
    start.targets = {QStringLiteral("engagement")};
    const Result<db::RunRecord> run = services::startExternalRun(db(), m_projectId, start);
    QVERIFY2(run, qPrintable(mbtest::errorOf(run)));
    QCOMPARE(run->status, db::RunStatus::Running);
    QVERIFY(!run->workerPid.has_value());
    // Every running run counts as stale here: a worker's would be interrupted, this one is not.
    const Result<int> marked = services::interruptDeadRuns(db(), -3600);
    QVERIFY2(marked, qPrintable(mbtest::errorOf(marked)));
    QCOMPARE(db::RunRepository(db()).run(run->id)->status, db::RunStatus::Running);
    // Nor is it ever queued for the window's queue to train.
    QVERIFY(!db::RunRepository(db()).queuedRunIds()->contains(run->id));
}

QTEST_GUILESS_MAIN(tst_ExternalRuns)
#include "tst_externalruns.moc"
