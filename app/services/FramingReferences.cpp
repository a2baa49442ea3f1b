// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/FramingReferences.h"

#include "app/services/RunMetrics.h"
#include "core/NearestNames.h"
#include "db/DatasetRepository.h"

namespace mb::services {
namespace {

QString unknownName(const QString &field, const QString &name, const QString &what, const QStringList &choices)
{
    return QStringLiteral("%1: '%2' is not %3; the choices: %4")
        .arg(field, name, what, nearestFirstText(name, choices));
}

// Every column name of the project's dataset versions, in the order first seen (newest first).
Result<QStringList> projectColumns(db::Database &db, std::int64_t projectId)
{
    const Result<QList<db::DatasetVersionInfo>> versions = db::DatasetRepository(db).versions(projectId);
    if (!versions)
        return Error{versions.error()};
    QStringList columns;
    for (const db::DatasetVersionInfo &version : *versions)
        for (const data::ColumnSchema &column : version.schema)
            columns << column.name;
    columns.removeDuplicates();
    return columns;
}

} // namespace

Result<QStringList> unresolvedFramingReferences(db::Database &db, std::int64_t projectId, const Framing &framing)
{
    QStringList warnings;
    const Result<QStringList> columns = projectColumns(db, projectId);
    if (!columns)
        return Error{columns.error()};
    if (!columns->isEmpty()) {
        const QString what = QStringLiteral("a column of any dataset version of the project");
        for (const auto &[field, names] : {std::pair{QStringLiteral("target_columns"), framing.targetColumns},
                                           std::pair{QStringLiteral("value_columns"), framing.valueColumns}})
            for (const QString &name : names)
                if (!columns->contains(name))
                    warnings << unknownName(field, name, what, *columns);
    }

    // A name without '/' can only be a business metric or a latency: that list is complete. A
    // measured ML metric (test/roc_auc) is judged against the runs evaluated so far, if any.
    QStringList named;
    for (const BusinessMetric &metric : framing.businessMetrics)
        named << metric.name;
    named << latencyValueNames();
    const Result<QStringList> judgeable = requirementMetricNames(db, projectId, framing);
    if (!judgeable)
        return Error{judgeable.error()};
    QStringList measured;
    for (const QString &name : *judgeable)
        if (name.contains(QLatin1Char('/')))
            measured << name;
    for (qsizetype i = 0; i < framing.stakeholders.size(); ++i) {
        const QString &metric = framing.stakeholders.at(i).requirementMetric;
        const QString field = QStringLiteral("stakeholders[%1].requirement.metric").arg(i);
        if (!metric.contains(QLatin1Char('/'))) {
            if (!named.contains(metric))
                warnings << unknownName(field, metric, QStringLiteral("a business metric of this framing or a latency"),
                                        named);
        } else if (!measured.isEmpty() && !measured.contains(metric)) {
            warnings << unknownName(field, metric, QStringLiteral("a metric any evaluated run of the project has"),
                                    measured);
        }
    }
    return warnings;
}

} // namespace mb::services
