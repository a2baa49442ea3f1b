// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/evaluation/ProbabilityMetrics.h"

#include "core/evaluation/MetricsSupport.h"

#include <algorithm>
#include <cmath>

namespace mb::evaluation {
namespace {

std::optional<Error> checkEps(double eps)
{
    if (!(eps > 0.0 && eps < 0.5))
        return Error{QStringLiteral("eps is %1: it must be in (0, 0.5)").arg(eps)};
    return std::nullopt;
}

// np.clip(p, eps, 1 - eps)
double clip(double p, double eps)
{
    return std::min(std::max(p, eps), 1 - eps);
}

// np.linspace(0, stop, num)[i] for num > 1: i * (stop / (num - 1)), the last exactly `stop`.
double linspace(double stop, int num, int i)
{
    if (i == num - 1)
        return stop;
    return double(i) * (stop / double(num - 1)) + 0.0;
}

// np.percentile(sorted, percent) with the default "linear" method, in numpy 1.24's arithmetic.
double percentile(const std::vector<double> &sorted, double percent)
{
    const std::size_t n = sorted.size();
    const double quantile = percent / 100;
    const double virtualIndex = double(n - 1) * quantile;
    double previousIndex = std::floor(virtualIndex);
    std::size_t previous = std::size_t(previousIndex);
    std::size_t next = previous + 1;
    if (virtualIndex >= double(n - 1)) {
        previousIndex = -1; // numpy marks "past the end" as -1, and the gamma below sees it
        previous = next = n - 1;
    }
    const double gamma = virtualIndex - previousIndex;
    const double a = sorted[previous];
    const double b = sorted[next];
    const double difference = b - a;
    if (gamma >= 0.5)
        return b - difference * (1 - gamma);
    return a + difference * gamma;
}

} // namespace

Result<double> logLoss(const std::vector<int> &yTrue, const std::vector<double> &probabilities, double eps)
{
    if (auto error = detail::checkBinaryAndValues(yTrue, QStringLiteral("probabilities"), probabilities))
        return *error;
    if (auto error = checkEps(eps))
        return *error;
    std::vector<double> losses(yTrue.size());
    for (std::size_t i = 0; i < yTrue.size(); ++i) {
        const double p = clip(probabilities[i], eps);
        const double sum = 0.0 + (1 - p) + p; // the row (1 - p, p), summed as numpy does
        losses[i] = -std::log((yTrue[i] == 1 ? p : 1 - p) / sum);
    }
    return detail::numpyMean(losses);
}

Result<double> multiclassLogLoss(const std::vector<int> &yTrue, const std::vector<double> &probabilities,
                                 std::size_t classCount, double eps)
{
    if (auto error = detail::checkClassProbabilities(QStringLiteral("log loss"), yTrue, probabilities, classCount))
        return *error;
    const std::size_t n = yTrue.size();
    if (auto error = checkEps(eps))
        return *error;
    std::vector<double> row(classCount);
    std::vector<double> losses(n);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t c = 0; c < classCount; ++c)
            row[c] = clip(probabilities[i * classCount + c], eps);
        const double sum = detail::numpySum(row);
        losses[i] = -std::log(row[std::size_t(yTrue[i])] / sum);
    }
    return detail::numpyMean(losses);
}

Result<CalibrationCurve> calibrationCurve(const std::vector<int> &yTrue, const std::vector<double> &probabilities,
                                          int binCount, CalibrationStrategy strategy)
{
    if (auto error = detail::checkBinaryAndValues(yTrue, QStringLiteral("probabilities"), probabilities))
        return *error;
    if (binCount < 1)
        return Error{QStringLiteral("the calibration curve needs at least 1 bin, got %1").arg(binCount)};
    for (std::size_t i = 0; i < probabilities.size(); ++i) {
        if (probabilities[i] < 0.0 || probabilities[i] > 1.0)
            return Error{QStringLiteral("probabilities[%1] is %2: probabilities must be in [0, 1]")
                             .arg(qulonglong(i))
                             .arg(probabilities[i])};
    }

    // The bin edges; only the inner ones decide the bins.
    std::vector<double> edges(std::size_t(binCount) + 1);
    if (strategy == CalibrationStrategy::Uniform) {
        for (int i = 0; i <= binCount; ++i)
            edges[std::size_t(i)] = linspace(1.0, binCount + 1, i);
    } else {
        std::vector<double> sorted = probabilities;
        detail::sortAscending(sorted);
        for (int i = 0; i <= binCount; ++i)
            edges[std::size_t(i)] = percentile(sorted, linspace(1.0, binCount + 1, i) * 100);
    }

    // np.searchsorted(edges[1:-1], p): the number of inner edges below p.
    const auto innerBegin = edges.begin() + 1;
    const auto innerEnd = edges.end() - 1;
    std::vector<double> sums(std::size_t(binCount), 0.0);
    std::vector<double> positives(std::size_t(binCount), 0.0);
    std::vector<std::int64_t> totals(std::size_t(binCount), 0);
    for (std::size_t i = 0; i < probabilities.size(); ++i) {
        const auto bin = std::size_t(std::lower_bound(innerBegin, innerEnd, probabilities[i]) - innerBegin);
        sums[bin] += probabilities[i];
        positives[bin] += double(yTrue[i]);
        ++totals[bin];
    }
    CalibrationCurve curve;
    for (std::size_t b = 0; b < totals.size(); ++b) {
        if (totals[b] == 0)
            continue;
        curve.fractionOfPositives.push_back(positives[b] / double(totals[b]));
        curve.meanPredicted.push_back(sums[b] / double(totals[b]));
        curve.counts.push_back(totals[b]);
    }
    return curve;
}

} // namespace mb::evaluation
