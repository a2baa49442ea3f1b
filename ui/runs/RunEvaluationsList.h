// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include <cstdint>

class QLabel;
class QPushButton;
class QTableWidget;

namespace mb::db {
class Database;
}

namespace mb::ui {

// The run record's "Evaluations" tab: every stored evaluation of the run (newest first) with the
// dataset version and part it was made on, its items and its time, and "Delete evaluation…", which
// asks the page to delete the chosen one (the page owns the delete-with-undo flow).
// Thread contract: GUI thread; reads through the window's connection.
class RunEvaluationsList : public QWidget {
    Q_OBJECT
public:
    explicit RunEvaluationsList(QWidget *parent = nullptr);

    // Reads the run's evaluations again, keeping the chosen one chosen when it is still there.
    void setRun(db::Database *database, std::int64_t runId);
    void selectEvaluation(std::int64_t evaluationId);
    std::int64_t selectedEvaluation() const; // 0 when none
    QTableWidget *table() const { return m_table; }
    QPushButton *deleteButton() const { return m_delete; }

Q_SIGNALS:
    // "evaluation #7 (dataset version 2, test part) of run #3", for the question and the bar.
    void deleteRequested(std::int64_t evaluationId, const QString &description);
    void errorOccurred(const QString &message);

private:
    QString describe(int row) const;

    std::int64_t m_runId = 0;
    // Owned by the widget tree.
    QTableWidget *m_table = nullptr;
    QLabel *m_empty = nullptr;
    QPushButton *m_delete = nullptr;
};

} // namespace mb::ui
