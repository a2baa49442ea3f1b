// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"
#include "core/FramingValidator.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableWidget;

namespace mb::ui {

class BusinessMetricEditor;

// The framing form: every field of a Framing, each section with a sentence on why it matters.
// It holds no store and validates nothing itself; FramingPage does both.
class FramingEditor : public QWidget {
    Q_OBJECT
public:
    explicit FramingEditor(QWidget *parent = nullptr);

    void setFraming(const Framing &framing);
    Framing framing() const;
    // Text the form could not turn into values (such as "1, x, 3" as bucket edges).
    QList<FramingProblem> inputProblems() const;
    // The names the project's runs are measured by (services::requirementMetricNames): offered in
    // the stakeholders' Metric cell with the form's business metrics; other names are flagged.
    void setMeasuredMetricNames(const QStringList &names);
    QStringList requirementMetricChoices() const;

Q_SIGNALS:
    void changed();

private:
    QWidget *buildGoalSection();
    QWidget *buildTaskSection();
    QWidget *buildObjectiveSection();
    QWidget *buildStakeholderSection();
    QWidget *buildConstraintSection();
    void onTaskTypeChanged();
    void updateDependentWidgets();
    void resizeObjectives(const QList<Objective> &objectives);
    void addStakeholderRow(const Stakeholder &stakeholder);
    void emitChanged();
    void flagUnknownRequirementMetrics();

    bool m_loading = false; // true while widgets are filled from a Framing
    QStringList m_measuredNames;

    // Owned by the widget tree.
    QPlainTextEdit *m_goal = nullptr;
    QComboBox *m_taskType = nullptr;
    QLabel *m_taskGuidance = nullptr;
    QLineEdit *m_targets = nullptr;
    QLineEdit *m_valueColumns = nullptr;
    QComboBox *m_reframing = nullptr;
    QLabel *m_reframingGuidance = nullptr;
    QLineEdit *m_bucketEdges = nullptr;
    QDoubleSpinBox *m_threshold = nullptr;
    QTableWidget *m_objectives = nullptr;
    QWidget *m_twoObjectiveBox = nullptr;
    QComboBox *m_approach = nullptr;
    QLabel *m_approachGuidance = nullptr;
    QDoubleSpinBox *m_alpha = nullptr;
    QDoubleSpinBox *m_beta = nullptr;
    BusinessMetricEditor *m_metrics = nullptr;
    QTableWidget *m_stakeholders = nullptr;
    QPlainTextEdit *m_constraints = nullptr;
    QLabel *m_requirementCheck = nullptr;
};

} // namespace mb::ui
