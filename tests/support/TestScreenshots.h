// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Screenshots of what a GUI test drove, for a person to look at: written only when the variable
// MB_TEST_SCREENSHOTS names a folder, so the suite itself writes nothing.

#include <QDir>
#include <QImage>
#include <QString>
#include <QWidget>

namespace mbtest {

// True when nothing was asked for or the PNG was written.
inline bool saveScreenshot(const QImage &image, const QString &name)
{
    const QString folder = qEnvironmentVariable("MB_TEST_SCREENSHOTS");
    if (folder.isEmpty())
        return true;
    QDir().mkpath(folder);
    return image.save(QDir(folder).filePath(name + QStringLiteral(".png")));
}

inline bool saveScreenshot(QWidget *widget, const QString &name)
{
    return saveScreenshot(widget->grab().toImage(), name);
}

} // namespace mbtest
