// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>

#include <cstdint>

class QAction;
class QCheckBox;
class QPushButton;
class QWidget;

namespace mb::db {
class Database;
}

namespace mb::ui {

class NoticeBar;
class UndoableDeletion;

// The Runs page's Archive button, its Delete… button and action (context menu, Delete key), its
// "Archived" box and its undo bar.
// Archiving is instant and reversible, so it asks nothing and offers Undo on the bar. Deleting
// goes through UndoableDeletion: a refusal (a run in progress, a parent, a run a policy weighs)
// comes back as errorOccurred with the store's message naming what is in the way before anything
// is asked; otherwise the question names the runs, evaluations, checkpoints and bytes that go, and
// a second bar offers Undo afterwards. The page reloads its runs on changed().
// Thread contract: GUI thread; archiving uses the window's connection, deleting threads of its own.
class RunLifecycleActions : public QObject {
    Q_OBJECT
public:
    explicit RunLifecycleActions(QWidget *page);

    void setDatabase(db::Database *database, const QString &workspacePath, std::int64_t projectId);
    // The runs the button and action act on; they are enabled when there are some. When every one
    // of them is archived, the Archive button unarchives.
    void setSelection(const QList<std::int64_t> &runIds);

    bool archive(const QList<std::int64_t> &runIds);
    bool unarchive(const QList<std::int64_t> &runIds);
    // Looks, asks, deletes and offers Undo (UndoableDeletion); false when nothing was started.
    bool deleteInteractively(const QList<std::int64_t> &runIds);
    // Brings back the runs the undo bar names.
    void undo();

    QPushButton *archiveButton() const { return m_archiveButton; }
    QAction *deleteAction() const { return m_deleteAction; }
    QPushButton *deleteButton() const { return m_deleteButton; } // triggers deleteAction
    QCheckBox *showArchivedBox() const { return m_showArchived; }
    NoticeBar *undoBar() const { return m_undoBar; }
    UndoableDeletion *deletion() const { return m_deletion; }
    bool showArchived() const;

Q_SIGNALS:
    void changed();
    void errorOccurred(const QString &message);
    void statusMessage(const QString &message);

private:
    bool allArchived(const QList<std::int64_t> &runIds) const;
    void offerUndo(const QString &text, const QList<std::int64_t> &archived);

    db::Database *m_database = nullptr; // not owned
    std::int64_t m_projectId = 0;
    QList<std::int64_t> m_selection;
    QList<std::int64_t> m_undoable; // the runs the undo bar would bring back
    QWidget *m_page = nullptr;      // the parent of the question box

    // Owned by the page's widget tree once the page lays them out.
    QPushButton *m_archiveButton = nullptr;
    QAction *m_deleteAction = nullptr; // owned (child of the page)
    QPushButton *m_deleteButton = nullptr;
    QCheckBox *m_showArchived = nullptr;
    NoticeBar *m_undoBar = nullptr;
    UndoableDeletion *m_deletion = nullptr; // owned (child of this)
};

} // namespace mb::ui
