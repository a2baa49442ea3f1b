// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/DatasetRepository.h"

#include "core/BuildInfo.h"
#include "core/Sha256.h"
#include "core/data/CsvImporter.h"
#include "db/Checksum.h"
#include "db/Database.h"
#include "db/DatasetChunkEncoding.h"
#include "db/Guard.h"
#include "db/Timestamp.h"
#include "db/WalCheckpointer.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSysInfo>
#include <QtEndian>

#include <cstring>
#include <future>

namespace mb::db {
namespace {

static_assert(sizeof(double) == 8, "chunks store IEEE-754 binary64");

QString compact(const QJsonObject &json)
{
    return QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
}

QJsonObject parseObject(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

constexpr const char *kVersionColumns =
    "id, project_id, name, sha256, file_sha256, source_kind, source_name, source_size, options, schema, "
    "row_count, dropped_rows, app_version, created_at";

DatasetVersionInfo readVersion(const Statement &row)
{
    DatasetVersionInfo v;
    v.id = row.columnInt(0);
    v.projectId = row.columnInt(1);
    v.name = row.columnText(2);
    v.sha256 = row.columnText(3);
    v.fileSha256 = row.columnText(4);
    v.sourceKind = row.columnText(5);
    v.sourceName = row.columnText(6);
    v.sourceSize = row.columnInt(7);
    v.options = parseObject(row.columnText(8));
    v.schema = data::schemaFromJson(parseObject(row.columnText(9)));
    v.rowCount = row.columnInt(10);
    v.droppedRows = row.columnInt(11);
    v.appVersion = row.columnText(12);
    v.createdAt = row.columnText(13);
    return v;
}

// The whole versions (never a staged one) that meet `condition` (which may end in ORDER BY).
QByteArray versionQuery(const char *condition)
{
    return QByteArray("SELECT ") + kVersionColumns + " FROM dataset_versions WHERE " + wholeVersionCondition("id") +
           " AND " + condition;
}

DatasetSplitInfo readSplit(const Statement &row)
{
    DatasetSplitInfo s;
    s.id = row.columnInt(0);
    s.versionId = row.columnInt(1);
    const Result<data::SplitSpec> spec = data::SplitSpec::fromJson(parseObject(row.columnText(2)));
    s.spec = spec ? *spec : data::SplitSpec{};
    s.counts = {row.columnInt(3), row.columnInt(4), row.columnInt(5)};
    s.warnings = data::warningsFromJson(QJsonDocument::fromJson(row.columnText(6).toUtf8()).array());
    s.createdAt = row.columnText(7);
    const Result<data::FeatureEncoding> encoding = data::FeatureEncoding::fromJson(parseObject(row.columnText(8)));
    if (encoding)
        s.encoding = *encoding;
    return s;
}

constexpr const char *kSplitColumns =
    "SELECT id, version_id, spec, train_rows, validation_rows, test_rows, warnings, created_at, encoding "
    "FROM dataset_splits ";

// Chunks written per transaction: about a MiB of a decimal32 or int32 column, so another writer
// (a training worker) never waits long for the lock.
constexpr std::size_t kChunksPerTransaction = 4;

// A column's chunks as stored, with their checksums.
struct EncodedColumn {
    std::vector<EncodedChunk> chunks;
    std::vector<std::uint32_t> checksums;
};

// The refusal of a chunk whose bytes no longer match their checksum, naming the version, column
// and chunk: damaged values are never trained on, evaluated or shown.
Error corruptChunk(std::int64_t versionId, const QString &column, std::int64_t chunk)
{
    return Error{QStringLiteral("dataset version %1 is corrupt: chunk %2 of column '%3' no longer matches its "
                                "checksum; nothing is read from it")
                     .arg(versionId)
                     .arg(chunk)
                     .arg(column)};
}

QString columnNameIn(const DatasetVersionInfo &version, std::int64_t column)
{
    return column >= 0 && std::size_t(column) < version.schema.size() ? version.schema[std::size_t(column)].name
                                                                      : QString::number(column);
}

} // namespace

QByteArray wholeVersionCondition(const char *idExpression, const char *schema)
{
    return QByteArray("NOT EXISTS (SELECT 1 FROM ") + schema + ".staged_dataset_versions staged WHERE staged.version_id = " +
           idExpression + ")";
}

std::optional<DatasetVersionInfo> DatasetRepository::wholeVersionWithIdentity(std::int64_t projectId,
                                                                              const QString &sha256)
{
    Statement existing = m_db.prepare(versionQuery("project_id = ?1 AND sha256 = ?2").constData());
    existing.bind(1, projectId).bind(2, sha256);
    return existing.step() ? std::optional(readVersion(existing)) : std::nullopt;
}

Result<StoredDataset> DatasetRepository::store(std::int64_t projectId, const QString &name, const QString &sourceKind,
                                               const data::ImportedDataset &imported,
                                               const data::DatasetProfile &profile, std::atomic<bool> *cancel,
                                               const PendingSplit *split)
{
    const QString failure = QStringLiteral("cannot store the dataset");
    const data::Dataset &dataset = imported.dataset;
    std::int64_t versionId = 0;

    // 1. The version row, staged; or the whole version this import already made.
    Result<std::optional<StoredDataset>> begun = guarded(failure, [&]() -> std::optional<StoredDataset> {
        Transaction transaction(m_db);
        if (std::optional<DatasetVersionInfo> found = wholeVersionWithIdentity(projectId, imported.versionSha256)) {
            StoredDataset existing{*found, true, std::nullopt};
            if (split)
                existing.split = insertSplit(found->id, *split);
            transaction.commit();
            return existing;
        }
        // The identity is unique per project, staged or not: a live import of the same bytes owns it.
        Statement staged = m_db.prepare("SELECT s.pid, s.host FROM staged_dataset_versions s JOIN dataset_versions v "
                                        "ON v.id = s.version_id WHERE v.project_id = ?1 AND v.sha256 = ?2");
        staged.bind(1, projectId).bind(2, imported.versionSha256);
        if (staged.step())
            throw SqlError(QStringLiteral("the same file, with the same options, is being imported by process %1 on "
                                          "%2; its version appears when that import ends")
                               .arg(staged.columnInt(0))
                               .arg(staged.columnText(1)),
                           0);
        m_db.prepare("INSERT INTO dataset_versions(project_id, name, sha256, file_sha256, source_kind, source_name, "
                     "source_size, options, schema, profile, row_count, column_count, dropped_rows, app_version, "
                     "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)")
            .bind(1, projectId)
            .bind(2, name)
            .bind(3, imported.versionSha256)
            .bind(4, imported.fileSha256)
            .bind(5, sourceKind)
            .bind(6, imported.sourceName)
            .bind(7, std::int64_t(imported.sourceSize))
            .bind(8, compact(imported.options))
            .bind(9, compact(data::schemaToJson(data::schemaOf(dataset))))
            .bind(10, compact(data::profileToJson(profile)))
            .bind(11, std::int64_t(dataset.rowCount()))
            .bind(12, std::int64_t(dataset.columns.size()))
            .bind(13, std::int64_t(imported.droppedRows))
            .bind(14, applicationVersion())
            .bind(15, utcTimestamp())
            .run();
        versionId = m_db.lastInsertId();
        m_db.prepare("INSERT INTO staged_dataset_versions(version_id, host, pid, started_at) VALUES (?1, ?2, ?3, ?4)")
            .bind(1, versionId)
            .bind(2, QSysInfo::machineHostName())
            .bind(3, std::int64_t(QCoreApplication::applicationPid()))
            .bind(4, utcTimestamp())
            .run();
        transaction.commit();
        return std::nullopt;
    });
    if (!begun)
        return Error{begun.error()};
    if (begun->has_value())
        return std::move(begun->value());

    // A failed or cancelled import takes its staged version away again; if even that fails (the
    // process is dying), the version stays staged, unseen, until the next import discards it.
    const auto abandon = [&](const Error &error) -> Error {
        (void)discardStaged(versionId);
        return error;
    };

    // 2. Each column's chunks, encoded and checksummed before their transactions begin, so the lock
    // is held only for the inserts, and a few chunks at a time: with the helpers busy on both cores,
    // a whole column's took twice as long as it did alone. A helper thread encodes the next column
    // while this one's inserts run (or this thread, when no thread is to be had).
    const std::int64_t rows = dataset.rowCount();
    const auto encodeColumn = [&dataset, rows](std::size_t c) {
        EncodedColumn encoded;
        for (std::int64_t start = 0; start < rows; start += kChunkRows) {
            encoded.chunks.push_back(encodeDatasetChunk(dataset.columns[c], std::size_t(start),
                                                        std::size_t(std::min(kChunkRows, rows - start))));
            encoded.checksums.push_back(crc32Of(encoded.chunks.back().bytes));
        }
        return encoded;
    };
    const auto encodeAhead = [&](std::size_t c) {
        return std::async(std::launch::async | std::launch::deferred, encodeColumn, c);
    };
    std::future<EncodedColumn> next = encodeAhead(0);
    // The columns' pages reach the file on a helper thread too, not in this thread's commits.
    std::optional<WalCheckpointer> checkpointer;
    checkpointer.emplace(m_db);
    for (std::size_t c = 0; c < dataset.columns.size(); ++c) {
        if (cancel && cancel->load())
            return abandon(Error{QStringLiteral("cancelled; nothing was stored")});
        const EncodedColumn column = next.get();
        if (c + 1 < dataset.columns.size())
            next = encodeAhead(c + 1);
        for (std::size_t first = 0; first < column.chunks.size(); first += kChunksPerTransaction) {
            const Status written = guarded(failure, [&] {
                Transaction transaction(m_db);
                Statement insert =
                    m_db.prepare("INSERT INTO dataset_chunks(version_id, column_index, chunk_index, data, crc32, "
                                 "encoding) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
                const std::size_t last = std::min(column.chunks.size(), first + kChunksPerTransaction);
                for (std::size_t chunk = first; chunk < last; ++chunk) {
                    insert.reset();
                    insert.bind(1, versionId)
                        .bind(2, int(c))
                        .bind(3, std::int64_t(chunk))
                        .bind(4, column.chunks[chunk].bytes)
                        .bind(5, std::int64_t(column.checksums[chunk]))
                        .bind(6, column.chunks[chunk].encoding)
                        .run();
                }
                transaction.commit();
                return Done{};
            });
            if (!written)
                return abandon(Error{written.error(), written.errorIsTransient()});
        }
    }

    checkpointer.reset(); // this thread's automatic checkpoint again, from the next commit on
    // 3. The split, and the end of staging: the version appears, whole, with its split.
    Result<StoredDataset> finished = guarded(failure, [&] {
        Transaction transaction(m_db);
        StoredDataset result{DatasetVersionInfo{}, false, std::nullopt};
        if (split)
            result.split = insertSplit(versionId, *split);
        m_db.prepare("DELETE FROM staged_dataset_versions WHERE version_id = ?1").bind(1, versionId).run();
        Statement stored = m_db.prepare(versionQuery("id = ?1").constData());
        stored.bind(1, versionId);
        if (!stored.step())
            throw SqlError(QStringLiteral("dataset version %1 vanished while it was written").arg(versionId), 0);
        result.version = readVersion(stored);
        transaction.commit();
        return result;
    });
    if (!finished)
        return abandon(Error{finished.error(), finished.errorIsTransient()});
    return finished;
}

Result<QList<StagedVersion>> DatasetRepository::stagedVersions()
{
    return guarded(QStringLiteral("cannot list staged imports"), [&] {
        QList<StagedVersion> staged;
        Statement query =
            m_db.prepare("SELECT version_id, host, pid, started_at FROM staged_dataset_versions ORDER BY version_id");
        while (query.step())
            staged << StagedVersion{query.columnInt(0), query.columnText(1), query.columnInt(2), query.columnText(3)};
        return staged;
    });
}

Status DatasetRepository::discardStaged(std::int64_t versionId)
{
    return guarded(QStringLiteral("cannot discard the staged dataset version %1").arg(versionId), [&] {
        const auto isStaged = [&] {
            Statement query = m_db.prepare("SELECT 1 FROM staged_dataset_versions WHERE version_id = ?1");
            query.bind(1, versionId);
            return query.step();
        };
        QList<std::int64_t> columns;
        {
            Transaction transaction(m_db);
            if (!isStaged())
                return Done{};
            Statement query = m_db.prepare("SELECT DISTINCT column_index FROM dataset_chunks WHERE version_id = ?1");
            query.bind(1, versionId);
            while (query.step())
                columns << query.columnInt(0);
            transaction.commit();
        }
        for (const std::int64_t column : columns) {
            Transaction transaction(m_db);
            if (!isStaged())
                return Done{};
            m_db.prepare("DELETE FROM dataset_chunks WHERE version_id = ?1 AND column_index = ?2")
                .bind(1, versionId)
                .bind(2, column)
                .run();
            transaction.commit();
        }
        Transaction transaction(m_db);
        if (isStaged()) // the staged row goes with its version (ON DELETE CASCADE)
            m_db.prepare("DELETE FROM dataset_versions WHERE id = ?1").bind(1, versionId).run();
        transaction.commit();
        return Done{};
    });
}

Result<DatasetSplitInfo> findSplitOfVersion(const QList<DatasetSplitInfo> &splits, std::int64_t splitId,
                                            std::int64_t versionId)
{
    QStringList ids;
    for (const DatasetSplitInfo &split : splits) {
        if (split.versionId != versionId)
            continue;
        if (split.id == splitId)
            return split;
        ids << QString::number(split.id);
    }
    if (ids.isEmpty())
        return Error{
            QStringLiteral("dataset version %1 has no split; import it again with --split to add one").arg(versionId)};
    return Error{QStringLiteral("split %1 is not a split of dataset version %2; its splits are %3 (split ids count "
                                "across the workspace)")
                     .arg(splitId)
                     .arg(versionId)
                     .arg(ids.join(QStringLiteral(", ")))};
}

Result<QList<DatasetVersionInfo>> DatasetRepository::versions(std::int64_t projectId)
{
    return guarded(QStringLiteral("cannot list dataset versions"), [&] {
        QList<DatasetVersionInfo> result;
        Statement query = m_db.prepare(versionQuery("project_id = ?1 ORDER BY id DESC").constData());
        query.bind(1, projectId);
        while (query.step())
            result << readVersion(query);
        return result;
    });
}

Result<DatasetVersionInfo> DatasetRepository::version(std::int64_t versionId)
{
    Result<std::optional<DatasetVersionInfo>> found = guarded(QStringLiteral("cannot read the dataset version"), [&] {
        Statement query = m_db.prepare(versionQuery("id = ?1").constData());
        query.bind(1, versionId);
        return query.step() ? std::optional(readVersion(query)) : std::nullopt;
    });
    if (!found)
        return Error{found.error()};
    if (!found->has_value())
        return Error{QStringLiteral("dataset version %1 does not exist").arg(versionId)};
    return found->value();
}

Result<data::DatasetProfile> DatasetRepository::profile(std::int64_t versionId)
{
    return guarded(QStringLiteral("cannot read the dataset statistics"), [&] {
        Statement query = m_db.prepare(
            QByteArray("SELECT profile FROM dataset_versions WHERE id = ?1 AND " + wholeVersionCondition("id"))
                .constData());
        query.bind(1, versionId);
        return query.step() ? data::profileFromJson(parseObject(query.columnText(0))) : data::DatasetProfile{};
    });
}

Result<std::vector<double>> DatasetRepository::readChunk(std::int64_t versionId, int column, std::int64_t chunk)
{
    Result<ColumnChunk> read = readExactChunk(versionId, column, chunk);
    if (!read)
        return Error{read.error()};
    return std::move(read->values);
}

Result<ColumnChunk> DatasetRepository::readExactChunk(std::int64_t versionId, int column, std::int64_t chunk)
{
    Result<std::optional<ColumnChunk>> values = guarded(QStringLiteral("cannot read dataset values"), [&] {
        Statement query = m_db.prepare("SELECT data, crc32, encoding FROM dataset_chunks WHERE version_id = ?1 AND "
                                       "column_index = ?2 AND chunk_index = ?3");
        query.bind(1, versionId).bind(2, column).bind(3, chunk);
        if (!query.step())
            return std::optional(ColumnChunk{});
        const QByteArray bytes = query.columnBlob(0);
        return matchesStoredChecksum(bytes, query, 1) ? decodeDatasetChunk(bytes, query.columnText(2)) : std::nullopt;
    });
    if (!values)
        return Error{values.error()};
    if (values->has_value())
        return std::move(values->value());
    // Damaged: the version's schema is read only now, to name the column.
    const Result<DatasetVersionInfo> info = version(versionId);
    return corruptChunk(versionId, info ? columnNameIn(*info, column) : QString::number(column), chunk);
}

Status DatasetRepository::checkStoredValues(const DatasetVersionInfo &version)
{
    const auto corrupt = [&](const QString &why) {
        return Error{QStringLiteral("dataset version %1 is corrupt: %2").arg(version.id).arg(why)};
    };
    if (version.rowCount < 0)
        return corrupt(QStringLiteral("its row count is %1").arg(version.rowCount));
    Result<QHash<std::int64_t, std::int64_t>> stored =
        guarded(QStringLiteral("cannot read dataset values"), [&] {
            Statement query = m_db.prepare(QByteArray(QByteArray("SELECT column_index, sum(") + kChunkValueCountSql +
                                                      "), count(*), max(chunk_index), sum(" + kChunkLeftoverBytesSql +
                                                      ") FROM dataset_chunks WHERE version_id = ?1 GROUP BY "
                                                      "column_index")
                                               .constData());
            query.bind(1, version.id);
            QHash<std::int64_t, std::int64_t> counts;
            while (query.step()) {
                // Chunks numbered 0..n-1 with none missing, or the sum below could hide a lost one.
                const std::int64_t chunks = query.columnInt(2);
                // A blob cut inside a value counts as a value short, so the message below names it.
                const std::int64_t values = query.columnInt(1) - (query.columnInt(4) != 0 ? 1 : 0);
                counts.insert(query.columnInt(0), query.columnInt(3) + 1 == chunks ? values : -1);
            }
            return counts;
        });
    if (!stored)
        return Error{stored.error()};
    for (auto it = stored->cbegin(); it != stored->cend(); ++it)
        if (it.key() < 0 || it.key() >= std::int64_t(version.schema.size()))
            return corrupt(QStringLiteral("it stores values for a column %1 its schema does not have").arg(it.key()));
    for (std::size_t c = 0; c < version.schema.size(); ++c) {
        const std::int64_t values = stored->value(std::int64_t(c), 0);
        if (values < 0)
            return corrupt(QStringLiteral("a chunk of column '%1' is missing").arg(version.schema[c].name));
        if (values != version.rowCount)
            return corrupt(QStringLiteral("column '%1' stores %2 values, but the version has %3 rows")
                               .arg(version.schema[c].name)
                               .arg(values)
                               .arg(version.rowCount));
    }
    return success();
}

Result<data::Dataset> DatasetRepository::load(std::int64_t versionId)
{
    Result<DatasetVersionInfo> info = version(versionId);
    if (!info)
        return Error{info.error()};
    if (const Status intact = checkStoredValues(*info); !intact)
        return Error{intact.error()};
    std::optional<Error> damage; // the first chunk that fails its checksum
    Result<data::Dataset> loaded = guarded(QStringLiteral("cannot load the dataset"), [&] {
        data::Dataset dataset;
        for (const data::ColumnSchema &schema : info->schema) {
            data::DatasetColumn column;
            column.name = schema.name;
            column.type = schema.type;
            column.role = schema.role;
            column.missingPolicy = schema.missingPolicy;
            column.categories = schema.categories;
            column.values.reserve(std::size_t(info->rowCount));
            dataset.columns.push_back(std::move(column));
        }
        Statement query = m_db.prepare("SELECT column_index, chunk_index, data, crc32, encoding FROM dataset_chunks "
                                       "WHERE version_id = ?1 ORDER BY column_index, chunk_index");
        query.bind(1, versionId);
        while (query.step()) {
            const std::size_t column = std::size_t(query.columnInt(0));
            const QByteArray bytes = query.columnBlob(2);
            std::optional<ColumnChunk> chunk;
            if (matchesStoredChecksum(bytes, query, 3))
                chunk = decodeDatasetChunk(bytes, query.columnText(4));
            if (!chunk) {
                damage = corruptChunk(versionId, columnNameIn(*info, std::int64_t(column)), query.columnInt(1));
                return data::Dataset{};
            }
            if (column >= dataset.columns.size())
                continue;
            data::DatasetColumn &into = dataset.columns[column];
            if (!chunk->exactIntegers.empty() && into.exactIntegers.empty() && !into.values.empty()) {
                // The column's earlier chunks were exact as doubles; join them to its integers.
                std::optional<std::vector<std::int64_t>> before = data::wholeNumbers(into.values);
                if (!before) {
                    damage = corruptChunk(versionId, into.name, query.columnInt(1));
                    return data::Dataset{};
                }
                into.exactIntegers = std::move(*before);
            }
            if (!chunk->exactIntegers.empty() || !into.exactIntegers.empty()) {
                std::optional<std::vector<std::int64_t>> integers =
                    chunk->exactIntegers.empty() ? data::wholeNumbers(chunk->values) : std::move(chunk->exactIntegers);
                if (!integers) {
                    damage = corruptChunk(versionId, into.name, query.columnInt(1));
                    return data::Dataset{};
                }
                into.exactIntegers.insert(into.exactIntegers.end(), integers->begin(), integers->end());
            }
            into.values.insert(into.values.end(), chunk->values.begin(), chunk->values.end());
        }
        return dataset;
    });
    if (damage)
        return *damage;
    return loaded;
}

DatasetSplitInfo DatasetRepository::insertSplit(std::int64_t versionId, const PendingSplit &split)
{
    const QString specText = compact(split.spec.toJson());
    const QString specSha = mb::sha256Hex(specText.toUtf8());
    Statement existing =
        m_db.prepare(QByteArray(QByteArray(kSplitColumns) + "WHERE version_id = ?1 AND spec_sha256 = ?2").constData());
    existing.bind(1, versionId).bind(2, specSha);
    if (existing.step())
        return readSplit(existing);
    const data::SplitCounts counts = data::countSplit(split.assignment);
    QByteArray bytes(qsizetype(split.assignment.size()), Qt::Uninitialized);
    for (std::size_t i = 0; i < split.assignment.size(); ++i)
        bytes[qsizetype(i)] = char(split.assignment[i]);
    const QString createdAt = utcTimestamp();
    m_db.prepare("INSERT INTO dataset_splits(version_id, spec, spec_sha256, assignment, train_rows, validation_rows, "
                 "test_rows, warnings, created_at, encoding) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
        .bind(1, versionId)
        .bind(2, specText)
        .bind(3, specSha)
        .bind(4, bytes)
        .bind(5, std::int64_t(counts.train))
        .bind(6, std::int64_t(counts.validation))
        .bind(7, std::int64_t(counts.test))
        .bind(8, QString::fromUtf8(QJsonDocument(data::warningsToJson(split.warnings)).toJson(QJsonDocument::Compact)))
        .bind(9, createdAt)
        .bind(10, compact(split.encoding.toJson()))
        .run();
    return DatasetSplitInfo{m_db.lastInsertId(), versionId,      split.spec, counts,
                            split.warnings,      split.encoding, createdAt};
}

Result<DatasetSplitInfo> DatasetRepository::addSplit(std::int64_t versionId, const data::SplitSpec &spec,
                                                     const std::vector<data::SplitPart> &assignment,
                                                     const std::vector<data::DataWarning> &warnings,
                                                     const data::FeatureEncoding &encoding)
{
    return guarded(QStringLiteral("cannot store the split"), [&] {
        Transaction transaction(m_db);
        const DatasetSplitInfo info = insertSplit(versionId, PendingSplit{spec, assignment, warnings, encoding});
        transaction.commit();
        return info;
    });
}

Result<QList<DatasetSplitInfo>> DatasetRepository::splits(std::int64_t versionId)
{
    return guarded(QStringLiteral("cannot list splits"), [&] {
        QList<DatasetSplitInfo> result;
        Statement query =
            m_db.prepare(QByteArray(QByteArray(kSplitColumns) + "WHERE version_id = ?1 ORDER BY id").constData());
        query.bind(1, versionId);
        while (query.step())
            result << readSplit(query);
        return result;
    });
}

Result<std::vector<data::SplitPart>> DatasetRepository::splitAssignment(std::int64_t splitId)
{
    return guarded(QStringLiteral("cannot read the split"), [&] {
        Statement query = m_db.prepare("SELECT s.assignment, v.row_count FROM dataset_splits s "
                                       "JOIN dataset_versions v ON v.id = s.version_id WHERE s.id = ?1");
        query.bind(1, splitId);
        std::vector<data::SplitPart> parts;
        if (query.step()) {
            const QByteArray bytes = query.columnBlob(0);
            if (bytes.size() != query.columnInt(1))
                throw SqlError(QStringLiteral("split %1 is corrupt: it assigns %2 rows of a version with %3")
                                   .arg(splitId)
                                   .arg(bytes.size())
                                   .arg(query.columnInt(1)),
                               0);
            parts.reserve(std::size_t(bytes.size()));
            for (char b : bytes) {
                if (b < char(data::SplitPart::Train) || b > char(data::SplitPart::Test))
                    throw SqlError(QStringLiteral("split %1 is corrupt: a row has part %2, which is none of train, "
                                                  "validation, test")
                                       .arg(splitId)
                                       .arg(int(b)),
                                   0);
                parts.push_back(data::SplitPart(b));
            }
        }
        return parts;
    });
}

} // namespace mb::db
