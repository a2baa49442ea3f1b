// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/tradeoff/TradeoffEngine.h"

#include <QWidget>

#include <optional>

class QCustomPlot;
class QCPGraph;
class QCPItemText;
class QLabel;

namespace mb::ui {

// The Trade-offs page's plot: the weight sweep as points in two business metrics, the Pareto front
// joined and drawn full, dominated settings faded; the current weights as a ringed point that
// follows the sliders; and the Approach-1 run (one model on a combined loss) as a diamond at its
// training weights, so the user sees what decoupling buys.
// Thread contract: GUI thread.
class TradeoffPlot : public QWidget {
    Q_OBJECT
public:
    explicit TradeoffPlot(QWidget *parent = nullptr);

    void setAxes(const QString &xLabel, const QString &yLabel);
    void setSweep(const tradeoff::TradeoffSweep &sweep);
    void setApproachOne(std::optional<QPointF> point, const QString &label);
    void setCurrent(std::optional<QPointF> point, const QString &label);
    void setMessage(const QString &text); // shown instead of the plot's content when not empty
    void clear();

    std::optional<QPointF> current() const { return m_current; }
    std::optional<QPointF> approachOne() const { return m_approachOne; }
    const tradeoff::TradeoffSweep &sweep() const { return m_sweep; }
    QCustomPlot *plot() const { return m_plot; }
    Status exportTo(const QString &path, int width = 0, int height = 0);

Q_SIGNALS:
    // A sweep point was clicked: its weights.
    void weightsClicked(double alpha, double beta);
    void errorOccurred(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();
    void placeCurrent();

    tradeoff::TradeoffSweep m_sweep;
    std::optional<QPointF> m_current, m_approachOne;
    QString m_currentLabel, m_approachLabel, m_message, m_xLabel, m_yLabel;
    QCustomPlot *m_plot = nullptr;
    QCPGraph *m_currentGraph = nullptr;
    QCPItemText *m_currentText = nullptr;
};

} // namespace mb::ui
