// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/EvaluationRepository.h"

#include "db/Checksum.h"
#include "db/ColumnEncoding.h"
#include "db/Database.h"
#include "db/Guard.h"
#include "db/Timestamp.h"
#include "core/EveryCore.h"

#include <QJsonDocument>

#include <algorithm>
#include <vector>

namespace mb::db {
namespace {

// Where the latency JSON of an evaluation (EvaluationRecord::latency) holds its batch-1 samples,
// the 1000 timings only the latency histogram draws. Since schema 16 the store keeps them out of
// the evaluation's row, in evaluation_latency_samples, so a list of evaluations never reads them:
// store() moves them there and a full read puts them back under the same key, bit for bit.
#define MB_SAMPLES_PATH "'$.batch_1_samples_ms'"

// Every read names the evaluation's row `e`.
constexpr const char *kColumns =
    "SELECT e.id, e.run_id, e.checkpoint, e.dataset_version_id, e.split_id, e.part, e.items, e.metrics, "
    "CASE WHEN s.batch_1_ms IS NULL THEN e.latency "
    "ELSE json_set(e.latency, " MB_SAMPLES_PATH ", json(s.batch_1_ms)) END, e.created_at, e.reported_metrics "
    "FROM evaluations e LEFT JOIN evaluation_latency_samples s ON s.evaluation_id = e.id ";
// The same without the latency's batch-1 samples: the row alone.
constexpr const char *kColumnsWithoutSamples =
    "SELECT e.id, e.run_id, e.checkpoint, e.dataset_version_id, e.split_id, e.part, e.items, e.metrics, e.latency, "
    "e.created_at, e.reported_metrics FROM evaluations e ";
// The same without metrics and latency: SQLite then never reads their text.
constexpr const char *kColumnsWithoutJson =
    "SELECT e.id, e.run_id, e.checkpoint, e.dataset_version_id, e.split_id, e.part, e.items, '{}', '{}', e.created_at, "
    "'{}' FROM evaluations e ";
// store()'s two halves of one latency JSON (bound as ?8 and ?2): the row's, and the samples' when it has them.
constexpr const char *kLatencyWithoutSamples = "json_remove(?8, " MB_SAMPLES_PATH ")";
constexpr const char *kInsertSamples =
    "INSERT INTO evaluation_latency_samples(evaluation_id, batch_1_ms) SELECT ?1, ?2 -> " MB_SAMPLES_PATH
    " WHERE json_type(?2, " MB_SAMPLES_PATH ") IS NOT NULL";
#undef MB_SAMPLES_PATH
// Ids bound per query: well under SQLite's limit on parameters.
constexpr qsizetype kIdsPerQuery = 500;

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// The row's fields but its three JSON texts (metrics, latency, reported metrics): readEvaluation,
// or evaluationsWithoutSamples, which parses those on every core.
EvaluationRecord readEvaluationFields(const Statement &row)
{
    EvaluationRecord r;
    r.id = row.columnInt(0);
    r.runId = row.columnInt(1);
    r.checkpoint = row.columnText(2);
    r.datasetVersionId = row.columnInt(3);
    if (!row.columnIsNull(4))
        r.splitId = row.columnInt(4);
    r.part = row.columnText(5);
    r.items = row.columnInt(6);
    r.createdAt = row.columnText(9);
    return r;
}

// An evaluation row's JSON texts as stored (UTF-8), before they are parsed.
struct EvaluationJsonText {
    QByteArray metrics, latency, reported;
};

EvaluationJsonText readEvaluationJson(const Statement &row)
{
    // The bytes SQLite holds: the text read as a QString would only be turned back into UTF-8.
    return {row.columnBlob(7), row.columnBlob(8), row.columnBlob(10)};
}

void parseEvaluationJson(EvaluationRecord &r, const EvaluationJsonText &text)
{
    r.metrics = QJsonDocument::fromJson(text.metrics).object();
    r.latency = QJsonDocument::fromJson(text.latency).object();
    r.reportedMetrics = QJsonDocument::fromJson(text.reported).object();
}

EvaluationRecord readEvaluation(const Statement &row)
{
    EvaluationRecord r = readEvaluationFields(row);
    parseEvaluationJson(r, readEvaluationJson(row));
    return r;
}

// Parses the texts into their records on every core: for the Compare page's 10 000 evaluations
// the parsing is most of the read. Below this many a thread costs more than it saves.
constexpr std::size_t kRecordsToShare = 256;

void parseEvaluationsJson(std::vector<EvaluationRecord> &records, const std::vector<EvaluationJsonText> &texts)
{
    forEachOnEveryCore(records.size(), kRecordsToShare,
                       [&records, &texts](std::size_t i) { parseEvaluationJson(records[i], texts[i]); });
}

// A prediction column's stored bytes: `data`, `encoding`, `crc32`, in that order from `first`.
constexpr const char *kStoredColumn = "data, encoding, crc32";

[[noreturn]] void throwCorrupt(std::int64_t evaluationId, const QString &name, const QString &why)
{
    throw SqlError(QStringLiteral("prediction column '%1' of evaluation %2 is corrupt: %3; it is not shown or used")
                       .arg(name)
                       .arg(evaluationId)
                       .arg(why),
                   0);
}

// The checked blob and its encoding from `row`'s columns `first` (kStoredColumn's order): a known
// encoding, the bytes their checksum says, and a whole number of values; else SqlError.
std::pair<QByteArray, ColumnEncoding> verifiedBlob(const Statement &row, int first, std::int64_t evaluationId,
                                                   const QString &name)
{
    QByteArray bytes = row.columnBlob(first);
    const std::optional<ColumnEncoding> encoding = encodingFromName(row.columnText(first + 1));
    if (!encoding)
        throwCorrupt(evaluationId, name, QStringLiteral("its encoding '%1' is unknown").arg(row.columnText(first + 1)));
    if (!matchesStoredChecksum(bytes, row, first + 2))
        throwCorrupt(evaluationId, name, QStringLiteral("its bytes no longer match their checksum"));
    if (std::size_t(bytes.size()) % bytesPerValue(*encoding) != 0)
        throwCorrupt(
            evaluationId, name,
            QStringLiteral("%1 bytes are no whole number of %2 values").arg(bytes.size()).arg(encodingName(*encoding)));
    return {std::move(bytes), *encoding};
}

std::vector<double> decodeStored(const Statement &row, int first, std::int64_t evaluationId, const QString &name)
{
    const auto [bytes, encoding] = verifiedBlob(row, first, evaluationId, name);
    return *decodeColumn(bytes, encoding); // verifiedBlob checked the length
}

// One named column of an evaluation, positioned on its row when it exists.
Statement selectStoredColumn(Database &db, std::int64_t evaluationId, const QString &name)
{
    Statement query = db.prepare(QByteArray(QByteArray("SELECT ") + kStoredColumn +
                                            " FROM prediction_columns WHERE evaluation_id = ?1 AND name = ?2")
                                     .constData());
    query.bind(1, evaluationId).bind(2, name);
    return query;
}

void insertColumn(Statement &insert, std::int64_t evaluationId, const QString &name, const QByteArray &bytes,
                  ColumnEncoding encoding)
{
    insert.reset();
    insert.bind(1, evaluationId)
        .bind(2, name)
        .bind(3, bytes)
        .bind(4, encodingName(encoding))
        .bind(5, std::int64_t(crc32Of(bytes)))
        .run();
}

} // namespace

Result<EvaluationRecord> EvaluationRepository::store(EvaluationRecord record,
                                                     const std::vector<PredictionColumn> &columns,
                                                     const std::vector<IntegerPredictionColumn> &integerColumns)
{
    const auto misfit = [&record](const QString &name, std::size_t size) {
        return Error{
            QStringLiteral("prediction column '%1' has %2 values for %3 items").arg(name).arg(size).arg(record.items)};
    };
    for (const auto &[name, values] : columns)
        if (std::int64_t(values.size()) != record.items)
            return misfit(name, values.size());
    for (const IntegerPredictionColumn &column : integerColumns)
        if (std::int64_t(column.values.size()) != record.items)
            return misfit(column.name, column.values.size());
    record.createdAt = utcTimestamp();
    Result<std::int64_t> id = guarded(QStringLiteral("cannot store the evaluation of run %1").arg(record.runId), [&] {
        Transaction transaction(m_db);
        const QString latency = compact(record.latency);
        Statement insert = m_db.prepare(QByteArray(QByteArray("INSERT INTO evaluations(run_id, checkpoint, "
                                                              "dataset_version_id, split_id, part, items, metrics, "
                                                              "latency, created_at, reported_metrics) VALUES (?1, ?2, "
                                                              "?3, ?4, ?5, ?6, ?7, ") +
                                                   kLatencyWithoutSamples + ", ?9, ?10)")
                                            .constData());
        insert.bind(1, record.runId).bind(2, record.checkpoint).bind(3, record.datasetVersionId);
        if (record.splitId)
            insert.bind(4, *record.splitId);
        else
            insert.bindNull(4);
        insert.bind(5, record.part)
            .bind(6, record.items)
            .bind(7, compact(record.metrics))
            .bind(8, latency)
            .bind(9, record.createdAt)
            .bind(10, compact(record.reportedMetrics))
            .run();
        const std::int64_t evaluationId = m_db.lastInsertId();
        m_db.prepare(kInsertSamples).bind(1, evaluationId).bind(2, latency).run();
        Statement column = m_db.prepare(
            "INSERT INTO prediction_columns(evaluation_id, name, data, encoding, crc32) VALUES (?1, ?2, ?3, ?4, ?5)");
        const auto integersNamed = [&](const QString &name) -> const IntegerPredictionColumn * {
            for (const IntegerPredictionColumn &integers : integerColumns)
                if (integers.name == name)
                    return &integers;
            return nullptr;
        };
        QStringList placed;
        for (const auto &[name, values] : columns) {
            if (const IntegerPredictionColumn *integers = integersNamed(name)) {
                insertColumn(column, evaluationId, name, encodeInt64Column(integers->values), ColumnEncoding::Int64);
                placed << name;
                continue;
            }
            const ColumnEncoding encoding = narrowestExactEncoding(values);
            insertColumn(column, evaluationId, name, encodeColumn(values, encoding), encoding);
        }
        for (const IntegerPredictionColumn &integers : integerColumns)
            if (!placed.contains(integers.name))
                insertColumn(column, evaluationId, integers.name, encodeInt64Column(integers.values),
                             ColumnEncoding::Int64);
        transaction.commit();
        return evaluationId;
    });
    if (!id)
        return Error{id.error(), id.errorIsTransient()}; // busy: the worker tries again
    record.id = *id;
    return record;
}

Result<QList<EvaluationRecord>> EvaluationRepository::evaluationsOf(std::int64_t runId)
{
    return guarded(QStringLiteral("cannot list the evaluations of run %1").arg(runId), [&] {
        QList<EvaluationRecord> records;
        Statement query =
            m_db.prepare(QByteArray(QByteArray(kColumns) + "WHERE e.run_id = ?1 ORDER BY e.id DESC").constData());
        query.bind(1, runId);
        while (query.step())
            records << readEvaluation(query);
        return records;
    });
}

Result<QHash<std::int64_t, QList<EvaluationRecord>>>
EvaluationRepository::evaluationSummariesOfProject(std::int64_t projectId)
{
    return guarded(QStringLiteral("cannot list the evaluations of project %1").arg(projectId), [&] {
        QHash<std::int64_t, QList<EvaluationRecord>> byRun;
        Statement query = m_db.prepare(
            QByteArray(QByteArray(kColumnsWithoutJson) +
                       "WHERE e.run_id IN (SELECT id FROM runs WHERE project_id = ?1) ORDER BY e.run_id, e.id DESC")
                .constData());
        query.bind(1, projectId);
        while (query.step()) {
            EvaluationRecord record = readEvaluation(query);
            byRun[record.runId].append(std::move(record));
        }
        return byRun;
    });
}

Result<QHash<std::int64_t, EvaluationRecord>>
EvaluationRepository::evaluationsWithoutSamples(const QList<std::int64_t> &ids)
{
    return guarded(QStringLiteral("cannot read %1 evaluations").arg(ids.size()), [&] {
        std::vector<EvaluationRecord> records;
        std::vector<EvaluationJsonText> texts;
        records.reserve(std::size_t(ids.size()));
        texts.reserve(std::size_t(ids.size()));
        for (qsizetype first = 0; first < ids.size(); first += kIdsPerQuery) {
            const qsizetype count = std::min(kIdsPerQuery, ids.size() - first);
            QByteArray sql = QByteArray(kColumnsWithoutSamples) + "WHERE e.id IN (";
            for (qsizetype i = 0; i < count; ++i)
                sql += (i == 0 ? "?" : ", ?") + QByteArray::number(i + 1);
            sql += ")";
            Statement query = m_db.prepare(sql.constData());
            for (qsizetype i = 0; i < count; ++i)
                query.bind(int(i + 1), ids.at(first + i));
            while (query.step()) {
                records.push_back(readEvaluationFields(query));
                texts.push_back(readEvaluationJson(query));
            }
        }
        parseEvaluationsJson(records, texts);
        QHash<std::int64_t, EvaluationRecord> byId;
        byId.reserve(qsizetype(records.size()));
        for (EvaluationRecord &record : records)
            byId.insert(record.id, std::move(record));
        return byId;
    });
}

Result<EvaluationRecord> EvaluationRepository::evaluation(std::int64_t evaluationId)
{
    Result<std::optional<EvaluationRecord>> found =
        guarded(QStringLiteral("cannot read evaluation %1").arg(evaluationId), [&] {
            Statement query = m_db.prepare(QByteArray(QByteArray(kColumns) + "WHERE e.id = ?1").constData());
            query.bind(1, evaluationId);
            return query.step() ? std::optional(readEvaluation(query)) : std::nullopt;
        });
    if (!found)
        return Error{found.error()};
    if (!found->has_value())
        return Error{QStringLiteral("evaluation %1 does not exist").arg(evaluationId)};
    return found->value();
}

Result<QStringList> EvaluationRepository::columnNames(std::int64_t evaluationId)
{
    return guarded(QStringLiteral("cannot read evaluation %1").arg(evaluationId), [&] {
        QStringList names;
        Statement query = m_db.prepare("SELECT name FROM prediction_columns WHERE evaluation_id = ?1 ORDER BY rowid");
        query.bind(1, evaluationId);
        while (query.step())
            names << query.columnText(0);
        return names;
    });
}

Result<std::vector<double>> EvaluationRepository::column(std::int64_t evaluationId, const QString &name)
{
    Result<std::optional<std::vector<double>>> found =
        guarded(QStringLiteral("cannot read evaluation %1").arg(evaluationId), [&] {
            Statement query = selectStoredColumn(m_db, evaluationId, name);
            return query.step() ? std::optional(decodeStored(query, 0, evaluationId, name)) : std::nullopt;
        });
    if (!found)
        return Error{found.error()};
    if (!found->has_value())
        return Error{QStringLiteral("evaluation %1 has no prediction column '%2'").arg(evaluationId).arg(name)};
    return std::move(found->value());
}

Result<std::vector<std::int64_t>> EvaluationRepository::integerColumn(std::int64_t evaluationId, const QString &name)
{
    Result<std::optional<std::vector<std::int64_t>>> found =
        guarded(QStringLiteral("cannot read evaluation %1").arg(evaluationId), [&] {
            Statement query = selectStoredColumn(m_db, evaluationId, name);
            if (!query.step())
                return std::optional<std::vector<std::int64_t>>();
            const auto [bytes, encoding] = verifiedBlob(query, 0, evaluationId, name);
            std::optional<std::vector<std::int64_t>> values = decodeIntegerColumn(bytes, encoding);
            if (!values)
                throw SqlError(QStringLiteral("prediction column '%1' of evaluation %2 holds values that are no "
                                              "whole numbers")
                                   .arg(name)
                                   .arg(evaluationId),
                               0);
            return values;
        });
    if (!found)
        return Error{found.error()};
    if (!found->has_value())
        return Error{QStringLiteral("evaluation %1 has no prediction column '%2'").arg(evaluationId).arg(name)};
    return std::move(found->value());
}

struct PredictionColumnReader::Statements {
    Statement names; // an evaluation's columns, rowid and name, in stored order
    Statement data;  // one column's bytes by rowid
};

PredictionColumnReader::PredictionColumnReader(Database &db) : m_db(db) {}

PredictionColumnReader::~PredictionColumnReader() = default;

Result<std::vector<PredictionColumn>> PredictionColumnReader::columns(std::int64_t evaluationId, const Choice &choose)
{
    return guarded(QStringLiteral("cannot read evaluation %1").arg(evaluationId), [&] {
        if (!m_statements)
            m_statements = std::make_unique<Statements>(Statements{
                m_db.prepare("SELECT rowid, name FROM prediction_columns WHERE evaluation_id = ?1 ORDER BY rowid"),
                m_db.prepare(
                    QByteArray(QByteArray("SELECT ") + kStoredColumn + " FROM prediction_columns WHERE rowid = ?1")
                        .constData())});
        // Reset after each use, so that no finished statement keeps a read snapshot open.
        Statement &names = m_statements->names;
        names.reset();
        names.bind(1, evaluationId);
        QStringList stored;
        std::vector<std::int64_t> rowids;
        while (names.step()) {
            rowids.push_back(names.columnInt(0));
            stored << names.columnText(1);
        }
        names.reset();
        const QStringList chosen = choose(stored);
        std::vector<PredictionColumn> found;
        Statement &data = m_statements->data;
        for (qsizetype i = 0; i < stored.size(); ++i) {
            if (!chosen.contains(stored.at(i)))
                continue;
            data.reset();
            data.bind(1, rowids[std::size_t(i)]);
            if (data.step()) {
                try {
                    found.emplace_back(stored.at(i), decodeStored(data, 0, evaluationId, stored.at(i)));
                } catch (const SqlError &) {
                    data.reset(); // a refused column must not keep the read snapshot open either
                    throw;
                }
            }
            data.reset();
        }
        return found;
    });
}

} // namespace mb::db
