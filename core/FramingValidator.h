// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"

#include <QList>
#include <QString>

namespace mb {

// One thing wrong with a framing, named by the field's path as in the framing JSON
// ("business_metrics[0].aggregates[1].expression").
struct FramingProblem {
    QString field;
    QString message;
    int position = 0; // 1-based column inside an expression, 0 when not about an expression
};

// Everything that stops a framing from being saved. An empty list means it can be saved.
QList<FramingProblem> validateFraming(const Framing &framing);

// What a stakeholder requirement may name: a business metric (a symbol name), or a measured value
// by the name runs store it under, whose parts are symbol names joined by '/' (test/roc_auc,
// test/engagement/accuracy, latency_p99_ms). Whether a run has it is judged per run.
bool isRequirementMetricName(const QString &name);

// The symbols an aggregate's item expression may use under this framing.
QStringList itemSymbolsFor(const Framing &framing);
// The symbols a metric's outer expression may use.
QStringList outerSymbolsFor(const BusinessMetric &metric);

// Whether a business metric's cut-off fits its selection (a whole k of 1 or more for the top k,
// a threshold in [0, 1], a fraction in (0, 1]), and a sensible cut-off for a selection the user
// has just chosen (the top 100, threshold 0.5, the top 10%).
bool selectionParameterFits(Selection selection, double parameter);
double defaultSelectionParameter(Selection selection);

// The losses that fit a task, for the editor and for validation.
QList<Loss> lossesFor(TaskType type);

QString describeProblems(const QList<FramingProblem> &problems);

} // namespace mb
