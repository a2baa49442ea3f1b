// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace mb::worker {

// Tells the workspace this worker is alive, every two seconds, on its own thread and its own
// connection, whatever the training thread is doing: loading a large data set, a long
// evaluation or one slow step must not make the window declare a live run interrupted (after
// 30 s without a beat). Only a dead process stops beating.
class Heartbeat {
public:
    Heartbeat(const QString &workspacePath, std::int64_t runId);
    ~Heartbeat(); // stops beating and joins the thread
    Heartbeat(const Heartbeat &) = delete;
    Heartbeat &operator=(const Heartbeat &) = delete;

private:
    void beat(const QString &workspacePath, std::int64_t runId);

    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace mb::worker
