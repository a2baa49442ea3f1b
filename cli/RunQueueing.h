// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <Result.h>
#include <RunRepository.h>
#include <TrainingConfig.h>

#include <cstdint>
#include <optional>

namespace mb::db {
class Database;
}

namespace mb::cli {

// Stores a queued run of `config` in `projectId`, after checking that what it names exists there:
// the dataset version belongs to the project, the split to the version, and every target is a
// target column of the version. The record ties the run to the project's current framing
// version and to this build. The `train` command and the window's queue both start from here.
Result<db::RunRecord> queueRun(db::Database &db, std::int64_t projectId, const TrainingConfig &config,
                               std::optional<std::int64_t> parentRunId = std::nullopt);

} // namespace mb::cli
