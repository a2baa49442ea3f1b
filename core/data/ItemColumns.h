// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/Dataset.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <utility>
#include <vector>

namespace mb::data {

// The item columns a run's predictions are stored with, one value per dataset row: "id" (the
// version's first ignored column, such as post_id, when there is one) and "value:<column>" for
// each value column and for each dataset target the run does not predict (`predictedTargets`): a
// business metric judges every run on the same items, so an engagement model's feed is still
// priced by the quality of the posts it ranks first. The worker's runs and external runs (`log
// predictions`) store the same columns. Thread contract: a pure function, reentrant.
std::vector<std::pair<QString, std::vector<double>>> itemColumns(const Dataset &dataset,
                                                                 const QStringList &predictedTargets);

// The first columns of a stored evaluation for the dataset rows `rows` (indices from 0, in the
// order the predictions follow): "row" (the indices, as the store keeps them), then each of
// `itemColumns` (as itemColumns gives them) at those rows.
std::vector<std::pair<QString, std::vector<double>>>
rowAndItemColumns(const std::vector<std::pair<QString, std::vector<double>>> &itemColumns,
                  const std::vector<std::int64_t> &rows);

// The version's id column (the first ignored column), or an empty name when it has none.
QString idColumnName(const Dataset &dataset);

// The id column's exact ids, one per dataset row, when it holds one a double cannot hold exactly
// (above 2^53: DatasetColumn::exactIntegers); empty otherwise, when the "id" item column is exact.
// Stored with the predictions in place of the "id" column's doubles.
std::vector<std::int64_t> exactItemIds(const Dataset &dataset);

// `ids` at the dataset rows `rows` (indices from 0); empty when `ids` is.
std::vector<std::int64_t> idsAtRows(const std::vector<std::int64_t> &ids, const std::vector<std::int64_t> &rows);

} // namespace mb::data
