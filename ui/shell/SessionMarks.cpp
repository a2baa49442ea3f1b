// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/shell/SessionMarks.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFileInfo>
#include <QSettings>
#include <QStringList>
#include <QSysInfo>

#include <cerrno>
#include <csignal>

namespace mb::ui::SessionMarks {
namespace {

// One settings key per workspace: its canonical path hashed, since a path's slashes would open
// settings groups.
QString keyOf(const QString &workspacePath)
{
    const QString canonical = QFileInfo(workspacePath).canonicalFilePath();
    const QByteArray hash =
        QCryptographicHash::hash((canonical.isEmpty() ? workspacePath : canonical).toUtf8(), QCryptographicHash::Sha1);
    return QStringLiteral("openWorkspaces/") + QString::fromLatin1(hash.toHex());
}

// "host pid", the form a mark takes.
QString thisProcess()
{
    return QStringLiteral("%1 %2").arg(QSysInfo::machineHostName()).arg(QCoreApplication::applicationPid());
}

bool hasEnded(const QString &mark)
{
    const qsizetype space = mark.lastIndexOf(QLatin1Char(' '));
    if (space < 0 || mark.left(space) != QSysInfo::machineHostName())
        return false; // another host's process: it cannot be asked, so it is not declared dead
    bool ok = false;
    const qint64 pid = mark.mid(space + 1).toLongLong(&ok);
    // Signal 0 only asks whether the process exists; EPERM: it does, as another user's.
    return ok && pid > 0 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH;
}

} // namespace

bool markOpen(const QString &workspacePath)
{
    QSettings settings;
    settings.sync(); // another window may have written since this process last read
    const QString key = keyOf(workspacePath);
    QStringList marks = settings.value(key).toStringList();
    const qsizetype before = marks.size();
    marks.removeIf(hasEnded);
    const bool unclean = marks.size() != before;
    if (!marks.contains(thisProcess()))
        marks << thisProcess();
    settings.setValue(key, marks);
    settings.sync(); // a kill right after the open must find the mark on disk
    return unclean;
}

void clear(const QString &workspacePath)
{
    QSettings settings;
    settings.sync();
    const QString key = keyOf(workspacePath);
    QStringList marks = settings.value(key).toStringList();
    marks.removeAll(thisProcess());
    if (marks.isEmpty())
        settings.remove(key);
    else
        settings.setValue(key, marks);
}

} // namespace mb::ui::SessionMarks
