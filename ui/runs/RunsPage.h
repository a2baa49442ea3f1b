// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QWidget>

#include <cstdint>

class QAction;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QSplitter;
class QStackedWidget;
class QTableView;
class QTimer;

namespace mb::db {
class Database;
struct SavedView;
} // namespace mb::db
namespace mb::services {
class RunQueue;
}

namespace mb::ui {

class LaunchRunDialog;
class RunLifecycleActions;
class RunCurvesPlot;
class RunDetailView;
class RunsFilterModel;
class RunsTableModel;
class SavedViewsBar;

// The Runs page: the project's runs in a sortable table filtered by a query (docs/QUERY.md), with
// saved views (query, columns, sort) and a star per run; the curves of the selected
// runs overlaid and growing while they train; the detail of the current run; and the actions
// Launch, Cancel, Re-run, Fork, Archive and Delete… (RunLifecycleActions: archived runs are hidden unless
// the "Archived" box). Runs train in worker processes started by the services::RunQueue; the
// page reads what they write (WAL) on a timer: every 500 ms while a shown run is queued or
// running, every few seconds otherwise (to see runs started from the command line). The curves
// are also read when a worker of this window reports an epoch, so an epoch's points are drawn
// when it ends rather than at the next poll.
// Thread contract: GUI thread; reads through the window's connection.
class RunsPage : public QWidget {
    Q_OBJECT
public:
    static constexpr int kLivePollMs = 500;
    static constexpr int kIdlePollMs = 3000;
    // Epochs reported within this long of one another cost one read of the curves (and one redraw).
    static constexpr int kEpochRefreshMs = 35;
    static constexpr int kInitialCurves = 5; // the newest runs are overlaid when the page opens

    explicit RunsPage(QWidget *parent = nullptr);
    ~RunsPage() override;

    // A null database closes the page (and stops the workers of the workspace).
    void setProject(db::Database *database, const QString &workspacePath, std::int64_t projectId);
    // Reads every run of the project again.
    void reload();
    // Reads what changed: active runs, new runs, new points. Called by the timer.
    void poll();

    // Opens the launch dialog (not modal for the event loop: it returns at once).
    LaunchRunDialog *launchInteractively();
    LaunchRunDialog *forkInteractively(std::int64_t runId);
    bool rerun(std::int64_t runId);
    bool cancelRun(std::int64_t runId);
    // The Cancel run button: asks first, since a cancelled run cannot be resumed (a running one
    // keeps its curves but gets no evaluation), then cancelRun. False when the user kept it.
    bool cancelInteractively(std::int64_t runId);
    // Selects these runs in the table (their curves overlay); the first becomes the current run.
    void selectRuns(const QList<std::int64_t> &runIds, bool scroll = true);
    QList<std::int64_t> selectedRunIds() const;
    std::int64_t currentRunId() const;
    void setFilterText(const QString &text);
    // The table as it is now, as a view to save: the filter, the columns shown (empty: all) and the sort.
    db::SavedView currentView() const;
    // Applies a saved view: its query, its columns (others hidden) and its sort.
    void applyView(const db::SavedView &view);
    SavedViewsBar *savedViews() const { return m_views; }
    void showDetailTab(const QString &key);
    // How often the page reads the store: `liveMs` while a shown run is queued or running,
    // `idleMs` otherwise (kLivePollMs and kIdlePollMs by default). A test slows the poll to see
    // what arrives without it.
    void setPollIntervals(int liveMs, int idleMs);

    services::RunQueue *runQueue() const { return m_queue; }
    RunsTableModel *runsModel() const { return m_model; }
    RunsFilterModel *filterModel() const { return m_filter; }
    QTableView *runsView() const { return m_view; }
    RunCurvesPlot *curves() const { return m_curves; }
    RunDetailView *detail() const { return m_detail; }
    RunLifecycleActions *lifecycle() const { return m_lifecycle; }

Q_SIGNALS:
    void statusMessage(const QString &message);
    void errorOccurred(const QString &message);
    void runLaunched(qint64 runId);

private:
    void onSelectionChanged();
    void onCellClicked(const QModelIndex &index);
    void showColumnMenu(const QPoint &position);
    void readAnnotations();
    void updateCurves();
    void updateActions();
    void updateSummary();
    void sizeColumns();
    void sizeMetricColumns(int first, int last);
    void schedulePoll();
    void adoptLaunched(std::int64_t runId);
    void onRunEpoch(std::int64_t runId);
    LaunchRunDialog *openDialog(LaunchRunDialog *dialog);

    db::Database *m_database = nullptr; // not owned
    QString m_workspacePath;
    std::int64_t m_projectId = 0;
    QPointer<LaunchRunDialog> m_dialog;

    services::RunQueue *m_queue = nullptr; // owned (child)
    QTimer *m_pollTimer = nullptr;
    QTimer *m_epochRefreshTimer = nullptr; // single shot: one read of the curves per burst of epochs
    int m_livePollMs = kLivePollMs;
    int m_idlePollMs = kIdlePollMs;
    RunsTableModel *m_model = nullptr;
    RunsFilterModel *m_filter = nullptr;
    RunLifecycleActions *m_lifecycle = nullptr; // owned (child): archive, delete, show archived, undo

    // Owned by the widget tree.
    QStackedWidget *m_stack = nullptr;
    QLabel *m_emptyState = nullptr;
    QTableView *m_view = nullptr;
    RunCurvesPlot *m_curves = nullptr;
    RunDetailView *m_detail = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    SavedViewsBar *m_views = nullptr;
    QSpinBox *m_concurrency = nullptr;
    QLabel *m_summary = nullptr;
    QPushButton *m_launchButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QPushButton *m_rerunButton = nullptr;
    QPushButton *m_forkButton = nullptr;
};

} // namespace mb::ui
