// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/evaluation/RegressionMetrics.h"

#include "core/evaluation/MetricsSupport.h"

#include <algorithm>
#include <cmath>

namespace mb::evaluation {
namespace {

std::optional<Error> checkInputs(const std::vector<double> &yTrue, const std::vector<double> &yPred)
{
    if (auto error = detail::checkNotEmpty(QStringLiteral("y_true"), yTrue.size()))
        return error;
    if (auto error =
            detail::checkSameLength(QStringLiteral("y_true"), yTrue.size(), QStringLiteral("y_pred"), yPred.size()))
        return error;
    if (auto error = detail::checkFinite(QStringLiteral("y_true"), yTrue))
        return error;
    return detail::checkFinite(QStringLiteral("y_pred"), yPred);
}

double sumOfSquaredErrors(const std::vector<double> &yTrue, const std::vector<double> &yPred)
{
    std::vector<double> squares(yTrue.size());
    for (std::size_t i = 0; i < yTrue.size(); ++i) {
        const double difference = yTrue[i] - yPred[i];
        squares[i] = difference * difference;
    }
    return detail::numpySum(squares);
}

} // namespace

Result<double> rootMeanSquaredError(const std::vector<double> &yTrue, const std::vector<double> &yPred)
{
    if (auto error = checkInputs(yTrue, yPred))
        return *error;
    return std::sqrt(sumOfSquaredErrors(yTrue, yPred) / double(yTrue.size()));
}

Result<double> meanAbsoluteError(const std::vector<double> &yTrue, const std::vector<double> &yPred)
{
    if (auto error = checkInputs(yTrue, yPred))
        return *error;
    std::vector<double> errors(yTrue.size());
    for (std::size_t i = 0; i < yTrue.size(); ++i)
        errors[i] = std::abs(yPred[i] - yTrue[i]);
    return detail::numpyMean(errors);
}

Result<double> r2Score(const std::vector<double> &yTrue, const std::vector<double> &yPred)
{
    if (auto error = checkInputs(yTrue, yPred))
        return *error;
    if (yTrue.size() < 2)
        return Error{QStringLiteral("R² needs at least 2 items, got %1").arg(qulonglong(yTrue.size()))};
    const double numerator = sumOfSquaredErrors(yTrue, yPred);
    const bool constant = std::all_of(yTrue.begin(), yTrue.end(), [&](double v) { return v == yTrue.front(); });
    double denominator = 0.0;
    if (!constant) {
        const double mean = detail::numpyMean(yTrue);
        std::vector<double> squares(yTrue.size());
        for (std::size_t i = 0; i < yTrue.size(); ++i) {
            const double difference = yTrue[i] - mean;
            squares[i] = difference * difference;
        }
        denominator = detail::numpySum(squares);
    }
    if (numerator == 0.0)
        return 1.0;
    if (denominator == 0.0)
        return 0.0;
    return 1 - numerator / denominator;
}

} // namespace mb::evaluation
