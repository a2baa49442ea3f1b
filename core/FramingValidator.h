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

// The symbols an aggregate's item expression may use under this framing.
QStringList itemSymbolsFor(const Framing &framing);
// The symbols a metric's outer expression may use.
QStringList outerSymbolsFor(const BusinessMetric &metric);

// The losses that fit a task, for the editor and for validation.
QList<Loss> lossesFor(TaskType type);

QString describeProblems(const QList<FramingProblem> &problems);

} // namespace mb
