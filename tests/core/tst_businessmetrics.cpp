// SPDX-License-Identifier: GPL-3.0-or-later
// The business-metric engine: selections (and their tie-breaking), aggregates, outer expressions
// over the confusion counts, errors that name what is wrong, stakeholder requirements, and the
// threshold and gain curves checked against brute force.

#include "core/DemoFraming.h"
#include "core/FramingJson.h"
#include "core/FramingValidator.h"
#include "core/business/BusinessCurves.h"
#include "core/business/BusinessMetricEngine.h"
#include "core/business/ItemSelection.h"
#include "core/business/OperatingThreshold.h"
#include "core/business/PredictionTable.h"
#include "core/business/RankedSelection.h"
#include "core/business/StakeholderRequirements.h"
#include "tests/support/TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>

using namespace mb;
using namespace mb::business;

namespace {

// Ten customers, best score first except for a tie at 0.6 (rows 3 and 4) and one at 0.3.
//   row    0    1    2    3    4    5    6    7    8    9
//   score  .95  .9   .8   .6   .6   .5   .4   .3   .3   .1
//   label  1    1    0    1    0    1    0    0    1    0
//   pred   1    1    1    1    1    1    0    0    0    0     (score >= 0.5)
//   value  100  50   80   20   10   40   60   30   70   90    (order_value)
PredictionTable customers()
{
    PredictionTable t;
    t.itemIds = {1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009};
    t.score = {0.95, 0.9, 0.8, 0.6, 0.6, 0.5, 0.4, 0.3, 0.3, 0.1};
    t.label = {1, 1, 0, 1, 0, 1, 0, 0, 1, 0};
    t.predicted = {1, 1, 1, 1, 1, 1, 0, 0, 0, 0};
    t.setColumn(QStringLiteral("order_value"), {100, 50, 80, 20, 10, 40, 60, 30, 70, 90});
    return t;
}

BusinessMetric metric(Selection selection, double parameter, QList<MetricAggregate> aggregates,
                      const QString &outer = {}, Direction direction = Direction::Maximize)
{
    BusinessMetric m;
    m.name = QStringLiteral("m");
    m.unit = QStringLiteral("$");
    m.direction = direction;
    m.selection = selection;
    m.selectionParameter = parameter;
    m.aggregates = std::move(aggregates);
    m.outerExpression = outer;
    return m;
}

MetricAggregate aggregate(const QString &name, const QString &expression, Aggregate kind = Aggregate::Sum)
{
    return MetricAggregate{name, expression, kind};
}

std::vector<std::uint32_t> rowsOf(std::initializer_list<std::uint32_t> rows)
{
    return std::vector<std::uint32_t>(rows);
}

// Random items with few distinct scores, so ties are everywhere.
PredictionTable randomTable(quint32 seed, int n, int distinctScores)
{
    QRandomGenerator random(seed);
    PredictionTable t;
    std::vector<double> value;
    for (int i = 0; i < n; ++i) {
        const double score = double(random.bounded(distinctScores)) / double(distinctScores);
        t.itemIds.push_back(i);
        t.score.push_back(score);
        t.label.push_back(random.generateDouble() < score ? 1.0 : 0.0);
        t.predicted.push_back(score >= 0.5 ? 1.0 : 0.0);
        value.push_back(std::round(random.generateDouble() * 1000) / 10.0);
    }
    t.setColumn(QStringLiteral("order_value"), std::move(value));
    return t;
}

// The thresholds a curve of `t` has: every distinct score, ascending, then one just above the highest.
std::vector<double> curveThresholds(const PredictionTable &t)
{
    std::vector<double> thresholds = t.score;
    std::sort(thresholds.begin(), thresholds.end());
    thresholds.erase(std::unique(thresholds.begin(), thresholds.end()), thresholds.end());
    thresholds.push_back(std::nextafter(thresholds.back(), 2.0));
    return thresholds;
}

// One point of m's threshold curve against the engine itself at that threshold: the counts exactly,
// the value up to rounding (the curve sums in rank order). `reference` gets the engine's value when
// defined. A failure is recorded in the running test (QTest::currentTestFailed).
void checkPointAgainstEngine(const BusinessMetric &m, const PredictionTable &t, double threshold,
                             const ThresholdPoint &point, std::optional<MetricValue> *reference)
{
    BusinessMetric atThreshold = m;
    atThreshold.selection = Selection::PredictedPositive;
    atThreshold.selectionParameter = threshold;
    const Result<MetricValue> value = evaluateBusinessMetric(atThreshold, t);
    QCOMPARE(point.threshold, threshold);
    QCOMPARE(point.defined, value.ok());
    const Result<ItemSelection> selection = selectItems(Selection::PredictedPositive, threshold, t);
    const Result<ConfusionCounts> counts = confusionCounts(t, selection->rows, false);
    QCOMPARE(point.selected, selection->rows.size());
    QCOMPARE(point.confusion.tp, counts->tp);
    QCOMPARE(point.confusion.fp, counts->fp);
    QCOMPARE(point.confusion.fn, counts->fn);
    QCOMPARE(point.confusion.tn, counts->tn);
    QCOMPARE(point.confusion.n, counts->n);
    if (!value.ok())
        return;
    QVERIFY2(mbtest::fuzzyEqual(point.value, value->value),
             qPrintable(QStringLiteral("at %1: %2 vs %3").arg(threshold).arg(point.value).arg(value->value)));
    QCOMPARE(point.selected, value->selected);
    *reference = *value;
}

} // namespace

Q_DECLARE_METATYPE(mb::BusinessMetric)

class tst_BusinessMetrics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void selections_data();
    void selections();
    void topFractionCountsWholeItems_data();
    void topFractionCountsWholeItems();
    void budgetLargerThanTheTableSelectsEveryItem();
    void tiesAtTheBudgetBoundaryTakeTheEarliestRows();
    void topKMatchesAFullSort_data();
    void topKMatchesAFullSort();
    void signedZerosTieAndNonFiniteScoresAreNamed();
    void sortByRankOrdersScoreThenRow();
    void rankAllRowsIsTheOrderAFullSortGave_data();
    void rankAllRowsIsTheOrderAFullSortGave();
    void aggregates_data();
    void aggregates();
    void meanAndRateOfAnEmptySelectionAreErrors();
    void costMatrixOverConfusionCounts_data();
    void costMatrixOverConfusionCounts();
    void takeRate();
    void customersReachedInATopKBudget();
    void bulkEvaluationMatchesPerItemArithmetic();
    void errorsNameWhatIsWrong_data();
    void errorsNameWhatIsWrong();
    void divisionByZeroNamesTheItem();
    void outerDivisionByZeroNamesTheValues();
    void demoFramingMetricsEvaluate();
    void stakeholderRequirements_data();
    void stakeholderRequirements();
    void unknownMetricIsNeitherPassNorFail();
    void thresholdCurveBestMatchesBruteForce_data();
    void thresholdCurveBestMatchesBruteForce();
    void thresholdCurveHandExample();
    void thresholdCurveOverSeveralBlocksOfPointsMatchesBruteForce_data();
    void thresholdCurveOverSeveralBlocksOfPointsMatchesBruteForce();
    void thresholdCurveThinningKeepsTheBest();
    void thresholdCurveOfNoItemsOneItemAndOneScore();
    void curvesDrawnFromOneRankingAreTheCurvesEachRanksAlone();
    void aValidationChoiceReportedOnOtherRowsIsTheChoiceMadeForThem();
    void gainCurve();
    void gainCurveNeedsSomethingToCapture();
    void documentedExamplesGiveTheDocumentedValues();
    void tableFromStoredColumns();
};

void tst_BusinessMetrics::selections_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<double>("parameter");
    QTest::addColumn<std::vector<std::uint32_t>>("rows");

    QTest::newRow("all") << int(Selection::All) << 0.0 << rowsOf({0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    QTest::newRow("predicted positive at 0.5 (inclusive)")
        << int(Selection::PredictedPositive) << 0.5 << rowsOf({0, 1, 2, 3, 4, 5});
    QTest::newRow("predicted positive at 0.55") << int(Selection::PredictedPositive) << 0.55 << rowsOf({0, 1, 2, 3, 4});
    QTest::newRow("predicted positive above every score") << int(Selection::PredictedPositive) << 0.99 << rowsOf({});
    QTest::newRow("top 3") << int(Selection::TopK) << 3.0 << rowsOf({0, 1, 2});
    QTest::newRow("top 1") << int(Selection::TopK) << 1.0 << rowsOf({0});
    QTest::newRow("top 10 = all") << int(Selection::TopK) << 10.0 << rowsOf({0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    QTest::newRow("top 30%") << int(Selection::TopFraction) << 0.3 << rowsOf({0, 1, 2});
    QTest::newRow("top 25% rounds up to 3") << int(Selection::TopFraction) << 0.25 << rowsOf({0, 1, 2});
    QTest::newRow("top 100%") << int(Selection::TopFraction) << 1.0 << rowsOf({0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
}

void tst_BusinessMetrics::selections()
{
    QFETCH(int, kind);
    QFETCH(double, parameter);
    QFETCH(std::vector<std::uint32_t>, rows);
    const Result<ItemSelection> selection = selectItems(Selection(kind), parameter, customers());
    QVERIFY2(selection.ok(), qPrintable(selection.ok() ? QString() : selection.error()));
    QCOMPARE(selection->rows, rows);
    QCOMPARE(selection->items, std::size_t(10));
    QVERIFY(selection->notes.isEmpty());
}

void tst_BusinessMetrics::topFractionCountsWholeItems_data()
{
    QTest::addColumn<double>("fraction");
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("k");
    QTest::newRow("7% of 100 is 7, not 8 (0.07*100 = 7.000000000000001)") << 0.07 << 100 << 7;
    QTest::newRow("10% of 1000") << 0.1 << 1000 << 100;
    QTest::newRow("10% of 1005 rounds up") << 0.1 << 1005 << 101;
    QTest::newRow("a tiny fraction still selects one") << 1e-9 << 10 << 1;
    QTest::newRow("all") << 1.0 << 7 << 7;
    QTest::newRow("one third of 3") << 1.0 / 3.0 << 3 << 1;
    QTest::newRow("empty table") << 0.5 << 0 << 0;
}

void tst_BusinessMetrics::topFractionCountsWholeItems()
{
    QFETCH(double, fraction);
    QFETCH(int, n);
    QFETCH(int, k);
    QCOMPARE(itemsForFraction(fraction, std::size_t(n)), std::size_t(k));
}

void tst_BusinessMetrics::budgetLargerThanTheTableSelectsEveryItem()
{
    const Result<MetricValue> value = evaluateBusinessMetric(
        metric(Selection::TopK, 800, {aggregate(QStringLiteral("reached"), QStringLiteral("label"))}), customers());
    QVERIFY2(value.ok(), qPrintable(value.ok() ? QString() : value.error()));
    QCOMPARE(value->selected, std::size_t(10));
    QCOMPARE(value->value, 5.0);
    QCOMPARE(value->notes.size(), 1);
    QVERIFY2(value->notes.constFirst().contains(QLatin1String("k = 800 is more than the 10 items")),
             qPrintable(value->notes.constFirst()));
}

void tst_BusinessMetrics::tiesAtTheBudgetBoundaryTakeTheEarliestRows()
{
    // Rows 3 and 4 tie at 0.6: a budget of 4 takes row 3, the earlier one.
    const Result<ItemSelection> four = selectItems(Selection::TopK, 4, customers());
    QVERIFY(four.ok());
    QCOMPARE(four->rows, rowsOf({0, 1, 2, 3}));
    QCOMPARE(four->notes.size(), 1);
    QVERIFY2(four->notes.constFirst().contains(QLatin1String("2 items tie at the boundary score 0.6")),
             qPrintable(four->notes.constFirst()));

    // The tie goes the same way whatever order the rows arrive in: swap them, and row 3 (now
    // the one with the other id) is still the one taken.
    PredictionTable swapped = customers();
    std::swap(swapped.itemIds[3], swapped.itemIds[4]);
    const Result<ItemSelection> again = selectItems(Selection::TopK, 4, swapped);
    QCOMPARE(again->rows, rowsOf({0, 1, 2, 3}));

    // A budget that takes both tied rows splits nothing and says nothing.
    const Result<ItemSelection> five = selectItems(Selection::TopK, 5, customers());
    QCOMPARE(five->rows, rowsOf({0, 1, 2, 3, 4}));
    QVERIFY(five->notes.isEmpty());

    // Every score equal: the first k rows.
    PredictionTable flat = customers();
    std::fill(flat.score.begin(), flat.score.end(), 0.5);
    QCOMPARE(selectItems(Selection::TopK, 3, flat)->rows, rowsOf({0, 1, 2}));
}

void tst_BusinessMetrics::topKMatchesAFullSort_data()
{
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("distinct");
    QTest::addColumn<int>("k");
    QTest::addColumn<double>("offset");
    QTest::addColumn<double>("spread");
    QTest::newRow("continuous scores, small k") << 20000 << 1000000 << 37 << 0.0 << 1.0;
    QTest::newRow("continuous scores, large k") << 20000 << 1000000 << 15000 << 0.0 << 1.0;
    QTest::newRow("ten distinct scores") << 5000 << 10 << 1234 << 0.0 << 1.0;
    QTest::newRow("two distinct scores") << 5000 << 2 << 4999 << 0.0 << 1.0;
    QTest::newRow("one score") << 100 << 1 << 17 << 0.0 << 1.0;
    QTest::newRow("k = n") << 300 << 7 << 300 << 0.0 << 1.0;
    // Many scores sharing their top bits: the selection refines on deeper bits, level by level.
    QTest::newRow("narrow range around 1000") << 50000 << 1000000 << 20000 << 1000.0 << 1e-6;
    QTest::newRow("narrow range, many ties") << 50000 << 300 << 777 << 1000.0 << 1e-9;
    QTest::newRow("one score, many rows") << 10000 << 1 << 6000 << 0.5 << 1.0;
    QTest::newRow("negative and positive scores") << 20000 << 1000000 << 9000 << -5.0 << 10.0;
    QTest::newRow("huge range") << 20000 << 1000000 << 500 << -1e300 << 1.5e300;
}

void tst_BusinessMetrics::topKMatchesAFullSort()
{
    QFETCH(int, n);
    QFETCH(int, distinct);
    QFETCH(int, k);
    QFETCH(double, offset);
    QFETCH(double, spread);
    PredictionTable t = randomTable(quint32(n + k), n, distinct);
    for (double &score : t.score)
        score = offset + spread * score;
    std::vector<std::uint32_t> expected(t.size());
    std::iota(expected.begin(), expected.end(), 0u);
    std::stable_sort(expected.begin(), expected.end(),
                     [&t](std::uint32_t a, std::uint32_t b) { return t.score[a] > t.score[b]; });
    expected.resize(std::size_t(k));
    const double boundaryScore = t.score[expected.back()];
    std::sort(expected.begin(), expected.end());
    TopKBoundary boundary;
    bool finite = false;
    QCOMPARE(topKRows(t.score, std::size_t(k), &boundary, &finite), expected);
    QVERIFY(finite);
    QCOMPARE(boundary.score, boundaryScore);
    QCOMPARE(boundary.above,
             std::size_t(std::count_if(t.score.begin(), t.score.end(), [&](double v) { return v > boundaryScore; })));
    QCOMPARE(boundary.tied, std::size_t(std::count(t.score.begin(), t.score.end(), boundaryScore)));
    QCOMPARE(boundary.above + boundary.tiesTaken, std::size_t(k));
}

void tst_BusinessMetrics::signedZerosTieAndNonFiniteScoresAreNamed()
{
    // -0.0 and +0.0 are the same score: a tie, broken by the row.
    const std::vector<double> zeros{-1.0, -0.0, 0.0, 1.0, -0.0, 0.0};
    QCOMPARE(topKRows(zeros, 3), rowsOf({1, 2, 3}));

    for (double bad : {std::nan(""), HUGE_VAL, -HUGE_VAL}) {
        PredictionTable t = customers();
        t.score[3] = bad;
        bool finite = true;
        QVERIFY(topKRows(t.score, 2, nullptr, &finite).empty());
        QVERIFY(!finite);
        for (Selection kind : {Selection::TopK, Selection::TopFraction, Selection::PredictedPositive}) {
            const Result<ItemSelection> selection = selectItems(kind, kind == Selection::TopK ? 2 : 0.5, t);
            QVERIFY(!selection.ok());
            QVERIFY2(selection.error().startsWith(
                         QStringLiteral("the score is %1 at row 4 (item 1003)").arg(QString::number(bad))),
                     qPrintable(selection.error()));
        }
        // "all" never reads the score.
        QVERIFY(selectItems(Selection::All, 0, t).ok());
    }
}

void tst_BusinessMetrics::sortByRankOrdersScoreThenRow()
{
    const PredictionTable t = customers();
    std::vector<std::uint32_t> rows = rowsOf({9, 8, 4, 3, 7, 0});
    sortByRank(rows, t.score);
    QCOMPARE(rows, rowsOf({0, 3, 4, 7, 8, 9}));
    QCOMPARE(rankAllRows(t.score), rowsOf({0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

void tst_BusinessMetrics::rankAllRowsIsTheOrderAFullSortGave_data()
{
    QTest::addColumn<int>("items");
    // above 1: that many scores; 1: float32 probabilities; 0: any doubles; -1: one score for all;
    // -2: scores a few units of 2^-45 apart, equal in every bit the radix sort's records keep
    QTest::addColumn<int>("distinct");
    QTest::newRow("small, many ties") << 300 << 5;
    QTest::newRow("float32 probabilities") << 200000 << 1;
    QTest::newRow("any doubles") << 200000 << 0;
    QTest::newRow("more rows than 2^20") << 1100000 << 0;
    QTest::newRow("all equal") << 5000 << -1;
    QTest::newRow("near ties below the records' key bits") << 200000 << -2;
    QTest::newRow("near ties, few rows") << 700 << -2;
    QTest::newRow("one item") << 1 << 0;
    QTest::newRow("no items") << 0 << 0;
}

void tst_BusinessMetrics::rankAllRowsIsTheOrderAFullSortGave()
{
    // The curves' order was std::sort by (score descending, row ascending); the radix sort that
    // replaced it must give the same rows, so every curve point is summed in the same order and
    // comes out bit for bit as before.
    QFETCH(int, items);
    QFETCH(int, distinct);
    std::vector<double> scores(static_cast<std::size_t>(items));
    std::uint64_t state = 99;
    for (double &score : scores) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const double u = double(state >> 11) / double(1ULL << 53);
        if (distinct == -1)
            score = 0.375;
        else if (distinct == -2)
            score = 0.5 + double(state % 9) * 0x1p-45;
        else if (distinct > 1)
            score = double(int(u * distinct)) - 1.0; // -1, 0, 1, ...: ties, and a zero
        else if (distinct == 1)
            score = double(float(u)); // a float32 network's probabilities
        else
            score = (u - 0.5) * std::pow(10.0, double(int(state % 40)) - 20.0);
        if (distinct >= 0 && (state >> 3) % 50 == 0)
            score = (state >> 9) % 2 ? 0.0 : -0.0; // both zeros: one score
    }
    std::vector<std::uint32_t> expected(scores.size());
    std::iota(expected.begin(), expected.end(), std::uint32_t(0));
    std::sort(expected.begin(), expected.end(), [&](std::uint32_t a, std::uint32_t b) {
        return scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
    });
    std::vector<std::uint32_t> distinctEnds;
    QCOMPARE(rankAllRows(scores, &distinctEnds), expected);
    QCOMPARE(rankAllRows(scores), expected);
    // Where each distinct score's items end in that order: the threshold curve's points.
    std::vector<std::uint32_t> expectedEnds;
    for (std::size_t i = 0; i < expected.size(); ++i)
        if (i + 1 == expected.size() || scores[expected[i]] != scores[expected[i + 1]])
            expectedEnds.push_back(std::uint32_t(i + 1));
    QCOMPARE(distinctEnds, expectedEnds);
}

void tst_BusinessMetrics::aggregates_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<double>("parameter");
    QTest::addColumn<QString>("expression");
    QTest::addColumn<int>("aggregate");
    QTest::addColumn<double>("expected");

    // Predicted positive at 0.5: rows 0-5, labels 1 1 0 1 0 1, values 100 50 80 20 10 40.
    const int pp = int(Selection::PredictedPositive);
    QTest::newRow("sum of the revenue of positives")
        << pp << 0.5 << QStringLiteral("label * order_value * 0.10") << int(Aggregate::Sum) << 21.0;
    QTest::newRow("mean order value") << pp << 0.5 << QStringLiteral("order_value") << int(Aggregate::Mean) << 50.0;
    QTest::newRow("count ignores its expression")
        << pp << 0.5 << QStringLiteral("order_value") << int(Aggregate::Count) << 6.0;
    QTest::newRow("count without an expression") << pp << 0.5 << QString() << int(Aggregate::Count) << 6.0;
    QTest::newRow("rate: share of selected with a non-zero value")
        << pp << 0.5 << QStringLiteral("label") << int(Aggregate::Rate) << 4.0 / 6.0;
    QTest::newRow("rate of a comparison")
        << pp << 0.5 << QStringLiteral("order_value > 45") << int(Aggregate::Rate) << 3.0 / 6.0;
    QTest::newRow("sum over all") << int(Selection::All) << 0.0 << QStringLiteral("order_value") << int(Aggregate::Sum)
                                  << 550.0;
    QTest::newRow("mean over the top 2") << int(Selection::TopK) << 2.0 << QStringLiteral("order_value")
                                         << int(Aggregate::Mean) << 75.0;
    QTest::newRow("sum of nothing is 0") << pp << 0.99 << QStringLiteral("order_value") << int(Aggregate::Sum) << 0.0;
    QTest::newRow("count of nothing is 0") << pp << 0.99 << QString() << int(Aggregate::Count) << 0.0;
    QTest::newRow("if-then-else per item")
        << int(Selection::TopK) << 3.0 << QStringLiteral("label == 1 ? order_value : -5") << int(Aggregate::Sum)
        << 145.0;
}

void tst_BusinessMetrics::aggregates()
{
    QFETCH(int, kind);
    QFETCH(double, parameter);
    QFETCH(QString, expression);
    QFETCH(int, aggregate);
    QFETCH(double, expected);
    const BusinessMetric m =
        metric(Selection(kind), parameter, {MetricAggregate{QStringLiteral("a"), expression, Aggregate(aggregate)}});
    const Result<MetricValue> value = evaluateBusinessMetric(m, customers());
    QVERIFY2(value.ok(), qPrintable(value.ok() ? QString() : value.error()));
    QVERIFY2(mbtest::fuzzyEqual(value->value, expected), qPrintable(QString::number(value->value, 'g', 17)));
    QCOMPARE(value->aggregates.size(), 1);
    QCOMPARE(value->aggregates.constFirst().name, QStringLiteral("a"));
    QCOMPARE(value->aggregates.constFirst().value, value->value);
    QCOMPARE(value->unit, QStringLiteral("$"));
    QCOMPARE(value->direction, Direction::Maximize);
}

void tst_BusinessMetrics::meanAndRateOfAnEmptySelectionAreErrors()
{
    for (Aggregate kind : {Aggregate::Mean, Aggregate::Rate}) {
        const Result<MetricValue> value = evaluateBusinessMetric(
            metric(Selection::PredictedPositive, 0.99, {aggregate(QStringLiteral("a"), QStringLiteral("label"), kind)}),
            customers());
        QVERIFY(!value.ok());
        QVERIFY2(value.error().contains(QLatin1String("undefined: no item is selected (items with score >= 0.99)")),
                 qPrintable(value.error()));
    }
}

void tst_BusinessMetrics::costMatrixOverConfusionCounts_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<double>("parameter");
    QTest::addColumn<int>("tp");
    QTest::addColumn<int>("fp");
    QTest::addColumn<int>("fn");
    QTest::addColumn<int>("tn");

    // Labels 1 1 0 1 0 | 1 0 0 1 0 by rank; 5 positives among 10.
    QTest::newRow("predicted positive at 0.5") << int(Selection::PredictedPositive) << 0.5 << 4 << 2 << 1 << 3;
    QTest::newRow("predicted positive at 0.85") << int(Selection::PredictedPositive) << 0.85 << 2 << 0 << 3 << 5;
    QTest::newRow("top 3: selected = decided positive") << int(Selection::TopK) << 3.0 << 2 << 1 << 3 << 4;
    QTest::newRow("top 40%") << int(Selection::TopFraction) << 0.4 << 3 << 1 << 2 << 4;
    // "all" selects every item; the decision is the model's own predicted class (rows 0-5).
    QTest::newRow("all: the predicted column decides") << int(Selection::All) << 0.0 << 4 << 2 << 1 << 3;
}

void tst_BusinessMetrics::costMatrixOverConfusionCounts()
{
    QFETCH(int, kind);
    QFETCH(double, parameter);
    QFETCH(int, tp);
    QFETCH(int, fp);
    QFETCH(int, fn);
    QFETCH(int, tn);
    // No aggregates at all: the outer expression reads only the counts.
    const Result<MetricValue> value = evaluateBusinessMetric(
        metric(Selection(kind), parameter, {}, QStringLiteral("10*tp - 1*fp - 5*fn")), customers());
    QVERIFY2(value.ok(), qPrintable(value.ok() ? QString() : value.error()));
    QCOMPARE(value->confusion->tp, std::int64_t(tp));
    QCOMPARE(value->confusion->fp, std::int64_t(fp));
    QCOMPARE(value->confusion->fn, std::int64_t(fn));
    QCOMPARE(value->confusion->tn, std::int64_t(tn));
    QCOMPARE(value->confusion->n, std::int64_t(10));
    QCOMPARE(value->value, 10.0 * tp - fp - 5.0 * fn);

    const Result<MetricValue> total = evaluateBusinessMetric(
        metric(Selection(kind), parameter, {}, QStringLiteral("tp + fp + fn + tn - n")), customers());
    QCOMPARE(total->value, 0.0);
}

void tst_BusinessMetrics::takeRate()
{
    // Recommend the top 4 titles; a title is played when its label is 1.
    const BusinessMetric m = metric(Selection::TopK, 4,
                                    {aggregate(QStringLiteral("plays"), QStringLiteral("label")),
                                     aggregate(QStringLiteral("recommendations"), QString(), Aggregate::Count)},
                                    QStringLiteral("plays / recommendations"));
    const Result<MetricValue> value = evaluateBusinessMetric(m, customers());
    QVERIFY2(value.ok(), qPrintable(value.ok() ? QString() : value.error()));
    QCOMPARE(value->value, 0.75); // rows 0 1 2 3: plays 1 1 0 1
    QCOMPARE(value->selected, std::size_t(4));
    QCOMPARE(value->aggregates.size(), 2);
    QCOMPARE(value->aggregates.at(0).value, 3.0);
    QCOMPARE(value->aggregates.at(1).value, 4.0);
    QCOMPARE(value->aggregates.at(1).aggregate, Aggregate::Count);
    QVERIFY(!value->confusion.has_value()); // not read by the outer expression, so not counted
}

void tst_BusinessMetrics::customersReachedInATopKBudget()
{
    // "We can contact 3 customers": responders reached, and the revenue net of the contact cost.
    const BusinessMetric reached =
        metric(Selection::TopK, 3, {aggregate(QStringLiteral("responders"), QStringLiteral("label"))});
    QCOMPARE(evaluateBusinessMetric(reached, customers())->value, 2.0);

    const BusinessMetric net =
        metric(Selection::TopK, 3,
               {aggregate(QStringLiteral("revenue"), QStringLiteral("label * order_value * 0.10")),
                aggregate(QStringLiteral("contacted"), QString(), Aggregate::Count)},
               QStringLiteral("revenue - 2 * contacted"));
    const Result<MetricValue> value = evaluateBusinessMetric(net, customers());
    QVERIFY(value.ok());
    QVERIFY(mbtest::fuzzyEqual(value->value, 15.0 - 6.0));
}

void tst_BusinessMetrics::bulkEvaluationMatchesPerItemArithmetic()
{
    // Larger than a bulk chunk, so chunk boundaries are crossed, and a top-k that gathers rows
    // from all over the table.
    const PredictionTable t = randomTable(7, 30000, 100000);
    const std::vector<double> &value = t.column(QStringLiteral("order_value"))[0];
    const QString expression = QStringLiteral("score >= 0.5 ? label * order_value * 0.1 : -(1 - label) * 2 + score^2");
    const auto perItem = [&](std::size_t i) {
        return t.score[i] >= 0.5 ? t.label[i] * value[i] * 0.1 : -(1 - t.label[i]) * 2 + t.score[i] * t.score[i];
    };
    for (Selection kind : {Selection::All, Selection::TopK}) {
        const Result<ItemSelection> selection = selectItems(kind, 12345, t);
        double expected = 0.0;
        for (std::uint32_t row : selection->rows)
            expected += perItem(row);
        const Result<MetricValue> got =
            evaluateBusinessMetric(metric(kind, 12345, {aggregate(QStringLiteral("a"), expression)}), t);
        QVERIFY2(got.ok(), qPrintable(got.ok() ? QString() : got.error()));
        QVERIFY2(mbtest::fuzzyEqual(got->value, expected, 1e-12),
                 qPrintable(QStringLiteral("%1 vs %2").arg(got->value, 0, 'g', 17).arg(expected, 0, 'g', 17)));
    }
}

void tst_BusinessMetrics::errorsNameWhatIsWrong_data()
{
    QTest::addColumn<BusinessMetric>("m");
    QTest::addColumn<QStringList>("declared");
    QTest::addColumn<QString>("fragment");

    const QStringList none;
    QTest::newRow("unknown symbol in an item expression")
        << metric(Selection::All, 0, {aggregate(QStringLiteral("a"), QStringLiteral("label * revenue"))}) << none
        << QStringLiteral("aggregate 'a': unknown symbol 'revenue' at position 9; known symbols: label, score, "
                          "predicted, order_value");
    QTest::newRow("syntax error with its position")
        << metric(Selection::All, 0, {aggregate(QStringLiteral("a"), QStringLiteral("label * (order_value + 2"))})
        << none << QStringLiteral("at position 9");
    QTest::newRow("unknown symbol in the outer expression")
        << metric(Selection::All, 0, {aggregate(QStringLiteral("a"), QStringLiteral("label"))}, QStringLiteral("a / b"))
        << none << QStringLiteral("outer expression: unknown symbol 'b' at position 5");
    QTest::newRow("missing value column")
        << metric(Selection::All, 0, {aggregate(QStringLiteral("a"), QStringLiteral("label * ad_value"))})
        << QStringList{QStringLiteral("ad_value")}
        << QStringLiteral("'label * ad_value' uses the column 'ad_value', which the predictions do not have "
                          "(they have: label, score, predicted, order_value)");
    QTest::newRow("budget of zero") << metric(Selection::TopK, 0,
                                              {aggregate(QStringLiteral("a"), QStringLiteral("label"))})
                                    << none
                                    << QStringLiteral("the budget k must be a whole number of items, 1 or more");
    QTest::newRow("fractional budget")
        << metric(Selection::TopK, 2.5, {aggregate(QStringLiteral("a"), QStringLiteral("label"))}) << none
        << QStringLiteral("the budget k must be a whole number of items, 1 or more (found 2.5)");
    QTest::newRow("fraction above 1") << metric(Selection::TopFraction, 1.5,
                                                {aggregate(QStringLiteral("a"), QStringLiteral("label"))})
                                      << none << QStringLiteral("the fraction must be above 0 and at most 1");
    QTest::newRow("two aggregates, no outer expression")
        << metric(Selection::All, 0,
                  {aggregate(QStringLiteral("a"), QStringLiteral("label")),
                   aggregate(QStringLiteral("b"), QStringLiteral("label"))})
        << none << QStringLiteral("with 2 aggregates, write an outer expression that combines them");
    QTest::newRow("aggregate named like a count")
        << metric(Selection::All, 0, {aggregate(QStringLiteral("tp"), QStringLiteral("label"))}) << none
        << QStringLiteral("aggregate name 'tp' is a reserved symbol");
    QTest::newRow("lone = in an item expression")
        << metric(Selection::All, 0, {aggregate(QStringLiteral("a"), QStringLiteral("label = 1"))}) << none
        << QStringLiteral("'=' assigns; to compare, write '=='");
    QTest::newRow("the metric is named") << metric(Selection::All, 0,
                                                   {aggregate(QStringLiteral("a"), QStringLiteral("nope"))})
                                         << none
                                         << QStringLiteral("business metric 'm': aggregate 'a': unknown symbol 'nope'");
}

void tst_BusinessMetrics::errorsNameWhatIsWrong()
{
    QFETCH(BusinessMetric, m);
    QFETCH(QStringList, declared);
    QFETCH(QString, fragment);
    const Result<MetricValue> value = evaluateBusinessMetric(m, customers(), declared);
    QVERIFY(!value.ok());
    QVERIFY2(value.error().contains(fragment), qPrintable(value.error()));
}

void tst_BusinessMetrics::divisionByZeroNamesTheItem()
{
    PredictionTable t = customers();
    t.setColumn(QStringLiteral("cost"), {1, 2, 3, 4, 5, 6, 0, 8, 9, 10}); // row 7 (item 1006) costs 0
    const BusinessMetric m = metric(
        Selection::All, 0, {aggregate(QStringLiteral("roi"), QStringLiteral("order_value / cost"), Aggregate::Mean)});
    const Result<MetricValue> value = evaluateBusinessMetric(m, t);
    QVERIFY(!value.ok());
    QCOMPARE(value.error(), QStringLiteral("business metric 'm': aggregate 'roi': 'order_value / cost' is inf at row 7 "
                                           "(item 1006), where cost = 0, order_value = 60: a division by zero, or "
                                           "log(0)?"));

    // The top 5 never reach row 7, so only the selected items are evaluated and nothing fails.
    const BusinessMetric top = metric(
        Selection::TopK, 5, {aggregate(QStringLiteral("roi"), QStringLiteral("order_value / cost"), Aggregate::Mean)});
    QVERIFY(evaluateBusinessMetric(top, t).ok());

    // A missing value (NaN) is named the same way.
    t.setColumn(QStringLiteral("cost"), {1, std::nan(""), 3, 4, 5, 6, 7, 8, 9, 10});
    const Result<MetricValue> missing = evaluateBusinessMetric(top, t);
    QVERIFY(!missing.ok());
    QVERIFY2(missing.error().contains(QLatin1String("is nan at row 2 (item 1001), where cost = nan")) &&
                 missing.error().endsWith(QLatin1String(": a missing value")),
             qPrintable(missing.error()));
}

void tst_BusinessMetrics::outerDivisionByZeroNamesTheValues()
{
    const BusinessMetric m = metric(Selection::PredictedPositive, 0.99,
                                    {aggregate(QStringLiteral("plays"), QStringLiteral("label")),
                                     aggregate(QStringLiteral("recommendations"), QString(), Aggregate::Count)},
                                    QStringLiteral("plays / recommendations"));
    const Result<MetricValue> value = evaluateBusinessMetric(m, customers());
    QVERIFY(!value.ok());
    QCOMPARE(value.error(),
             QStringLiteral("business metric 'm': the outer expression 'plays / recommendations' is nan, "
                            "where plays = 0, recommendations = 0: 0/0?"));

    const Result<MetricValue> inf =
        evaluateBusinessMetric(metric(Selection::PredictedPositive, 0.99, {}, QStringLiteral("10 / tp")), customers());
    QVERIFY(!inf.ok());
    QVERIFY2(inf.error().endsWith(QLatin1String("is inf, where tp = 0: a division by zero, or log(0)?")),
             qPrintable(inf.error()));

    // log(0) is named with the division; a huge result is an overflow, not a division by zero.
    const Result<MetricValue> logOfZero =
        evaluateBusinessMetric(metric(Selection::PredictedPositive, 0.99, {}, QStringLiteral("log(tp)")), customers());
    QVERIFY2(!logOfZero.ok() && logOfZero.error().endsWith(QLatin1String("is -inf, where tp = 0: a division by "
                                                                         "zero, or log(0)?")),
             qPrintable(logOfZero.error()));
    const Result<MetricValue> overflow =
        evaluateBusinessMetric(metric(Selection::All, 0, {}, QStringLiteral("exp(1000 * n)")), customers());
    QVERIFY2(!overflow.ok() && overflow.error().endsWith(QLatin1String("is inf, where n = 10: a result too large "
                                                                       "for a number (an overflow)?")),
             qPrintable(overflow.error()));
}

void tst_BusinessMetrics::demoFramingMetricsEvaluate()
{
    // The demo's own framing against a table of its columns: every metric evaluates, and a
    // table without ad_value names the missing column for revenue_per_1000 only.
    const Framing framing = demoNewsfeedFraming();
    PredictionTable t = randomTable(3, 500, 1000);
    t.columns.clear();
    t.setColumn(QStringLiteral("quality"), t.label);
    t.setColumn(QStringLiteral("engagement"), t.predicted);
    PredictionTable withAdValue = t;
    withAdValue.setColumn(QStringLiteral("ad_value"), std::vector<double>(t.size(), 0.25));
    const QStringList declared = declaredItemColumns(framing);
    QCOMPARE(declared,
             (QStringList{QStringLiteral("quality"), QStringLiteral("engagement"), QStringLiteral("ad_value")}));
    for (const BusinessMetric &m : framing.businessMetrics) {
        const Result<MetricValue> value = evaluateBusinessMetric(m, withAdValue, declared);
        QVERIFY2(value.ok(), qPrintable(value.ok() ? QString() : value.error()));
        QCOMPARE(value->selected, std::size_t(100));
    }
    const Result<MetricValue> revenue = evaluateBusinessMetric(framing.businessMetrics.at(2), t, declared);
    QVERIFY(!revenue.ok());
    QVERIFY2(revenue.error().contains(QLatin1String("uses the column 'ad_value', which the predictions do not have")),
             qPrintable(revenue.error()));
}

void tst_BusinessMetrics::stakeholderRequirements_data()
{
    QTest::addColumn<int>("comparator");
    QTest::addColumn<double>("required");
    QTest::addColumn<double>("actual");
    QTest::addColumn<int>("outcome");

    const int pass = int(RequirementOutcome::Pass);
    const int fail = int(RequirementOutcome::Fail);
    QTest::newRow("18 <= 20 passes") << int(Comparator::LessEqual) << 20.0 << 18.0 << pass;
    QTest::newRow("20 <= 20 passes") << int(Comparator::LessEqual) << 20.0 << 20.0 << pass;
    QTest::newRow("20.0000001 <= 20 fails: no tolerance on a line")
        << int(Comparator::LessEqual) << 20.0 << 20.0000001 << fail;
    QTest::newRow("20 < 20 fails") << int(Comparator::Less) << 20.0 << 20.0 << fail;
    QTest::newRow("41 >= 40 passes") << int(Comparator::GreaterEqual) << 40.0 << 41.0 << pass;
    QTest::newRow("39.9 >= 40 fails") << int(Comparator::GreaterEqual) << 40.0 << 39.9 << fail;
    QTest::newRow("40 > 40 fails") << int(Comparator::Greater) << 40.0 << 40.0 << fail;
    QTest::newRow("0.1 + 0.2 == 0.3 passes") << int(Comparator::Equal) << 0.3 << 0.1 + 0.2 << pass;
    QTest::newRow("0.31 == 0.3 fails") << int(Comparator::Equal) << 0.3 << 0.31 << fail;
}

void tst_BusinessMetrics::stakeholderRequirements()
{
    QFETCH(int, comparator);
    QFETCH(double, required);
    QFETCH(double, actual);
    QFETCH(int, outcome);
    const Stakeholder s{QStringLiteral("product"),
                        QStringLiteral("latency"),
                        QStringLiteral("latency_p99_ms"),
                        Comparator(comparator),
                        required,
                        {}};
    const RequirementResult result = evaluateRequirement(s, {{QStringLiteral("latency_p99_ms"), actual}});
    QCOMPARE(int(result.outcome), outcome);
    QVERIFY(result.actual.has_value());
    QCOMPARE(*result.actual, actual);
    QVERIFY2(result.message.startsWith(QLatin1String("product: latency_p99_ms = ")), qPrintable(result.message));
    QVERIFY2(result.message.endsWith(toKey(RequirementOutcome(outcome))), qPrintable(result.message));
}

void tst_BusinessMetrics::unknownMetricIsNeitherPassNorFail()
{
    const Framing framing = demoNewsfeedFraming();
    // clicks_at_100 measured and passing, low_quality_share failing, latency not measured.
    const QMap<QString, double> values{{QStringLiteral("clicks_at_100"), 31.0},
                                       {QStringLiteral("low_quality_share"), 12.5}};
    const QList<RequirementResult> results = evaluateRequirements(framing.stakeholders, values);
    QCOMPARE(results.size(), 3);
    QCOMPARE(results.at(0).outcome, RequirementOutcome::Pass);
    QCOMPARE(results.at(1).outcome, RequirementOutcome::Fail);
    QCOMPARE(results.at(1).message, QStringLiteral("trust & safety: low_quality_share = 12.5, required <= 10: fail"));
    QCOMPARE(results.at(2).outcome, RequirementOutcome::Unknown);
    QVERIFY(!results.at(2).actual.has_value());
    QCOMPARE(results.at(2).message,
             QStringLiteral("product: unknown metric 'latency_p99_ms': no value was measured for it (required <= 20)"));

    const RequirementResult nan =
        evaluateRequirement(framing.stakeholders.at(2), {{QStringLiteral("latency_p99_ms"), std::nan("")}});
    QCOMPARE(nan.outcome, RequirementOutcome::Unknown);
    QVERIFY2(nan.message.contains(QLatin1String("not a measurement")), qPrintable(nan.message));
}

void tst_BusinessMetrics::thresholdCurveBestMatchesBruteForce_data()
{
    QTest::addColumn<BusinessMetric>("m");
    QTest::addColumn<int>("distinct");

    for (int distinct : {7, 1000000}) {
        const QString ties = distinct < 100 ? QStringLiteral(", tied scores") : QStringLiteral(", distinct scores");
        QTest::addRow("cost matrix%s", qPrintable(ties))
            << metric(Selection::PredictedPositive, 0.5, {}, QStringLiteral("10*tp - 1*fp - 5*fn")) << distinct;
        QTest::addRow("net revenue%s", qPrintable(ties))
            << metric(Selection::All, 0,
                      {aggregate(QStringLiteral("revenue"), QStringLiteral("label * order_value * 0.10")),
                       aggregate(QStringLiteral("contacted"), QString(), Aggregate::Count)},
                      QStringLiteral("revenue - 2 * contacted"))
            << distinct;
        QTest::addRow("precision-like rate%s", qPrintable(ties))
            << metric(Selection::TopK, 5, {aggregate(QStringLiteral("hit"), QStringLiteral("label"), Aggregate::Rate)},
                      {})
            << distinct;
        QTest::addRow("minimised mean cost%s", qPrintable(ties))
            << metric(Selection::PredictedPositive, 0.5,
                      {aggregate(QStringLiteral("cost"), QStringLiteral("(1 - label) * order_value"), Aggregate::Mean)},
                      {}, Direction::Minimize)
            << distinct;
        QTest::addRow("take rate with undefined points%s", qPrintable(ties))
            << metric(Selection::PredictedPositive, 0.5,
                      {aggregate(QStringLiteral("plays"), QStringLiteral("label")),
                       aggregate(QStringLiteral("shown"), QString(), Aggregate::Count)},
                      QStringLiteral("plays / shown - 0.01 * shown"))
            << distinct;
    }
}

void tst_BusinessMetrics::thresholdCurveBestMatchesBruteForce()
{
    QFETCH(BusinessMetric, m);
    QFETCH(int, distinct);
    for (quint32 seed = 1; seed <= 8; ++seed) {
        const PredictionTable t = randomTable(seed, 60, distinct);
        const Result<ThresholdCurve> curve = thresholdCurve(m, t, {}, 0);
        QVERIFY2(curve.ok(), qPrintable(curve.ok() ? QString() : curve.error()));

        // Brute force: the engine itself at every distinct score and just above the highest.
        const std::vector<double> thresholds = curveThresholds(t);
        QCOMPARE(curve->points.size(), thresholds.size());
        QCOMPARE(curve->thresholdsEvaluated, thresholds.size());

        BusinessMetric atThreshold = m;
        atThreshold.selection = Selection::PredictedPositive;
        bool anyDefined = false;
        double best = 0.0;
        for (std::size_t i = 0; i < thresholds.size(); ++i) {
            std::optional<MetricValue> reference;
            checkPointAgainstEngine(m, t, thresholds[i], curve->points[i], &reference);
            if (QTest::currentTestFailed())
                return;
            if (!reference)
                continue;
            const bool better = m.direction == Direction::Maximize ? reference->value > best : reference->value < best;
            if (!anyDefined || better)
                best = reference->value;
            anyDefined = true;
        }
        QCOMPARE(curve->hasBest, anyDefined);
        if (!anyDefined)
            continue;
        QVERIFY2(mbtest::fuzzyEqual(curve->best.value, best),
                 qPrintable(
                     QStringLiteral("seed %1: best %2 vs brute force %3").arg(seed).arg(curve->best.value).arg(best)));
        QCOMPARE(curve->points[curve->bestIndex].threshold, curve->best.threshold);
        QVERIFY(curve->best.defined);
        // The reference value at the curve's best threshold is the best value too.
        atThreshold.selectionParameter = curve->best.threshold;
        QVERIFY(mbtest::fuzzyEqual(evaluateBusinessMetric(atThreshold, t)->value, best));
    }
}

void tst_BusinessMetrics::thresholdCurveOverSeveralBlocksOfPointsMatchesBruteForce_data()
{
    QTest::addColumn<BusinessMetric>("m");
    QTest::addColumn<int>("distinct");
    // Every kind of aggregate input (a sum, a count, a mean and a rate, undefined where nothing is
    // selected), with spread scores (about 9 000 points: three blocks of the outer expression) and
    // with ties (fewer points than items).
    const BusinessMetric everyKind =
        metric(Selection::PredictedPositive, 0.5,
               {aggregate(QStringLiteral("revenue"), QStringLiteral("label * order_value")),
                aggregate(QStringLiteral("shown"), QString(), Aggregate::Count),
                aggregate(QStringLiteral("basket"), QStringLiteral("order_value"), Aggregate::Mean),
                aggregate(QStringLiteral("hit"), QStringLiteral("label"), Aggregate::Rate)},
               QStringLiteral("revenue / shown + basket * hit - 0.1 * fp + tn / n"));
    QTest::newRow("spread scores") << everyKind << 1000000;
    QTest::newRow("tied scores") << everyKind << 5000;
}

void tst_BusinessMetrics::thresholdCurveOverSeveralBlocksOfPointsMatchesBruteForce()
{
    // The curve fills the outer expression's inputs a block of 4 096 points at a time: every
    // point, across the blocks' edges, is what the engine gives at that threshold.
    QFETCH(BusinessMetric, m);
    QFETCH(int, distinct);
    const PredictionTable t = randomTable(3, 10000, distinct);
    const Result<ThresholdCurve> curve = thresholdCurve(m, t, {}, 0);
    QVERIFY2(curve.ok(), qPrintable(curve.ok() ? QString() : curve.error()));
    const std::vector<double> thresholds = curveThresholds(t);
    QCOMPARE(curve->points.size(), thresholds.size());
    QVERIFY(thresholds.size() > 4096); // more than one block
    // Points counted from the highest threshold fill the blocks: check their edges and a spread.
    std::vector<std::size_t> checked;
    for (std::size_t fromTop : {std::size_t(0), std::size_t(1), std::size_t(4095), std::size_t(4096),
                                std::size_t(4097), std::size_t(8191), std::size_t(8192), thresholds.size() - 1})
        if (fromTop < thresholds.size())
            checked.push_back(thresholds.size() - 1 - fromTop);
    for (std::size_t i = 0; i < thresholds.size(); i += 97)
        checked.push_back(i);
    for (const std::size_t i : checked) {
        std::optional<MetricValue> reference;
        checkPointAgainstEngine(m, t, thresholds[i], curve->points[i], &reference);
        if (QTest::currentTestFailed())
            return;
    }
}

void tst_BusinessMetrics::thresholdCurveHandExample()
{
    // The cost matrix on the ten customers (labels by rank 1 1 0 1 0 | 1 0 0 1 0), by hand:
    //   threshold  0.1  0.3  0.4  0.5  0.6  0.8  0.9  0.95  above
    //   selected   10   9    7    6    5    3    2    1     0
    //   tp/fp/fn   5/5/0 5/4/0 4/3/1 4/2/1 3/2/2 2/1/3 2/0/3 1/0/4 0/0/5
    const Result<ThresholdCurve> curve = thresholdCurve(
        metric(Selection::PredictedPositive, 0.5, {}, QStringLiteral("10*tp - 1*fp - 5*fn")), customers());
    QVERIFY2(curve.ok(), qPrintable(curve.ok() ? QString() : curve.error()));
    const std::vector<double> thresholds{0.1, 0.3, 0.4, 0.5, 0.6, 0.8, 0.9, 0.95};
    const std::vector<double> values{45, 46, 32, 33, 18, 4, 5, -10, -25};
    const std::vector<std::size_t> selected{10, 9, 7, 6, 5, 3, 2, 1, 0};
    QCOMPARE(curve->points.size(), values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i < thresholds.size())
            QCOMPARE(curve->points[i].threshold, thresholds[i]);
        QCOMPARE(curve->points[i].value, values[i]);
        QCOMPARE(curve->points[i].selected, selected[i]);
        QVERIFY(curve->points[i].defined);
    }
    QVERIFY(curve->points.back().threshold > 0.95);
    QVERIFY(curve->hasBest);
    QCOMPARE(curve->best.threshold, 0.3);
    QCOMPARE(curve->best.value, 46.0);
    QCOMPARE(curve->bestIndex, std::size_t(1));

    // tp - fp is 2 at both 0.5 and 0.9: the higher threshold, acting on fewer items, is best.
    const Result<ThresholdCurve> tied =
        thresholdCurve(metric(Selection::PredictedPositive, 0.5, {}, QStringLiteral("tp - fp")), customers());
    QCOMPARE(tied->best.value, 2.0);
    QCOMPARE(tied->best.threshold, 0.9);

    // Minimising picks the lowest value instead.
    const Result<ThresholdCurve> minimized = thresholdCurve(
        metric(Selection::PredictedPositive, 0.5, {}, QStringLiteral("10*tp - 1*fp - 5*fn"), Direction::Minimize),
        customers());
    QCOMPARE(minimized->best.value, -25.0);
    QCOMPARE(minimized->best.selected, std::size_t(0));
}

void tst_BusinessMetrics::thresholdCurveOfNoItemsOneItemAndOneScore()
{
    const BusinessMetric m = metric(Selection::PredictedPositive, 0.5,
                                    {aggregate(QStringLiteral("revenue"), QStringLiteral("label * order_value"))},
                                    QStringLiteral("revenue + 10*tp - 1*fp - 5*fn"));
    // No items: the one point that selects nothing.
    PredictionTable empty = customers();
    empty.itemIds.clear();
    empty.score.clear();
    empty.label.clear();
    empty.predicted.clear();
    empty.setColumn(QStringLiteral("order_value"), {});
    const Result<ThresholdCurve> none = thresholdCurve(m, empty, {}, 0);
    QVERIFY2(none.ok(), qPrintable(none.ok() ? QString() : none.error()));
    QCOMPARE(none->points.size(), std::size_t(1));
    QCOMPARE(none->points[0].selected, std::size_t(0));
    QCOMPARE(none->best.value, 0.0);

    // One item, and then every item at one score: a point above it (nothing) and one at it (all).
    for (const int items : {1, 10}) {
        PredictionTable t = customers();
        t.itemIds.resize(std::size_t(items));
        t.score.assign(std::size_t(items), 0.6);
        t.label.resize(std::size_t(items));
        t.predicted.assign(std::size_t(items), 1.0);
        std::vector<double> value = *t.column(QStringLiteral("order_value"));
        value.resize(std::size_t(items));
        t.setColumn(QStringLiteral("order_value"), value);
        const Result<ThresholdCurve> curve = thresholdCurve(m, t, {}, 0);
        QVERIFY2(curve.ok(), qPrintable(curve.ok() ? QString() : curve.error()));
        QCOMPARE(curve->points.size(), std::size_t(2));
        QCOMPARE(curve->points[0].threshold, 0.6);
        QCOMPARE(curve->points[0].selected, std::size_t(items));
        QCOMPARE(curve->points[1].selected, std::size_t(0));
        QVERIFY(curve->points[1].threshold > 0.6);
        BusinessMetric atThreshold = m;
        atThreshold.selectionParameter = 0.6;
        const Result<MetricValue> everything = evaluateBusinessMetric(atThreshold, t);
        QVERIFY(everything.ok());
        QVERIFY(mbtest::fuzzyEqual(curve->points[0].value, everything->value));
        QCOMPARE(curve->points[0].confusion.tp, everything->confusion->tp);
        QCOMPARE(curve->points[0].confusion.fp, everything->confusion->fp);
    }
}

void tst_BusinessMetrics::thresholdCurveThinningKeepsTheBest()
{
    const PredictionTable t = randomTable(11, 5000, 1000000);
    const BusinessMetric m = metric(Selection::PredictedPositive, 0.5, {}, QStringLiteral("10*tp - 1*fp - 5*fn"));
    const Result<ThresholdCurve> all = thresholdCurve(m, t, {}, 0);
    const Result<ThresholdCurve> thin = thresholdCurve(m, t, {}, 50);
    QVERIFY(all.ok() && thin.ok());
    QVERIFY(thin->points.size() >= 50 && thin->points.size() <= 51);
    QCOMPARE(thin->thresholdsEvaluated, all->points.size());
    QCOMPARE(thin->best.threshold, all->best.threshold);
    QCOMPARE(thin->best.value, all->best.value);
    QCOMPARE(thin->points[thin->bestIndex].threshold, all->best.threshold);
    QCOMPARE(thin->points.front().threshold, all->points.front().threshold);
    QCOMPARE(thin->points.back().threshold, all->points.back().threshold);
    for (std::size_t i = 1; i < thin->points.size(); ++i)
        QVERIFY(thin->points[i - 1].threshold < thin->points[i].threshold);
}

void tst_BusinessMetrics::curvesDrawnFromOneRankingAreTheCurvesEachRanksAlone()
{
    // The run-evaluation view ranks the shown rows once for its gain and threshold tabs: what they
    // draw must be what each curve gives ranking the rows itself, to the bit.
    const PredictionTable t = randomTable(23, 20000, 3000);
    const BusinessMetric m = metric(Selection::PredictedPositive, 0.5, {}, QStringLiteral("10*tp - 1*fp - 5*fn"));
    const Result<ScoreRanking> ranking = rankByScore(t);
    QVERIFY(ranking.ok());
    const Result<ThresholdCurve> alone = thresholdCurve(m, t);
    const Result<ThresholdCurve> shared = thresholdCurve(m, t, {}, kPlottedThresholds, &ranking.value());
    QVERIFY(alone.ok() && shared.ok());
    QCOMPARE(shared->points.size(), alone->points.size());
    for (std::size_t i = 0; i < alone->points.size(); ++i) {
        QCOMPARE(shared->points[i].threshold, alone->points[i].threshold);
        QCOMPARE(shared->points[i].selected, alone->points[i].selected);
        QCOMPARE(shared->points[i].confusion.tp, alone->points[i].confusion.tp);
        QVERIFY(shared->points[i].value == alone->points[i].value
                || (std::isnan(shared->points[i].value) && std::isnan(alone->points[i].value)));
    }
    QCOMPARE(shared->best.threshold, alone->best.threshold);
    QCOMPARE(shared->best.value, alone->best.value);

    const Result<GainCurve> gainAlone = business::gainCurve(t, QStringLiteral("label * order_value"), 50);
    const Result<GainCurve> gainShared =
        business::gainCurve(t, QStringLiteral("label * order_value"), 50, {}, &ranking.value());
    QVERIFY(gainAlone.ok() && gainShared.ok());
    QCOMPARE(gainShared->points.size(), gainAlone->points.size());
    for (std::size_t i = 0; i < gainAlone->points.size(); ++i)
        QCOMPARE(gainShared->points[i].captured, gainAlone->points[i].captured);

    // A ranking of other rows is refused, naming both sizes, not read out of bounds.
    const PredictionTable other = randomTable(5, 100, 50);
    const Result<ThresholdCurve> mismatched = thresholdCurve(m, other, {}, kPlottedThresholds, &ranking.value());
    QVERIFY(!mismatched.ok());
    QVERIFY2(mismatched.error().contains(QStringLiteral("20000")), qPrintable(mismatched.error()));
    QVERIFY(!business::gainCurve(other, QStringLiteral("label"), 10, {}, &ranking.value()).ok());

    // Rows that cannot be ranked say why.
    PredictionTable unrankable = randomTable(5, 100, 50);
    unrankable.score[42] = std::numeric_limits<double>::quiet_NaN();
    QVERIFY(!rankByScore(unrankable).ok());
}

void tst_BusinessMetrics::aValidationChoiceReportedOnOtherRowsIsTheChoiceMadeForThem()
{
    // The view shows another evaluation than the judged one and reports the threshold chosen on
    // validation on both: reporting one choice on the judged rows must equal choosing for them.
    const PredictionTable validation = randomTable(31, 5000, 2000);
    const PredictionTable shown = randomTable(32, 4000, 2000);
    const PredictionTable judged = randomTable(33, 3000, 2000);
    const BusinessMetric m = metric(Selection::PredictedPositive, 0.5, {}, QStringLiteral("10*tp - 1*fp - 5*fn"));
    const Result<ValidatedThreshold> forShown = chooseThresholdOnValidation(m, validation, shown);
    const Result<ValidatedThreshold> forJudged = chooseThresholdOnValidation(m, validation, judged);
    QVERIFY(forShown.ok() && forJudged.ok() && forShown->validation.hasBest);
    const ValidatedThreshold reported = reportedOn(forShown.value(), m, judged);
    QCOMPARE(reported.threshold, forJudged->threshold);
    QCOMPARE(reported.validationValue, forJudged->validationValue);
    QVERIFY(reported.test.has_value() && forJudged->test.has_value());
    QCOMPARE(reported.test->value, forJudged->test->value);
    QCOMPARE(reported.test->confusion->tp, forJudged->test->confusion->tp);
    QVERIFY(forShown->test->value != reported.test->value); // other rows, another figure
}

void tst_BusinessMetrics::gainCurve()
{
    // Labels by rank: 1 1 0 1 0 | 1 0 0 1 0: 5 positives.
    const Result<GainCurve> curve = business::gainCurve(customers(), QStringLiteral("label"), 10);
    QVERIFY2(curve.ok(), qPrintable(curve.ok() ? QString() : curve.error()));
    QCOMPARE(curve->total, 5.0);
    QCOMPARE(curve->points.size(), std::size_t(10));
    const std::vector<double> captured{1, 2, 2, 3, 3, 4, 4, 4, 5, 5};
    for (std::size_t i = 0; i < 10; ++i) {
        const GainPoint &p = curve->points[i];
        QCOMPARE(p.k, i + 1);
        QVERIFY(mbtest::fuzzyEqual(p.fraction, double(i + 1) / 10.0));
        QCOMPARE(p.captured, captured[i]);
        QVERIFY(mbtest::fuzzyEqual(p.gain, captured[i] / 5.0));
        QVERIFY(mbtest::fuzzyEqual(p.lift, (captured[i] / 5.0) / (double(i + 1) / 10.0)));
    }
    QCOMPARE(curve->points.back().gain, 1.0);
    QCOMPARE(curve->points.front().lift, 2.0); // the top 10% holds 20% of the positives

    // The positive value: label * order_value; total 100 + 50 + 20 + 40 + 70 = 280.
    const Result<GainCurve> value = business::gainCurve(customers(), QStringLiteral("label * order_value"), 5);
    QVERIFY(value.ok());
    QCOMPARE(value->total, 280.0);
    QCOMPARE(value->points[0].captured, 150.0); // top 2
    QCOMPARE(value->points[1].captured, 170.0); // top 4

    const Result<GainPoint> budget = gainAtBudget(customers(), QStringLiteral("label * order_value"), 4);
    QVERIFY(budget.ok());
    QCOMPARE(budget->captured, 170.0);
    QVERIFY(mbtest::fuzzyEqual(budget->gain, 170.0 / 280.0));
    QVERIFY(mbtest::fuzzyEqual(budget->lift, (170.0 / 280.0) / 0.4));
}

void tst_BusinessMetrics::gainCurveNeedsSomethingToCapture()
{
    const Result<GainCurve> none = business::gainCurve(customers(), QStringLiteral("label * 0"), 10);
    QVERIFY(!none.ok());
    QVERIFY2(none.error().contains(QLatin1String("the total over all items is 0")), qPrintable(none.error()));
    const Result<GainCurve> unknown = business::gainCurve(customers(), QStringLiteral("clicks"), 10);
    QVERIFY(!unknown.ok());
    QVERIFY2(unknown.error().contains(QLatin1String("unknown symbol 'clicks'")), qPrintable(unknown.error()));
}

void tst_BusinessMetrics::documentedExamplesGiveTheDocumentedValues()
{
    // docs/BUSINESS-METRICS.md's JSON blocks, read from the file itself, placed in a framing as
    // the worked examples describe; each must parse strictly, validate, and give the value the
    // page states.
    QFile doc(QStringLiteral(METRICBRIDGE_TEST_DATA "/../../docs/BUSINESS-METRICS.md"));
    QVERIFY2(doc.open(QIODevice::ReadOnly), qPrintable(doc.fileName()));
    const QString text = QString::fromUtf8(doc.readAll());
    static const QRegularExpression block(QStringLiteral("```json\\n(.*?)```"),
                                          QRegularExpression::DotMatchesEverythingOption);
    QJsonArray metrics;
    QSet<QString> names;
    for (const QRegularExpressionMatch &m : block.globalMatch(text)) {
        QJsonParseError error;
        const QJsonDocument json = QJsonDocument::fromJson(m.captured(1).toUtf8(), &error);
        QVERIFY2(json.isObject(), qPrintable(error.errorString() + QLatin1Char('\n') + m.captured(1)));
        const QString name = json.object().value(QStringLiteral("name")).toString();
        if (!names.contains(name))
            metrics.append(json.object());
        names.insert(name);
    }
    const QMap<QString, double> documented{{QStringLiteral("retention_value"), 33.0},
                                           {QStringLiteral("buyers_reached"), 2.0},
                                           {QStringLiteral("net_margin_of_calls"), 9.0},
                                           {QStringLiteral("take_rate"), 75.0}};
    QCOMPARE(names, QSet<QString>(documented.keyBegin(), documented.keyEnd()));

    const QJsonObject framingJson{
        {QStringLiteral("format"), QStringLiteral("metricbridge.framing")},
        {QStringLiteral("format_version"), 1},
        {QStringLiteral("business_goal"), QStringLiteral("Keep customers.")},
        {QStringLiteral("target_columns"), QJsonArray{QStringLiteral("churned")}},
        {QStringLiteral("value_columns"), QJsonArray{QStringLiteral("order_value")}},
        {QStringLiteral("objectives"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("churned")},
                                                              {QStringLiteral("loss"), QStringLiteral("bce")}}}},
        {QStringLiteral("business_metrics"), metrics}};
    const Result<Framing> framing = framingFromJson(framingJson);
    QVERIFY2(framing.ok(), qPrintable(framing.ok() ? QString() : framing.error()));
    QVERIFY2(validateFraming(*framing).isEmpty(), qPrintable(describeProblems(validateFraming(*framing))));
    for (const BusinessMetric &m : framing->businessMetrics) {
        const Result<MetricValue> value = evaluateBusinessMetric(m, customers(), declaredItemColumns(*framing));
        QVERIFY2(value.ok(), qPrintable(value.ok() ? QString() : value.error()));
        QVERIFY2(mbtest::fuzzyEqual(value->value, documented.value(m.name)),
                 qPrintable(QStringLiteral("%1: %2").arg(m.name).arg(value->value)));
    }
    const auto retention =
        std::find_if(framing->businessMetrics.cbegin(), framing->businessMetrics.cend(),
                     [](const BusinessMetric &m) { return m.name == QLatin1String("retention_value"); });
    QVERIFY(retention != framing->businessMetrics.cend());
    const Result<ThresholdCurve> curve = thresholdCurve(*retention, customers());
    QCOMPARE(curve->best.threshold, 0.3);
    QCOMPARE(curve->best.value, 46.0);
    const Result<GainPoint> gain = gainAtBudget(customers(), QStringLiteral("label"), 3);
    QVERIFY(mbtest::fuzzyEqual(gain->gain, 0.4));
    QVERIFY(mbtest::fuzzyEqual(gain->lift, 0.4 / 0.3));
}

void tst_BusinessMetrics::tableFromStoredColumns()
{
    // The columns as a finished run stores them (schema 5), two targets.
    const PredictionTable c = customers();
    std::vector<NamedColumn> stored{
        {QStringLiteral("row"), {10, 11, 12, 13, 14, 15, 16, 17, 18, 19}},
        {QStringLiteral("label:quality"), std::vector<double>(10, 1.0)},
        {QStringLiteral("score:quality"), std::vector<double>(10, 0.5)},
        {QStringLiteral("predicted:quality"), std::vector<double>(10, 1.0)},
        {QStringLiteral("label:engagement"), c.label},
        {QStringLiteral("score:engagement"), c.score},
        {QStringLiteral("predicted:engagement"), c.predicted},
        {QStringLiteral("prob:engagement:1"), c.score},
        {QStringLiteral("value:order_value"), *c.column(QStringLiteral("order_value"))},
    };
    const Result<PredictionTable> table =
        predictionTableFromColumns(stored, {QStringLiteral("engagement"), QStringLiteral("quality")});
    QVERIFY2(table.ok(), qPrintable(table.ok() ? QString() : table.error()));
    QCOMPARE(table->score, c.score);
    QCOMPARE(table->label, c.label);
    QCOMPARE(table->predicted, c.predicted);
    // Without an id column, an item is named by its dataset row counted from 1 (stored from 0).
    QCOMPARE(table->itemIds, (std::vector<std::int64_t>{11, 12, 13, 14, 15, 16, 17, 18, 19, 20}));
    QCOMPARE(table->columnNames(),
             (QStringList{QStringLiteral("quality"), QStringLiteral("engagement"), QStringLiteral("order_value")}));
    const Result<MetricValue> value = evaluateBusinessMetric(
        metric(Selection::TopK, 3,
               {aggregate(QStringLiteral("a"), QStringLiteral("engagement * quality * order_value"))}),
        *table);
    QVERIFY(value.ok());
    QCOMPARE(value->value, 150.0);

    // An id column wins over the row; without the primary target's columns, an error.
    stored.push_back({QStringLiteral("id"), {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}});
    QCOMPARE(predictionTableFromColumns(stored, {QStringLiteral("engagement")})->itemIds.front(), std::int64_t(0));
    const Result<PredictionTable> missing = predictionTableFromColumns(stored, {QStringLiteral("clicked")});
    QVERIFY(!missing.ok());
    QCOMPARE(
        missing.error(),
        QStringLiteral("the stored predictions have no label, score and predicted columns for the target 'clicked'"));
}

QTEST_GUILESS_MAIN(tst_BusinessMetrics)
#include "tst_businessmetrics.moc"
