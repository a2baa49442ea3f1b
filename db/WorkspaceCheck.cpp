// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/WorkspaceCheck.h"

#include "core/Sha256.h"
#include "db/ArtifactStore.h"
#include "db/Checksum.h"
#include "db/ColumnEncoding.h"
#include "db/Database.h"
#include "db/DatasetRepository.h"
#include "db/Guard.h"

#include <QList>

#include <sqlite3.h>

#include <cstdint>

namespace mb::db {
namespace {

// SQLite reports at most this many problems; a badly damaged file lists the first of them.
constexpr int kMaxIntegrityLines = 100;

bool cancelled(const std::atomic<bool> *cancel)
{
    return cancel && cancel->load();
}

void checkPages(Database &db, WorkspaceCheckReport &report)
{
    Statement integrity = db.prepare("PRAGMA integrity_check(100)");
    static_assert(kMaxIntegrityLines == 100, "keep the pragma's limit and the constant together");
    QStringList lines;
    try {
        while (integrity.step())
            lines << integrity.columnText(0);
    } catch (const SqlError &e) {
        // The check reads every row to compare it with its indexes; a page it cannot read past
        // ends it there with SQLite's "database disk image is malformed": that is the finding.
        if ((e.code() & 0xff) != SQLITE_CORRUPT && (e.code() & 0xff) != SQLITE_NOTADB)
            throw;
        lines << QStringLiteral("%1 (the check stopped there)").arg(e.message());
    }
    if (lines == QStringList{QStringLiteral("ok")})
        report.checked << QStringLiteral("SQLite integrity check: ok");
    else
        for (const QString &line : lines)
            report.problems << QStringLiteral("SQLite integrity check: %1").arg(line);
}

void checkKeys(Database &db, WorkspaceCheckReport &report)
{
    Statement keys = db.prepare("PRAGMA foreign_key_check");
    int broken = 0;
    while (keys.step()) {
        ++broken;
        report.problems << QStringLiteral("table %1 row %2 names a missing row of %3")
                               .arg(keys.columnText(0))
                               .arg(keys.columnInt(1))
                               .arg(keys.columnText(2));
    }
    if (broken == 0)
        report.checked << QStringLiteral("foreign keys: every reference resolves");
}

void checkDatasets(Database &db, WorkspaceCheckReport &report, const std::atomic<bool> *cancel)
{
    QList<std::int64_t> ids;
    Statement query =
        db.prepare(QByteArray("SELECT id FROM dataset_versions WHERE " + wholeVersionCondition("id") + " ORDER BY id")
                       .constData());
    while (query.step())
        ids << query.columnInt(0);
    DatasetRepository datasets(db);
    // A staged version is an import still writing, or one that died mid-way: not damage, since no
    // reader sees it, but space and a file's identity taken until it is discarded.
    const Result<QList<StagedVersion>> staged = datasets.stagedVersions();
    if (!staged)
        report.problems << staged.error();
    else
        for (const StagedVersion &version : *staged)
            report.notices << QStringLiteral("dataset version %1 is staged: an import started at %2 by process %3 "
                                             "on %4, still running or abandoned; nothing lists it, and once its "
                                             "process is gone the next import or `workspace vacuum` discards it")
                                  .arg(version.versionId)
                                  .arg(version.startedAt)
                                  .arg(version.pid)
                                  .arg(version.host);
    int sound = 0;
    for (const std::int64_t id : ids) {
        if (cancelled(cancel))
            return;
        const Result<DatasetVersionInfo> version = datasets.version(id);
        const Status intact = version ? datasets.checkStoredValues(*version) : Status(Error{version.error()});
        if (intact)
            ++sound;
        else
            report.problems << intact.error();
    }
    if (sound == ids.size())
        report.checked << QStringLiteral("dataset versions: %1, values agree with their records").arg(sound);
}

// Every dataset chunk and prediction column against its checksum, one blob at a time. Rows
// stored before checksums have none: they are counted, and said to be unchecked.
void checkChecksums(Database &db, WorkspaceCheckReport &report, const std::atomic<bool> *cancel)
{
    std::int64_t unchecked = 0;
    int damaged = 0;
    QList<std::int64_t> ids;
    Statement chunks = db.prepare("SELECT id FROM dataset_chunks ORDER BY id");
    while (chunks.step())
        ids << chunks.columnInt(0);
    Statement chunk =
        db.prepare("SELECT c.data, c.crc32, c.version_id, c.chunk_index, c.column_index, "
                   "json_extract(v.schema, '$.columns[' || c.column_index || '].name') "
                   "FROM dataset_chunks c JOIN dataset_versions v ON v.id = c.version_id WHERE c.id = ?1");
    for (const std::int64_t id : ids) {
        if (cancelled(cancel))
            return;
        chunk.reset();
        chunk.bind(1, id);
        if (!chunk.step())
            continue;
        unchecked += chunk.columnIsNull(1);
        if (!matchesStoredChecksum(chunk.columnBlob(0), chunk, 1)) {
            ++damaged;
            report.problems << QStringLiteral("dataset version %1 is corrupt: chunk %2 of column '%3' no longer "
                                              "matches its checksum")
                                   .arg(chunk.columnInt(2))
                                   .arg(chunk.columnInt(3))
                                   .arg(chunk.columnIsNull(5) ? QString::number(chunk.columnInt(4))
                                                              : chunk.columnText(5));
        }
    }
    const qsizetype chunkCount = ids.size();
    chunk.reset();

    ids.clear();
    Statement columns = db.prepare("SELECT rowid FROM prediction_columns ORDER BY rowid");
    while (columns.step())
        ids << columns.columnInt(0);
    Statement column =
        db.prepare("SELECT data, crc32, evaluation_id, name, encoding FROM prediction_columns WHERE rowid = ?1");
    for (const std::int64_t id : ids) {
        if (cancelled(cancel))
            return;
        column.reset();
        column.bind(1, id);
        if (!column.step())
            continue;
        unchecked += column.columnIsNull(1);
        const QByteArray bytes = column.columnBlob(0);
        const std::optional<ColumnEncoding> encoding = encodingFromName(column.columnText(4));
        QString why;
        if (!matchesStoredChecksum(bytes, column, 1))
            why = QStringLiteral("its bytes no longer match their checksum");
        else if (!encoding || std::size_t(bytes.size()) % bytesPerValue(*encoding) != 0)
            why = QStringLiteral("%1 bytes are no whole number of '%2' values")
                      .arg(bytes.size())
                      .arg(column.columnText(4));
        if (!why.isEmpty()) {
            ++damaged;
            report.problems << QStringLiteral("prediction column '%1' of evaluation %2 is corrupt: %3")
                                   .arg(column.columnText(3))
                                   .arg(column.columnInt(2))
                                   .arg(why);
        }
    }
    column.reset();
    if (damaged == 0)
        report.checked << QStringLiteral("checksums: %1 dataset chunk(s) and %2 prediction column(s) hold the bytes "
                                         "they were stored with")
                              .arg(chunkCount)
                              .arg(ids.size());
    if (unchecked > 0)
        report.notices << QStringLiteral(
                              "%1 dataset chunk(s) and prediction column(s) were stored before the workspace "
                              "kept checksums and cannot be checked byte for byte")
                              .arg(unchecked);
}

// Every evaluation's latency samples read as JSON (stored as text; the schema cannot say so, see
// migration 16): text a damaged page left would otherwise first show as a histogram's read error.
void checkLatencySamples(Database &db, WorkspaceCheckReport &report)
{
    Statement damaged = db.prepare(
        "SELECT evaluation_id FROM evaluation_latency_samples WHERE NOT json_valid(batch_1_ms) ORDER BY evaluation_id");
    int problems = 0;
    while (damaged.step()) {
        ++problems;
        report.problems << QStringLiteral("the latency samples of evaluation %1 are damaged: they no longer read as "
                                          "JSON (evaluation_latency_samples)")
                               .arg(damaged.columnInt(0));
    }
    if (problems == 0)
        report.checked << QStringLiteral("latency samples: %1 evaluation(s), each readable")
                              .arg(db.queryInt("SELECT count(*) FROM evaluation_latency_samples"));
}

void checkArtifacts(Database &db, WorkspaceCheckReport &report, const std::atomic<bool> *cancel)
{
    // One blob at a time: a workspace's checkpoints together may not fit in memory.
    QList<std::int64_t> ids;
    Statement list = db.prepare("SELECT id FROM artifacts ORDER BY id");
    while (list.step())
        ids << list.columnInt(0);
    Statement read = db.prepare("SELECT sha256, size, data FROM artifacts WHERE id = ?1");
    int sound = 0;
    for (const std::int64_t id : ids) {
        if (cancelled(cancel))
            return;
        read.reset();
        read.bind(1, id);
        if (!read.step())
            continue;
        const QString address = read.columnText(0);
        const QByteArray bytes = read.columnBlob(2);
        if (sha256Hex(bytes) != address)
            report.problems << QStringLiteral("artifact %1 is damaged: its bytes no longer hash to it").arg(address);
        else if (read.columnInt(1) != bytes.size())
            report.problems << QStringLiteral("artifact %1 records %2 bytes but holds %3")
                                   .arg(address)
                                   .arg(read.columnInt(1))
                                   .arg(bytes.size());
        else
            ++sound;
    }
    if (sound == ids.size())
        report.checked << QStringLiteral("artifacts: %1, every one hashes to its address").arg(sound);
    const std::int64_t unnamed =
        db.queryInt("SELECT count(*) FROM artifacts WHERE sha256 NOT IN (SELECT sha256 FROM run_artifacts)");
    if (unnamed > 0)
        report.notices << QStringLiteral("%1 artifact(s) are named by no run; `workspace vacuum` drops them")
                              .arg(unnamed);
}

} // namespace

Result<WorkspaceCheckReport> checkWorkspace(Database &db, const std::atomic<bool> *cancel)
{
    return guarded(QStringLiteral("cannot check the workspace"), [&] {
        WorkspaceCheckReport report;
        checkPages(db, report);
        // Reading a damaged page fails every statement that meets it: the store's own rules can be
        // checked only on sound pages, and the damage found is the answer.
        if (!report.sound()) {
            report.notices << QStringLiteral("foreign keys, datasets and artifacts were not checked: the file's pages "
                                             "are damaged");
            return report;
        }
        checkKeys(db, report);
        checkDatasets(db, report, cancel);
        checkChecksums(db, report, cancel);
        checkLatencySamples(db, report);
        checkArtifacts(db, report, cancel);
        if (cancelled(cancel))
            throw SqlError(QStringLiteral("the check was cancelled"), 0);
        return report;
    });
}

Result<WorkspaceCheckReport> CancellableWorkspaceCheck::run()
{
    try {
        Database db(m_path, Database::Mode::ReadOnly);
        db.exec("PRAGMA busy_timeout = 5000");
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            m_connection = &db;
        }
        Result<WorkspaceCheckReport> report = m_cancel ? Result<WorkspaceCheckReport>(Error{QStringLiteral(
                                                             "cannot check the workspace: the check was cancelled")})
                                                       : checkWorkspace(db, &m_cancel);
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_connection = nullptr;
        return report;
    } catch (const SqlError &e) {
        return Error{QStringLiteral("cannot check the workspace: %1").arg(e.message())};
    }
}

void CancellableWorkspaceCheck::cancel()
{
    m_cancel = true;
    const std::lock_guard<std::mutex> lock(m_mutex);
    // sqlite3_interrupt may be called from any thread while the connection is open.
    if (m_connection)
        sqlite3_interrupt(m_connection->handle());
}

} // namespace mb::db
