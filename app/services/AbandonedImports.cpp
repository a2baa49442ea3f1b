// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/AbandonedImports.h"

#include "app/services/ProcessLiveness.h"
#include "db/DatasetRepository.h"

#include <QCoreApplication>

namespace mb::services {

Result<int> discardAbandonedImports(db::Database &db)
{
    db::DatasetRepository datasets(db);
    const Result<QList<db::StagedVersion>> staged = datasets.stagedVersions();
    if (!staged)
        return Error{staged.error()};
    int discarded = 0;
    for (const db::StagedVersion &version : *staged) {
        // This process is alive whatever its command line says (a test program importing in-process).
        if (version.pid == QCoreApplication::applicationPid() || !processIsGone(version.host, version.pid))
            continue;
        if (const Status gone = datasets.discardStaged(version.versionId); !gone)
            return Error{gone.error()};
        ++discarded;
    }
    return discarded;
}

} // namespace mb::services
