// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace mb::ui {

// The recently opened workspaces, newest first, kept in QSettings (an XDG config file).
class RecentWorkspaces {
public:
    static constexpr int kMaximum = 10;

    static QStringList list(); // only files that still exist
    static void add(const QString &path);
    static void remove(const QString &path);
    static QString last(); // empty when none
};

} // namespace mb::ui
