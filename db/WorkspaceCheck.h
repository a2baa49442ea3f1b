// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QStringList>

#include <atomic>

namespace mb::db {

class Database;

struct WorkspaceCheckReport {
    QStringList checked;  // what was checked and found sound, one line each
    QStringList problems; // what is wrong, one line each; empty when the workspace is sound
    QStringList notices;  // worth knowing, not damage (such as stored bytes no run names)
    bool sound() const { return problems.isEmpty(); }
};

// The full check, on demand: SQLite's own `PRAGMA integrity_check` (every page, index and
// constraint, not the quick check run at every open) and `PRAGMA foreign_key_check`, then the
// store's own rules: every dataset version's values agree with its record
// (DatasetRepository::checkStoredValues) and every artifact's bytes hash to their address.
// Reads every byte of the file, so it takes as long as reading the file; `cancel` is polled
// between items. An Error only when the check itself could not run.
// Thread contract: the thread that owns `db`.
Result<WorkspaceCheckReport> checkWorkspace(Database &db, const std::atomic<bool> *cancel = nullptr);

} // namespace mb::db
