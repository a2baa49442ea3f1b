// SPDX-License-Identifier: GPL-3.0-or-later
// Stored evaluations: the per-item predictions come back bit for bit in their narrowest exact type,
// ids above 2^53 exactly, every column must cover every item, stored predictions are never changed,
// a flipped bit is refused as corrupt, an older file's float64 columns stay readable, the latency
// samples live apart from the row (an older file's move there and read the same), and unknown
// names are clear errors.
#include "app/services/DatasetImport.h"
#include "db/EvaluationRepository.h"
#include "db/Migrations.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "db/WorkspaceCheck.h"
#include "tests/support/FileDamage.h"
#include "tests/support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <limits>
#include <memory>

using namespace mb;
using namespace mb::db;

namespace {

// A file as schema `schema` left it, through the landed migrations: a project, a dataset version
// and finished run 1, for an older evaluation to be written into with SQL.
void writeLegacyRun(Database &legacy, int schema)
{
    legacy.exec(QByteArray("PRAGMA application_id = " + QByteArray::number(kWorkspaceApplicationId)).constData());
    migrate(legacy, 0, schema);
    legacy.exec("INSERT INTO projects(id, name, created_at) VALUES (1, 'p', '2025-01-01T00:00:00Z');"
                "INSERT INTO dataset_versions(id, project_id, name, sha256, file_sha256, source_kind, source_name, "
                "source_size, options, schema, profile, row_count, column_count, app_version, created_at) VALUES "
                "(1, 1, 'v', 'a', 'b', 'csv', 'd.csv', 1, '{}', '{\"columns\":[]}', '{}', 0, 0, '0', 'now');"
                "INSERT INTO runs(id, project_id, status, config, config_sha256, seed, threads, app_version, "
                "build_commit, libtorch_version, host, queued_at) VALUES (1, 1, 'finished', '{}', 'c', 1, 1, '0', "
                "'x', '1', 'h', 'now');");
}

// Whether the store refuses `sql` (a trigger's RAISE, a constraint).
bool refusedByTheStore(Database &db, const char *sql)
{
    try {
        db.exec(sql);
    } catch (const std::exception &) {
        return true;
    }
    return false;
}

// A latency profile in LatencyProfile::toJson's shape with `calls` batch-1 samples whose last digits
// matter (a text round trip that rounded would change them).
QJsonObject latencyProfile(int calls)
{
    QJsonArray samples;
    for (int i = 0; i < calls; ++i)
        samples.append(0.0125 * (1 + i % 7) + (i % 3 == 0 ? 1e-7 : -2.5e-9) + 1.0 / (3.0 + i));
    const QJsonObject batch1{{QStringLiteral("calls"), calls},
                             {QStringLiteral("p50_ms"), 0.0431},
                             {QStringLiteral("p90_ms"), 0.0712},
                             {QStringLiteral("p95_ms"), 0.0833},
                             {QStringLiteral("p99_ms"), 1.0 / 3.0}};
    const QJsonObject batch256{{QStringLiteral("calls"), 20},
                               {QStringLiteral("p50_ms"), 1.5},
                               {QStringLiteral("p90_ms"), 1.75},
                               {QStringLiteral("p95_ms"), 2.0},
                               {QStringLiteral("p99_ms"), 2.25}};
    return {{QStringLiteral("batch_1"), batch1},
            {QStringLiteral("batch_256"), batch256},
            {QStringLiteral("items_per_s"), 256 / 1.5e-3},
            {QStringLiteral("model_bytes"), 20480},
            {QStringLiteral("batch_1_samples_ms"), samples}};
}

} // namespace

class tst_EvaluationRepository : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void predictionsComeBackBitForBit();
    void aColumnNotCoveringEveryItemIsRefusedAndNothingStored();
    void storedPredictionsAreNeverChanged();
    void unknownColumnsAndEvaluationsAreClearErrors();
    void eachColumnIsStoredInTheNarrowestTypeThatKeepsItExact();
    void idsAbove2To53ComeBackExactly();
    void aFlippedBitInAPredictionColumnIsRefusedNotShown();
    void anOlderWorkspacesFloat64PredictionsStayReadable();
    void anOlderWorkspacesLatencySamplesMoveOutOfTheRowAndReadTheSame();
    void damagedLatencySamplesAreFoundByTheCheckAndReadAsAnError();
    void aSummaryReadLeavesOutTheLatencySamplesAndNothingElse_data();
    void aSummaryReadLeavesOutTheLatencySamplesAndNothingElse();

private:
    Database &db() { return m_workspace->database(); }
    QString path() const { return m_dir->filePath(QStringLiteral("e.mbw")); }
    EvaluationRecord draft(std::int64_t items) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    std::int64_t m_runId = 0, m_versionId = 0, m_splitId = 0;
};

void tst_EvaluationRepository::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_workspace = std::move(Workspace::create(m_dir->filePath(QStringLiteral("e.mbw")))).value();
    const std::int64_t project = ProjectRepository(db()).create(QStringLiteral("p"))->id;
    const QString csv = m_dir->filePath(QStringLiteral("d.csv"));
    QVERIFY(mbtest::writeFile(csv, "x,y\n1,0\n2,1\n3,0\n4,1\n5,0\n6,1\n7,0\n8,1\n9,0\n10,1\n"));
    services::DatasetImportRequest request;
    request.file = csv;
    request.options.targets = {QStringLiteral("y")};
    request.split = data::SplitSpec::parse(QStringLiteral("random:0.2,0.2"), 1).value();
    const Result<services::DatasetImportOutcome> imported = services::importDataset(db(), project, request);
    QVERIFY2(imported.ok(), qPrintable(imported.ok() ? QString() : imported.error()));
    m_versionId = imported->version.id;
    m_splitId = imported->split->id;
    RunRecord run;
    run.projectId = project;
    run.config = QJsonObject{{QStringLiteral("k"), 1}};
    m_runId = RunRepository(db()).create(run)->id;
}

void tst_EvaluationRepository::cleanup()
{
    m_workspace.reset();
    m_dir.reset();
}

EvaluationRecord tst_EvaluationRepository::draft(std::int64_t items) const
{
    EvaluationRecord record;
    record.runId = m_runId;
    record.datasetVersionId = m_versionId;
    record.splitId = m_splitId;
    record.items = items;
    record.metrics = QJsonObject{{QStringLiteral("test/accuracy"), 0.5}};
    return record;
}

void tst_EvaluationRepository::predictionsComeBackBitForBit()
{
    EvaluationRepository evaluations(db());
    const std::vector<double> scores{0.1, 1.0 / 3.0, std::numeric_limits<double>::denorm_min(), -0.0, 1e300};
    const std::vector<double> rows{4, 0, 3, 2, 1};
    const Result<EvaluationRecord> stored =
        evaluations.store(draft(5), {{QStringLiteral("row"), rows}, {QStringLiteral("score:y"), scores}});
    QVERIFY2(stored.ok(), qPrintable(stored.ok() ? QString() : stored.error()));
    const Result<std::vector<double>> back = evaluations.column(stored->id, QStringLiteral("score:y"));
    QVERIFY(back.ok());
    QCOMPARE(back->size(), scores.size());
    for (std::size_t i = 0; i < scores.size(); ++i)
        QVERIFY(std::memcmp(&(*back)[i], &scores[i], sizeof(double)) == 0);
    QCOMPARE(*evaluations.columnNames(stored->id), (QStringList{QStringLiteral("row"), QStringLiteral("score:y")}));
    const Result<QList<EvaluationRecord>> list = evaluations.evaluationsOf(m_runId);
    QCOMPARE(list->size(), 1);
    QCOMPARE(list->constFirst().metrics.value(QStringLiteral("test/accuracy")).toDouble(), 0.5);
    QCOMPARE(list->constFirst().splitId, std::optional<std::int64_t>(m_splitId));
}

void tst_EvaluationRepository::aColumnNotCoveringEveryItemIsRefusedAndNothingStored()
{
    EvaluationRepository evaluations(db());
    const Result<EvaluationRecord> stored =
        evaluations.store(draft(3), {{QStringLiteral("row"), {0, 1, 2}}, {QStringLiteral("score:y"), {0.5, 0.25}}});
    QVERIFY(!stored.ok());
    QVERIFY2(stored.error().contains(QStringLiteral("'score:y' has 2 values for 3 items")), qPrintable(stored.error()));
    QCOMPARE(db().queryInt("SELECT count(*) FROM evaluations"), std::int64_t(0));
    QCOMPARE(db().queryInt("SELECT count(*) FROM prediction_columns"), std::int64_t(0));
}

void tst_EvaluationRepository::storedPredictionsAreNeverChanged()
{
    EvaluationRepository evaluations(db());
    const Result<EvaluationRecord> stored = evaluations.store(draft(2), {{QStringLiteral("score:y"), {0.5, 0.25}}});
    QVERIFY(stored.ok());
    bool refused = false;
    try {
        db().exec("UPDATE prediction_columns SET data = zeroblob(16)");
    } catch (const std::exception &) {
        refused = true;
    }
    QVERIFY(refused);
    QCOMPARE(*evaluations.column(stored->id, QStringLiteral("score:y")), (std::vector<double>{0.5, 0.25}));
}

void tst_EvaluationRepository::unknownColumnsAndEvaluationsAreClearErrors()
{
    EvaluationRepository evaluations(db());
    const Result<EvaluationRecord> stored = evaluations.store(draft(1), {{QStringLiteral("row"), {0}}});
    QVERIFY(stored.ok());
    const Result<std::vector<double>> missing = evaluations.column(stored->id, QStringLiteral("score:nope"));
    QVERIFY(!missing.ok());
    QVERIFY2(missing.error().contains(QStringLiteral("no prediction column 'score:nope'")),
             qPrintable(missing.error()));
    const Result<EvaluationRecord> unknown = evaluations.evaluation(stored->id + 100);
    QVERIFY(!unknown.ok());
    QVERIFY2(unknown.error().contains(QStringLiteral("does not exist")), qPrintable(unknown.error()));
}

void tst_EvaluationRepository::eachColumnIsStoredInTheNarrowestTypeThatKeepsItExact()
{
    // A binary run's columns as the worker makes them: the network's probabilities are float32.
    const std::vector<double> rows{0, 70000, 3, 2, 1};
    const std::vector<double> ids{1, 3000000001.0, -5, 7, 9}; // past int32, and no float32
    const std::vector<double> labels{1, 0, 0, 1, 1};
    const std::vector<double> scores{double(0.1f), double(0.75f), double(1.0f / 3.0f), 0.0, 1.0};
    const std::vector<double> classes{1, 300, 0, 2, 299};
    // A tool's float64 scores, which float32 would merge into ties (0.5 and 0.5 + 1e-12).
    const std::vector<double> toolScores{0.5 + 1e-12, 0.5, 0.25, 0.125, 1.0};
    const std::vector<double> withMissing{1.5, std::nan(""), 2.0, -0.0, 4.0};
    const std::vector<PredictionColumn> columns{{QStringLiteral("row"), rows},
                                                {QStringLiteral("id"), ids},
                                                {QStringLiteral("label:y"), labels},
                                                {QStringLiteral("score:y"), scores},
                                                {QStringLiteral("predicted:c"), classes},
                                                {QStringLiteral("score:tool"), toolScores},
                                                {QStringLiteral("value:v"), withMissing}};
    EvaluationRepository evaluations(db());
    const Result<EvaluationRecord> stored = evaluations.store(draft(5), columns);
    QVERIFY2(stored.ok(), qPrintable(stored.ok() ? QString() : stored.error()));

    const QHash<QString, QPair<QString, std::int64_t>> expected{
        {QStringLiteral("row"), {QStringLiteral("int32"), 20}},
        {QStringLiteral("id"), {QStringLiteral("int64"), 40}},
        {QStringLiteral("label:y"), {QStringLiteral("uint8"), 5}},
        {QStringLiteral("score:y"), {QStringLiteral("float32"), 20}},
        {QStringLiteral("predicted:c"), {QStringLiteral("int32"), 20}},
        {QStringLiteral("score:tool"), {QStringLiteral("float64"), 40}},
        {QStringLiteral("value:v"), {QStringLiteral("float32"), 20}}};
    Statement query = db().prepare("SELECT name, encoding, length(data) FROM prediction_columns");
    int seen = 0;
    while (query.step()) {
        const QString name = query.columnText(0);
        QVERIFY2(expected.contains(name), qPrintable(name));
        QCOMPARE(query.columnText(1), expected.value(name).first);
        QCOMPARE(query.columnInt(2), expected.value(name).second);
        ++seen;
    }
    QCOMPARE(seen, int(expected.size()));

    for (const auto &[name, values] : columns) {
        const Result<std::vector<double>> back = evaluations.column(stored->id, name);
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error()));
        QCOMPARE(back->size(), values.size());
        for (std::size_t i = 0; i < values.size(); ++i)
            QVERIFY2(std::isnan(values[i]) ? std::isnan((*back)[i])
                                           : std::memcmp(&(*back)[i], &values[i], sizeof(double)) == 0,
                     qPrintable(QStringLiteral("%1[%2]").arg(name).arg(i)));
    }
}

void tst_EvaluationRepository::idsAbove2To53ComeBackExactly()
{
    const std::int64_t above = (std::int64_t(1) << 53) + 1; // the first integer a double cannot hold
    const std::vector<std::int64_t> ids{above, std::numeric_limits<std::int64_t>::max(),
                                        std::numeric_limits<std::int64_t>::min(), -1};
    EvaluationRepository evaluations(db());
    const Result<EvaluationRecord> stored =
        evaluations.store(draft(4), {{QStringLiteral("row"), {0, 1, 2, 3}}}, {{QStringLiteral("id"), ids}});
    QVERIFY2(stored.ok(), qPrintable(stored.ok() ? QString() : stored.error()));
    const Result<std::vector<std::int64_t>> back = evaluations.integerColumn(stored->id, QStringLiteral("id"));
    QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error()));
    QCOMPARE(*back, ids);
    QCOMPARE(*evaluations.integerColumn(stored->id, QStringLiteral("row")), (std::vector<std::int64_t>{0, 1, 2, 3}));
    // Read as doubles, as the business metrics read every column, an id is the nearest double.
    QCOMPARE(evaluations.column(stored->id, QStringLiteral("id"))->front(), double(above));

    const Result<EvaluationRecord> fractional = evaluations.store(draft(1), {{QStringLiteral("score:y"), {0.5}}});
    const Result<std::vector<std::int64_t>> refused =
        evaluations.integerColumn(fractional->id, QStringLiteral("score:y"));
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().contains(QStringLiteral("no whole numbers")), qPrintable(refused.error()));
}

void tst_EvaluationRepository::aFlippedBitInAPredictionColumnIsRefusedNotShown()
{
    const double marker = 0.123456789012345; // a float64 score, so its 8 bytes are in the file as they are
    std::int64_t evaluationId = 0;
    {
        EvaluationRepository evaluations(db());
        const Result<EvaluationRecord> stored = evaluations.store(
            draft(3), {{QStringLiteral("label:y"), {1, 0, 1}}, {QStringLiteral("score:y"), {marker, 0.5, 0.25}}});
        QVERIFY(stored.ok());
        evaluationId = stored->id;
    }
    m_workspace.reset(); // closed: the WAL is checkpointed into the file
    // The lowest bit of the mantissa: the score is still a plausible probability.
    QVERIFY(mbtest::flipBitOfUniquePattern(path(), mbtest::float64Bytes(marker), 0, 0));

    Result<std::unique_ptr<Workspace>> reopened = Workspace::open(path());
    QVERIFY2(reopened.ok(), qPrintable(reopened.ok() ? QString() : reopened.error())); // SQLite's checks pass
    m_workspace = std::move(reopened).value();
    EvaluationRepository evaluations(db());
    const QString expected =
        QStringLiteral("prediction column 'score:y' of evaluation %1 is corrupt").arg(evaluationId);
    const Result<std::vector<double>> column = evaluations.column(evaluationId, QStringLiteral("score:y"));
    QVERIFY(!column.ok());
    QVERIFY2(column.error().contains(expected), qPrintable(column.error()));
    // The reader the Compare page and the business metrics use refuses it too.
    PredictionColumnReader reader(db());
    const Result<std::vector<PredictionColumn>> chosen =
        reader.columns(evaluationId, [](const QStringList &names) { return names; });
    QVERIFY(!chosen.ok());
    QVERIFY2(chosen.error().contains(expected), qPrintable(chosen.error()));
    // The undamaged column still reads.
    QCOMPARE(*evaluations.column(evaluationId, QStringLiteral("label:y")), (std::vector<double>{1, 0, 1}));

    const Result<WorkspaceCheckReport> check = checkWorkspace(db());
    QVERIFY(check.ok());
    QVERIFY(!check->sound());
    QVERIFY2(check->problems.join(QLatin1Char('\n')).contains(expected),
             qPrintable(check->problems.join(QLatin1Char('\n'))));
}

void tst_EvaluationRepository::anOlderWorkspacesFloat64PredictionsStayReadable()
{
    // A file as schema 11 (before typed columns and checksums) left it: every column float64.
    const QString old = m_dir->filePath(QStringLiteral("old.mbw"));
    const std::vector<double> scores{0.1, 1.0 / 3.0, 0.9};
    {
        Database legacy(old, Database::Mode::ReadWriteCreate);
        writeLegacyRun(legacy, 11);
        legacy.exec("INSERT INTO evaluations(id, run_id, checkpoint, dataset_version_id, part, items, created_at) "
                    "VALUES (1, 1, 'best', 1, 'test', 3, 'now');");
        QByteArray bytes;
        for (const double v : scores)
            bytes += mbtest::float64Bytes(v);
        legacy.prepare("INSERT INTO prediction_columns(evaluation_id, name, data) VALUES (1, 'score:y', ?1)")
            .bind(1, bytes)
            .run();
        legacy.prepare("INSERT INTO prediction_columns(evaluation_id, name, data) VALUES (1, 'id', ?1)")
            .bind(1, mbtest::float64Bytes(7) + mbtest::float64Bytes(8) + mbtest::float64Bytes(9))
            .run();
    }
    Result<std::unique_ptr<Workspace>> opened = Workspace::open(old);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error()));
    QCOMPARE((*opened)->schemaVersion(), latestSchemaVersion());
    Database &migrated = (*opened)->database();
    QCOMPARE(migrated.queryInt("SELECT count(*) FROM prediction_columns WHERE encoding = 'float64' AND crc32 IS NULL"),
             std::int64_t(2));
    EvaluationRepository evaluations(migrated);
    QCOMPARE(*evaluations.column(1, QStringLiteral("score:y")), scores);
    QCOMPARE(*evaluations.integerColumn(1, QStringLiteral("id")), (std::vector<std::int64_t>{7, 8, 9}));
    // Still never changed, and the check says which rows it cannot verify byte for byte.
    QVERIFY(refusedByTheStore(migrated, "UPDATE prediction_columns SET encoding = 'float32'"));
    const Result<WorkspaceCheckReport> check = checkWorkspace(migrated);
    QVERIFY(check.ok());
    QVERIFY2(check->sound(), qPrintable(check->problems.join(QLatin1Char('\n'))));
    QVERIFY2(check->notices.join(QLatin1Char('\n'))
                 .contains(QStringLiteral("2 dataset chunk(s) and prediction column(s) "
                                          "were stored before")),
             qPrintable(check->notices.join(QLatin1Char('\n'))));
}

void tst_EvaluationRepository::anOlderWorkspacesLatencySamplesMoveOutOfTheRowAndReadTheSame()
{
    // Schema 15 kept the batch-1 samples inside the evaluation's latency JSON; the next schema moves
    // them to a table of their own. Opening such a file must show every latency figure as before:
    // the histogram's samples bit for bit, the percentiles, throughput and model size.
    const QString old = m_dir->filePath(QStringLiteral("old.mbw"));
    const QJsonObject timed = latencyProfile(1000);
    const QByteArray timedText = QJsonDocument(timed).toJson(QJsonDocument::Compact);
    {
        Database legacy(old, Database::Mode::ReadWriteCreate);
        writeLegacyRun(legacy, 15);
        // Evaluation 1 timed its calls; evaluation 2 (an external run logged without timings) did not.
        legacy
            .prepare("INSERT INTO evaluations(id, run_id, checkpoint, dataset_version_id, part, items, latency, "
                     "created_at) VALUES (1, 1, 'best', 1, 'test', 3, ?1, 'now'), "
                     "(2, 1, 'best', 1, 'validation', 3, '{}', 'now')")
            .bind(1, QString::fromUtf8(timedText))
            .run();
    }
    Result<std::unique_ptr<Workspace>> opened = Workspace::open(old);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error()));
    QCOMPARE((*opened)->schemaVersion(), latestSchemaVersion());
    Database &migrated = (*opened)->database();
    EvaluationRepository evaluations(migrated);

    const Result<EvaluationRecord> full = evaluations.evaluation(1);
    QVERIFY2(full.ok(), qPrintable(full.ok() ? QString() : full.error()));
    QCOMPARE(full->latency, timed);
    const QJsonArray samples = full->latency.value(QStringLiteral("batch_1_samples_ms")).toArray();
    const QJsonArray expected = timed.value(QStringLiteral("batch_1_samples_ms")).toArray();
    QCOMPARE(samples.size(), 1000);
    for (qsizetype i = 0; i < samples.size(); ++i) {
        const double a = samples.at(i).toDouble(), b = expected.at(i).toDouble();
        QVERIFY2(std::memcmp(&a, &b, sizeof(double)) == 0, qPrintable(QString::number(i)));
    }
    QCOMPARE(evaluations.evaluationsOf(1)->constLast().latency, timed);
    QCOMPARE(evaluations.evaluation(2)->latency, QJsonObject());

    // The row itself no longer carries them: a list of evaluations reads the figures without them.
    QCOMPARE(migrated.queryInt("SELECT count(*) FROM evaluations WHERE instr(latency, 'batch_1_samples_ms') > 0"),
             std::int64_t(0));
    QCOMPARE(migrated.queryInt("SELECT count(*) FROM evaluation_latency_samples"), std::int64_t(1));
    QJsonObject summary = timed;
    summary.remove(QStringLiteral("batch_1_samples_ms"));
    QCOMPARE(evaluations.evaluationsWithoutSamples({1, 2})->value(1).latency, summary);

    // Measured timings are never changed, and the migrated file checks sound.
    QVERIFY(refusedByTheStore(migrated, "UPDATE evaluation_latency_samples SET batch_1_ms = '[]'"));
    const Result<WorkspaceCheckReport> check = checkWorkspace(migrated);
    QVERIFY(check.ok());
    QVERIFY2(check->sound(), qPrintable(check->problems.join(QLatin1Char('\n'))));
}

void tst_EvaluationRepository::damagedLatencySamplesAreFoundByTheCheckAndReadAsAnError()
{
    EvaluationRecord record = draft(2);
    record.latency = latencyProfile(10);
    const Result<EvaluationRecord> stored =
        EvaluationRepository(db()).store(record, {{QStringLiteral("score:y"), {0.5, 0.25}}});
    QVERIFY(stored.ok());
    // Text that is no longer JSON, as a damaged page could leave it (the stored row is never updated).
    db().exec("DELETE FROM evaluation_latency_samples");
    db().prepare("INSERT INTO evaluation_latency_samples(evaluation_id, batch_1_ms) VALUES (?1, '[0.5, 0.2')")
        .bind(1, stored->id)
        .run();

    const Result<WorkspaceCheckReport> check = checkWorkspace(db());
    QVERIFY(check.ok());
    QVERIFY2(check->problems.join(QLatin1Char('\n'))
                 .contains(QStringLiteral("the latency samples of evaluation %1 are damaged").arg(stored->id)),
             qPrintable(check->problems.join(QLatin1Char('\n'))));
    // The histogram's read says so; the figures a list reads never touch the samples.
    const Result<EvaluationRecord> full = EvaluationRepository(db()).evaluation(stored->id);
    QVERIFY(!full.ok());
    QVERIFY2(full.error().contains(QStringLiteral("evaluation %1").arg(stored->id)), qPrintable(full.error()));
    const Result<QHash<std::int64_t, EvaluationRecord>> summaries =
        EvaluationRepository(db()).evaluationsWithoutSamples({stored->id});
    QVERIFY(summaries.ok());
    QCOMPARE(summaries->value(stored->id).latency.value(QStringLiteral("items_per_s")).toDouble(), 256 / 1.5e-3);
}

void tst_EvaluationRepository::aSummaryReadLeavesOutTheLatencySamplesAndNothingElse_data()
{
    const QString samplesKey = QStringLiteral("batch_1_samples_ms");
    QJsonArray samples;
    for (int i = 0; i < 1000; ++i)
        samples.append(0.0125 * (1 + i % 7) + (i % 3 == 0 ? 1e-7 : -2.5e-9));
    const QJsonObject summary{{QStringLiteral("p50_ms"), 0.0125},
                              {QStringLiteral("p99_ms"), 0.05},
                              {QStringLiteral("throughput_per_s"), 8.0e4},
                              {QStringLiteral("batch_size"), 256},
                              {QStringLiteral("batch_1_samples_ms_note"), QStringLiteral("a ] in a string")}};
    const auto with = [&summary, &samplesKey](const QJsonValue &value) {
        QJsonObject latency = summary;
        latency.insert(samplesKey, value);
        return latency;
    };
    QTest::addColumn<QJsonObject>("latency");
    QTest::newRow("a thousand samples") << with(samples);
    QTest::newRow("no samples") << summary;
    QTest::newRow("an empty array") << with(QJsonArray());
    // Not numbers only: the text is parsed whole instead of cut.
    QTest::newRow("a sample that is null") << with(QJsonArray{0.5, QJsonValue(), 0.25});
    QTest::newRow("nested arrays") << with(QJsonArray{QJsonArray{0.5}, 0.25});
    QTest::newRow("not an array") << with(0.5);
}

void tst_EvaluationRepository::aSummaryReadLeavesOutTheLatencySamplesAndNothingElse()
{
    // The Compare page reads ten thousand evaluations without the samples that only the latency
    // histogram draws; everything else must come back as stored.
    QFETCH(QJsonObject, latency);
    EvaluationRepository evaluations(db());
    EvaluationRecord record = draft(2);
    record.latency = latency;
    const Result<EvaluationRecord> stored = evaluations.store(record, {{QStringLiteral("score:y"), {0.5, 0.25}}});
    QVERIFY2(stored.ok(), qPrintable(stored.ok() ? QString() : stored.error()));

    const Result<QList<EvaluationRecord>> full = evaluations.evaluationsOf(m_runId);
    QVERIFY(full.ok());
    QCOMPARE(full->constFirst().latency, latency);
    // Kept out of the evaluation's row, whatever their shape.
    QCOMPARE(db().queryInt("SELECT count(*) FROM evaluations WHERE json_type(latency, '$.batch_1_samples_ms') IS "
                           "NOT NULL"),
             std::int64_t(0));
    const Result<QHash<std::int64_t, EvaluationRecord>> summaries = evaluations.evaluationsWithoutSamples({stored->id});
    QVERIFY(summaries.ok());
    QJsonObject expected = latency;
    expected.remove(QStringLiteral("batch_1_samples_ms"));
    QCOMPARE(summaries->value(stored->id).latency, expected);
    QCOMPARE(summaries->value(stored->id).metrics, full->constFirst().metrics);
}

QTEST_GUILESS_MAIN(tst_EvaluationRepository)
#include "tst_evaluationrepository.moc"
