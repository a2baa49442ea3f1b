// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/business/PredictionTable.h"

#include "core/ExpressionChecker.h"
#include "core/data/Dataset.h"

#include <QSet>

#include <cmath>
#include <limits>

namespace mb::business {

const std::vector<double> *PredictionTable::column(const QString &name) const
{
    if (name == QLatin1String("label"))
        return &label;
    if (name == QLatin1String("score"))
        return &score;
    if (name == QLatin1String("predicted"))
        return &predicted;
    for (const Column &c : columns)
        if (c.name == name)
            return &c.values;
    return nullptr;
}

QStringList PredictionTable::columnNames() const
{
    QStringList names;
    for (const Column &c : columns)
        names << c.name;
    return names;
}

void PredictionTable::setColumn(const QString &name, std::vector<double> values)
{
    for (Column &c : columns) {
        if (c.name == name) {
            c.values = std::move(values);
            return;
        }
    }
    columns.push_back(Column{name, std::move(values)});
}

Status PredictionTable::check() const
{
    const std::size_t n = size();
    // Rows are indexed with 32 bits in the selections: half the memory traffic of 64.
    constexpr std::size_t kMaxRows = std::size_t(std::numeric_limits<std::int32_t>::max());
    if (n > kMaxRows)
        return Error{
            QStringLiteral("the predictions table has %1 rows; at most %2 are supported").arg(n).arg(kMaxRows)};
    const auto wrongLength = [n](const QString &what, std::size_t length) {
        return Error{QStringLiteral("the predictions table's %1 column has %2 values for %3 items")
                         .arg(what)
                         .arg(length)
                         .arg(n)};
    };
    if (label.size() != n)
        return wrongLength(QStringLiteral("label"), label.size());
    if (predicted.size() != n)
        return wrongLength(QStringLiteral("predicted"), predicted.size());
    if (!itemIds.empty() && itemIds.size() != n)
        return wrongLength(QStringLiteral("item id"), itemIds.size());
    QSet<QString> seen;
    const QStringList reserved = baseItemSymbols();
    for (const Column &c : columns) {
        if (!isValidSymbolName(c.name))
            return Error{QStringLiteral("the predictions table's column '%1' is not a symbol name "
                                        "(letters, digits and '_')")
                             .arg(c.name)};
        if (reserved.contains(c.name))
            return Error{QStringLiteral("the predictions table has a column named '%1', which is "
                                        "reserved for the item's own %1")
                             .arg(c.name)};
        if (seen.contains(c.name))
            return Error{QStringLiteral("the predictions table has two columns named '%1'").arg(c.name)};
        seen.insert(c.name);
        if (c.values.size() != n)
            return wrongLength(QStringLiteral("'%1'").arg(c.name), c.values.size());
    }
    return success();
}

QString PredictionTable::describeRow(std::size_t row) const
{
    if (row < itemIds.size())
        return QStringLiteral("row %1 (item %2)").arg(row + 1).arg(itemIds[row]);
    return QStringLiteral("row %1").arg(row + 1);
}

QStringList baseItemSymbols()
{
    return itemSymbols();
}

Result<PredictionTable> predictionTableFromColumns(std::vector<NamedColumn> columns, const QStringList &targetColumns)
{
    const QLatin1String labelPrefix("label:");
    const QLatin1String valuePrefix("value:");
    QString primary = targetColumns.isEmpty() ? QString() : targetColumns.constFirst();
    if (primary.isEmpty()) {
        for (const NamedColumn &c : columns) {
            if (c.first.startsWith(labelPrefix)) {
                primary = c.first.mid(labelPrefix.size());
                break;
            }
        }
    }
    const auto find = [&columns](const QString &name) -> std::vector<double> * {
        for (NamedColumn &c : columns)
            if (c.first == name)
                return &c.second;
        return nullptr;
    };
    PredictionTable table;
    std::vector<double> *label = find(labelPrefix + primary);
    std::vector<double> *score = find(QStringLiteral("score:") + primary);
    std::vector<double> *predicted = find(QStringLiteral("predicted:") + primary);
    if (primary.isEmpty() || !label || !score || !predicted)
        return Error{QStringLiteral("the stored predictions have no label, score and predicted columns for "
                                    "the target '%1'")
                         .arg(primary)};
    table.label = *label; // copied: the same values may also be the target's named column below
    table.score = std::move(*score);
    table.predicted = std::move(*predicted);

    // An item is named by its id column, or else by its dataset row as users count rows.
    if (const std::vector<double> *ids = find(QStringLiteral("id"))) {
        table.itemIds.reserve(ids->size());
        for (double id : *ids)
            table.itemIds.push_back(std::isfinite(id) ? std::int64_t(id) : -1);
    } else if (const std::vector<double> *rows = find(QStringLiteral("row"))) {
        table.itemIds.reserve(rows->size());
        for (double row : *rows)
            table.itemIds.push_back(std::isfinite(row) ? data::rowNumberShown(std::int64_t(row)) : -1);
    }
    const QStringList reserved = baseItemSymbols();
    for (NamedColumn &c : columns) {
        QString name;
        if (c.first.startsWith(labelPrefix))
            name = c.first.mid(labelPrefix.size());
        else if (c.first.startsWith(valuePrefix))
            name = c.first.mid(valuePrefix.size());
        // A target named like a base symbol stays readable as `label` (when primary) only.
        if (!name.isEmpty() && !reserved.contains(name))
            table.setColumn(name, std::move(c.second));
    }
    if (const Status shape = table.check(); !shape)
        return Error{shape.error()};
    return table;
}

} // namespace mb::business
