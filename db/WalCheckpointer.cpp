// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/WalCheckpointer.h"

#include "db/Database.h"

#include <sqlite3.h>

#include <memory>
#include <system_error>

namespace mb::db {

WalCheckpointer::WalCheckpointer(Database &writer) : m_writer(writer)
{
    try {
        if (writer.queryText("PRAGMA journal_mode").compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
            return;
        m_autoCheckpointPages = writer.queryInt("PRAGMA wal_autocheckpoint");
    } catch (const SqlError &) {
        return; // the writer's own checkpoint goes on
    }
    try {
        m_thread = std::thread([this] { runHelper(); });
    } catch (const std::system_error &) {
        return; // no thread: the writer checkpoints as before
    }
    sqlite3_wal_hook(writer.handle(), &WalCheckpointer::onCommit, this);
    m_active = true;
}

WalCheckpointer::~WalCheckpointer()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    // Installs SQLite's own hook again (or none, for a threshold of 0).
    if (m_active)
        sqlite3_wal_autocheckpoint(m_writer.handle(), int(m_autoCheckpointPages));
}

void WalCheckpointer::runHelper()
{
    std::unique_ptr<Database> own;
    try {
        own = std::make_unique<Database>(m_writer.path(), Database::Mode::ReadWrite);
        // A connection knows the file is in WAL mode only once it has read it: until then its
        // checkpoints do nothing.
        if (own->queryText("PRAGMA journal_mode").compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
            own.reset();
    } catch (const SqlError &) {
        own.reset();
    }
    std::unique_lock lock(m_mutex);
    m_helperReady = own != nullptr;
    m_helperFailed = own == nullptr;
    m_changed.notify_all();
    if (!own)
        return;
    for (;;) {
        m_changed.wait(lock, [this] { return m_requested || m_stop; });
        if (!m_requested)
            return;
        m_requested = false;
        m_busy = true;
        lock.unlock();
        // Busy (another process checkpointing) or failed: the next commit asks again, and the
        // writer's own checkpoint at kMaxWalPages and after the end still runs.
        (void)sqlite3_wal_checkpoint_v2(own->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        lock.lock();
        m_busy = false;
        m_changed.notify_all();
    }
}

void WalCheckpointer::waitForHelper(std::unique_lock<std::mutex> &lock)
{
    m_changed.wait(lock, [this] { return m_helperFailed || (m_helperReady && !m_busy && !m_requested); });
}

int WalCheckpointer::onCommit(void *self, sqlite3 *writer, const char *schema, int walPages)
{
    auto &checkpointer = *static_cast<WalCheckpointer *>(self);
    std::unique_lock lock(checkpointer.m_mutex);
    const bool withoutHelper = checkpointer.m_helperFailed;
    if (!withoutHelper && walPages < kMaxWalPages) {
        checkpointer.m_requested = true;
        lock.unlock();
        checkpointer.m_changed.notify_all();
        return SQLITE_OK;
    }
    if (withoutHelper && (checkpointer.m_autoCheckpointPages <= 0 || walPages < checkpointer.m_autoCheckpointPages))
        return SQLITE_OK; // as SQLite's own hook decides
    // Copy what the helper has not, here: the next transaction then restarts the WAL.
    checkpointer.waitForHelper(lock);
    lock.unlock();
    (void)sqlite3_wal_checkpoint_v2(writer, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    return SQLITE_OK;
}

} // namespace mb::db
