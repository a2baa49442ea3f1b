// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/TrainingConfig.h"
#include "db/DatasetRepository.h"
#include "db/RunRepository.h"

#include <cstdint>
#include <optional>

namespace mb::db {
class Database;
}

namespace mb::services {

// Checks that what `config` names exists: its dataset version among `projectVersions`, its split
// among `versionSplits` (the splits of that version), every target as a target column of the
// version, and every column the feature options name as a feature of the right type
// (data::checkFeatureOptions). Errors name the field. queueRun runs it on the workspace; the launch dialog runs it on
// what it has loaded, as the user types.
Status checkRunAgainstData(const TrainingConfig &config, const QList<db::DatasetVersionInfo> &projectVersions,
                           const QList<db::DatasetSplitInfo> &versionSplits);

// checkRunAgainstData on the project's stored versions and the splits of the config's version.
Status checkRunInProject(db::Database &db, std::int64_t projectId, const TrainingConfig &config);

// Stores a queued run of `config` in `projectId`, after checking that what it names exists there:
// the dataset version belongs to the project, the split to the version, and every target is a
// target column of the version. The record ties the run to the project's current framing
// version and to this build. The `train` command and the window's queue both start from here.
Result<db::RunRecord> queueRun(db::Database &db, std::int64_t projectId, const TrainingConfig &config,
                               std::optional<std::int64_t> parentRunId = std::nullopt);

} // namespace mb::services
