// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/evaluation/ClassificationMetrics.h"

#include "core/evaluation/MetricsSupport.h"

#include <unordered_map>

namespace mb::evaluation {
namespace {

constexpr std::size_t notALabel = std::size_t(-1);

// Position of each label in `labels`, or an error naming an empty list or a repeated label.
Result<std::unordered_map<int, std::size_t>> labelIndex(const std::vector<int> &labels)
{
    if (labels.empty())
        return Error{QStringLiteral("labels is empty: name at least one class to report")};
    std::unordered_map<int, std::size_t> index;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (!index.emplace(labels[i], i).second)
            return Error{QStringLiteral("labels lists class %1 twice: each class must appear once").arg(labels[i])};
    }
    return index;
}

std::size_t find(const std::unordered_map<int, std::size_t> &index, int label)
{
    const auto it = index.find(label);
    return it == index.end() ? notALabel : it->second;
}

// _prf_divide with zero_division=0.
double ratio(std::int64_t numerator, std::int64_t denominator)
{
    return denominator == 0 ? 0.0 : double(numerator) / double(denominator);
}

// precision_recall_fscore_support's F with beta=1, in its order of operations.
double fScore(double precision, double recall)
{
    double denominator = precision + recall;
    if (denominator == 0.0)
        denominator = 1;
    return 2.0 * precision * recall / denominator;
}

ClassScores scores(std::int64_t truePositives, std::int64_t predicted, std::int64_t actual)
{
    ClassScores s;
    s.precision = ratio(truePositives, predicted);
    s.recall = ratio(truePositives, actual);
    s.f1 = fScore(s.precision, s.recall);
    return s;
}

} // namespace

Result<double> accuracy(const std::vector<int> &yTrue, const std::vector<int> &yPred)
{
    if (auto error = detail::checkNotEmpty(QStringLiteral("y_true"), yTrue.size()))
        return *error;
    if (auto error =
            detail::checkSameLength(QStringLiteral("y_true"), yTrue.size(), QStringLiteral("y_pred"), yPred.size()))
        return *error;
    std::int64_t correct = 0;
    for (std::size_t i = 0; i < yTrue.size(); ++i)
        correct += yTrue[i] == yPred[i] ? 1 : 0;
    return double(correct) / double(yTrue.size());
}

Result<ConfusionMatrix> confusionMatrix(const std::vector<int> &yTrue, const std::vector<int> &yPred,
                                        const std::vector<int> &labels)
{
    if (auto error =
            detail::checkSameLength(QStringLiteral("y_true"), yTrue.size(), QStringLiteral("y_pred"), yPred.size()))
        return *error;
    auto index = labelIndex(labels);
    if (!index)
        return Error{index.error()};
    ConfusionMatrix matrix;
    matrix.labels = labels;
    matrix.counts.assign(labels.size() * labels.size(), 0);
    if (yTrue.empty())
        return matrix;
    bool anyLabelInTruth = false;
    for (std::size_t i = 0; i < yTrue.size(); ++i) {
        const std::size_t row = find(*index, yTrue[i]);
        anyLabelInTruth = anyLabelInTruth || row != notALabel;
        const std::size_t column = find(*index, yPred[i]);
        if (row != notALabel && column != notALabel)
            ++matrix.counts[row * labels.size() + column];
    }
    if (!anyLabelInTruth)
        return Error{
            QStringLiteral("none of the %1 labels occurs in y_true: at least one must").arg(qulonglong(labels.size()))};
    return matrix;
}

Result<PrecisionRecallF1> precisionRecallF1(const std::vector<int> &yTrue, const std::vector<int> &yPred,
                                            const std::vector<int> &labels)
{
    if (auto error = detail::checkNotEmpty(QStringLiteral("y_true"), yTrue.size()))
        return *error;
    if (auto error =
            detail::checkSameLength(QStringLiteral("y_true"), yTrue.size(), QStringLiteral("y_pred"), yPred.size()))
        return *error;
    auto index = labelIndex(labels);
    if (!index)
        return Error{index.error()};

    const std::size_t k = labels.size();
    std::vector<std::int64_t> truePositives(k, 0);
    PrecisionRecallF1 result;
    result.labels = labels;
    result.support.assign(k, 0);
    result.predicted.assign(k, 0);
    for (std::size_t i = 0; i < yTrue.size(); ++i) {
        const std::size_t actual = find(*index, yTrue[i]);
        const std::size_t predicted = find(*index, yPred[i]);
        if (actual != notALabel)
            ++result.support[actual];
        if (predicted != notALabel)
            ++result.predicted[predicted];
        if (actual != notALabel && actual == predicted)
            ++truePositives[actual];
    }

    std::vector<double> precision(k), recall(k), f1(k);
    std::int64_t tpSum = 0, predictedSum = 0, supportSum = 0;
    for (std::size_t c = 0; c < k; ++c) {
        result.perClass.push_back(scores(truePositives[c], result.predicted[c], result.support[c]));
        precision[c] = result.perClass[c].precision;
        recall[c] = result.perClass[c].recall;
        f1[c] = result.perClass[c].f1;
        tpSum += truePositives[c];
        predictedSum += result.predicted[c];
        supportSum += result.support[c];
    }

    // average="macro": np.average(scores).
    result.macro = {detail::numpyMean(precision), detail::numpyMean(recall), detail::numpyMean(f1)};
    // average="micro": the counts summed over the labels first.
    result.micro = scores(tpSum, predictedSum, supportSum);
    // average="weighted": np.average(scores, weights=support); 0 when there is no support.
    if (supportSum > 0) {
        std::vector<double> weights(k), weighted(k);
        for (std::size_t c = 0; c < k; ++c)
            weights[c] = double(result.support[c]);
        const double scale = detail::numpySum(weights);
        auto average = [&](const std::vector<double> &values) {
            for (std::size_t c = 0; c < k; ++c)
                weighted[c] = values[c] * weights[c];
            return detail::numpySum(weighted) / scale;
        };
        result.weighted = {average(precision), average(recall), average(f1)};
    }
    return result;
}

} // namespace mb::evaluation
