// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/RunLiveness.h"

#include "core/ExternalRun.h"

#include <QFile>
#include <QSysInfo>

#include <cerrno>
#include <csignal>

namespace mb::services {

namespace {

// Linux's view of process `pid`: its state letter (man 5 proc, /proc/pid/stat) and its command
// line. Empty when /proc does not have it.
struct ProcessView {
    char state = 0;
    QByteArray commandLine;
};

ProcessView viewOf(std::int64_t pid)
{
    ProcessView view;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (stat.open(QIODevice::ReadOnly)) {
        // "pid (comm) S ...": the command may hold spaces and parentheses, the state follows the last ')'.
        const QByteArray line = stat.readAll();
        const qsizetype close = line.lastIndexOf(')');
        if (close >= 0 && close + 2 < line.size())
            view.state = line.at(close + 2);
    }
    QFile commandLine(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (commandLine.open(QIODevice::ReadOnly))
        view.commandLine = commandLine.readAll();
    return view;
}

} // namespace

bool workerIsGone(const db::RunRecord &run)
{
    if (!run.workerPid || *run.workerPid <= 0 || run.host != QSysInfo::machineHostName())
        return false;
    const pid_t pid = pid_t(*run.workerPid);
    if (::kill(pid, 0) != 0 && errno == ESRCH)
        return true;
    const ProcessView view = viewOf(pid);
    if (view.state == 'Z' || view.state == 'X')
        return true; // dead, not yet reaped by its parent
    // A pid is reused once its process is gone: a live process that is not ours is not the worker.
    // Both `metricbridge train` (which replaces itself with the worker) and the worker carry the
    // name in their command line.
    return !view.commandLine.isEmpty() && !view.commandLine.contains("metricbridge");
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
