// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QSet>

#include <cstdint>

namespace mb::db {

class Database;

// Archived runs: kept whole (metrics, predictions, artifacts, lineage) but hidden from the Runs
// and Compare tables unless asked for. Archiving is instant and reversible, which is why the
// window offers it with an Undo and asks no question; deleting is db/Deletion.
// Thread contract: the thread that owns the Database.
class RunArchive {
public:
    explicit RunArchive(Database &db) : m_db(db) {}

    // Archives (or brings back) the runs; a run already in that state is left as it is. An
    // unknown id is refused and nothing is changed.
    Status archive(const QList<std::int64_t> &runIds);
    Status unarchive(const QList<std::int64_t> &runIds);
    Result<bool> isArchived(std::int64_t runId);
    Result<QSet<std::int64_t>> archivedRunIds(std::int64_t projectId);

private:
    Status setArchived(const QList<std::int64_t> &runIds, bool archived);

    Database &m_db; // not owned
};

} // namespace mb::db
