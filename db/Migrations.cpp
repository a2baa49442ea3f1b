// SPDX-License-Identifier: GPL-3.0-or-later
#include "Migrations.h"

#include "Database.h"

#include <QByteArray>

#include <iterator>

namespace mb::db {
namespace {

// Migration N takes a file from schema N-1 to N. Append new migrations; never edit one that
// has shipped, because files in the field were made by it.
const char *const kMigrations[] = {
    // 1: projects and versioned framings.
    R"sql(
    CREATE TABLE workspace_info (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE projects (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
        description TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL
    );

    -- A project may hold alternative framings of the same problem; each is versioned.
    CREATE TABLE framings (
        id         INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
        created_at TEXT NOT NULL,
        UNIQUE (project_id, name)
    );

    CREATE TABLE framing_versions (
        id             INTEGER PRIMARY KEY,
        framing_id     INTEGER NOT NULL REFERENCES framings(id) ON DELETE CASCADE,
        version        INTEGER NOT NULL CHECK (version >= 1),
        content        TEXT NOT NULL,   -- canonical framing JSON, docs/CLI.md
        content_sha256 TEXT NOT NULL,
        note           TEXT NOT NULL DEFAULT '',
        app_version    TEXT NOT NULL,
        created_at     TEXT NOT NULL,
        UNIQUE (framing_id, version)
    );

    -- A saved version is history: runs will point at it, so it is never rewritten.
    CREATE TRIGGER framing_versions_are_immutable
    BEFORE UPDATE ON framing_versions
    BEGIN
        SELECT RAISE(ABORT, 'framing versions are never changed; save a new version');
    END;
    )sql",
};

} // namespace

int latestSchemaVersion()
{
    return int(std::size(kMigrations));
}

void migrate(Database &db, int fromVersion, int toVersion)
{
    for (int version = fromVersion + 1; version <= toVersion; ++version) {
        Transaction transaction(db);
        db.exec(kMigrations[version - 1]);
        // PRAGMAs take no bound parameters; both values are integers produced here.
        db.exec(QByteArray("PRAGMA application_id = " + QByteArray::number(kWorkspaceApplicationId))
                    .constData());
        db.exec(QByteArray("PRAGMA user_version = " + QByteArray::number(version)).constData());
        transaction.commit();
    }
}

} // namespace mb::db
