// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "db/Database.h"

#include <QString>

#include <memory>

namespace mb::db {

// One workspace file (.mbw): an SQLite database in WAL mode holding projects, framings and,
// later, datasets, runs and artifacts.
//
// A workspace the user may not write (another user's file, a read-only folder or mount, a full
// disk) opens read-only: everything reads, and each write is refused naming why.
//
// Opening inspects the file read-only first and refuses, leaving it byte-for-byte untouched,
// a file that is not SQLite, an SQLite file that is not a workspace, a truncated or corrupt
// workspace, and a workspace from a newer schema. Older schemas are migrated forward.
//
// Thread contract: a Workspace and its Database belong to the thread that opened them.
class Workspace {
public:
    static constexpr const char *kExtension = "mbw";

    // Opens an existing workspace.
    static Result<std::unique_ptr<Workspace>> open(const QString &path);
    // Creates a new workspace; refuses a path where a non-empty file already exists.
    static Result<std::unique_ptr<Workspace>> create(const QString &path);
    // Opens the file if it exists and is not empty, creates it otherwise.
    static Result<std::unique_ptr<Workspace>> openOrCreate(const QString &path);
    ~Workspace();
    Workspace(const Workspace &) = delete;
    Workspace &operator=(const Workspace &) = delete;

    const QString &path() const { return m_db->path(); }
    QString displayName() const;
    Database &database() { return *m_db; }
    int schemaVersion();
    // Why this workspace was opened read-only ("you may not write to 'demo.mbw'"; "the disk holding
    // 'demo.mbw' is full"); empty when it can be written. Everything reads; every write is
    // refused with this reason, and nothing is changed.
    const QString &readOnlyReason() const { return m_db->readOnlyReason(); }
    bool isReadOnly() const { return !readOnlyReason().isEmpty(); }

private:
    explicit Workspace(std::unique_ptr<Database> db);
    static Result<std::unique_ptr<Workspace>> openReadWrite(const QString &path, bool create);
    static Result<std::unique_ptr<Workspace>> openReadOnly(const QString &path, const QString &reason);

    std::unique_ptr<Database> m_db;
};

// Reads the file without changing it and says why it cannot be opened as a workspace; an empty
// Error message means it can. Exposed for tests and for the CLI.
Status inspectWorkspaceFile(const QString &path);

} // namespace mb::db
