// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "db/EvaluationRepository.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace mb::db {
class Database;
}

namespace mb::services {

// Stored per-item predictions as a CSV file (RFC 4180): one header line of column names (row, id,
// label:<t>, score:<t>, ...) in the stored order, then one line per item. A whole number (a row,
// an id, a class, a 0/1 label) is written as an integer; any other number in its shortest form
// that reads back as the same double; a missing value (NaN) as an empty field. Lines end in CRLF,
// as RFC 4180 says. The file is replaced atomically (QSaveFile): it is either the old file or the
// whole new one, never a partial write.
Status writePredictionsCsv(const QString &path, const std::vector<db::PredictionColumn> &columns);

// Loads every prediction column of an evaluation, in the stored order.
Result<std::vector<db::PredictionColumn>> loadPredictionColumns(db::Database &db, std::int64_t evaluationId);

} // namespace mb::services
