// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/Dataset.h"
#include "core/data/Split.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace mb::data {

// Statistics the Data page and `dataset show` present, computed once at import and stored.
struct ColumnProfile {
    QString name;
    ColumnType type = ColumnType::Numeric;
    ColumnRole role = ColumnRole::Feature;
    std::int64_t missing = 0;
    double missingPercent = 0;
    double min = 0, max = 0, mean = 0; // over non-missing values (numeric, boolean, datetime)
    std::int64_t distinct = 0;         // exact up to kDistinctCap
    bool distinctCapped = false;       // more than kDistinctCap distinct values
    // Numeric and datetime: equal-width bins from min to max. Boolean and categorical: one bar
    // per value (the most frequent categories, the rest summed as "other").
    std::vector<std::int64_t> histogram;
    QStringList histogramLabels;
};

struct ClassBalance {
    QString target;
    QStringList classes;
    std::vector<std::int64_t> counts;
};

struct DataWarning {
    enum class Kind { SmallClass, DominantLabel, TestOlderThanTrain, ConstantColumn, EmptyColumn, Leak };
    Kind kind;
    QString column;
    QString message;
};

struct DatasetProfile {
    std::int64_t rows = 0;
    std::vector<ColumnProfile> columns;
    std::vector<ClassBalance> classBalance;
    std::vector<DataWarning> warnings;
};

constexpr std::int64_t kDistinctCap = 10000;
constexpr int kHistogramBins = 20;
constexpr int kSmallClass = 100;        // the seeds: at least 100 examples per class
constexpr double kDominantShare = 0.99; // one label covering 99% of the target

// Column statistics, class balance of the targets, and the warnings that need no split.
DatasetProfile profileDataset(const Dataset &dataset);
// Warnings about a split: test rows older than the newest training row, by the split's ordering
// column or else the first date/time column.
std::vector<DataWarning> splitWarnings(const Dataset &dataset, const SplitSpec &spec,
                                       const std::vector<SplitPart> &assignment);

QString toKey(DataWarning::Kind kind);
QJsonObject profileToJson(const DatasetProfile &profile);
DatasetProfile profileFromJson(const QJsonObject &json);
QJsonArray warningsToJson(const std::vector<DataWarning> &warnings);
std::vector<DataWarning> warningsFromJson(const QJsonArray &json);

} // namespace mb::data
