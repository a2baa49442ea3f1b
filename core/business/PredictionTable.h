// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>
#include <QStringList>

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace mb::business {

// A run's evaluated items as columns of equal length, one row per item: what a business metric
// is computed from. The evaluation fills it from the stored per-item predictions.
//
//   itemIds    the item's id in the dataset (its row there); may be empty, then messages name
//              the row alone;
//   label      the item's label; with several targets (multilabel, two objectives) the first
//              target's, and every target is also a named column;
//   score      the probability or score that ranks items and is compared with a threshold;
//   predicted  the predicted class (0/1 for binary tasks) or value;
//   columns    named per-item columns: the target columns and the dataset's value columns
//              (order_value, ad_value, ...), each readable in an item expression by its name.
//
// An item is a *positive* when its label is >= 0.5 (labels are 0/1 for binary tasks), and the
// model *predicts positive* when `predicted` is >= 0.5: the confusion counts use these.
// A plain value: copying copies the columns. Thread contract: none needed, reading is const.
struct PredictionTable {
    struct Column {
        QString name;
        std::vector<double> values;
    };

    std::vector<std::int64_t> itemIds;
    std::vector<double> label;
    std::vector<double> score;
    std::vector<double> predicted;
    std::vector<Column> columns;

    std::size_t size() const { return score.size(); }

    // The named column, or null. `label`, `score` and `predicted` are found by name too.
    const std::vector<double> *column(const QString &name) const;
    QStringList columnNames() const; // the named columns only, in order

    // Adds or replaces a named column.
    void setColumn(const QString &name, std::vector<double> values);

    // Equal lengths, named columns that are identifiers, unique and not label/score/predicted.
    // Every evaluation checks this first, so a malformed table is an error, never a crash.
    Status check() const;

    // "row 18 (item 1234)" or "row 18": rows count from 1, as a spreadsheet shows them.
    QString describeRow(std::size_t row) const;
};

// The symbols every item expression may use besides the named columns: label, score, predicted.
QStringList baseItemSymbols();

// A table from the per-item prediction columns as the store keeps them (schema 5,
// db::EvaluationRepository): `id` (else `row`) gives the item ids; `label:<t>`, `score:<t>` and
// `predicted:<t>` of the primary target t (the first of `targetColumns`, else the first stored
// label) give label, score and predicted; every `label:<t>` is also the column named t, and every
// `value:<c>` the column named c. Other columns (`prob:<t>:<k>`) are left out. The vectors are
// moved, not copied. Errors name a missing column.
using NamedColumn = std::pair<QString, std::vector<double>>;
Result<PredictionTable> predictionTableFromColumns(std::vector<NamedColumn> columns,
                                                   const QStringList &targetColumns = {});

} // namespace mb::business
