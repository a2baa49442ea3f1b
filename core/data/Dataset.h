// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace mb::data {

// A dataset in memory: typed columns of equal length. Every value is a double, so that one
// storage and one preview path serve every type:
//   numeric      the number;
//   boolean      0 or 1;
//   categorical  the index into `categories`;
//   datetime     seconds since 1970-01-01T00:00:00Z;
// and a missing value is NaN.

enum class ColumnType { Numeric, Boolean, Categorical, DateTime };
enum class ColumnRole { Feature, Target, Value, Ignored };
// What to do with missing values. Drop removes the row at import; the others are applied when
// features are built, fitted on the training split only.
enum class MissingPolicy { Keep, DropRow, ImputeMean, ImputeMedian, ImputeMode, Indicator };

// A row as users see it: counted from 1, in the dataset version's order. The Data page's preview,
// the import's messages, the exported predictions' `row` column and an item without an id column
// all use it; the store keeps indices from 0 (an evaluation's stored `row` column).
inline constexpr std::int64_t rowNumberShown(std::int64_t rowIndex)
{
    return rowIndex + 1;
}

inline constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
inline bool isMissing(double v)
{
    return std::isnan(v);
}

struct DatasetColumn {
    QString name;
    ColumnType type = ColumnType::Numeric;
    ColumnRole role = ColumnRole::Feature;
    MissingPolicy missingPolicy = MissingPolicy::Keep;
    std::vector<double> values;
    // A numeric column of whole numbers with one that a double cannot hold exactly (an id above
    // 2^53): every row's exact value (0 where `values` says missing), while `values` keeps the
    // nearest doubles for statistics and features. Empty for every other column, whose doubles are
    // exact. Whatever reorders or drops rows of `values` does the same here.
    std::vector<std::int64_t> exactIntegers;
    QStringList categories; // categorical: index -> text; for a target, index = class index
};

struct Dataset {
    std::vector<DatasetColumn> columns;
    std::int64_t rowCount() const { return columns.empty() ? 0 : std::int64_t(columns.front().values.size()); }
    int columnIndex(const QString &name) const; // -1 when absent
    const DatasetColumn *column(const QString &name) const;
    QStringList columnNames() const;
    QStringList namesWithRole(ColumnRole role) const;
};

// `first`'s rows, then `second`'s: one dataset from a training file and its separate test file,
// read with the same options. Both must have the same column names (in any order; the result has
// `first`'s) and each column one type, except that a column with no value in one file takes the
// other's type. A categorical column's categories become the sorted union of both, and both files'
// codes are remapped to it, so every row decodes to its own text. Errors name the files
// (`firstName`, `secondName`): the missing and extra columns, or a column's two types and the
// --column-type that reads both alike.
Result<Dataset> appendRows(Dataset first, Dataset second, const QString &firstName, const QString &secondName);

// The schema: everything about the columns except their values. Stored as JSON with a version.
struct ColumnSchema {
    QString name;
    ColumnType type = ColumnType::Numeric;
    ColumnRole role = ColumnRole::Feature;
    MissingPolicy missingPolicy = MissingPolicy::Keep;
    QStringList categories;
    std::int64_t missingCount = 0;
};

QString toKey(ColumnType type);
QString toKey(ColumnRole role);
QString toKey(MissingPolicy policy);
std::optional<ColumnType> columnTypeFromKey(const QString &key);
std::optional<ColumnRole> columnRoleFromKey(const QString &key);
std::optional<MissingPolicy> missingPolicyFromKey(const QString &key);
QStringList columnTypeKeys();
QStringList missingPolicyKeys();

std::vector<ColumnSchema> schemaOf(const Dataset &dataset);
QJsonObject schemaToJson(const std::vector<ColumnSchema> &schema);
std::vector<ColumnSchema> schemaFromJson(const QJsonObject &json);

// A value as the user reads it: "3.5", "true", "politics", "2026-01-05T14:03:00Z", or "" when missing.
QString displayValue(const ColumnSchema &column, double value);
// displayValue for a row of a column with exact integers (DatasetColumn::exactIntegers): every
// digit of `exactInteger` ("9007199254740993"), or "" when `value` says missing.
QString displayExactInteger(double value, std::int64_t exactInteger);

// `values` as exact integers, 0 where missing, when every other one is a whole number within
// int64's range (but -2^63, which the store keeps for "missing"); nullopt otherwise. How a column's
// earlier rows join its exact integers once one appears that a double cannot hold.
std::optional<std::vector<std::int64_t>> wholeNumbers(const std::vector<double> &values);

} // namespace mb::data
