// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/framing/FramingFieldLabels.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace mb::ui {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("FramingFieldLabels", text);
}

// "Business metric 'revenue'", or its position when the entry has no name yet.
QString entryLabel(const QString &what, int index, const QString &name)
{
    return name.trimmed().isEmpty() ? QStringLiteral("%1 %2").arg(what).arg(index + 1)
                                    : QStringLiteral("%1 '%2'").arg(what, name.trimmed());
}

QString joined(const QString &entry, const QString &field)
{
    return field.isEmpty() ? entry : QStringLiteral("%1 › %2").arg(entry, field);
}

QString metricFieldLabel(const QString &rest, const BusinessMetric &metric)
{
    static const QRegularExpression aggregate(QStringLiteral(R"(^\.aggregates\[(\d+)\](\.name|\.expression)?$)"));
    if (rest.isEmpty())
        return {};
    if (rest == QLatin1String(".name"))
        return tr("Name");
    if (rest == QLatin1String(".unit"))
        return tr("Unit");
    if (rest == QLatin1String(".selection.parameter"))
        return tr("Cut-off");
    if (rest.startsWith(QLatin1String(".selection")))
        return tr("Items counted");
    if (rest == QLatin1String(".outer_expression"))
        return tr("Combined as");
    if (const QRegularExpressionMatch m = aggregate.match(rest); m.hasMatch()) {
        const int index = m.captured(1).toInt();
        const QString entry = entryLabel(tr("aggregate"), index, metric.aggregates.value(index).name);
        const QString field = m.captured(2) == QLatin1String(".name")         ? tr("Name")
                              : m.captured(2) == QLatin1String(".expression") ? tr("Per-item expression")
                                                                              : QString();
        return field.isEmpty() ? entry : QStringLiteral("%1 of %2").arg(field, entry);
    }
    if (rest.startsWith(QLatin1String(".aggregates")))
        return tr("Aggregates");
    return {};
}

QString stakeholderFieldLabel(const QString &rest)
{
    if (rest == QLatin1String(".role"))
        return tr("Role");
    if (rest == QLatin1String(".requirement.metric"))
        return tr("Metric");
    if (rest == QLatin1String(".requirement.comparator"))
        return tr("Must be");
    if (rest == QLatin1String(".requirement.value"))
        return tr("Value");
    return {};
}

} // namespace

QString fieldLabel(const QString &path, const Framing &framing)
{
    static const QRegularExpression listEntry(QStringLiteral(R"(^(\w+)\[(\d+)\](.*)$)"));
    const QRegularExpressionMatch m = listEntry.match(path);
    const QString list = m.hasMatch() ? m.captured(1) : path;
    const int index = m.hasMatch() ? m.captured(2).toInt() : -1;
    const QString rest = m.hasMatch() ? m.captured(3) : QString();

    if (list == QLatin1String("business_goal"))
        return tr("Business goal");
    if (list == QLatin1String("target_columns"))
        return tr("Target column(s)");
    if (list == QLatin1String("value_columns"))
        return tr("Value columns");
    if (path == QLatin1String("reframing"))
        return tr("Reframing");
    if (path.startsWith(QLatin1String("reframing.bucket_edges")))
        return tr("Bucket edges");
    if (path == QLatin1String("reframing.threshold"))
        return tr("Threshold");
    if (path == QLatin1String("alpha"))
        return tr("Weights › alpha");
    if (path == QLatin1String("beta"))
        return tr("Weights › beta");
    if (list == QLatin1String("objectives")) {
        if (index < 0)
            return tr("Objectives");
        const QString entry = entryLabel(tr("Objective"), index, framing.objectives.value(index).name);
        return joined(entry, rest == QLatin1String(".loss")   ? tr("Loss")
                             : rest == QLatin1String(".name") ? tr("Objective")
                                                              : QString());
    }
    if (list == QLatin1String("business_metrics") && index >= 0) {
        const BusinessMetric metric = framing.businessMetrics.value(index);
        return joined(entryLabel(tr("Business metric"), index, metric.name), metricFieldLabel(rest, metric));
    }
    if (list == QLatin1String("stakeholders") && index >= 0)
        return joined(entryLabel(tr("Stakeholder"), index, framing.stakeholders.value(index).role),
                      stakeholderFieldLabel(rest));
    if (list == QLatin1String("constraints"))
        return index < 0 ? tr("Constraints") : tr("Constraints, line %1").arg(index + 1);
    return path;
}

} // namespace mb::ui
