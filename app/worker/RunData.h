// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/TrainingConfig.h"
#include "core/data/FeatureEncoder.h"
#include "core/training/TrainingData.h"

#include <utility>
#include <vector>

namespace mb::db {
class Database;
}

namespace mb::worker {

// What a run reads from the workspace: the tensors it trains on (the config's dataset version,
// its split assignment, and the feature encoding fitted on that split's training rows with the
// config's feature options), that encoding (stored with the run: it is part of the model), and
// the item columns its predictions are stored with: "id" (the version's first ignored column,
// such as post_id, when there is one) and "value:<column>" for each value column and for each
// dataset target the run does not predict, one value per dataset row.
struct RunData {
    training::TrainingTensors tensors;
    std::vector<std::pair<QString, std::vector<double>>> itemColumns;
    std::vector<std::int64_t> exactIds; // data::exactItemIds: stored in place of "id" when not empty
    data::FeatureEncoding encoding;
};
// Fails, naming the column, when the feature options do not fit the training rows (a negative
// value in a log1p column, an ordinal order without a category of the training rows).
Result<RunData> loadRunData(db::Database &db, const TrainingConfig &config);
Result<training::TrainingTensors> loadTrainingTensors(db::Database &db, const TrainingConfig &config);

// Every row of another dataset version (with a target value), encoded with `encoding`, the run's
// own (services::runFeatureEncoding), never one fitted afresh on that version, so that the run's
// model reads its inputs as it learned them: the rows are the tensors' train part. A version
// without a column the model reads (a feature or a target), or with one of another type, is
// refused with the column's name.
Result<RunData> loadOtherVersionData(db::Database &db, const TrainingConfig &config,
                                     const data::FeatureEncoding &encoding, std::int64_t datasetVersion);

} // namespace mb::worker
