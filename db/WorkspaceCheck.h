// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QStringList>

#include <atomic>
#include <mutex>
#include <utility>

namespace mb::db {

class Database;

struct WorkspaceCheckReport {
    QStringList checked;  // what was checked and found sound, one line each
    QStringList problems; // what is wrong, one line each; empty when the workspace is sound
    QStringList notices;  // worth knowing, not damage (such as stored bytes no run names)
    bool sound() const { return problems.isEmpty(); }
};

// The full check, on demand: SQLite's own `PRAGMA integrity_check` (every page, index and
// constraint; an open reads only the pages it needs, see Workspace) and `PRAGMA foreign_key_check`,
// then the store's own rules: every dataset version's values agree with its record
// (DatasetRepository::checkStoredValues) and every artifact's bytes hash to their address.
// Reads every byte of the file, so it takes as long as reading the file; `cancel` is polled
// between items. Damaged pages are the whole answer: the store's rules are then left unchecked
// (a notice says so), since every statement that met the damage would fail. An Error only when
// the check itself could not run.
// Thread contract: the thread that owns `db`.
Result<WorkspaceCheckReport> checkWorkspace(Database &db, const std::atomic<bool> *cancel = nullptr);

// checkWorkspace on a read-only connection of its own to the file at `path`, for a thread beside
// the one that uses the workspace (the window's check after an unclean close). A check of a large
// file takes minutes, so cancel() stops it at once, inside SQLite's page check too.
// Thread contract: run() on the checking thread, once; cancel() from any thread, any time.
class CancellableWorkspaceCheck {
public:
    explicit CancellableWorkspaceCheck(QString path) : m_path(std::move(path)) {}
    Result<WorkspaceCheckReport> run();
    void cancel();

private:
    QString m_path;
    std::atomic<bool> m_cancel{false};
    std::mutex m_mutex;               // guards m_connection
    Database *m_connection = nullptr; // run()'s, while it runs
};

} // namespace mb::db
