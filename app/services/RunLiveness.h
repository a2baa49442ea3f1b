// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "db/RunRepository.h"

namespace mb::db {
class Database;
}

namespace mb::services {

// Which "running" runs have lost their worker. A worker beats every ~2 s (worker/Heartbeat); a run
// whose last beat is older than kStaleHeartbeatSeconds is a suspect, and it is declared
// interrupted only when its worker is known to be gone: on this machine, no live MetricBridge
// process has its pid. A worker that is alive but silent (stopped with SIGSTOP, a suspended
// laptop, a store locked for a minute) keeps its run, and takes it back with its next heartbeat
// even if another machine's process declared it interrupted (db::RunRepository).
// Thread contract: the Database's thread; workerIsGone is reentrant.

inline constexpr int kStaleHeartbeatSeconds = 30;

// True when `run`'s worker certainly no longer runs: it ran on this machine, and its pid is no
// process, a zombie, or another program (a reused pid). False when it may be alive, or when it ran
// on another machine, whose processes cannot be seen from here: there, the stale heartbeat alone
// decides, since nothing better is known.
bool workerIsGone(const db::RunRecord &run);

// The running runs of the workspace whose heartbeat is older than `staleAfterSeconds` and whose
// worker is gone (workerIsGone, or it ran elsewhere); external runs are never among them. Reads
// only: a reader that may not write (a read-only workspace) shows these as interrupted.
Result<QList<db::RunRecord>> deadRuns(db::Database &db, int staleAfterSeconds = kStaleHeartbeatSeconds);

// Marks interrupted every running run of the workspace whose heartbeat is older than
// `staleAfterSeconds` and whose worker is gone (workerIsGone, or it ran elsewhere). Every command
// that shows runs calls it first, so a killed worker's run reads as interrupted for every user,
// not only the window's. An external run (core/ExternalRun.h), which another tool trains, is left
// alone. Returns how many runs this call marked.
Result<int> interruptDeadRuns(db::Database &db, int staleAfterSeconds = kStaleHeartbeatSeconds);

} // namespace mb::services
