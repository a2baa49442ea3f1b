// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/RunRepository.h"

#include "core/BuildInfo.h"
#include "core/Sha256.h"
#include "core/EnumKeys.h"
#include "core/ExternalRun.h"
#include "db/Database.h"
#include "db/Guard.h"
#include "db/MetricSeriesStore.h"
#include "db/Timestamp.h"

#include <QJsonDocument>
#include <QSysInfo>

namespace mb::db {
namespace {

constexpr KeyTable<RunStatus, 7> kStatuses{{{RunStatus::Queued, "queued"},
                                            {RunStatus::Running, "running"},
                                            {RunStatus::Finished, "finished"},
                                            {RunStatus::Failed, "failed"},
                                            {RunStatus::Cancelled, "cancelled"},
                                            {RunStatus::Diverged, "diverged"},
                                            {RunStatus::Interrupted, "interrupted"}}};

constexpr const char *kColumns =
    "SELECT id, project_id, parent_run_id, name, status, config, config_sha256, dataset_version_id, split_id, "
    "framing_version_id, seed, threads, app_version, build_commit, libtorch_version, host, worker_pid, "
    "heartbeat_at, queued_at, started_at, finished_at, error_tail, summary, cancel_requested, "
    "feature_encoding FROM runs ";

std::optional<std::int64_t> optionalInt(const Statement &row, int column)
{
    return row.columnIsNull(column) ? std::nullopt : std::optional(row.columnInt(column));
}

RunRecord readRun(const Statement &row)
{
    RunRecord r;
    r.id = row.columnInt(0);
    r.projectId = row.columnInt(1);
    r.parentRunId = optionalInt(row, 2);
    r.name = row.columnText(3);
    r.status = runStatusFromKey(row.columnText(4)).value_or(RunStatus::Failed);
    r.config = LazyJsonObject::fromText(row.columnBlob(5));
    r.configSha256 = row.columnText(6);
    r.datasetVersionId = optionalInt(row, 7);
    r.splitId = optionalInt(row, 8);
    r.framingVersionId = optionalInt(row, 9);
    r.seed = row.columnInt(10);
    r.threads = int(row.columnInt(11));
    r.appVersion = row.columnText(12);
    r.buildCommit = row.columnText(13);
    r.libtorchVersion = row.columnText(14);
    r.host = row.columnText(15);
    r.workerPid = optionalInt(row, 16);
    r.heartbeatAt = row.columnText(17);
    r.queuedAt = row.columnText(18);
    r.startedAt = row.columnText(19);
    r.finishedAt = row.columnText(20);
    r.errorTail = row.columnText(21);
    r.summary = LazyJsonObject::fromText(row.columnBlob(22));
    r.cancelRequested = row.columnInt(23) != 0;
    if (!row.columnIsNull(24))
        r.featureEncoding = LazyJsonObject::fromText(row.columnBlob(24));
    return r;
}

void bindOptional(Statement &statement, int index, const std::optional<std::int64_t> &value)
{
    if (value)
        statement.bind(index, *value);
    else
        statement.bindNull(index);
}

// One JSON column of a run, written compact; `update` binds the run as ?1 and the JSON as ?2.
Status writeJson(Database &db, const char *update, std::int64_t runId, const QJsonObject &json, const QString &what)
{
    return guarded(what, [&] {
        db.prepare(update)
            .bind(1, runId)
            .bind(2, QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)))
            .run();
        return Done{};
    });
}

} // namespace

QString toKey(RunStatus status)
{
    return keyOf(kStatuses, status);
}

std::optional<RunStatus> runStatusFromKey(const QString &key)
{
    return valueOf(kStatuses, key);
}

bool isFinal(RunStatus status)
{
    return status != RunStatus::Queued && status != RunStatus::Running;
}

Result<RunRecord> RunRepository::create(RunRecord draft)
{
    return insertRun(std::move(draft), RunStatus::Queued);
}

Result<RunRecord> RunRepository::createRunning(RunRecord draft)
{
    return insertRun(std::move(draft), RunStatus::Running);
}

Result<RunRecord> RunRepository::insertRun(RunRecord draft, RunStatus status)
{
    const QByteArray canonical = QJsonDocument(draft.config.object()).toJson(QJsonDocument::Compact);
    draft.configSha256 = mb::sha256Hex(canonical);
    draft.status = status;
    draft.appVersion = applicationVersion();
    draft.buildCommit = buildCommit();
    draft.host = QSysInfo::machineHostName();
    draft.queuedAt = utcTimestamp();
    if (status == RunStatus::Running)
        draft.startedAt = draft.queuedAt;
    Result<std::int64_t> id = guarded(QStringLiteral("cannot create the run"), [&] {
        Transaction transaction(m_db);
        Statement insert = m_db.prepare(
            "INSERT INTO runs(project_id, parent_run_id, name, status, config, config_sha256, dataset_version_id, "
            "split_id, framing_version_id, seed, threads, app_version, build_commit, libtorch_version, host, "
            "queued_at, started_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
        insert.bind(1, draft.projectId);
        bindOptional(insert, 2, draft.parentRunId);
        insert.bind(3, draft.name)
            .bind(4, toKey(draft.status))
            .bind(5, QString::fromUtf8(canonical))
            .bind(6, draft.configSha256);
        bindOptional(insert, 7, draft.datasetVersionId);
        bindOptional(insert, 8, draft.splitId);
        bindOptional(insert, 9, draft.framingVersionId);
        insert.bind(10, draft.seed)
            .bind(11, draft.threads)
            .bind(12, draft.appVersion)
            .bind(13, draft.buildCommit)
            .bind(14, draft.libtorchVersion)
            .bind(15, draft.host)
            .bind(16, draft.queuedAt);
        if (draft.startedAt.isEmpty())
            insert.bindNull(17);
        else
            insert.bind(17, draft.startedAt);
        insert.run();
        const std::int64_t newId = m_db.lastInsertId();
        transaction.commit();
        return newId;
    });
    if (!id)
        return Error{id.error()};
    draft.id = *id;
    return draft;
}

Result<RunRecord> RunRepository::run(std::int64_t runId)
{
    Result<std::optional<RunRecord>> found = guarded(QStringLiteral("cannot read run %1").arg(runId), [&] {
        Statement query = m_db.prepare(QByteArray(QByteArray(kColumns) + "WHERE id = ?1").constData());
        query.bind(1, runId);
        return query.step() ? std::optional(readRun(query)) : std::nullopt;
    });
    if (!found)
        return Error{found.error()};
    if (!found->has_value())
        return Error{QStringLiteral("run %1 does not exist").arg(runId)};
    return found->value();
}

Result<QList<RunRecord>> RunRepository::runs(std::int64_t projectId)
{
    return guarded(QStringLiteral("cannot list runs"), [&] {
        QList<RunRecord> result;
        Statement query =
            m_db.prepare(QByteArray(QByteArray(kColumns) + "WHERE project_id = ?1 ORDER BY id DESC").constData());
        query.bind(1, projectId);
        while (query.step())
            result << readRun(query);
        return result;
    });
}

Result<QList<RunRecord>> RunRepository::runsAfter(std::int64_t projectId, std::int64_t afterRunId)
{
    return guarded(QStringLiteral("cannot list runs"), [&] {
        QList<RunRecord> result;
        Statement query = m_db.prepare(
            QByteArray(QByteArray(kColumns) + "WHERE project_id = ?1 AND id > ?2 ORDER BY id DESC").constData());
        query.bind(1, projectId).bind(2, afterRunId);
        while (query.step())
            result << readRun(query);
        return result;
    });
}

Result<QList<std::int64_t>> RunRepository::queuedRunIds()
{
    return guarded(QStringLiteral("cannot list queued runs"), [&] {
        QList<std::int64_t> ids;
        Statement query = m_db.prepare("SELECT id FROM runs WHERE status = 'queued' ORDER BY id");
        while (query.step())
            ids << query.columnInt(0);
        return ids;
    });
}

Status RunRepository::markRunning(std::int64_t runId, std::int64_t workerPid)
{
    return guarded(QStringLiteral("cannot start run %1").arg(runId), [&] {
        const QString time = utcTimestamp();
        m_db.prepare("UPDATE runs SET status = 'running', worker_pid = ?2, started_at = ?3, heartbeat_at = ?3, "
                     "host = ?4 WHERE id = ?1 AND status = 'queued'")
            .bind(1, runId)
            .bind(2, workerPid)
            .bind(3, time)
            .bind(4, QSysInfo::machineHostName())
            .run();
        if (m_db.changes() == 0)
            throw SqlError(QStringLiteral("the run is not queued"), 0);
        return Done{};
    });
}

Status RunRepository::heartbeat(std::int64_t runId)
{
    return guarded(QStringLiteral("cannot record the heartbeat"), [&] {
        m_db.prepare("UPDATE runs SET heartbeat_at = ?2, "
                     "finished_at = CASE status WHEN 'interrupted' THEN NULL ELSE finished_at END, "
                     "error_tail = CASE status WHEN 'interrupted' THEN '' ELSE error_tail END, "
                     "status = 'running' WHERE id = ?1 AND status IN ('running', 'interrupted')")
            .bind(1, runId)
            .bind(2, utcTimestamp())
            .run();
        return Done{};
    });
}

Status RunRepository::finish(std::int64_t runId, RunStatus status, const QString &errorTail, ChunkMerge merge)
{
    if (!isFinal(status))
        return Error{QStringLiteral("'%1' is not a final status").arg(toKey(status))};
    return guarded(QStringLiteral("cannot finish run %1").arg(runId), [&] {
        Transaction transaction(m_db);
        m_db.prepare("UPDATE runs SET status = ?2, finished_at = ?3, error_tail = ?4 "
                     "WHERE id = ?1 AND status IN ('queued', 'running', 'interrupted')")
            .bind(1, runId)
            .bind(2, toKey(status))
            .bind(3, utcTimestamp())
            .bind(4, errorTail)
            .run();
        // A run's series stop growing when it ends: merged then, they read in a few large chunks.
        if (m_db.changes() == 1 && merge == ChunkMerge::Merge)
            mergeChunksOfRun(m_db, runId, MetricSeriesWriter::kDefaultChunkPoints);
        transaction.commit();
        return Done{};
    });
}

Result<QList<RunRecord>> RunRepository::staleRunningRuns(int staleAfterSeconds)
{
    return guarded(QStringLiteral("cannot check for interrupted runs"), [&] {
        // ISO 8601 UTC timestamps of one format compare correctly as text.
        Statement query = m_db.prepare(
            QByteArray(QByteArray(kColumns) +
                       "WHERE status = 'running' AND COALESCE(heartbeat_at, started_at, queued_at) < ?1 ORDER BY id")
                .constData());
        query.bind(1, utcTimestamp(-staleAfterSeconds));
        QList<RunRecord> stale;
        while (query.step())
            stale << readRun(query);
        return stale;
    });
}

Result<bool> RunRepository::markInterrupted(const RunRecord &stale)
{
    return guarded(QStringLiteral("cannot mark run %1 interrupted").arg(stale.id), [&] {
        const QString lastSign = stale.heartbeatAt.isEmpty() ? stale.startedAt : stale.heartbeatAt;
        m_db.prepare("UPDATE runs SET status = 'interrupted', finished_at = ?2, "
                     "error_tail = 'the worker stopped without finishing the run (no heartbeat since ' || ?3 || ')' "
                     "WHERE id = ?1 AND status = 'running' AND COALESCE(heartbeat_at, started_at, queued_at) = ?3")
            .bind(1, stale.id)
            .bind(2, utcTimestamp())
            .bind(3, lastSign.isEmpty() ? stale.queuedAt : lastSign)
            .run();
        return m_db.changes() == 1;
    });
}

Status RunRepository::requestCancel(std::int64_t runId)
{
    return guarded(QStringLiteral("cannot cancel run %1").arg(runId), [&] {
        Transaction transaction(m_db);
        // At once when no worker would see the flag: a queued run, or a running external run (another
        // tool trains it; its next log is refused).
        m_db.prepare("UPDATE runs SET status = 'cancelled', finished_at = ?2 WHERE id = ?1 AND (status = 'queued' "
                     "OR (status = 'running' AND json_extract(config, '$.model.kind') = ?3))")
            .bind(1, runId)
            .bind(2, utcTimestamp())
            .bind(3, externalModelKind())
            .run();
        m_db.prepare("UPDATE runs SET cancel_requested = 1 WHERE id = ?1 AND status = 'running'").bind(1, runId).run();
        transaction.commit();
        return Done{};
    });
}

Result<bool> RunRepository::cancelRequested(std::int64_t runId)
{
    return guarded(QStringLiteral("cannot read run %1").arg(runId), [&] {
        Statement query = m_db.prepare("SELECT cancel_requested FROM runs WHERE id = ?1");
        query.bind(1, runId);
        return query.step() && query.columnInt(0) != 0;
    });
}

Status RunRepository::updateSummary(std::int64_t runId, const QJsonObject &summary)
{
    return writeJson(m_db, "UPDATE runs SET summary = ?2 WHERE id = ?1", runId, summary,
                     QStringLiteral("cannot record the summary of run %1").arg(runId));
}

Status RunRepository::setFeatureEncoding(std::int64_t runId, const QJsonObject &encoding)
{
    return writeJson(m_db, "UPDATE runs SET feature_encoding = ?2 WHERE id = ?1", runId, encoding,
                     QStringLiteral("cannot record the feature encoding of run %1").arg(runId));
}

Status RunRepository::appendLog(std::int64_t runId, const QString &line)
{
    return guarded(QStringLiteral("cannot write the log of run %1").arg(runId), [&] {
        m_db.prepare("INSERT INTO run_log(run_id, at, line) VALUES (?1, ?2, ?3)")
            .bind(1, runId)
            .bind(2, utcTimestamp())
            .bind(3, line)
            .run();
        return Done{};
    });
}

Result<QStringList> RunRepository::logTail(std::int64_t runId, int lines)
{
    return guarded(QStringLiteral("cannot read the log of run %1").arg(runId), [&] {
        QStringList tail;
        Statement query = m_db.prepare("SELECT line FROM run_log WHERE run_id = ?1 ORDER BY id DESC LIMIT ?2");
        query.bind(1, runId).bind(2, lines);
        while (query.step())
            tail.prepend(query.columnText(0));
        return tail;
    });
}

} // namespace mb::db
