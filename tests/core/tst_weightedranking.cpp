// SPDX-License-Identifier: GPL-3.0-or-later
// The Trade-offs engine's top k (core/tradeoff/WeightedRanking): the float32 filter and its exact
// check give the rows, and the boundary, that business::topKRows gives over every item's exact
// weighted score: on spread scores, scores full of ties, all-equal scores, one item, none, near
// ties one unit in the last place apart, negative and zero weights, magnitudes a float cannot
// hold, weights large enough to overflow, and on one thread or two.

#include "core/business/ItemSelection.h"
#include "core/tradeoff/WeightedRanking.h"

#include <QRandomGenerator>
#include <QTest>

#include <cmath>
#include <limits>
#include <vector>

using namespace mb;
using namespace mb::tradeoff;

namespace {

enum class Shape { Spread, FewValues, AllEqual, NearTies, Huge, Tiny };

std::vector<double> scores(Shape shape, quint32 seed, std::size_t n)
{
    QRandomGenerator random(seed);
    std::vector<double> values(n);
    for (std::size_t i = 0; i < n; ++i) {
        switch (shape) {
        case Shape::Spread:
            values[i] = random.generateDouble() * 6.0 - 3.0;
            break;
        case Shape::FewValues:
            values[i] = double(random.bounded(5)) / 4.0;
            break;
        case Shape::AllEqual:
            values[i] = 0.25;
            break;
        case Shape::NearTies: // a few units in the last place around 0.5: float32 cannot tell them apart
            values[i] = 0.5 + double(random.bounded(7)) * std::numeric_limits<double>::epsilon();
            break;
        case Shape::Huge: // beyond float32's range: the exact path must take over
            values[i] = (random.generateDouble() - 0.5) * 1e200;
            break;
        case Shape::Tiny: // subnormal in float32, and in double for some
            values[i] = (random.generateDouble() - 0.5) * 1e-306;
            break;
        }
    }
    return values;
}

// The reference: every item's exact score, ranked by business::topKRows.
std::vector<std::uint32_t> reference(const std::vector<double> &a, const std::vector<double> &b, double alpha,
                                     double beta, std::size_t k, business::TopKBoundary *boundary, bool *finite)
{
    std::vector<double> weighted(a.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        weighted[i] = weightedScore(alpha, a[i], beta, b[i]);
    return business::topKRows(weighted, k, boundary, finite);
}

} // namespace

Q_DECLARE_METATYPE(Shape)

class tst_WeightedRanking : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void topKEqualsTheExactRanking_data();
    void topKEqualsTheExactRanking();
    void weightsThatOverflowAreReportedNotRanked();
    void noItemsAndOneItem();
};

void tst_WeightedRanking::topKEqualsTheExactRanking_data()
{
    QTest::addColumn<Shape>("shapeA");
    QTest::addColumn<Shape>("shapeB");
    QTest::addColumn<int>("items");

    QTest::newRow("spread, 200 000 items") << Shape::Spread << Shape::Spread << 200000;
    QTest::newRow("few values: ties everywhere") << Shape::FewValues << Shape::FewValues << 200000;
    QTest::newRow("all equal") << Shape::AllEqual << Shape::AllEqual << 50000;
    QTest::newRow("near ties one ulp apart") << Shape::NearTies << Shape::Spread << 200000;
    QTest::newRow("near ties in both") << Shape::NearTies << Shape::NearTies << 100000;
    QTest::newRow("beyond float32") << Shape::Huge << Shape::Spread << 20000;
    QTest::newRow("subnormal") << Shape::Tiny << Shape::Tiny << 20000;
    QTest::newRow("small table") << Shape::Spread << Shape::FewValues << 37;
}

void tst_WeightedRanking::topKEqualsTheExactRanking()
{
    QFETCH(Shape, shapeA);
    QFETCH(Shape, shapeB);
    QFETCH(int, items);
    const std::size_t n = std::size_t(items);
    const std::vector<double> a = scores(shapeA, 1, n);
    const std::vector<double> b = scores(shapeB, 2, n);
    const WeightedRanking ranking(a, b);

    const double weights[][2] = {{0.5, 0.5}, {1.0, 0.0},   {0.0, 1.0}, {0.3, 0.7},  {-0.4, 1.1},
                                 {0.0, 0.0}, {1e-3, 2e5}, {2.5, -2.5}, {1.0 / 3, 2.0 / 3}};
    const std::size_t ks[] = {1, 5, 100, n / 10 + 1, n, n + 3};
    for (const auto &weight : weights) {
        for (std::size_t k : ks) {
            business::TopKBoundary expectedBoundary;
            bool expectedFinite = true;
            const std::vector<std::uint32_t> expected =
                reference(a, b, weight[0], weight[1], k, &expectedBoundary, &expectedFinite);
            for (int threads : {1, 2}) {
                business::TopKBoundary boundary;
                bool finite = false;
                const std::vector<std::uint32_t> rows =
                    ranking.topKRows(weight[0], weight[1], k, &boundary, &finite, threads);
                const QByteArray where = QStringLiteral("alpha %1, beta %2, k %3, %4 thread(s)")
                                             .arg(weight[0])
                                             .arg(weight[1])
                                             .arg(k)
                                             .arg(threads)
                                             .toUtf8();
                QVERIFY2(finite == expectedFinite, where.constData());
                QVERIFY2(rows == expected, where.constData());
                QVERIFY2(boundary.score == expectedBoundary.score, where.constData());
                QVERIFY2(boundary.above == expectedBoundary.above, where.constData());
                QVERIFY2(boundary.tied == expectedBoundary.tied, where.constData());
                QVERIFY2(boundary.tiesTaken == expectedBoundary.tiesTaken, where.constData());
            }
        }
    }
}

void tst_WeightedRanking::weightsThatOverflowAreReportedNotRanked()
{
    const std::vector<double> a = scores(Shape::Spread, 3, 5000);
    const std::vector<double> b = scores(Shape::Spread, 4, 5000);
    const WeightedRanking ranking(a, b);
    bool finite = true;
    QVERIFY(ranking.topKRows(1e308, 1e308, 10, nullptr, &finite).empty());
    QVERIFY(!finite);
    // Large but finite: still the exact answer.
    business::TopKBoundary expectedBoundary;
    const std::vector<std::uint32_t> expected = reference(a, b, 1e300, -1e300, 10, &expectedBoundary, &finite);
    QVERIFY(finite);
    QCOMPARE(ranking.topKRows(1e300, -1e300, 10, nullptr, &finite), expected);
    QVERIFY(finite);
}

void tst_WeightedRanking::noItemsAndOneItem()
{
    const WeightedRanking none({}, {});
    bool finite = false;
    QVERIFY(none.topKRows(0.5, 0.5, 3, nullptr, &finite).empty());
    QVERIFY(finite);
    const WeightedRanking one({0.2}, {-0.7});
    business::TopKBoundary boundary;
    QCOMPARE(one.topKRows(0.5, 0.5, 3, &boundary, &finite), std::vector<std::uint32_t>{0});
    QVERIFY(finite);
    QCOMPARE(boundary.score, weightedScore(0.5, 0.2, 0.5, -0.7));
    QCOMPARE(boundary.tied, std::size_t(1));
}

QTEST_GUILESS_MAIN(tst_WeightedRanking)
#include "tst_weightedranking.moc"
