// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/WorkspaceBackup.h"

#include "db/Database.h"

#include <QFile>
#include <QFileInfo>

#include <sqlite3.h>

#include <memory>

namespace mb::db {
namespace {

// Pages copied per step: 256 pages of 4 KiB are 1 MiB, a few milliseconds of work between the
// points where a cancel is seen and progress is reported.
constexpr int kPagesPerStep = 256;
// How long to wait when the destination or source is momentarily locked, before trying again.
constexpr int kBusyRetryMs = 10;

struct BackupDeleter {
    void operator()(sqlite3_backup *backup) const { sqlite3_backup_finish(backup); }
};

// Holds a read transaction on the source for the whole copy; ended on every path out.
class ReadSnapshot {
public:
    explicit ReadSnapshot(Database &db) : m_db(db)
    {
        m_db.exec("BEGIN DEFERRED");
        // A deferred transaction reads (and so fixes its snapshot) only at its first read.
        m_db.queryInt("SELECT count(*) FROM sqlite_schema");
    }
    ~ReadSnapshot()
    {
        try {
            m_db.exec("COMMIT");
        } catch (const SqlError &) {
            // A read transaction has nothing to lose; the connection ends it when it closes.
        }
    }
    ReadSnapshot(const ReadSnapshot &) = delete;
    ReadSnapshot &operator=(const ReadSnapshot &) = delete;

private:
    Database &m_db;
};

Result<BackupOutcome> copyPages(Database &source, const QString &partPath,
                                const std::function<void(int, int)> &progress, const std::atomic<bool> *cancel)
{
    try {
        Database destination(partPath, Database::Mode::ReadWriteCreate);
        ReadSnapshot snapshot(source);
        std::unique_ptr<sqlite3_backup, BackupDeleter> backup(
            sqlite3_backup_init(destination.handle(), "main", source.handle(), "main"));
        if (!backup)
            return Error{QStringLiteral("cannot start the backup: %1")
                             .arg(QString::fromUtf8(sqlite3_errmsg(destination.handle())))};
        int rc = SQLITE_OK;
        while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            if (cancel && cancel->load())
                return Error{QStringLiteral("the backup was cancelled")};
            rc = sqlite3_backup_step(backup.get(), kPagesPerStep);
            if (progress)
                progress(sqlite3_backup_remaining(backup.get()), sqlite3_backup_pagecount(backup.get()));
            if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                sqlite3_sleep(kBusyRetryMs);
        }
        BackupOutcome outcome;
        outcome.pages = sqlite3_backup_pagecount(backup.get());
        const int finished = sqlite3_backup_finish(backup.release());
        if (rc != SQLITE_DONE || finished != SQLITE_OK)
            return Error{QStringLiteral("the backup failed: %1")
                             .arg(QString::fromUtf8(sqlite3_errstr(rc != SQLITE_DONE ? rc : finished)))};
        // The copy carries the source's WAL flag; fold any WAL content into the file itself so
        // the backup is one self-contained file.
        destination.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        const QString verdict = destination.queryText("PRAGMA quick_check");
        if (verdict != QLatin1String("ok"))
            return Error{QStringLiteral("the copy failed its check: %1").arg(verdict)};
        return outcome;
    } catch (const SqlError &e) {
        return Error{QStringLiteral("the backup failed: %1").arg(e.message())};
    }
}

void removeWithSidecars(const QString &path)
{
    QFile::remove(path);
    QFile::remove(path + QStringLiteral("-wal"));
    QFile::remove(path + QStringLiteral("-shm"));
}

} // namespace

Result<BackupOutcome> backupWorkspace(Database &source, const QString &out,
                                      const std::function<void(int, int)> &progress, const std::atomic<bool> *cancel)
{
    if (out.isEmpty())
        return Error{QStringLiteral("no file to write the backup to")};
    if (QFileInfo::exists(out))
        return Error{QStringLiteral("%1 already exists; choose a new file for the backup").arg(out)};
    if (QFileInfo(out).absoluteFilePath() == QFileInfo(source.path()).absoluteFilePath())
        return Error{QStringLiteral("the backup cannot replace the workspace itself")};
    if (!QFileInfo(QFileInfo(out).absolutePath()).isDir())
        return Error{QStringLiteral("the folder of %1 does not exist").arg(out)};
    const QString part = out + QStringLiteral(".part");
    removeWithSidecars(part);
    Result<BackupOutcome> copied = copyPages(source, part, progress, cancel);
    if (copied) {
        // The destination connection is closed by now, so its -wal and -shm are gone.
        QFile::remove(part + QStringLiteral("-shm"));
        if (!QFile::rename(part, out)) {
            removeWithSidecars(part);
            return Error{QStringLiteral("cannot write %1").arg(out)};
        }
        BackupOutcome outcome = *copied;
        outcome.bytes = QFileInfo(out).size();
        return outcome;
    }
    removeWithSidecars(part);
    return copied;
}

} // namespace mb::db
