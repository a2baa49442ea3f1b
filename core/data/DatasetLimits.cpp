// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/DatasetLimits.h"

#include "core/NumberText.h"

namespace mb::data {

namespace {

constexpr std::int64_t kBytesPerColumn = 8 * 1024;
constexpr std::int64_t kBytesPerValue = 2 * 8;

} // namespace

std::int64_t datasetMemoryBytes(std::int64_t rows, std::int64_t columns)
{
    // In doubles: rows x columns can pass 2^63 bytes for hostile headers.
    const double bytes = double(rows) * double(columns) * double(kBytesPerValue) + double(columns) * kBytesPerColumn;
    return bytes >= 9.0e18 ? std::int64_t(9.0e18) : std::int64_t(bytes);
}

Status checkDatasetSize(std::int64_t rows, std::int64_t columns, std::int64_t memoryBytes)
{
    if (columns > kMaxDatasetColumns)
        return Error{
            QStringLiteral("%1 columns: MetricBridge takes at most %2").arg(formatCount(columns), formatCount(kMaxDatasetColumns))};
    const std::int64_t needed = datasetMemoryBytes(rows, columns);
    if (memoryBytes > 0 && needed > memoryBytes / 2)
        return Error{QStringLiteral("%1 rows x %2 columns need about %3 of memory while they are imported; this "
                                    "machine has %4")
                         .arg(formatCount(rows), formatCount(columns), formatBytes(needed), formatBytes(memoryBytes))};
    return success();
}

} // namespace mb::data
