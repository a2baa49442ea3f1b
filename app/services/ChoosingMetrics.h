// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/RunMetrics.h"

namespace mb::services {

// The figures a run is chosen on: computeProjectRunMetrics with each run judged by the choosing
// evaluation (choosingEvaluation) of its judged one, its validation predictions. A run chosen on
// the test rows would be the one the test rows happen to favour, reported with that same luck. A
// run without validation predictions comes back with no evaluation and no values. One rule for
// the report's verdict and the Compare page's banner; `options` as for computeProjectRunMetrics
// (values stored per evaluation serve both). Implemented with its twin in RunMetrics.cpp.
QList<Result<RunMetrics>> computeProjectChoosingMetrics(db::Database &db, std::int64_t projectId,
                                                        const QList<db::RunRecord> &runs, const Framing &framing,
                                                        const ProjectRunMetricsOptions &options = {});

} // namespace mb::services
