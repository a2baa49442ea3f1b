// SPDX-License-Identifier: GPL-3.0-or-later
// A full disk during each kind of write: a dataset import, a framing save, an evaluation's
// predictions, and a training run (its worker is another process). Each time: the write is refused
// with a message that says the disk is full, nothing stored before is lost or changed, and the file
// opens and passes SQLite's full integrity check afterwards. The disk is made full by letting the
// file grow by a few pages only (PRAGMA max_page_count; for the worker, through
// METRICBRIDGE_TEST_MAX_PAGES, which db::Workspace applies to every connection it opens).
#include "app/services/DatasetImport.h"
#include "core/DemoFraming.h"
#include "core/data/NewsfeedGenerator.h"
#include "db/Database.h"
#include "db/EvaluationRepository.h"
#include "db/FramingRepository.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/support/CommandRun.h"
#include "tests/support/DemoFixture.h"
#include "tests/support/TestSupport.h"

#include <QJsonDocument>
#include <QMap>
#include <QTemporaryDir>
#include <QTest>

using namespace mb;

namespace {

// Rows of every table that holds what a user stored, by table.
using Counts = QMap<QString, std::int64_t>;

Counts countsOf(db::Database &db)
{
    Counts counts;
    for (const char *table : {"projects", "framing_versions", "dataset_versions", "dataset_chunks", "dataset_splits",
                              "runs", "metric_series", "metric_chunks", "artifacts", "run_artifacts", "evaluations",
                              "prediction_columns", "evaluation_latency_samples", "policies", "operating_points"})
        counts.insert(QLatin1String(table), db.queryInt(QByteArray(QByteArray("SELECT count(*) FROM ") + table).constData()));
    return counts;
}

const QString kProject = QStringLiteral("Newsfeed ranking");

} // namespace

class tst_FullDisk : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void anImportOnAFullDiskStoresNothing();
    void aFramingSaveOnAFullDiskStoresNothing();
    void anEvaluationOnAFullDiskStoresNothing();
    void aRunThatFillsTheDiskFailsSayingSoAndKeepsWhatItStored();

private:
    // Opens the workspace and lets its file grow by `pages` pages at most.
    std::unique_ptr<db::Workspace> openNearlyFull(int pages);
    // Reopens the file: it opens, passes the full integrity check, and holds `expected`.
    void verifyIntact(const Counts &expected);

    QTemporaryDir m_dir;
    QString m_path;
};

void tst_FullDisk::init()
{
    QVERIFY(m_dir.isValid());
    QString problem;
    m_path = mbtest::copyDemoFixture(m_dir.path(), &problem);
    QVERIFY2(!m_path.isEmpty(), qPrintable(problem));
}

std::unique_ptr<db::Workspace> tst_FullDisk::openNearlyFull(int pages)
{
    auto workspace = db::Workspace::open(m_path);
    if (!workspace)
        qFatal("cannot open %s", qPrintable(workspace.error()));
    db::Database &db = (*workspace)->database();
    const std::int64_t limit = db.queryInt("PRAGMA page_count") + pages;
    db.exec(QByteArray("PRAGMA max_page_count = " + QByteArray::number(limit)).constData());
    return std::move(workspace).value();
}

void tst_FullDisk::verifyIntact(const Counts &expected)
{
    auto workspace = db::Workspace::open(m_path);
    QVERIFY2(workspace, workspace ? "" : qPrintable(workspace.error()));
    db::Database &db = (*workspace)->database();
    QCOMPARE(db.queryText("PRAGMA integrity_check"), QStringLiteral("ok"));
    QCOMPARE(countsOf(db), expected);
}

void tst_FullDisk::anImportOnAFullDiskStoresNothing()
{
    Counts before;
    {
        auto workspace = openNearlyFull(16);
        db::Database &db = workspace->database();
        before = countsOf(db);
        const QString csv = m_dir.filePath(QStringLiteral("posts.csv"));
        QVERIFY(mbtest::writeFile(csv, data::generateNewsfeedCsv(20000, 3)));
        services::DatasetImportRequest request;
        request.file = csv;
        request.options.targets = {QStringLiteral("quality")};
        const std::int64_t project = db::ProjectRepository(db).find(kProject)->id;
        const Result<services::DatasetImportOutcome> imported = services::importDataset(db, project, request);
        QVERIFY(!imported);
        QVERIFY2(imported.error().contains(QStringLiteral("disk is full")), qPrintable(imported.error()));
    }
    verifyIntact(before);
}

void tst_FullDisk::aFramingSaveOnAFullDiskStoresNothing()
{
    Counts before;
    {
        auto workspace = openNearlyFull(0);
        db::Database &db = workspace->database();
        before = countsOf(db);
        db::FramingRepository framings(db);
        const std::int64_t project = db::ProjectRepository(db).find(kProject)->id;
        const Result<db::FramingInfo> framing = framings.framing(project);
        QVERIFY(framing);
        Framing changed = demoNewsfeedFraming();
        changed.businessGoal = QString(400000, QLatin1Char('g')); // more than the free pages hold
        const Result<db::SaveOutcome> saved = framings.save(framing->id, changed, QStringLiteral("too long"));
        QVERIFY(!saved);
        QVERIFY2(saved.error().contains(QStringLiteral("disk is full")), qPrintable(saved.error()));
    }
    verifyIntact(before);
}

void tst_FullDisk::anEvaluationOnAFullDiskStoresNothing()
{
    Counts before;
    {
        auto workspace = openNearlyFull(16);
        db::Database &db = workspace->database();
        before = countsOf(db);
        const std::int64_t run = db.queryInt("SELECT min(id) FROM runs");
        db::EvaluationRecord record;
        record.runId = run;
        record.datasetVersionId = db.queryInt("SELECT min(id) FROM dataset_versions");
        record.part = QStringLiteral("all");
        record.items = 200000; // 3.2 MB of predictions: far more than 16 pages
        const std::vector<double> column(std::size_t(record.items), 0.25);
        const Result<db::EvaluationRecord> stored = db::EvaluationRepository(db).store(
            record, {{QStringLiteral("row"), column}, {QStringLiteral("score:quality"), column}});
        QVERIFY(!stored);
        QVERIFY2(stored.error().contains(QStringLiteral("disk is full")), qPrintable(stored.error()));
    }
    verifyIntact(before);
}

void tst_FullDisk::aRunThatFillsTheDiskFailsSayingSoAndKeepsWhatItStored()
{
    Counts before;
    std::int64_t limit = 0;
    {
        auto workspace = db::Workspace::open(m_path);
        QVERIFY(workspace);
        before = countsOf((*workspace)->database());
        // Room for the run's record and its first points, not for its 10 000 test predictions.
        limit = (*workspace)->database().queryInt("PRAGMA page_count") + 48;
    }
    const QString config = m_dir.filePath(QStringLiteral("run.json"));
    QVERIFY(mbtest::writeFile(
        config, QJsonDocument(mbtest::linearRunConfig(QStringLiteral("fills the disk"), 1, 1, QStringLiteral("binary"),
                                                      QStringLiteral("quality"), 2))
                    .toJson()));
    qputenv("METRICBRIDGE_TEST_MAX_PAGES", QByteArray::number(limit));
    const mbtest::CommandRun trained = mbtest::runMetricbridge(
        {QStringLiteral("train"), QStringLiteral("--workspace"), m_path, QStringLiteral("--project"), kProject,
         QStringLiteral("--config"), config});
    qunsetenv("METRICBRIDGE_TEST_MAX_PAGES");
    QVERIFY2(trained.exitCode != 0, trained.out.constData());
    const std::int64_t runId = mbtest::startedRunId(trained.out);
    QVERIFY2(runId > 0, trained.out.constData());

    auto workspace = db::Workspace::open(m_path);
    QVERIFY2(workspace, workspace ? "" : qPrintable(workspace.error()));
    db::Database &db = (*workspace)->database();
    QCOMPARE(db.queryText("PRAGMA integrity_check"), QStringLiteral("ok"));
    // The run says why it ended, instead of staying "running".
    const Result<db::RunRecord> run = db::RunRepository(db).run(runId);
    QVERIFY(run);
    QCOMPARE(run->status, db::RunStatus::Failed);
    QVERIFY2(run->errorTail.contains(QStringLiteral("disk is full")), qPrintable(run->errorTail));
    // Everything stored before it is there as it was: only the new run's own rows were added.
    const Counts after = countsOf(db);
    QCOMPARE(after.value(QStringLiteral("runs")), before.value(QStringLiteral("runs")) + 1);
    for (const QString &table : {QStringLiteral("projects"), QStringLiteral("framing_versions"),
                                 QStringLiteral("dataset_versions"), QStringLiteral("dataset_chunks"),
                                 QStringLiteral("policies"), QStringLiteral("operating_points")})
        QCOMPARE(after.value(table), before.value(table));
    QCOMPARE(db.queryInt(QByteArray("SELECT count(*) FROM evaluations WHERE run_id < " + QByteArray::number(runId)).constData()),
             before.value(QStringLiteral("evaluations")));
}

QTEST_GUILESS_MAIN(tst_FullDisk)
#include "tst_fulldisk.moc"
