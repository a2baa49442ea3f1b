// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/DatasetImportWorker.h"

#include "db/Workspace.h"

namespace mb::services {

DatasetImportWorker::DatasetImportWorker(QString workspacePath, std::int64_t projectId,
                                         services::DatasetImportRequest request)
    : m_workspacePath(std::move(workspacePath)), m_projectId(projectId), m_request(std::move(request))
{
}

void DatasetImportWorker::run()
{
    Result<std::unique_ptr<db::Workspace>> workspace = db::Workspace::open(m_workspacePath);
    if (!workspace) {
        Q_EMIT finished(0, false, workspace.error());
        return;
    }
    int lastPermille = -1;
    Result<services::DatasetImportOutcome> outcome =
        services::importDataset((*workspace)->database(), m_projectId, m_request, &m_cancel, [&](double fraction) {
            // Only whole steps cross threads, so a fast import does not flood the event queue.
            const int permille = int(fraction * 1000);
            if (permille != lastPermille) {
                lastPermille = permille;
                Q_EMIT progressed(permille);
            }
        });
    if (!outcome) {
        Q_EMIT finished(0, false, outcome.error());
        return;
    }
    Q_EMIT finished(
        outcome->version.id, outcome->existed,
        outcome->existed
            ? tr("These bytes were already imported with these options: version %1.").arg(outcome->version.id)
            : tr("Imported %1: %2 rows.").arg(outcome->version.name).arg(outcome->version.rowCount));
}

} // namespace mb::services
