// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/data/Dataset.h"
#include "core/data/Split.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace mb::data {

// How the feature columns become the numbers a model reads. Everything learned from data
// (imputation values, which categories get their own column, means and standard deviations) is
// fitted on the training rows only, so nothing about the validation or test rows leaks into
// training. The spec is stored with the split, and applying it is deterministic.
//
// Per feature column (role Feature; targets, value and ignored columns are left out):
//   numeric, datetime  missing values imputed (mean/median/mode per the column's policy; "keep"
//                      imputes the mean too, since a model cannot read NaN), an optional 0/1
//                      indicator column, then standardised: (x - mean) / std;
//   boolean            0/1, missing imputed with the mode, optional indicator;
//   categorical        one-hot: the most frequent categories of the training rows get a column
//                      each (at most maxCategories), the rest share "other"; missing is all zeros
//                      unless the policy asks for an indicator.
struct FeatureEncoding {
    struct Column {
        QString source; // the dataset column
        ColumnType type = ColumnType::Numeric;
        double fill = 0;        // imputed for missing values (numeric, boolean, datetime)
        double mean = 0;        // standardisation, fitted on train
        double scale = 1;       // standard deviation; 1 when the column is constant on train
        bool indicator = false; // adds "<source>_missing"
        QStringList categories; // categorical: the categories with their own column, by frequency
        bool other = false;     // categorical: an "other" column for the remaining categories
    };
    std::vector<Column> columns;
    int maxCategories = 20;

    QStringList featureNames() const;
    int featureCount() const;
    QJsonObject toJson() const;
    static Result<FeatureEncoding> fromJson(const QJsonObject &json);
};

// Fits on the rows marked Train in `split` (every row when `split` is empty).
Result<FeatureEncoding> fitFeatureEncoding(const Dataset &dataset, const std::vector<SplitPart> &split,
                                           int maxCategories = 20);

// Row-major float features for the given rows (all rows when `rows` is empty).
std::vector<float> encodeFeatures(const Dataset &dataset, const FeatureEncoding &encoding,
                                  const std::vector<std::int64_t> &rows = {});

} // namespace mb::data
