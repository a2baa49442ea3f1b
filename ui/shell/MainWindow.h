// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

#include <cstdint>
#include <memory>

class QComboBox;
class QLabel;
class QListWidget;
class QMenu;
class QPushButton;
class QStackedWidget;

namespace mb::db {
class Workspace;
}

namespace mb::ui {

class DataPage;
class ErrorBanner;
class FramingPage;
class ComparePage;
class ReportPage;
class RunsPage;
class SampleNotice;
class TradeoffsPage;
class UncleanCloseCheck;
class UndoableDeletion;
class WelcomePage;

// The window: a welcome screen when no workspace is open, otherwise the project picker and the
// workflow pages. It owns the open workspace and delegates each page to its own widget.
// Errors show in a banner at the top rather than in modal dialogs, so work is never blocked.
// Thread contract: GUI thread.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    bool openWorkspace(const QString &path);
    bool createWorkspace(const QString &path);
    // Asks about unsaved edits first; false when the user cancels.
    bool closeWorkspace();
    bool createProject(const QString &name);
    bool selectProject(const QString &name);
    // "Delete project…": the project shown with everything it holds (asks first, naming the runs,
    // evaluations and bytes that go; Undo follows on the bar under the project picker).
    bool deleteProjectInteractively();
    UndoableDeletion *projectDeletion() const { return m_projectDeletion; }
    // "framing", "framing-history", "data", "data-columns", "data-balance", "runs" (the current
    // run's record), "runs-config", "runs-log", "runs-artifacts", "runs-evaluations", "report"; "welcome" closes
    // nothing but shows the welcome screen.
    bool showPage(const QString &key);
    static QStringList pageKeys();

    QString workspacePath() const;
    QString errorText() const;
    // What the status bar says about the check run after an unclean close ("Checking …"); empty
    // when no check is running.
    QString integrityCheckText() const;
    FramingPage *framingPage() const { return m_framingPage; }
    DataPage *dataPage() const { return m_dataPage; }
    RunsPage *runsPage() const { return m_runsPage; }
    ComparePage *comparePage() const { return m_comparePage; }
    TradeoffsPage *tradeoffsPage() const { return m_tradeoffsPage; }
    ReportPage *reportPage() const { return m_reportPage; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void buildWorkspaceView();
    void adoptWorkspace(std::unique_ptr<db::Workspace> workspace);
    void reloadProjects(const QString &select = {});
    void onProjectChosen(int index);
    // Every page reads the project shown again (a deletion or its undo changed what it holds).
    void reloadProjectPages();
    bool confirmDiscardOrSave();
    // Asks before closing stops runs this window is training; true to go on.
    bool confirmStopRuns();
    void onNewWorkspace();
    void onOpenWorkspace();
    void onOpenDemo();
    void onNewProject();
    void rebuildRecentMenu();
    // `source`: the page whose action failed (its next success clears the banner); null for the window's.
    void showError(const QString &message, const QObject *source = nullptr);
    // Connects a page's status and error signals to the status bar and the banner.
    template<typename Page>
    void watchPage(Page *page, int statusMs);
    void clearError();
    void updateTitle();
    // Lets go of the open workspace's session mark and stops its check, if one runs.
    void releaseWorkspace();
    void startUncleanCloseCheck(const QString &path);

    std::unique_ptr<db::Workspace> m_workspace;
    std::int64_t m_projectId = 0;

    // Owned by the widget tree.
    QStackedWidget *m_stack = nullptr;
    WelcomePage *m_welcome = nullptr;
    QWidget *m_workspaceView = nullptr;
    SampleNotice *m_sampleNotice = nullptr;
    ErrorBanner *m_errorBanner = nullptr;
    QLabel *m_integrityCheckStatus = nullptr; // in the status bar while a check runs
    UncleanCloseCheck *m_uncleanCloseCheck = nullptr;
    QComboBox *m_projects = nullptr;
    QPushButton *m_deleteProject = nullptr;
    UndoableDeletion *m_projectDeletion = nullptr; // owned (child)
    QString m_deletedProjectName;                  // shown again when its deletion is undone
    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_pages = nullptr;
    FramingPage *m_framingPage = nullptr;
    DataPage *m_dataPage = nullptr;
    RunsPage *m_runsPage = nullptr;
    ComparePage *m_comparePage = nullptr;
    TradeoffsPage *m_tradeoffsPage = nullptr;
    ReportPage *m_reportPage = nullptr;
    QMenu *m_recentMenu = nullptr;
    QAction *m_closeAction = nullptr;
    QAction *m_newProjectAction = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_importAction = nullptr;
    QAction *m_launchAction = nullptr;
    QList<QAction *> m_pageActions; // Go > page, Ctrl+1 … Ctrl+6
    int m_startPage = 0;            // the navigation row the first workspace opens on
};

} // namespace mb::ui
