// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace mb::data {

// How a run asks its feature columns to be encoded: the `features` object of the run config
// (docs/RUN-CONFIG.md). The defaults are the encoding every split has always been fitted with,
// so a run that sets none of them trains on exactly the numbers it did before these options.
struct FeatureOptions {
    static constexpr int kDefaultMaxCategories = 20;

    int maxCategories = kDefaultMaxCategories; // one-hot: categories with their own column, 1..10000
    bool standardize = true;                   // numbers (and ordinal levels): (x - mean) / std on train
    QStringList log1p;                         // numeric columns read as log(1 + x) before the rest
    QMap<QString, QStringList> ordinal;        // categorical column -> its categories, lowest first

    bool isDefault() const
    {
        return maxCategories == kDefaultMaxCategories && standardize && log1p.isEmpty() && ordinal.isEmpty();
    }
    friend bool operator==(const FeatureOptions &a, const FeatureOptions &b)
    {
        return a.maxCategories == b.maxCategories && a.standardize == b.standardize && a.log1p == b.log1p &&
               a.ordinal == b.ordinal;
    }
    friend bool operator!=(const FeatureOptions &a, const FeatureOptions &b) { return !(a == b); }
};

} // namespace mb::data
