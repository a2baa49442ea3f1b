// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace mb::db {

class Database;

struct EvaluationRecord {
    std::int64_t id = 0;
    std::int64_t runId = 0;
    QString checkpoint = QStringLiteral("best");
    std::int64_t datasetVersionId = 0;
    std::optional<std::int64_t> splitId;
    QString part = QStringLiteral("test"); // test, validation or all
    std::int64_t items = 0;
    QJsonObject metrics;
    // LatencyProfile::toJson's object, with its batch-1 samples (`batch_1_samples_ms`) when they
    // were timed; the store keeps those apart from the row (evaluationsWithoutSamples skips them).
    QJsonObject latency;
    // What the tool that made an external run's predictions reported about them; never used in
    // place of `metrics` (evaluation::compareReported shows the two side by side).
    QJsonObject reportedMetrics;
    QString createdAt;
};

// One named column of per-item predictions; every column of an evaluation has `items` values.
// The store keeps each in the narrowest type that holds every value exactly (db/ColumnEncoding:
// uint8 labels, float32 scores from a float32 network, ...), so it comes back bit for bit.
using PredictionColumn = std::pair<QString, std::vector<double>>;

// A column of 64-bit integers stored exactly, such as item ids above 2^53 that a double rounds.
struct IntegerPredictionColumn {
    QString name;
    std::vector<std::int64_t> values;
};

// Evaluations of runs' models and their stored per-item predictions, which business metrics are
// recomputed from without retraining. Predictions are stored once and never changed. Every column
// carries a CRC-32 of its bytes (db/Checksum), verified on every read: a column whose bytes changed
// on disk is refused as corrupt, naming the column and the evaluation, and never shown or used.
// Thread contract: the thread that owns the Database.
class EvaluationRepository {
public:
    explicit EvaluationRepository(Database &db) : m_db(db) {}

    // Stores the record and its columns in one transaction; every column must have `items` values.
    // `integerColumns` are stored as int64: one named like a column of `columns` in its place (an
    // item id column whose ids a double rounds), the others after `columns`.
    Result<EvaluationRecord> store(EvaluationRecord record, const std::vector<PredictionColumn> &columns,
                                   const std::vector<IntegerPredictionColumn> &integerColumns = {});
    Result<QList<EvaluationRecord>> evaluationsOf(std::int64_t runId); // newest first
    // Every evaluation of the project's runs by run id, each run's newest first, with empty metrics
    // and latency: enough to tell which evaluation judges each run (services::judgedEvaluation), for a
    // thousand runs in one light query where evaluationsOf is one full query per run.
    Result<QHash<std::int64_t, QList<EvaluationRecord>>> evaluationSummariesOfProject(std::int64_t projectId);
    // The evaluations with these ids, by id (an unknown id is absent), in a query per 500 ids. The
    // latency comes without `batch_1_samples_ms` (the samples a histogram draws, kept in a table of
    // their own that this never reads; evaluationsOf and evaluation have them); its percentiles,
    // throughput and model size are all there.
    Result<QHash<std::int64_t, EvaluationRecord>> evaluationsWithoutSamples(const QList<std::int64_t> &ids);
    Result<EvaluationRecord> evaluation(std::int64_t evaluationId);
    Result<QStringList> columnNames(std::int64_t evaluationId);
    Result<std::vector<double>> column(std::int64_t evaluationId, const QString &name);
    // A column of whole numbers exactly as int64, whatever its stored type (an id above 2^53 as
    // stored; an older file's float64 ids when they are whole). An error for fractional values.
    Result<std::vector<std::int64_t>> integerColumn(std::int64_t evaluationId, const QString &name);

private:
    Database &m_db; // not owned
};

// Reads evaluations' prediction columns, choosing them by name, through two statements prepared
// once for every evaluation read (the Compare page reads a thousand). A column's bytes are read
// only when it is chosen. Thread contract: the thread that owns the Database, which must outlive
// the reader.
class PredictionColumnReader {
public:
    explicit PredictionColumnReader(Database &db);
    ~PredictionColumnReader();

    // Given the stored names in stored order (columnNames'), returns the names to read.
    using Choice = std::function<QStringList(const QStringList &storedNames)>;
    // The chosen columns, in stored order; chosen names that are not stored are left out.
    Result<std::vector<PredictionColumn>> columns(std::int64_t evaluationId, const Choice &choose);

private:
    struct Statements;
    Database &m_db;                           // not owned
    std::unique_ptr<Statements> m_statements; // prepared on first use
};

} // namespace mb::db
