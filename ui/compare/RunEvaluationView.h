// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/RunEvaluationRead.h"
#include "core/Framing.h"
#include "core/Result.h"
#include "core/business/PredictionTable.h"
#include "db/EvaluationRepository.h"
#include "db/RunRepository.h"

#include <QHash>
#include <QList>
#include <QWidget>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <utility>

class QComboBox;
class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTimer;

namespace mb::db {
class Database;
}

namespace mb::services {
class StoreReader;
}

namespace mb::ui {

class EvaluationsSideBySide;

// One run's evaluation as the business reads it, in five tabs:
//   threshold    the chosen business metric against the decision threshold (the metric with its
//                selection replaced by "score >= t", business::thresholdCurve over the shown
//                evaluation's predictions), the threshold chosen on the validation predictions
//                marked and offered as the run's operating point;
//   gain         the share of a per-item value captured by the top x% of items by score
//                (business::gainCurve), the random-selection diagonal and the metric's own budget;
//   latency      a histogram of the timed batch-1 calls with p50/p90/p95/p99, and the batch-256
//                percentiles, throughput and model size;
//   calibration  for each binary target the run predicted, the share of positives against the mean
//                predicted probability in 10 equal-width bins (scikit-learn's calibration_curve);
//   evaluations  the stale-model check (EvaluationsSideBySide): every stored evaluation side by
//                side with deltas against the judged one, decay highlighted, and evaluating the
//                model on another dataset version in a worker process.
// The evaluation chooser above the tabs reaches every stored evaluation of the run (the judged
// held-out test rows, the validation rows, all rows of another version): the threshold, gain and
// calibration tabs show the chosen one. The threshold is still chosen on the validation
// predictions only; on another evaluation the tab shows the value at that threshold there, and the
// operating-point button stays tied to the judged evaluation. Latency stays the judged one's.
// A run without an evaluation (queued, training, failed, ...) shows one sentence saying why instead.
// The Compare page embeds it; the business-metric chooser above the tabs starts at the page's choice.
//
// Reading: showRun reads the run, its evaluations and their predictions on the view's
// services::StoreReader (its own thread and read-only connection; services::readRunEvaluation, each
// column once through the PredictionCache), computes there the curves it draws (services::
// EvaluationCurves) and draws when the answer arrives; a newer showRun (the user chose another
// run) drops an older answer. Choosing another evaluation reads its predictions on a second reader
// the same way; choosing another metric computes its curves on a third (the shared tables, no
// store). The GUI thread only plots: at a million items the curves take about a second, and the
// window keeps turning meanwhile. Past a second of waiting a progress bar with Cancel shows.
// Choosing the operating point writes through the window's connection (one row).
// Thread contract: GUI thread.
class RunEvaluationView : public QWidget {
    Q_OBJECT
public:
    static constexpr int kCalibrationBins = services::kCalibrationBins;
    static constexpr int kGainSteps = int(services::kGainSteps);
    static constexpr int kSlowReadMs = 1000; // a read or computation this long shows progress and Cancel
    static constexpr int kHistogramBins = 40;
    static constexpr int kSideTextWidth = 280; // the column of text and actions beside each plot

    explicit RunEvaluationView(QWidget *parent = nullptr);
    ~RunEvaluationView() override;

    // The workspace to read; setting it (null or not) clears the view.
    void setDatabase(db::Database *database);
    // Shows run `runId` judged by `framing` (the project's current framing). `businessMetric` names
    // the metric of the threshold and gain curves; empty, or not in the framing, takes the
    // framing's first. A store error is emitted through errorOccurred and shown in the view.
    void showRun(std::int64_t runId, const Framing &framing, const QString &businessMetric = {});
    // Another metric of the shown framing for the threshold and gain curves, without reading the
    // predictions again (the chooser above the tabs calls it). False when there is no such metric.
    bool setBusinessMetric(const QString &name);
    // Shows evaluation `evaluationId` of the shown run in the threshold, gain and calibration tabs
    // (the chooser above the tabs calls it). False when the run has no such evaluation.
    bool showEvaluation(std::int64_t evaluationId);
    std::int64_t shownEvaluationId() const { return m_shown ? m_shown->id : 0; }
    std::int64_t judgedEvaluationId() const { return m_judged ? m_judged->id : 0; }
    // Empties the view and cancels an evaluation on another version the evaluations tab runs.
    void clear();
    // True while a run or an evaluation is being read, or curves computed.
    bool isLoading() const;
    // Stops what is being read or computed (the progress bar's Cancel): nothing half-read is shown;
    // the view says what was cancelled and keeps what it showed before.
    void cancelLoading();
    // For tests and the screenshot command: processes events until nothing is being read.
    bool waitForLoaded(int timeoutMs = 60000);
    EvaluationsSideBySide *sideBySide() const { return m_sideBySide; }

    std::int64_t runId() const { return m_run ? m_run->id : 0; }
    QString businessMetric() const { return m_metricName; }
    // The sentence shown instead of the tabs (no run chosen, no evaluation yet, ...); empty while
    // the tabs are shown.
    QString message() const;

    // The threshold offered as the operating point: chosen where the metric is best on the run's
    // validation predictions (business::chooseThresholdOnValidation), never on the test ones; the
    // exact threshold (one validation item's score; items scoring >= it are acted on), and the
    // metric's value there and the items acted on, both on the judged test rows, whichever
    // evaluation the tabs show. The
    // button shows the threshold to 3 decimals; the signal carries it exactly. Empty when the run
    // has no validation predictions, the curve could not be computed, or no point is defined.
    struct OperatingPoint {
        double threshold = 0.0;
        double value = 0.0;
        std::size_t selected = 0;
    };
    std::optional<OperatingPoint> bestOperatingPoint() const { return m_best; }

    // "threshold", "gain", "latency", "calibration".
    static QStringList plotKeys();
    QCustomPlot *plot(const QString &which) const; // null for an unknown key
    // Writes one plot to `path`, the format by its suffix (.png, .pdf, .svg); a width or height of
    // 0 takes the plot's on screen. Errors: an unknown plot, an unknown suffix, an unwritable file.
    Status exportPlot(const QString &which, const QString &path, int width = 0, int height = 0);
    // Brings a tab forward: a plot key or "evaluations".
    void showTab(const QString &key);

Q_SIGNALS:
    void errorOccurred(const QString &message);
    // The user took the threshold curve's best point as the run's operating point for `metric`; it is
    // stored (db::OperatingPointRepository) before this is emitted, and the header shows it.
    void operatingPointChosen(std::int64_t runId, const QString &metric, double threshold, double value);

private:
    struct PlotTab {
        QString key;
        QString title;               // the tab's title and the exported file's
        QCustomPlot *plot = nullptr; // owned by the widget tree
        QLabel *info = nullptr;      // the text under the plot
    };
    PlotTab makePlotTab(const QString &key, const QString &title, QPushButton *extraButton = nullptr);
    const PlotTab *plotTab(const QString &key) const;
    // Empties the plot; a non-empty `message` is then shown in its middle with the axes hidden, so
    // that a curve that cannot be drawn reads as a sentence, not as an empty frame.
    void resetPlot(const PlotTab &tab, const QString &message = {});
    void showMessage(const QString &text);
    void reset();
    const BusinessMetric *chosenMetric() const;
    void fillMetricChoice();
    void fillEvaluationChoice();
    // The predictions the threshold and gain tabs draw: the shown evaluation's, or why not.
    const business::PredictionTable *shownTable() const;
    QString shownTableError() const;
    bool showingJudged() const { return !m_shown || !m_judged || m_shown->id == m_judged->id; }
    QString shownPartName() const; // "test", "validation", "version 3": the curve's legend
    void updateHeader();
    void updateThresholdCurve();
    // The threshold chosen on the validation predictions, with the validation curve drawn faint on
    // the threshold plot; none (m_noChoiceReason says why) when there is nothing to choose on.
    std::optional<OperatingPoint> chooseOnValidation(const BusinessMetric &metric,
                                                     const services::MetricCurves &curves, const QColor &colour);
    // The validation-chosen threshold reported on the judged test rows, for the button, while
    // another evaluation is shown.
    std::optional<OperatingPoint> judgedOperatingPoint(const services::MetricCurves &curves) const;
    // The shown evaluation's curves under the shown metric; null while they are computed.
    const services::MetricCurves *shownCurves() const;
    // Computes the shown evaluation's curves under the shown metric on the curve reader.
    void requestCurves();
    // The threshold and gain tabs: drawn from shownCurves(), or computed first.
    void drawCurves();
    std::shared_ptr<const business::PredictionTable> shownTableShared() const;
    // Shows the progress bar if a read or computation is still going after kSlowReadMs.
    void startLoadingClock();
    void onReaderIdle();
    void updateGainCurve();
    void updateLatency();
    void updateCalibration();
    void applyRun(services::RunEvaluationRead &read, const Framing &framing, std::int64_t keepShown);
    // Draws the shown evaluation's header, curves and calibration from m_drawings (or m_table).
    void drawShown();
    // The shown evaluation's label and score columns (calibration), or why they cannot be read.
    const services::EvaluationDrawing *shownDrawing() const;
    void onEvaluationStored(std::int64_t runId, std::int64_t evaluationId);
    void exportInteractively(const PlotTab &tab);
    void onUseThreshold();

    db::Database *m_database = nullptr; // not owned; only its path is read from, and the operating point written
    services::StoreReader *m_reader = nullptr;        // child: the run
    services::StoreReader *m_drawingReader = nullptr; // child: another evaluation of it
    services::StoreReader *m_curveReader = nullptr;   // child: another metric's or evaluation's curves
    std::int64_t m_requestedRunId = 0;   // the run shown or being read
    std::int64_t m_requestedShown = 0;   // the evaluation to keep showing when it arrives
    QString m_requestedMetric;           // the business metric to show when it arrives
    std::optional<db::RunRecord> m_run;
    QHash<std::int64_t, db::DatasetVersionInfo> m_versions; // every evaluation's dataset version
    std::optional<db::OperatingPoint> m_operatingPoint;
    // The shown run's evaluations' predictions as drawn, by evaluation id (the judged one always).
    QHash<std::int64_t, services::EvaluationDrawing> m_drawings;
    QList<db::EvaluationRecord> m_evaluations; // newest first
    std::optional<db::EvaluationRecord> m_judged;
    std::optional<db::EvaluationRecord> m_shown; // in the threshold, gain and calibration tabs
    Framing m_framing;
    QString m_metricName;
    // The judged evaluation's predictions as the framing's business metrics read them, or why not.
    std::shared_ptr<const business::PredictionTable> m_table;
    QString m_tableError;
    // The validation predictions of the same model, which thresholds are chosen on (none for runs
    // stored before they were kept, or splits with no validation part), or why they cannot be read.
    std::shared_ptr<const business::PredictionTable> m_validationTable;
    QString m_validationError;
    double m_chosenValidationValue = 0.0; // the metric on validation at the chosen threshold
    QString m_noChoiceReason;             // why no threshold is offered
    std::optional<OperatingPoint> m_best;
    // The shown run's curves by (evaluation, metric), each computed once: going back to one is instant.
    std::map<std::pair<std::int64_t, QString>, services::MetricCurves> m_curves;

    // Owned by the widget tree.
    QStackedWidget *m_stack = nullptr;
    QWidget *m_loadingBar = nullptr; // the progress bar and Cancel
    QProgressBar *m_progress = nullptr;
    QTimer *m_slowTimer = nullptr;
    QLabel *m_message = nullptr;
    QLabel *m_header = nullptr;
    QComboBox *m_metricChoice = nullptr;
    QComboBox *m_evaluationChoice = nullptr;
    QTabWidget *m_tabs = nullptr;
    QPushButton *m_useThreshold = nullptr;
    EvaluationsSideBySide *m_sideBySide = nullptr;
    PlotTab m_threshold;
    PlotTab m_gain;
    PlotTab m_latency;
    PlotTab m_calibration;
};

} // namespace mb::ui
