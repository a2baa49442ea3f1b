// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/data/Dataset.h"
#include "core/data/FeatureOptions.h"
#include "core/data/Split.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace mb::data {

// How the feature columns become the numbers a model reads. Everything learned from data
// (imputation values, which categories get their own column, means and standard deviations) is
// fitted on the training rows only, so nothing about the validation or test rows leaks into
// training. A split stores one fitted with the default options; a run fits its own with the
// options of its config (FeatureOptions) and stores it; applying one is deterministic.
//
// Per feature column (role Feature; targets, value and ignored columns are left out):
//   numeric, datetime  optionally log(1 + x) first (log1p; numeric only), missing values imputed
//                      (mean/median/mode per the column's policy; "keep" imputes the mean too,
//                      since a model cannot read NaN), an optional 0/1 indicator column, then
//                      standardised: (x - mean) / std, unless the options turn standardising off;
//   boolean            0/1, missing imputed with the mode, optional indicator;
//   categorical        one-hot: the most frequent categories of the training rows get a column
//                      each (at most maxCategories), the rest share "other"; missing is all zeros
//                      unless the policy asks for an indicator. Or ordinal, when the options give
//                      the column an order: one number, the category's position 0..k-1 in it,
//                      imputed and standardised like a number; a category not in the order (seen
//                      only outside training) counts as missing.
struct FeatureEncoding {
    struct Column {
        QString source; // the dataset column
        ColumnType type = ColumnType::Numeric;
        double fill = 0;        // imputed for missing values (numeric, boolean, datetime, ordinal)
        double mean = 0;        // standardisation, fitted on train; 0 when not standardised
        double scale = 1;       // standard deviation; 1 when the column is constant on train or not standardised
        bool indicator = false; // adds "<source>_missing"
        // One-hot: the categories with their own column, by frequency. Ordinal: the order, lowest first.
        QStringList categories;
        bool other = false; // one-hot: an "other" column for the remaining categories
        bool log1p =
            false; // numeric: log(1 + x) before imputing and scaling (fill, mean and scale are of log1p values)
        bool ordinal = false;     // categorical: one number, the position in `categories`
        int trainCategories = -1; // one-hot: distinct categories in the training rows (-1: not recorded)

        bool isOneHot() const { return type == ColumnType::Categorical && !ordinal; }
        int width() const; // the inputs this column becomes, its indicator included
    };
    std::vector<Column> columns;
    int maxCategories = FeatureOptions::kDefaultMaxCategories;
    bool standardize = true;

    QStringList featureNames() const;
    int featureCount() const;
    QJsonObject toJson() const;
    static Result<FeatureEncoding> fromJson(const QJsonObject &json);
};

// The options against a dataset's columns, before any data is read: every log1p column is a
// numeric feature and every ordinal column a categorical feature. The message names the option
// and the column, and lists the columns that would do ("features.log1p: ...").
Status checkFeatureOptions(const FeatureOptions &options, const std::vector<ColumnSchema> &schema);

// Fits on the rows marked Train in `split` (every row when `split` is empty). Besides
// checkFeatureOptions, refuses a log1p column with negative training values and an ordinal order
// that misses a category of the training rows, naming the column.
Result<FeatureEncoding> fitFeatureEncoding(const Dataset &dataset, const std::vector<SplitPart> &split,
                                           const FeatureOptions &options = {});

// Row-major float features for the given rows (all rows when `rows` is empty).
std::vector<float> encodeFeatures(const Dataset &dataset, const FeatureEncoding &encoding,
                                  const std::vector<std::int64_t> &rows = {});

} // namespace mb::data
