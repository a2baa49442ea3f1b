// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>

#include <atomic>
#include <cstdint>
#include <functional>

namespace mb::db {

class Database;

struct BackupOutcome {
    std::int64_t pages = 0;
    std::int64_t bytes = 0; // the copy's size on disk
};

// A consistent copy of a live workspace with SQLite's online backup API, while workers keep
// writing. The copy is taken in steps of a few hundred pages inside one read transaction on
// `source`: in WAL mode a reader never blocks a writer, and the held snapshot keeps the backup
// from restarting each time a worker commits (which, with a worker committing every half second,
// it otherwise might never finish). The copy is written to `out`.part, checked with
// `PRAGMA quick_check`, and only then renamed to `out`, so a failed or cancelled backup leaves no
// file that looks like a workspace. An existing `out` is refused, never overwritten.
// `progress(remaining, total)` is called after each step; `cancel` is polled between steps.
// Thread contract: the thread that owns `source`.
Result<BackupOutcome> backupWorkspace(Database &source, const QString &out,
                                      const std::function<void(int, int)> &progress = {},
                                      const std::atomic<bool> *cancel = nullptr);

} // namespace mb::db
