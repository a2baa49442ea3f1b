// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QWidget>

#include <cstdint>

class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTableWidget;

namespace mb::db {
class Database;
}

namespace mb::ui {

class CheckpointExport;

// Everything about one run: its star, tags and note (editable), its record (data, split and framing versions, the build
// and library versions, seed, threads, host, timings, what its feature encoding did to each column), the error tail of
// a failed run, the config as pretty JSON, the last lines of its log, and its artifacts with their SHA-256 and size.
// Thread contract: GUI thread; reads through the window's connection.
class RunAnnotationsEditor;
class RunLineageView;
class RunEvaluationsList;

class RunDetailView : public QWidget {
    Q_OBJECT
public:
    static constexpr int kLogLines = 200;

    explicit RunDetailView(QWidget *parent = nullptr);

    // 0 clears the view.
    void setRun(db::Database *database, std::int64_t runId);
    // Reads the run again (status, log, artifacts), for a run that is still training.
    void refresh();
    std::int64_t runId() const { return m_runId; }
    void showTab(const QString &key); // "record", "config", "log", "artifacts", "lineage", "evaluations"
    // The run's star, tags and note, at the top of the record.
    RunAnnotationsEditor *annotationsEditor() const { return m_annotations; }
    // The run's re-runs and forks; the page fills it (it holds every run of the project).
    RunLineageView *lineageView() const { return m_lineage; }
    // The run's evaluations, with "Delete evaluation…" (the page runs the deletion).
    RunEvaluationsList *evaluationsList() const { return m_evaluations; }
    // "Export checkpoint…": asks for a file, then exportCheckpoint of the selected artifact (else `best`).
    void exportCheckpointInteractively();
    // Writes the run's artifact `name` to `out` off the GUI thread (CheckpointExport); the answer is
    // checkpointExported or errorOccurred. False while another export runs.
    bool exportCheckpoint(const QString &name, const QString &out);

Q_SIGNALS:
    void errorOccurred(const QString &message);
    void checkpointExported(const QString &out, const QString &sha256, qint64 bytes);

private:
    QLabel *addField(const QString &key, const QString &label);
    void setField(const QString &key, const QString &text);
    QString chosenArtifactName() const;

    db::Database *m_database = nullptr; // not owned
    std::int64_t m_runId = 0;

    // Owned by the widget tree.
    QTabWidget *m_tabs = nullptr;
    QWidget *m_record = nullptr;
    QFormLayout *m_recordForm = nullptr;
    QHash<QString, QLabel *> m_fields;
    QLabel *m_placeholder = nullptr;
    RunAnnotationsEditor *m_annotations = nullptr;
    RunLineageView *m_lineage = nullptr;
    RunEvaluationsList *m_evaluations = nullptr;
    QLabel *m_errorTitle = nullptr;
    QPlainTextEdit *m_errorTail = nullptr;
    QPlainTextEdit *m_config = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QTableWidget *m_artifacts = nullptr;
    QLabel *m_artifactsEmpty = nullptr;
    QPushButton *m_exportCheckpoint = nullptr;
    CheckpointExport *m_checkpointExport = nullptr; // owned (child)
};

} // namespace mb::ui
