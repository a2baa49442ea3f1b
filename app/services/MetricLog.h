// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <cstdint>

class QIODevice;

namespace mb::db {
class Database;
}

namespace mb::services {

struct MetricLogOutcome {
    std::int64_t points = 0;
    int series = 0; // distinct series names in the input
};

// Reads an external run's metric points, one JSON object per line (core/MetricLine.h; empty lines
// skipped), from `input` to its end, and appends them to the run's series through the same
// db::MetricSeriesWriter the worker uses. Every line is read and checked before the first point is
// written, so input with a bad line (named by its number) stores nothing. The run must take logs
// (runTakingLogs). Thread contract: the thread that owns the Database.
Result<MetricLogOutcome> logMetricLines(db::Database &db, std::int64_t runId, QIODevice &input);

} // namespace mb::services
