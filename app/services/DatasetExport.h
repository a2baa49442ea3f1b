// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/data/Split.h"

#include <QString>

#include <cstdint>
#include <optional>

namespace mb::db {
class Database;
}

namespace mb::services {

struct DatasetExportOutcome {
    std::int64_t splitId = 0;
    std::int64_t rows = 0;
};

// Writes the rows of one part of a split of a dataset version as CSV (`dataset export`), so that a
// tool outside the app trains and predicts on exactly the app's rows: `row` (the row counted from
// 1, data::rowNumberShown: what `log predictions` reads back), `id` when the version has an id
// column not already called so, then every column of the version in its order. Values as the Data
// page shows them (categories as text, dates in ISO 8601, numbers that read back as the same
// double); a target as the number predictions speak in (a class's number, its category's index;
// 0 or 1); a missing value as an empty field. Every row of the part is written, those with a
// missing target too. `split`: absent picks the version's only split (a version with several
// is refused, listing them). RFC 4180, CRLF; the file is replaced atomically (QSaveFile).
// Thread contract: the thread that owns the Database.
Result<DatasetExportOutcome> exportDatasetPart(db::Database &db, std::int64_t datasetVersion,
                                               std::optional<std::int64_t> split, data::SplitPart part,
                                               const QString &path);

} // namespace mb::services
