// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"
#include "core/Result.h"

#include <QString>
#include <QStringList>

#include <cstddef>
#include <memory>

namespace mb::business {

// A metric's outer expression ("10*tp - 1*fp - 5*fn", "plays / recommendations") over its
// aggregates' names and the confusion counts tp, fp, fn, tn, n, compiled once with muparser and
// evaluated at any number of points: one for a metric's value, one per threshold for a profit
// curve. An empty outer expression of a one-aggregate metric is that aggregate's value.
//
// The inputs are arrays the object owns, one per symbol the expression uses; the caller fills
// them and calls evaluate(). Thread contract: one object per thread.
class OuterExpression {
public:
    // Errors as ExpressionChecker gives them (syntax at a 1-based position, unknown symbols named
    // with the known ones), and an empty expression with other than one aggregate.
    static Result<OuterExpression> compile(const BusinessMetric &metric);

    OuterExpression(OuterExpression &&other) noexcept;
    OuterExpression &operator=(OuterExpression &&other) noexcept;
    ~OuterExpression();

    enum Count { Tp, Fp, Fn, Tn, N };

    // Makes room for `points` evaluations; the inputs' contents are then unspecified.
    void resize(std::size_t points);
    // The input array of the metric's aggregate `index`, or of a confusion count; null when the
    // expression does not use that symbol (nothing to fill).
    double *aggregateInput(std::size_t index);
    double *countInput(Count count);
    bool usesConfusionCounts() const;

    // results[i] for every point; a result may be NaN or inf (the caller decides what that means).
    Status evaluate(double *results);
    // The same for the first `count` points only (count <= the points made room for): a caller
    // that fills the inputs a block at a time evaluates a last, partial block.
    Status evaluate(double *results, std::size_t count);

    // "plays = 0, recommendations = 0" at a point: the symbols the expression uses.
    QString describeInputs(std::size_t point) const;
    // Whether a symbol the expression uses has `value` at a point (NaN matches NaN), for the hint
    // of a value that is not finite (ValueText.h's notFiniteHint).
    bool anInputIs(std::size_t point, double value) const;
    const QString &expression() const; // as evaluated: the aggregate's name when it was empty

private:
    struct Impl;
    explicit OuterExpression(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

} // namespace mb::business
