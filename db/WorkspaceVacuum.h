// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <cstdint>

namespace mb::db {

class Database;

struct VacuumOutcome {
    std::int64_t bytesBefore = 0; // the file and its WAL
    std::int64_t bytesAfter = 0;
    std::int64_t droppedArtifacts = 0;
    std::int64_t mergedRuns = 0; // runs whose metric chunks were merged (mergeChunksOfEndedRuns)
};

// Gives the space of deleted work back to the file system: drops stored bytes no run names, merges
// the metric chunks of runs that ended without merging them (mergeChunksOfEndedRuns), runs
// VACUUM (which rebuilds the file without its free pages), then checkpoints the WAL into the file
// and truncates it, because in WAL mode VACUUM's pages land in the -wal file first and the main
// file shrinks only at the checkpoint. Needs every other connection to be idle for its duration;
// a worker writing meanwhile makes it fail with "database is locked", changing nothing.
// Thread contract: the thread that owns the Database.
Result<VacuumOutcome> vacuumWorkspace(Database &db);

// The bytes the workspace takes on disk: the file, its -wal and its -shm.
std::int64_t workspaceBytesOnDisk(const Database &db);

} // namespace mb::db
