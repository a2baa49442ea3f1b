// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/evaluation/RankingMetrics.h"

#include "core/evaluation/MetricsSupport.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace mb::evaluation {
namespace {

struct RankedItem {
    std::int64_t query;
    double score;
    double relevance;
    std::size_t index; // original position: ties keep the input order, so sums repeat exactly
};

using QueryMetric = std::function<Result<double>(const RankedItem *begin, const RankedItem *end, std::size_t k)>;

std::optional<Error> checkInputs(const std::vector<double> &relevance, const std::vector<double> &scores, std::size_t k)
{
    if (auto error = detail::checkNotEmpty(QStringLiteral("relevance"), relevance.size()))
        return error;
    if (auto error = detail::checkSameLength(QStringLiteral("relevance"), relevance.size(), QStringLiteral("scores"),
                                             scores.size()))
        return error;
    if (auto error = detail::checkFinite(QStringLiteral("relevance"), relevance))
        return error;
    if (auto error = detail::checkFinite(QStringLiteral("scores"), scores))
        return error;
    for (std::size_t i = 0; i < relevance.size(); ++i) {
        if (relevance[i] < 0)
            return Error{QStringLiteral("relevance[%1] is %2: relevance must be 0 (irrelevant) or more")
                             .arg(qulonglong(i))
                             .arg(relevance[i])};
    }
    if (k == 0)
        return Error{QStringLiteral("k is 0: the cut-off must be at least 1")};
    return std::nullopt;
}

// One query's items, by decreasing score (ties in input order).
Result<double> queryNdcg(const RankedItem *begin, const RankedItem *end, std::size_t k)
{
    const auto n = std::size_t(end - begin);
    if (n < 2)
        return Error{QStringLiteral("NDCG needs at least 2 items in a query, got %1").arg(qulonglong(n))};
    // discount[i] = 1 / log2(i + 2), zero from position k on; and its running sum.
    const double log2 = std::log(2.0);
    std::vector<double> discount(n, 0.0);
    std::vector<double> discountSum(n);
    double running = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        if (i < k)
            discount[i] = 1 / (std::log(double(i) + 2) / log2);
        running += discount[i];
        discountSum[i] = running;
    }
    // _tie_averaged_dcg: each run of equal scores gets its mean gain times its discounts' sum.
    std::vector<double> terms;
    for (std::size_t start = 0; start < n;) {
        std::size_t stop = start;
        double gain = 0.0;
        while (stop < n && begin[stop].score == begin[start].score)
            gain += begin[stop++].relevance;
        const double discounts = start == 0 ? discountSum[stop - 1] : discountSum[stop - 1] - discountSum[start - 1];
        terms.push_back(gain / double(stop - start) * discounts);
        start = stop;
    }
    const double dcg = detail::numpySum(terms);
    // The ideal ranking: relevance sorted down (ties do not matter there).
    std::vector<double> ideal(n);
    for (std::size_t i = 0; i < n; ++i)
        ideal[i] = begin[i].relevance;
    std::sort(ideal.begin(), ideal.end(), std::greater<>());
    double idealDcg = 0.0;
    for (std::size_t i = 0; i < std::min(n, k); ++i)
        idealDcg += discount[i] * ideal[i];
    if (idealDcg == 0.0)
        return 0.0; // every item irrelevant
    return dcg / idealDcg;
}

Result<double> queryPrecision(const RankedItem *begin, const RankedItem *end, std::size_t k)
{
    const auto n = std::size_t(end - begin);
    double relevantInTop = 0.0;
    for (std::size_t start = 0; start < n && start < k;) {
        std::size_t stop = start;
        std::size_t relevant = 0;
        while (stop < n && begin[stop].score == begin[start].score)
            relevant += begin[stop++].relevance > 0 ? 1 : 0;
        const std::size_t inside = std::min(stop, k) - start;
        relevantInTop += double(relevant) * double(inside) / double(stop - start);
        start = stop;
    }
    return relevantInTop / double(k);
}

Result<double> meanOverQueries(const std::vector<double> &relevance, const std::vector<double> &scores,
                               const std::vector<std::int64_t> *queryIds, std::size_t k, const QueryMetric &metric)
{
    if (auto error = checkInputs(relevance, scores, k))
        return *error;
    if (queryIds) {
        if (auto error = detail::checkSameLength(QStringLiteral("relevance"), relevance.size(),
                                                 QStringLiteral("query ids"), queryIds->size()))
            return *error;
    }
    std::vector<RankedItem> items(relevance.size());
    for (std::size_t i = 0; i < items.size(); ++i)
        items[i] = {queryIds ? (*queryIds)[i] : 0, scores[i], relevance[i], i};
    std::sort(items.begin(), items.end(), [](const RankedItem &a, const RankedItem &b) {
        if (a.query != b.query)
            return a.query < b.query;
        if (a.score != b.score)
            return a.score > b.score;
        return a.index < b.index;
    });
    std::vector<double> perQuery;
    for (std::size_t start = 0; start < items.size();) {
        std::size_t stop = start;
        while (stop < items.size() && items[stop].query == items[start].query)
            ++stop;
        auto value = metric(items.data() + start, items.data() + stop, k);
        if (!value)
            return Error{queryIds ? QStringLiteral("query %1: %2").arg(items[start].query).arg(value.error())
                                  : value.error()};
        perQuery.push_back(*value);
        start = stop;
    }
    return detail::numpyMean(perQuery);
}

} // namespace

Result<double> ndcgAtK(const std::vector<double> &relevance, const std::vector<double> &scores, std::size_t k)
{
    return meanOverQueries(relevance, scores, nullptr, k, queryNdcg);
}

Result<double> precisionAtK(const std::vector<double> &relevance, const std::vector<double> &scores, std::size_t k)
{
    return meanOverQueries(relevance, scores, nullptr, k, queryPrecision);
}

Result<double> meanNdcgAtK(const std::vector<double> &relevance, const std::vector<double> &scores,
                           const std::vector<std::int64_t> &queryIds, std::size_t k)
{
    return meanOverQueries(relevance, scores, &queryIds, k, queryNdcg);
}

Result<double> meanPrecisionAtK(const std::vector<double> &relevance, const std::vector<double> &scores,
                                const std::vector<std::int64_t> &queryIds, std::size_t k)
{
    return meanOverQueries(relevance, scores, &queryIds, k, queryPrecision);
}

} // namespace mb::evaluation
