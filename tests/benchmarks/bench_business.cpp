// SPDX-License-Identifier: GPL-3.0-or-later
// Business metrics at scale, on 1 000 000 predictions held in memory as the evaluation loads them:
//   business_metric_1m_items_ms     one top-k metric: the top 10% by score (k = 100 000), net
//                                   revenue `revenue - 2 * contacted` over `label * order_value *
//                                   0.10`, plus the confusion counts (target <= 20 ms)
//   business_metric_1m_all_items_ms the same metric over every item: 1 000 000 muparser
//                                   evaluations, the worst case
//   threshold_curve_1m_items_ms     the profit curve at every distinct threshold (O(n log n))
//   threshold_curve_1m_items_cpu_ms the processor time the profit curve takes, on every thread:
//                                   on a machine shared with builds the wall time above measures
//                                   the queue for a core as much as the work
//   gain_curve_1m_items_ms          the gain/lift curve in 100 steps
// Each figure is the median of several runs.
#include "core/business/BusinessCurves.h"
#include "core/business/BusinessMetricEngine.h"
#include "tests/benchmarks/BenchmarkOutput.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <ctime>

#include <functional>
#include <random>
#include <vector>

using namespace mb;
using namespace mb::business;

namespace {

business::PredictionTable predictions(std::size_t n)
{
    std::mt19937_64 random(42);
    std::uniform_real_distribution<double> uniform(0, 1);
    PredictionTable t;
    std::vector<double> orderValue(n);
    t.itemIds.resize(n);
    t.score.resize(n);
    t.label.resize(n);
    t.predicted.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        t.itemIds[i] = std::int64_t(i);
        t.score[i] = uniform(random);
        t.label[i] = uniform(random) < t.score[i] ? 1.0 : 0.0;
        t.predicted[i] = t.score[i] >= 0.5 ? 1.0 : 0.0;
        orderValue[i] = 5.0 + 200.0 * uniform(random);
    }
    t.setColumn(QStringLiteral("order_value"), std::move(orderValue));
    return t;
}

double processCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

double medianCpuMs(int runs, const std::function<void()> &work)
{
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        const double before = processCpuMs();
        work();
        times.push_back(processCpuMs() - before);
    }
    return mbbench::median(times);
}

double medianMs(int runs, const std::function<void()> &work)
{
    std::vector<double> times;
    QElapsedTimer timer;
    for (int i = 0; i < runs; ++i) {
        timer.start();
        work();
        times.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    return mbbench::median(times);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    constexpr std::size_t kItems = 1000000;
    const PredictionTable table = predictions(kItems);

    BusinessMetric metric;
    metric.name = QStringLiteral("net_revenue_top_10pct");
    metric.unit = QStringLiteral("$");
    metric.selection = Selection::TopFraction;
    metric.selectionParameter = 0.10;
    metric.aggregates = {{QStringLiteral("revenue"), QStringLiteral("label * order_value * 0.10"), Aggregate::Sum},
                         {QStringLiteral("contacted"), QString(), Aggregate::Count}};
    metric.outerExpression = QStringLiteral("revenue - 2 * contacted");

    const auto evaluate = [&table](const BusinessMetric &m) {
        const Result<MetricValue> value = evaluateBusinessMetric(m, table);
        if (!value)
            qFatal("%s", qPrintable(value.error()));
    };

    evaluate(metric); // warm the caches and the allocator once
    mbbench::printFigure("business_metric_1m_items_ms", medianMs(15, [&] { evaluate(metric); }), "ms");

    BusinessMetric everyItem = metric;
    everyItem.selection = Selection::All;
    mbbench::printFigure("business_metric_1m_all_items_ms", medianMs(7, [&] { evaluate(everyItem); }), "ms");

    BusinessMetric costMatrix;
    costMatrix.name = QStringLiteral("cost_matrix");
    costMatrix.unit = QStringLiteral("$");
    costMatrix.selection = Selection::PredictedPositive;
    costMatrix.selectionParameter = 0.5;
    costMatrix.aggregates = {{QStringLiteral("revenue"), QStringLiteral("label * order_value * 0.10"), Aggregate::Sum}};
    costMatrix.outerExpression = QStringLiteral("revenue + 10*tp - 1*fp - 5*fn");
    const auto profitCurve = [&] {
        const Result<ThresholdCurve> curve = thresholdCurve(costMatrix, table);
        if (!curve || !curve->hasBest)
            qFatal("threshold curve failed");
    };
    mbbench::printFigure("threshold_curve_1m_items_ms", medianMs(5, profitCurve), "ms");
    mbbench::printFigure("threshold_curve_1m_items_cpu_ms", medianCpuMs(5, profitCurve), "ms");
    mbbench::printFigure("gain_curve_1m_items_ms",
                         medianMs(5,
                                  [&] {
                                      const Result<GainCurve> curve =
                                          gainCurve(table, QStringLiteral("label * order_value"));
                                      if (!curve)
                                          qFatal("%s", qPrintable(curve.error()));
                                  }),
                         "ms");
    return 0;
}
