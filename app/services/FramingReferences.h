// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"
#include "core/Result.h"

#include <QStringList>

#include <cstdint>

namespace mb::db {
class Database;
}

namespace mb::services {

// The names a framing refers to that nothing in the project can ever resolve, one warning each,
// naming the field, the unknown name and the valid choices, the nearest first:
//  - a target or value column that no dataset version of the project has (not judged while the
//    project has no dataset yet);
//  - a stakeholder requirement's metric that is neither a business metric of the framing nor a
//    latency (latency_p99_ms), or, for a measured name such as test/roc_auc, that none of the
//    project's evaluated runs has (not judged while no run is evaluated).
// A framing with such a name is still valid (validateFraming): the data or the runs may come
// later, so these are warnings, shown when a framing is saved (`framing set`).
// Errors: only the store's. Thread contract: the thread that owns the Database.
Result<QStringList> unresolvedFramingReferences(db::Database &db, std::int64_t projectId, const Framing &framing);

} // namespace mb::services
