// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/RunLineage.h"
#include "db/RunRepository.h"

#include <QJsonArray>
#include <QList>

#include <cstdint>

namespace mb::db {
class Database;
}

namespace mb::services {

// A stored run as core/RunLineage reads it: one conversion for the Runs page's Lineage tab and
// `runs lineage`, so both judge "re-run" and "metrics identical" from the same fields.
LineageRun lineageRun(const db::RunRecord &run);

// The family of `runId` among its project's runs (core's runFamily over lineageRun of each).
// Errors: the store's; an unknown run is refused naming it.
Result<QList<LineageEntry>> storedRunFamily(db::Database &db, std::int64_t runId);

// The family as JSON for `runs lineage --json`: one object per run with id, name, parent, kind
// (root, rerun, fork, orphan), depth, the one-line text, and for a re-run `metrics_identical` (null
// until both finished) with the metrics that differ, for a fork its config changes.
QJsonArray lineageJson(const QList<LineageEntry> &family);

} // namespace mb::services
