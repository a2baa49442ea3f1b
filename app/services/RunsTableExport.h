// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>

#include <cstdint>

namespace mb::db {
class Database;
}

namespace mb::services {

enum class RunsTableFormat { Csv, Json };

// The runs table of a project written to a file for other tools (`runs export`): one row per run
// with its record (id, name, status, archived, parent, dataset version, split, framing version,
// seed, config hash, times), the ML metrics of the evaluation it is judged by (every numeric key,
// as stored: test/roc_auc, ...) and the business metrics of the project's current framing
// (computeProjectRunMetrics, the numbers the Compare page shows). CSV through services::CsvFile
// (RFC 4180; a run without a value leaves its cell empty); JSON as an array of objects with
// `ml_metrics` and `business_metrics` objects. Archived runs are included and marked. Returns the
// number of runs written. Thread contract: the thread that owns `db`.
Result<int> exportRunsTable(db::Database &db, std::int64_t projectId, RunsTableFormat format, const QString &out);

} // namespace mb::services
