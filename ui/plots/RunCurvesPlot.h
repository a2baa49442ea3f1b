// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QHash>
#include <QList>
#include <QWidget>

#include <cstdint>
#include <limits>
#include <vector>

class QCheckBox;
class QComboBox;
class QCPAbstractLegendItem;
class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
class QCustomPlot;
class QLabel;
class QTimer;

namespace mb::db {
class Database;
}

namespace mb::ui {

// The curves of one metric (train/loss, validation/accuracy, ...) for several runs, overlaid, as
// they grow. Only chunks written since the last read are read (MetricSeriesReader::readSince),
// data arriving is drawn by one coalesced replot, and graphs with more points than about twice
// the plot's width in pixels are drawn through QCustomPlot's adaptive sampling, which keeps each
// pixel column's minimum and maximum, so a spike stays visible among a million points.
// Zoom and pan with the mouse (a double-click fits again), a log scale for the values, a legend
// whose entries toggle their run, and export to PNG, PDF and SVG. Step series can be smoothed (an
// exponential moving average drawn over the raw curve, which stays faint behind it), the x axis
// can count steps, epochs or wall time, and each run's best epoch is marked by a dashed line.
// RunCurvesPanels shows several of these side by side, following the first one's runs.
// Thread contract: GUI thread; reads through the window's connection.
class RunCurvesPlot : public QWidget {
    Q_OBJECT
public:
    struct Source {
        std::int64_t runId = 0;
        QString label;     // "#12 baseline"
        bool live = false; // queued or running: read again on refresh()
    };
    // Above this many graphs the legend would hide the plot; the runs are told apart in the table.
    static constexpr int kLegendLimit = 16;
    static constexpr int kLegendColumns = 4;
    static constexpr int kLegendColumnWidth = 230; // pixels per legend column
    static constexpr int kLegendNameLength = 30;   // characters shown of a run's label
    // Below this plot height the legend names runs by id alone ("#4"), on as few rows as fit, and
    // the x axis has no title, so a short panel (three at 1024x700) keeps room for its curves.
    static constexpr int kRoomyPlotHeight = 200;
    static constexpr int kCompactLegendColumnWidth = 60;
    static constexpr int kReplotDelayMs = 30;
    static constexpr double kMaxSmoothing = 0.99;
    // The series the worker writes for the x axis, not a metric: the global step each epoch ended at.
    static constexpr const char *kEpochEndSeries = "epoch/last_step";
    static constexpr const char *kWallTimeSeries = "wall_time_s";

    // What the x axis counts. AsLogged draws each series at what it was logged by (a step series at
    // its step, an epoch series at its epoch). Otherwise a step series is drawn at its step, its
    // fractional epoch (from the steps the epochs ended at) or its wall time; an epoch series at the
    // step its epoch ended, its epoch, or that step's wall time. A point whose place is not known
    // yet (an epoch still running) is left out until it is.
    enum class XAxis { AsLogged, Step, Epoch, WallTime };

    explicit RunCurvesPlot(QWidget *parent = nullptr);
    ~RunCurvesPlot() override;

    void setDatabase(db::Database *database);
    db::Database *database() const { return m_database; }
    // Overlays these runs. Runs already shown keep their points; new ones are read in full.
    void setRuns(const QList<Source> &runs);
    // The runs shown, as setRuns was last given them.
    QList<Source> sources() const;
    // Reads what the live runs wrote since the last read and schedules one replot if anything came.
    // Returns the number of points read.
    std::int64_t refresh();

    QString metric() const { return m_metric; }
    QStringList metrics() const { return m_metrics; }
    // A series name present among the runs; false when none of them has it.
    bool setMetric(const QString &name);
    void setLogScale(bool on);
    bool logScale() const;
    void setXAxis(XAxis axis);
    XAxis xAxis() const { return m_xAxis; }
    // The weight of the exponential moving average of step series, 0 (off) to kMaxSmoothing;
    // debiased as TensorBoard's, so the first points are not pulled towards 0. Epoch series, a few
    // points each, are drawn as they are.
    void setSmoothing(double weight);
    double smoothing() const { return m_smoothing; }
    // The epoch the run's best checkpoint comes from (its summary's best_epoch); 0 when none yet.
    int bestEpoch(std::int64_t runId) const;
    // Where that epoch is marked on the x axis; NaN when it is not (none yet, or not placeable).
    double bestEpochX(std::int64_t runId) const;
    // The smoothed curve's last value, NaN when not smoothed (for tests).
    double smoothedLast(std::int64_t runId) const;
    // Panels under the first leave the legend to it: its rows would take the room of the curves.
    void setLegendShown(bool shown);
    // The metrics this plot shows first, in order, until the user picks one (the panels' defaults).
    void setPreferredMetrics(const QStringList &names);
    void setRunVisible(std::int64_t runId, bool visible);
    bool isRunVisible(std::int64_t runId) const;
    int pointCount(std::int64_t runId) const;
    QList<std::int64_t> runIds() const;
    // Fits both axes to the visible curves and follows new data again until the user zooms or pans.
    void fitToData();
    // PNG, PDF or SVG, chosen by the file's suffix; 0 takes the widget's size.
    Status exportTo(const QString &path, int width = 0, int height = 0);
    void exportInteractively();
    // For tests and the benchmark: draws now instead of on the coalescing timer.
    void replotNow();
    bool replotPending() const;

    QCustomPlot *plot() const { return m_plot; }

Q_SIGNALS:
    void errorOccurred(const QString &message);
    void metricsChanged(const QStringList &names);
    // What the page told this plot, so linked panels (RunCurvesPanels) can follow it.
    void databaseChanged();
    void runsChanged(const QList<mb::ui::RunCurvesPlot::Source> &runs);
    void refreshed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Curve {
        std::int64_t runId = 0;
        QString label;
        bool live = false;
        bool visible = true;
        QHash<QString, std::int64_t> series; // name -> series id
        std::int64_t seriesId = 0;           // of the shown metric; 0 while the run has not written it
        std::int64_t nextChunk = 0;
        QCPGraph *graph = nullptr;               // owned by m_plot; the raw points
        QCPGraph *smoothed = nullptr;            // owned by m_plot; their moving average
        QCPItemStraightLine *bestLine = nullptr; // owned by m_plot
        int points = 0;
        // The points as logged, so the x axis can be changed without reading them again.
        std::vector<double> loggedKeys;
        std::vector<double> loggedValues;
        double emaSum = 0, emaWeight = 0; // the moving average's running state
        // For the x axis: the global step at each epoch's end (index epoch - 1), and the wall time
        // at each logged step (steps ascending).
        std::int64_t epochEndChunk = 0, wallChunk = 0;
        std::vector<double> epochEnds;
        std::vector<double> wallSteps, wallSeconds;
        int bestEpoch = 0;
        // Of the finite points, kept as they arrive so fitting never walks a million points.
        double keyMin = std::numeric_limits<double>::infinity();
        double keyMax = -std::numeric_limits<double>::infinity();
        double valueMin = std::numeric_limits<double>::infinity();
        double valueMax = -std::numeric_limits<double>::infinity();
        double positiveMin = std::numeric_limits<double>::infinity(); // for the log scale
    };
    // True when the run's list of series changed.
    bool loadSeriesNames(Curve &curve);
    // Points of the shown metric since the curve's last read; the number read.
    std::int64_t readNew(Curve &curve);
    void resetCurveData(Curve &curve);
    // Reads what is new of the x axis' series and the run's best epoch; true when anything changed.
    bool readAxisData(Curve &curve);
    // Where a point logged at `key` goes on the x axis now; NaN when not known.
    double placeKey(const Curve &curve, double key) const;
    double epochEndStep(const Curve &curve, double epoch) const;
    double stepToEpoch(const Curve &curve, double step) const;
    double wallTimeAt(const Curve &curve, double step) const;
    // Appends the logged points from `first` on to the graphs; replots nothing.
    void drawPoints(Curve &curve, std::size_t first);
    // Draws the whole curve again from its logged points (after an axis or smoothing change).
    void redraw(Curve &curve);
    void updateBestLine(Curve &curve);
    void updateAxisLabel();
    void applyPens();
    void updateMetricChoice();
    void updateLegend();
    void placeLegend(bool shown);
    void updateEmptyText();
    void applyStyle();
    void scheduleReplot();
    void onReplotTimer();
    // As many y ticks as the axis rect's height has room for.
    void fitTicksToHeight();
    void showPointsText();
    void setXAxisTitle(const QString &title);
    void onLegendClick(QCPAbstractLegendItem *item);
    void onUserRangeChange();

    db::Database *m_database = nullptr; // not owned
    QList<Curve> m_curves;
    QString m_metric;
    QStringList m_metrics;
    bool m_autoFit = true;
    bool m_settingRange = false;
    XAxis m_xAxis = XAxis::AsLogged;
    double m_smoothing = 0;
    QStringList m_preferredMetrics;
    bool m_legendShown = true;
    bool m_metricChosenByUser = false;

    // Owned by the widget tree.
    QCustomPlot *m_plot = nullptr;
    QCPItemText *m_emptyText = nullptr; // owned by m_plot
    QComboBox *m_metricChoice = nullptr;
    QCheckBox *m_logScale = nullptr;
    QLabel *m_pointsLabel = nullptr;
    bool m_compactLegend = false; // a short plot: runs by id in the legend, no x-axis title
    QString m_xTitle;
    QString m_pointsText; // "1,234 points": shown whole when it fits (showPointsText)
    QTimer *m_replotTimer = nullptr;
};

} // namespace mb::ui
