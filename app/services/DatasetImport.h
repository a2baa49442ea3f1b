// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/data/CsvImporter.h"
#include "core/data/Split.h"
#include "db/DatasetRepository.h"

#include <QString>

#include <atomic>
#include <cstdint>
#include <optional>

namespace mb::db {
class Database;
}

namespace mb::services {

struct DatasetImportRequest {
    QString file;
    QString labelsFile; // set for an IDX pair: `file` holds the images
    QString name;       // defaults to the file name
    data::ImportOptions options;
    std::optional<data::SplitSpec> split;
};

struct DatasetImportOutcome {
    db::DatasetVersionInfo version;
    bool existed = false;
    std::optional<db::DatasetSplitInfo> split;
};

// The whole import: read and check the file, profile it, store the version (or find the same
// one), and make the split. Used by `dataset import` and by the window's import worker.
// Nothing is stored unless every step succeeds.
// Thread contract: runs on the thread that owns `database`; `cancel` may be set from any thread.
Result<DatasetImportOutcome> importDataset(db::Database &database, std::int64_t projectId,
                                           const DatasetImportRequest &request, std::atomic<bool> *cancel = nullptr,
                                           const data::ImportProgress &progress = {});

} // namespace mb::services
