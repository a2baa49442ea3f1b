// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/runs/ArchivedRunsToggle.h"

#include "db/RunArchive.h"

#include <QCheckBox>
#include <QCoreApplication>

namespace mb::ui {

QCheckBox *makeShowArchivedBox(const QString &objectName)
{
    auto *box = new QCheckBox(QCoreApplication::translate("ArchivedRuns", "Archived"));
    box->setObjectName(objectName);
    box->setToolTip(QCoreApplication::translate(
        "ArchivedRuns", "Show archived runs: they are kept whole but hidden from this table unless this is ticked"));
    return box;
}

Result<QList<db::RunRecord>> shownRuns(db::Database &database, std::int64_t projectId, QList<db::RunRecord> runs,
                                       bool showArchived)
{
    if (showArchived)
        return runs;
    const Result<QSet<std::int64_t>> archived = db::RunArchive(database).archivedRunIds(projectId);
    if (!archived)
        return Error{archived.error()};
    if (!archived->isEmpty())
        runs.removeIf([&](const db::RunRecord &run) { return archived->contains(run.id); });
    return runs;
}

} // namespace mb::ui
