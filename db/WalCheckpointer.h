// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

struct sqlite3;

namespace mb::db {

class Database;

// Checkpoints the WAL on a helper thread while one connection writes a long run of transactions
// (a dataset import's columns). SQLite's automatic checkpoint runs inside the commit that crosses
// its threshold: about a third of an import's store went into copying pages from the WAL into the
// file and syncing it, one column at a time, on the writing thread. While a WalCheckpointer lives:
// - the writer's commits run no checkpoint; each asks the helper, which has its own connection, to
//   copy what is committed into the file (PASSIVE: it takes no write lock, so no writer waits on it,
//   and a crash mid-copy loses nothing, as with SQLite's own);
// - once the WAL holds kMaxWalPages frames, the commit waits for the helper and checkpoints the
//   rest itself, so the next transaction starts the WAL again from its beginning: the file stays
//   bounded, as the automatic checkpoint keeps it;
// - without a WAL, or without a helper connection, the writer checkpoints as before.
// Destruction waits for the helper and gives the writer its automatic checkpoint back.
// Thread contract: constructed, used and destroyed on the writer's thread.
class WalCheckpointer {
public:
    // About 64 MiB of 4 KiB pages.
    static constexpr int kMaxWalPages = 16384;

    explicit WalCheckpointer(Database &writer);
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer &) = delete;
    WalCheckpointer &operator=(const WalCheckpointer &) = delete;

private:
    static int onCommit(void *self, sqlite3 *writer, const char *schema, int walPages);
    void runHelper();
    void waitForHelper(std::unique_lock<std::mutex> &lock);

    Database &m_writer;
    std::int64_t m_autoCheckpointPages = 0; // the writer's own threshold, restored at the end
    bool m_active = false;                  // the writer's wal hook is this one's

    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_requested = false;
    bool m_busy = false;
    bool m_stop = false;
    bool m_helperReady = false; // the helper opened its connection
    bool m_helperFailed = false;
    std::thread m_thread;
};

} // namespace mb::db
