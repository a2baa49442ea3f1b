// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/EncodingSummary.h"

#include <QJsonArray>

namespace mb::data {
namespace {

// Long orders are cut: the record shows the idea, the config holds the whole list.
QString orderText(const QStringList &order)
{
    constexpr qsizetype kShown = 6;
    QString text = order.mid(0, kShown).join(QStringLiteral(" < "));
    if (order.size() > kShown)
        text += QStringLiteral(" < … (%1 in all)").arg(order.size());
    return text;
}

QJsonObject columnSummary(const FeatureEncoding::Column &c, bool standardize)
{
    QJsonObject json{{QStringLiteral("column"), c.source}, {QStringLiteral("inputs"), c.width()}};
    const QString scaled = standardize ? QStringLiteral(", standardised") : QStringLiteral(", as is");
    QString text;
    if (c.type == ColumnType::Boolean) {
        json.insert(QStringLiteral("kind"), QStringLiteral("boolean"));
        text = QStringLiteral("boolean, 0/1");
    } else if (c.ordinal) {
        json.insert(QStringLiteral("kind"), QStringLiteral("ordinal"));
        json.insert(QStringLiteral("levels"), int(c.categories.size()));
        json.insert(QStringLiteral("standardized"), standardize);
        text = QStringLiteral("ordinal, %1 levels as 0-%2 (%3)%4")
                   .arg(c.categories.size())
                   .arg(c.categories.size() - 1)
                   .arg(orderText(c.categories), scaled);
    } else if (c.type == ColumnType::Categorical) {
        const int kept = int(c.categories.size());
        json.insert(QStringLiteral("kind"), QStringLiteral("one_hot"));
        json.insert(QStringLiteral("kept"), kept);
        json.insert(QStringLiteral("other"), c.other);
        if (c.trainCategories >= 0)
            json.insert(QStringLiteral("train_categories"), c.trainCategories);
        if (c.trainCategories > kept)
            text = QStringLiteral("one-hot, %1 of %2 categories kept").arg(kept).arg(c.trainCategories);
        else
            text = QStringLiteral("one-hot, %1 categories").arg(kept);
        if (c.other)
            text += QStringLiteral(" + other");
    } else {
        json.insert(QStringLiteral("kind"), QStringLiteral("number"));
        json.insert(QStringLiteral("log1p"), c.log1p);
        json.insert(QStringLiteral("standardized"), standardize);
        const QString what = c.type == ColumnType::DateTime ? QStringLiteral("date-time") : QStringLiteral("number");
        text = (c.log1p ? what + QStringLiteral(", log1p") : what) + scaled;
    }
    if (c.indicator) {
        json.insert(QStringLiteral("missing_indicator"), true);
        text += QStringLiteral("; a missing-value indicator");
    }
    json.insert(QStringLiteral("text"), text);
    return json;
}

} // namespace

QJsonObject encodingSummary(const FeatureEncoding &encoding)
{
    QJsonArray columns;
    for (const FeatureEncoding::Column &c : encoding.columns)
        columns.append(columnSummary(c, encoding.standardize));
    return {{QStringLiteral("max_categories"), encoding.maxCategories},
            {QStringLiteral("standardize"), encoding.standardize},
            {QStringLiteral("inputs"), encoding.featureCount()},
            {QStringLiteral("columns"), columns}};
}

QStringList encodingSummaryLines(const FeatureEncoding &encoding)
{
    const QJsonObject summary = encodingSummary(encoding);
    QStringList lines{QStringLiteral("%1 columns -> %2 model inputs; one-hot keeps at most %3 categories; numbers %4")
                          .arg(encoding.columns.size())
                          .arg(encoding.featureCount())
                          .arg(encoding.maxCategories)
                          .arg(encoding.standardize ? QStringLiteral("standardised") : QStringLiteral("as is"))};
    for (const QJsonValue &column : summary.value(QStringLiteral("columns")).toArray())
        lines << QStringLiteral("%1: %2").arg(column[QStringLiteral("column")].toString(),
                                              column[QStringLiteral("text")].toString());
    return lines;
}

} // namespace mb::data
