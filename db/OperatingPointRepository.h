// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QList>
#include <QString>

#include <cstdint>
#include <optional>

namespace mb::db {

class Database;

// The decision threshold a run is to be used at: chosen on its profit/threshold curve (the
// Compare page's run evaluation) for a business metric. Append-only (schema 7): choosing again
// adds a row, the newest is the run's operating point, and the store refuses to change a row.
struct OperatingPoint {
    std::int64_t id = 0;
    std::int64_t runId = 0;
    QString metric;
    double threshold = 0.0;      // items scoring >= threshold are acted on
    std::optional<double> value; // the metric's value there, when it was defined
    QString appVersion;
    QString createdAt; // ISO 8601, UTC
};

// Thread contract: the thread that owns the Database.
class OperatingPointRepository {
public:
    explicit OperatingPointRepository(Database &db) : m_db(db) {}

    // Errors: a run that does not exist, a threshold that is not a number, an empty metric name.
    Result<OperatingPoint> choose(std::int64_t runId, const QString &metric, double threshold,
                                  std::optional<double> value);
    Result<std::optional<OperatingPoint>> current(std::int64_t runId);
    Result<QList<OperatingPoint>> history(std::int64_t runId); // newest first

private:
    Database &m_db;
};

} // namespace mb::db
