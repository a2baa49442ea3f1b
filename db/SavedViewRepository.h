// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>

namespace mb::db {

class Database;

// A saved view of a project's runs table (schema 11): a query (docs/QUERY.md), the columns shown
// by their keys (empty: all of them) and the sort.
struct SavedView {
    std::int64_t id = 0;
    std::int64_t projectId = 0;
    QString name;
    QString query;
    QStringList columns;
    QString sortColumn; // a column key; empty: the table's own order
    bool sortDescending = false;
};

// Saved views per project, named uniquely ignoring case. Saving under a name that exists replaces
// that view. The query is stored as typed: it is checked where it is run, against the runs there
// are then (a metric may be added later). Thread contract: the thread that owns the Database.
class SavedViewRepository {
public:
    explicit SavedViewRepository(Database &db) : m_db(db) {}

    Result<SavedView> save(SavedView view);
    Result<QList<SavedView>> views(std::int64_t projectId); // by name
    // The view by name, ignoring case; the error names the views there are.
    Result<SavedView> find(std::int64_t projectId, const QString &name);
    Status remove(std::int64_t projectId, const QString &name);

private:
    Database &m_db; // not owned
};

} // namespace mb::db
