// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/worker/Heartbeat.h"

#include "db/RunRepository.h"
#include "db/Workspace.h"

#include <chrono>

namespace mb::worker {

Heartbeat::Heartbeat(const QString &workspacePath, std::int64_t runId)
    : m_thread([this, workspacePath, runId] { beat(workspacePath, runId); })
{
}

Heartbeat::~Heartbeat()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void Heartbeat::beat(const QString &workspacePath, std::int64_t runId)
{
    // A connection of this thread's own: a Database belongs to the thread that opened it.
    Result<std::unique_ptr<db::Workspace>> workspace = db::Workspace::open(workspacePath);
    if (!workspace)
        return; // the training thread's own writes will fail and report the problem
    db::RunRepository runs((*workspace)->database());
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        lock.unlock();
        (void)runs.heartbeat(runId); // a missed beat is retried in two seconds
        lock.lock();
        m_wake.wait_for(lock, std::chrono::seconds(2), [this] { return m_stop; });
    }
}

} // namespace mb::worker
