// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace mb::db {

class Database;

// PRAGMA application_id of every workspace ("MBWS"): tells a workspace from any other SQLite file.
constexpr int kWorkspaceApplicationId = 0x4D425753;

// The schema version this build writes; PRAGMA user_version holds a file's version.
int latestSchemaVersion();

// Applies the migrations after `fromVersion` up to `toVersion` in order, all in one transaction,
// so that a failure leaves the file as it was. Those another process applied since the caller read
// `fromVersion` are skipped. Throws SqlError on failure.
void migrate(Database &db, int fromVersion, int toVersion);

} // namespace mb::db
