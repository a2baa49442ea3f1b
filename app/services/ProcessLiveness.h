// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <cstdint>

namespace mb::services {

// True when the MetricBridge process `pid` that wrote to the store from `host` certainly no longer
// runs: it ran on this machine, and its pid is no process, a zombie, or another program (a reused
// pid). False when it may be alive, or when it ran on another
// machine, whose processes cannot be seen from here. Shared by the runs' liveness check (a
// training worker) and the staged imports' (a `dataset import` or a window importing).
// Thread contract: reentrant.
bool processIsGone(const QString &host, std::int64_t pid);

} // namespace mb::services
