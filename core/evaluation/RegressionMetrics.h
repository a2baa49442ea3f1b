// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Regression metrics: RMSE, MAE and R². Each matches scikit-learn 1.2.1, summing in numpy's
// order, so results agree with it to the last bit (docs/METRICS.md names the functions).
// Thread contract: pure functions, reentrant. Linear time.

#include "core/Result.h"

#include <vector>

namespace mb::evaluation {

// mean_squared_error(y_true, y_pred, squared=False)
Result<double> rootMeanSquaredError(const std::vector<double> &yTrue, const std::vector<double> &yPred);

// mean_absolute_error(y_true, y_pred)
Result<double> meanAbsoluteError(const std::vector<double> &yTrue, const std::vector<double> &yPred);

// r2_score(y_true, y_pred) (force_finite=True): 1 - SS_res / SS_tot. A constant y_true gives
// 1.0 when every prediction is exact and 0.0 otherwise. Fewer than 2 items is an error
// (scikit-learn warns and returns NaN).
// Constant y_true is recognised exactly (all values equal), where scikit-learn 1.2.1 relies on
// its floating-point mean: for y_true = [0.1, 0.1, 0.1] its mean is 0.10000000000000002, so
// SS_tot is 1.9e-34 instead of 0 and an inexact prediction scores about -1.7e31. This returns
// 0.0 there, the value scikit-learn documents for the case.
Result<double> r2Score(const std::vector<double> &yTrue, const std::vector<double> &yPred);

} // namespace mb::evaluation
