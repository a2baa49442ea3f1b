// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/data/FeatureEncoder.h"
#include "db/RunRepository.h"

namespace mb::db {
class Database;
}

namespace mb::services {

// The feature encoding a run's model reads: the one its worker fitted with the run's options
// and stored with the run, or, for a run stored before runs fitted their own, its split's (fitted
// at import with the default options, which is what such a run trained on). The worker encodes
// other dataset versions with it, and the Runs page shows it.
struct RunEncoding {
    data::FeatureEncoding encoding;
    bool fromSplit = false; // the run has no encoding of its own
};
Result<RunEncoding> runFeatureEncoding(db::Database &db, const db::RunRecord &run);

} // namespace mb::services
