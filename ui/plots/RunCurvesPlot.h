// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QHash>
#include <QList>
#include <QWidget>

#include <cstdint>
#include <limits>

class QCheckBox;
class QComboBox;
class QCPAbstractLegendItem;
class QCPGraph;
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
// whose entries toggle their run, and export to PNG, PDF and SVG.
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
    static constexpr int kReplotDelayMs = 30;

    explicit RunCurvesPlot(QWidget *parent = nullptr);
    ~RunCurvesPlot() override;

    void setDatabase(db::Database *database);
    // Overlays these runs. Runs already shown keep their points; new ones are read in full.
    void setRuns(const QList<Source> &runs);
    // Reads what the live runs wrote since the last read and schedules one replot if anything came.
    // Returns the number of points read.
    std::int64_t refresh();

    QString metric() const { return m_metric; }
    QStringList metrics() const { return m_metrics; }
    // A series name present among the runs; false when none of them has it.
    bool setMetric(const QString &name);
    void setLogScale(bool on);
    bool logScale() const;
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
        QCPGraph *graph = nullptr; // owned by m_plot
        int points = 0;
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
    void updateMetricChoice();
    void updateLegend();
    void updateEmptyText();
    void applyStyle();
    void scheduleReplot();
    void onReplotTimer();
    void onLegendClick(QCPAbstractLegendItem *item);
    void onUserRangeChange();

    db::Database *m_database = nullptr; // not owned
    QList<Curve> m_curves;
    QString m_metric;
    QStringList m_metrics;
    bool m_autoFit = true;
    bool m_settingRange = false;

    // Owned by the widget tree.
    QCustomPlot *m_plot = nullptr;
    QCPItemText *m_emptyText = nullptr; // owned by m_plot
    QComboBox *m_metricChoice = nullptr;
    QCheckBox *m_logScale = nullptr;
    QLabel *m_pointsLabel = nullptr;
    QTimer *m_replotTimer = nullptr;
};

} // namespace mb::ui
