// SPDX-License-Identifier: GPL-3.0-or-later
// The Trade-offs page's engine on 1 000 000 items held in memory, with the demo framing's three
// top-k metrics (clicks_at_100, low_quality_share, revenue_per_1000) at k = 100:
//   tradeoff_update_1m_items_ms      one weight change: re-weight, select the top k, rank it and
//                                    recompute every metric; the 95th percentile over 60
//                                    different weightings, as a slider drag produces them
//                                    (target <= 16 ms, one frame)
//   tradeoff_sweep_101_points_1m_ms  the 101-point alpha/beta sweep of two metrics and its Pareto
//                                    front, on every core; the median of 3 runs (target <= 1 s)
//   tradeoff_update_10m_items_ms     one weight change at 10 000 000 items, the 95th percentile over
//                                    20 weightings (target <= 16 ms). While a slider is dragged the
//                                    page makes one such update per move (the rows weights are
//                                    chosen on); at rest, a second on the reported rows.
#include "core/DemoFraming.h"
#include "core/business/BusinessMetricEngine.h"
#include "core/tradeoff/ScoreNormalisation.h"
#include "core/tradeoff/TradeoffEngine.h"
#include "tests/benchmarks/BenchmarkOutput.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

using namespace mb;
using namespace mb::tradeoff;

namespace {

std::vector<double> normalised(const std::vector<double> &scores)
{
    Result<std::vector<double>> result = normaliseScores(scores, ScoreNormalisation::ZScore);
    if (!result)
        qFatal("%s", qPrintable(result.error()));
    return std::move(result).value();
}

// Two models' probabilities for a million posts, with the labels and ad values they predict.
TradeoffData posts(std::size_t n)
{
    std::mt19937_64 random(42);
    std::uniform_real_distribution<double> uniform(0, 1);
    std::vector<double> qualityScore(n), engagementScore(n), quality(n), engagement(n), adValue(n);
    TradeoffData data;
    data.items.itemIds.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        data.items.itemIds[i] = std::int64_t(i);
        // Extreme posts get clicks and are low quality: the two objectives pull apart.
        const double extreme = uniform(random);
        qualityScore[i] = 0.5 * (1 - extreme) + 0.5 * uniform(random);
        engagementScore[i] = 0.6 * extreme + 0.4 * uniform(random);
        quality[i] = uniform(random) < qualityScore[i] ? 1.0 : 0.0;
        engagement[i] = uniform(random) < engagementScore[i] ? 1.0 : 0.0;
        adValue[i] = 0.05 + 2.0 * uniform(random);
    }
    data.a = normalised(qualityScore);
    data.b = normalised(engagementScore);
    data.items.label = quality;
    data.items.setColumn(QStringLiteral("quality"), std::move(quality));
    data.items.setColumn(QStringLiteral("engagement"), std::move(engagement));
    data.items.setColumn(QStringLiteral("ad_value"), std::move(adValue));
    const Framing framing = demoNewsfeedFraming();
    data.metrics = framing.businessMetrics;
    data.declaredColumns = business::declaredItemColumns(framing);
    return data;
}

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    const std::size_t rank = std::size_t(std::ceil(p * double(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    constexpr std::size_t kItems = 1000000;
    constexpr std::size_t kTop = 100;
    Result<TradeoffEngine> created = TradeoffEngine::create(posts(kItems));
    if (!created)
        qFatal("%s", qPrintable(created.error()));
    TradeoffEngine &engine = created.value();
    if (engine.rankedMetrics().size() != 3)
        qFatal("expected the demo's three top-k metrics");

    const auto update = [&engine](double alpha, double beta) {
        const Result<TradeoffUpdate> result = engine.update(alpha, beta, kTop);
        if (!result)
            qFatal("%s", qPrintable(result.error()));
        for (const RankedMetricValue &metric : result->metrics)
            if (!metric.value)
                qFatal("%s", qPrintable(metric.value.error()));
    };

    update(0.5, 0.5); // warm the caches and the allocator once
    // A slider drag: alpha walks from 0 to 1 in uneven steps, with and without the lock.
    std::mt19937_64 random(7);
    std::uniform_real_distribution<double> jitter(0.0, 1.0 / 60);
    std::vector<double> times;
    QElapsedTimer timer;
    for (int i = 0; i < 60; ++i) {
        const double alpha = double(i) / 60 + jitter(random);
        const double beta = i % 2 ? 1.0 - alpha : 0.8;
        timer.start();
        update(alpha, beta);
        times.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    mbbench::printFigure("tradeoff_update_1m_items_ms", percentile(times, 0.95), "ms");

    SweepRequest request;
    request.xMetric = QStringLiteral("clicks_at_100");
    request.yMetric = QStringLiteral("low_quality_share");
    request.k = kTop;
    std::vector<double> sweeps;
    for (int run = 0; run < 3; ++run) {
        timer.start();
        const Result<TradeoffSweep> sweep = engine.sweep(request);
        sweeps.push_back(double(timer.nsecsElapsed()) / 1e6);
        if (!sweep || sweep->points.size() != 101 || sweep->front.empty())
            qFatal("%s", sweep ? "the sweep gave no front" : qPrintable(sweep.error()));
    }
    mbbench::printFigure("tradeoff_sweep_101_points_1m_ms", mbbench::median(sweeps), "ms");

    {
        constexpr std::size_t kTenMillion = 10000000;
        Result<TradeoffEngine> created10m = TradeoffEngine::create(posts(kTenMillion));
        if (!created10m)
            qFatal("%s", qPrintable(created10m.error()));
        TradeoffEngine &large = created10m.value();
        std::vector<double> largeTimes;
        for (int i = 0; i <= 20; ++i) {
            const double alpha = double(i) / 20;
            timer.start();
            const Result<TradeoffUpdate> result = large.update(alpha, 1.0 - alpha, kTop);
            const double ms = double(timer.nsecsElapsed()) / 1e6;
            if (!result)
                qFatal("%s", qPrintable(result.error()));
            if (i > 0) // the first warms the caches and the allocator
                largeTimes.push_back(ms);
        }
        mbbench::printFigure("tradeoff_update_10m_items_ms", percentile(largeTimes, 0.95), "ms");
    }
    return 0;
}
