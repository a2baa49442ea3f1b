// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/shell/WindowSettings.h"

#include <QListWidget>
#include <QMainWindow>
#include <QSettings>
#include <QSplitter>

namespace mb::ui::WindowSettings {
namespace {

const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kPage = QStringLiteral("window/page");
const QString kSplitters = QStringLiteral("window/splitters");

} // namespace

void save(const QMainWindow &window, const QListWidget &pageNavigation)
{
    QSettings settings;
    settings.setValue(kGeometry, window.saveGeometry());
    settings.setValue(kState, window.saveState());
    settings.setValue(kPage, pageNavigation.currentRow());
    QVariantList splitters;
    for (const QSplitter *splitter : window.findChildren<QSplitter *>())
        splitters << splitter->saveState();
    settings.setValue(kSplitters, splitters);
}

int restore(QMainWindow &window)
{
    const QSettings settings;
    if (settings.contains(kGeometry))
        window.restoreGeometry(settings.value(kGeometry).toByteArray());
    if (settings.contains(kState))
        window.restoreState(settings.value(kState).toByteArray());
    const QVariantList splitters = settings.value(kSplitters).toList();
    const QList<QSplitter *> present = window.findChildren<QSplitter *>();
    // Saved by another build with other splitters: the positions would land on the wrong ones.
    if (splitters.size() == present.size())
        for (qsizetype i = 0; i < present.size(); ++i)
            present.at(i)->restoreState(splitters.at(i).toByteArray());
    return std::max(0, settings.value(kPage, 0).toInt());
}

} // namespace mb::ui::WindowSettings
