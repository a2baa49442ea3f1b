// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/plots/RunCurvesPlot.h"

#include <QList>
#include <QWidget>

class QComboBox;
class QLabel;
class QSlider;
class QSpinBox;
class QSplitter;

namespace mb::ui {

// One to three curve panels, one above the other (by default the training loss, the validation loss and
// the task's headline validation metric), with the controls they share: how many panels, what
// the x axis counts, and how much step series are smoothed. The first panel is the one the page
// drives (setDatabase, setRuns, refresh); the others follow it through its signals, so the page
// needs to know of one plot only. The choices are remembered (QSettings).
// Thread contract: GUI thread.
class RunCurvesPanels : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxPanels = 3;
    static constexpr int kSinglePlotMinHeight = 180; // pixels, as RunCurvesPlot sets it
    static constexpr int kStackedPlotMinHeight = 90;

    explicit RunCurvesPanels(QWidget *parent = nullptr);

    RunCurvesPlot *primary() const { return m_panels.constFirst(); }
    // The panels shown, the primary first.
    QList<RunCurvesPlot *> panels() const { return m_panels.mid(0, m_count); }
    int panelCount() const { return m_count; }
    void setPanelCount(int count);
    void setXAxis(RunCurvesPlot::XAxis axis);
    void setSmoothing(double weight);

private:
    void follow(RunCurvesPlot *panel);

    QList<RunCurvesPlot *> m_panels; // owned by the widget tree; all of them, shown or not
    int m_count = 1;
    // Owned by the widget tree.
    QSpinBox *m_countChoice = nullptr;
    QComboBox *m_xAxisChoice = nullptr;
    QSlider *m_smoothingChoice = nullptr;
    QLabel *m_smoothingLabel = nullptr;
    QSplitter *m_splitter = nullptr;
};

} // namespace mb::ui
