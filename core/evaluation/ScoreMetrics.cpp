// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/evaluation/ScoreMetrics.h"

#include "core/evaluation/MetricsSupport.h"

#include <cmath>

namespace mb::evaluation {
namespace {

using detail::ThresholdCounts;

ThresholdCounts binaryCounts(const std::vector<int> &yTrue, const std::vector<double> &scores)
{
    std::vector<double> positives, negatives;
    for (std::size_t i = 0; i < yTrue.size(); ++i)
        (yTrue[i] == 1 ? positives : negatives).push_back(scores[i]);
    return detail::thresholdCounts(positives, negatives);
}

// np.trapz(y, x): sum of (x[i+1] - x[i]) * (y[i+1] + y[i]) / 2.0, added as numpy adds.
double trapezoid(const std::vector<double> &x, const std::vector<double> &y)
{
    if (x.size() < 2)
        return 0.0;
    std::vector<double> terms(x.size() - 1);
    for (std::size_t i = 0; i + 1 < x.size(); ++i)
        terms[i] = (x[i + 1] - x[i]) * (y[i + 1] + y[i]) / 2.0;
    return detail::numpySum(terms);
}

// roc_curve's drop_intermediate=True, then its (0, 0) start. Both classes must be present.
RocCurve rocFromCounts(const ThresholdCounts &counts)
{
    const std::size_t m = counts.thresholds.size();
    std::vector<std::size_t> kept;
    kept.reserve(m);
    for (std::size_t i = 0; i < m; ++i) {
        // Keep the ends and every point where the slope changes (a non-zero second difference).
        const bool end = m <= 2 || i == 0 || i + 1 == m;
        if (end || counts.falsePositives[i + 1] - 2 * counts.falsePositives[i] + counts.falsePositives[i - 1] != 0 ||
            counts.truePositives[i + 1] - 2 * counts.truePositives[i] + counts.truePositives[i - 1] != 0)
            kept.push_back(i);
    }
    const double negatives = double(counts.falsePositives.back());
    const double positives = double(counts.truePositives.back());
    RocCurve curve;
    curve.falsePositiveRate.reserve(kept.size() + 1);
    curve.truePositiveRate.reserve(kept.size() + 1);
    curve.thresholds.reserve(kept.size() + 1);
    curve.falsePositiveRate.push_back(0.0);
    curve.truePositiveRate.push_back(0.0);
    curve.thresholds.push_back(counts.thresholds.front() + 1);
    for (const std::size_t i : kept) {
        curve.falsePositiveRate.push_back(double(counts.falsePositives[i]) / negatives);
        curve.truePositiveRate.push_back(double(counts.truePositives[i]) / positives);
        curve.thresholds.push_back(counts.thresholds[i]);
    }
    return curve;
}

std::optional<Error> checkBothClasses(const ThresholdCounts &counts, const QString &what)
{
    if (counts.truePositives.back() == 0 || counts.falsePositives.back() == 0)
        return Error{QStringLiteral("only one class is present in y_true (%1 positive, %2 negative items): "
                                    "%3 is not defined")
                         .arg(counts.truePositives.back())
                         .arg(counts.falsePositives.back())
                         .arg(what)};
    return std::nullopt;
}

enum class Needs { BothClasses, SomePositive };

// The per-threshold counts of valid binary inputs, or why `what` is not defined for them.
Result<ThresholdCounts> checkedCounts(const std::vector<int> &yTrue, const std::vector<double> &scores, Needs needs,
                                      const QString &what)
{
    if (auto error = detail::checkBinaryAndValues(yTrue, QStringLiteral("scores"), scores))
        return *error;
    ThresholdCounts counts = binaryCounts(yTrue, scores);
    if (needs == Needs::BothClasses) {
        if (auto error = checkBothClasses(counts, what))
            return *error;
    } else if (counts.truePositives.back() == 0) {
        return Error{QStringLiteral("y_true has no positive item: %1 is not defined").arg(what)};
    }
    return counts;
}

double aucFromCounts(const ThresholdCounts &counts)
{
    const RocCurve curve = rocFromCounts(counts);
    return trapezoid(curve.falsePositiveRate, curve.truePositiveRate);
}

PrecisionRecallCurve prFromCounts(const ThresholdCounts &counts)
{
    // Reversed (increasing threshold), with the (precision 1, recall 0) end appended.
    const std::size_t m = counts.thresholds.size();
    const double positives = double(counts.truePositives.back());
    PrecisionRecallCurve curve;
    curve.precision.resize(m + 1);
    curve.recall.resize(m + 1);
    curve.thresholds.resize(m);
    for (std::size_t j = 0; j < m; ++j) {
        const std::size_t i = m - 1 - j;
        const auto predicted = counts.truePositives[i] + counts.falsePositives[i];
        curve.precision[j] = predicted == 0 ? 0.0 : double(counts.truePositives[i]) / double(predicted);
        curve.recall[j] = double(counts.truePositives[i]) / positives;
        curve.thresholds[j] = counts.thresholds[i];
    }
    curve.precision[m] = 1.0;
    curve.recall[m] = 0.0;
    return curve;
}

} // namespace

Result<RocCurve> rocCurve(const std::vector<int> &yTrue, const std::vector<double> &scores)
{
    const auto counts = checkedCounts(yTrue, scores, Needs::BothClasses, QStringLiteral("the ROC curve"));
    if (!counts)
        return Error{counts.error()};
    return rocFromCounts(*counts);
}

Result<double> rocAuc(const std::vector<int> &yTrue, const std::vector<double> &scores)
{
    const auto counts = checkedCounts(yTrue, scores, Needs::BothClasses, QStringLiteral("ROC AUC"));
    if (!counts)
        return Error{counts.error()};
    return aucFromCounts(*counts);
}

Result<double> rocAucOneVsRest(const std::vector<int> &yTrue, const std::vector<double> &probabilities,
                               std::size_t classCount, Average average)
{
    if (auto error =
            detail::checkClassProbabilities(QStringLiteral("one-vs-rest ROC AUC"), yTrue, probabilities, classCount))
        return *error;
    const std::size_t n = yTrue.size();
    // np.allclose(1, row sums): |1 - s| <= 1e-8 + 1e-5 * |s|.
    for (std::size_t i = 0; i < n; ++i) {
        const double sum = detail::numpySum(probabilities.data() + i * classCount, classCount);
        if (!(std::abs(1.0 - sum) <= 1e-8 + 1e-5 * std::abs(sum)))
            return Error{
                QStringLiteral("probabilities row %1 sums to %2: each row must hold class probabilities summing to 1")
                    .arg(qulonglong(i))
                    .arg(sum, 0, 'g', 17)};
    }

    if (classCount == 2) {
        std::vector<double> positive(n);
        for (std::size_t i = 0; i < n; ++i)
            positive[i] = probabilities[i * 2 + 1];
        return rocAuc(yTrue, positive);
    }

    std::vector<double> positives, negatives;
    if (average == Average::Micro) {
        // Every (item, class) pair is one binary item: positive for the item's own class.
        positives.reserve(n);
        negatives.reserve(n * (classCount - 1));
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t c = 0; c < classCount; ++c)
                (std::size_t(yTrue[i]) == c ? positives : negatives).push_back(probabilities[i * classCount + c]);
        }
        return aucFromCounts(detail::thresholdCounts(positives, negatives));
    }

    std::vector<double> perClass(classCount);
    std::vector<double> support(classCount, 0.0);
    for (std::size_t c = 0; c < classCount; ++c) {
        positives.clear();
        negatives.clear();
        for (std::size_t i = 0; i < n; ++i)
            (std::size_t(yTrue[i]) == c ? positives : negatives).push_back(probabilities[i * classCount + c]);
        const ThresholdCounts counts = detail::thresholdCounts(positives, negatives);
        if (auto error =
                checkBothClasses(counts, QStringLiteral("ROC AUC of class %1 against the rest").arg(qulonglong(c))))
            return *error;
        perClass[c] = aucFromCounts(counts);
        support[c] = double(counts.truePositives.back());
    }
    if (average == Average::Macro)
        return detail::numpyMean(perClass);
    // np.average(scores, weights=support).
    std::vector<double> weighted(classCount);
    for (std::size_t c = 0; c < classCount; ++c)
        weighted[c] = perClass[c] * support[c];
    return detail::numpySum(weighted) / detail::numpySum(support);
}

Result<PrecisionRecallCurve> precisionRecallCurve(const std::vector<int> &yTrue, const std::vector<double> &scores)
{
    const auto counts = checkedCounts(yTrue, scores, Needs::SomePositive, QStringLiteral("recall"));
    if (!counts)
        return Error{counts.error()};
    return prFromCounts(*counts);
}

Result<double> averagePrecision(const std::vector<int> &yTrue, const std::vector<double> &scores)
{
    const auto counts = checkedCounts(yTrue, scores, Needs::SomePositive, QStringLiteral("average precision"));
    if (!counts)
        return Error{counts.error()};
    const PrecisionRecallCurve curve = prFromCounts(*counts);
    // -np.sum(np.diff(recall) * precision[:-1])
    std::vector<double> terms(curve.recall.size() - 1);
    for (std::size_t j = 0; j + 1 < curve.recall.size(); ++j)
        terms[j] = (curve.recall[j + 1] - curve.recall[j]) * curve.precision[j];
    return -detail::numpySum(terms);
}

Result<double> prAuc(const std::vector<int> &yTrue, const std::vector<double> &scores)
{
    const auto counts =
        checkedCounts(yTrue, scores, Needs::SomePositive, QStringLiteral("the area under the precision-recall curve"));
    if (!counts)
        return Error{counts.error()};
    const PrecisionRecallCurve curve = prFromCounts(*counts);
    // auc(recall, precision): recall decreases along the curve, so auc() flips the sign.
    return -trapezoid(curve.recall, curve.precision);
}

} // namespace mb::evaluation
