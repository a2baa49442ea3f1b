// SPDX-License-Identifier: GPL-3.0-or-later
// Metric series: every point written comes back, in order, across chunks, flushes and writers;
// live readers get only what is new.
#include "db/MetricSeriesStore.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "db/WorkspaceVacuum.h"
#include "tests/support/TestSupport.h"

#include <QHash>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <limits>

using namespace mb;
using namespace mb::db;

class tst_MetricSeries : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void everyPointComesBackAcrossChunks_data();
    void everyPointComesBackAcrossChunks();
    void nanAndInfinityAreKeptForDivergedRuns();
    void liveReaderGetsOnlyNewChunks();
    void aSecondWriterAppendsAfterStoredChunks();
    void seriesAreListedWithTheirPointCounts();
    void pointsAreNeverRewritten();
    void deletingARunDeletesItsSeries();
    void finishingARunMergesItsChunksPointForPoint();
    void vacuumMergesTheChunksOfRunsEndedWithoutAMergeButNotOfInterruptedOnes();
    void aLiveReaderNeitherMissesNorRepeatsPointsAcrossTheMerge_data();
    void aLiveReaderNeitherMissesNorRepeatsPointsAcrossTheMerge();

private:
    std::int64_t newRun();
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
};

void tst_MetricSeries::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto created = Workspace::create(m_dir->filePath(QStringLiteral("w.mbw")));
    QVERIFY(created);
    m_workspace = std::move(created).value();
}

void tst_MetricSeries::cleanup()
{
    m_workspace.reset();
}

std::int64_t tst_MetricSeries::newRun()
{
    static int counter = 0;
    const Project project = *ProjectRepository(m_workspace->database()).create(QStringLiteral("p%1").arg(++counter));
    RunRecord draft;
    draft.projectId = project.id;
    draft.config = QJsonObject{{QStringLiteral("model"), QStringLiteral("mlp")}};
    draft.seed = 1;
    return RunRepository(m_workspace->database()).create(draft)->id;
}

void tst_MetricSeries::everyPointComesBackAcrossChunks_data()
{
    QTest::addColumn<int>("points");
    QTest::addColumn<int>("chunkPoints");
    QTest::newRow("one point") << 1 << 8;
    QTest::newRow("exactly one chunk") << 8 << 8;
    QTest::newRow("one more than a chunk") << 9 << 8;
    QTest::newRow("many chunks and a partial one") << 100003 << 4096;
}

void tst_MetricSeries::everyPointComesBackAcrossChunks()
{
    QFETCH(int, points);
    QFETCH(int, chunkPoints);
    const std::int64_t run = newRun();
    {
        MetricSeriesWriter writer(m_workspace->database(), run, chunkPoints);
        const int loss = *writer.series(QStringLiteral("train/loss"));
        for (int i = 0; i < points; ++i)
            QVERIFY(writer.append(loss, i * 10, 1.0 / (1 + i)));
        QVERIFY(writer.flush());
    }
    MetricSeriesReader reader(m_workspace->database());
    const QList<MetricSeriesInfo> series = *reader.seriesOf(run);
    QCOMPARE(series.size(), 1);
    QCOMPARE(series.first().points, std::int64_t(points));
    const MetricSeries read = *reader.read(series.first().id);
    QCOMPARE(read.steps.size(), std::size_t(points));
    for (int i = 0; i < points; i += std::max(1, points / 97)) {
        QCOMPARE(read.steps[std::size_t(i)], std::int64_t(i) * 10);
        QCOMPARE(read.values[std::size_t(i)], 1.0 / (1 + i));
    }
    QCOMPARE(read.steps.back(), std::int64_t(points - 1) * 10);
}

void tst_MetricSeries::nanAndInfinityAreKeptForDivergedRuns()
{
    const std::int64_t run = newRun();
    {
        MetricSeriesWriter writer(m_workspace->database(), run);
        QVERIFY(writer.append(QStringLiteral("train/loss"), 0, 0.7));
        QVERIFY(writer.append(QStringLiteral("train/loss"), 1, std::numeric_limits<double>::infinity()));
        QVERIFY(writer.append(QStringLiteral("train/loss"), 2, std::numeric_limits<double>::quiet_NaN()));
    }
    MetricSeriesReader reader(m_workspace->database());
    const MetricSeries read = *reader.read(reader.seriesOf(run)->first().id);
    QCOMPARE(read.values.size(), std::size_t(3));
    QCOMPARE(read.values[0], 0.7);
    QVERIFY(std::isinf(read.values[1]));
    QVERIFY(std::isnan(read.values[2]));
}

void tst_MetricSeries::liveReaderGetsOnlyNewChunks()
{
    const std::int64_t run = newRun();
    MetricSeriesWriter writer(m_workspace->database(), run, 4);
    const int loss = *writer.series(QStringLiteral("train/loss"));
    for (int i = 0; i < 6; ++i)
        QVERIFY(writer.append(loss, i, i));
    QVERIFY(writer.flush()); // one full chunk of 4, one partial of 2
    MetricSeriesReader reader(m_workspace->database());
    const std::int64_t id = reader.seriesOf(run)->first().id;
    const MetricSeries first = *reader.read(id);
    QCOMPARE(first.steps.size(), std::size_t(6));
    QCOMPARE(first.nextChunk, std::int64_t(2));

    for (int i = 6; i < 9; ++i)
        QVERIFY(writer.append(loss, i, i));
    QVERIFY(writer.flush());
    const MetricSeries update = *reader.readSince(id, first.nextChunk, 6);
    QCOMPARE(update.steps, (std::vector<std::int64_t>{6, 7, 8}));
    QCOMPARE(update.nextChunk, std::int64_t(3));
    QVERIFY(reader.readSince(id, update.nextChunk, 9)->steps.empty());
}

void tst_MetricSeries::aSecondWriterAppendsAfterStoredChunks()
{
    const std::int64_t run = newRun();
    {
        MetricSeriesWriter writer(m_workspace->database(), run, 4);
        for (int i = 0; i < 5; ++i)
            QVERIFY(writer.append(QStringLiteral("lr"), i, 0.1));
    }
    {
        MetricSeriesWriter resumed(m_workspace->database(), run, 4);
        for (int i = 5; i < 7; ++i)
            QVERIFY(resumed.append(QStringLiteral("lr"), i, 0.05));
    }
    MetricSeriesReader reader(m_workspace->database());
    const MetricSeries read = *reader.read(reader.seriesOf(run)->first().id);
    QCOMPARE(read.steps, (std::vector<std::int64_t>{0, 1, 2, 3, 4, 5, 6}));
    QCOMPARE(read.values.back(), 0.05);
}

void tst_MetricSeries::seriesAreListedWithTheirPointCounts()
{
    const std::int64_t run = newRun();
    const std::int64_t other = newRun();
    {
        MetricSeriesWriter writer(m_workspace->database(), run, 16);
        for (int i = 0; i < 40; ++i)
            QVERIFY(writer.append(QStringLiteral("train/loss"), i, 1));
        for (int i = 0; i < 4; ++i)
            QVERIFY(writer.append(QStringLiteral("validation/accuracy"), i, 0.5));
        MetricSeriesWriter otherWriter(m_workspace->database(), other);
        QVERIFY(otherWriter.append(QStringLiteral("train/loss"), 0, 9));
    }
    const QList<MetricSeriesInfo> series = *MetricSeriesReader(m_workspace->database()).seriesOf(run);
    QCOMPARE(series.size(), 2);
    QCOMPARE(series.at(0).name, QStringLiteral("train/loss"));
    QCOMPARE(series.at(0).points, std::int64_t(40));
    QCOMPARE(series.at(1).name, QStringLiteral("validation/accuracy"));
    QCOMPARE(series.at(1).points, std::int64_t(4));
}

void tst_MetricSeries::pointsAreNeverRewritten()
{
    const std::int64_t run = newRun();
    {
        MetricSeriesWriter writer(m_workspace->database(), run);
        QVERIFY(writer.append(QStringLiteral("train/loss"), 0, 1));
    }
    QVERIFY_THROWS_EXCEPTION(SqlError, m_workspace->database().exec("UPDATE metric_chunks SET count = 0"));
}

void tst_MetricSeries::deletingARunDeletesItsSeries()
{
    const std::int64_t run = newRun();
    {
        MetricSeriesWriter writer(m_workspace->database(), run);
        QVERIFY(writer.append(QStringLiteral("train/loss"), 0, 1));
    }
    m_workspace->database().exec("DELETE FROM runs");
    QCOMPARE(m_workspace->database().queryInt("SELECT count(*) FROM metric_chunks"), std::int64_t(0));
    QCOMPARE(m_workspace->database().queryInt("SELECT count(*) FROM metric_series"), std::int64_t(0));
}

namespace {

// A run's series as a worker leaves them when it flushes every half second: many short chunks.
void writeInShortFlushes(Database &db, std::int64_t run, int points, int pointsPerFlush)
{
    MetricSeriesWriter writer(db, run);
    for (int i = 1; i <= points; ++i) {
        QVERIFY(writer.append(QStringLiteral("train/loss"), i, std::sin(i) / i));
        if (i % 3 == 0)
            QVERIFY(writer.append(QStringLiteral("validation/accuracy"), i / 3, i % 7 == 0 ? qQNaN() : 0.5 + i * 1e-6));
        if (i % pointsPerFlush == 0)
            QVERIFY(writer.flush());
    }
    QVERIFY(writer.flush());
}

std::int64_t chunkCount(Database &db, std::int64_t run)
{
    Statement query = db.prepare(
        "SELECT count(*) FROM metric_chunks c JOIN metric_series s ON s.id = c.series_id WHERE s.run_id = ?1");
    query.bind(1, run);
    return query.step() ? query.columnInt(0) : -1;
}

bool sameSeries(const MetricSeries &a, const MetricSeries &b)
{
    if (a.steps != b.steps || a.values.size() != b.values.size())
        return false;
    // Bit for bit, NaN included.
    return std::memcmp(a.values.data(), b.values.data(), a.values.size() * sizeof(double)) == 0;
}

} // namespace

void tst_MetricSeries::finishingARunMergesItsChunksPointForPoint()
{
    Database &db = m_workspace->database();
    const std::int64_t run = newRun();
    const std::int64_t untouched = newRun();
    writeInShortFlushes(db, run, 20000, 70);
    writeInShortFlushes(db, untouched, 300, 70);
    MetricSeriesReader reader(db);
    QHash<QString, MetricSeries> before;
    const QList<MetricSeriesInfo> written = *reader.seriesOf(run);
    for (const MetricSeriesInfo &info : written)
        before.insert(info.name, *reader.read(info.id));
    QVERIFY(chunkCount(db, run) > 400);
    const std::int64_t otherChunks = chunkCount(db, untouched);

    RunRepository runs(db);
    QVERIFY(runs.markRunning(run, 1));
    QVERIFY(runs.finish(run, RunStatus::Finished));

    // 20 000 and 6 666 points in chunks of 8 192: three chunks and one.
    QCOMPARE(chunkCount(db, run), std::int64_t(4));
    const QList<MetricSeriesInfo> after = *reader.seriesOf(run);
    QCOMPARE(after.size(), 2);
    for (const MetricSeriesInfo &info : after) {
        const MetricSeries merged = *reader.read(info.id);
        QCOMPARE(info.points, std::int64_t(before.value(info.name).steps.size()));
        QVERIFY2(sameSeries(merged, before.value(info.name)), qPrintable(info.name));
    }
    // Another run's chunks are its own business until it finishes.
    QCOMPARE(chunkCount(db, untouched), otherChunks);
    QCOMPARE(db.queryText("PRAGMA integrity_check"), QStringLiteral("ok"));
}

void tst_MetricSeries::vacuumMergesTheChunksOfRunsEndedWithoutAMergeButNotOfInterruptedOnes()
{
    Database &db = m_workspace->database();
    // The window records the end of a worker it found dead without reading the run's points.
    const std::int64_t failed = newRun();
    // An interrupted run's worker may only be stopped and write again: its chunks stay.
    const std::int64_t interrupted = newRun();
    writeInShortFlushes(db, failed, 3000, 70);
    writeInShortFlushes(db, interrupted, 3000, 70);
    RunRepository runs(db);
    QVERIFY(runs.markRunning(failed, 1));
    QVERIFY(runs.markRunning(interrupted, 1));
    QVERIFY(runs.finish(failed, RunStatus::Failed, QStringLiteral("worker gone"), RunRepository::ChunkMerge::Keep));
    QVERIFY(runs.finish(interrupted, RunStatus::Interrupted, {}, RunRepository::ChunkMerge::Keep));
    MetricSeriesReader reader(db);
    QHash<QString, MetricSeries> before;
    const QList<MetricSeriesInfo> series = *reader.seriesOf(failed);
    for (const MetricSeriesInfo &info : series)
        before.insert(info.name, *reader.read(info.id));
    const std::int64_t interruptedChunks = chunkCount(db, interrupted);
    QVERIFY(chunkCount(db, failed) > 40);

    const Result<VacuumOutcome> vacuumed = vacuumWorkspace(db);
    QVERIFY2(vacuumed, qPrintable(vacuumed ? QString() : vacuumed.error()));

    QCOMPARE(vacuumed->mergedRuns, std::int64_t(1));
    QCOMPARE(chunkCount(db, failed), std::int64_t(2)); // 3 000 and 1 000 points, one chunk each
    for (const MetricSeriesInfo &info : series)
        QVERIFY2(sameSeries(*reader.read(info.id), before.value(info.name)), qPrintable(info.name));
    QCOMPARE(chunkCount(db, interrupted), interruptedChunks);
    // Nothing is left to merge the next time.
    QCOMPARE(vacuumWorkspace(db)->mergedRuns, std::int64_t(0));
}

void tst_MetricSeries::aLiveReaderNeitherMissesNorRepeatsPointsAcrossTheMerge_data()
{
    QTest::addColumn<int>("pointsReadBeforeMerge"); // of the 700 written by then
    QTest::newRow("read everything") << 700;
    QTest::newRow("missed the last flush") << 630;
    QTest::newRow("read nothing yet") << 0;
}

void tst_MetricSeries::aLiveReaderNeitherMissesNorRepeatsPointsAcrossTheMerge()
{
    // The window reads a live run every half second; the run may finish (and merge) in between.
    QFETCH(int, pointsReadBeforeMerge);
    Database &db = m_workspace->database();
    const std::int64_t run = newRun();
    MetricSeriesWriter writer(db, run);
    const int loss = *writer.series(QStringLiteral("train/loss"));
    MetricSeriesReader reader(db);
    const std::int64_t id = reader.seriesOf(run)->first().id;
    MetricSeries seen;
    for (int i = 1; i <= 700; ++i) {
        QVERIFY(writer.append(loss, i, 1.0 / i));
        if (i % 70 == 0) {
            QVERIFY(writer.flush());
            if (i <= pointsReadBeforeMerge) {
                const MetricSeries fresh = *reader.readSince(id, seen.nextChunk, std::int64_t(seen.steps.size()));
                seen.steps.insert(seen.steps.end(), fresh.steps.begin(), fresh.steps.end());
                seen.values.insert(seen.values.end(), fresh.values.begin(), fresh.values.end());
                seen.nextChunk = fresh.nextChunk;
            }
        }
    }
    RunRepository runs(db);
    QVERIFY(runs.markRunning(run, 1));
    QVERIFY(runs.finish(run, RunStatus::Finished));
    for (int round = 0; round < 2; ++round) {
        const MetricSeries fresh = *reader.readSince(id, seen.nextChunk, std::int64_t(seen.steps.size()));
        seen.steps.insert(seen.steps.end(), fresh.steps.begin(), fresh.steps.end());
        seen.values.insert(seen.values.end(), fresh.values.begin(), fresh.values.end());
        seen.nextChunk = fresh.nextChunk;
    }
    QVERIFY(sameSeries(seen, *reader.read(id)));
    QCOMPARE(seen.steps.size(), std::size_t(700));
    QCOMPARE(seen.steps.back(), std::int64_t(700));
}

QTEST_GUILESS_MAIN(tst_MetricSeries)
#include "tst_metricseries.moc"
