// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/business/BusinessMetricEngine.h"

#include "core/business/ItemExpression.h"
#include "core/business/OuterExpression.h"
#include "core/business/ValueText.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace mb::business {
namespace {

QString describeSelection(const BusinessMetric &metric)
{
    switch (metric.selection) {
    case Selection::All:
        return QStringLiteral("all items");
    case Selection::PredictedPositive:
        return QStringLiteral("items with score >= %1").arg(valueText(metric.selectionParameter));
    case Selection::TopK:
        return QStringLiteral("the top %1 items").arg(valueText(metric.selectionParameter));
    case Selection::TopFraction:
        return QStringLiteral("the top %1% of items").arg(valueText(100 * metric.selectionParameter));
    }
    return {};
}

// One aggregate over the selected rows. Count reads no item; the others run the expression once
// per selected item and keep only running sums.
Result<double> aggregateOver(const MetricAggregate &aggregate, const PredictionTable &table,
                             const std::vector<std::uint32_t> &rows, const QStringList &declaredColumns,
                             const QString &selectionText)
{
    const bool hasExpression = !aggregate.itemExpression.trimmed().isEmpty();
    if (aggregate.aggregate == Aggregate::Count && !hasExpression)
        return double(rows.size());
    Result<ItemExpression> compiled = ItemExpression::compile(aggregate.itemExpression, table, declaredColumns);
    if (!compiled)
        return Error{compiled.error()};
    ItemExpression &expression = compiled.value();
    if (aggregate.aggregate == Aggregate::Count)
        return double(rows.size()); // Framing.h: count ignores its expression, once it is valid

    if (rows.empty() && aggregate.aggregate != Aggregate::Sum)
        return Error{QStringLiteral("the %1 of '%2' is undefined: no item is selected (%3)")
                         .arg(toKey(aggregate.aggregate), aggregate.itemExpression, selectionText)};
    double sum = 0.0;
    std::size_t nonZero = 0;
    const Status evaluated =
        expression.evaluate(rows.data(), rows.size(), [&](const double *values, std::size_t count) {
            for (std::size_t i = 0; i < count; ++i) {
                sum += values[i];
                nonZero += values[i] != 0.0;
            }
        });
    if (!evaluated)
        return Error{evaluated.error()};
    switch (aggregate.aggregate) {
    case Aggregate::Sum:
        return sum;
    case Aggregate::Mean:
        return sum / double(rows.size());
    case Aggregate::Rate:
        return double(nonZero) / double(rows.size());
    case Aggregate::Count:
        break;
    }
    return double(rows.size());
}

Error metricError(const BusinessMetric &metric, const QString &message)
{
    return Error{QStringLiteral("business metric '%1': %2").arg(metric.name, message)};
}

// Steps 2 and 3 (aggregates, then the outer expression) over a selection already made.
Result<MetricValue> evaluateOnSelection(const BusinessMetric &metric, OuterExpression &outer,
                                        const PredictionTable &table, const ItemSelection &selection,
                                        const QStringList &declaredColumns)
{
    const auto fail = [&metric](const QString &message) { return metricError(metric, message); };
    MetricValue result;
    result.name = metric.name;
    result.unit = metric.unit;
    result.direction = metric.direction;
    result.selected = selection.rows.size();
    result.items = selection.items;
    result.notes = selection.notes;

    const QString selectionText = describeSelection(metric);
    for (qsizetype a = 0; a < metric.aggregates.size(); ++a) {
        const MetricAggregate &aggregate = metric.aggregates.at(a);
        Result<double> value = aggregateOver(aggregate, table, selection.rows, declaredColumns, selectionText);
        if (!value)
            return fail(QStringLiteral("aggregate '%1': %2").arg(aggregate.name, value.error()));
        result.aggregates << AggregateValue{aggregate.name, aggregate.aggregate, *value};
        if (double *input = outer.aggregateInput(std::size_t(a)))
            *input = *value;
    }

    if (outer.usesConfusionCounts()) {
        Result<ConfusionCounts> counts = confusionCounts(table, selection.rows, metric.selection == Selection::All);
        if (!counts)
            return fail(counts.error());
        result.confusion = *counts;
        const std::int64_t values[] = {counts->tp, counts->fp, counts->fn, counts->tn, counts->n};
        for (int c = OuterExpression::Tp; c <= OuterExpression::N; ++c)
            if (double *input = outer.countInput(OuterExpression::Count(c)))
                *input = double(values[c]);
    }

    double value = 0.0;
    if (const Status evaluated = outer.evaluate(&value); !evaluated)
        return fail(evaluated.error());
    if (!std::isfinite(value)) {
        const QString inputs = outer.describeInputs(0);
        return fail(QStringLiteral("the outer expression '%1' is %2%3%4")
                        .arg(outer.expression(), valueText(value),
                             inputs.isEmpty() ? QString() : QStringLiteral(", where ") + inputs,
                             notFiniteHint(value, outer.anInputIs(0, 0.0), outer.anInputIs(0, std::nan("")))));
    }
    result.value = value;
    return result;
}

} // namespace

QStringList declaredItemColumns(const Framing &framing)
{
    return framing.targetColumns + framing.valueColumns;
}

Result<ConfusionCounts> confusionCounts(const PredictionTable &table, const std::vector<std::uint32_t> &selectedRows,
                                        bool decidedByPrediction)
{
    ConfusionCounts c;
    const std::size_t n = table.size();
    c.n = std::int64_t(n);
    const double *label = table.label.data();
    const auto missingLabel = [&table](std::size_t row) {
        return Error{QStringLiteral("the label is missing at %1: the confusion counts need every item's label")
                         .arg(table.describeRow(row))};
    };
    std::int64_t positives = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (std::isnan(label[i]))
            return missingLabel(i);
        positives += label[i] >= kPositiveAt;
    }
    if (decidedByPrediction) {
        const double *predicted = table.predicted.data();
        for (std::size_t i = 0; i < n; ++i) {
            const bool decided = predicted[i] >= kPositiveAt;
            c.tp += decided && label[i] >= kPositiveAt;
            c.fp += decided && !(label[i] >= kPositiveAt);
        }
    } else {
        for (std::uint32_t row : selectedRows)
            c.tp += label[row] >= kPositiveAt;
        c.fp = std::int64_t(selectedRows.size()) - c.tp;
    }
    c.fn = positives - c.tp;
    c.tn = c.n - positives - c.fp;
    return c;
}

Result<MetricValue> evaluateBusinessMetric(const BusinessMetric &metric, const PredictionTable &table,
                                           const QStringList &declaredColumns)
{
    // The outer expression first: it is the cheapest to get wrong and to check.
    Result<OuterExpression> compiledOuter = OuterExpression::compile(metric);
    if (!compiledOuter)
        return metricError(metric, QStringLiteral("outer expression: ") + compiledOuter.error());

    const Result<ItemSelection> selection = selectItems(metric.selection, metric.selectionParameter, table);
    if (!selection)
        return metricError(metric, selection.error());
    return evaluateOnSelection(metric, compiledOuter.value(), table, *selection, declaredColumns);
}

Result<MetricValue> evaluateBusinessMetricOn(const BusinessMetric &metric, const PredictionTable &table,
                                             const ItemSelection &selection, const QStringList &declaredColumns)
{
    Result<OuterExpression> compiledOuter = OuterExpression::compile(metric);
    if (!compiledOuter)
        return metricError(metric, QStringLiteral("outer expression: ") + compiledOuter.error());
    if (const Status shape = table.check(); !shape)
        return metricError(metric, shape.error());
    // O(k): a selection from another table, or rows out of order, would read past the columns or
    // count an item twice.
    const std::vector<std::uint32_t> &rows = selection.rows;
    const bool ascending =
        std::adjacent_find(rows.begin(), rows.end(), std::greater_equal<std::uint32_t>()) == rows.end();
    if (selection.items != table.size() || !ascending || (!rows.empty() && rows.back() >= table.size()))
        return metricError(metric, QStringLiteral("the selection (%1 rows of %2 items) does not fit the predictions "
                                                  "table's %3 items: its rows must be distinct, ascending and in "
                                                  "the table")
                                       .arg(rows.size())
                                       .arg(selection.items)
                                       .arg(table.size()));
    return evaluateOnSelection(metric, compiledOuter.value(), table, selection, declaredColumns);
}

} // namespace mb::business
