// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/business/BusinessCurves.h"

#include "core/business/ItemExpression.h"
#include "core/business/ItemSelection.h"
#include "core/business/OuterExpression.h"
#include "core/NumberText.h"

#include <QObject>

#include <algorithm>
#include <cmath>
#include <limits>

namespace mb::business {
namespace {

constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();

Status checkLabels(const PredictionTable &table)
{
    for (std::size_t i = 0; i < table.size(); ++i)
        if (std::isnan(table.label[i]))
            return Error{QStringLiteral("the label is missing at %1: a threshold curve needs every item's label")
                             .arg(table.describeRow(i))};
    return success();
}

// Every item's value of an expression, in row order.
Result<std::vector<double>> valuesOfAll(const QString &expression, const PredictionTable &table,
                                        const QStringList &declaredColumns)
{
    Result<ItemExpression> compiled = ItemExpression::compile(expression, table, declaredColumns);
    if (!compiled)
        return Error{compiled.error()};
    ItemExpression &itemExpression = compiled.value();
    std::vector<double> values;
    values.reserve(table.size());
    const Status evaluated = itemExpression.evaluateAll(
        [&values](const double *chunk, std::size_t count) { values.insert(values.end(), chunk, chunk + count); });
    if (!evaluated)
        return Error{evaluated.error()};
    return values;
}

// `values` in the order of `order` (values[order[0]], values[order[1]], ...). The sweeps read
// every item once in rank order: gathering first, with the loads issued ahead of use, lets the
// memory fetches overlap instead of each random read stalling the running sums (on a million
// items the gather inside the sweep was half the curve's time).
std::vector<double> gathered(const std::vector<double> &values, const std::vector<std::uint32_t> &order)
{
    constexpr std::size_t kAhead = 16; // loads in flight
    std::vector<double> out(order.size());
    const std::size_t n = order.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (i + kAhead < n)
            __builtin_prefetch(&values[order[i + kAhead]]);
        out[i] = values[order[i]];
    }
    return out;
}

// Indices to keep when thinning `count` points to about `maxPoints`, always with `keep`.
std::vector<std::size_t> thinned(std::size_t count, std::size_t maxPoints, std::size_t keep)
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
    indices.push_back(keep);
    std::sort(indices.begin(), indices.end());
    indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
    return indices;
}

} // namespace

Result<ThresholdCurve> thresholdCurve(const BusinessMetric &metric, const PredictionTable &table,
                                      const QStringList &declaredColumns, std::size_t maxPoints)
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

    // Each aggregate's item values once, for every item: every item is selected at the lowest
    // threshold, so every value is needed anyway.
    const std::size_t aggregateCount = std::size_t(metric.aggregates.size());
    std::vector<std::vector<double>> itemValues(aggregateCount);
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
        Result<std::vector<double>> values = valuesOfAll(aggregate.itemExpression, table, declaredColumns);
        if (!values)
            return fail(QStringLiteral("aggregate '%1': %2").arg(aggregate.name, values.error()));
        itemValues[a] = std::move(*values);
    }

    const std::size_t n = table.size();
    const std::vector<std::uint32_t> order = rankAllRows(table.score);
    // Everything the sweep reads, in rank order (see gathered()).
    const std::vector<double> rankedScore = gathered(table.score, order);
    const std::vector<double> rankedLabel = gathered(table.label, order);
    for (std::vector<double> &values : itemValues)
        if (!values.empty())
            values = gathered(values, order);
    std::size_t distinct = 0;
    for (std::size_t i = 0; i < n; ++i)
        distinct += i + 1 == n || rankedScore[i] != rankedScore[i + 1];
    const std::size_t pointCount = distinct + 1;

    std::int64_t positives = 0;
    for (double l : table.label)
        positives += l >= kPositiveAt;

    // Walk the ranking from the highest score down; point p selects the items down to the p-th
    // distinct score. Point 0 selects nothing: its threshold is just above the highest score.
    std::vector<double> thresholds(pointCount);
    std::vector<std::size_t> selected(pointCount);
    std::vector<std::int64_t> truePositives(pointCount);
    std::vector<bool> undefined(pointCount, false);
    outer.resize(pointCount);
    std::vector<double *> aggregateInputs(aggregateCount);
    for (std::size_t a = 0; a < aggregateCount; ++a)
        aggregateInputs[a] = outer.aggregateInput(a);
    double *countInputs[] = {outer.countInput(OuterExpression::Tp), outer.countInput(OuterExpression::Fp),
                             outer.countInput(OuterExpression::Fn), outer.countInput(OuterExpression::Tn),
                             outer.countInput(OuterExpression::N)};

    std::vector<double> sums(aggregateCount, 0.0);
    std::vector<std::size_t> nonZero(aggregateCount, 0);
    std::size_t count = 0;
    std::int64_t tp = 0;
    const auto emit = [&](std::size_t p, double threshold) {
        thresholds[p] = threshold;
        selected[p] = count;
        truePositives[p] = tp;
        for (std::size_t a = 0; a < aggregateCount; ++a) {
            double *input = aggregateInputs[a];
            if (!input)
                continue;
            double value = 0.0;
            switch (metric.aggregates.at(qsizetype(a)).aggregate) {
            case Aggregate::Sum:
                value = sums[a];
                break;
            case Aggregate::Mean:
                value = count ? sums[a] / double(count) : kUndefined;
                break;
            case Aggregate::Count:
                value = double(count);
                break;
            case Aggregate::Rate:
                value = count ? double(nonZero[a]) / double(count) : kUndefined;
                break;
            }
            undefined[p] = undefined[p] || std::isnan(value);
            input[p] = value;
        }
        const std::int64_t fp = std::int64_t(count) - tp;
        const double counts[] = {double(tp), double(fp), double(positives - tp),
                                 double(std::int64_t(n) - positives - fp), double(n)};
        for (int c = 0; c < 5; ++c)
            if (countInputs[c])
                countInputs[c][p] = counts[c];
    };

    const double highest = n ? rankedScore[0] : 0.0;
    emit(0, std::nextafter(highest, std::numeric_limits<double>::infinity()));
    std::size_t p = 1;
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t a = 0; a < aggregateCount; ++a) {
            if (itemValues[a].empty())
                continue;
            const double v = itemValues[a][i]; // in rank order since gathered()
            sums[a] += v;
            nonZero[a] += v != 0.0;
        }
        ++count;
        tp += rankedLabel[i] >= kPositiveAt;
        if (i + 1 == n || rankedScore[i + 1] != rankedScore[i])
            emit(p++, rankedScore[i]);
    }

    std::vector<double> values(pointCount);
    if (const Status evaluated = outer.evaluate(values.data()); !evaluated)
        return fail(evaluated.error());

    // Best: scanned from the highest threshold down, replaced only by a strictly better value,
    // so a tie keeps the highest threshold.
    const bool maximize = metric.direction == Direction::Maximize;
    bool found = false;
    std::size_t bestDescending = 0;
    for (std::size_t q = 0; q < pointCount; ++q) {
        if (undefined[q] || !std::isfinite(values[q]))
            continue;
        if (!found || (maximize ? values[q] > values[bestDescending] : values[q] < values[bestDescending])) {
            found = true;
            bestDescending = q;
        }
    }

    // Points go out in ascending threshold order: descending index q is ascending pointCount-1-q.
    const auto pointAt = [&](std::size_t q) {
        ThresholdPoint point;
        point.threshold = thresholds[q];
        point.defined = !undefined[q] && std::isfinite(values[q]);
        point.value = point.defined ? values[q] : kUndefined;
        point.selected = selected[q];
        point.confusion.tp = truePositives[q];
        point.confusion.fp = std::int64_t(selected[q]) - truePositives[q];
        point.confusion.fn = positives - truePositives[q];
        point.confusion.tn = std::int64_t(n) - positives - point.confusion.fp;
        point.confusion.n = std::int64_t(n);
        return point;
    };
    ThresholdCurve curve;
    curve.thresholdsEvaluated = pointCount;
    const std::size_t bestAscending = pointCount - 1 - bestDescending;
    for (std::size_t ascending : thinned(pointCount, maxPoints, bestAscending)) {
        if (found && ascending == bestAscending)
            curve.bestIndex = curve.points.size();
        curve.points.push_back(pointAt(pointCount - 1 - ascending));
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
                            const QStringList &declaredColumns)
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
    Result<std::vector<double>> values = valuesOfAll(valueExpression, table, declaredColumns);
    if (!values)
        return fail(values.error());

    GainCurve curve;
    for (double v : *values)
        curve.total += v;
    if (!(curve.total > 0) || !std::isfinite(curve.total))
        return fail(QStringLiteral("the total over all items is %1: a gain needs a positive total to capture")
                        .arg(QString::number(curve.total, 'g', 10)));

    const std::size_t n = table.size();
    const std::vector<std::uint32_t> order = rankAllRows(table.score);
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
    Result<std::vector<double>> values = valuesOfAll(valueExpression, table, declaredColumns);
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
