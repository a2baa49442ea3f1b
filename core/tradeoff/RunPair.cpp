// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/tradeoff/RunPair.h"

#include <QStringList>

#include <algorithm>
#include <cmath>

namespace mb::tradeoff {
namespace {

QString splitText(const std::optional<std::int64_t> &split)
{
    return split ? QStringLiteral("split %1").arg(*split) : QStringLiteral("no split");
}

QString partText(const QString &part)
{
    return part == QLatin1String("all") ? QStringLiteral("all items") : QStringLiteral("the %1 items").arg(part);
}

bool sameValue(double x, double y)
{
    return x == y || (std::isnan(x) && std::isnan(y));
}

} // namespace

Status checkPair(const EvaluatedItems &a, const EvaluatedItems &b)
{
    const QString first = QStringLiteral("run '%1'").arg(a.runName);
    const QString second = QStringLiteral("run '%1'").arg(b.runName);
    const auto refuse = [&](const QString &why) {
        return Error{
            QStringLiteral("runs '%1' and '%2' cannot be combined item by item: %3").arg(a.runName, b.runName, why)};
    };

    QStringList differences;
    if (a.datasetVersionId != b.datasetVersionId)
        differences << QStringLiteral("%1 was evaluated on dataset version %2, %3 on version %4")
                           .arg(first)
                           .arg(a.datasetVersionId)
                           .arg(second)
                           .arg(b.datasetVersionId);
    if (a.splitId != b.splitId)
        differences << QStringLiteral("%1 was evaluated with %2, %3 with %4")
                           .arg(first, splitText(a.splitId), second, splitText(b.splitId));
    if (a.part != b.part)
        differences << QStringLiteral("%1 was evaluated on %2, %3 on %4")
                           .arg(first, partText(a.part), second, partText(b.part));
    if (!differences.isEmpty())
        return refuse(differences.join(QStringLiteral("; ")));

    if (a.itemIds.size() != b.itemIds.size())
        return refuse(QStringLiteral("%1 was evaluated on %2 items vs %3 for %4")
                          .arg(first)
                          .arg(a.itemIds.size())
                          .arg(b.itemIds.size())
                          .arg(second));
    for (std::size_t i = 0; i < a.itemIds.size(); ++i)
        if (a.itemIds[i] != b.itemIds[i])
            return refuse(QStringLiteral("item ids differ at row %1 (item %2 vs %3)")
                              .arg(i + 1)
                              .arg(a.itemIds[i])
                              .arg(b.itemIds[i]));
    return success();
}

Result<business::PredictionTable> mergeItemColumns(business::PredictionTable first,
                                                   const business::PredictionTable &second)
{
    const std::size_t n = first.label.size();
    if (second.label.size() != n)
        return Error{QStringLiteral("the two runs' predictions have %1 and %2 items").arg(n).arg(second.label.size())};
    for (const business::PredictionTable::Column &column : second.columns) {
        const std::vector<double> *existing = first.column(column.name);
        if (!existing) {
            first.setColumn(column.name, column.values);
            continue;
        }
        for (std::size_t i = 0; i < std::min(existing->size(), column.values.size()); ++i)
            if (!sameValue((*existing)[i], column.values[i]))
                return Error{QStringLiteral("both runs have the column '%1' and its values differ at %2 "
                                            "(%3 vs %4): are they the same items?")
                                 .arg(column.name, first.describeRow(i), QString::number((*existing)[i], 'g', 10),
                                      QString::number(column.values[i], 'g', 10))};
        if (existing->size() != column.values.size())
            return Error{QStringLiteral("both runs have the column '%1', with %2 and %3 values")
                             .arg(column.name)
                             .arg(existing->size())
                             .arg(column.values.size())};
    }
    first.score.clear();
    first.predicted.clear();
    return first;
}

} // namespace mb::tradeoff
