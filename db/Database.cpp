// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/Database.h"

#include <QUrl>

#include <sqlite3.h>

namespace mb::db {

SqlError::SqlError(const QString &message, int code) : std::runtime_error(message.toStdString()), m_code(code) {}

bool SqlError::isBusy() const
{
    return (m_code & 0xff) == SQLITE_BUSY || (m_code & 0xff) == SQLITE_LOCKED;
}

Database::Database(const QString &path, Mode mode) : m_path(path)
{
    int flags = SQLITE_OPEN_NOMUTEX;
    QString name = path;
    switch (mode) {
    case Mode::ReadOnlyImmutable: {
        // immutable=1: no locks, no -wal or -shm files, no hot-journal rollback. Inspecting a
        // file this way cannot change a byte of it, whatever the file turns out to be.
        QUrl url = QUrl::fromLocalFile(path);
        url.setQuery(QStringLiteral("immutable=1"));
        name = url.toString(QUrl::FullyEncoded);
        flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
        break;
    }
    case Mode::ReadOnly:
        flags |= SQLITE_OPEN_READONLY;
        break;
    case Mode::ReadWrite:
        flags |= SQLITE_OPEN_READWRITE;
        break;
    case Mode::ReadWriteCreate:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    }
    const int rc = sqlite3_open_v2(name.toUtf8().constData(), &m_handle, flags, nullptr);
    if (rc != SQLITE_OK) {
        const QString message =
            m_handle ? QString::fromUtf8(sqlite3_errmsg(m_handle)) : QString::fromUtf8(sqlite3_errstr(rc));
        sqlite3_close_v2(m_handle);
        m_handle = nullptr;
        throw SqlError(message, rc);
    }
    sqlite3_extended_result_codes(m_handle, 1);
    // Workspaces may come from elsewhere: refuse SQL that could corrupt the file on purpose.
    sqlite3_db_config(m_handle, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(m_handle, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
}

Database::~Database()
{
    sqlite3_close_v2(m_handle);
}

QString Database::errorMessage(int code) const
{
    if ((code & 0xff) == SQLITE_READONLY && !m_readOnlyReason.isEmpty())
        return QStringLiteral("the workspace is open read-only: %1").arg(m_readOnlyReason);
    return QString::fromUtf8(sqlite3_errmsg(m_handle));
}

void Database::exec(const char *sql)
{
    char *message = nullptr;
    const int rc = sqlite3_exec(m_handle, sql, nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        const QString text = (rc & 0xff) == SQLITE_READONLY ? errorMessage(rc)
                                                             : QString::fromUtf8(message ? message : sqlite3_errstr(rc));
        sqlite3_free(message);
        throw SqlError(text, rc);
    }
}

Statement Database::prepare(const char *sql)
{
    return Statement(*this, sql);
}

std::int64_t Database::queryInt(const char *sql)
{
    Statement statement(*this, sql);
    return statement.step() ? statement.columnInt(0) : 0;
}

QString Database::queryText(const char *sql)
{
    Statement statement(*this, sql);
    return statement.step() ? statement.columnText(0) : QString();
}

std::int64_t Database::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_handle);
}

int Database::changes() const
{
    return sqlite3_changes(m_handle);
}

QString Database::sqliteVersion()
{
    return QString::fromLatin1(sqlite3_libversion());
}

Statement::Statement(Database &db, const char *sql) : m_db(&db)
{
    check(sqlite3_prepare_v2(db.handle(), sql, -1, &m_stmt, nullptr), sql);
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement &&other) noexcept : m_db(other.m_db), m_stmt(other.m_stmt)
{
    other.m_stmt = nullptr;
}

void Statement::check(int code, const char *what) const
{
    if (code != SQLITE_OK)
        throw SqlError(
            QStringLiteral("%1 (%2)").arg(QString::fromUtf8(sqlite3_errmsg(m_db->handle())), QString::fromUtf8(what)),
            code);
}

Statement &Statement::bind(int index, std::int64_t value)
{
    check(sqlite3_bind_int64(m_stmt, index, value), "bind");
    return *this;
}

Statement &Statement::bind(int index, double value)
{
    check(sqlite3_bind_double(m_stmt, index, value), "bind");
    return *this;
}

Statement &Statement::bind(int index, const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    check(sqlite3_bind_text(m_stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT), "bind");
    return *this;
}

Statement &Statement::bind(int index, const QByteArray &blob)
{
    check(sqlite3_bind_blob(m_stmt, index, blob.constData(), int(blob.size()), SQLITE_TRANSIENT), "bind");
    return *this;
}

Statement &Statement::bindNull(int index)
{
    check(sqlite3_bind_null(m_stmt, index), "bind");
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    throw SqlError(m_db->errorMessage(rc), rc);
}

void Statement::run()
{
    while (step()) {
    }
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

std::int64_t Statement::columnInt(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::columnDouble(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

QString Statement::columnText(int column) const
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return QString::fromUtf8(text, sqlite3_column_bytes(m_stmt, column));
}

QByteArray Statement::columnBlob(int column) const
{
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_stmt, column));
    return QByteArray(data, sqlite3_column_bytes(m_stmt, column));
}

bool Statement::columnIsNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

Transaction::Transaction(Database &db) : m_db(db)
{
    m_db.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction()
{
    if (!m_done)
        sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit()
{
    m_db.exec("COMMIT");
    m_done = true;
}

} // namespace mb::db
