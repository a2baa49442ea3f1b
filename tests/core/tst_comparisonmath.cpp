// SPDX-License-Identifier: GPL-3.0-or-later
// The two statistics the Compare page draws across runs: Spearman's rank correlation of an ML
// metric with a business metric, and the Pareto front of two metrics with their own directions.
// Spearman values: scipy's documented example (spearmanr([1,2,3,4,5], [5,6,7,8,7]) =
// 0.8207826816681233) and, with ties in both samples, the Pearson correlation of average ranks
// computed by hand in plain Python (printed to 17 digits).

#include "core/business/ParetoFront.h"
#include "core/business/RunComparison.h"
#include "core/evaluation/RankCorrelation.h"
#include "tests/support/MetricTestHelpers.h"

#include <QTest>

#include <algorithm>
#include <random>
#include <vector>

using namespace mb;
using mbtest::valueOf;

namespace {

// O(n^2) reference: i is on the front when no finite point dominates it.
std::vector<std::size_t> bruteForceFront(const std::vector<double> &x, Direction dx, const std::vector<double> &y,
                                         Direction dy)
{
    auto better = [](double a, double b, Direction d) { return d == Direction::Maximize ? a > b : a < b; };
    std::vector<std::size_t> front;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (!std::isfinite(x[i]) || !std::isfinite(y[i]))
            continue;
        bool dominated = false;
        for (std::size_t j = 0; j < x.size() && !dominated; ++j) {
            if (j == i || !std::isfinite(x[j]) || !std::isfinite(y[j]))
                continue;
            const bool atLeast = !better(x[i], x[j], dx) && !better(y[i], y[j], dy);
            const bool strictly = better(x[j], x[i], dx) || better(y[j], y[i], dy);
            dominated = atLeast && strictly;
        }
        if (!dominated)
            front.push_back(i);
    }
    return front;
}

} // namespace

class TestComparisonMath : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void spearmanMatchesScipyExample()
    {
        COMPARE_NEAR(valueOf(evaluation::spearmanCorrelation({1, 2, 3, 4, 5}, {5, 6, 7, 8, 7})), 0.8207826816681233);
    }

    void spearmanAveragesTies()
    {
        // ROC AUC of six runs against a business metric, with a tie in each.
        const std::vector<double> auc{0.91, 0.88, 0.88, 0.75, 0.60, 0.93};
        const std::vector<double> profit{120, 80, 95, 95, 40, 60};
        QCOMPARE(evaluation::averageRanks(auc), (std::vector<double>{5.0, 3.5, 3.5, 2.0, 1.0, 6.0}));
        COMPARE_NEAR(valueOf(evaluation::spearmanCorrelation(auc, profit)), 0.27941176470588236);
    }

    void spearmanOfAReversedOrderIsMinusOne()
    {
        QCOMPARE(valueOf(evaluation::spearmanCorrelation({0.1, 0.5, 0.9}, {300, 200, 100})), -1.0);
    }

    void spearmanRefusesWhatScipyCallsNan()
    {
        QVERIFY(!evaluation::spearmanCorrelation({0.9}, {1}).ok());
        QVERIFY(!evaluation::spearmanCorrelation({0.9, 0.8}, {1}).ok());
        const Result<double> constant = evaluation::spearmanCorrelation({0.9, 0.8, 0.7}, {5, 5, 5});
        QVERIFY(!constant.ok());
        QVERIFY2(constant.error().contains(QLatin1String("same y value")), qPrintable(constant.error()));
        QVERIFY(!evaluation::spearmanCorrelation({0.9, NAN}, {1, 2}).ok());
    }

    void tooFewRunsAreNotReadAsAnAgreement()
    {
        // Two runs always rank at ρ = ±1: the sentence gives ρ and says it means nothing yet.
        const business::RankAgreement two =
            business::rankAgreement({0.74, 0.73}, {2466, 2571}, QStringLiteral("test/roc_auc"), QStringLiteral("value"), {});
        QCOMPARE(two.rho, std::optional<double>(-1.0));
        QVERIFY2(two.sentence.contains(QLatin1String("too few runs")), qPrintable(two.sentence));
        QVERIFY2(!two.sentence.contains(QLatin1String("are worse for")), qPrintable(two.sentence));
        // Four runs are read.
        const business::RankAgreement four = business::rankAgreement(
            {0.1, 0.2, 0.3, 0.4}, {1, 2, 3, 4}, QStringLiteral("test/roc_auc"), QStringLiteral("value"), {});
        QVERIFY2(four.sentence.contains(QLatin1String("are better for value")), qPrintable(four.sentence));
    }

    void paretoFrontHonoursEachDirection()
    {
        // x: ROC AUC (maximise); y: p99 latency in ms (minimise).
        const std::vector<double> auc{0.90, 0.85, 0.92, 0.80, 0.92, 0.70};
        const std::vector<double> p99{12.0, 3.0, 30.0, 2.0, 40.0, 2.0};
        // Run 4 ties run 2 on AUC but is slower; run 5 ties run 3 on latency with a worse AUC.
        const std::vector<std::size_t> front =
            business::paretoFront(auc, Direction::Maximize, p99, Direction::Minimize);
        QCOMPARE(front, (std::vector<std::size_t>{3, 1, 0, 2}));
        QCOMPARE(business::paretoFront(auc, Direction::Maximize, p99, Direction::Maximize),
                 (std::vector<std::size_t>{4}));
    }

    void paretoFrontKeepsEqualPointsAndSkipsMissingOnes()
    {
        const std::vector<double> x{1, 1, 0.5, NAN};
        const std::vector<double> y{2, 2, 3, 100};
        QCOMPARE(business::paretoFront(x, Direction::Maximize, y, Direction::Maximize),
                 (std::vector<std::size_t>{2, 0, 1}));
    }

    void bestMlRunIsNotTheBestBusinessRun()
    {
        // The seeds' story: the engagement model ranks best by AUC and fills the feed with
        // low-quality posts; the quality model keeps them out.
        const QList<business::ComparedRun> runs{
            {1, QStringLiteral("quality model"), {{QStringLiteral("auc"), 0.79}, {QStringLiteral("low"), 1.0}}},
            {2, QStringLiteral("engagement model"), {{QStringLiteral("auc"), 0.81}, {QStringLiteral("low"), 80.0}}},
            {3, QStringLiteral("no evaluation yet"), {}},
            // Best AUC of all, but no business value: it cannot be the favourite that loses.
            {4, QStringLiteral("half evaluated"), {{QStringLiteral("auc"), 0.95}}},
        };
        const auto d = business::bestRunsDisagree(runs, QStringLiteral("auc"), Direction::Maximize,
                                                  QStringLiteral("low"), Direction::Minimize);
        QVERIFY(d.has_value());
        QCOMPARE(d->bestByMl, 1);
        QCOMPARE(d->bestByBusiness, 0);
        QCOMPARE(d->businessGap, 1.0 - 80.0);
        COMPARE_NEAR(d->mlGap, 0.81 - 0.79);
        QCOMPARE(business::bestRunIndex(runs, QStringLiteral("auc"), Direction::Maximize), std::optional<int>(3));
    }

    void agreeingRunsRaiseNoBanner()
    {
        const QList<business::ComparedRun> runs{
            {1, QStringLiteral("a"), {{QStringLiteral("auc"), 0.7}, {QStringLiteral("profit"), 10.0}}},
            {2, QStringLiteral("b"), {{QStringLiteral("auc"), 0.9}, {QStringLiteral("profit"), 30.0}}},
            {3, QStringLiteral("c"), {{QStringLiteral("auc"), 0.8}, {QStringLiteral("profit"), 30.0}}},
        };
        QVERIFY(!business::bestRunsDisagree(runs, QStringLiteral("auc"), Direction::Maximize, QStringLiteral("profit"),
                                            Direction::Maximize));
        QVERIFY(!business::bestRunsDisagree(runs, QStringLiteral("auc"), Direction::Maximize, QStringLiteral("absent"),
                                            Direction::Maximize));
    }

    void paretoFrontMatchesBruteForce()
    {
        std::mt19937 random(7);
        std::uniform_int_distribution<int> coarse(0, 9); // small range: many ties
        for (int round = 0; round < 200; ++round) {
            std::vector<double> x(30), y(30);
            for (std::size_t i = 0; i < x.size(); ++i) {
                x[i] = coarse(random);
                y[i] = coarse(random);
            }
            const Direction dx = round % 2 ? Direction::Maximize : Direction::Minimize;
            const Direction dy = round % 3 ? Direction::Maximize : Direction::Minimize;
            std::vector<std::size_t> fast = business::paretoFront(x, dx, y, dy);
            std::sort(fast.begin(), fast.end());
            QCOMPARE(fast, bruteForceFront(x, dx, y, dy));
        }
    }
};

QTEST_APPLESS_MAIN(TestComparisonMath)
#include "tst_comparisonmath.moc"
