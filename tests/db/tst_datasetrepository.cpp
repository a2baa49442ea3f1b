// SPDX-License-Identifier: GPL-3.0-or-later
// Dataset versions in the workspace: what is stored comes back exactly (values, missing values,
// categories, roles, statistics) across chunk boundaries; an import is stored once; a cancelled
// or failed store leaves nothing; splits round-trip and are stored once; stored rows are never
// updated; and a workspace from before datasets existed migrates and keeps its projects.

#include "core/data/CsvImporter.h"
#include "core/data/DatasetProfile.h"
#include "core/data/FeatureEncoder.h"
#include "core/data/Split.h"
#include "db/Database.h"
#include "db/DatasetRepository.h"
#include "db/Migrations.h"
#include "db/ProjectRepository.h"
#include "db/Workspace.h"
#include "db/WorkspaceCheck.h"
#include "tests/support/FileDamage.h"
#include "tests/support/TestSupport.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <functional>
#include <cmath>
#include <cstring>
#include <memory>

using namespace mb;
using namespace mb::db;
using namespace mb::data;

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

// The same double, bit for bit; any NaN equals any NaN (the store's "missing").
bool sameValue(double a, double b)
{
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) && std::isnan(b);
    return std::memcmp(&a, &b, sizeof a) == 0;
}

QString firstDifference(const std::vector<double> &actual, const std::vector<double> &expected)
{
    if (actual.size() != expected.size())
        return QStringLiteral("%1 values, expected %2").arg(actual.size()).arg(expected.size());
    for (std::size_t i = 0; i < actual.size(); ++i)
        if (!sameValue(actual[i], expected[i]))
            return QStringLiteral("value %1 is %2, expected %3")
                .arg(i)
                .arg(actual[i], 0, 'g', 17)
                .arg(expected[i], 0, 'g', 17);
    return {};
}

#define COMPARE_VALUES(actual, expected)                                                                               \
    do {                                                                                                               \
        const QString difference_ = firstDifference((actual), (expected));                                             \
        QVERIFY2(difference_.isEmpty(), qPrintable(difference_));                                                      \
    } while (false)

QString sha256(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

// A synthetic import of `rows` rows: a numeric feature with gaps (including at the chunk edges),
// a categorical target and a value column.
ImportedDataset syntheticImport(std::int64_t rows, const QByteArray &identity = "synthetic")
{
    ImportedDataset imported;
    DatasetColumn x;
    x.name = QStringLiteral("x");
    x.values.resize(std::size_t(rows));
    for (std::int64_t r = 0; r < rows; ++r)
        x.values[std::size_t(r)] = r % 7 == 3 ? NaN : double(r) * 0.5 - 1e-3;
    for (std::int64_t edge : {std::int64_t(65535), std::int64_t(65536), std::int64_t(131071), rows - 1})
        if (edge >= 0 && edge < rows)
            x.values[std::size_t(edge)] = NaN;
    DatasetColumn label;
    label.name = QStringLiteral("label");
    label.type = ColumnType::Categorical;
    label.role = ColumnRole::Target;
    label.categories = {QStringLiteral("cat"), QStringLiteral("dog"), QStringLiteral("émeu")};
    label.values.resize(std::size_t(rows));
    for (std::int64_t r = 0; r < rows; ++r)
        label.values[std::size_t(r)] = double(r % 3);
    imported.dataset.columns = {x, label};
    imported.fileSha256 = sha256(identity);
    imported.options = ImportOptions{}.toJson();
    imported.versionSha256 = versionIdentity(imported.fileSha256, imported.options);
    imported.sourceName = QStringLiteral("synthetic.csv");
    imported.sourceSize = rows * 10;
    return imported;
}

} // namespace

class tst_DatasetRepository : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void storedImportComesBackExactly();
    void valuesSurviveChunkBoundaries_data();
    void valuesSurviveChunkBoundaries();
    void eachChunkEncodingGivesItsValuesBackBitForBit_data();
    void eachChunkEncodingGivesItsValuesBackBitForBit();
    void storingTheSameImportTwiceStoresItOnce();
    void anotherProjectGetsItsOwnVersion();
    void versionsAreListedNewestFirst();
    void cancelledStoreLeavesNothing();
    void failedStoreLeavesNothing_data();
    void failedStoreLeavesNothing();
    void unknownVersionIsAnError();
    void splitsRoundTripAndAreStoredOnce();
    void aDamagedRowCountOrALostChunkIsRefusedAsCorrupt_data();
    void aDamagedRowCountOrALostChunkIsRefusedAsCorrupt();
    void aDamagedSplitIsRefusedAsCorrupt();
    void aFlippedBitInADatasetChunkIsRefusedNotTrainedOn();
    void updatesAreRefused_data();
    void updatesAreRefused();
    void schemaOneWorkspaceMigratesAndKeepsItsProjects();

private:
    Database &db() { return m_workspace->database(); }
    DatasetRepository repository() { return DatasetRepository(m_workspace->database()); }
    std::int64_t count(const char *table)
    {
        const QByteArray sql = QByteArray("SELECT count(*) FROM ") + table;
        return db().queryInt(sql.constData());
    }
    Result<StoredDataset> store(const ImportedDataset &imported, std::int64_t projectId = 0,
                                const QString &name = QStringLiteral("v"), std::atomic<bool> *cancel = nullptr)
    {
        return repository().store(projectId ? projectId : m_projectId, name, QStringLiteral("csv"), imported,
                                  profileDataset(imported.dataset), cancel);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    std::int64_t m_projectId = 0;
};

void tst_DatasetRepository::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    Result<std::unique_ptr<Workspace>> created = Workspace::create(m_dir->filePath(QStringLiteral("d.mbw")));
    QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error()));
    m_workspace = std::move(created).value();
    const Result<Project> project = ProjectRepository(db()).create(QStringLiteral("Churn"));
    QVERIFY(project.ok());
    m_projectId = project->id;
}

void tst_DatasetRepository::cleanup()
{
    m_workspace.reset();
    m_dir.reset();
}

void tst_DatasetRepository::storedImportComesBackExactly()
{
    const QString path = m_dir->filePath(QStringLiteral("customers.csv"));
    const QByteArray bytes = "age,city,churned,spend,signed_up\n"
                             "34,Oslo,yes,12.5,2024-01-05\n"
                             "NA,Bergen,no,,2024-02-29T10:00:00Z\n"
                             "51,\"Oslo\",no,0.1,\n"
                             "27,,yes,1e6,2025-12-31\n";
    QVERIFY(mbtest::writeFile(path, bytes));
    ImportOptions options;
    options.targets = {QStringLiteral("churned")};
    options.valueColumns = {QStringLiteral("spend")};
    options.overrides[QStringLiteral("age")].missingPolicy = MissingPolicy::ImputeMedian;
    const Result<ImportedDataset> imported = importCsv(path, options);
    QVERIFY2(imported.ok(), qPrintable(imported.ok() ? QString() : imported.error()));
    const DatasetProfile profile = profileDataset(imported->dataset);

    const QString before = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    const Result<StoredDataset> stored = repository().store(m_projectId, QStringLiteral("customers, January"),
                                                            QStringLiteral("csv"), *imported, profile);
    QVERIFY2(stored.ok(), qPrintable(stored.ok() ? QString() : stored.error()));
    QVERIFY(!stored->existed);
    const DatasetVersionInfo &info = stored->version;
    QVERIFY(info.id > 0);
    QCOMPARE(info.projectId, m_projectId);
    QCOMPARE(info.name, QStringLiteral("customers, January"));
    QCOMPARE(info.sha256, imported->versionSha256);
    QCOMPARE(info.fileSha256, sha256(bytes));
    QCOMPARE(info.sourceKind, QStringLiteral("csv"));
    QCOMPARE(info.sourceName, QStringLiteral("customers.csv"));
    QCOMPARE(info.sourceSize, std::int64_t(bytes.size()));
    QCOMPARE(info.options, imported->options);
    QCOMPARE(info.rowCount, std::int64_t(4));
    QCOMPARE(info.droppedRows, std::int64_t(0));
    QVERIFY(!info.appVersion.isEmpty());
    QVERIFY2(info.createdAt >= before && QDateTime::fromString(info.createdAt, Qt::ISODateWithMs).isValid(),
             qPrintable(info.createdAt));

    // The schema: names, types, roles, policies, categories and missing counts.
    const std::vector<ColumnSchema> expected = schemaOf(imported->dataset);
    QCOMPARE(info.schema.size(), expected.size());
    for (std::size_t c = 0; c < expected.size(); ++c) {
        QCOMPARE(info.schema[c].name, expected[c].name);
        QCOMPARE(toKey(info.schema[c].type), toKey(expected[c].type));
        QCOMPARE(toKey(info.schema[c].role), toKey(expected[c].role));
        QCOMPARE(toKey(info.schema[c].missingPolicy), toKey(expected[c].missingPolicy));
        QCOMPARE(info.schema[c].categories, expected[c].categories);
        QCOMPARE(info.schema[c].missingCount, expected[c].missingCount);
    }
    QCOMPARE(toKey(info.schema[0].missingPolicy), QStringLiteral("impute_median"));
    QCOMPARE(info.schema[1].categories, (QStringList{"Bergen", "Oslo"}));
    QCOMPARE(toKey(info.schema[2].role), QStringLiteral("target"));
    QCOMPARE(toKey(info.schema[3].role), QStringLiteral("value"));
    QCOMPARE(toKey(info.schema[4].type), QStringLiteral("datetime"));

    // The same through version() and versions().
    const Result<DatasetVersionInfo> again = repository().version(info.id);
    QVERIFY(again.ok());
    QCOMPARE(again->sha256, info.sha256);
    QCOMPARE(again->createdAt, info.createdAt);
    QCOMPARE(again->schema.size(), info.schema.size());
    const Result<QList<DatasetVersionInfo>> versions = repository().versions(m_projectId);
    QVERIFY(versions.ok());
    QCOMPARE(versions->size(), 1);
    QCOMPARE(versions->first().id, info.id);

    // The statistics.
    const Result<DatasetProfile> storedProfile = repository().profile(info.id);
    QVERIFY(storedProfile.ok());
    QCOMPARE(profileToJson(*storedProfile), profileToJson(profile));

    // The values, missing ones included.
    const Result<Dataset> loaded = repository().load(info.id);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error()));
    QCOMPARE(loaded->columnNames(), imported->dataset.columnNames());
    for (std::size_t c = 0; c < imported->dataset.columns.size(); ++c) {
        const DatasetColumn &a = loaded->columns[c];
        const DatasetColumn &e = imported->dataset.columns[c];
        QCOMPARE(a.type, e.type);
        QCOMPARE(a.role, e.role);
        QCOMPARE(a.missingPolicy, e.missingPolicy);
        QCOMPARE(a.categories, e.categories);
        COMPARE_VALUES(a.values, e.values);
    }
    QVERIFY(std::isnan(loaded->column(QStringLiteral("age"))->values[1]));
    QVERIFY(std::isnan(loaded->column(QStringLiteral("city"))->values[3]));
    QCOMPARE(displayValue(info.schema[1], loaded->column(QStringLiteral("city"))->values[2]), QStringLiteral("Oslo"));
    QCOMPARE(displayValue(info.schema[4], loaded->column(QStringLiteral("signed_up"))->values[1]),
             QStringLiteral("2024-02-29T10:00:00Z"));
}

void tst_DatasetRepository::eachChunkEncodingGivesItsValuesBackBitForBit_data()
{
    // One column, its values (a row past a chunk), its exact integers, and how the chunks are stored.
    QTest::addColumn<std::vector<double>>("values");
    QTest::addColumn<std::vector<std::int64_t>>("exactIntegers");
    QTest::addColumn<QString>("encoding");
    const std::size_t rows = std::size_t(DatasetRepository::kChunkRows) + 1;
    const auto column = [rows](const std::function<double(std::size_t)> &value) {
        std::vector<double> values(rows);
        for (std::size_t r = 0; r < rows; ++r)
            values[r] = value(r);
        return values;
    };
    QTest::newRow("small counts") << column([](std::size_t r) { return double(r % 200); })
                                  << std::vector<std::int64_t>() << "uint8";
    QTest::newRow("counts") << column([](std::size_t r) { return double(r) - 7.0; }) << std::vector<std::int64_t>()
                            << "int32";
    // As parseNumber reads "0.4187" or "-12.5": the digits divided by a power of ten.
    QTest::newRow("decimals as parsed") << column([](std::size_t r) { return double(int(r * 7919 % 20001) - 10000) / 1e4; })
                                        << std::vector<std::int64_t>() << "decimal32";
    QTest::newRow("decimals with missing values")
        << column([](std::size_t r) { return r % 5 == 0 ? NaN : double(r % 1001) / 10.0; })
        << std::vector<std::int64_t>() << "decimal32";
    QTest::newRow("a negative zero") << column([](std::size_t r) { return r == 9 ? -0.0 : double(r) / 100.0; })
                                     << std::vector<std::int64_t>() << "decimal32";
    QTest::newRow("measurements of every digit")
        << column([](std::size_t r) { return std::sqrt(double(r) + 2.0); }) << std::vector<std::int64_t>() << "float64";
    QTest::newRow("counts with missing values beyond float32")
        << column([](std::size_t r) { return r % 3 == 0 ? NaN : double(r) * 301.0 + 16777217.0; })
        << std::vector<std::int64_t>() << "decimal32";
    std::vector<std::int64_t> ids(rows);
    for (std::size_t r = 0; r < rows; ++r)
        ids[r] = r == 4 ? 0 : std::int64_t(9007199254740993) + std::int64_t(2 * r);
    QTest::newRow("ids above 2^53") << column([&ids](std::size_t r) { return r == 4 ? NaN : double(ids[r]); }) << ids
                                    << "int64";
}

void tst_DatasetRepository::eachChunkEncodingGivesItsValuesBackBitForBit()
{
    QFETCH(std::vector<double>, values);
    QFETCH(std::vector<std::int64_t>, exactIntegers);
    QFETCH(QString, encoding);
    ImportedDataset imported = syntheticImport(std::int64_t(values.size()));
    imported.dataset.columns[0].values = values;
    imported.dataset.columns[0].exactIntegers = exactIntegers;
    const Result<StoredDataset> stored = store(imported);
    QVERIFY2(stored.ok(), qPrintable(stored.ok() ? QString() : stored.error()));
    QCOMPARE(db().queryText("SELECT encoding FROM dataset_chunks WHERE column_index = 0 AND chunk_index = 0"),
             encoding);

    const Result<Dataset> loaded = repository().load(stored->version.id);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error()));
    COMPARE_VALUES(loaded->columns[0].values, values);
    QCOMPARE(loaded->columns[0].exactIntegers, exactIntegers);
    const Result<ColumnChunk> second = repository().readExactChunk(stored->version.id, 0, 1);
    QVERIFY(second.ok());
    COMPARE_VALUES(second->values, std::vector<double>{values.back()});
    QCOMPARE(second->exactIntegers,
             exactIntegers.empty() ? std::vector<std::int64_t>() : std::vector<std::int64_t>{exactIntegers.back()});
}

void tst_DatasetRepository::valuesSurviveChunkBoundaries_data()
{
    QTest::addColumn<qint64>("rows");
    QTest::addColumn<QList<qint64>>("chunkSizes");
    const qint64 k = DatasetRepository::kChunkRows;
    QTest::newRow("one row") << qint64(1) << QList<qint64>{1};
    QTest::newRow("one short of a chunk") << k - 1 << QList<qint64>{k - 1};
    QTest::newRow("exactly one chunk") << k << QList<qint64>{k};
    QTest::newRow("one past a chunk") << k + 1 << QList<qint64>{k, 1};
    QTest::newRow("150 000 rows") << qint64(150000) << QList<qint64>{k, k, 150000 - 2 * k};
}

void tst_DatasetRepository::valuesSurviveChunkBoundaries()
{
    QFETCH(qint64, rows);
    QFETCH(QList<qint64>, chunkSizes);
    const ImportedDataset imported = syntheticImport(rows);
    const Result<StoredDataset> stored = store(imported);
    QVERIFY2(stored.ok(), qPrintable(stored.ok() ? QString() : stored.error()));
    const std::int64_t id = stored->version.id;
    QCOMPARE(stored->version.rowCount, std::int64_t(rows));
    QCOMPARE(count("dataset_chunks"), std::int64_t(2 * chunkSizes.size()));

    for (int column = 0; column < 2; ++column) {
        const std::vector<double> &all = imported.dataset.columns[std::size_t(column)].values;
        std::int64_t start = 0;
        for (qsizetype chunk = 0; chunk < chunkSizes.size(); ++chunk) {
            const Result<std::vector<double>> values = repository().readChunk(id, column, chunk);
            QVERIFY(values.ok());
            QCOMPARE(qint64(values->size()), chunkSizes.at(chunk));
            COMPARE_VALUES(*values,
                           std::vector<double>(all.begin() + start, all.begin() + start + chunkSizes.at(chunk)));
            start += chunkSizes.at(chunk);
        }
        // Past the last chunk, and past the last column, there is nothing.
        QVERIFY(repository().readChunk(id, column, chunkSizes.size())->empty());
    }
    QVERIFY(repository().readChunk(id, 2, 0)->empty());

    const Result<Dataset> loaded = repository().load(id);
    QVERIFY(loaded.ok());
    QCOMPARE(loaded->rowCount(), std::int64_t(rows));
    COMPARE_VALUES(loaded->columns[0].values, imported.dataset.columns[0].values);
    COMPARE_VALUES(loaded->columns[1].values, imported.dataset.columns[1].values);
    QCOMPARE(loaded->columns[1].categories, imported.dataset.columns[1].categories);
    if (rows > 65538) {
        QVERIFY(std::isnan(loaded->columns[0].values[65535]));
        QVERIFY(std::isnan(loaded->columns[0].values[65536]));
        QCOMPARE(loaded->columns[0].values[65538], 65538 * 0.5 - 1e-3);
    }
}

void tst_DatasetRepository::storingTheSameImportTwiceStoresItOnce()
{
    const ImportedDataset imported = syntheticImport(70000);
    const Result<StoredDataset> first = store(imported, 0, QStringLiteral("first name"));
    QVERIFY(first.ok());
    QVERIFY(!first->existed);
    const std::int64_t chunks = count("dataset_chunks");
    QCOMPARE(chunks, std::int64_t(4));

    const Result<StoredDataset> second = store(imported, 0, QStringLiteral("second name"));
    QVERIFY2(second.ok(), qPrintable(second.ok() ? QString() : second.error()));
    QVERIFY(second->existed);
    QCOMPARE(second->version.id, first->version.id);
    QCOMPARE(second->version.name, QStringLiteral("first name"));
    QCOMPARE(second->version.createdAt, first->version.createdAt);
    QCOMPARE(count("dataset_versions"), std::int64_t(1));
    QCOMPARE(count("dataset_chunks"), chunks);
}

void tst_DatasetRepository::anotherProjectGetsItsOwnVersion()
{
    const Result<Project> other = ProjectRepository(db()).create(QStringLiteral("Ads"));
    QVERIFY(other.ok());
    const ImportedDataset imported = syntheticImport(10);
    const Result<StoredDataset> first = store(imported);
    const Result<StoredDataset> second = store(imported, other->id);
    QVERIFY(first.ok() && second.ok());
    QVERIFY(!second->existed);
    QVERIFY(second->version.id != first->version.id);
    QCOMPARE(second->version.sha256, first->version.sha256);
    QCOMPARE(repository().versions(m_projectId)->size(), 1);
    QCOMPARE(repository().versions(other->id)->size(), 1);
}

void tst_DatasetRepository::versionsAreListedNewestFirst()
{
    QVERIFY(store(syntheticImport(5, "a"), 0, QStringLiteral("a")).ok());
    QVERIFY(store(syntheticImport(6, "b"), 0, QStringLiteral("b")).ok());
    QVERIFY(store(syntheticImport(7, "c"), 0, QStringLiteral("c")).ok());
    const Result<QList<DatasetVersionInfo>> versions = repository().versions(m_projectId);
    QVERIFY(versions.ok());
    QCOMPARE(versions->size(), 3);
    QCOMPARE(versions->at(0).name, QStringLiteral("c"));
    QCOMPARE(versions->at(1).name, QStringLiteral("b"));
    QCOMPARE(versions->at(2).name, QStringLiteral("a"));
    QCOMPARE(versions->at(0).rowCount, std::int64_t(7));
}

void tst_DatasetRepository::cancelledStoreLeavesNothing()
{
    // The version row is inserted before the first cancel check: the rollback must remove it.
    const ImportedDataset imported = syntheticImport(150000);
    std::atomic<bool> cancel{true};
    const Result<StoredDataset> cancelled = store(imported, 0, QStringLiteral("v"), &cancel);
    QVERIFY(!cancelled.ok());
    QCOMPARE(cancelled.error(), QStringLiteral("cancelled; nothing was stored"));
    QCOMPARE(count("dataset_versions"), std::int64_t(0));
    QCOMPARE(count("dataset_chunks"), std::int64_t(0));
    QVERIFY(repository().versions(m_projectId)->isEmpty());

    // Nothing is left half-open either: the same import stores normally afterwards.
    const Result<StoredDataset> stored = store(imported);
    QVERIFY2(stored.ok(), qPrintable(stored.ok() ? QString() : stored.error()));
    QVERIFY(!stored->existed);
    QCOMPARE(count("dataset_versions"), std::int64_t(1));
    QCOMPARE(count("dataset_chunks"), std::int64_t(6));
}

void tst_DatasetRepository::failedStoreLeavesNothing_data()
{
    QTest::addColumn<qint64>("projectId");
    QTest::addColumn<QString>("sourceKind");
    QTest::newRow("project that does not exist") << qint64(9999) << "csv";
    QTest::newRow("unknown source kind") << qint64(0) << "xlsx";
}

void tst_DatasetRepository::failedStoreLeavesNothing()
{
    QFETCH(qint64, projectId);
    QFETCH(QString, sourceKind);
    const ImportedDataset imported = syntheticImport(100);
    const Result<StoredDataset> stored = repository().store(projectId ? projectId : m_projectId, QStringLiteral("v"),
                                                            sourceKind, imported, profileDataset(imported.dataset));
    QVERIFY(!stored.ok());
    QVERIFY2(stored.error().startsWith(QStringLiteral("cannot store the dataset: ")), qPrintable(stored.error()));
    QCOMPARE(count("dataset_versions"), std::int64_t(0));
    QCOMPARE(count("dataset_chunks"), std::int64_t(0));
}

void tst_DatasetRepository::unknownVersionIsAnError()
{
    const Result<DatasetVersionInfo> version = repository().version(4242);
    QVERIFY(!version.ok());
    QCOMPARE(version.error(), QStringLiteral("dataset version 4242 does not exist"));
    const Result<Dataset> loaded = repository().load(4242);
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error(), QStringLiteral("dataset version 4242 does not exist"));
    QVERIFY(repository().splits(4242)->isEmpty());
}

void tst_DatasetRepository::aDamagedRowCountOrALostChunkIsRefusedAsCorrupt_data()
{
    QTest::addColumn<QByteArray>("damage");
    QTest::addColumn<QString>("reason");
    // Each once crashed the worker or the window (length_error, bad_alloc, a segfault) or was
    // trained on as uninitialised memory.
    QTest::newRow("negative row count") << QByteArray("UPDATE dataset_versions SET row_count = -1")
                                        << QStringLiteral("its row count is -1");
    QTest::newRow("row count of 10^12") << QByteArray("UPDATE dataset_versions SET row_count = 1000000000000")
                                        << QStringLiteral(
                                               "stores 70000 values, but the version has 1000000000000 rows");
    QTest::newRow("a lost chunk") << QByteArray("DELETE FROM dataset_chunks WHERE column_index = 1 AND chunk_index = 0")
                                  << QStringLiteral("a chunk of column");
    QTest::newRow("a lost last chunk") << QByteArray(
                                              "DELETE FROM dataset_chunks WHERE column_index = 0 AND chunk_index = "
                                              "(SELECT max(chunk_index) FROM dataset_chunks WHERE column_index = 0)")
                                       << QStringLiteral("but the version has 70000 rows");
}

void tst_DatasetRepository::aDamagedRowCountOrALostChunkIsRefusedAsCorrupt()
{
    QFETCH(QByteArray, damage);
    QFETCH(QString, reason);
    const Result<StoredDataset> stored = store(syntheticImport(70000)); // two chunks per column
    QVERIFY(stored.ok());
    db().exec("DROP TRIGGER dataset_versions_are_immutable"); // the damage a hand edit or bad disk does
    db().exec(damage.constData());
    const Result<Dataset> loaded = repository().load(stored->version.id);
    QVERIFY(!loaded.ok());
    QVERIFY2(loaded.error().startsWith(QStringLiteral("dataset version %1 is corrupt: ").arg(stored->version.id)),
             qPrintable(loaded.error()));
    QVERIFY2(loaded.error().contains(reason), qPrintable(loaded.error()));
}

void tst_DatasetRepository::aFlippedBitInADatasetChunkIsRefusedNotTrainedOn()
{
    ImportedDataset imported = syntheticImport(70000);     // two chunks per column
    imported.dataset.columns[0].values[65536 + 5] = 490.0; // in chunk 1 of column 'x'
    // A value of every digit keeps the chunk float64, the layout the disk damaged.
    imported.dataset.columns[0].values[65536 + 6] = std::sqrt(2.0);
    const Result<StoredDataset> stored = store(imported);
    QVERIFY(stored.ok());
    const std::int64_t versionId = stored->version.id;
    const QString path = m_dir->filePath(QStringLiteral("d.mbw"));
    m_workspace.reset(); // closed: the WAL is checkpointed into the file
    // The bit a failing disk flipped in the issue: 490 became 1.7e-307 and passed quick_check.
    QVERIFY(mbtest::flipBitOfUniquePattern(path, mbtest::float64Bytes(490.0), 7, 6));

    Result<std::unique_ptr<Workspace>> reopened = Workspace::open(path);
    QVERIFY2(reopened.ok(), qPrintable(reopened.ok() ? QString() : reopened.error())); // SQLite's checks pass
    m_workspace = std::move(reopened).value();
    const QString expected =
        QStringLiteral("dataset version %1 is corrupt: chunk 1 of column 'x' no longer matches its checksum")
            .arg(versionId);
    // load() is what a training worker, an evaluation and an export read the rows through.
    const Result<Dataset> loaded = repository().load(versionId);
    QVERIFY(!loaded.ok());
    QVERIFY2(loaded.error().startsWith(expected), qPrintable(loaded.error()));
    // The data page's preview reads one chunk at a time: the damaged one is refused, the others read.
    const Result<std::vector<double>> chunk = repository().readChunk(versionId, 0, 1);
    QVERIFY(!chunk.ok());
    QVERIFY2(chunk.error().startsWith(expected), qPrintable(chunk.error()));
    QCOMPARE(repository().readChunk(versionId, 0, 0)->size(), std::size_t(65536));

    const Result<WorkspaceCheckReport> check = checkWorkspace(db());
    QVERIFY(check.ok());
    QVERIFY(!check->sound());
    QVERIFY2(check->problems.join(QLatin1Char('\n')).contains(expected),
             qPrintable(check->problems.join(QLatin1Char('\n'))));
}

void tst_DatasetRepository::aDamagedSplitIsRefusedAsCorrupt()
{
    const ImportedDataset imported = syntheticImport(1000);
    const Result<StoredDataset> stored = store(imported);
    QVERIFY(stored.ok());
    const SplitSpec spec = SplitSpec::parse(QStringLiteral("random:0.1,0.2"), 7).value();
    const std::vector<SplitPart> assignment = assignSplit(imported.dataset, spec).value();
    const Result<DatasetSplitInfo> added = repository().addSplit(
        stored->version.id, spec, assignment, {}, fitFeatureEncoding(imported.dataset, assignment).value());
    QVERIFY(added.ok());
    QCOMPARE(repository().splitAssignment(added->id)->size(), std::size_t(1000));

    db().exec("DROP TRIGGER dataset_splits_are_immutable");
    db().prepare("UPDATE dataset_splits SET assignment = ?1").bind(1, QByteArray(999, '\0')).run();
    Result<std::vector<SplitPart>> shorter = repository().splitAssignment(added->id);
    QVERIFY(!shorter.ok());
    QVERIFY2(shorter.error().contains(QLatin1String("assigns 999 rows of a version with 1000")),
             qPrintable(shorter.error()));
    db().prepare("UPDATE dataset_splits SET assignment = ?1").bind(1, QByteArray(1000, '\7')).run();
    Result<std::vector<SplitPart>> unknown = repository().splitAssignment(added->id);
    QVERIFY(!unknown.ok());
    QVERIFY2(unknown.error().contains(QLatin1String("part 7")), qPrintable(unknown.error()));
}

void tst_DatasetRepository::splitsRoundTripAndAreStoredOnce()
{
    const ImportedDataset imported = syntheticImport(1000);
    const Result<StoredDataset> stored = store(imported);
    QVERIFY(stored.ok());
    const std::int64_t versionId = stored->version.id;

    const SplitSpec spec = SplitSpec::parse(QStringLiteral("stratified:label:0.1,0.2"), 2024).value();
    const std::vector<SplitPart> assignment = assignSplit(imported.dataset, spec).value();
    const std::vector<DataWarning> warnings{
        {DataWarning::Kind::TestOlderThanTrain, QStringLiteral("x"), QStringLiteral("12 of 200 test rows are older")}};
    const FeatureEncoding encoding = fitFeatureEncoding(imported.dataset, assignment).value();
    QVERIFY(!encoding.columns.empty());
    const Result<DatasetSplitInfo> added = repository().addSplit(versionId, spec, assignment, warnings, encoding);
    QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error()));
    QVERIFY(added->id > 0);
    QCOMPARE(added->versionId, versionId);
    const SplitCounts counts = countSplit(assignment);
    QCOMPARE(counts.train + counts.validation + counts.test, std::int64_t(1000));
    QCOMPARE(added->counts.train, counts.train);
    QCOMPARE(added->counts.validation, counts.validation);
    QCOMPARE(added->counts.test, counts.test);

    const Result<QList<DatasetSplitInfo>> splits = repository().splits(versionId);
    QVERIFY(splits.ok());
    QCOMPARE(splits->size(), 1);
    const DatasetSplitInfo &listed = splits->first();
    QCOMPARE(listed.id, added->id);
    QCOMPARE(listed.spec.toJson(), spec.toJson());
    QCOMPARE(listed.spec.seed, std::uint64_t(2024));
    QCOMPARE(listed.counts.train, added->counts.train);
    QCOMPARE(listed.counts.validation, added->counts.validation);
    QCOMPARE(listed.counts.test, added->counts.test);
    QCOMPARE(listed.warnings.size(), std::size_t(1));
    QCOMPARE(listed.warnings[0].kind, DataWarning::Kind::TestOlderThanTrain);
    QCOMPARE(listed.warnings[0].message, warnings[0].message);
    QVERIFY(QDateTime::fromString(listed.createdAt, Qt::ISODateWithMs).isValid());
    QCOMPARE(listed.encoding.toJson(), encoding.toJson());
    QCOMPARE(listed.encoding.featureNames(), encoding.featureNames());

    const Result<std::vector<SplitPart>> back = repository().splitAssignment(added->id);
    QVERIFY(back.ok());
    QVERIFY2(*back == assignment, "the stored assignment is the one given");

    // The identical split again: the stored one, not a second row.
    const Result<DatasetSplitInfo> again = repository().addSplit(versionId, spec, assignment, warnings, encoding);
    QVERIFY(again.ok());
    QCOMPARE(again->id, added->id);
    QCOMPARE(count("dataset_splits"), std::int64_t(1));

    // Another seed is another split.
    const SplitSpec reseeded = SplitSpec::parse(QStringLiteral("stratified:label:0.1,0.2"), 2025).value();
    const std::vector<SplitPart> other = assignSplit(imported.dataset, reseeded).value();
    const Result<DatasetSplitInfo> second = repository().addSplit(versionId, reseeded, other, {}, FeatureEncoding{});
    QVERIFY(second.ok());
    QVERIFY(second->id != added->id);
    QCOMPARE(count("dataset_splits"), std::int64_t(2));
    QCOMPARE(repository().splits(versionId)->size(), 2);
    QCOMPARE(repository().splits(versionId)->at(1).spec.seed, std::uint64_t(2025));
    QVERIFY(*repository().splitAssignment(second->id) == other);
}

void tst_DatasetRepository::updatesAreRefused_data()
{
    QTest::addColumn<QByteArray>("sql");
    QTest::addColumn<QString>("reason");
    QTest::newRow("dataset_versions") << QByteArray("UPDATE dataset_versions SET name = 'renamed'")
                                      << "dataset versions are never changed; import a new version";
    QTest::newRow("dataset_chunks") << QByteArray("UPDATE dataset_chunks SET data = zeroblob(8)")
                                    << "dataset data is never changed; import a new version";
    QTest::newRow("dataset_splits") << QByteArray("UPDATE dataset_splits SET train_rows = 0")
                                    << "splits are never changed; make a new split";
}

void tst_DatasetRepository::updatesAreRefused()
{
    QFETCH(QByteArray, sql);
    QFETCH(QString, reason);
    const ImportedDataset imported = syntheticImport(100);
    const Result<StoredDataset> stored = store(imported, 0, QStringLiteral("original"));
    QVERIFY(stored.ok());
    const SplitSpec spec = SplitSpec::parse(QStringLiteral("random"), 1).value();
    QVERIFY(repository()
                .addSplit(stored->version.id, spec, assignSplit(imported.dataset, spec).value(), {}, FeatureEncoding{})
                .ok());

    try {
        db().exec(sql.constData());
        QFAIL("the update went through");
    } catch (const SqlError &e) {
        QVERIFY2(e.message().contains(reason), qPrintable(e.message()));
    }
    QCOMPARE(repository().version(stored->version.id)->name, QStringLiteral("original"));
    COMPARE_VALUES(repository().load(stored->version.id)->columns[0].values, imported.dataset.columns[0].values);
    QCOMPARE(repository().splits(stored->version.id)->first().counts.train, std::int64_t(70));
}

void tst_DatasetRepository::schemaOneWorkspaceMigratesAndKeepsItsProjects()
{
    QVERIFY(latestSchemaVersion() >= 2);
    const QString path = m_dir->filePath(QStringLiteral("schema1.mbw"));
    {
        // A workspace as schema 1 left it: projects and framings, no dataset tables.
        Database old(path, Database::Mode::ReadWriteCreate);
        old.exec(QByteArray("PRAGMA application_id = " + QByteArray::number(kWorkspaceApplicationId)).constData());
        migrate(old, 0, 1);
        QCOMPARE(old.queryInt("PRAGMA user_version"), std::int64_t(1));
        old.exec("INSERT INTO projects(id, name, description, created_at) VALUES (7, 'Legacy', 'from 2024', "
                 "'2024-01-01T00:00:00Z')");
        QCOMPARE(old.queryInt("SELECT count(*) FROM sqlite_master WHERE name LIKE 'dataset%'"), std::int64_t(0));
    }
    Result<std::unique_ptr<Workspace>> opened = Workspace::open(path);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error()));
    Database &migrated = (*opened)->database();
    QCOMPARE((*opened)->schemaVersion(), latestSchemaVersion());
    QCOMPARE(migrated.queryInt("PRAGMA user_version"), std::int64_t(latestSchemaVersion()));
    const Result<QList<Project>> projects = ProjectRepository(migrated).list();
    QVERIFY(projects.ok());
    QCOMPARE(projects->size(), 1);
    QCOMPARE(projects->first().id, std::int64_t(7));
    QCOMPARE(projects->first().name, QStringLiteral("Legacy"));
    QCOMPARE(projects->first().description, QStringLiteral("from 2024"));
    for (const char *table : {"dataset_versions", "dataset_chunks", "dataset_splits"}) {
        const QByteArray sql = QByteArray("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '") +
                               table + QByteArray("'");
        QVERIFY2(migrated.queryInt(sql.constData()) == 1, table);
    }
    QCOMPARE(migrated.queryInt("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'dataset%'"),
             std::int64_t(3));

    // The migrated workspace stores and reads datasets.
    DatasetRepository datasets(migrated);
    const ImportedDataset imported = syntheticImport(70000);
    const Result<StoredDataset> stored = datasets.store(7, QStringLiteral("legacy data"), QStringLiteral("csv"),
                                                        imported, profileDataset(imported.dataset));
    QVERIFY2(stored.ok(), qPrintable(stored.ok() ? QString() : stored.error()));
    COMPARE_VALUES(datasets.load(stored->version.id)->columns[0].values, imported.dataset.columns[0].values);
    QCOMPARE(migrated.queryText("PRAGMA quick_check"), QStringLiteral("ok"));
}

QTEST_GUILESS_MAIN(tst_DatasetRepository)
#include "tst_datasetrepository.moc"
