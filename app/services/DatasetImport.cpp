// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/DatasetImport.h"

#include "app/services/DatasetSplitting.h"
#include "core/data/DatasetProfile.h"
#include "core/data/IdxImporter.h"

#include <QFileInfo>

namespace mb::services {

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
    std::optional<db::PendingSplit> split;
    if (request.split) {
        Result<db::PendingSplit> prepared = prepareSplit(imported->dataset, *request.split);
        if (!prepared)
            return Error{prepared.error()};
        split = std::move(prepared).value();
    }

    const data::DatasetProfile profile = data::profileDataset(imported->dataset);
    const QString name = request.name.isEmpty() ? QFileInfo(request.file).fileName() : request.name;
    db::DatasetRepository repository(database);
    Result<db::StoredDataset> stored =
        repository.store(projectId, name, idx ? QStringLiteral("idx") : QStringLiteral("csv"), *imported, profile,
                         cancel, split ? &*split : nullptr);
    if (!stored)
        return Error{stored.error()};
    DatasetImportOutcome outcome{stored->version, stored->existed, stored->split};
    if (progress)
        progress(1.0);
    return outcome;
}

} // namespace mb::services
