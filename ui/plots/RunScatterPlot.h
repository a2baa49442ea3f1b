// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QList>
#include <QWidget>

#include <cstddef>
#include <cstdint>
#include <vector>

class QCustomPlot;
class QLabel;

namespace mb::ui {

// Runs as points in two metrics: the Compare page's ML-vs-business scatter and its Pareto front.
// Each point has its run's colour and, up to kLabelledPoints points, is labelled "#id" (past that
// only the front's and the highlighted runs are); a caption above says what the plot shows
// (Spearman's correlation, the front). With a front set, the front's points are joined and drawn
// full, the dominated ones faded. Clicking a point emits runClicked. One graph per colour, not per
// run, so 10 000 runs draw as fast as a few; changes are drawn once the event loop turns, and a
// hidden plot (a tab behind another) only when it is shown.
// Thread contract: GUI thread.
class RunScatterPlot : public QWidget {
    Q_OBJECT
public:
    struct Point {
        std::int64_t runId = 0;
        QString name;
        double x = 0.0;
        double y = 0.0;
    };

    static constexpr int kLabelledPoints = 200;
    static constexpr int kAntialiasedPoints = 1000; // past this, exports draw the discs without smoothing

    explicit RunScatterPlot(QWidget *parent = nullptr);

    void setAxes(const QString &xLabel, const QString &yLabel);
    // Replaces the points and the front (indices into the points, ordered by x; empty draws every
    // point alike); `emptyText` is shown when there are none. One redraw.
    void setPoints(const QList<Point> &points, const QString &emptyText = {},
                   const std::vector<std::size_t> &front = {});
    // Rings drawn around these runs' points (the best runs the banner names).
    void setHighlighted(const QList<std::int64_t> &runIds);
    void setCaption(const QString &text);

    QString caption() const;
    QList<Point> points() const { return m_points; }
    std::vector<std::size_t> front() const { return m_front; }
    QCustomPlot *plot() const { return m_plot; }
    // PNG, PDF or SVG by the suffix; 0 takes the widget's size.
    Status exportTo(const QString &path, int width = 0, int height = 0);

Q_SIGNALS:
    void runClicked(qint64 runId);
    void errorOccurred(const QString &message);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void rebuild();
    void scheduleReplot();

    QList<Point> m_points;
    std::vector<std::size_t> m_front;
    QList<std::int64_t> m_highlighted;
    QString m_xLabel, m_yLabel, m_emptyText;
    QLabel *m_caption = nullptr;
    QCustomPlot *m_plot = nullptr;
    bool m_replotWhenShown = false; // rebuilt while hidden: drawn when shown
};

} // namespace mb::ui
