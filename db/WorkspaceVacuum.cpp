// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/WorkspaceVacuum.h"

#include "db/Database.h"
#include "db/Deletion.h"
#include "db/Guard.h"
#include "db/MetricSeriesStore.h"

#include <QFileInfo>

namespace mb::db {

std::int64_t workspaceBytesOnDisk(const Database &db)
{
    std::int64_t bytes = 0;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        const QFileInfo file(db.path() + suffix);
        if (file.exists())
            bytes += file.size();
    }
    return bytes;
}

Result<VacuumOutcome> vacuumWorkspace(Database &db)
{
    VacuumOutcome outcome;
    outcome.bytesBefore = workspaceBytesOnDisk(db);
    const Result<std::int64_t> dropped = Deletion(db).dropUnnamedArtifacts();
    if (!dropped)
        return Error{dropped.error()};
    outcome.droppedArtifacts = *dropped;
    return guarded(QStringLiteral("cannot vacuum the workspace"), [&] {
        outcome.mergedRuns = mergeChunksOfEndedRuns(db, MetricSeriesWriter::kDefaultChunkPoints);
        db.exec("VACUUM");
        db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        outcome.bytesAfter = workspaceBytesOnDisk(db);
        return outcome;
    });
}

} // namespace mb::db
