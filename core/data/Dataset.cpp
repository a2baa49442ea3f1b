// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/Dataset.h"

#include "core/EnumKeys.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLocale>
#include <QTimeZone>

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

QString displayValue(const ColumnSchema &column, double value)
{
    if (isMissing(value))
        return {};
    switch (column.type) {
    case ColumnType::Numeric:
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
