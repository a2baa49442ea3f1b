// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

class QThread;

namespace mb::db {
class CancellableWorkspaceCheck;
}

namespace mb::ui {

// The full check of a workspace (db::checkWorkspace: every page, key, dataset and artifact) that
// the window runs when the last session on the file did not close cleanly (SessionMarks), since
// opening checks only what it reads. It runs on a thread of its own with a read-only connection of
// its own, so the window stays live and writes go on; the answer arrives on the GUI thread. A new
// start() or the object's end cancels the check under way.
// Thread contract: created and used on the GUI thread; the check runs on a QThread it starts.
class UncleanCloseCheck : public QObject {
    Q_OBJECT
public:
    explicit UncleanCloseCheck(QObject *parent = nullptr);
    ~UncleanCloseCheck() override;

    void start(const QString &workspacePath);
    void cancel();
    bool isRunning() const { return m_thread != nullptr; }

Q_SIGNALS:
    // The workspace is sound; `summary`: what was checked, one line each.
    void passed(const QString &workspacePath, const QStringList &summary);
    // Damage found, one line per problem.
    void damaged(const QString &workspacePath, const QStringList &problems);
    // The check itself could not run (the file vanished, it was cancelled).
    void failed(const QString &workspacePath, const QString &message);

private:
    void stop();

    QThread *m_thread = nullptr; // the running check's; deleted when it ends
    std::shared_ptr<db::CancellableWorkspaceCheck> m_check;
    quint64 m_generation = 0; // answers of a cancelled check are dropped
};

} // namespace mb::ui
