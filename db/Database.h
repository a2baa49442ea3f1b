// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <optional>
#include <stdexcept>

struct sqlite3;
struct sqlite3_stmt;

namespace mb::db {

// Thrown by the statement layer; repositories catch it at their public boundary and return it as
// an Error value, so no exception crosses into ui/ or an event loop.
class SqlError : public std::runtime_error {
public:
    SqlError(const QString &message, int code);
    QString message() const { return QString::fromUtf8(what()); }
    int code() const { return m_code; }
    // Another connection held the lock past the busy timeout: trying again may succeed.
    bool isBusy() const;

private:
    int m_code;
};

class Statement;

// One SQLite connection. Thread contract: use from one thread only (one connection per thread).
class Database {
public:
    enum class Mode { ReadOnlyImmutable, ReadOnly, ReadWrite, ReadWriteCreate };

    // Throws SqlError when SQLite cannot open the file in the given mode.
    Database(const QString &path, Mode mode);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    void exec(const char *sql);
    Statement prepare(const char *sql);
    // The single value of a one-row, one-column query, such as a PRAGMA.
    std::int64_t queryInt(const char *sql);
    QString queryText(const char *sql);
    std::int64_t lastInsertId() const;
    int changes() const;

    const QString &path() const { return m_path; }
    sqlite3 *handle() const { return m_handle; }

    // Why this connection cannot write ("you may not write to demo.mbw"); empty when it can. A
    // refused write then says this instead of SQLite's "attempt to write a readonly database".
    void setReadOnlyReason(const QString &reason) { m_readOnlyReason = reason; }
    const QString &readOnlyReason() const { return m_readOnlyReason; }
    // SQLite's message for the last error, or the read-only reason when the error is a refused write.
    QString errorMessage(int code) const;

    static QString sqliteVersion();

private:
    QString m_path;
    QString m_readOnlyReason;
    sqlite3 *m_handle = nullptr; // owned
};

// A prepared statement; every value is bound, never spliced into the SQL text.
class Statement {
public:
    Statement(Database &db, const char *sql);
    ~Statement();
    Statement(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    Statement &operator=(Statement &&) = delete;

    // Placeholders are numbered from 1, as in SQLite.
    Statement &bind(int index, std::int64_t value);
    Statement &bind(int index, int value) { return bind(index, std::int64_t(value)); }
    Statement &bind(int index, double value);
    Statement &bind(int index, const QString &value);
    Statement &bind(int index, const QByteArray &blob);
    Statement &bindNull(int index);

    // True while a row is available; false when done.
    bool step();
    // Runs a statement that returns no rows.
    void run();
    void reset();

    std::int64_t columnInt(int column) const;
    double columnDouble(int column) const;
    QString columnText(int column) const;
    QByteArray columnBlob(int column) const;
    bool columnIsNull(int column) const;

private:
    void check(int code, const char *what) const;

    Database *m_db;
    sqlite3_stmt *m_stmt = nullptr; // owned
};

// Begins an immediate (write) transaction and rolls it back unless commit() was called.
class Transaction {
public:
    explicit Transaction(Database &db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    void commit();

private:
    Database &m_db;
    bool m_done = false;
};

} // namespace mb::db
