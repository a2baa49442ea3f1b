// SPDX-License-Identifier: GPL-3.0-or-later
// The session extension's declarations sit behind these switches in sqlite3.h; Debian's libsqlite3
// is built with both (PRAGMA compile_options lists ENABLE_SESSION and ENABLE_PREUPDATE_HOOK). They are
// defined for this file only, the one user of the extension.
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include "db/ChangeRecorder.h"

#include "db/Database.h"

#include <QSet>

#include <sqlite3.h>

namespace mb::db {
namespace {

// Which tables an apply pass takes, and the first conflict it met.
struct ApplyPass {
    QSet<QByteArray> lastTables; // applied in the second pass
    bool last = false;
    int conflict = 0;
};

int inThisPass(void *context, const char *table)
{
    const auto *pass = static_cast<const ApplyPass *>(context);
    return pass->lastTables.contains(QByteArray(table)) == pass->last ? 1 : 0;
}

// A row that is there already (a new one took a deleted row's id) or a reference that no longer
// resolves: undo refuses as a whole rather than bring back part of what was deleted.
int abortOnConflict(void *context, int conflict, sqlite3_changeset_iter *)
{
    static_cast<ApplyPass *>(context)->conflict = conflict;
    return SQLITE_CHANGESET_ABORT;
}

// Copies and frees a changeset SQLite allocated, or throws naming what could not be done.
QByteArray takeChangeset(int rc, int size, void *data, const char *what)
{
    QByteArray bytes;
    if (rc == SQLITE_OK)
        bytes = QByteArray(static_cast<const char *>(data), size);
    sqlite3_free(data);
    if (rc != SQLITE_OK)
        throw SqlError(QStringLiteral("cannot %1: %2").arg(QLatin1String(what), QString::fromUtf8(sqlite3_errstr(rc))),
                       rc);
    return bytes;
}

QString conflictText(int conflict)
{
    switch (conflict) {
    case SQLITE_CHANGESET_CONFLICT:
        return QStringLiteral("something stored since took the place of a deleted item");
    case SQLITE_CHANGESET_FOREIGN_KEY:
        return QStringLiteral("something a deleted item refers to was itself deleted since");
    case SQLITE_CHANGESET_CONSTRAINT:
        return QStringLiteral("a deleted item no longer fits the store's rules");
    default:
        return QStringLiteral("the store changed in the way");
    }
}

} // namespace

ChangeRecorder::ChangeRecorder(Database &db)
{
    int rc = sqlite3session_create(db.handle(), "main", &m_session);
    if (rc == SQLITE_OK)
        rc = sqlite3session_attach(m_session, nullptr); // every table, those created later too
    if (rc != SQLITE_OK) {
        sqlite3session_delete(m_session);
        m_session = nullptr;
        throw SqlError(QStringLiteral("cannot record the changes: %1").arg(QString::fromUtf8(sqlite3_errstr(rc))), rc);
    }
}

ChangeRecorder::~ChangeRecorder()
{
    sqlite3session_delete(m_session);
}

QByteArray ChangeRecorder::changeset() const
{
    int size = 0;
    void *data = nullptr;
    const int rc = sqlite3session_changeset(m_session, &size, &data); // before size and data are read
    return takeChangeset(rc, size, data, "read the recorded changes");
}

QByteArray ChangeRecorder::inverted(const QByteArray &changeset)
{
    int size = 0;
    void *data = nullptr;
    const int rc =
        sqlite3changeset_invert(int(changeset.size()), const_cast<char *>(changeset.constData()), &size, &data);
    return takeChangeset(rc, size, data, "invert the recorded changes");
}

Status applyChangeset(Database &db, const QByteArray &changeset, const std::function<void()> &beforeCommit)
{
    try {
        Transaction transaction(db);
        // A table whose INSERT trigger reads other tables (a policy checks that its runs belong to
        // its project) gets its rows after every other table's, whatever order the rows were deleted
        // in; foreign keys are checked once, at the end of each pass.
        ApplyPass pass;
        Statement triggered = db.prepare("SELECT DISTINCT tbl_name FROM sqlite_schema WHERE type = 'trigger' AND "
                                         "sql LIKE '%INSERT ON%'");
        while (triggered.step())
            pass.lastTables.insert(triggered.columnText(0).toUtf8());
        for (const bool last : {false, true}) {
            pass.last = last;
            const int rc =
                sqlite3changeset_apply(db.handle(), int(changeset.size()), const_cast<char *>(changeset.constData()),
                                       &inThisPass, &abortOnConflict, &pass);
            if (pass.conflict != 0)
                return Error{QStringLiteral("nothing was brought back: %1").arg(conflictText(pass.conflict))};
            if (rc != SQLITE_OK)
                return Error{
                    QStringLiteral("nothing was brought back: %1").arg(QString::fromUtf8(sqlite3_errmsg(db.handle())))};
        }
        if (beforeCommit)
            beforeCommit();
        transaction.commit();
        return success();
    } catch (const SqlError &e) {
        return Error{QStringLiteral("nothing was brought back: %1").arg(e.message()), e.isBusy()};
    }
}

} // namespace mb::db
