// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/business/OperatingThreshold.h"

namespace mb::business {

Result<ValidatedThreshold> chooseThresholdOnValidation(const BusinessMetric &metric, const PredictionTable &validation,
                                                       const PredictionTable &test, const QStringList &declaredColumns)
{
    Result<ThresholdCurve> curve = thresholdCurve(metric, validation, declaredColumns);
    if (!curve)
        return Error{QStringLiteral("on the validation rows, %1").arg(curve.error())};
    ValidatedThreshold chosen;
    chosen.validation = std::move(curve).value();
    if (!chosen.validation.hasBest)
        return chosen;
    chosen.threshold = chosen.validation.best.threshold;
    chosen.validationValue = chosen.validation.best.value;
    return reportedOn(chosen, metric, test, declaredColumns);
}

ValidatedThreshold reportedOn(const ValidatedThreshold &choice, const BusinessMetric &metric,
                              const PredictionTable &test, const QStringList &declaredColumns)
{
    ValidatedThreshold reported = choice;
    reported.test.reset();
    if (!choice.validation.hasBest)
        return reported;
    // The same decision on the test rows: act on the items scoring at or above the threshold.
    BusinessMetric atThreshold = metric;
    atThreshold.selection = Selection::PredictedPositive;
    atThreshold.selectionParameter = choice.threshold;
    if (Result<MetricValue> value = evaluateBusinessMetric(atThreshold, test, declaredColumns))
        reported.test = std::move(value).value();
    return reported;
}

} // namespace mb::business
