// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/ProjectTransfer.h"

#include "app/services/AbandonedImports.h"
#include "db/Database.h"
#include "db/Migrations.h"
#include "db/Workspace.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <memory>

namespace mb::services {
namespace {

void removeWithSidecars(const QString &path)
{
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(path + suffix);
}

bool samePath(const QString &a, const QString &b)
{
    return QFileInfo(a).canonicalFilePath() == QFileInfo(b).canonicalFilePath();
}

// The schema version of a workspace file, read without changing a byte of it.
Result<int> schemaOf(const QString &file)
{
    try {
        db::Database database(file, db::Database::Mode::ReadOnlyImmutable);
        return int(database.queryInt("PRAGMA user_version"));
    } catch (const db::SqlError &e) {
        return Error{QStringLiteral("cannot read %1: %2").arg(file, e.message())};
    }
}

} // namespace

Result<db::ProjectCopyOutcome> exportProject(db::Database &source, std::int64_t projectId,
                                             const QList<std::int64_t> &runIds, const QString &out)
{
    if (out.isEmpty())
        return Error{QStringLiteral("no file to export to")};
    if (QFileInfo::exists(out))
        return Error{QStringLiteral("%1 already exists; export into a new file").arg(out)};
    const QString part = out + QStringLiteral(".part");
    removeWithSidecars(part);
    Result<db::ProjectCopyOutcome> copied = Error{QString()};
    {
        Result<std::unique_ptr<db::Workspace>> created = db::Workspace::create(part);
        if (!created)
            return Error{created.error()};
        // A new file filled by one transaction: in WAL mode every page would be written twice (to
        // the -wal, then at the checkpoint), while a rollback journal holds only pages that existed
        // before, of which a new file has almost none. The file is a workspace like any other once
        // opened again (Workspace::open switches it back to WAL).
        (void)(*created)->database().queryText("PRAGMA journal_mode = DELETE");
        copied = db::copyProject((*created)->database(), source.path(), projectId, runIds);
    } // closed: its -wal and -shm are gone
    if (!copied) {
        removeWithSidecars(part);
        return copied;
    }
    if (!QFile::rename(part, out)) {
        removeWithSidecars(part);
        return Error{QStringLiteral("cannot write %1").arg(out)};
    }
    return copied;
}

Result<QList<db::ProjectCopyOutcome>> importWorkspaceFile(db::Database &destination, const QString &file)
{
    if (!QFileInfo(file).isFile())
        return Error{QStringLiteral("%1 does not exist").arg(file)};
    if (samePath(file, destination.path()))
        return Error{QStringLiteral("%1 is this workspace itself").arg(file)};
    if (const Status readable = db::inspectWorkspaceFile(file); !readable)
        return Error{readable.error()};
    const Result<int> schema = schemaOf(file);
    if (!schema)
        return Error{schema.error()};
    // An older file is migrated in a copy: importing must not change the file it reads.
    QTemporaryDir scratch;
    QString readable = file;
    if (*schema < db::latestSchemaVersion()) {
        if (!scratch.isValid())
            return Error{QStringLiteral("cannot make a temporary folder to migrate %1").arg(file)};
        readable = scratch.filePath(QStringLiteral("import.mbw"));
        if (!QFile::copy(file, readable))
            return Error{QStringLiteral("cannot copy %1 to migrate it").arg(file)};
        QFile::setPermissions(readable, QFile::permissions(readable) | QFileDevice::WriteOwner);
        const Result<std::unique_ptr<db::Workspace>> migrated = db::Workspace::open(readable);
        if (!migrated)
            return Error{migrated.error()};
    }
    const Result<QList<std::pair<std::int64_t, QString>>> projects = db::projectsOfFile(destination, readable);
    if (!projects)
        return Error{projects.error()};
    if (projects->isEmpty())
        return Error{QStringLiteral("%1 holds no project").arg(file)};
    // An import killed mid-way may have staged the very data the file brings; its leftovers go
    // first, as before a dataset import. Only a live import's staged data is refused (copyProject).
    (void)discardAbandonedImports(destination);
    // One transaction per project (db::copyProject): a file of several projects that fails on the
    // second keeps the first imported, and the message names the one that failed.
    QList<db::ProjectCopyOutcome> outcomes;
    for (const auto &project : *projects) {
        Result<db::ProjectCopyOutcome> copied = db::copyProject(destination, readable, project.first);
        if (!copied)
            return Error{QStringLiteral("project '%1': %2").arg(project.second, copied.error())};
        outcomes << std::move(copied).value();
    }
    return outcomes;
}

} // namespace mb::services
