// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/data/Dataset.h"
#include "core/data/Split.h"
#include "db/DatasetRepository.h"

#include <cstdint>

namespace mb::db {
class Database;
}

namespace mb::services {

// A split as it is stored with a dataset: the rows assigned by the seeded spec, the feature
// encoding fitted on the training rows only (imputation, categories and scaling learn nothing
// from validation or test rows), and the split's warnings. For an import and for a split added later.
Result<db::PendingSplit> prepareSplit(const data::Dataset &dataset, const data::SplitSpec &spec);

// Adds a split to a stored dataset version (the Data page's "Add split…"), so a version imported
// without one, or with the wrong one, need not be imported again. An identical split is returned
// as it is. Errors: the spec does not fit the data (an unknown column, too few rows), or the store's.
// Thread contract: the thread that owns `database`; it reads the whole version.
Result<db::DatasetSplitInfo> addSplit(db::Database &database, std::int64_t versionId, const data::SplitSpec &spec);

} // namespace mb::services
