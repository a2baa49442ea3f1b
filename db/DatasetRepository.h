// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/data/Dataset.h"
#include "core/data/DatasetProfile.h"
#include "core/data/FeatureEncoder.h"
#include "core/data/Split.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <atomic>
#include <cstdint>
#include <optional>
#include <vector>

namespace mb::data {
struct ImportedDataset;
}

namespace mb::db {

class Database;

struct DatasetVersionInfo {
    std::int64_t id = 0;
    std::int64_t projectId = 0;
    QString name;
    QString sha256;
    QString fileSha256;
    QString sourceKind; // csv or idx
    QString sourceName;
    std::int64_t sourceSize = 0;
    QJsonObject options;
    std::vector<data::ColumnSchema> schema;
    std::int64_t rowCount = 0;
    std::int64_t droppedRows = 0;
    QString appVersion;
    QString createdAt; // ISO 8601, UTC
};

struct DatasetSplitInfo {
    std::int64_t id = 0;
    std::int64_t versionId = 0;
    data::SplitSpec spec;
    data::SplitCounts counts;
    std::vector<data::DataWarning> warnings;
    data::FeatureEncoding encoding; // fitted on this split's train rows
    QString createdAt;
};

// A split to store with a version, in the same transaction.
struct PendingSplit {
    data::SplitSpec spec;
    std::vector<data::SplitPart> assignment;
    std::vector<data::DataWarning> warnings;
    data::FeatureEncoding encoding;
};

struct StoredDataset {
    DatasetVersionInfo version;
    bool existed = false; // the same bytes and options were imported before
    std::optional<DatasetSplitInfo> split;
};

// One stored chunk of a column: its values, and for a column with exact integers
// (data::DatasetColumn::exactIntegers, ids above 2^53) the exact integers too.
struct ColumnChunk {
    std::vector<double> values;
    std::vector<std::int64_t> exactIntegers; // empty unless the column keeps exact integers
};

// An import whose version is still staged: being written by `pid` on `host`, or abandoned there.
struct StagedVersion {
    std::int64_t versionId = 0;
    QString host;
    std::int64_t pid = 0;
    QString startedAt;
};

// The SQL condition "the dataset version with id `idExpression` is whole" (not staged: its import
// has written its last transaction), for every query that reads dataset_versions. `schema` names
// the attached database the version lives in ("main", or "src" for a file being copied from).
QByteArray wholeVersionCondition(const char *idExpression, const char *schema = "main");

// The split `splitId` among a version's `splits`; an error lists the version's split ids (split
// ids count across the workspace, so version 3's splits need not include split 3).
Result<DatasetSplitInfo> findSplitOfVersion(const QList<DatasetSplitInfo> &splits, std::int64_t splitId,
                                            std::int64_t versionId);

// Dataset versions, their column data and their splits. Storing writes in short transactions, so
// no other writer (a training worker flushing its metrics) waits for more than one of them: the
// version row first, staged (listed in staged_dataset_versions, which every reader here skips),
// then each column's chunks, then the split and the end of staging together, which is the moment
// the version appears, whole. A failed or cancelled import discards its staged version; one whose
// process died mid-way is discarded by discardStaged, which the next import calls. Nothing stored
// is ever updated.
// Thread contract: the thread that owns the Database.
class DatasetRepository {
public:
    static constexpr std::int64_t kChunkRows = 65536;

    explicit DatasetRepository(Database &db) : m_db(db) {}

    // Stores an import unless the project already has a version with the same identity, and the
    // split when given (unless an identical one exists), all in one transaction.
    Result<StoredDataset> store(std::int64_t projectId, const QString &name, const QString &sourceKind,
                                const data::ImportedDataset &imported, const data::DatasetProfile &profile,
                                std::atomic<bool> *cancel = nullptr, const PendingSplit *split = nullptr);
    Result<QList<DatasetVersionInfo>> versions(std::int64_t projectId); // newest first, whole ones only
    // The imports still staged, in this workspace, oldest first.
    Result<QList<StagedVersion>> stagedVersions();
    // Deletes a staged version with its chunks, one column per transaction (so the cleanup holds
    // the lock no longer than the import did); a whole version is left alone.
    Status discardStaged(std::int64_t versionId);
    Result<DatasetVersionInfo> version(std::int64_t versionId);
    Result<data::DatasetProfile> profile(std::int64_t versionId);

    // Whether the stored values agree with the version's record: every column of its schema holds
    // row_count values (in whole chunks, each of its encoding's width) and no other column has any. Reads only the
    // blobs' lengths, so it is cheap, and it runs before anything is allocated for the rows: a
    // damaged or hand-edited file (a row_count of -1 or 10^12, a lost chunk) is refused as
    // corrupt instead of crashing the reader or training on garbage. load() calls it; so does a
    // view that sizes itself by row_count before reading values.
    Status checkStoredValues(const DatasetVersionInfo &version);
    // One chunk of one column (kChunkRows values, fewer in the last chunk).
    Result<std::vector<double>> readChunk(std::int64_t versionId, int column, std::int64_t chunk);
    // The same chunk with its exact integers, for what shows or exports every digit of an id.
    Result<ColumnChunk> readExactChunk(std::int64_t versionId, int column, std::int64_t chunk);
    Result<data::Dataset> load(std::int64_t versionId);

    // Adds a split unless an identical one exists; returns it either way.
    Result<DatasetSplitInfo> addSplit(std::int64_t versionId, const data::SplitSpec &spec,
                                      const std::vector<data::SplitPart> &assignment,
                                      const std::vector<data::DataWarning> &warnings,
                                      const data::FeatureEncoding &encoding);
    Result<QList<DatasetSplitInfo>> splits(std::int64_t versionId);
    // One part per row of the split's version; an assignment of another length, or with a byte
    // that is no part, is refused as corrupt.
    Result<std::vector<data::SplitPart>> splitAssignment(std::int64_t splitId);

private:
    // The stored, whole version with this identity, if any (inside the caller's transaction).
    std::optional<DatasetVersionInfo> wholeVersionWithIdentity(std::int64_t projectId, const QString &sha256);
    // Inside the caller's transaction; returns the identical stored split if there is one.
    DatasetSplitInfo insertSplit(std::int64_t versionId, const PendingSplit &split);

    Database &m_db; // not owned
};

} // namespace mb::db
