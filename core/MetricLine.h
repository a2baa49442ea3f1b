// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>

#include <cstdint>
#include <string_view>

namespace mb {

// One metric point as an external tool reports it (`metricbridge log metrics`), one JSON object
// per line: {"step": 3, "name": "train/loss", "value": 0.41}. Strict: exactly those three keys in
// any order, `step` a whole number, `name` a non-empty string, `value` a number, or NaN, Infinity
// or -Infinity as Python's json module writes them (a diverged run's curve must show where it
// broke). Read by hand rather than through QJsonDocument: a generic document costs ~1 µs a line,
// and logging must keep up with the worker's writer (a million points a second).
// Thread contract: pure functions, reentrant.
struct MetricPoint {
    std::int64_t step = 0;
    QString name;
    double value = 0;
};

// Parses one line (without its line end). Errors say what is wrong in the line, without its number.
Result<MetricPoint> parseMetricLine(std::string_view line);

} // namespace mb
