// SPDX-License-Identifier: GPL-3.0-or-later
// Ranking metrics: NDCG@k against scikit-learn 1.2.1's ndcg_score (ties averaged, ties across
// the cut-off, all scores tied, an all-irrelevant query, several queries of equal and of unequal
// length), and precision@k computed by hand (scikit-learn has no such function) with the same
// tie averaging. Expected NDCG values were printed by /usr/bin/python3 with python3-sklearn
// 1.2.1, `from sklearn.metrics import ndcg_score`; each block quotes its snippet. Python is not
// needed to run the tests.

#include "core/evaluation/RankingMetrics.h"
#include "tests/support/MetricTestHelpers.h"

#include <QTest>

#include <cstdint>
#include <limits>
#include <vector>

using namespace mb;
using namespace mb::evaluation;
using mbtest::valueOf;

namespace {

// Sorted by score: 0.9 (3) | 0.8 tie (2, 3) | 0.7 (0) | 0.5 tie (1, 2, 0) | 0.1 (1)
const std::vector<double> relevance{3, 2, 3, 0, 1, 2, 0, 1};
const std::vector<double> scores{0.9, 0.8, 0.8, 0.7, 0.5, 0.5, 0.5, 0.1};

} // namespace

class TestRankingMetrics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void ndcgAveragesTies_data()
    {
        QTest::addColumn<int>("k");
        QTest::addColumn<double>("expected");
        // ndcg_score([rel], [sc], k=k)
        QTest::newRow("k=1") << 1 << 1.0;
        QTest::newRow("k=2, tie across the cut") << 2 << 0.9355245321275764;
        QTest::newRow("k=3") << 3 << 0.9888906808152524;
        QTest::newRow("k=5, tie across the cut") << 5 << 0.8702116485113017;
        QTest::newRow("k=8, all") << 8 << 0.9629168629779412;
        QTest::newRow("k=20, beyond the items") << 20 << 0.9629168629779412;
    }

    void ndcgAveragesTies()
    {
        QFETCH(int, k);
        QFETCH(double, expected);
        COMPARE_NEAR(valueOf(ndcgAtK(relevance, scores, std::size_t(k))), expected);
    }

    void ndcgByHand()
    {
        // k=2: DCG = 3 + mean(2, 3) / log2(3); ideal = 3 + 3 / log2(3).
        const double d1 = 1 / std::log2(3.0);
        COMPARE_NEAR(valueOf(ndcgAtK(relevance, scores, 2)), (3 + 2.5 * d1) / (3 + 3 * d1));
    }

    void ndcgEdgeCases()
    {
        // ndcg_score([[0,0,0]], [[0.1,0.2,0.3]]) -> 0.0
        QCOMPARE(valueOf(ndcgAtK({0, 0, 0}, {0.1, 0.2, 0.3}, 3)), 0.0);
        // ndcg_score([rel], [[0.4]*8]) -> 0.7909879553121341; k=3 -> 0.5424247311314324
        const std::vector<double> tied(8, 0.4);
        COMPARE_NEAR(valueOf(ndcgAtK(relevance, tied, 8)), 0.7909879553121341);
        COMPARE_NEAR(valueOf(ndcgAtK(relevance, tied, 3)), 0.5424247311314324);
        // ndcg_score([[1]], [[0.5]]) raises (a single column is not a ranking).
        VERIFY_ERROR(ndcgAtK({1}, {0.5}, 1), QStringLiteral("at least 2 items"));
        VERIFY_ERROR(ndcgAtK({1, -1}, {0.5, 0.2}, 1), QStringLiteral("relevance[1] is -1"));
        VERIFY_ERROR(ndcgAtK({1, 0}, {0.5, 0.2}, 0), QStringLiteral("k is 0"));
        VERIFY_ERROR(ndcgAtK({1, 0}, {0.5}, 1), QStringLiteral("relevance has 2 items but scores has 1"));
        VERIFY_ERROR(ndcgAtK({}, {}, 1), QStringLiteral("relevance is empty"));
        VERIFY_ERROR(ndcgAtK({1, 0}, {0.5, std::numeric_limits<double>::quiet_NaN()}, 1),
                     QStringLiteral("scores[1] is nan"));
    }

    void ndcgOverQueriesOfEqualLength()
    {
        // R = [[3,2,3,0,1],[0,0,1,2,0],[1,1,1,0,0]]
        // S = [[0.9,0.8,0.8,0.7,0.5],[0.1,0.4,0.4,0.3,0.2],[0.3,0.3,0.3,0.3,0.3]]
        // ndcg_score(R, S, k=2) -> 0.6151592162565365; k=4 -> 0.7776169754904894;
        // k=None -> 0.8343177800774058
        // Items are given query by query, backwards, to show that order does not matter.
        const std::vector<double> r{1, 1, 1, 0, 0, 0, 0, 1, 2, 0, 3, 2, 3, 0, 1};
        const std::vector<double> s{0.3, 0.3, 0.3, 0.3, 0.3, 0.1, 0.4, 0.4, 0.3, 0.2, 0.9, 0.8, 0.8, 0.7, 0.5};
        const std::vector<std::int64_t> q{30, 30, 30, 30, 30, 20, 20, 20, 20, 20, 10, 10, 10, 10, 10};
        COMPARE_NEAR(valueOf(meanNdcgAtK(r, s, q, 2)), 0.6151592162565365);
        COMPARE_NEAR(valueOf(meanNdcgAtK(r, s, q, 4)), 0.7776169754904894);
        COMPARE_NEAR(valueOf(meanNdcgAtK(r, s, q, 5)), 0.8343177800774058);
    }

    void ndcgOverQueriesOfUnequalLength()
    {
        // q1 = ([3,2,1], [0.2,0.9,0.5]); q2 = ([0,1,0,2,1,0], [0.6,0.6,0.1,0.2,0.9,0.3]);
        // q3 = ([0,0], [0.5,0.1])
        // [ndcg_score([a], [b], k=3) for a, b in (q1, q2, q3)]
        //   -> [0.8675034925694373, 0.5, 0.0], mean 0.4558344975231458
        // The queries' items are interleaved.
        const std::vector<double> r{3, 0, 0, 2, 1, 0, 1, 0, 2, 1, 0};
        const std::vector<double> s{0.2, 0.6, 0.5, 0.9, 0.6, 0.1, 0.5, 0.1, 0.2, 0.9, 0.3};
        std::vector<std::int64_t> q{1, 2, 3, 1, 2, 3, 1, 2, 2, 2, 2};
        COMPARE_NEAR(valueOf(meanNdcgAtK(r, s, q, 3)), 0.4558344975231458);
        // Precision@3 by hand: q1 all relevant (1), q2 0.9 relevant then a tie of one relevant
        // and one not, both inside (2/3), q3 none (0).
        COMPARE_NEAR(valueOf(meanPrecisionAtK(r, s, q, 3)), (1 + 2.0 / 3 + 0) / 3);

        // A query of one item has no NDCG; the error names it.
        q.back() = 4;
        VERIFY_ERROR(meanNdcgAtK(r, s, q, 3), QStringLiteral("query 4: NDCG needs at least 2 items"));
        VERIFY_ERROR(meanNdcgAtK(r, s, {1, 2}, 3), QStringLiteral("relevance has 11 items but query ids has 2"));
    }

    void precisionAtKByHand_data()
    {
        QTest::addColumn<int>("k");
        QTest::addColumn<double>("expected");
        // Relevant = relevance > 0. By score: R | R R | - | (R R -) | R
        QTest::newRow("k=1") << 1 << 1.0;
        QTest::newRow("k=2, one of two tied relevant slots") << 2 << 1.0;
        QTest::newRow("k=4") << 4 << 0.75;
        QTest::newRow("k=5, one of three tied slots holding 2 relevant") << 5 << (3 + 2.0 / 3) / 5;
        QTest::newRow("k=6, two of three tied slots") << 6 << (3 + 4.0 / 3) / 6;
        QTest::newRow("k=8, all") << 8 << 0.75;
        QTest::newRow("k=10, beyond the items divides by k") << 10 << 0.6;
    }

    void precisionAtKByHand()
    {
        QFETCH(int, k);
        QFETCH(double, expected);
        COMPARE_NEAR(valueOf(precisionAtK(relevance, scores, std::size_t(k))), expected);
    }

    void precisionAtKEdgeCases()
    {
        // All tied: 6 of 8 relevant, so any cut-off expects 6/8 of its slots relevant.
        COMPARE_NEAR(valueOf(precisionAtK(relevance, std::vector<double>(8, 0.4), 3)), 0.75);
        QCOMPARE(valueOf(precisionAtK({0, 0, 0}, {0.1, 0.2, 0.3}, 2)), 0.0);
        // A single item is a valid query for precision@k.
        QCOMPARE(valueOf(precisionAtK({2}, {0.1}, 1)), 1.0);
        VERIFY_ERROR(precisionAtK({1, 0}, {0.5, 0.2}, 0), QStringLiteral("k is 0"));
        VERIFY_ERROR(precisionAtK({1, -2}, {0.5, 0.2}, 1), QStringLiteral("relevance[1] is -2"));
    }
};

QTEST_GUILESS_MAIN(TestRankingMetrics)
#include "tst_rankingmetrics.moc"
