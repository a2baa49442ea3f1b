// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/business/PredictionTable.h"

#include <QString>
#include <QStringList>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

namespace mb::business {

// A per-item expression ("label * order_value * 0.10") compiled once with muparser into its
// bytecode, then evaluated over any rows of a table: only the symbols it uses are read, only for
// the rows asked for (a top-k budget evaluates k items, not n). The bytecode runs over a block of
// items at a time (VectorisedBytecode.h), with exactly the values one muparser Eval() per item
// gives; bytecode that cannot run that way is evaluated item by item.
//
// Keeps a pointer to the table, which must outlive it and not change meanwhile.
// Thread contract: one object per thread (evaluation writes its buffers); compile is reentrant.
class ItemExpression {
public:
    // Checks the expression as the framing editor does (ExpressionChecker: syntax errors with a
    // 1-based position, unknown symbols named with the known ones) against label, score,
    // predicted and the table's named columns. `declaredColumns` are the columns the framing
    // promises (its target and value columns): one of them used here but missing from the table
    // is named as a missing column rather than as an unknown symbol.
    static Result<ItemExpression> compile(const QString &expression, const PredictionTable &table,
                                          const QStringList &declaredColumns = {});

    ItemExpression(ItemExpression &&other) noexcept;
    ItemExpression &operator=(ItemExpression &&other) noexcept;
    ~ItemExpression();

    // Evaluates the expression for `rows` (any order, each < table size), chunk by chunk:
    // `consume` receives the values of consecutive runs of `rows`, in order. An item whose value
    // is not finite (NaN, inf: a division by zero, a missing value) stops the evaluation with an
    // error naming the row, the item, the expression and the values of its symbols.
    using Consumer = std::function<void(const double *values, std::size_t count)>;
    Status evaluate(const std::uint32_t *rows, std::size_t count, const Consumer &consume);
    // The same for every row of the table, in row order.
    Status evaluateAll(const Consumer &consume);

    const QString &expression() const;
    QStringList symbols() const; // the symbols the expression uses, sorted

private:
    struct Impl;
    explicit ItemExpression(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

} // namespace mb::business
