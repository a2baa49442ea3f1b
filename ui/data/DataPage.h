// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/DatasetImport.h"
#include "db/DatasetRepository.h"

#include <QPointer>
#include <QWidget>

#include <cstdint>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QCustomPlot;
class QThread;

namespace mb::services {
class DatasetImportWorker;
}

namespace mb::ui {

class AddSplitDialog;
class ColumnStatsModel;
class DatasetPreviewModel;
class ImportDatasetDialog;
class UndoableDeletion;

// The Data page: the project's dataset versions, a virtualised preview, per-column statistics,
// the class balance, the warnings the seeds call for, and imports that run in the background
// with progress and cancel, and "Delete version…" with Undo (UndoableDeletion).
// Thread contract: GUI thread; imports and deletions run on worker threads with their own connections.
class DataPage : public QWidget {
    Q_OBJECT
public:
    explicit DataPage(QWidget *parent = nullptr);
    ~DataPage() override;

    void setProject(db::Database *database, const QString &workspacePath, std::int64_t projectId);
    // Opens the import dialog (for the menu and the button), its target and value columns filled
    // from the framing; it stays open until its import is stored. Null while an import runs.
    ImportDatasetDialog *importInteractively(const QString &file = {});
    // Starts an import in the background; finished() tells the outcome.
    void startImport(const services::DatasetImportRequest &request);
    // Opens the dialog that adds a split to the version shown; null without one or while a split
    // is being added. The split is made on a thread with its own connection.
    AddSplitDialog *addSplitInteractively();
    bool isImporting() const;
    void cancelImport();
    bool showVersion(std::int64_t versionId);
    void showTab(const QString &key); // "preview", "columns", "balance"
    // "Delete version…": the version shown, with the runs trained or evaluated on it (asks first,
    // naming them; Undo follows). False when nothing was started.
    bool deleteVersionInteractively();
    UndoableDeletion *deletion() const { return m_deletion; }

    DatasetPreviewModel *previewModel() const { return m_preview; }

Q_SIGNALS:
    void statusMessage(const QString &message);
    void errorOccurred(const QString &message);
    void importFinished(qint64 versionId, const QString &message);
    // A version was deleted with its runs, or brought back: the other pages read the project again.
    void storedWorkChanged();

private:
    void clearVersion();
    QString lastVersionKey() const; // QSettings key of the version last shown
    void reloadVersions(std::int64_t select = 0);
    void onVersionChosen(int index);
    void onSplitChosen(int index);
    void showWarnings();
    void plotClassBalance(const data::DatasetProfile &profile);
    void onImportFinished(qint64 versionId, bool existed, const QString &message);
    void startAddSplit(std::int64_t versionId, const data::SplitSpec &spec, AddSplitDialog *dialog);

    db::Database *m_database = nullptr; // not owned
    QString m_workspacePath;
    std::int64_t m_projectId = 0;
    db::DatasetVersionInfo m_version;
    data::DatasetProfile m_profile;
    QList<db::DatasetSplitInfo> m_splits;

    QThread *m_importThread = nullptr; // owned; lives while an import runs
    QString m_importPath;              // where the running import writes
    std::int64_t m_importProjectId = 0;
    bool m_importCancelled = false;                         // the user cancelled the running import
    QPointer<services::DatasetImportWorker> m_importWorker; // lives on m_importThread
    QPointer<ImportDatasetDialog> m_importDialog;           // owned by this page while open
    QThread *m_splitThread = nullptr;                       // owned; lives while a split is added

    // Owned by the widget tree.
    QStackedWidget *m_stack = nullptr;
    QComboBox *m_versions = nullptr;
    QComboBox *m_splitChoice = nullptr;
    QPushButton *m_addSplit = nullptr;
    QPushButton *m_deleteVersion = nullptr;
    UndoableDeletion *m_deletion = nullptr; // owned (child)
    QLabel *m_summary = nullptr;
    QLabel *m_warnings = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTableView *m_previewView = nullptr;
    QTableView *m_columnsView = nullptr;
    QCustomPlot *m_balancePlot = nullptr;
    QLabel *m_balanceEmpty = nullptr;
    QWidget *m_progressRow = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_progressLabel = nullptr;
    DatasetPreviewModel *m_preview = nullptr;
    ColumnStatsModel *m_columns = nullptr;
};

} // namespace mb::ui
