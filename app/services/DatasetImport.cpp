// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/DatasetImport.h"

#include "core/data/DatasetProfile.h"
#include "core/data/FeatureEncoder.h"
#include "core/data/IdxImporter.h"

#include <QFileInfo>

namespace mb::services {

namespace {

// The split's assignment, its warnings, and the feature encoding fitted on its training rows.
Result<db::PendingSplit> prepareSplit(const data::Dataset &dataset, const data::SplitSpec &spec)
{
    Result<std::vector<data::SplitPart>> assigned = data::assignSplit(dataset, spec);
    if (!assigned)
        return Error{assigned.error()};
    // Imputation, one-hot categories and scaling learn from the training rows only.
    Result<data::FeatureEncoding> fitted = data::fitFeatureEncoding(dataset, *assigned);
    if (!fitted)
        return Error{fitted.error()};
    std::vector<data::DataWarning> warnings = data::splitWarnings(dataset, spec, *assigned);
    return db::PendingSplit{spec, std::move(assigned).value(), std::move(warnings), std::move(fitted).value()};
}

} // namespace

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

    // Check the split before storing, so a bad split leaves no version behind. A default split
    // that cannot be made (a file with no feature columns, say) leaves the version without one,
    // and says why, rather than refusing a file the user only asked to import.
    const data::Dataset &dataset = imported->dataset;
    const data::SplitSpec spec =
        request.split
            ? *request.split
            : data::defaultSplit(dataset, dataset.namesWithRole(data::ColumnRole::Target), request.defaultSplitSeed);
    Result<db::PendingSplit> pending = prepareSplit(dataset, spec);
    if (!pending && request.split)
        return Error{pending.error()};
    const db::PendingSplit *split = pending ? &*pending : nullptr;

    const data::DatasetProfile profile = data::profileDataset(dataset);
    const QString name = request.name.isEmpty() ? QFileInfo(request.file).fileName() : request.name;
    db::DatasetRepository repository(database);
    Result<db::StoredDataset> stored = repository.store(
        projectId, name, idx ? QStringLiteral("idx") : QStringLiteral("csv"), *imported, profile, cancel, split);
    if (!stored)
        return Error{stored.error()};
    DatasetImportOutcome outcome{stored->version, stored->existed, stored->split, !request.split,
                                 pending ? QString() : pending.error()};
    if (progress)
        progress(1.0);
    return outcome;
}

} // namespace mb::services
