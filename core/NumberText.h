// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace mb {

// Numbers as every page and the command line show them, one function per purpose. All of them
// ignore the user's locale ('.' decimal point, '-' minus sign, no thousands separator): a value
// reads the same on every page and in every locale, and the command line's output, which scripts
// parse, is the same on every machine. Thread contract: pure functions, reentrant.

// A metric or any measured value: about four significant digits, whole numbers in full
// ("43980 $", not "4.398e+04"), scientific only when very large or small; "nan" and "inf" say
// that a run diverged.
QString formatNumber(double value);

// A value and its unit, "43980 $"; the value alone when the unit is empty.
QString formatWithUnit(double value, const QString &unit);

// A change between two values, signed as formatNumber writes it: "+0.012", "-3", "0".
QString formatDelta(double delta);

// The change from `before` to `after` relative to `before`, in percent and signed: "+12.5%",
// "-3%". Empty when it has no meaning: `before` is zero, or either value is not finite.
QString formatRelativeChange(double before, double after);

// A share (0.125) as a percentage with formatNumber's digits: "12.5%", "100%".
QString formatPercent(double share);

// A count with thousands grouped by commas, whatever the user's locale: "1,000,001".
QString formatCount(qint64 count);

// A size in binary units with two decimals above a KiB: "512 bytes", "1.50 KiB", "3.25 MiB".
QString formatBytes(qint64 bytes);

// A wall-clock duration to the second: "42 s", "3 min 05 s", "2 h 07 min". Empty for a negative
// or undefined one (a run that has not started).
QString formatDuration(double seconds);

// A latency given in milliseconds: "12.5 ms", or in microseconds ("4.2 µs") under a millisecond.
QString formatLatency(double milliseconds);
// The same in the unit asked for, so a column or an axis keeps one unit for all its values.
QString formatLatency(double milliseconds, bool inMicroseconds);

// A score threshold: three decimals, so neighbouring thresholds on a curve read apart ("0.420").
QString formatThreshold(double threshold);

} // namespace mb
