// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

namespace mb::db {
class Database;
}

namespace mb::services {

// Discards the staged dataset versions whose import died mid-way (a killed `dataset import`, a
// window closed by a crash): their importer ran on this machine and is gone (processIsGone). An
// import still running, in this process or another, keeps its staged version; so does one from
// another machine, whose processes cannot be seen. Never shown anyway (every reader skips staged
// versions), they only take space, and the identity of the file they were importing. The next
// import calls this first, and so do `project import` and `workspace vacuum`. Returns how many were discarded.
// Thread contract: the Database's thread.
Result<int> discardAbandonedImports(db::Database &db);

} // namespace mb::services
