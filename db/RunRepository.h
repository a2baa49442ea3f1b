// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/LazyJsonObject.h"
#include "core/Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <cstdint>
#include <optional>

namespace mb::db {

class Database;

enum class RunStatus { Queued, Running, Finished, Failed, Cancelled, Diverged, Interrupted };
QString toKey(RunStatus status);
std::optional<RunStatus> runStatusFromKey(const QString &key);
bool isFinal(RunStatus status); // finished, failed, cancelled, diverged or interrupted

// Everything needed to know what a run was and to re-run it: the config and its hash, the data,
// split and framing versions, the build and library versions, the seed and threads, the host,
// and how it went.
struct RunRecord {
    std::int64_t id = 0;
    std::int64_t projectId = 0;
    std::optional<std::int64_t> parentRunId;
    QString name;
    RunStatus status = RunStatus::Queued;
    // The JSON columns are parsed the first time they are read: listing runs costs no parsing a
    // caller does not ask for.
    LazyJsonObject config;
    QString configSha256; // of the canonical config JSON
    std::optional<std::int64_t> datasetVersionId;
    std::optional<std::int64_t> splitId;
    std::optional<std::int64_t> framingVersionId;
    std::int64_t seed = 0;
    int threads = 1;
    QString appVersion;
    QString buildCommit;
    QString libtorchVersion;
    QString host;
    std::optional<std::int64_t> workerPid;
    QString heartbeatAt, queuedAt, startedAt, finishedAt; // ISO 8601, UTC; empty when not yet
    QString errorTail;
    LazyJsonObject summary; // the latest key metrics, written by the worker as it goes
    bool cancelRequested = false;
    // The feature encoding the worker fitted for this run (data::FeatureEncoding JSON); empty for
    // a run not started yet and for runs stored before runs fitted their own (they use the split's).
    LazyJsonObject featureEncoding;
};

// Training runs. A run is created queued; its worker marks it running, beats while it works and
// finishes it with a final status. Runs found running with a stale heartbeat whose worker is gone
// are marked interrupted (services/RunLiveness decides which); a worker that was only stopped for
// a while takes its run back with its next heartbeat, and its final status always wins.
// Thread contract: the thread that owns the Database.
class RunRepository {
public:
    explicit RunRepository(Database &db) : m_db(db) {}

    // Stores a new queued run from `draft`; fills the config hash, build versions and host.
    Result<RunRecord> create(RunRecord draft);
    // The same, stored running from the start: an external run (core/ExternalRun.h), which another
    // tool trains. It is never queued (the window's queue would start it), has no worker and no
    // heartbeat to lose (services::interruptDeadRuns leaves it alone).
    Result<RunRecord> createRunning(RunRecord draft);
    Result<RunRecord> run(std::int64_t runId);
    Result<QList<RunRecord>> runs(std::int64_t projectId); // newest first
    // The project's runs created after `afterRunId`, newest first: what a window polling for runs
    // started elsewhere (the CLI) reads, instead of every run again.
    Result<QList<RunRecord>> runsAfter(std::int64_t projectId, std::int64_t afterRunId);
    // The ids of the workspace's queued runs, oldest first: what the window's queue starts next.
    // Light on purpose: the queue asks every few seconds and must not read every config.
    Result<QList<std::int64_t>> queuedRunIds();

    // Records the worker's pid and this machine as the run's host.
    Status markRunning(std::int64_t runId, std::int64_t workerPid);
    // A sign of life. A run marked interrupted while its worker was stopped or starved (SIGSTOP, a
    // suspended laptop) is running again: the worker is the authority on its run.
    Status heartbeat(std::int64_t runId);
    // Whether finishing a run merges its metric chunks (mergeChunksOfRun) in the same transaction.
    // Merging reads every point of the run: the window's GUI thread, which only records a dead
    // worker's end, keeps them as they are.
    enum class ChunkMerge { Merge, Keep };
    // Sets a final status once, and merges the run's metric chunks with it. A run already final is
    // left as it is, except an interrupted one: that status was a guess made without the worker,
    // and the worker's own end replaces it.
    Status finish(std::int64_t runId, RunStatus status, const QString &errorTail = {},
                  ChunkMerge merge = ChunkMerge::Merge);
    // Running runs whose last sign of life (heartbeat, else start) is older than `staleAfterSeconds`.
    Result<QList<RunRecord>> staleRunningRuns(int staleAfterSeconds);
    // Marks `stale` (as staleRunningRuns read it) interrupted, unless it has beaten or ended since:
    // two processes noticing the same dead worker record it once. True when this call marked it.
    Result<bool> markInterrupted(const RunRecord &stale);

    // Asks for a run to stop: a queued run is cancelled at once, a running one is flagged for its
    // worker, which sees the flag with its next heartbeat; a running external run (core/ExternalRun.h),
    // which has no worker, is cancelled at once. A final run is left as it is.
    Status requestCancel(std::int64_t runId);
    Result<bool> cancelRequested(std::int64_t runId);

    Status updateSummary(std::int64_t runId, const QJsonObject &summary);
    // Records the encoding the run's worker fitted; once: a second call is refused.
    Status setFeatureEncoding(std::int64_t runId, const QJsonObject &encoding);
    Status appendLog(std::int64_t runId, const QString &line);
    // The last `lines` log lines, oldest first.
    Result<QStringList> logTail(std::int64_t runId, int lines);

private:
    Result<RunRecord> insertRun(RunRecord draft, RunStatus status);

    Database &m_db; // not owned
};

} // namespace mb::db
