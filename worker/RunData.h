// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <Result.h>
#include <TrainingConfig.h>
#include <TrainingData.h>

namespace mb::db {
class Database;
}

namespace mb::worker {

// The tensors a run trains on, read from the workspace: the config's dataset version, its split
// assignment, and the feature encoding fitted on that split's training rows.
Result<training::TrainingTensors> loadTrainingTensors(db::Database &db, const TrainingConfig &config);

} // namespace mb::worker
