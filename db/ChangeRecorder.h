// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>

#include <functional>

struct sqlite3_session;

namespace mb::db {

class Database;

// Records every row the connection changes in the main database while it lives (SQLite's session
// extension: the preupdate hook sees each row, those deleted by ON DELETE CASCADE included), so a
// deletion can say how many bytes it removes and hand back the changes that would undo it. Every
// table must have a declared primary key, or the session does not see it (tst_projectcopycolumns
// checks the live schema). Holds the old rows in memory until it is destroyed.
// Thread contract: the thread that owns the Database; at most one recorder per connection.
class ChangeRecorder {
public:
    explicit ChangeRecorder(Database &db); // throws SqlError when the session cannot start
    ~ChangeRecorder();
    ChangeRecorder(const ChangeRecorder &) = delete;
    ChangeRecorder &operator=(const ChangeRecorder &) = delete;

    // The changes so far as a changeset (SQLite's binary format): its size approximates the bytes
    // of the rows changed.
    QByteArray changeset() const;
    // The changeset that reverses them: deleted rows come back as INSERTs with their own ids.
    static QByteArray inverted(const QByteArray &changeset);

private:
    sqlite3_session *m_session = nullptr; // owned
};

// Applies an inverted changeset inside one write transaction. Any conflict (a row with a deleted
// row's id was stored since, or a reference the rows need is gone) aborts it and nothing is
// applied; the message says so. `beforeCommit` runs in the same transaction once every row is
// back (for what triggers recomputed as the rows came back). Thread contract: the thread that owns
// the Database.
Status applyChangeset(Database &db, const QByteArray &changeset, const std::function<void()> &beforeCommit = {});

} // namespace mb::db
