// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <Result.h>
#include <TrainingConfig.h>
#include <TrainingData.h>

#include <utility>
#include <vector>

namespace mb::db {
class Database;
}

namespace mb::worker {

// What a run reads from the workspace: the tensors it trains on (the config's dataset version,
// its split assignment, and the feature encoding fitted on that split's training rows), and the
// item columns its predictions are stored with: "id" (the version's first ignored column, such as
// post_id, when there is one) and "value:<column>" for each value column, one value per dataset row.
struct RunData {
    training::TrainingTensors tensors;
    std::vector<std::pair<QString, std::vector<double>>> itemColumns;
};
Result<RunData> loadRunData(db::Database &db, const TrainingConfig &config);
Result<training::TrainingTensors> loadTrainingTensors(db::Database &db, const TrainingConfig &config);

} // namespace mb::worker
