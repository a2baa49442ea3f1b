// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/StoreReader.h"

#include "db/Database.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QPointer>
#include <QThread>

#include <exception>

namespace mb::services {

// The reader thread's connection; touched on that thread only.
struct ReadContext::Connection {
    QString path;
    std::unique_ptr<db::Database> database;
    QElapsedTimer clock; // for progress throttling
};

ReadContext::ReadContext(Connection &connection, QString workspacePath, std::shared_ptr<std::atomic<bool>> cancel,
                         std::function<void(int, int)> progress)
    : m_connection(connection), m_workspacePath(std::move(workspacePath)), m_cancel(std::move(cancel)),
      m_progress(std::move(progress))
{
}

Result<db::Database *> ReadContext::database()
{
    if (m_connection.database && m_connection.path == m_workspacePath)
        return m_connection.database.get();
    m_connection.database.reset();
    m_connection.path.clear();
    try {
        std::unique_ptr<db::Database> database;
        try {
            database = std::make_unique<db::Database>(m_workspacePath, db::Database::Mode::ReadOnly);
            database->exec("PRAGMA busy_timeout = 5000");
            database->queryInt("SELECT count(*) FROM sqlite_schema");
        } catch (const db::SqlError &) {
            // A file in a folder the user may not write has no -shm to share and no writer to see:
            // read it as the snapshot it is (as Workspace opens it read-only).
            database = std::make_unique<db::Database>(m_workspacePath, db::Database::Mode::ReadOnlyImmutable);
        }
        database->exec("PRAGMA foreign_keys = ON");
        m_connection.database = std::move(database);
        m_connection.path = m_workspacePath;
        return m_connection.database.get();
    } catch (const db::SqlError &e) {
        return Error{QStringLiteral("cannot read '%1': %2").arg(m_workspacePath, e.message())};
    }
}

void ReadContext::reportProgress(int done, int total)
{
    if (!m_connection.clock.isValid())
        m_connection.clock.start();
    const std::int64_t now = m_connection.clock.elapsed();
    if (done < total && now - m_lastProgressMs < 50)
        return;
    m_lastProgressMs = now;
    m_progress(done, total);
}

StoreReader::StoreReader(QObject *parent) : QObject(parent)
{
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("store reader"));
    m_context = new QObject;
    m_context->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_connection = std::make_shared<ReadContext::Connection>();
    m_thread->start();
}

StoreReader::~StoreReader()
{
    if (m_cancel)
        m_cancel->store(true);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
}

void StoreReader::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
    if (isBusy()) {
        m_answered = m_generation;
        Q_EMIT idle();
    }
}

bool StoreReader::waitForIdle(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (isBusy() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QCoreApplication::processEvents();
    return !isBusy();
}

std::uint64_t StoreReader::submit(const QString &workspacePath, std::function<void(ReadContext &)> work,
                                  std::function<void()> deliver)
{
    if (m_cancel)
        m_cancel->store(true); // the read before stops at its next check
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const std::uint64_t generation = ++m_generation;
    QPointer<StoreReader> self(this);
    std::shared_ptr<std::atomic<bool>> cancel = m_cancel;
    std::shared_ptr<ReadContext::Connection> connection = m_connection;
    QMetaObject::invokeMethod(
        m_context,
        [self, generation, cancel, connection, workspacePath, work = std::move(work),
         deliver = std::move(deliver)]() mutable {
            if (!cancel->load()) {
                const auto progress = [self, generation, cancel](int done, int total) {
                    QMetaObject::invokeMethod(qApp, [self, generation, cancel, done, total] {
                        if (self && !cancel->load() && generation == self->m_generation)
                            Q_EMIT self->progress(done, total);
                    });
                };
                ReadContext context(*connection, workspacePath, cancel, progress);
                try {
                    work(context);
                } catch (const std::exception &e) {
                    // Reads return errors as values; anything thrown is a bug, and must not end the thread.
                    qWarning("store reader: %s", e.what());
                }
            }
            // `deliver` holds the result: it goes to the GUI thread and is destroyed there.
            QMetaObject::invokeMethod(qApp, [self, generation, cancel, deliver = std::move(deliver)] {
                if (!self || generation != self->m_generation || cancel->load())
                    return;
                deliver();
                self->m_answered = generation;
                Q_EMIT self->idle();
            });
        },
        Qt::QueuedConnection);
    return generation;
}

} // namespace mb::services
