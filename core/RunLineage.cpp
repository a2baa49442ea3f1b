// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/RunLineage.h"

#include "core/NumberText.h"

#include <QHash>

#include <algorithm>
#include <cmath>

namespace mb {
namespace {

// Series-like numbers of a summary: what a re-run must reproduce. Timings (samples/s, seconds)
// differ on every run by nature and are left out.
bool isReproducibleMetric(const QString &key, const QJsonValue &value)
{
    return value.isDouble() && key.contains(QLatin1Char('/')) && !key.contains(QLatin1String("latency")) &&
           !key.endsWith(QLatin1String("_seconds"));
}

void compareMetrics(const LineageRun &parent, LineageEntry &entry)
{
    entry.comparable = parent.finished && entry.run.finished;
    if (!entry.comparable)
        return;
    QStringList keys;
    for (const QJsonObject *summary : {&parent.summary, static_cast<const QJsonObject *>(&entry.run.summary)})
        for (auto it = summary->constBegin(); it != summary->constEnd(); ++it)
            if (isReproducibleMetric(it.key(), it.value()) && !keys.contains(it.key()))
                keys << it.key();
    keys.sort();
    for (const QString &key : keys) {
        const QJsonValue before = parent.summary.value(key), after = entry.run.summary.value(key);
        if (before.isDouble() && after.isDouble() && before.toDouble() == after.toDouble())
            continue;
        entry.metricDifferences << QStringLiteral("%1 %2 → %3")
                                       .arg(key,
                                            before.isDouble() ? formatNumber(before.toDouble()) : QStringLiteral("–"),
                                            after.isDouble() ? formatNumber(after.toDouble()) : QStringLiteral("–"));
    }
}

} // namespace

QList<LineageEntry> runFamily(const QList<LineageRun> &runs, std::int64_t runId)
{
    QHash<std::int64_t, const LineageRun *> byId;
    QHash<std::int64_t, QList<const LineageRun *>> children;
    for (const LineageRun &run : runs)
        byId.insert(run.id, &run);
    if (!byId.contains(runId))
        return {};
    for (const LineageRun &run : runs)
        if (run.parentId && byId.contains(*run.parentId))
            children[*run.parentId] << &run;
    for (auto &list : children)
        std::sort(list.begin(), list.end(), [](const LineageRun *a, const LineageRun *b) { return a->id < b->id; });

    const LineageRun *root = byId.value(runId);
    QList<std::int64_t> seen; // a cycle cannot be stored (a parent is older), but never loop on one
    while (root->parentId && byId.contains(*root->parentId) && !seen.contains(root->id)) {
        seen << root->id;
        root = byId.value(*root->parentId);
    }

    QList<LineageEntry> family;
    const auto visit = [&](const auto &self, const LineageRun *run, const LineageRun *parent, int depth) -> void {
        LineageEntry entry;
        entry.run = *run;
        entry.depth = depth;
        if (!parent) {
            entry.kind = run->parentId ? LineageKind::Orphan : LineageKind::Root;
        } else if (run->configSha256 == parent->configSha256) {
            entry.kind = LineageKind::Rerun;
            compareMetrics(*parent, entry);
        } else {
            entry.kind = LineageKind::Fork;
            entry.configChanges = diffJson(parent->config, run->config);
        }
        family << entry;
        if (depth > 64)
            return;
        for (const LineageRun *child : children.value(run->id))
            self(self, child, run, depth + 1);
    };
    visit(visit, root, nullptr, 0);
    return family;
}

QString lineageText(const LineageEntry &entry)
{
    const std::int64_t parent = entry.run.parentId.value_or(0);
    switch (entry.kind) {
    case LineageKind::Root:
        return QStringLiteral("first of its line");
    case LineageKind::Orphan:
        return QStringLiteral("child of #%1 (not in this project's runs)").arg(parent);
    case LineageKind::Rerun:
        if (!entry.comparable)
            return QStringLiteral("re-run of #%1: not both finished yet").arg(parent);
        if (entry.metricDifferences.isEmpty())
            return QStringLiteral("re-run of #%1: metrics identical").arg(parent);
        return QStringLiteral("re-run of #%1: differs in %2")
            .arg(parent)
            .arg(entry.metricDifferences.join(QStringLiteral("; ")));
    case LineageKind::Fork: {
        QStringList changes;
        for (const JsonChange &change : entry.configChanges) {
            if (change.field == QLatin1String("name"))
                continue; // a fork is renamed by default: not what people look for
            changes << (change.kind == JsonChange::Kind::Added
                            ? QStringLiteral("+%1 %2").arg(change.field, change.after)
                        : change.kind == JsonChange::Kind::Removed
                            ? QStringLiteral("-%1").arg(change.field)
                            : QStringLiteral("%1 %2 → %3").arg(change.field, change.before, change.after));
        }
        return changes.isEmpty()
                   ? QStringLiteral("fork of #%1: only renamed").arg(parent)
                   : QStringLiteral("fork of #%1: %2").arg(parent).arg(changes.join(QStringLiteral("; ")));
    }
    }
    return {};
}

} // namespace mb
