// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

namespace mb::db {

class Database;

// One business metric's outcome for one evaluation under one framing version, as computed from the
// evaluation's stored predictions (services::computeProjectRunMetrics).
struct StoredBusinessValue {
    std::int64_t evaluationId = 0;
    QString metric;
    std::optional<double> value; // absent with an empty error: computed, and not a number
    std::int64_t selected = 0;
    QString error; // why there is no value
    QStringList notes;
};

// Business-metric values kept per (framing version, evaluation, metric) (schema 14): predictions
// and framing versions never change, so a value computed once is reused until the framing gets a
// new version. Rows are only added, never changed (a trigger refuses updates); they go with their
// evaluation. Thread contract: the thread that owns the Database.
class BusinessValueRepository {
public:
    explicit BusinessValueRepository(Database &db) : m_db(db) {}

    // Every value stored for the framing version, by evaluation id.
    Result<QHash<std::int64_t, QList<StoredBusinessValue>>> valuesOf(std::int64_t framingVersionId);
    // Adds the values in one transaction; a value already stored (the same three keys) is kept as it
    // is, and one whose evaluation was deleted meanwhile is skipped.
    Status store(std::int64_t framingVersionId, const QList<StoredBusinessValue> &values);

private:
    Database &m_db; // not owned
};

} // namespace mb::db
