// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"
#include "core/Result.h"
#include "core/business/PredictionTable.h"
#include "db/EvaluationRepository.h"
#include "db/RunRepository.h"

#include <QList>
#include <QWidget>

#include <cstddef>
#include <cstdint>
#include <optional>

class QComboBox;
class QCustomPlot;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTableWidget;

namespace mb::db {
class Database;
}

namespace mb::ui {

// One run's evaluation as the business reads it, in five tabs:
//   threshold    the chosen business metric against the decision threshold (the metric with its
//                selection replaced by "score >= t", business::thresholdCurve over the judged
//                predictions), the best threshold marked and offered as the run's operating point;
//   gain         the share of a per-item value captured by the top x% of items by score
//                (business::gainCurve), the random-selection diagonal and the metric's own budget;
//   latency      a histogram of the timed batch-1 calls with p50/p90/p95/p99, and the batch-256
//                percentiles, throughput and model size;
//   calibration  for each binary target the run predicted, the share of positives against the mean
//                predicted probability in 10 equal-width bins (scikit-learn's calibration_curve);
//   evaluations  every stored evaluation of the run side by side (held-out test rows, other dataset
//                versions): its ML metrics and the framing's business metrics, with deltas against
//                the held-out evaluation the run is judged by (services::judgedEvaluation).
// A run without an evaluation (queued, training, failed, ...) shows one sentence saying why instead.
// The Compare page embeds it; the business-metric chooser above the tabs starts at the page's choice.
//
// Cost: showRun reads the run's predictions and computes every curve on the GUI thread: ~20 ms for
// the demo's engagement model (10 000 test items, two evaluations), of which the threshold curve at
// every distinct score, O(n log n), is ~1.3 ms (docs/BUSINESS-METRICS.md: ~400 ms for a million).
// Thread contract: GUI thread; reads through the window's connection.
class RunEvaluationView : public QWidget {
    Q_OBJECT
public:
    static constexpr int kCalibrationBins = 10;
    static constexpr int kGainSteps = 100;
    static constexpr int kHistogramBins = 40;

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
    void clear();

    std::int64_t runId() const { return m_run ? m_run->id : 0; }
    QString businessMetric() const { return m_metricName; }
    // The sentence shown instead of the tabs (no run chosen, no evaluation yet, ...); empty while
    // the tabs are shown.
    QString message() const;

    // The threshold offered as the operating point: chosen where the metric is best on the run's
    // validation predictions (business::chooseThresholdOnValidation), never on the test ones; the
    // exact threshold (one validation item's score; items scoring >= it are acted on), and the
    // metric's value there and the items acted on, both on the test rows the view reports. The
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
    const BusinessMetric *chosenMetric() const;
    void fillMetricChoice();
    void updateHeader();
    void updateThresholdCurve();
    // The threshold chosen on the validation predictions, with the validation curve drawn faint on
    // the threshold plot; none (m_noChoiceReason says why) when there is nothing to choose on.
    std::optional<OperatingPoint> chooseOnValidation(const BusinessMetric &metric, const QStringList &declared,
                                                     const QColor &colour);
    void updateGainCurve();
    void updateLatency();
    void updateCalibration();
    void updateEvaluations();
    void exportInteractively(const PlotTab &tab);
    void onUseThreshold();

    db::Database *m_database = nullptr; // not owned
    std::optional<db::RunRecord> m_run;
    QList<db::EvaluationRecord> m_evaluations; // newest first
    std::optional<db::EvaluationRecord> m_judged;
    Framing m_framing;
    QString m_metricName;
    // The judged evaluation's predictions as the framing's business metrics read them, or why not.
    std::optional<business::PredictionTable> m_table;
    QString m_tableError;
    // The validation predictions of the same model, which thresholds are chosen on (none for runs
    // stored before they were kept, or splits with no validation part), or why they cannot be read.
    std::optional<business::PredictionTable> m_validationTable;
    QString m_validationError;
    double m_chosenValidationValue = 0.0; // the metric on validation at the chosen threshold
    QString m_noChoiceReason;             // why no threshold is offered
    std::optional<OperatingPoint> m_best;

    // Owned by the widget tree.
    QStackedWidget *m_stack = nullptr;
    QLabel *m_message = nullptr;
    QLabel *m_header = nullptr;
    QComboBox *m_metricChoice = nullptr;
    QTabWidget *m_tabs = nullptr;
    QPushButton *m_useThreshold = nullptr;
    QTableWidget *m_evaluationsTable = nullptr;
    QLabel *m_evaluationsInfo = nullptr;
    PlotTab m_threshold;
    PlotTab m_gain;
    PlotTab m_latency;
    PlotTab m_calibration;
};

} // namespace mb::ui
