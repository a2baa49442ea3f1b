// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QList>
#include <QString>

#include <cstdint>
#include <vector>

namespace mb::db {

class Database;

struct MetricSeriesInfo {
    std::int64_t id = 0;
    std::int64_t runId = 0;
    QString name;
    std::int64_t points = 0; // stored with the series: no chunk is read to count them
};

// Points of one series in step order. NaN and infinite values are kept as they are: a diverged
// run's curve must show where it broke.
struct MetricSeries {
    std::vector<std::int64_t> steps;
    std::vector<double> values;
    std::int64_t nextChunk = 0; // pass to readSince() to get only what was written after this read
};

// Merges the chunks of each of the run's series that has more chunks than its points need into
// chunks of `chunkPoints` (the flushes of a live run leave one short chunk per series every half
// second). The series read point for point as before. The merged chunks take indexes after every
// existing one, so a live reader (readSince) neither misses nor repeats a point.
// Throws SqlError; call it inside the caller's write transaction (RunRepository::finish).
void mergeChunksOfRun(Database &db, std::int64_t runId, int chunkPoints);

// mergeChunksOfRun for every run that ended without merging (the window records a dead worker's
// end without reading its points), one short write transaction per run. Interrupted runs are left
// alone: their worker may only have been stopped (SIGSTOP, a suspended laptop) and come back,
// writing chunks after the indexes it knows. Returns how many runs it merged. For `workspace vacuum`.
// Throws SqlError.
std::int64_t mergeChunksOfEndedRuns(Database &db, int chunkPoints);

// Appends a run's metric points, packed into chunks so that ingestion runs near SQLite's own
// limit: points are buffered per series and each full chunk is one row. flush() writes the
// partial chunks too (as shorter chunks), so a reader sees everything written so far.
// Thread contract: one writer per run, on the thread that owns the Database (the worker process).
class MetricSeriesWriter {
public:
    static constexpr int kDefaultChunkPoints = 8192;

    MetricSeriesWriter(Database &db, std::int64_t runId, int chunkPoints = kDefaultChunkPoints);
    ~MetricSeriesWriter(); // flushes; an error then is lost, so call flush() first to see it
    MetricSeriesWriter(const MetricSeriesWriter &) = delete;
    MetricSeriesWriter &operator=(const MetricSeriesWriter &) = delete;

    // A handle for a series of this run, created on first use; cheap appends go through it.
    Result<int> series(const QString &name);
    // Buffers one point; writes a chunk when the series' buffer is full.
    Status append(int series, std::int64_t step, double value);
    Status append(const QString &name, std::int64_t step, double value);
    // Writes every buffered point, in one transaction.
    Status flush();

private:
    struct Buffer {
        std::int64_t seriesId = 0;
        std::int64_t nextChunk = 0;
        std::vector<std::int64_t> steps;
        std::vector<double> values;
    };
    // Inserts the buffer's points as its next chunk; the buffer is left as it is.
    void insertChunk(const Buffer &buffer);
    static void advance(Buffer &buffer);

    Database &m_db; // not owned
    std::int64_t m_runId;
    int m_chunkPoints;
    std::vector<Buffer> m_buffers;
    QList<QString> m_names;
};

// Reads series written by any writer (another process included: WAL lets the window read while
// a worker writes).
// Thread contract: the thread that owns the Database.
class MetricSeriesReader {
public:
    explicit MetricSeriesReader(Database &db) : m_db(db) {}

    Result<QList<MetricSeriesInfo>> seriesOf(std::int64_t runId);
    Result<MetricSeries> read(std::int64_t seriesId);
    // Only what was written since a read that returned `nextChunk` and left the caller holding
    // `pointsHeld` points, for live curves: the points after those, even when the run's chunks were
    // merged in between (mergeChunksOfRun).
    Result<MetricSeries> readSince(std::int64_t seriesId, std::int64_t fromChunk, std::int64_t pointsHeld);

private:
    Database &m_db; // not owned
};

} // namespace mb::db
