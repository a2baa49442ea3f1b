// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/tradeoff/TradeoffEngine.h"

#include "core/business/ItemExpression.h"
#include "core/business/ItemSelection.h"
#include "core/business/RankedSelection.h"
#include "core/business/ParetoFront.h"
#include "core/tradeoff/WeightedRanking.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <numeric>
#include <optional>
#include <thread>

namespace mb::tradeoff {
namespace {

// update() splits its pass over the items between two threads where there are two cores: a
// slider move is what the user waits for, and at 10 million items one pass is most of a frame.
int updateThreads()
{
    return int(std::clamp(std::thread::hardware_concurrency(), 1u, 2u));
}

QString formatNumber(double v)
{
    return QString::number(v, 'g', 10);
}

Status checkFinite(const std::vector<double> &scores, const QString &which)
{
    for (std::size_t i = 0; i < scores.size(); ++i)
        if (!std::isfinite(scores[i]))
            return Error{QStringLiteral("the %1 score is %2 at row %3: only finite scores can be ranked")
                             .arg(which, formatNumber(scores[i]))
                             .arg(i + 1)};
    return success();
}

// Why a metric is not evaluated on the Trade-offs page, or an empty string when it is.
QString whySkipped(const BusinessMetric &metric, const business::PredictionTable &items, const QStringList &declared)
{
    switch (metric.selection) {
    case Selection::All:
        return QStringLiteral("'%1' is computed over every item, which the weights do not change").arg(metric.name);
    case Selection::PredictedPositive:
        return QStringLiteral("'%1' selects items by a threshold on one model's score, which a weighted "
                              "ranking of two models does not have")
            .arg(metric.name);
    case Selection::TopK:
    case Selection::TopFraction:
        break;
    }
    for (const MetricAggregate &aggregate : metric.aggregates) {
        if (aggregate.aggregate == Aggregate::Count)
            continue; // its expression is checked, never evaluated
        // An expression that does not compile is kept: update() reports its error beside the metric.
        Result<business::ItemExpression> compiled =
            business::ItemExpression::compile(aggregate.itemExpression, items, declared);
        if (!compiled)
            continue;
        for (const QString &symbol : {QStringLiteral("score"), QStringLiteral("predicted")})
            if (compiled.value().symbols().contains(symbol))
                return QStringLiteral("'%1' reads '%2' (in '%3'), one model's output, which a weighted ranking "
                                      "of two models does not have: write it over the target and value columns")
                    .arg(metric.name, symbol, aggregate.itemExpression);
    }
    return {};
}

// The metric as the Trade-offs page evaluates it: a top-k metric takes the page's k.
BusinessMetric withPageK(BusinessMetric metric, std::size_t k)
{
    if (metric.selection == Selection::TopK)
        metric.selectionParameter = double(k);
    return metric;
}

} // namespace

Result<TradeoffEngine> TradeoffEngine::create(TradeoffData data)
{
    const std::size_t n = data.a.size();
    if (data.b.size() != n)
        return Error{QStringLiteral("the two score columns have %1 and %2 items").arg(n).arg(data.b.size())};
    if (n == 0)
        return Error{QStringLiteral("there are no items to rank")};
    if (data.items.label.size() != n)
        return Error{
            QStringLiteral("the item columns have %1 items and the scores %2").arg(data.items.label.size()).arg(n)};
    if (const Status finite = checkFinite(data.a, QStringLiteral("first objective's")); !finite)
        return Error{finite.error()};
    if (const Status finite = checkFinite(data.b, QStringLiteral("second objective's")); !finite)
        return Error{finite.error()};
    data.items.score.assign(n, 0.0);
    data.items.predicted.assign(n, 0.0);
    if (const Status shape = data.items.check(); !shape)
        return Error{shape.error()};

    TradeoffEngine engine;
    engine.m_ranking = WeightedRanking(std::move(data.a), std::move(data.b));
    engine.m_items = std::move(data.items);
    engine.m_declaredColumns = std::move(data.declaredColumns);
    for (const BusinessMetric &metric : std::as_const(data.metrics)) {
        const QString why = whySkipped(metric, engine.m_items, engine.m_declaredColumns);
        if (why.isEmpty())
            engine.m_metrics << metric;
        else
            engine.m_skipped << why;
    }
    return engine;
}

Result<TradeoffUpdate> TradeoffEngine::update(double alpha, double beta, std::size_t k)
{
    if (!std::isfinite(alpha) || !std::isfinite(beta))
        return Error{QStringLiteral("the weights must be numbers (alpha = %1, beta = %2)")
                         .arg(formatNumber(alpha), formatNumber(beta))};
    if (k == 0)
        return Error{QStringLiteral("k must be 1 or more items")};
    // The page's top k and each top-fraction metric's share, by the weighted ranking; selectTop
    // writes the notes for a k above n and for ties split at the boundary.
    const auto rank = [this, alpha, beta](std::size_t count,
                                          business::TopKBoundary &boundary) -> Result<std::vector<std::uint32_t>> {
        bool finite = true;
        std::vector<std::uint32_t> rows =
            m_ranking.topKRows(alpha, beta, count, &boundary, &finite, updateThreads());
        if (!finite) {
            // A huge weight overflowed: name the first such item as every ranking does.
            weightScores(alpha, m_ranking.a(), beta, m_ranking.b(), m_items.score);
            return Error{business::checkScoresFinite(m_items).error()};
        }
        return rows;
    };
    Result<business::ItemSelection> top = business::selectTop(Selection::TopK, double(k), size(), rank);
    if (!top)
        return Error{top.error()};

    TradeoffUpdate result;
    result.alpha = alpha;
    result.beta = beta;
    result.k = top->rows.size();
    result.notes = top->notes;
    // The list, best first: the selected rows' scores ranked among themselves (the rows are
    // ascending, so a lower position is a lower row and the tie-break carries over).
    std::vector<double> scores;
    scores.reserve(top->rows.size());
    for (std::uint32_t row : top->rows)
        scores.push_back(weightedScore(alpha, m_ranking.a()[row], beta, m_ranking.b()[row]));
    std::vector<std::uint32_t> order(top->rows.size());
    std::iota(order.begin(), order.end(), std::uint32_t(0));
    business::sortByRank(order, scores);
    result.topRows.reserve(order.size());
    result.topScores.reserve(order.size());
    for (std::uint32_t position : order) {
        result.topRows.push_back(top->rows[position]);
        result.topScores.push_back(scores[position]);
    }

    // Top-fraction metrics select their own share of the same ranking, once per distinct size.
    std::vector<std::pair<double, Result<business::ItemSelection>>> fractions;
    fractions.reserve(std::size_t(m_metrics.size())); // the references handed out stay valid
    const auto selectionOf = [&](const BusinessMetric &metric) -> const Result<business::ItemSelection> & {
        if (metric.selection == Selection::TopK)
            return top;
        const double fraction = metric.selectionParameter;
        if (fraction > 0 && fraction <= 1 && k <= size() && business::itemsForFraction(fraction, size()) == k)
            return top;
        for (const auto &[f, selection] : fractions)
            if (f == fraction)
                return selection;
        fractions.emplace_back(fraction, business::selectTop(Selection::TopFraction, fraction, size(), rank));
        return fractions.back().second;
    };

    result.metrics.reserve(std::size_t(m_metrics.size()));
    for (const BusinessMetric &metric : std::as_const(m_metrics)) {
        const BusinessMetric evaluated = withPageK(metric, k);
        const Result<business::ItemSelection> &selection = selectionOf(evaluated);
        if (!selection) {
            result.metrics.push_back(RankedMetricValue{
                metric.name, Error{QStringLiteral("business metric '%1': %2").arg(metric.name, selection.error())}});
            continue;
        }
        result.metrics.push_back(RankedMetricValue{
            metric.name, business::evaluateBusinessMetricOn(evaluated, m_items, *selection, m_declaredColumns)});
    }
    return result;
}

Result<TradeoffSweep> TradeoffEngine::sweep(const SweepRequest &request, const std::atomic<bool> *cancel) const
{
    const auto find = [this](const QString &name) -> const BusinessMetric * {
        for (const BusinessMetric &metric : m_metrics)
            if (metric.name == name)
                return &metric;
        return nullptr;
    };
    QStringList ranked;
    for (const BusinessMetric &metric : m_metrics)
        ranked << metric.name;
    const BusinessMetric *xFound = find(request.xMetric);
    const BusinessMetric *yFound = find(request.yMetric);
    if (!xFound || !yFound) {
        const QString axis = xFound ? QStringLiteral("y") : QStringLiteral("x");
        const QString name = xFound ? request.yMetric : request.xMetric;
        const QString known = ranked.isEmpty() ? QStringLiteral("none") : ranked.join(QStringLiteral(", "));
        return Error{QStringLiteral("the sweep's %1 metric '%2' is not one the weights rank (those are: %3)")
                         .arg(axis, name, known)};
    }
    if (request.steps < 1)
        return Error{QStringLiteral("the sweep needs at least 1 step (found %1)").arg(request.steps)};
    if (request.k == 0)
        return Error{QStringLiteral("k must be 1 or more items")};

    const std::size_t n = size();
    const BusinessMetric metrics[2] = {withPageK(*xFound, request.k), withPageK(*yFound, request.k)};
    std::size_t sizes[2] = {0, 0};
    for (int m = 0; m < 2; ++m) {
        const BusinessMetric &metric = metrics[m];
        if (metric.selection == Selection::TopK) {
            sizes[m] = std::min(request.k, n);
        } else if (metric.selectionParameter > 0 && metric.selectionParameter <= 1) {
            sizes[m] = business::itemsForFraction(metric.selectionParameter, n);
        } else {
            return Error{QStringLiteral("business metric '%1': the fraction must be above 0 and at most 1 (found %2)")
                             .arg(metric.name, formatNumber(metric.selectionParameter))};
        }
    }

    const std::size_t count = std::size_t(request.steps) + 1;
    std::vector<SweepPoint> points(count);
    std::vector<QString> errors(count);
    std::atomic<std::size_t> next{0};
    const auto work = [&]() {
        std::vector<std::uint32_t> rows[2];
        for (std::size_t i = next++; i < count; i = next++) {
            if (cancel && cancel->load(std::memory_order_relaxed))
                return;
            SweepPoint &point = points[i];
            point.alpha = double(i) / double(request.steps);
            point.beta = 1.0 - point.alpha;
            try {
                double values[2] = {0.0, 0.0};
                for (int m = 0; m < 2 && errors[i].isEmpty(); ++m) {
                    bool finite = true;
                    if (m == 0 || sizes[1] != sizes[0])
                        rows[m] = m_ranking.topKRows(point.alpha, point.beta, sizes[m], nullptr, &finite);
                    else
                        rows[1] = rows[0];
                    if (!finite) {
                        errors[i] = QStringLiteral("a weighted score is not a finite number");
                        break;
                    }
                    const business::ItemSelection selection{rows[m], n, {}};
                    const Result<business::MetricValue> value =
                        business::evaluateBusinessMetricOn(metrics[m], m_items, selection, m_declaredColumns);
                    if (value)
                        values[m] = value->value;
                    else
                        errors[i] = value.error();
                }
                point.x = values[0];
                point.y = values[1];
            } catch (const std::exception &e) {
                errors[i] = QString::fromLocal8Bit(e.what());
            }
        }
    };

    std::size_t threads = request.threads > 0 ? std::size_t(request.threads)
                                              : std::max<std::size_t>(1, std::thread::hardware_concurrency());
    threads = std::min(threads, count);
    std::vector<std::thread> helpers;
    for (std::size_t t = 1; t < threads; ++t)
        helpers.emplace_back(work);
    work(); // the calling thread is one of them
    for (std::thread &helper : helpers)
        helper.join();

    if (cancel && cancel->load())
        return Error{QStringLiteral("the sweep was cancelled")};
    for (std::size_t i = 0; i < count; ++i)
        if (!errors[i].isEmpty())
            return Error{QStringLiteral("the sweep failed at alpha = %1, beta = %2: %3")
                             .arg(formatNumber(points[i].alpha), formatNumber(points[i].beta), errors[i])};

    TradeoffSweep result;
    result.xMetric = request.xMetric;
    result.yMetric = request.yMetric;
    result.xDirection = xFound->direction;
    result.yDirection = yFound->direction;
    std::vector<double> xs(count);
    std::vector<double> ys(count);
    for (std::size_t i = 0; i < count; ++i) {
        xs[i] = points[i].x;
        ys[i] = points[i].y;
        points[i].dominated = true;
    }
    result.front = business::paretoFront(xs, result.xDirection, ys, result.yDirection);
    for (std::size_t i : result.front)
        points[i].dominated = false;
    result.points = std::move(points);
    return result;
}

} // namespace mb::tradeoff
