// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/RunMetrics.h"
#include "db/FramingRepository.h"
#include "core/Framing.h"
#include "core/Result.h"
#include "core/business/RunComparison.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QThreadPool>
#include <QWidget>

#include <cstdint>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTableView;

namespace mb::db {
class Database;
}

namespace mb::services {
class StoreReader;
}

namespace mb::ui {

class CompareTableModel;
class EditTagsAction;
class MetricDefinitionDialog;
class RunDiffView;
class RunEvaluationView;
class RunScatterPlot;
class RunsFilterModel;

// The Compare page: every run of the project with its ML, business and latency metrics and the
// stakeholders' verdicts side by side, and what they say together:
//  - a scatter of the chosen ML metric against the chosen business metric, with Spearman's rank
//    correlation across runs;
//  - a banner when the best run by the ML metric is not the best by the business metric, naming
//    both runs and what the ML favourite costs the business;
//  - a Pareto front across runs for any two metrics;
//  - a diff of two selected runs, and the selected run's evaluation (profit/threshold and gain
//    curves, latency histogram, calibration, its evaluations side by side).
// Business metrics are computed from stored predictions once per framing version and kept
// (db::BusinessValueRepository), so defining a metric here (a new framing version) shows it for
// every run at once, with no retraining, and showing the page again reads three numbers per run.
//
// Loading: every store read of the table runs on the page's services::StoreReader (its own thread
// and read-only connection); the page shows how far it got, offers Cancel after a second, and keeps
// showing what it showed before until the answer arrives. A newer load (the page shown again,
// another project or workspace) drops the older one's answer, so another workspace's rows never
// appear. The reader also builds the whole table (CompareTableModel::contentOf), so the GUI thread
// swaps it in with one model reset whatever the number of runs. Values computed from predictions
// are kept by a pool thread (services::storeBusinessValues), which also frees the table replaced.
// The selected run's evaluation (RunEvaluationView) reads on a reader of its own the same way.
// Thread contract: GUI thread.
class ComparePage : public QWidget {
    Q_OBJECT
public:
    explicit ComparePage(QWidget *parent = nullptr);

    // A null database closes the page.
    void setProject(db::Database *database, std::int64_t projectId);
    // Reads the current framing and every run again, on the reader's thread; runs judged by the same
    // evaluation under the same framing keep their computed metrics (stored predictions never change).
    // Returns at once; the table changes when the answer arrives (loaded()).
    void reload();
    // True while a load is in flight.
    bool isLoading() const;
    // For tests, benchmarks and the screenshot command: processes events until the newest load has
    // been shown, the selected run's evaluation read and the values it computed kept. False on timeout.
    bool waitForLoaded(int timeoutMs = 120000);
    // Stops the load in flight; the table keeps what it showed before.
    void cancelLoading();
    QString loadingText() const; // the progress shown while loading; empty otherwise

    // The metrics the scatter and the banner compare. Unknown names are ignored.
    void setComparedMetrics(const QString &mlMetric, const QString &businessMetric);
    QString mlMetric() const;
    QString businessMetric() const;
    void setParetoMetrics(const QString &x, const QString &y);
    void selectRuns(const QList<std::int64_t> &runIds);
    QList<std::int64_t> selectedRunIds() const;
    void setFilterText(const QString &text);
    // "scatter", "pareto", "diff", "run", or "evaluations" (the run tab at its evaluations side by side).
    void showTab(const QString &key);

    // Opens the business-metric dialog (not modal for the event loop: it returns at once).
    MetricDefinitionDialog *defineMetricsInteractively();
    Status exportTable(const QString &path) const;

    bool bannerVisible() const;
    QString bannerText() const;
    CompareTableModel *model() const { return m_model; }
    RunsFilterModel *filterModel() const { return m_filter; }
    QTableView *view() const { return m_view; }
    EditTagsAction *editTagsAction() const { return m_editTags; }
    RunScatterPlot *scatter() const { return m_scatter; }
    RunScatterPlot *pareto() const { return m_pareto; }
    RunDiffView *diff() const { return m_diff; }
    RunEvaluationView *evaluation() const { return m_evaluation; }

Q_SIGNALS:
    void statusMessage(const QString &message);
    void errorOccurred(const QString &message);
    // A load's answer is on the page (the table, plots and banner show it).
    void loaded();

protected:
    void showEvent(QShowEvent *event) override;

private:
    struct Load; // what the reader reads for the page
    void startLoad();
    void applyLoad(Load &load);
    void showProgress(int done, int total);
    void endProgress();
    void fillMetricChoices();
    void updateComparison();
    void updatePareto();
    // The best run by the ML metric and the best by the business metric on the validation rows,
    // when they differ: runs are chosen there (services::computeProjectChoosingMetrics), never on
    // the test rows the table reports. Indices into the model's runs.
    std::optional<business::BestRunDisagreement> disagreementOnValidation() const;
    // The banner: the runs chosen on the validation rows and the same runs' test figures, each
    // number named by its rows; empty when there is nothing to say.
    QString bannerHtml(const std::optional<business::BestRunDisagreement> &onValidation) const;
    void onSelectionChanged();
    void exportTableInteractively();

    db::Database *m_database = nullptr;
    std::int64_t m_projectId = 0;
    std::int64_t m_framingId = 0;
    Framing m_framing;
    bool m_hasFraming = false;
    bool m_filling = false; // true while the metric choices are refilled

    CompareTableModel *m_model = nullptr;
    RunsFilterModel *m_filter = nullptr;
    QLabel *m_summary = nullptr;
    QComboBox *m_ml = nullptr;
    QComboBox *m_business = nullptr;
    QLabel *m_banner = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QCheckBox *m_showArchived = nullptr; // archived runs are hidden unless ticked (ui/runs/ArchivedRunsToggle)
    QTableView *m_view = nullptr;
    EditTagsAction *m_editTags = nullptr; // the table's "Edit tags…" (owned by the view)
    QTabWidget *m_tabs = nullptr;
    RunScatterPlot *m_scatter = nullptr;
    QComboBox *m_paretoX = nullptr;
    QComboBox *m_paretoY = nullptr;
    RunScatterPlot *m_pareto = nullptr;
    RunDiffView *m_diff = nullptr;
    RunEvaluationView *m_evaluation = nullptr;
    QPointer<MetricDefinitionDialog> m_dialog;
    // What the banner chooses on: every row's figures on its validation predictions, in the
    // model's row order (empty until a load shows them).
    QList<services::RunMetrics> m_onValidation;
    QList<business::ComparedRun> m_validationRuns;
    business::MetricColumns m_validationColumns;
    QHash<std::int64_t, db::FramingVersionName> m_framingVersions; // the diff's names for framing versions

    services::StoreReader *m_reader = nullptr; // child
    QLabel *m_progress = nullptr;
    QPushButton *m_cancelLoad = nullptr;
    QElapsedTimer m_loadClock; // since the newest load started
    QThreadPool m_keeping;     // one thread: keeps computed business values, frees replaced tables
};

} // namespace mb::ui
