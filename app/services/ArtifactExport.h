// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "db/ArtifactStore.h"

#include <QString>

#include <cstdint>

namespace mb::db {
class Database;
}

namespace mb::services {

// Writes a run's named artifact (a checkpoint: `best`, `last`, or a logged file's name) to `out`.
// The bytes come from ArtifactStore::read, which hashes them again, and are written with QSaveFile,
// so the file is either the old one or exactly the stored bytes, whose SHA-256 is the artifact's
// address. An unknown name is refused listing the run's artifacts. Returns what was written.
// The window's "Export checkpoint…" and `runs artifact export` both call this.
// Thread contract: the thread that owns `db` (the window calls it on a worker thread with its own
// connection, since a checkpoint can be large).
Result<db::RunArtifact> exportRunArtifact(db::Database &db, std::int64_t runId, const QString &name,
                                          const QString &out);

} // namespace mb::services
