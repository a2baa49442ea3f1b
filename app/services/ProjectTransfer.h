// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "db/ProjectCopy.h"

#include <QList>
#include <QString>

#include <cstdint>

namespace mb::db {
class Database;
}

namespace mb::services {

// Moving work between workspaces (`project export`, `project import`): a project, or chosen runs
// of it, with everything they need to be judged elsewhere, copied by db::copyProject's matching
// rules so nothing is stored twice.
// Thread contract: the thread that owns the Database passed in.

// Writes a new workspace file `out` holding the project (or the chosen runs of it), its framings,
// the dataset versions and splits the runs use, the runs with their series, evaluations and
// predictions, operating points, artifacts, tags, notes and stars, the policies whose two runs are
// among them, and the project's saved views. The
// file is built as `out`.part and renamed when complete; an existing `out` is refused.
Result<db::ProjectCopyOutcome> exportProject(db::Database &source, std::int64_t projectId,
                                             const QList<std::int64_t> &runIds, const QString &out);

// Merges every project of the workspace file `file` into `destination`. The file is never
// written: one from an older schema is migrated in a temporary copy first; a newer one, a foreign
// file or the destination itself is refused. Each project is copied in one transaction: all of it
// or none of it.
Result<QList<db::ProjectCopyOutcome>> importWorkspaceFile(db::Database &destination, const QString &file);

} // namespace mb::services
