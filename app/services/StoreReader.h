// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

class QThread;

namespace mb::db {
class Database;
}

namespace mb::services {

// What a read gets on the reader's thread: the reader's own read-only connection, whether its answer
// is still wanted, and a way to report how far it got.
class ReadContext {
public:
    // The reader's read-only connection to the request's workspace, opened on first use and kept
    // while requests name the same file. Errors: the file cannot be opened.
    Result<db::Database *> database();
    // True once a newer request, cancel() or the reader's end made this answer unwanted: a long read
    // checks it between steps and returns early (its answer is dropped anyway).
    bool cancelled() const { return m_cancel->load(); }
    const std::atomic<bool> *cancelFlag() const { return m_cancel.get(); }
    // Reaches the GUI thread as StoreReader::progress (at most every 50 ms, and never for a stale read).
    void reportProgress(int done, int total);

private:
    friend class StoreReader;
    struct Connection;
    ReadContext(Connection &connection, QString workspacePath, std::shared_ptr<std::atomic<bool>> cancel,
                std::function<void(int, int)> progress);
    Connection &m_connection;
    QString m_workspacePath;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::function<void(int, int)> m_progress;
    std::int64_t m_lastProgressMs = -1000;
};

// Reads the store for one page (or one view of a page) on a thread of its own, through a read-only
// connection of its own, so the window never waits for SQLite: the Compare page's runs, a run's
// evaluation, a trade-off pair (WAL lets it read while the window and the workers write).
//
// Generation-tagged: each read() starts a new generation and cancels the one before; an answer is
// delivered only if its generation is still the newest when it reaches the GUI thread, so a page
// never shows what the user has moved on from (another run, another workspace, another project).
// Reads run one at a time, in order; a cancelled one that has not started is skipped.
//
// Thread contract: created, used and destroyed on the GUI thread; `work` runs on the reader's thread
// (it must touch only what it captured by value and the context), `answer` on the GUI thread. The
// destructor cancels the read in flight and waits for it to return.
class StoreReader : public QObject {
    Q_OBJECT
public:
    explicit StoreReader(QObject *parent = nullptr);
    ~StoreReader() override;

    // Runs `work` against the workspace at `workspacePath` on the reader's thread, then `answer` with
    // its result on the GUI thread unless a newer read, cancel() or forget() came first. Returns the
    // read's generation.
    template<typename T>
    std::uint64_t read(const QString &workspacePath, std::function<T(ReadContext &)> work,
                       std::function<void(T &)> answer)
    {
        auto result = std::make_shared<std::optional<T>>();
        return submit(
            workspacePath, [work = std::move(work), result](ReadContext &context) { result->emplace(work(context)); },
            [answer = std::move(answer), result] {
                if (*result)
                    answer(**result);
            });
    }

    // Drops the read in flight (its answer will never be delivered) and asks it to stop early.
    void cancel();
    // True from read() until its answer is delivered or dropped.
    bool isBusy() const { return m_answered != m_generation; }
    std::uint64_t generation() const { return m_generation; }
    // For tests, benchmarks and the screenshot command: processes events until no read is in flight.
    bool waitForIdle(int timeoutMs = 60000);

Q_SIGNALS:
    // How far the newest read got (units of its choosing: runs, items).
    void progress(int done, int total);
    // The newest read's answer was delivered (after `answer` ran) or dropped by cancel().
    void idle();

private:
    std::uint64_t submit(const QString &workspacePath, std::function<void(ReadContext &)> work,
                         std::function<void()> deliver);

    QThread *m_thread = nullptr;
    QObject *m_context = nullptr;                             // lives on m_thread: queued reads run there
    std::shared_ptr<ReadContext::Connection> m_connection;    // used on m_thread only
    std::shared_ptr<std::atomic<bool>> m_cancel;              // the newest read's
    std::uint64_t m_generation = 0; // the newest read's
    std::uint64_t m_answered = 0;   // the newest read answered or dropped
};

} // namespace mb::services
