// SPDX-License-Identifier: GPL-3.0-or-later
// The Trade-offs engine (core/tradeoff): the three score normalisations against hand-computed
// values, the pair rule's refusals, the live re-ranking and its business metrics against a full
// sort on small random data full of ties, k above the number of items, and the weight sweep's
// Pareto flags against a brute-force dominance check.

#include "core/DemoFraming.h"
#include "core/business/BusinessMetricEngine.h"
#include "core/business/ItemSelection.h"
#include "core/tradeoff/RunPair.h"
#include "core/tradeoff/ScoreNormalisation.h"
#include "core/tradeoff/TradeoffEngine.h"
#include "tests/support/MetricTestHelpers.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>

using namespace mb;
using namespace mb::tradeoff;

namespace {

// Two models' scores for the same posts, drawn from few values so that weighted scores tie
// often, with the demo's item columns: quality and engagement labels (0/1) and ad_value.
TradeoffData randomPosts(quint32 seed, std::size_t n)
{
    QRandomGenerator random(seed);
    TradeoffData data;
    std::vector<double> quality(n), engagement(n), adValue(n);
    for (std::size_t i = 0; i < n; ++i) {
        data.a.push_back(double(random.bounded(5)) / 4.0);
        data.b.push_back(double(random.bounded(4)) / 3.0);
        quality[i] = random.generateDouble() < 0.3 + 0.5 * data.a[i] ? 1.0 : 0.0;
        engagement[i] = random.generateDouble() < 0.2 + 0.6 * data.b[i] ? 1.0 : 0.0;
        adValue[i] = std::round(random.generateDouble() * 400) / 100.0;
        data.items.itemIds.push_back(std::int64_t(5000 + i));
    }
    data.items.label = quality;
    data.items.setColumn(QStringLiteral("quality"), std::move(quality));
    data.items.setColumn(QStringLiteral("engagement"), std::move(engagement));
    data.items.setColumn(QStringLiteral("ad_value"), std::move(adValue));
    const Framing framing = demoNewsfeedFraming();
    data.metrics = framing.businessMetrics;
    data.declaredColumns = business::declaredItemColumns(framing);
    return data;
}

BusinessMetric metric(const QString &name, Selection selection, double parameter, const QString &expression,
                      const QString &outer = {}, Direction direction = Direction::Maximize)
{
    BusinessMetric m;
    m.name = name;
    m.direction = direction;
    m.selection = selection;
    m.selectionParameter = parameter;
    m.aggregates = {MetricAggregate{QStringLiteral("v"), expression, Aggregate::Sum}};
    m.outerExpression = outer;
    return m;
}

// The reference ranking: every row, sorted by weighted score (higher first), ties by the lower
// row (a stable sort keeps row order among equal scores).
std::vector<std::uint32_t> fullSortRanking(const std::vector<double> &scores)
{
    std::vector<std::uint32_t> rows(scores.size());
    std::iota(rows.begin(), rows.end(), 0u);
    std::stable_sort(rows.begin(), rows.end(), [&](std::uint32_t x, std::uint32_t y) { return scores[x] > scores[y]; });
    return rows;
}

const std::vector<double> &columnOf(const TradeoffData &data, const char *name)
{
    return *data.items.column(QString::fromLatin1(name));
}

double valueOf(const TradeoffUpdate &update, const QString &name)
{
    for (const RankedMetricValue &m : update.metrics) {
        if (m.name == name) {
            if (!m.value) {
                qWarning("%s", qPrintable(m.value.error()));
                return std::nan("");
            }
            return m.value->value;
        }
    }
    qWarning("no metric %s", qPrintable(name));
    return std::nan("");
}

// True when a point beats b: at least as good in both (by direction) and better in one.
bool dominates(double ax, double ay, double bx, double by, Direction dx, Direction dy)
{
    const double sx = dx == Direction::Maximize ? 1 : -1;
    const double sy = dy == Direction::Maximize ? 1 : -1;
    return sx * ax >= sx * bx && sy * ay >= sy * by && (sx * ax > sx * bx || sy * ay > sy * by);
}

EvaluatedItems side(const QString &name)
{
    EvaluatedItems items;
    items.runName = name;
    items.datasetVersionId = 3;
    items.splitId = 7;
    items.part = QStringLiteral("test");
    items.itemIds = {4, 9, 12, 5, 30};
    return items;
}

} // namespace

Q_DECLARE_METATYPE(mb::tradeoff::ScoreNormalisation)
Q_DECLARE_METATYPE(mb::tradeoff::EvaluatedItems)

class tst_TradeoffEngine : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void normalisationsMatchHandComputedValues_data();
    void normalisationsMatchHandComputedValues();
    void normalisationKeysAreStable();
    void normalisingANonFiniteScoreNamesTheRow();

    void mismatchedPairIsRefusedSayingWhy_data();
    void mismatchedPairIsRefusedSayingWhy();
    void matchingPairIsAccepted();
    void mergedColumnsMustAgree();

    void rankingAndMetricsMatchAFullSort_data();
    void rankingAndMetricsMatchAFullSort();
    void topFractionMetricKeepsItsOwnShare();
    void kLargerThanTheItemsRanksEveryItem();
    void zeroWeightsTieEveryItemAndTakeTheEarliestRows();
    void metricsThatDoNotMoveWithTheWeightsAreSkipped();
    void badInputsAreRefused();
    void aMetricErrorLeavesTheOthersValues();
    void givenSelectionMustFitTheTable();

    void sweepParetoFlagsMatchBruteForce_data();
    void sweepParetoFlagsMatchBruteForce();
    void sweepNamesAnUnknownMetricAndStopsWhenCancelled();
};

void tst_TradeoffEngine::normalisationsMatchHandComputedValues_data()
{
    QTest::addColumn<ScoreNormalisation>("how");
    QTest::addColumn<std::vector<double>>("scores");
    QTest::addColumn<std::vector<double>>("expected");

    const std::vector<double> scores{0.2, 0.9, 0.4, 0.5};
    QTest::newRow("raw keeps the scores") << ScoreNormalisation::Raw << scores << scores;
    // mean 0.5; deviations -0.3, 0.4, -0.1, 0; population variance (0.09+0.16+0.01)/4 = 0.065.
    const double sd = std::sqrt(0.065);
    QTest::newRow("zscore, population deviation")
        << ScoreNormalisation::ZScore << scores << std::vector<double>{-0.3 / sd, 0.4 / sd, -0.1 / sd, 0.0};
    QTest::newRow("zscore of a constant column is zeros")
        << ScoreNormalisation::ZScore << std::vector<double>{0.1, 0.1, 0.1} << std::vector<double>{0, 0, 0};
    // Ascending ranks 10 -> 2, 20 and 20 -> 3.5 (sharing 3 and 4), 5 -> 1, 30 -> 5; (rank-1)/4.
    QTest::newRow("rank, ties share the mean rank")
        << ScoreNormalisation::Rank << std::vector<double>{10, 20, 20, 5, 30}
        << std::vector<double>{0.25, 0.625, 0.625, 0.0, 1.0};
    QTest::newRow("rank of a single item is 0")
        << ScoreNormalisation::Rank << std::vector<double>{42} << std::vector<double>{0};
    QTest::newRow("rank of all-equal scores is the middle")
        << ScoreNormalisation::Rank << std::vector<double>{7, 7, 7} << std::vector<double>{0.5, 0.5, 0.5};
    QTest::newRow("rank of negative and signed-zero scores")
        << ScoreNormalisation::Rank << std::vector<double>{-0.0, -3, 0.0} << std::vector<double>{0.75, 0.0, 0.75};
}

void tst_TradeoffEngine::normalisationsMatchHandComputedValues()
{
    QFETCH(ScoreNormalisation, how);
    QFETCH(std::vector<double>, scores);
    QFETCH(std::vector<double>, expected);
    const Result<std::vector<double>> normalised = normaliseScores(scores, how);
    VERIFY_OK(normalised);
    QCOMPARE(normalised->size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        QVERIFY2(mbtest::fuzzyEqual((*normalised)[i], expected[i], 1e-12),
                 qPrintable(QStringLiteral("row %1: %2 instead of %3")
                                .arg(i)
                                .arg(mbtest::fullPrecision((*normalised)[i]), mbtest::fullPrecision(expected[i]))));
}

void tst_TradeoffEngine::normalisationKeysAreStable()
{
    QCOMPARE(scoreNormalisationKeys(), (QStringList{"raw", "zscore", "rank"}));
    for (const QString &key : scoreNormalisationKeys())
        QCOMPARE(toKey(scoreNormalisationFromKey(key).value()), key);
    QCOMPARE(scoreNormalisationFromKey(QStringLiteral("zscore")), ScoreNormalisation::ZScore);
    QVERIFY(!scoreNormalisationFromKey(QStringLiteral("Rank")).has_value());
}

void tst_TradeoffEngine::normalisingANonFiniteScoreNamesTheRow()
{
    const Result<std::vector<double>> normalised =
        normaliseScores({0.5, 0.25, std::nan(""), 1.0}, ScoreNormalisation::ZScore);
    VERIFY_ERROR(normalised, QStringLiteral("at row 3"));
}

void tst_TradeoffEngine::mismatchedPairIsRefusedSayingWhy_data()
{
    QTest::addColumn<EvaluatedItems>("other");
    QTest::addColumn<QStringList>("expected");

    EvaluatedItems version = side(QStringLiteral("x"));
    version.datasetVersionId = 4;
    QTest::newRow("another dataset version")
        << version << QStringList{"run 'quality model' was evaluated on dataset version 3, run 'x' on version 4"};
    EvaluatedItems split = side(QStringLiteral("x"));
    split.splitId.reset();
    QTest::newRow("another split") << split
                                   << QStringList{
                                          "run 'quality model' was evaluated with split 7, run 'x' with no split"};
    EvaluatedItems part = side(QStringLiteral("x"));
    part.part = QStringLiteral("validation");
    QTest::newRow("another part")
        << part << QStringList{"run 'quality model' was evaluated on the test items, run 'x' on the validation items"};
    EvaluatedItems both = side(QStringLiteral("x"));
    both.datasetVersionId = 4;
    both.part = QStringLiteral("all");
    QTest::newRow("every difference is named")
        << both << QStringList{"on dataset version 3, run 'x' on version 4", "run 'x' on all items"};
    EvaluatedItems fewer = side(QStringLiteral("x"));
    fewer.itemIds.pop_back();
    QTest::newRow("fewer items") << fewer
                                 << QStringList{"run 'quality model' was evaluated on 5 items vs 4 for run 'x'"};
    EvaluatedItems order = side(QStringLiteral("x"));
    std::swap(order.itemIds[3], order.itemIds[4]);
    QTest::newRow("same items in another order") << order << QStringList{"item ids differ at row 4 (item 5 vs 30)"};
}

void tst_TradeoffEngine::mismatchedPairIsRefusedSayingWhy()
{
    QFETCH(EvaluatedItems, other);
    QFETCH(QStringList, expected);
    const Status checked = checkPair(side(QStringLiteral("quality model")), other);
    VERIFY_ERROR(checked, QStringLiteral("runs 'quality model' and 'x' cannot be combined"));
    for (const QString &text : expected)
        VERIFY_ERROR(checked, text);
}

void tst_TradeoffEngine::matchingPairIsAccepted()
{
    VERIFY_OK(checkPair(side(QStringLiteral("quality model")), side(QStringLiteral("engagement model"))));
}

void tst_TradeoffEngine::mergedColumnsMustAgree()
{
    business::PredictionTable quality;
    quality.itemIds = {1, 2, 3};
    quality.label = {1, 0, 1};
    quality.score = {0.9, 0.1, 0.8};
    quality.predicted = {1, 0, 1};
    quality.setColumn(QStringLiteral("quality"), {1, 0, 1});
    quality.setColumn(QStringLiteral("ad_value"), {0.5, std::nan(""), 2.0});
    business::PredictionTable engagement = quality;
    engagement.label = {0, 0, 1};
    engagement.columns.clear();
    engagement.setColumn(QStringLiteral("engagement"), {0, 0, 1});
    engagement.setColumn(QStringLiteral("ad_value"), {0.5, std::nan(""), 2.0});

    const Result<business::PredictionTable> merged = mergeItemColumns(quality, engagement);
    VERIFY_OK(merged);
    QCOMPARE(merged->columnNames(), (QStringList{"quality", "ad_value", "engagement"}));
    QCOMPARE(merged->label, quality.label); // the first run's target
    QCOMPARE(*merged->column(QStringLiteral("engagement")), (std::vector<double>{0, 0, 1}));

    engagement.setColumn(QStringLiteral("ad_value"), {0.5, std::nan(""), 2.5});
    VERIFY_ERROR(mergeItemColumns(quality, engagement),
                 QStringLiteral("both runs have the column 'ad_value' and its values differ at row 3 (item 3)"));
}

void tst_TradeoffEngine::rankingAndMetricsMatchAFullSort_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<int>("items");
    QTest::newRow("37 posts") << 11u << 37;
    QTest::newRow("200 posts") << 12u << 200;
    QTest::newRow("1000 posts") << 13u << 1000;
}

void tst_TradeoffEngine::rankingAndMetricsMatchAFullSort()
{
    QFETCH(quint32, seed);
    QFETCH(int, items);
    const std::size_t n = std::size_t(items);
    TradeoffData data = randomPosts(seed, n);
    // tp over the page's k with quality (the first target) as the label.
    data.metrics << metric(QStringLiteral("quality_profit"), Selection::TopK, 100, QStringLiteral("ad_value"),
                           QStringLiteral("10 * tp - fp"));
    const TradeoffData reference = data;
    Result<TradeoffEngine> engine = TradeoffEngine::create(std::move(data));
    VERIFY_OK(engine);
    QCOMPARE(engine->rankedMetrics().size(), 4);

    const std::vector<double> &quality = columnOf(reference, "quality");
    const std::vector<double> &engagement = columnOf(reference, "engagement");
    const std::vector<double> &adValue = columnOf(reference, "ad_value");
    QRandomGenerator random(seed * 7);
    // One engine, many weight changes: every update must be independent of the ones before it.
    for (int step = 0; step < 60; ++step) {
        const double alpha = step % 10 == 0 ? 0.0 : double(random.bounded(21) - 5) / 10.0; // negative too
        const double beta = step % 7 == 0 ? 0.0 : double(random.bounded(11)) / 10.0;
        const std::size_t k = 1 + random.bounded(quint32(n + 3));
        const Result<TradeoffUpdate> update = engine.value().update(alpha, beta, k);
        VERIFY_OK(update);

        std::vector<double> scores(n);
        for (std::size_t i = 0; i < n; ++i)
            scores[i] = alpha * reference.a[i] + beta * reference.b[i];
        std::vector<std::uint32_t> expected = fullSortRanking(scores);
        expected.resize(std::min(k, n));
        const QString where = QStringLiteral("alpha %1, beta %2, k %3").arg(alpha).arg(beta).arg(k);
        QVERIFY2(update->topRows == expected, qPrintable(where));
        QCOMPARE(update->k, expected.size());
        for (std::size_t r = 0; r < expected.size(); ++r)
            QCOMPARE(update->topScores[r], scores[expected[r]]);

        double clicks = 0, low = 0, revenue = 0;
        double tp = 0;
        for (std::uint32_t row : expected) {
            clicks += engagement[row];
            low += 1 - quality[row];
            revenue += engagement[row] * adValue[row];
            tp += quality[row] >= 0.5;
        }
        const double shown = double(expected.size());
        const double fp = shown - tp;
        QVERIFY2(mbtest::fuzzyEqual(valueOf(*update, QStringLiteral("clicks_at_100")), clicks), qPrintable(where));
        QVERIFY2(mbtest::fuzzyEqual(valueOf(*update, QStringLiteral("low_quality_share")), 100 * low / shown),
                 qPrintable(where));
        QVERIFY2(mbtest::fuzzyEqual(valueOf(*update, QStringLiteral("revenue_per_1000")), 1000 * revenue / shown),
                 qPrintable(where));
        QVERIFY2(mbtest::fuzzyEqual(valueOf(*update, QStringLiteral("quality_profit")), 10 * tp - fp),
                 qPrintable(where));
        QCOMPARE(update->metrics.front().value->selected, expected.size());
    }
}

void tst_TradeoffEngine::topFractionMetricKeepsItsOwnShare()
{
    TradeoffData data = randomPosts(21, 300);
    data.metrics = {
        metric(QStringLiteral("clicks_top_10pct"), Selection::TopFraction, 0.10, QStringLiteral("engagement")),
        metric(QStringLiteral("clicks_top_k"), Selection::TopK, 5, QStringLiteral("engagement"))};
    const TradeoffData reference = data;
    Result<TradeoffEngine> engine = TradeoffEngine::create(std::move(data));
    VERIFY_OK(engine);
    const Result<TradeoffUpdate> update = engine.value().update(0.3, 0.7, 12);
    VERIFY_OK(update);

    std::vector<double> scores(300);
    for (std::size_t i = 0; i < 300; ++i)
        scores[i] = 0.3 * reference.a[i] + 0.7 * reference.b[i];
    const std::vector<std::uint32_t> ranking = fullSortRanking(scores);
    const std::vector<double> &engagement = columnOf(reference, "engagement");
    const auto clicksOfTop = [&](std::size_t count) {
        double sum = 0;
        for (std::size_t r = 0; r < count; ++r)
            sum += engagement[ranking[r]];
        return sum;
    };
    QCOMPARE(update->metrics.at(0).value->selected, std::size_t(30)); // 10% of 300, whatever k is
    QCOMPARE(valueOf(*update, QStringLiteral("clicks_top_10pct")), clicksOfTop(30));
    QCOMPARE(update->metrics.at(1).value->selected, std::size_t(12)); // the page's k, not its own 5
    QCOMPARE(valueOf(*update, QStringLiteral("clicks_top_k")), clicksOfTop(12));
}

void tst_TradeoffEngine::kLargerThanTheItemsRanksEveryItem()
{
    TradeoffData data = randomPosts(31, 20);
    const TradeoffData reference = data;
    Result<TradeoffEngine> engine = TradeoffEngine::create(std::move(data));
    VERIFY_OK(engine);
    const Result<TradeoffUpdate> update = engine.value().update(0.5, 0.5, 100);
    VERIFY_OK(update);
    QCOMPARE(update->k, std::size_t(20));
    QCOMPARE(update->topRows.size(), std::size_t(20));
    std::vector<double> scores(20);
    for (std::size_t i = 0; i < 20; ++i)
        scores[i] = 0.5 * reference.a[i] + 0.5 * reference.b[i];
    QCOMPARE(update->topRows, fullSortRanking(scores));
    const QString notes = update->notes.join(' ');
    QVERIFY2(notes.contains(QStringLiteral("more than the 20 items")), qPrintable(notes));
    const std::vector<double> &engagement = columnOf(reference, "engagement");
    QCOMPARE(valueOf(*update, QStringLiteral("clicks_at_100")),
             std::accumulate(engagement.begin(), engagement.end(), 0.0));
    QCOMPARE(update->metrics.front().value->selected, std::size_t(20));
}

void tst_TradeoffEngine::zeroWeightsTieEveryItemAndTakeTheEarliestRows()
{
    Result<TradeoffEngine> engine = TradeoffEngine::create(randomPosts(41, 50));
    VERIFY_OK(engine);
    const Result<TradeoffUpdate> update = engine.value().update(0.0, 0.0, 5);
    VERIFY_OK(update);
    QCOMPARE(update->topRows, (std::vector<std::uint32_t>{0, 1, 2, 3, 4}));
    QVERIFY2(update->notes.join(' ').contains(QStringLiteral("50 items tie")), qPrintable(update->notes.join(' ')));
}

void tst_TradeoffEngine::metricsThatDoNotMoveWithTheWeightsAreSkipped()
{
    TradeoffData data = randomPosts(51, 40);
    data.metrics << metric(QStringLiteral("all_clicks"), Selection::All, 0, QStringLiteral("engagement"))
                 << metric(QStringLiteral("confident_clicks"), Selection::PredictedPositive, 0.5,
                           QStringLiteral("engagement"))
                 << metric(QStringLiteral("score_mass"), Selection::TopK, 10, QStringLiteral("score * ad_value"));
    Result<TradeoffEngine> engine = TradeoffEngine::create(std::move(data));
    VERIFY_OK(engine);
    QStringList ranked;
    for (const BusinessMetric &m : engine->rankedMetrics())
        ranked << m.name;
    QCOMPARE(ranked, (QStringList{"clicks_at_100", "low_quality_share", "revenue_per_1000"}));
    QCOMPARE(engine->skipped().size(), 3);
    QVERIFY(engine->skipped().at(0).contains(QStringLiteral("'all_clicks' is computed over every item")));
    QVERIFY(engine->skipped().at(1).contains(QStringLiteral("'confident_clicks' selects items by a threshold")));
    QVERIFY(engine->skipped().at(2).contains(QStringLiteral("'score_mass' reads 'score'")));
}

void tst_TradeoffEngine::badInputsAreRefused()
{
    TradeoffData shortB = randomPosts(61, 10);
    shortB.b.pop_back();
    // VERIFY_ERROR reads its argument twice: each result is kept first.
    const Result<TradeoffEngine> unequal = TradeoffEngine::create(std::move(shortB));
    VERIFY_ERROR(unequal, QStringLiteral("the two score columns have 10 and 9 items"));
    TradeoffData notFinite = randomPosts(61, 10);
    notFinite.b[6] = INFINITY;
    const Result<TradeoffEngine> infinite = TradeoffEngine::create(std::move(notFinite));
    VERIFY_ERROR(infinite, QStringLiteral("second objective's score is inf at row 7"));
    VERIFY_ERROR(TradeoffEngine::create(TradeoffData{}), QStringLiteral("no items"));

    Result<TradeoffEngine> engine = TradeoffEngine::create(randomPosts(61, 10));
    VERIFY_OK(engine);
    VERIFY_ERROR(engine.value().update(std::nan(""), 0.5, 3), QStringLiteral("the weights must be numbers"));
    VERIFY_ERROR(engine.value().update(0.5, 0.5, 0), QStringLiteral("k must be 1 or more"));
    VERIFY_ERROR(engine.value().update(1e308, 1e308, 3), QStringLiteral("items are ranked"));
}

void tst_TradeoffEngine::aMetricErrorLeavesTheOthersValues()
{
    TradeoffData data = randomPosts(71, 30);
    data.metrics.insert(1, metric(QStringLiteral("broken"), Selection::TopK, 10, QStringLiteral("clicks_total")));
    Result<TradeoffEngine> engine = TradeoffEngine::create(std::move(data));
    VERIFY_OK(engine);
    const Result<TradeoffUpdate> update = engine.value().update(1, 1, 10);
    VERIFY_OK(update);
    QCOMPARE(update->metrics.size(), std::size_t(4));
    QCOMPARE(update->metrics.at(1).name, QStringLiteral("broken"));
    VERIFY_ERROR(update->metrics.at(1).value, QStringLiteral("business metric 'broken'"));
    VERIFY_OK(update->metrics.at(0).value);
    VERIFY_OK(update->metrics.at(2).value);
}

void tst_TradeoffEngine::givenSelectionMustFitTheTable()
{
    const TradeoffData data = randomPosts(81, 10);
    business::PredictionTable table = data.items;
    table.score.assign(10, 0.0);
    table.predicted.assign(10, 0.0);
    const BusinessMetric clicks = data.metrics.front();
    const business::ItemSelection rows147{{1, 4, 7}, 10, {}};
    const Result<business::MetricValue> value =
        business::evaluateBusinessMetricOn(clicks, table, rows147, data.declaredColumns);
    VERIFY_OK(value);
    const std::vector<double> &engagement = columnOf(data, "engagement");
    QCOMPARE(value->value, engagement[1] + engagement[4] + engagement[7]);
    QCOMPARE(value->selected, std::size_t(3));
    VERIFY_ERROR(business::evaluateBusinessMetricOn(clicks, table, business::ItemSelection{{1, 4, 10}, 10, {}}),
                 QStringLiteral("does not fit"));
    VERIFY_ERROR(business::evaluateBusinessMetricOn(clicks, table, business::ItemSelection{{4, 1}, 10, {}}),
                 QStringLiteral("does not fit"));
    VERIFY_ERROR(business::evaluateBusinessMetricOn(clicks, table, business::ItemSelection{{1}, 11, {}}),
                 QStringLiteral("does not fit"));
}

void tst_TradeoffEngine::sweepParetoFlagsMatchBruteForce_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<QString>("x");
    QTest::addColumn<QString>("y");
    QTest::addColumn<int>("threads");
    QTest::newRow("clicks vs low quality, 2 threads") << 91u << "clicks_at_100"
                                                      << "low_quality_share" << 2;
    QTest::newRow("clicks vs low quality, 1 thread") << 91u << "clicks_at_100"
                                                     << "low_quality_share" << 1;
    QTest::newRow("revenue vs low quality, 3 threads") << 92u << "revenue_per_1000"
                                                       << "low_quality_share" << 3;
    QTest::newRow("clicks vs revenue") << 93u << "clicks_at_100"
                                       << "revenue_per_1000" << 0;
}

void tst_TradeoffEngine::sweepParetoFlagsMatchBruteForce()
{
    QFETCH(quint32, seed);
    QFETCH(QString, x);
    QFETCH(QString, y);
    QFETCH(int, threads);
    TradeoffData data = randomPosts(seed, 2000);
    // Continuous scores: each weighting ranks differently, so the points spread out.
    QRandomGenerator random(seed);
    for (std::size_t i = 0; i < data.a.size(); ++i) {
        data.a[i] += random.generateDouble() * 0.5;
        data.b[i] += random.generateDouble() * 0.5;
    }
    Result<TradeoffEngine> engine = TradeoffEngine::create(std::move(data));
    VERIFY_OK(engine);
    SweepRequest request;
    request.xMetric = x;
    request.yMetric = y;
    request.k = 60;
    request.threads = threads;
    const Result<TradeoffSweep> sweep = engine->sweep(request);
    VERIFY_OK(sweep);
    QCOMPARE(sweep->points.size(), std::size_t(101));

    const std::vector<SweepPoint> &points = sweep->points;
    std::size_t onFront = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        QCOMPARE(points[i].alpha, double(i) / 100.0);
        QCOMPARE(points[i].alpha + points[i].beta, 1.0);
        bool dominated = false;
        for (std::size_t j = 0; j < points.size() && !dominated; ++j)
            dominated =
                dominates(points[j].x, points[j].y, points[i].x, points[i].y, sweep->xDirection, sweep->yDirection);
        QVERIFY2(points[i].dominated == dominated, qPrintable(QStringLiteral("point %1").arg(i)));
        onFront += !dominated;
        // The sweep's point is what update() gives at the same weights.
        if (i % 10 == 0) {
            const Result<TradeoffUpdate> update = engine.value().update(points[i].alpha, points[i].beta, request.k);
            VERIFY_OK(update);
            QCOMPARE(points[i].x, valueOf(*update, x));
            QCOMPARE(points[i].y, valueOf(*update, y));
        }
    }
    QCOMPARE(sweep->front.size(), onFront);
    QVERIFY(onFront >= 2); // the data was made to trade one metric against the other
    QVERIFY(onFront < points.size());
    for (std::size_t f = 1; f < sweep->front.size(); ++f)
        QVERIFY(points[sweep->front[f - 1]].x <= points[sweep->front[f]].x);
}

void tst_TradeoffEngine::sweepNamesAnUnknownMetricAndStopsWhenCancelled()
{
    Result<TradeoffEngine> engine = TradeoffEngine::create(randomPosts(101, 100));
    VERIFY_OK(engine);
    SweepRequest request;
    request.xMetric = QStringLiteral("clicks_at_100");
    request.yMetric = QStringLiteral("latency_p99_ms");
    VERIFY_ERROR(engine->sweep(request),
                 QStringLiteral("the sweep's y metric 'latency_p99_ms' is not one the weights rank (those are: "
                                "clicks_at_100, low_quality_share, revenue_per_1000)"));
    request.yMetric = QStringLiteral("low_quality_share");
    const std::atomic<bool> cancelled{true};
    VERIFY_ERROR(engine->sweep(request, &cancelled), QStringLiteral("cancelled"));
    request.steps = 4;
    const Result<TradeoffSweep> fivePoints = engine->sweep(request);
    VERIFY_OK(fivePoints);
    QCOMPARE(fivePoints->points.size(), std::size_t(5));
    QCOMPARE(fivePoints->points.at(1).alpha, 0.25);
}

QTEST_GUILESS_MAIN(tst_TradeoffEngine)
#include "tst_tradeoffengine.moc"
