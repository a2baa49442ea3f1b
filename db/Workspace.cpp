// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/Workspace.h"

#include "core/BuildInfo.h"
#include "db/Migrations.h"
#include "db/Timestamp.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QPair>
#include <QStorageInfo>

#include <sqlite3.h>

namespace mb::db {
namespace {

constexpr int kSqliteHeaderSize = 100;

quint32 bigEndian32(const QByteArray &bytes, int offset)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.constData() + offset);
    return (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
}

QString quoted(const QString &path)
{
    return QStringLiteral("'%1'").arg(QFileInfo(path).fileName());
}

// Checks the 100-byte SQLite header against the file size, before SQLite sees the file. The size
// check is skipped for a live workspace: while another process checkpoints its WAL, the header
// may already promise pages the file has not grown to yet.
Status inspectHeader(const QString &path, bool live)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read %1: %2").arg(quoted(path), file.errorString())};
    const qint64 size = file.size();
    const QByteArray header = file.read(kSqliteHeaderSize);
    static const QByteArray magic("SQLite format 3\0", 16);
    if (!header.startsWith(magic))
        return Error{
            QStringLiteral("%1 is not a MetricBridge workspace: it is not an SQLite database").arg(quoted(path))};
    if (header.size() < kSqliteHeaderSize)
        return Error{
            QStringLiteral("%1 is truncated: the file ends inside its header (%2 bytes)").arg(quoted(path)).arg(size)};
    // Page size: bytes 16-17, where 1 means 65536.
    const int rawPageSize = (quint8(header[16]) << 8) | quint8(header[17]);
    const qint64 pageSize = rawPageSize == 1 ? 65536 : rawPageSize;
    // The in-header page count (bytes 28-31) is valid when bytes 92-95 equal the change counter
    // (bytes 24-27); the file must then hold at least that many pages.
    const quint32 pageCount = bigEndian32(header, 28);
    const bool countValid = bigEndian32(header, 92) == bigEndian32(header, 24);
    if (pageSize < 512 || (pageSize & (pageSize - 1)) != 0)
        return Error{QStringLiteral("%1 is corrupt: its header gives an impossible page size (%2)")
                         .arg(quoted(path))
                         .arg(pageSize)};
    if (!live && countValid && pageCount > 0 && size < qint64(pageCount) * pageSize)
        return Error{QStringLiteral("%1 is truncated: its header promises %2 bytes, the file has %3")
                         .arg(quoted(path))
                         .arg(qint64(pageCount) * pageSize)
                         .arg(size)};
    return success();
}

// The workspaces this process has open, by canonical path, with how many connections each.
// SQLite holds POSIX advisory locks on the file, and closing *any* descriptor of a file drops all
// of the process's locks on it (fcntl semantics). Reading the header with a QFile while a
// connection is open would drop that connection's lock; a second connection closing later would
// then believe itself the last one, checkpoint the WAL and delete it under the first, which from
// then on reads a stale snapshot (seen when the window saved the demo's policy in-process). So a
// file this process already has open, and so has already inspected, is not read directly again.
QMutex openPathsMutex;
QHash<QString, int> openPaths;

bool openInThisProcess(const QString &path)
{
    const QMutexLocker lock(&openPathsMutex);
    return openPaths.contains(QFileInfo(path).canonicalFilePath());
}

// Whether a writer has pages in the workspace's -wal file that the main file does not hold yet:
// then only a plain connection, which reads the log too, sees the whole workspace.
bool hasUnsavedPages(const QString &path)
{
    const QFileInfo wal(path + QStringLiteral("-wal"));
    return wal.exists() && wal.size() > 0;
}

// Why SQLite could not open the workspace for writing, in the user's words: the file or its folder
// is not theirs to write (another user's file, a 0444 copy, a read-only mount), or the disk is
// full. Empty when none of these holds, so the caller keeps SQLite's own error. Reads no byte of
// the file (see openPaths).
QString whyNotWritable(const QString &path)
{
    const QFileInfo file(path);
    if (!file.isWritable())
        return QStringLiteral("you may not write to %1").arg(quoted(path));
    // WAL keeps its -wal and -shm files beside the workspace.
    if (!QFileInfo(file.absolutePath()).isWritable())
        return QStringLiteral("you may not write to the folder %1, where %2 keeps its write-ahead log")
            .arg(file.absolutePath(), quoted(path));
    const QStorageInfo disk(file.absolutePath());
    if (disk.isReadOnly())
        return QStringLiteral("%1 is on a read-only file system").arg(quoted(path));
    // Less than SQLite needs to start a write-ahead log and write one page.
    if (disk.bytesAvailable() >= 0 && disk.bytesAvailable() < 1024 * 1024)
        return QStringLiteral("the disk holding %1 is full (%2 bytes free)").arg(quoted(path)).arg(disk.bytesAvailable());
    return {};
}

// Fault injection for the full-disk tests (tests/worker/tst_fulldisk): with
// METRICBRIDGE_TEST_MAX_PAGES set, the file may not grow past that many pages, so every write that
// needs more fails as on a full disk ("database or disk is full"), in this process and in the
// workers it starts, which inherit the variable. Unset, it changes nothing.
void limitPagesForFullDiskTests(Database &db)
{
    bool ok = false;
    const qint64 pages = qEnvironmentVariable("METRICBRIDGE_TEST_MAX_PAGES").toLongLong(&ok);
    if (ok && pages > 0)
        db.exec(QByteArray("PRAGMA max_page_count = " + QByteArray::number(pages)).constData());
}

// Up to this size, opening runs SQLite's quick check over every page: about 10 ms warm and 40 ms
// cold here. Past it the check would grow with the file (1.1-1.5 s per GB warm, 4.6 s cold), and
// a 60 GB workspace would take minutes to open in every worker; `workspace check` and the window's
// check after an unclean close (ui/shell/UncleanCloseCheck) read every page instead.
constexpr qint64 kQuickCheckUpToBytes = 8 * 1024 * 1024;

// `name` quoted as an SQL identifier: the names in a file's schema may be anyone's.
QString sqlIdentifier(QString name)
{
    return QLatin1Char('"') + name.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
}

// The damage opening the file would run into before anything is written, in SQLite's words; empty
// when there is none. A small file gets the quick check. A large one has its schema read (every
// statement reads it first) and the root page and first leaf of every table and index (where a
// migration, a repository's first query or an insert starts), a few dozen pages whatever the size.
// Damage deeper in a large file is met by the statement that reads it (SQLITE_CORRUPT, reported as
// an error and never written over) and found in full by `workspace check`.
QString damageAnOpenWouldMeet(Database &db, qint64 fileBytes)
{
    if (fileBytes <= kQuickCheckUpToBytes) {
        const QString check = db.queryText("PRAGMA quick_check");
        return check == QLatin1String("ok") ? QString()
                                            : QStringLiteral("SQLite's integrity check reports \"%1\"").arg(check);
    }
    QList<QPair<QString, QString>> trees; // (table, index or empty for the table itself)
    {
        Statement schema = db.prepare("SELECT type, name, tbl_name FROM sqlite_schema "
                                      "WHERE type IN ('table', 'index') AND rootpage > 0 ORDER BY rootpage");
        while (schema.step()) {
            const bool isIndex = schema.columnText(0) == QLatin1String("index");
            trees.append({schema.columnText(2), isIndex ? schema.columnText(1) : QString()});
        }
    }
    for (const auto &[table, index] : trees) {
        const QString sql = index.isEmpty()
                                ? QStringLiteral("SELECT 1 FROM %1 NOT INDEXED LIMIT 1").arg(sqlIdentifier(table))
                                : QStringLiteral("SELECT 1 FROM %1 INDEXED BY %2 LIMIT 1")
                                      .arg(sqlIdentifier(table), sqlIdentifier(index));
        try {
            Statement first = db.prepare(sql.toUtf8().constData());
            first.step();
        } catch (const SqlError &e) {
            // An index SQLite would not scan this way (a partial one) is no damage; anything else is.
            if ((e.code() & 0xff) == SQLITE_ERROR && !index.isEmpty())
                continue;
            throw;
        }
    }
    return {};
}

} // namespace

Workspace::~Workspace()
{
    const QString key = QFileInfo(path()).canonicalFilePath();
    m_db.reset(); // closes the connection before the path counts as closed
    const QMutexLocker lock(&openPathsMutex);
    if (--openPaths[key] <= 0)
        openPaths.remove(key);
}

Status inspectWorkspaceFile(const QString &path)
{
    if (openInThisProcess(path))
        return success();
    // immutable=1 cannot change a byte, but it reads the main file alone. A live workspace (open
    // in the window or a worker) keeps recent pages in its -wal file, so it is read through a
    // plain read-only connection, which sees them and waits for writers.
    const bool live = hasUnsavedPages(path);
    if (Status header = inspectHeader(path, live); !header)
        return header;
    try {
        Database db(path, live ? Database::Mode::ReadOnly : Database::Mode::ReadOnlyImmutable);
        if (live)
            db.exec("PRAGMA busy_timeout = 5000");
        const qint64 applicationId = db.queryInt("PRAGMA application_id");
        if (applicationId != kWorkspaceApplicationId)
            return Error{QStringLiteral("%1 is an SQLite database but not a MetricBridge workspace "
                                        "(application id %2, expected %3)")
                             .arg(quoted(path))
                             .arg(applicationId)
                             .arg(kWorkspaceApplicationId)};
        const int version = int(db.queryInt("PRAGMA user_version"));
        if (version < 0)
            return Error{QStringLiteral("%1 is damaged: its workspace schema version %2 is not one MetricBridge "
                                        "writes (0 to %3)")
                             .arg(quoted(path))
                             .arg(version)
                             .arg(latestSchemaVersion())};
        if (version > latestSchemaVersion())
            return Error{QStringLiteral("%1 was written by a newer MetricBridge (workspace schema %2); "
                                        "this build (%3) reads schema %4 or older. Update MetricBridge "
                                        "to open it.")
                             .arg(quoted(path))
                             .arg(version)
                             .arg(applicationVersion())
                             .arg(latestSchemaVersion())};
        if (const QString damage = damageAnOpenWouldMeet(db, QFileInfo(path).size()); !damage.isEmpty())
            return Error{QStringLiteral("%1 is corrupt: %2").arg(quoted(path), damage)};
    } catch (const SqlError &e) {
        // Busy is not damage: another process held the file longer than the timeout.
        if ((e.code() & 0xff) == SQLITE_BUSY || (e.code() & 0xff) == SQLITE_LOCKED)
            return Error{QStringLiteral("%1 is busy: another MetricBridge process is writing to it; try again in "
                                        "a moment")
                             .arg(quoted(path))};
        return Error{QStringLiteral("%1 is corrupt or unreadable: %2").arg(quoted(path), e.message())};
    }
    return success();
}

Workspace::Workspace(std::unique_ptr<Database> db) : m_db(std::move(db))
{
    const QMutexLocker lock(&openPathsMutex);
    ++openPaths[QFileInfo(path()).canonicalFilePath()];
}

Result<std::unique_ptr<Workspace>> Workspace::openReadWrite(const QString &path, bool create)
{
    try {
        auto db =
            std::make_unique<Database>(path, create ? Database::Mode::ReadWriteCreate : Database::Mode::ReadWrite);
        db->exec("PRAGMA foreign_keys = ON");
        db->exec("PRAGMA busy_timeout = 5000");
        db->exec("PRAGMA synchronous = NORMAL");
        limitPagesForFullDiskTests(*db);
        const int version = int(db->queryInt("PRAGMA user_version"));
        if (version < latestSchemaVersion()) {
            migrate(*db, version, latestSchemaVersion());
            if (version == 0) {
                Transaction transaction(*db);
                // OR IGNORE: another process creating the same file at once may have stamped it
                // first (migrate() then skipped what it had done); its stamp stays.
                Statement insert = db->prepare(
                    "INSERT OR IGNORE INTO workspace_info(key, value) VALUES ('created_by', ?1), ('created_at', ?2)");
                insert.bind(1, applicationVersion()).bind(2, utcTimestamp()).run();
                transaction.commit();
            }
        }
        // WAL lets the window read while training workers write. It is switched on only once the
        // migrations have committed: the switch rewrites the file's header, and a file whose
        // migration is refused must be left byte for byte as it was.
        db->exec("PRAGMA journal_mode = WAL");
        return std::unique_ptr<Workspace>(new Workspace(std::move(db)));
    } catch (const SqlError &e) {
        if (!create)
            if (const QString reason = whyNotWritable(path); !reason.isEmpty())
                return openReadOnly(path, reason);
        return Error{QStringLiteral("cannot open %1: %2").arg(quoted(path), e.message())};
    }
}

Result<std::unique_ptr<Workspace>> Workspace::openReadOnly(const QString &path, const QString &reason)
{
    // A plain read-only connection sees a live writer's -wal, but needs the -shm index, which it
    // cannot create where it may not write. With no -wal file nobody has unsaved pages, and the
    // main file alone is the whole workspace: read it immutable, as a snapshot.
    const bool live = hasUnsavedPages(path);
    try {
        std::unique_ptr<Database> db;
        try {
            db = std::make_unique<Database>(path, Database::Mode::ReadOnly);
            db->exec("PRAGMA busy_timeout = 5000");
            db->queryInt("SELECT count(*) FROM sqlite_schema");
        } catch (const SqlError &) {
            if (live)
                throw;
            db = std::make_unique<Database>(path, Database::Mode::ReadOnlyImmutable);
        }
        db->exec("PRAGMA foreign_keys = ON");
        db->setReadOnlyReason(reason);
        const int version = int(db->queryInt("PRAGMA user_version"));
        if (version < latestSchemaVersion())
            return Error{QStringLiteral("cannot open %1: it has workspace schema %2, this MetricBridge needs %3 and "
                                        "cannot upgrade it read-only (%4); copy it somewhere you may write, or ask "
                                        "its owner to open it once")
                             .arg(quoted(path))
                             .arg(version)
                             .arg(latestSchemaVersion())
                             .arg(reason)};
        return std::unique_ptr<Workspace>(new Workspace(std::move(db)));
    } catch (const SqlError &e) {
        return Error{QStringLiteral("cannot open %1 (%2): %3").arg(quoted(path), reason, e.message())};
    }
}

Result<std::unique_ptr<Workspace>> Workspace::open(const QString &path)
{
    if (!QFileInfo::exists(path))
        return Error{QStringLiteral("%1 does not exist").arg(quoted(path))};
    if (Status inspection = inspectWorkspaceFile(path); !inspection)
        return Error{inspection.error()};
    return openReadWrite(path, false);
}

Result<std::unique_ptr<Workspace>> Workspace::create(const QString &path)
{
    const QFileInfo info(path);
    if (info.exists() && info.size() > 0)
        return Error{QStringLiteral("%1 already exists; open it, or choose another name").arg(quoted(path))};
    if (!info.absoluteDir().exists())
        return Error{QStringLiteral("the folder %1 does not exist").arg(info.absolutePath())};
    return openReadWrite(path, true);
}

Result<std::unique_ptr<Workspace>> Workspace::openOrCreate(const QString &path)
{
    const QFileInfo info(path);
    return info.exists() && info.size() > 0 ? open(path) : create(path);
}

QString Workspace::displayName() const
{
    return QFileInfo(path()).fileName();
}

int Workspace::schemaVersion()
{
    return int(m_db->queryInt("PRAGMA user_version"));
}

} // namespace mb::db
