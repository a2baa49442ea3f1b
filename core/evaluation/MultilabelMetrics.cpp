// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/evaluation/MultilabelMetrics.h"

#include "core/evaluation/MetricsSupport.h"

#include <cstdint>

namespace mb::evaluation {
namespace {

// The number of items, or an error naming a shape or value problem.
Result<std::size_t> itemCount(const std::vector<int> &yTrue, const std::vector<int> &yPred, std::size_t labelCount)
{
    if (labelCount == 0)
        return Error{QStringLiteral("labelCount is 0: an indicator matrix needs at least one label column")};
    if (auto error = detail::checkNotEmpty(QStringLiteral("y_true"), yTrue.size()))
        return *error;
    if (yTrue.size() % labelCount != 0)
        return Error{QStringLiteral(
                         "y_true has %1 values, not a whole number of rows of %2 labels (row-major, one row per item)")
                         .arg(qulonglong(yTrue.size()))
                         .arg(qulonglong(labelCount))};
    const std::size_t rows = yTrue.size() / labelCount;
    if (auto error = detail::checkMatrix(QStringLiteral("y_pred"), yPred.size(), rows, labelCount))
        return *error;
    if (auto error = detail::checkBinary(QStringLiteral("y_true"), yTrue))
        return *error;
    if (auto error = detail::checkBinary(QStringLiteral("y_pred"), yPred))
        return *error;
    return rows;
}

} // namespace

Result<double> subsetAccuracy(const std::vector<int> &yTrue, const std::vector<int> &yPred, std::size_t labelCount)
{
    const auto rows = itemCount(yTrue, yPred, labelCount);
    if (!rows)
        return Error{rows.error()};
    std::int64_t exact = 0;
    for (std::size_t i = 0; i < *rows; ++i) {
        bool same = true;
        for (std::size_t j = 0; j < labelCount && same; ++j)
            same = yTrue[i * labelCount + j] == yPred[i * labelCount + j];
        exact += same ? 1 : 0;
    }
    return double(exact) / double(*rows);
}

Result<double> hammingLoss(const std::vector<int> &yTrue, const std::vector<int> &yPred, std::size_t labelCount)
{
    const auto rows = itemCount(yTrue, yPred, labelCount);
    if (!rows)
        return Error{rows.error()};
    std::int64_t wrong = 0;
    for (std::size_t i = 0; i < yTrue.size(); ++i)
        wrong += yTrue[i] != yPred[i] ? 1 : 0;
    return double(wrong) / double(yTrue.size());
}

} // namespace mb::evaluation
