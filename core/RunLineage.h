// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/FramingDiff.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

namespace mb {

// A run as its lineage needs it: who its parent is, its config and what it measured.
struct LineageRun {
    std::int64_t id = 0;
    std::optional<std::int64_t> parentId;
    QString name;
    QString configSha256;
    QJsonObject config;
    QJsonObject summary;   // the numbers it reported (validation/loss, test/roc_auc, ...)
    bool finished = false; // only a finished run's metrics are final
};

// A re-run has its parent's config (same SHA-256); a fork was edited before it was launched.
enum class LineageKind { Root, Rerun, Fork, Orphan };

struct LineageEntry {
    LineageRun run;
    LineageKind kind = LineageKind::Root;
    int depth = 0; // 0 for the family's root
    // Re-run: whether both are finished and every metric came out the same; the metrics that did not.
    bool comparable = false;
    QStringList metricDifferences; // "validation/loss 0.31 → 0.32"
    // Fork: what was edited, by config path.
    QList<JsonChange> configChanges;
};

// The family of `runId` among `runs`: its oldest ancestor there, then every descendant, depth
// first, each parent before its children and siblings by id. A parent not among `runs` makes its
// child the root (kind Orphan). Empty when `runId` is not among them.
QList<LineageEntry> runFamily(const QList<LineageRun> &runs, std::int64_t runId);

// One line for people: "re-run of #3: metrics identical", "re-run of #3: differs in validation/loss
// 0.31 → 0.32", "fork of #3: optimizer.lr 0.001 → 0.01", "root".
QString lineageText(const LineageEntry &entry);

} // namespace mb
