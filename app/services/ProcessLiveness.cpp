// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/ProcessLiveness.h"

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

bool processIsGone(const QString &host, std::int64_t pid)
{
    if (pid <= 0 || host != QSysInfo::machineHostName())
        return false;
    if (::kill(pid_t(pid), 0) != 0 && errno == ESRCH)
        return true;
    const ProcessView view = viewOf(pid);
    if (view.state == 'Z' || view.state == 'X')
        return true; // dead, not yet reaped by its parent
    // A pid is reused once its process is gone: a live process that is not ours is not the writer.
    // `metricbridge train` (which replaces itself with the worker), the worker, `metricbridge
    // dataset import` and the window all carry the name in their command line.
    return !view.commandLine.isEmpty() && !view.commandLine.contains("metricbridge");
}

} // namespace mb::services
