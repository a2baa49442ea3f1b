// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/Dataset.h"

#include "core/EnumKeys.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLocale>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

namespace mb::data {
namespace {

constexpr KeyTable<ColumnType, 4> kTypes{{{ColumnType::Numeric, "numeric"},
                                          {ColumnType::Boolean, "boolean"},
                                          {ColumnType::Categorical, "categorical"},
                                          {ColumnType::DateTime, "datetime"}}};
constexpr KeyTable<ColumnRole, 4> kRoles{{{ColumnRole::Feature, "feature"},
                                          {ColumnRole::Target, "target"},
                                          {ColumnRole::Value, "value"},
                                          {ColumnRole::Ignored, "ignored"}}};
constexpr KeyTable<MissingPolicy, 6> kPolicies{{{MissingPolicy::Keep, "keep"},
                                                {MissingPolicy::DropRow, "drop_row"},
                                                {MissingPolicy::ImputeMean, "impute_mean"},
                                                {MissingPolicy::ImputeMedian, "impute_median"},
                                                {MissingPolicy::ImputeMode, "impute_mode"},
                                                {MissingPolicy::Indicator, "indicator"}}};

} // namespace

QString toKey(ColumnType type)
{
    return keyOf(kTypes, type);
}
QString toKey(ColumnRole role)
{
    return keyOf(kRoles, role);
}
QString toKey(MissingPolicy policy)
{
    return keyOf(kPolicies, policy);
}
std::optional<ColumnType> columnTypeFromKey(const QString &key)
{
    return valueOf(kTypes, key);
}
std::optional<ColumnRole> columnRoleFromKey(const QString &key)
{
    return valueOf(kRoles, key);
}
std::optional<MissingPolicy> missingPolicyFromKey(const QString &key)
{
    return valueOf(kPolicies, key);
}
QStringList columnTypeKeys()
{
    return keysOf(kTypes);
}
QStringList missingPolicyKeys()
{
    return keysOf(kPolicies);
}

int Dataset::columnIndex(const QString &name) const
{
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i].name == name)
            return int(i);
    return -1;
}

const DatasetColumn *Dataset::column(const QString &name) const
{
    const int index = columnIndex(name);
    return index < 0 ? nullptr : &columns[std::size_t(index)];
}

QStringList Dataset::columnNames() const
{
    QStringList names;
    for (const DatasetColumn &c : columns)
        names << c.name;
    return names;
}

QStringList Dataset::namesWithRole(ColumnRole role) const
{
    QStringList names;
    for (const DatasetColumn &c : columns)
        if (c.role == role)
            names << c.name;
    return names;
}

namespace {

bool hasValues(const DatasetColumn &column)
{
    return std::any_of(column.values.begin(), column.values.end(), [](double v) { return !isMissing(v); });
}

// Codes into `column.categories` become codes into `merged` (which holds every one of them).
void remapCategories(DatasetColumn &column, const QStringList &merged)
{
    std::vector<double> remap(std::size_t(column.categories.size()));
    for (qsizetype i = 0; i < column.categories.size(); ++i)
        remap[std::size_t(i)] =
            double(std::lower_bound(merged.begin(), merged.end(), column.categories.at(i)) - merged.begin());
    for (double &v : column.values)
        if (!isMissing(v))
            v = remap[std::size_t(v)];
    column.categories = merged;
}

} // namespace

Result<Dataset> appendRows(Dataset first, Dataset second, const QString &firstName, const QString &secondName)
{
    const QStringList firstNames = first.columnNames();
    const QStringList secondNames = second.columnNames();
    QStringList missing, extra;
    for (const QString &name : firstNames)
        if (!secondNames.contains(name))
            missing << name;
    for (const QString &name : secondNames)
        if (!firstNames.contains(name))
            extra << name;
    if (!missing.isEmpty() || !extra.isEmpty()) {
        QStringList problems;
        if (!missing.isEmpty())
            problems << QStringLiteral("it lacks %1").arg(missing.join(QStringLiteral(", ")));
        if (!extra.isEmpty())
            problems
                << QStringLiteral("it has %1, which '%2' does not").arg(extra.join(QStringLiteral(", ")), firstName);
        return Error{QStringLiteral("the test file '%1' must have the columns of '%2' (in any order): %3")
                         .arg(secondName, firstName, problems.join(QStringLiteral("; ")))};
    }

    for (DatasetColumn &column : first.columns) {
        DatasetColumn &other = second.columns[std::size_t(second.columnIndex(column.name))];
        // A column with no value in one file says nothing about its type there.
        if (column.type != other.type && !hasValues(other)) {
            other.type = column.type;
        } else if (column.type != other.type && !hasValues(column)) {
            column.type = other.type;
        } else if (column.type != other.type) {
            return Error{QStringLiteral("column '%1' holds %2 values in '%3' but %4 values in '%5'; correct the file, "
                                        "or read both alike with --column-type %1=categorical")
                             .arg(column.name, toKey(column.type), firstName, toKey(other.type), secondName)};
        }
        if (column.type == ColumnType::Categorical) {
            QStringList merged = column.categories + other.categories;
            std::sort(merged.begin(), merged.end());
            merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
            remapCategories(column, merged);
            remapCategories(other, merged);
        }
        if (!column.exactIntegers.empty() || !other.exactIntegers.empty()) {
            // One file's ids past 2^53 keep the column exact, if the other's are whole numbers too.
            std::optional<std::vector<std::int64_t>> mine =
                column.exactIntegers.empty() ? wholeNumbers(column.values) : std::optional(column.exactIntegers);
            std::optional<std::vector<std::int64_t>> theirs =
                other.exactIntegers.empty() ? wholeNumbers(other.values) : std::optional(other.exactIntegers);
            column.exactIntegers.clear();
            if (mine && theirs) {
                column.exactIntegers = std::move(*mine);
                column.exactIntegers.insert(column.exactIntegers.end(), theirs->begin(), theirs->end());
            }
        }
        column.values.insert(column.values.end(), other.values.begin(), other.values.end());
    }
    return first;
}

std::vector<ColumnSchema> schemaOf(const Dataset &dataset)
{
    std::vector<ColumnSchema> schema;
    for (const DatasetColumn &c : dataset.columns) {
        std::int64_t missing = 0;
        for (double v : c.values)
            missing += isMissing(v);
        schema.push_back({c.name, c.type, c.role, c.missingPolicy, c.categories, missing});
    }
    return schema;
}

QJsonObject schemaToJson(const std::vector<ColumnSchema> &schema)
{
    QJsonArray columns;
    for (const ColumnSchema &c : schema)
        columns.append(QJsonObject{{QStringLiteral("name"), c.name},
                                   {QStringLiteral("type"), toKey(c.type)},
                                   {QStringLiteral("role"), toKey(c.role)},
                                   {QStringLiteral("missing_policy"), toKey(c.missingPolicy)},
                                   {QStringLiteral("categories"), QJsonArray::fromStringList(c.categories)},
                                   {QStringLiteral("missing_count"), qint64(c.missingCount)}});
    return QJsonObject{{QStringLiteral("schema_version"), 1}, {QStringLiteral("columns"), columns}};
}

std::vector<ColumnSchema> schemaFromJson(const QJsonObject &json)
{
    std::vector<ColumnSchema> schema;
    const QJsonArray columns = json.value(QStringLiteral("columns")).toArray();
    for (const QJsonValue &value : columns) {
        const QJsonObject o = value.toObject();
        ColumnSchema c;
        c.name = o.value(QStringLiteral("name")).toString();
        c.type = columnTypeFromKey(o.value(QStringLiteral("type")).toString()).value_or(ColumnType::Numeric);
        c.role = columnRoleFromKey(o.value(QStringLiteral("role")).toString()).value_or(ColumnRole::Feature);
        c.missingPolicy =
            missingPolicyFromKey(o.value(QStringLiteral("missing_policy")).toString()).value_or(MissingPolicy::Keep);
        for (const QJsonValue &category : o.value(QStringLiteral("categories")).toArray())
            c.categories << category.toString();
        c.missingCount = o.value(QStringLiteral("missing_count")).toInteger();
        schema.push_back(c);
    }
    return schema;
}

QString displayExactInteger(double value, std::int64_t exactInteger)
{
    return isMissing(value) ? QString() : QString::number(qint64(exactInteger));
}

std::optional<std::vector<std::int64_t>> wholeNumbers(const std::vector<double> &values)
{
    constexpr double kTwoTo63 = 0x1p63;
    std::vector<std::int64_t> integers(values.size(), 0);
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double v = values[i];
        if (isMissing(v))
            continue;
        if (std::trunc(v) != v || !(v > -kTwoTo63 && v < kTwoTo63))
            return std::nullopt;
        integers[i] = std::int64_t(v);
    }
    return integers;
}

QString displayValue(const ColumnSchema &column, double value)
{
    if (isMissing(value))
        return {};
    switch (column.type) {
    case ColumnType::Numeric:
        // A whole number as written (an id of 100000, not "1e+05"), where a double holds every
        // whole number, up to 2^53; the shortest round-trip form otherwise.
        if (value == std::trunc(value) && std::abs(value) <= 0x1p53)
            return QString::number(qint64(value));
        return QString::number(value, 'g', QLocale::FloatingPointShortest);
    case ColumnType::Boolean:
        return value != 0 ? QStringLiteral("true") : QStringLiteral("false");
    case ColumnType::Categorical: {
        const qsizetype index = qsizetype(value);
        return index >= 0 && index < column.categories.size() ? column.categories.at(index) : QString();
    }
    case ColumnType::DateTime:
        return QDateTime::fromMSecsSinceEpoch(qint64(value * 1000.0), Qt::UTC).toString(Qt::ISODate);
    }
    return {};
}

} // namespace mb::data
