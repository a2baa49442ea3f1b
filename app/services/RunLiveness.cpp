// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/RunLiveness.h"

#include "app/services/ProcessLiveness.h"
#include "core/ExternalRun.h"

#include <QSysInfo>

namespace mb::services {

bool workerIsGone(const db::RunRecord &run)
{
    return run.workerPid && processIsGone(run.host, *run.workerPid);
}

Result<QList<db::RunRecord>> deadRuns(db::Database &db, int staleAfterSeconds)
{
    const Result<QList<db::RunRecord>> stale = db::RunRepository(db).staleRunningRuns(staleAfterSeconds);
    if (!stale)
        return Error{stale.error()};
    QList<db::RunRecord> dead;
    for (const db::RunRecord &run : *stale) {
        // Another tool trains an external run and logs when it has something: silence says nothing
        // about it. It ends with `log finish`.
        if (isExternalRun(run.config))
            continue;
        const bool elsewhere = run.host != QSysInfo::machineHostName();
        if (elsewhere || workerIsGone(run))
            dead << run;
    }
    return dead;
}

Result<int> interruptDeadRuns(db::Database &db, int staleAfterSeconds)
{
    const Result<QList<db::RunRecord>> dead = deadRuns(db, staleAfterSeconds);
    if (!dead)
        return Error{dead.error()};
    db::RunRepository runs(db);
    int marked = 0;
    for (const db::RunRecord &run : *dead) {
        const Result<bool> interrupted = runs.markInterrupted(run);
        if (!interrupted)
            return Error{interrupted.error()};
        marked += *interrupted ? 1 : 0;
    }
    return marked;
}

} // namespace mb::services
