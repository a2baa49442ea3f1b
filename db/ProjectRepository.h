// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QList>
#include <QString>

#include <cstdint>
#include <optional>

namespace mb::db {

class Database;

struct Project {
    std::int64_t id = 0;
    QString name;
    QString description;
    QString createdAt; // ISO 8601, UTC
};

// Projects of one workspace. Creating a project also creates its first framing, "main",
// which has no version until the framing is saved.
// Thread contract: the thread that owns the Database.
class ProjectRepository {
public:
    explicit ProjectRepository(Database &db) : m_db(db) {}

    Result<Project> create(const QString &name, const QString &description = {});
    Result<QList<Project>> list();
    // Finds by name (case-insensitive) or, when `nameOrId` is a number, by id.
    Result<Project> find(const QString &nameOrId);

private:
    Database &m_db; // not owned
};

} // namespace mb::db
