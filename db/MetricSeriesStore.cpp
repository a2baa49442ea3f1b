// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/MetricSeriesStore.h"

#include "db/Database.h"
#include "db/Guard.h"

#include <QByteArray>
#include <QtEndian>

#include <algorithm>
#include <cstring>

namespace mb::db {
namespace {

static_assert(sizeof(double) == 8 && sizeof(std::int64_t) == 8, "chunks hold 8-byte steps and values");

// Steps first, then values, both little-endian whatever the machine, so a workspace travels.
QByteArray pack(const std::vector<std::int64_t> &steps, const std::vector<double> &values)
{
    const std::size_t n = steps.size();
    QByteArray bytes(qsizetype(n * 16), Qt::Uninitialized);
    char *out = bytes.data();
    if constexpr (Q_BYTE_ORDER == Q_LITTLE_ENDIAN) {
        std::memcpy(out, steps.data(), n * 8);
        std::memcpy(out + n * 8, values.data(), n * 8);
    } else {
        for (std::size_t i = 0; i < n; ++i) {
            quint64 bits;
            qToLittleEndian(quint64(steps[i]), out + i * 8);
            std::memcpy(&bits, &values[i], 8);
            qToLittleEndian(bits, out + (n + i) * 8);
        }
    }
    return bytes;
}

// Appends the chunk's points after its first `skip` to `series`.
void unpackInto(const QByteArray &bytes, std::int64_t count, std::int64_t skip, MetricSeries &series)
{
    // A damaged chunk whose size disagrees with its count is skipped rather than misread.
    if (count <= 0 || bytes.size() != count * 16 || skip >= count)
        return;
    const std::size_t n = std::size_t(count - skip);
    const std::size_t from = std::size_t(skip);
    const std::size_t at = series.steps.size();
    series.steps.resize(at + n);
    series.values.resize(at + n);
    const char *in = bytes.constData();
    if constexpr (Q_BYTE_ORDER == Q_LITTLE_ENDIAN) {
        std::memcpy(series.steps.data() + at, in + from * 8, n * 8);
        std::memcpy(series.values.data() + at, in + (std::size_t(count) + from) * 8, n * 8);
    } else {
        for (std::size_t i = 0; i < n; ++i) {
            series.steps[at + i] = std::int64_t(qFromLittleEndian<quint64>(in + (from + i) * 8));
            const quint64 bits = qFromLittleEndian<quint64>(in + (std::size_t(count) + from + i) * 8);
            std::memcpy(&series.values[at + i], &bits, 8);
        }
    }
}

} // namespace

MetricSeriesWriter::MetricSeriesWriter(Database &db, std::int64_t runId, int chunkPoints)
    : m_db(db), m_runId(runId), m_chunkPoints(std::max(1, chunkPoints))
{
}

MetricSeriesWriter::~MetricSeriesWriter()
{
    flush();
}

Result<int> MetricSeriesWriter::series(const QString &name)
{
    const qsizetype known = m_names.indexOf(name);
    if (known >= 0)
        return int(known);
    return guarded(QStringLiteral("cannot create metric series '%1'").arg(name), [&] {
        m_db.prepare("INSERT OR IGNORE INTO metric_series(run_id, name) VALUES (?1, ?2)")
            .bind(1, m_runId)
            .bind(2, name)
            .run();
        Statement query = m_db.prepare(
            "SELECT s.id, COALESCE(MAX(c.chunk_index) + 1, 0) FROM metric_series s "
            "LEFT JOIN metric_chunks c ON c.series_id = s.id WHERE s.run_id = ?1 AND s.name = ?2 GROUP BY s.id");
        query.bind(1, m_runId).bind(2, name);
        if (!query.step())
            throw SqlError(QStringLiteral("the series was not created"), 0);
        Buffer buffer;
        buffer.seriesId = query.columnInt(0);
        buffer.nextChunk = query.columnInt(1); // a resumed writer appends after what is stored
        buffer.steps.reserve(std::size_t(m_chunkPoints));
        buffer.values.reserve(std::size_t(m_chunkPoints));
        m_buffers.push_back(std::move(buffer));
        m_names.append(name);
        return int(m_names.size() - 1);
    });
}

void MetricSeriesWriter::insertChunk(const Buffer &buffer)
{
    Statement insert =
        m_db.prepare("INSERT INTO metric_chunks(series_id, chunk_index, first_step, last_step, count, data) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    insert.bind(1, buffer.seriesId)
        .bind(2, buffer.nextChunk)
        .bind(3, buffer.steps.front())
        .bind(4, buffer.steps.back())
        .bind(5, std::int64_t(buffer.steps.size()))
        .bind(6, pack(buffer.steps, buffer.values))
        .run();
}

void MetricSeriesWriter::advance(Buffer &buffer)
{
    ++buffer.nextChunk;
    buffer.steps.clear();
    buffer.values.clear();
}

Status MetricSeriesWriter::append(int series, std::int64_t step, double value)
{
    if (series < 0 || std::size_t(series) >= m_buffers.size())
        return Error{QStringLiteral("unknown metric series handle %1").arg(series)};
    Buffer &buffer = m_buffers[std::size_t(series)];
    buffer.steps.push_back(step);
    buffer.values.push_back(value);
    if (int(buffer.steps.size()) < m_chunkPoints)
        return success();
    return guarded(QStringLiteral("cannot write metric points"), [&] {
        insertChunk(buffer);
        advance(buffer);
        return Done{};
    });
}

Status MetricSeriesWriter::append(const QString &name, std::int64_t step, double value)
{
    Result<int> handle = series(name);
    if (!handle)
        return Error{handle.error()};
    return append(*handle, step, value);
}

Status MetricSeriesWriter::flush()
{
    // Buffers are cleared only once the transaction committed: a failure keeps every point
    // buffered for the next try, rather than losing those written before the failure.
    return guarded(QStringLiteral("cannot write metric points"), [&] {
        Transaction transaction(m_db);
        for (const Buffer &buffer : m_buffers)
            if (!buffer.steps.empty())
                insertChunk(buffer);
        transaction.commit();
        for (Buffer &buffer : m_buffers)
            if (!buffer.steps.empty())
                advance(buffer);
        return Done{};
    });
}

Result<QList<MetricSeriesInfo>> MetricSeriesReader::seriesOf(std::int64_t runId)
{
    return guarded(QStringLiteral("cannot list metric series"), [&] {
        QList<MetricSeriesInfo> result;
        // `points` is kept by triggers with the chunks (migration 12): no chunk is read here.
        Statement query =
            m_db.prepare("SELECT id, run_id, name, points FROM metric_series WHERE run_id = ?1 ORDER BY name");
        query.bind(1, runId);
        while (query.step())
            result << MetricSeriesInfo{query.columnInt(0), query.columnInt(1), query.columnText(2), query.columnInt(3)};
        return result;
    });
}

Result<MetricSeries> MetricSeriesReader::read(std::int64_t seriesId)
{
    return readSince(seriesId, 0, 0);
}

Result<MetricSeries> MetricSeriesReader::readSince(std::int64_t seriesId, std::int64_t fromChunk,
                                                   std::int64_t pointsHeld)
{
    return guarded(QStringLiteral("cannot read the metric series"), [&] {
        MetricSeries series;
        series.nextChunk = fromChunk;
        // One statement, so one snapshot: the chunks from `fromChunk` on, the number of points they
        // hold, and where in the series the first of them starts (the series' points minus theirs).
        // When the run's chunks were merged since the caller's last read, the merged chunks come
        // after every index it has seen and start at point 0: the points it holds are skipped.
        Statement query = m_db.prepare(
            "SELECT c.chunk_index, c.count, c.data, t.tail, t.total - t.tail FROM metric_chunks c, "
            "(SELECT (SELECT points FROM metric_series WHERE id = ?1) AS total, "
            "(SELECT COALESCE(SUM(count), 0) FROM metric_chunks WHERE series_id = ?1 AND chunk_index >= ?2) AS tail) t "
            "WHERE c.series_id = ?1 AND c.chunk_index >= ?2 ORDER BY c.chunk_index");
        query.bind(1, seriesId).bind(2, fromChunk);
        std::int64_t skip = -1;
        while (query.step()) {
            if (skip < 0) {
                skip = std::max<std::int64_t>(0, pointsHeld - query.columnInt(4));
                const std::int64_t fresh = std::max<std::int64_t>(0, query.columnInt(3) - skip);
                series.steps.reserve(std::size_t(fresh));
                series.values.reserve(std::size_t(fresh));
            }
            const std::int64_t count = query.columnInt(1);
            const std::int64_t skipped = std::min(skip, count);
            unpackInto(query.columnBlob(2), count, skipped, series);
            skip -= skipped;
            series.nextChunk = query.columnInt(0) + 1;
        }
        return series;
    });
}

namespace {

// The series (id, run) among those `where` keeps that have more chunks than their points need in
// chunks of ?1 points: what a merge rewrites. `where` may name the series `s` and its run `r`.
QByteArray fragmentedSeries(const char *where)
{
    return QByteArray("SELECT s.id, s.run_id FROM metric_series s JOIN runs r ON r.id = s.run_id "
                      "JOIN metric_chunks c ON c.series_id = s.id WHERE ") +
           where + " GROUP BY s.id HAVING count(*) > (s.points + ?1 - 1) / ?1 ORDER BY s.run_id, s.id";
}

} // namespace

void mergeChunksOfRun(Database &db, std::int64_t runId, int chunkPoints)
{
    chunkPoints = std::max(1, chunkPoints);
    // Only series whose chunks are more than their points need: a series of full chunks stays.
    QList<std::int64_t> seriesIds;
    Statement fragmented = db.prepare(fragmentedSeries("s.run_id = ?2").constData());
    fragmented.bind(1, std::int64_t(chunkPoints)).bind(2, runId);
    while (fragmented.step())
        seriesIds << fragmented.columnInt(0);
    for (const std::int64_t seriesId : seriesIds) {
        MetricSeries series;
        std::int64_t lastIndex = -1;
        Statement chunks =
            db.prepare("SELECT chunk_index, count, data FROM metric_chunks WHERE series_id = ?1 ORDER BY chunk_index");
        chunks.bind(1, seriesId);
        while (chunks.step()) {
            unpackInto(chunks.columnBlob(2), chunks.columnInt(1), 0, series);
            lastIndex = chunks.columnInt(0);
        }
        db.prepare("DELETE FROM metric_chunks WHERE series_id = ?1").bind(1, seriesId).run();
        // After every index a reader may hold, so readSince() knows merged chunks from new ones.
        std::int64_t index = lastIndex + 1;
        Statement insert =
            db.prepare("INSERT INTO metric_chunks(series_id, chunk_index, first_step, last_step, count, data) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        for (std::size_t at = 0; at < series.steps.size(); at += std::size_t(chunkPoints), ++index) {
            const std::size_t end = std::min(series.steps.size(), at + std::size_t(chunkPoints));
            const std::vector<std::int64_t> steps(series.steps.begin() + std::ptrdiff_t(at),
                                                  series.steps.begin() + std::ptrdiff_t(end));
            const std::vector<double> values(series.values.begin() + std::ptrdiff_t(at),
                                             series.values.begin() + std::ptrdiff_t(end));
            insert.reset();
            insert.bind(1, seriesId)
                .bind(2, index)
                .bind(3, steps.front())
                .bind(4, steps.back())
                .bind(5, std::int64_t(steps.size()))
                .bind(6, pack(steps, values))
                .run();
        }
    }
}

std::int64_t mergeChunksOfEndedRuns(Database &db, int chunkPoints)
{
    chunkPoints = std::max(1, chunkPoints);
    QList<std::int64_t> runIds;
    Statement fragmented =
        db.prepare(fragmentedSeries("r.status IN ('finished', 'failed', 'cancelled', 'diverged')").constData());
    fragmented.bind(1, std::int64_t(chunkPoints));
    while (fragmented.step()) // by run: each run once
        if (runIds.isEmpty() || runIds.constLast() != fragmented.columnInt(1))
            runIds << fragmented.columnInt(1);
    for (const std::int64_t runId : runIds) {
        Transaction transaction(db);
        mergeChunksOfRun(db, runId, chunkPoints);
        transaction.commit();
    }
    return runIds.size();
}

} // namespace mb::db
