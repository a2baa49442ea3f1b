// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/RunArchive.h"

#include "db/Database.h"
#include "db/Guard.h"
#include "db/Timestamp.h"

namespace mb::db {

Status RunArchive::archive(const QList<std::int64_t> &runIds)
{
    return setArchived(runIds, true);
}

Status RunArchive::unarchive(const QList<std::int64_t> &runIds)
{
    return setArchived(runIds, false);
}

Status RunArchive::setArchived(const QList<std::int64_t> &runIds, bool archived)
{
    return guarded(archived ? QStringLiteral("cannot archive") : QStringLiteral("cannot unarchive"), [&] {
        Transaction transaction(m_db);
        for (const std::int64_t id : runIds) {
            Statement exists = m_db.prepare("SELECT 1 FROM runs WHERE id = ?1");
            exists.bind(1, id);
            if (!exists.step())
                throw SqlError(QStringLiteral("there is no run %1").arg(id), 0);
            if (archived) {
                // COALESCE keeps the first archiving time when a run is archived twice.
                m_db.prepare("UPDATE runs SET archived_at = COALESCE(archived_at, ?2) WHERE id = ?1")
                    .bind(1, id)
                    .bind(2, utcTimestamp())
                    .run();
            } else {
                m_db.prepare("UPDATE runs SET archived_at = NULL WHERE id = ?1").bind(1, id).run();
            }
        }
        transaction.commit();
        return Done{};
    });
}

Result<bool> RunArchive::isArchived(std::int64_t runId)
{
    return guarded(QStringLiteral("cannot read the run"), [&] {
        Statement query = m_db.prepare("SELECT archived_at IS NOT NULL FROM runs WHERE id = ?1");
        query.bind(1, runId);
        if (!query.step())
            throw SqlError(QStringLiteral("there is no run %1").arg(runId), 0);
        return query.columnInt(0) != 0;
    });
}

Result<QSet<std::int64_t>> RunArchive::archivedRunIds(std::int64_t projectId)
{
    return guarded(QStringLiteral("cannot read the archived runs"), [&] {
        Statement query = m_db.prepare("SELECT id FROM runs WHERE project_id = ?1 AND archived_at IS NOT NULL");
        query.bind(1, projectId);
        QSet<std::int64_t> ids;
        while (query.step())
            ids.insert(query.columnInt(0));
        return ids;
    });
}

} // namespace mb::db
