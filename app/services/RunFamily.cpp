// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/RunFamily.h"

#include <QJsonObject>

namespace mb::services {
namespace {

QString kindKey(LineageKind kind)
{
    switch (kind) {
    case LineageKind::Root:
        return QStringLiteral("root");
    case LineageKind::Rerun:
        return QStringLiteral("rerun");
    case LineageKind::Fork:
        return QStringLiteral("fork");
    case LineageKind::Orphan:
        return QStringLiteral("orphan");
    }
    return {};
}

QString changeKindKey(JsonChange::Kind kind)
{
    switch (kind) {
    case JsonChange::Kind::Added:
        return QStringLiteral("added");
    case JsonChange::Kind::Removed:
        return QStringLiteral("removed");
    case JsonChange::Kind::Changed:
        return QStringLiteral("changed");
    }
    return {};
}

} // namespace

LineageRun lineageRun(const db::RunRecord &run)
{
    return LineageRun{run.id,
                      run.parentRunId,
                      run.name,
                      run.configSha256,
                      run.config,
                      run.summary,
                      run.status == db::RunStatus::Finished};
}

Result<QList<LineageEntry>> storedRunFamily(db::Database &db, std::int64_t runId)
{
    db::RunRepository repository(db);
    const Result<db::RunRecord> run = repository.run(runId);
    if (!run)
        return Error{run.error()};
    const Result<QList<db::RunRecord>> runs = repository.runs(run->projectId);
    if (!runs)
        return Error{runs.error()};
    QList<LineageRun> lineage;
    lineage.reserve(runs->size());
    for (const db::RunRecord &r : *runs)
        lineage << lineageRun(r);
    return runFamily(lineage, runId);
}

QJsonArray lineageJson(const QList<LineageEntry> &family)
{
    QJsonArray array;
    for (const LineageEntry &entry : family) {
        QJsonObject object{
            {QStringLiteral("id"), qint64(entry.run.id)},
            {QStringLiteral("name"), entry.run.name},
            {QStringLiteral("parent"), entry.run.parentId ? QJsonValue(qint64(*entry.run.parentId)) : QJsonValue()},
            {QStringLiteral("kind"), kindKey(entry.kind)},
            {QStringLiteral("depth"), entry.depth},
            {QStringLiteral("text"), lineageText(entry)}};
        if (entry.kind == LineageKind::Rerun) {
            object.insert(QStringLiteral("metrics_identical"),
                          entry.comparable ? QJsonValue(entry.metricDifferences.isEmpty()) : QJsonValue());
            object.insert(QStringLiteral("metric_differences"), QJsonArray::fromStringList(entry.metricDifferences));
        }
        if (entry.kind == LineageKind::Fork) {
            QJsonArray changes;
            for (const JsonChange &change : entry.configChanges)
                changes.append(QJsonObject{{QStringLiteral("field"), change.field},
                                           {QStringLiteral("kind"), changeKindKey(change.kind)},
                                           {QStringLiteral("before"), change.before},
                                           {QStringLiteral("after"), change.after}});
            object.insert(QStringLiteral("config_changes"), changes);
        }
        array.append(object);
    }
    return array;
}

} // namespace mb::services
