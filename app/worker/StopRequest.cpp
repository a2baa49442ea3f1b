// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/worker/StopRequest.h"

#include <atomic>
#include <csignal>

namespace mb::worker {
namespace {

// Lock-free, so the signal handler may set it.
std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void onStopSignal(int)
{
    g_stop.store(true);
}

} // namespace

void installStopHandlers()
{
    std::signal(SIGTERM, onStopSignal);
    std::signal(SIGINT, onStopSignal);
    // A closed terminal: the run cannot report to it any more, but it can still record its end.
    std::signal(SIGHUP, onStopSignal);
    // A reader that went away (`train ... | head -n 1`): progress lines are lost, the run is not.
    // Writes to the closed pipe then fail with EPIPE instead of killing the worker.
    std::signal(SIGPIPE, SIG_IGN);
}

bool stopRequested()
{
    return g_stop.load();
}

} // namespace mb::worker
