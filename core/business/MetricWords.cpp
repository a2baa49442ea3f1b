// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/business/MetricWords.h"

#include "core/NumberText.h"

#include <QLocale>
#include <QObject>
#include <QStringList>

#include <cmath>

namespace mb::business {

QString selectionInWords(const BusinessMetric &metric)
{
    switch (metric.selection) {
    case Selection::PredictedPositive:
        return QObject::tr("the items scoring at least %1").arg(formatThreshold(metric.selectionParameter));
    case Selection::TopK:
        return QObject::tr("the top %1 items by score")
            .arg(QLocale().toString(qlonglong(std::llround(metric.selectionParameter))));
    case Selection::TopFraction:
        return QObject::tr("the top %1 of items by score").arg(formatPercent(metric.selectionParameter));
    case Selection::All:
        break;
    }
    return QObject::tr("every item");
}

namespace {

QString aggregateInWords(const MetricAggregate &a)
{
    switch (a.aggregate) {
    case Aggregate::Sum:
        return QObject::tr("the sum of %1").arg(a.itemExpression);
    case Aggregate::Mean:
        return QObject::tr("the mean of %1").arg(a.itemExpression);
    case Aggregate::Count:
        return QObject::tr("the number of items");
    case Aggregate::Rate:
        return QObject::tr("the share of items where %1 is not 0").arg(a.itemExpression);
    }
    return {};
}

} // namespace

QString formulaInWords(const BusinessMetric &metric)
{
    QStringList parts;
    for (const MetricAggregate &a : metric.aggregates)
        parts << QStringLiteral("%1 = %2").arg(a.name, aggregateInWords(a));
    QString text = QObject::tr("Over %1: %2.").arg(selectionInWords(metric), parts.join(QStringLiteral("; ")));
    const QString outer = metric.outerExpression.trimmed();
    if (!outer.isEmpty())
        text += QObject::tr(" Value: %1.").arg(outer);
    return text;
}

} // namespace mb::business
