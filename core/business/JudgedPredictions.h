// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"
#include "core/Result.h"
#include "core/business/PredictionTable.h"

#include <QStringList>

#include <vector>

namespace mb::business {

// How a run's stored predictions are read when the framing's business metrics judge it: the same
// rules for the runs table, the command line, the Compare page and the Trade-offs page.
//
//  - The label, score and predicted the engine reads are those of the first framing target the
//    run predicted. A one-target run of a two-target framing (the demo's engagement model) is
//    judged by its own target; a run that predicted none of them, by its first stored label.
//  - A two-objective framing ranks items by alpha * score(first) + beta * score(second), with
//    the framing's weights, when the run predicted both targets (Approach 1, one model with two
//    heads). The Trade-offs page re-weights two runs' scores the same way.
// Thread contract: pure functions, reentrant.

// The framing's targets among the stored columns (`label:<target>`), in the framing's order.
QStringList judgedTargets(const Framing &framing, const QStringList &storedColumnNames);

// The table the business metrics of `framing` read, from a run's stored prediction columns
// (predictionTableFromColumns's format). Errors name a missing column.
Result<PredictionTable> judgedPredictionTable(std::vector<NamedColumn> columns, const Framing &framing);

} // namespace mb::business
