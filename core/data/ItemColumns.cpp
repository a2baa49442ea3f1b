// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/ItemColumns.h"

namespace mb::data {

QString idColumnName(const Dataset &dataset)
{
    const QStringList ignored = dataset.namesWithRole(ColumnRole::Ignored);
    return ignored.isEmpty() ? QString() : ignored.constFirst();
}

std::vector<std::pair<QString, std::vector<double>>> itemColumns(const Dataset &dataset,
                                                                 const QStringList &predictedTargets)
{
    std::vector<std::pair<QString, std::vector<double>>> columns;
    if (const QString id = idColumnName(dataset); !id.isEmpty())
        columns.emplace_back(QStringLiteral("id"), dataset.column(id)->values);
    for (const QString &name : dataset.namesWithRole(ColumnRole::Value))
        columns.emplace_back(QStringLiteral("value:") + name, dataset.column(name)->values);
    for (const QString &name : dataset.namesWithRole(ColumnRole::Target))
        if (!predictedTargets.contains(name))
            columns.emplace_back(QStringLiteral("value:") + name, dataset.column(name)->values);
    return columns;
}

std::vector<std::pair<QString, std::vector<double>>>
rowAndItemColumns(const std::vector<std::pair<QString, std::vector<double>>> &itemColumns,
                  const std::vector<std::int64_t> &rows)
{
    std::vector<std::pair<QString, std::vector<double>>> columns;
    columns.emplace_back(QStringLiteral("row"), std::vector<double>(rows.begin(), rows.end()));
    for (const auto &[name, values] : itemColumns) {
        std::vector<double> selected;
        selected.reserve(rows.size());
        for (std::int64_t row : rows)
            selected.push_back(values[std::size_t(row)]);
        columns.emplace_back(name, std::move(selected));
    }
    return columns;
}

std::vector<std::int64_t> exactItemIds(const Dataset &dataset)
{
    const QString id = idColumnName(dataset);
    return id.isEmpty() ? std::vector<std::int64_t>() : dataset.column(id)->exactIntegers;
}

std::vector<std::int64_t> idsAtRows(const std::vector<std::int64_t> &ids, const std::vector<std::int64_t> &rows)
{
    std::vector<std::int64_t> selected;
    if (ids.empty())
        return selected;
    selected.reserve(rows.size());
    for (const std::int64_t row : rows)
        selected.push_back(ids[std::size_t(row)]);
    return selected;
}

} // namespace mb::data
