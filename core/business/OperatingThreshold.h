// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"
#include "core/Result.h"
#include "core/business/BusinessCurves.h"
#include "core/business/BusinessMetricEngine.h"
#include "core/business/PredictionTable.h"

#include <QStringList>

#include <optional>

namespace mb::business {

// A decision threshold chosen where the metric is best on the validation predictions, and what it
// does on the test predictions. The test rows report; they never choose: a threshold picked on
// them gives an optimistic value for exactly the rows it is reported on.
struct ValidatedThreshold {
    ThresholdCurve validation; // the curve the threshold is chosen on; no choice when !hasBest
    double threshold = 0.0;    // validation.best.threshold
    double validationValue = 0.0;
    // The metric on the test predictions when acting on the items scoring >= threshold; absent
    // when undefined there (nothing selected, say).
    std::optional<MetricValue> test;
};

// Errors: as thresholdCurve's for either table.
Result<ValidatedThreshold> chooseThresholdOnValidation(const BusinessMetric &metric, const PredictionTable &validation,
                                                       const PredictionTable &test,
                                                       const QStringList &declaredColumns = {});

// The same choice reported on other test rows (the judged evaluation's, when another is shown):
// the validation curve is not computed again.
ValidatedThreshold reportedOn(const ValidatedThreshold &choice, const BusinessMetric &metric,
                              const PredictionTable &test, const QStringList &declaredColumns = {});

} // namespace mb::business
