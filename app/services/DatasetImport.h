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
    QString labelsFile;     // set for an IDX pair: `file` holds the images
    QString testFile;       // a separate test file (CSV, or the test images of an IDX pair): the test part
    QString testLabelsFile; // the labels of the test images, with an IDX pair
    QString name;           // defaults to the file name
    data::ImportOptions options;
    // None: data::defaultSplit for the imported targets. With a test file, data::testFileSplit
    // decides which requests fit.
    std::optional<data::SplitSpec> split;
    std::uint64_t defaultSplitSeed = 42;
};

struct DatasetImportOutcome {
    db::DatasetVersionInfo version;
    bool existed = false;
    std::optional<db::DatasetSplitInfo> split;
    bool splitIsDefault = false; // the request named no split, so data::defaultSplit was tried
    QString noSplitReason;       // why the default split could not be made (then `split` is empty)
};

// The whole import: read and check the file, profile it, store the version (or find the same
// one), and make the split (the default one when the request names none, so every version can
// be trained on at once). With a test file, its rows follow the file's in one version and are
// exactly the split's test part. Used by `dataset import` and by the window's import worker.
// Nothing is seen unless every step succeeds: the version is written in short transactions,
// staged until the last (db::DatasetRepository::store), and the staged versions of imports that
// died mid-way are discarded first (discardAbandonedImports).
// Thread contract: runs on the thread that owns `database`; `cancel` may be set from any thread.
Result<DatasetImportOutcome> importDataset(db::Database &database, std::int64_t projectId,
                                           const DatasetImportRequest &request, std::atomic<bool> *cancel = nullptr,
                                           const data::ImportProgress &progress = {});

} // namespace mb::services
