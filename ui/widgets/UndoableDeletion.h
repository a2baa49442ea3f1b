// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "db/Deletion.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>

class QPushButton;
class QWidget;

namespace mb::ui {

class NoticeBar;

// What the user asked to delete: how to name it, and the db::Deletion call that deletes it.
struct DeletionRequest {
    QString what;  // "run #4", "dataset version 3 of 'news'", "project 'Newsfeed'"
    QString aside; // an extra sentence for the question ("Archive hides runs instead…"), or empty
    std::function<Result<db::DeletionOutcome>(db::Deletion &)> remove;
};

// Delete with a question first and Undo after, the one flow for runs, evaluations, dataset versions
// and projects in the window:
//  1. a preview (DeletionMode::Preview: every check and DELETE, rolled back) finds a refusal, shown
//     as errorOccurred in the store's words before anything is asked, or the exact counts and bytes;
//  2. the question names them; "No" changes nothing;
//  3. the deletion commits, and the bar offers Undo until it is closed, another deletion replaces it
//     or the workspace changes. Undo puts every row back with its ids (db::Deletion::undo).
// The deletion is final when it commits (nothing stays pending on disk, so a crash loses only the
// chance to undo and leaves no orphan blob); the undo data lives in memory meanwhile.
// Steps 1, 3 and Undo read every removed row (checkpoints, predictions), so each runs on a thread of
// its own with its own connection to the workspace file; the window keeps painting. One at a time.
// Thread contract: GUI thread; the work runs on short-lived threads.
class UndoableDeletion : public QObject {
    Q_OBJECT
public:
    // `name` names the bar and its button for tests ("<name>UndoBar", "<name>UndoButton").
    UndoableDeletion(QWidget *page, const QString &name);

    // The workspace file the threads open; clears the Undo offer (it belongs to the old one).
    void setWorkspace(const QString &path);
    // Starts the flow; false when one is still running or there is no workspace.
    bool start(const DeletionRequest &request);
    void undo();
    // Forgets the Undo offer (the deletion stands) and hides the bar.
    void dismiss();
    bool busy() const { return m_busy; }
    NoticeBar *undoBar() const { return m_undoBar; }

    // "2 runs, 5 evaluations, 3 checkpoints, 12.4 MB": what a deletion takes, for the question.
    static QString describe(const db::DeletionOutcome &outcome);

Q_SIGNALS:
    void busyChanged(bool busy);
    void deleted(const db::DeletionOutcome &outcome); // committed; the page reloads
    void restored();                                  // Undo put it back; the page reloads
    void errorOccurred(const QString &message);
    void statusMessage(const QString &message);

private:
    using Work = std::function<Result<db::DeletionOutcome>(db::Deletion &)>;
    // Runs `work` on a thread with its own connection and a Deletion in `mode`; `done` gets its result.
    void runOnThread(db::DeletionMode mode, Work work, std::function<void(const Result<db::DeletionOutcome> &)> done);
    void setBusy(bool busy);
    void onPreviewed(const DeletionRequest &request, const Result<db::DeletionOutcome> &preview);

    QWidget *m_page = nullptr; // the parent of the question box
    QString m_workspacePath;
    bool m_busy = false;
    QString m_undoWhat;             // what the bar would bring back
    QByteArray m_undo;              // the changes that bring it back
    NoticeBar *m_undoBar = nullptr; // owned by the page's widget tree once laid out
    // Bumped by setWorkspace: a reply about the previous workspace only ends the busy state.
    int m_generation = 0;
};

} // namespace mb::ui
