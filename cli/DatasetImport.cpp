// SPDX-License-Identifier: GPL-3.0-or-later
#include "DatasetImport.h"

#include <DatasetProfile.h>
#include <FeatureEncoder.h>
#include <IdxImporter.h>

#include <QFileInfo>

namespace mb::cli {

Result<DatasetImportOutcome> importDataset(db::Database &database, std::int64_t projectId,
                                           const DatasetImportRequest &request, std::atomic<bool> *cancel,
                                           const data::ImportProgress &progress)
{
    const bool idx = !request.labelsFile.isEmpty();
    Result<data::ImportedDataset> imported = idx ? data::importIdx(request.file, request.labelsFile, request.options)
                                                 : data::importCsv(request.file, request.options, cancel, progress);
    if (!imported)
        return Error{imported.error()};
    if (cancel && cancel->load())
        return Error{QStringLiteral("cancelled; nothing was stored")};

    // Check the split before storing, so a bad split leaves no version behind.
    std::vector<data::SplitPart> assignment;
    std::vector<data::DataWarning> splitWarnings;
    data::FeatureEncoding encoding;
    if (request.split) {
        Result<std::vector<data::SplitPart>> assigned = data::assignSplit(imported->dataset, *request.split);
        if (!assigned)
            return Error{assigned.error()};
        assignment = std::move(assigned).value();
        splitWarnings = data::splitWarnings(imported->dataset, *request.split, assignment);
        // Imputation, one-hot categories and scaling learn from the training rows only.
        Result<data::FeatureEncoding> fitted = data::fitFeatureEncoding(imported->dataset, assignment);
        if (!fitted)
            return Error{fitted.error()};
        encoding = std::move(fitted).value();
    }

    const data::DatasetProfile profile = data::profileDataset(imported->dataset);
    const QString name = request.name.isEmpty() ? QFileInfo(request.file).fileName() : request.name;
    db::DatasetRepository repository(database);
    Result<db::StoredDataset> stored =
        repository.store(projectId, name, idx ? QStringLiteral("idx") : QStringLiteral("csv"), *imported, profile, cancel);
    if (!stored)
        return Error{stored.error()};

    DatasetImportOutcome outcome{stored->version, stored->existed, std::nullopt};
    if (request.split) {
        Result<db::DatasetSplitInfo> split = repository.addSplit(stored->version.id, *request.split, assignment, splitWarnings, encoding);
        if (!split)
            return Error{split.error()};
        outcome.split = *split;
    }
    if (progress)
        progress(1.0);
    return outcome;
}

} // namespace mb::cli
