// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/business/BusinessCurves.h"

#include "core/business/ItemExpression.h"
#include "core/business/ItemSelection.h"
#include "core/business/RankedSelection.h"
#include "core/business/OuterExpression.h"
#include "core/LargePageAllocator.h"
#include "core/NumberText.h"

#include <QObject>

#include <algorithm>
#include <cmath>
#include <future>
#include <limits>
#include <system_error>

namespace mb::business {
namespace {

constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();
// The threshold curve's sweep: items gathered in rank order a block at a time (in the L1 cache),
// with the loads of the item kAhead ranks on issued early; and points evaluated a block at a time.
constexpr std::size_t kRankBlock = 1024;
constexpr std::size_t kAhead = 16;
constexpr std::size_t kPointBlock = 4096;

Status checkLabels(const PredictionTable &table)
{
    for (std::size_t i = 0; i < table.size(); ++i)
        if (std::isnan(table.label[i]))
            return Error{QStringLiteral("the label is missing at %1: a threshold curve needs every item's label")
                             .arg(table.describeRow(i))};
    return success();
}

// Every item's value of an expression, in row order; read back in rank order, at random places,
// so in large pages (core/LargePageAllocator).
using ItemValues = std::vector<double, LargePageAllocator<double>>;
Result<ItemValues> valuesOfAll(const QString &expression, const PredictionTable &table,
                                        const QStringList &declaredColumns)
{
    Result<ItemExpression> compiled = ItemExpression::compile(expression, table, declaredColumns);
    if (!compiled)
        return Error{compiled.error()};
    ItemExpression &itemExpression = compiled.value();
    ItemValues values;
    values.reserve(table.size());
    const Status evaluated = itemExpression.evaluateAll(
        [&values](const double *chunk, std::size_t count) { values.insert(values.end(), chunk, chunk + count); });
    if (!evaluated)
        return Error{evaluated.error()};
    return values;
}

// Indices, ascending, of about `maxPoints` points spread evenly over `count`, the first and the
// last among them; every index when there are no more than `maxPoints` (or `maxPoints` is 0).
std::vector<std::size_t> evenlySpaced(std::size_t count, std::size_t maxPoints)
{
    std::vector<std::size_t> indices;
    if (maxPoints == 0 || count <= maxPoints) {
        indices.resize(count);
        for (std::size_t i = 0; i < count; ++i)
            indices[i] = i;
        return indices;
    }
    const std::size_t slots = std::max<std::size_t>(maxPoints, 2);
    for (std::size_t j = 0; j < slots; ++j)
        indices.push_back(std::size_t(std::llround(double(j) * double(count - 1) / double(slots - 1))));
    indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
    return indices;
}

// A point of the threshold curve as the sweep saw it, by its index from the highest threshold
// down: what the returned point is made from.
struct SweptPoint
{
    std::size_t descending = 0;
    double value = kUndefined; // NaN where undefined
    std::uint32_t truePositives = 0;
};

// A ranking given by the caller must be of this table's rows: one of other rows would read out of bounds.
Status rankingFits(const std::vector<std::uint32_t> &order, std::size_t rows)
{
    if (order.size() != rows)
        return Error{QStringLiteral("the ranking given has %1 items, the table %2").arg(order.size()).arg(rows)};
    return success();
}

} // namespace

Result<ScoreRanking> rankByScore(const PredictionTable &table)
{
    if (const Status shape = table.check(); !shape)
        return Error{shape.error()};
    if (const Status finite = checkScoresFinite(table); !finite)
        return Error{finite.error()};
    ScoreRanking ranking;
    ranking.order = rankAllRows(table.score, &ranking.distinctEnds);
    return ranking;
}

Result<ThresholdCurve> thresholdCurve(const BusinessMetric &metric, const PredictionTable &table,
                                      const QStringList &declaredColumns, std::size_t maxPoints,
                                      const ScoreRanking *ranking)
{
    const auto fail = [&metric](const QString &message) {
        return Error{QStringLiteral("threshold curve of '%1': %2").arg(metric.name, message)};
    };
    if (const Status shape = table.check(); !shape)
        return fail(shape.error());
    Result<OuterExpression> compiledOuter = OuterExpression::compile(metric);
    if (!compiledOuter)
        return fail(QStringLiteral("outer expression: ") + compiledOuter.error());
    OuterExpression &outer = compiledOuter.value();
    if (const Status finite = checkScoresFinite(table); !finite)
        return fail(finite.error());
    if (const Status labels = checkLabels(table); !labels)
        return fail(labels.error());

    // Without a ranking given, the items are ranked on another thread while this one computes
    // their values and labels, which the ranking does not need (a std::future's destructor waits,
    // so a return below still waits for it). Without a thread to start, it is ranked after them.
    ScoreRanking rankedHere;
    const auto rank = [&table, &rankedHere] { rankedHere.order = rankAllRows(table.score, &rankedHere.distinctEnds); };
    std::future<void> ranked;
    if (!ranking) {
        try {
            ranked = std::async(std::launch::async, rank);
        } catch (const std::system_error &) {
        }
    }

    // Each aggregate's item values once, for every item: every item is selected at the lowest
    // threshold, so every value is needed anyway.
    const std::size_t aggregateCount = std::size_t(metric.aggregates.size());
    std::vector<ItemValues> itemValues(aggregateCount);
    for (std::size_t a = 0; a < aggregateCount; ++a) {
        const MetricAggregate &aggregate = metric.aggregates.at(qsizetype(a));
        if (aggregate.aggregate == Aggregate::Count) {
            // As in evaluateBusinessMetric: a count's expression is checked, never evaluated.
            if (aggregate.itemExpression.trimmed().isEmpty())
                continue;
            Result<ItemExpression> checked = ItemExpression::compile(aggregate.itemExpression, table, declaredColumns);
            if (!checked)
                return fail(QStringLiteral("aggregate '%1': %2").arg(aggregate.name, checked.error()));
            continue;
        }
        Result<ItemValues> values = valuesOfAll(aggregate.itemExpression, table, declaredColumns);
        if (!values)
            return fail(QStringLiteral("aggregate '%1': %2").arg(aggregate.name, values.error()));
        itemValues[a] = std::move(*values);
    }

    const std::size_t n = table.size();
    // Labels as one byte an item: the sweep reads them in rank order, a random access each, and
    // 1 MB for a million items stays in the cache where 8 MB of doubles does not.
    std::vector<unsigned char> positive(n);
    std::int64_t positives = 0;
    for (std::size_t i = 0; i < n; ++i) {
        positive[i] = table.label[i] >= kPositiveAt;
        positives += positive[i];
    }
    if (!ranking) {
        if (ranked.valid())
            ranked.get();
        else
            rank();
        ranking = &rankedHere;
    }
    const std::vector<std::uint32_t> &order = ranking->order;
    const std::vector<std::uint32_t> &distinctEnds = ranking->distinctEnds; // where each point's selection ends
    if (const Status fits = rankingFits(order, n); !fits)
        return fail(fits.error());

    // Walk the ranking from the highest score down; point p selects the items down to the p-th
    // distinct score. Point 0 selects nothing: its threshold is just above the highest score.
    // Point p >= 1 selects the first distinctEnds[p - 1] items of the ranking.
    // The outer expression's inputs are filled and evaluated a block of points at a time, and of
    // each point only what a returned point needs is kept, for the best and for the points the
    // curve is thinned to (known before the sweep: the count of points is the count of distinct
    // scores). A million points would otherwise be 12 MB of values and counts, written once, read
    // a few thousand times, and paid for in page faults.
    const std::size_t pointCount = distinctEnds.size() + 1;
    const bool maximize = metric.direction == Direction::Maximize;
    std::vector<std::size_t> keptDescending; // the evenly spaced points, from the highest threshold down
    for (const std::size_t ascending : evenlySpaced(pointCount, maxPoints))
        keptDescending.push_back(pointCount - 1 - ascending);
    std::reverse(keptDescending.begin(), keptDescending.end());
    std::vector<SweptPoint> kept;
    kept.reserve(keptDescending.size() + 1);
    std::size_t nextKept = 0; // into keptDescending
    SweptPoint best;
    bool found = false;

    outer.resize(kPointBlock);
    std::vector<double *> aggregateInputs(aggregateCount);
    for (std::size_t a = 0; a < aggregateCount; ++a)
        aggregateInputs[a] = outer.aggregateInput(a);
    double *const tpInput = outer.countInput(OuterExpression::Tp);
    double *const fpInput = outer.countInput(OuterExpression::Fp);
    double *const fnInput = outer.countInput(OuterExpression::Fn);
    double *const tnInput = outer.countInput(OuterExpression::Tn);
    double *const nInput = outer.countInput(OuterExpression::N);
    std::vector<double> sums(aggregateCount, 0.0);
    std::vector<std::size_t> nonZero(aggregateCount, 0);
    std::size_t count = 0;
    std::int64_t tp = 0;
    std::vector<Aggregate> kinds;
    for (const MetricAggregate &aggregate : metric.aggregates)
        kinds.push_back(aggregate.aggregate);

    // The sweep notes, per point of the current block, what the outer expression's inputs are
    // made of: how many items the point selects, how many of them are positives, and each
    // aggregate's running sum and count of non-zero values. The inputs are then filled from those
    // a block at a time, one input after the other in a loop of its own, with the arithmetic
    // each point had before (so the same bits).
    std::vector<std::size_t> blockCount(kPointBlock);
    std::vector<std::int64_t> blockTp(kPointBlock);
    std::vector<std::vector<double>> blockSum(aggregateCount);
    std::vector<std::vector<std::size_t>> blockNonZero(aggregateCount);
    std::vector<std::size_t> noted; // the aggregates whose inputs need a sum or a non-zero count
    for (std::size_t a = 0; a < aggregateCount; ++a) {
        if (!aggregateInputs[a] || kinds[a] == Aggregate::Count)
            continue;
        noted.push_back(a);
        blockSum[a].resize(kPointBlock);
        blockNonZero[a].resize(kPointBlock);
    }
    std::vector<unsigned char> undefinedInBlock(kPointBlock);
    std::vector<double> blockPointValues(kPointBlock);
    std::size_t filled = 0; // points of the current block
    std::size_t swept = 0;  // points of the blocks before
    Status evaluated = success();
    const auto evaluateBlock = [&]() {
        std::fill(undefinedInBlock.begin(), undefinedInBlock.begin() + std::ptrdiff_t(filled), 0);
        for (std::size_t a = 0; a < aggregateCount; ++a) {
            double *input = aggregateInputs[a];
            if (!input)
                continue;
            const double *sum = blockSum[a].data();
            const std::size_t *nonZeroAt = blockNonZero[a].data();
            switch (kinds[a]) {
            case Aggregate::Sum:
                for (std::size_t q = 0; q < filled; ++q)
                    input[q] = sum[q];
                break;
            case Aggregate::Mean:
                for (std::size_t q = 0; q < filled; ++q)
                    input[q] = blockCount[q] ? sum[q] / double(blockCount[q]) : kUndefined;
                break;
            case Aggregate::Count:
                for (std::size_t q = 0; q < filled; ++q)
                    input[q] = double(blockCount[q]);
                break;
            case Aggregate::Rate:
                for (std::size_t q = 0; q < filled; ++q)
                    input[q] = blockCount[q] ? double(nonZeroAt[q]) / double(blockCount[q]) : kUndefined;
                break;
            }
            for (std::size_t q = 0; q < filled; ++q)
                undefinedInBlock[q] |= std::isnan(input[q]) ? 1 : 0;
        }
        const std::int64_t negatives = std::int64_t(n) - positives;
        if (tpInput)
            for (std::size_t q = 0; q < filled; ++q)
                tpInput[q] = double(blockTp[q]);
        if (fpInput)
            for (std::size_t q = 0; q < filled; ++q)
                fpInput[q] = double(std::int64_t(blockCount[q]) - blockTp[q]);
        if (fnInput)
            for (std::size_t q = 0; q < filled; ++q)
                fnInput[q] = double(positives - blockTp[q]);
        if (tnInput)
            for (std::size_t q = 0; q < filled; ++q)
                tnInput[q] = double(negatives - (std::int64_t(blockCount[q]) - blockTp[q]));
        if (nInput)
            std::fill(nInput, nInput + filled, double(n));
        if (const Status status = outer.evaluate(blockPointValues.data(), filled); !status && evaluated)
            evaluated = status;
        // Best: from the highest threshold down, replaced only by a strictly better value, so a
        // tie keeps the highest threshold. In locals, so the loop keeps them in registers.
        const double *value = blockPointValues.data();
        const unsigned char *undefined = undefinedInBlock.data();
        std::size_t bestAt = 0; // into the block, when the best moves here
        double bestValue = best.value;
        bool moved = false;
        for (std::size_t q = 0; q < filled; ++q) {
            const double v = undefined[q] ? kUndefined : value[q];
            if (std::isfinite(v) && ((!found && !moved) || (maximize ? v > bestValue : v < bestValue))) {
                bestValue = v;
                bestAt = q;
                moved = true;
            }
        }
        if (moved) {
            found = true;
            best = {swept + bestAt, bestValue, std::uint32_t(blockTp[bestAt])}; // n < 2^31: PredictionTable::check
        }
        for (; nextKept < keptDescending.size() && keptDescending[nextKept] < swept + filled; ++nextKept) {
            const std::size_t q = keptDescending[nextKept] - swept;
            kept.push_back({swept + q, undefined[q] ? kUndefined : value[q], std::uint32_t(blockTp[q])});
        }
        swept += filled;
        filled = 0;
    };
    const auto emit = [&]() {
        blockCount[filled] = count;
        blockTp[filled] = tp;
        for (const std::size_t a : noted) {
            blockSum[a][filled] = sums[a];
            blockNonZero[a][filled] = nonZero[a];
        }
        if (++filled == kPointBlock)
            evaluateBlock();
    };

    emit(); // point 0
    // The items in rank order, a block at a time: gathering a block first, with the loads issued
    // ahead of use, lets the memory fetches overlap instead of each random read stalling the
    // running sums; the block stays in the L1 cache for the sweep.
    std::vector<unsigned char> blockPositive(kRankBlock);
    std::vector<std::vector<double>> blockValues(aggregateCount);
    for (std::size_t a = 0; a < aggregateCount; ++a)
        if (!itemValues[a].empty())
            blockValues[a].resize(kRankBlock);
    std::size_t point = 0; // the next distinct score's end, into distinctEnds
    for (std::size_t start = 0; start < n; start += kRankBlock) {
        const std::size_t m = std::min(kRankBlock, n - start);
        const std::uint32_t *rows = order.data() + start;
        for (std::size_t j = 0; j < m; ++j) {
            if (start + j + kAhead < n) {
                const std::uint32_t ahead = rows[j + kAhead];
                __builtin_prefetch(positive.data() + ahead);
                for (std::size_t a = 0; a < aggregateCount; ++a)
                    if (!itemValues[a].empty())
                        __builtin_prefetch(itemValues[a].data() + ahead);
            }
            const std::uint32_t row = rows[j];
            blockPositive[j] = positive[row];
            for (std::size_t a = 0; a < aggregateCount; ++a)
                if (!itemValues[a].empty())
                    blockValues[a][j] = itemValues[a][row];
        }
        for (std::size_t j = 0; j < m; ++j) {
            for (std::size_t a = 0; a < aggregateCount; ++a) {
                if (blockValues[a].empty())
                    continue;
                const double v = blockValues[a][j];
                sums[a] += v;
                nonZero[a] += v != 0.0;
            }
            ++count;
            tp += blockPositive[j];
            if (count == distinctEnds[point]) {
                emit();
                ++point;
            }
        }
    }
    if (filled)
        evaluateBlock();
    if (!evaluated)
        return fail(evaluated.error());

    // The best joins the evenly spaced points where it is not one of them.
    if (found) {
        const auto at = std::lower_bound(kept.begin(), kept.end(), best.descending,
                                         [](const SweptPoint &p, std::size_t d) { return p.descending < d; });
        if (at == kept.end() || at->descending != best.descending)
            kept.insert(at, best);
    }

    // Points go out in ascending threshold order: descending index q is ascending pointCount-1-q.
    const double *score = table.score.data();
    const double highest = n ? score[order[0]] : 0.0;
    const auto pointOf = [&](const SweptPoint &swept) {
        ThresholdPoint point;
        point.selected = swept.descending == 0 ? 0 : distinctEnds[swept.descending - 1];
        point.threshold = swept.descending == 0 ? std::nextafter(highest, std::numeric_limits<double>::infinity())
                                                : score[order[point.selected - 1]];
        point.defined = std::isfinite(swept.value);
        point.value = point.defined ? swept.value : kUndefined;
        point.confusion.tp = swept.truePositives;
        point.confusion.fp = std::int64_t(point.selected) - point.confusion.tp;
        point.confusion.fn = positives - point.confusion.tp;
        point.confusion.tn = std::int64_t(n) - positives - point.confusion.fp;
        point.confusion.n = std::int64_t(n);
        return point;
    };
    ThresholdCurve curve;
    curve.thresholdsEvaluated = swept;
    for (auto it = kept.rbegin(); it != kept.rend(); ++it) {
        if (found && it->descending == best.descending)
            curve.bestIndex = curve.points.size();
        curve.points.push_back(pointOf(*it));
    }
    if (found) {
        curve.hasBest = true;
        curve.best = curve.points[curve.bestIndex];
    }
    return curve;
}

QString notAYesNoDecision(const PredictionTable &table)
{
    for (std::size_t i = 0; i < table.size(); ++i) {
        const double label = table.label[i];
        if (std::isfinite(label) && label != 0.0 && label != 1.0)
            return QObject::tr("The profit/threshold curve is for a yes/no decision. This run's judged target has the "
                               "label %1 at %2, not 0 or 1: a multiclass or regression target. The gain curve still "
                               "ranks its items by score.")
                .arg(formatNumber(label), table.describeRow(i));
        const double score = table.score[i];
        if (std::isfinite(score) && (score < 0.0 || score > 1.0))
            return QObject::tr(
                       "The profit/threshold curve is for a yes/no decision taken on a probability. This "
                       "run's score at %1 is %2, outside [0, 1]. The gain curve still ranks its items by score.")
                .arg(table.describeRow(i), formatNumber(score));
    }
    return {};
}

QString gainValueExpression(const BusinessMetric *metric)
{
    if (metric && !metric->aggregates.isEmpty()) {
        const MetricAggregate &first = metric->aggregates.constFirst();
        if (first.aggregate != Aggregate::Count && !first.itemExpression.trimmed().isEmpty())
            return first.itemExpression.trimmed();
    }
    return QStringLiteral("label");
}

Result<GainCurve> gainCurve(const PredictionTable &table, const QString &valueExpression, std::size_t steps,
                            const QStringList &declaredColumns, const ScoreRanking *ranking)
{
    const auto fail = [&valueExpression](const QString &message) {
        return Error{QStringLiteral("gain curve of '%1': %2").arg(valueExpression, message)};
    };
    if (const Status shape = table.check(); !shape)
        return fail(shape.error());
    if (steps == 0)
        return fail(QStringLiteral("give at least one step"));
    if (table.size() == 0)
        return fail(QStringLiteral("there are no items"));
    if (const Status finite = checkScoresFinite(table); !finite)
        return fail(finite.error());
    Result<ItemValues> values = valuesOfAll(valueExpression, table, declaredColumns);
    if (!values)
        return fail(values.error());

    GainCurve curve;
    for (double v : *values)
        curve.total += v;
    if (!(curve.total > 0) || !std::isfinite(curve.total))
        return fail(QStringLiteral("the total over all items is %1: a gain needs a positive total to capture")
                        .arg(QString::number(curve.total, 'g', 10)));

    const std::size_t n = table.size();
    std::vector<std::uint32_t> rankedHere;
    if (!ranking)
        rankedHere = rankAllRows(table.score);
    const std::vector<std::uint32_t> &order = ranking ? ranking->order : rankedHere;
    if (const Status fits = rankingFits(order, n); !fits)
        return fail(fits.error());
    double captured = 0.0;
    std::size_t taken = 0;
    for (std::size_t j = 1; j <= steps; ++j) {
        const double fraction = double(j) / double(steps);
        const std::size_t k = itemsForFraction(fraction, n);
        for (; taken < k; ++taken)
            captured += (*values)[order[taken]];
        GainPoint point;
        point.fraction = fraction;
        point.k = k;
        point.captured = captured;
        point.gain = captured / curve.total;
        point.lift = point.gain / (double(k) / double(n));
        curve.points.push_back(point);
    }
    return curve;
}

Result<GainPoint> gainAtBudget(const PredictionTable &table, const QString &valueExpression, std::size_t k,
                               const QStringList &declaredColumns)
{
    const auto fail = [&valueExpression](const QString &message) {
        return Error{QStringLiteral("gain of '%1': %2").arg(valueExpression, message)};
    };
    if (const Status shape = table.check(); !shape)
        return fail(shape.error());
    if (table.size() == 0 || k == 0)
        return fail(QStringLiteral("the budget selects no items"));
    if (const Status finite = checkScoresFinite(table); !finite)
        return fail(finite.error());
    Result<ItemValues> values = valuesOfAll(valueExpression, table, declaredColumns);
    if (!values)
        return fail(values.error());
    double total = 0.0;
    for (double v : *values)
        total += v;
    if (!(total > 0) || !std::isfinite(total))
        return fail(QStringLiteral("the total over all items is %1: a gain needs a positive total to capture")
                        .arg(QString::number(total, 'g', 10)));
    const std::size_t n = table.size();
    GainPoint point;
    point.k = std::min(k, n);
    point.fraction = double(point.k) / double(n);
    for (std::uint32_t row : topKRows(table.score, point.k))
        point.captured += (*values)[row];
    point.gain = point.captured / total;
    point.lift = point.gain / point.fraction;
    return point;
}

} // namespace mb::business
