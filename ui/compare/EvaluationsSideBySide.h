// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/EvaluableVersions.h"
#include "app/services/RunEvaluationRead.h"
#include "core/Framing.h"
#include "db/DatasetRepository.h"
#include "db/EvaluationRepository.h"
#include "db/RunRepository.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QWidget>

#include <cstdint>
#include <optional>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace mb::db {
class Database;
}
namespace mb::services {
class EvaluationProcess;
}

namespace mb::ui {

// Which rows an evaluation was computed on, for people: "held-out test rows of version 1",
// "all rows of version 3 “later.csv”". `versionName` may be empty. The table's headers, the
// evaluation chooser above the tabs and the verdict all say it this way.
QString evaluationRowsText(const db::EvaluationRecord &evaluation, const QString &versionName = {});

// The Run-evaluation view's last tab, the stale-model check: every stored evaluation of one run
// side by side (its ML metrics, the framing's business metrics, latency) with deltas against the
// evaluation the run is judged by (services::judgedEvaluation); a metric meaningfully worse on
// other data (evaluation::compareToReference) highlighted, and a one-line verdict on the newest
// evaluation on another dataset version ("On dataset version 3 … ROC AUC fell from 0.91 to 0.78").
// Above them, "Evaluate on dataset version [V] [Evaluate]" runs the training worker on another
// version of the project's data (services::EvaluationProcess, a process: the window never waits),
// with a busy bar and Cancel; only versions the model can read are offered, the others say why
// (services::evaluableVersions). A worker error is shown next to the action; nothing is stored then.
// It reads nothing itself: RunEvaluationView hands it what its reader read
// (services::readRunEvaluation: every evaluation judged by the framing, the dataset versions).
// Thread contract: GUI thread.
class EvaluationsSideBySide : public QWidget {
    Q_OBJECT
public:
    explicit EvaluationsSideBySide(QWidget *parent = nullptr);
    ~EvaluationsSideBySide() override;

    // Shows the run `read` holds (its run, evaluations and judged evaluation must be set) from the
    // workspace at `workspacePath`: its evaluations, deltas against the judged one, judged by
    // `framing`; the verdict names `businessMetric`. A worker evaluating another run is cancelled;
    // one evaluating this run keeps going.
    void showRun(const QString &workspacePath, const services::RunEvaluationRead &read, const Framing &framing,
                 const QString &businessMetric);
    // The business metric the verdict names, without reading anything again.
    void setBusinessMetric(const QString &name);
    // Empties the tab and cancels a running evaluation (nothing is stored).
    void clear();

    // The sentence above the table; empty with no evaluation on another dataset version.
    QString verdict() const;
    bool isEvaluating() const;
    services::EvaluationProcess *evaluationProcess() const { return m_process; }

Q_SIGNALS:
    // The worker stored (or found) evaluation `evaluationId` of run `runId`: read the run again.
    void evaluationStored(qint64 runId, qint64 evaluationId);

private:
    struct Row {
        QString label;
        bool section = false;
        QString metric;                     // the ML or business metric's name, for the verdict
        bool business = false;              // a business metric of the framing
        std::optional<Direction> direction; // none: not compared
        bool decayMatters = false;          // ML and business metrics; latency depends on the machine's load
        QList<std::optional<double>> values;
        QStringList texts; // when not numbers
        QStringList tooltips;
    };
    void fillTable();
    void fillVersions();
    void updateVerdict();
    void onEvaluate();
    void onVersionChosen();
    void onEvaluated(qint64 runId, qint64 evaluationId);
    void onFailed(qint64 runId, const QString &message);
    void onCancelled(qint64 runId);
    void setBusy(bool busy);
    void showStatus(const QString &text, bool error);
    std::optional<db::DatasetVersionInfo> versionInfo(std::int64_t versionId) const;
    QString versionText(std::int64_t versionId) const;

    QString m_workspacePath; // the shown run's
    std::optional<db::RunRecord> m_run;
    QHash<std::int64_t, db::DatasetVersionInfo> m_datasetVersions; // every evaluation's
    QHash<std::int64_t, services::RunMetrics> m_judgedByFraming;   // every evaluation, by id
    Framing m_framing;
    QString m_businessMetric;
    QList<db::EvaluationRecord> m_columns; // the judged first, then the others newest first
    QList<Row> m_rows;
    services::EvaluableVersions m_versions;

    // Owned by the widget tree.
    services::EvaluationProcess *m_process = nullptr;
    QComboBox *m_versionChoice = nullptr;
    QPushButton *m_evaluate = nullptr;
    QProgressBar *m_busy = nullptr;
    QPushButton *m_cancel = nullptr;
    QLabel *m_status = nullptr;     // the last action's outcome: working, stored, refused, cancelled
    QLabel *m_notOffered = nullptr; // why the greyed-out versions cannot be evaluated on
    QLabel *m_verdict = nullptr;
    QTableWidget *m_table = nullptr;
    QLabel *m_info = nullptr;
};

} // namespace mb::ui
