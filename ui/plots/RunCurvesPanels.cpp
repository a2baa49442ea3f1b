// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/plots/RunCurvesPanels.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

namespace mb::ui {
namespace {

const QString kCountKey = QStringLiteral("curves/panels");
const QString kXAxisKey = QStringLiteral("curves/xAxis");
const QString kSmoothingKey = QStringLiteral("curves/smoothing");

// What each panel shows first: the training loss, the validation loss, and the task's headline
// validation metric (the first of these a run logs). A weighted loss is logged as weighted_loss;
// macro_f1 is f1_macro's name in runs trained before the two were one.
const QList<QStringList> kPanelMetrics{
    {QStringLiteral("train/loss")},
    {QStringLiteral("validation/loss"), QStringLiteral("validation/weighted_loss"), QStringLiteral("epoch/train_loss")},
    {QStringLiteral("validation/roc_auc"), QStringLiteral("validation/average_precision"),
     QStringLiteral("validation/f1_macro"), QStringLiteral("validation/macro_f1"),
     QStringLiteral("validation/accuracy"), QStringLiteral("validation/r2"), QStringLiteral("validation/rmse"),
     QStringLiteral("lr")}};

} // namespace

RunCurvesPanels::RunCurvesPanels(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("runCurvePanels"));
    m_countChoice = new QSpinBox;
    m_countChoice->setObjectName(QStringLiteral("curvePanelCount"));
    m_countChoice->setRange(1, kMaxPanels);
    m_countChoice->setToolTip(tr("How many metrics to show side by side"));
    m_xAxisChoice = new QComboBox;
    m_xAxisChoice->setObjectName(QStringLiteral("curveXAxis"));
    m_xAxisChoice->addItem(tr("as logged"), int(RunCurvesPlot::XAxis::AsLogged));
    m_xAxisChoice->addItem(tr("step"), int(RunCurvesPlot::XAxis::Step));
    m_xAxisChoice->addItem(tr("epoch"), int(RunCurvesPlot::XAxis::Epoch));
    m_xAxisChoice->addItem(tr("wall time"), int(RunCurvesPlot::XAxis::WallTime));
    m_xAxisChoice->setToolTip(tr("What the x axis counts. As logged: steps for per-step series (the training "
                                 "loss), epochs for per-epoch ones (validation metrics)."));
    m_smoothingChoice = new QSlider(Qt::Horizontal);
    m_smoothingChoice->setObjectName(QStringLiteral("curveSmoothing"));
    m_smoothingChoice->setRange(0, int(RunCurvesPlot::kMaxSmoothing * 100));
    m_smoothingChoice->setMaximumWidth(120);
    m_smoothingChoice->setToolTip(tr("Smooths per-step series with an exponential moving average; the raw curve "
                                     "stays faint behind it. Per-epoch series are drawn as they are."));
    m_smoothingLabel = new QLabel;
    m_smoothingLabel->setObjectName(QStringLiteral("curveSmoothingValue"));
    m_smoothingLabel->setMinimumWidth(m_smoothingLabel->fontMetrics().horizontalAdvance(QStringLiteral("0.99")));

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(new QLabel(tr("Panels:")));
    bar->addWidget(m_countChoice);
    bar->addSpacing(8);
    bar->addWidget(new QLabel(tr("x:")));
    bar->addWidget(m_xAxisChoice);
    bar->addSpacing(8);
    bar->addWidget(new QLabel(tr("Smoothing:")));
    bar->addWidget(m_smoothingChoice);
    bar->addWidget(m_smoothingLabel);
    bar->addStretch();

    // One above the other: side by side, three plots with their controls need more than the width
    // a 1024-pixel window leaves beside the run's record.
    m_splitter = new QSplitter(Qt::Vertical);
    m_splitter->setObjectName(QStringLiteral("curvePanelSplitter"));
    m_splitter->setChildrenCollapsible(false);
    for (int i = 0; i < kMaxPanels; ++i) {
        auto *panel = new RunCurvesPlot;
        panel->setObjectName(i == 0 ? QStringLiteral("runCurves") : QStringLiteral("runCurves%1").arg(i + 1));
        panel->setPreferredMetrics(kPanelMetrics.value(i));
        m_panels << panel;
        m_splitter->addWidget(panel);
        if (i > 0) {
            panel->setLegendShown(false);
            follow(panel);
        }
    }
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_splitter, 1);

    connect(m_countChoice, &QSpinBox::valueChanged, this, &RunCurvesPanels::setPanelCount);
    connect(m_xAxisChoice, &QComboBox::activated, this,
            [this] { setXAxis(RunCurvesPlot::XAxis(m_xAxisChoice->currentData().toInt())); });
    connect(m_smoothingChoice, &QSlider::valueChanged, this, [this](int value) { setSmoothing(value / 100.0); });

    const QSettings settings;
    setPanelCount(settings.value(kCountKey, 1).toInt());
    setXAxis(RunCurvesPlot::XAxis(settings.value(kXAxisKey, int(RunCurvesPlot::XAxis::AsLogged)).toInt()));
    setSmoothing(settings.value(kSmoothingKey, 0.0).toDouble());
}

void RunCurvesPanels::follow(RunCurvesPlot *panel)
{
    // The page drives the first panel; the others show the same runs from the same workspace.
    RunCurvesPlot *first = m_panels.constFirst();
    connect(first, &RunCurvesPlot::databaseChanged, panel, [first, panel] { panel->setDatabase(first->database()); });
    connect(first, &RunCurvesPlot::runsChanged, panel, [this, panel](const QList<RunCurvesPlot::Source> &runs) {
        if (m_panels.indexOf(panel) < m_count)
            panel->setRuns(runs);
    });
    connect(first, &RunCurvesPlot::refreshed, panel, [this, panel] {
        if (m_panels.indexOf(panel) < m_count)
            panel->refresh();
    });
    connect(panel, &RunCurvesPlot::errorOccurred, first, &RunCurvesPlot::errorOccurred);
}

void RunCurvesPanels::setPanelCount(int count)
{
    count = std::clamp(count, 1, kMaxPanels);
    const int before = m_count;
    m_count = count;
    if (m_countChoice->value() != count)
        m_countChoice->setValue(count); // comes back here, changing nothing
    for (int i = 0; i < m_panels.size(); ++i) {
        m_panels.at(i)->setVisible(i < count);
        // Stacked panels share the height: each may be shorter than a single one.
        m_panels.at(i)->plot()->setMinimumHeight(count > 1 ? kStackedPlotMinHeight : kSinglePlotMinHeight);
    }
    // A panel shown again catches up with the runs the first one shows now.
    for (int i = before; i < count; ++i)
        m_panels.at(i)->setRuns(primary()->sources());
    // Shared evenly: a panel that was hidden would otherwise come back with no height.
    QList<int> sizes;
    for (int i = 0; i < m_panels.size(); ++i)
        sizes << (i < count ? 1000 : 0);
    m_splitter->setSizes(sizes);
    QSettings().setValue(kCountKey, count);
}

void RunCurvesPanels::setXAxis(RunCurvesPlot::XAxis axis)
{
    m_xAxisChoice->setCurrentIndex(std::max(0, m_xAxisChoice->findData(int(axis))));
    for (RunCurvesPlot *panel : std::as_const(m_panels))
        panel->setXAxis(axis);
    QSettings().setValue(kXAxisKey, int(axis));
}

void RunCurvesPanels::setSmoothing(double weight)
{
    const int value = int(std::lround(std::clamp(weight, 0.0, RunCurvesPlot::kMaxSmoothing) * 100));
    if (m_smoothingChoice->value() != value)
        m_smoothingChoice->setValue(value); // comes back here
    m_smoothingLabel->setText(value == 0 ? tr("off") : QString::number(value / 100.0, 'f', 2));
    for (RunCurvesPlot *panel : std::as_const(m_panels))
        panel->setSmoothing(value / 100.0);
    QSettings().setValue(kSmoothingKey, value / 100.0);
}

} // namespace mb::ui
