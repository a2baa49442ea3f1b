// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/business/OuterExpression.h"

#include "core/business/ValueText.h"
#include "core/business/VectorisedBytecode.h"

#include <cmath>

#include "core/ExpressionChecker.h"

#include <muParser.h>

#include <algorithm>
#include <optional>
#include <vector>

namespace mb::business {

struct OuterExpression::Impl {
    QString expression;
    QStringList symbols;                     // aggregate names in order, then tp, fp, fn, tn, n
    std::vector<bool> used;                  // per symbol
    std::vector<std::vector<double>> inputs; // per symbol; empty when unused
    std::vector<double> current;             // per symbol: the point being evaluated; muparser reads these
    std::size_t aggregateCount = 0;
    std::size_t points = 0;
    mu::Parser parser;
    std::optional<VectorisedBytecode> vectorised; // when muparser's bytecode allows it
};

OuterExpression::OuterExpression(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}
OuterExpression::OuterExpression(OuterExpression &&other) noexcept = default;
OuterExpression &OuterExpression::operator=(OuterExpression &&other) noexcept = default;
OuterExpression::~OuterExpression() = default;

Result<OuterExpression> OuterExpression::compile(const BusinessMetric &metric)
{
    auto d = std::make_unique<Impl>();
    d->aggregateCount = std::size_t(metric.aggregates.size());
    // The symbols of outerSymbolsFor(), aggregates first so that symbol i is aggregate i. Their
    // names become muparser variables, so they are checked as the framing validator does.
    const QStringList counts = confusionSymbols();
    for (const MetricAggregate &a : metric.aggregates) {
        if (!isValidSymbolName(a.name))
            return Error{QStringLiteral("aggregate name '%1' must start with a letter or '_' and contain "
                                        "only letters, digits and '_'")
                             .arg(a.name)};
        if (counts.contains(a.name))
            return Error{QStringLiteral("aggregate name '%1' is a reserved symbol").arg(a.name)};
        if (d->symbols.contains(a.name))
            return Error{QStringLiteral("aggregate name '%1' appears twice").arg(a.name)};
        d->symbols << a.name;
    }
    d->symbols << counts;

    d->expression = metric.outerExpression.trimmed();
    if (d->expression.isEmpty()) {
        if (metric.aggregates.size() != 1)
            return Error{QStringLiteral("with %1 aggregates, write an outer expression that combines them")
                             .arg(metric.aggregates.size())};
        d->expression = metric.aggregates.constFirst().name;
    }
    const ExpressionCheck check = checkExpression(d->expression, d->symbols);
    if (!check.ok)
        return Error{check.message};

    d->used.assign(std::size_t(d->symbols.size()), false);
    d->inputs.resize(std::size_t(d->symbols.size()));
    d->current.assign(std::size_t(d->symbols.size()), 0.0);
    try {
        d->parser.SetExpr(d->expression.toStdString());
        for (const auto &entry : d->parser.GetUsedVar()) {
            const qsizetype index = d->symbols.indexOf(QString::fromStdString(entry.first));
            if (index >= 0)
                d->used[std::size_t(index)] = true;
        }
        for (std::size_t s = 0; s < d->used.size(); ++s)
            if (d->used[s])
                d->parser.DefineVar(d->symbols.at(qsizetype(s)).toStdString(), &d->current[s]);
    } catch (const mu::Parser::exception_type &e) {
        return Error{QString::fromStdString(e.GetMsg())}; // checked above; kept for safety
    }
    try {
        d->parser.Eval(); // builds the bytecode, which the vectorised form is read from
        d->vectorised = VectorisedBytecode::compile(d->parser, d->current.data(), d->current.size());
    } catch (const mu::Parser::exception_type &) {
        // Left to evaluate(), which reports it where the caller expects an evaluation's error.
    }
    OuterExpression outer(std::move(d));
    outer.resize(1);
    return outer;
}

void OuterExpression::resize(std::size_t points)
{
    d->points = points;
    for (std::size_t s = 0; s < d->inputs.size(); ++s)
        if (d->used[s])
            d->inputs[s].resize(std::max<std::size_t>(points, 1));
}

double *OuterExpression::aggregateInput(std::size_t index)
{
    return index < d->aggregateCount && d->used[index] ? d->inputs[index].data() : nullptr;
}

double *OuterExpression::countInput(Count count)
{
    const std::size_t index = d->aggregateCount + std::size_t(count);
    return d->used[index] ? d->inputs[index].data() : nullptr;
}

bool OuterExpression::usesConfusionCounts() const
{
    for (std::size_t s = d->aggregateCount; s < d->used.size(); ++s)
        if (d->used[s])
            return true;
    return false;
}

Status OuterExpression::evaluate(double *results)
{
    return evaluate(results, d->points);
}

Status OuterExpression::evaluate(double *results, std::size_t count)
{
    count = std::min(count, d->points);
    // Every point at once through the bytecode (VectorisedBytecode.h: a profit curve has a point
    // per distinct score, a million of them); else one Eval() per point. Not muparser's bulk
    // mode, for ItemExpression's reason: its OpenMP region costs more than a metric's evaluation.
    try {
        if (d->vectorised) {
            std::vector<const double *> inputs;
            for (std::size_t s = 0; s < d->used.size(); ++s)
                inputs.push_back(d->used[s] ? d->inputs[s].data() : nullptr);
            d->vectorised->evaluate(inputs.data(), count, results);
            return success();
        }
        std::vector<const double *> sources;
        std::vector<double *> targets;
        for (std::size_t s = 0; s < d->used.size(); ++s) {
            if (d->used[s]) {
                sources.push_back(d->inputs[s].data());
                targets.push_back(&d->current[s]);
            }
        }
        for (std::size_t p = 0; p < count; ++p) {
            for (std::size_t s = 0; s < sources.size(); ++s)
                *targets[s] = sources[s][p];
            results[p] = d->parser.Eval();
        }
    } catch (const mu::Parser::exception_type &e) {
        return Error{
            QStringLiteral("'%1' could not be evaluated: %2").arg(d->expression, QString::fromStdString(e.GetMsg()))};
    }
    return success();
}

QString OuterExpression::describeInputs(std::size_t point) const
{
    QStringList parts;
    for (std::size_t s = 0; s < d->inputs.size(); ++s)
        if (d->used[s] && point < d->points)
            parts << QStringLiteral("%1 = %2").arg(d->symbols.at(qsizetype(s)), valueText(d->inputs[s][point]));
    return parts.join(QStringLiteral(", "));
}

bool OuterExpression::anInputIs(std::size_t point, double value) const
{
    for (std::size_t s = 0; s < d->inputs.size(); ++s)
        if (d->used[s] && point < d->points) {
            const double input = d->inputs[s][point];
            if (input == value || (std::isnan(input) && std::isnan(value)))
                return true;
        }
    return false;
}

const QString &OuterExpression::expression() const
{
    return d->expression;
}

} // namespace mb::business
