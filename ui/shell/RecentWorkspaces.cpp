// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/shell/RecentWorkspaces.h"

#include <QFileInfo>
#include <QSettings>

namespace mb::ui {
namespace {

const QString kKey = QStringLiteral("workspaces/recent");

void store(const QStringList &paths)
{
    QSettings().setValue(kKey, paths);
}

} // namespace

QStringList RecentWorkspaces::list()
{
    QStringList existing;
    const QStringList stored = QSettings().value(kKey).toStringList();
    for (const QString &path : stored)
        if (QFileInfo::exists(path))
            existing << path;
    return existing;
}

void RecentWorkspaces::add(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList paths = QSettings().value(kKey).toStringList();
    paths.removeAll(absolute);
    paths.prepend(absolute);
    store(paths.mid(0, kMaximum));
}

void RecentWorkspaces::remove(const QString &path)
{
    QStringList paths = QSettings().value(kKey).toStringList();
    paths.removeAll(QFileInfo(path).absoluteFilePath());
    store(paths);
}

QString RecentWorkspaces::last()
{
    const QStringList paths = list();
    return paths.isEmpty() ? QString() : paths.constFirst();
}

} // namespace mb::ui
