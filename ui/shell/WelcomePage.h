// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QListWidget;

namespace mb::ui {

// Shown when no workspace is open: what MetricBridge is, and the ways to start.
class WelcomePage : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(QWidget *parent = nullptr);
    void refreshRecent();

Q_SIGNALS:
    void newWorkspaceRequested();
    void openWorkspaceRequested();
    void openDemoRequested();
    void recentWorkspaceRequested(const QString &path);

private:
    QListWidget *m_recent = nullptr; // owned by the widget tree
};

} // namespace mb::ui
