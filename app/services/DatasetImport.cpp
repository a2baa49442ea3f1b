// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/DatasetImport.h"

#include "app/services/AbandonedImports.h"
#include "app/services/DatasetSplitting.h"
#include "core/data/DatasetProfile.h"
#include "core/data/IdxImporter.h"
#include "core/data/IdxReader.h"

#include <QFileInfo>

#include <future>

namespace mb::services {

namespace {

// Which files make the dataset: a CSV file or an IDX pair, each with an optional test file (pair).
Result<data::ImportedDataset> readFiles(const DatasetImportRequest &request, std::atomic<bool> *cancel,
                                        const data::ImportProgress &progress)
{
    const bool idx = !request.labelsFile.isEmpty();
    if (!request.testLabelsFile.isEmpty() && request.testFile.isEmpty())
        return Error{QStringLiteral("--test-labels needs --test-file, the test images they label")};
    if (idx && !request.testFile.isEmpty() && request.testLabelsFile.isEmpty())
        return Error{QStringLiteral("an IDX test file needs its labels: give --test-labels with --test-file, as "
                                    "--labels goes with --file")};
    if (!idx && !request.testLabelsFile.isEmpty())
        return Error{QStringLiteral("--test-labels belongs to an IDX pair (--file images --labels labels); a CSV test "
                                    "file holds its labels in its own columns, so give --test-file alone")};
    // The same file as its own test set would grade the model on the rows it learnt from.
    const QString testPath = QFileInfo(request.testFile).canonicalFilePath();
    if (!testPath.isEmpty() && testPath == QFileInfo(request.file).canonicalFilePath())
        return Error{QStringLiteral("--test-file names the same file as --file; the test file must hold other rows "
                                    "(without one, the import splits --file's rows)")};
    // An IDX file given as a CSV would be refused as "invalid UTF-8"; name it for what it is.
    if (!idx)
        for (const QString &file : {request.file, request.testFile})
            if (!file.isEmpty() && data::looksLikeIdx(file))
                return Error{QStringLiteral("%1 is an IDX file (MNIST's format), not CSV: import images with their "
                                            "labels, --file IMAGES --labels LABELS (and --test-file with "
                                            "--test-labels)")
                                 .arg(QFileInfo(file).fileName())};
    if (idx)
        return request.testFile.isEmpty()
                   ? data::importIdx(request.file, request.labelsFile, request.options)
                   : data::importIdxWithTestFiles(request.file, request.labelsFile, request.testFile,
                                                  request.testLabelsFile, request.options);
    return request.testFile.isEmpty()
               ? data::importCsv(request.file, request.options, cancel, progress)
               : data::importCsvWithTestFile(request.file, request.testFile, request.options, cancel, progress);
}

} // namespace

Result<DatasetImportOutcome> importDataset(db::Database &database, std::int64_t projectId,
                                           const DatasetImportRequest &request, std::atomic<bool> *cancel,
                                           const data::ImportProgress &progress)
{
    Result<data::ImportedDataset> imported = readFiles(request, cancel, progress);
    if (!imported)
        return Error{imported.error()};
    if (cancel && cancel->load())
        return Error{QStringLiteral("cancelled; nothing was stored")};

    // Check the split before storing, so a bad split leaves no version behind. A default split
    // that cannot be made (a file with no feature columns, say) leaves the version without one,
    // and says why, rather than refusing a file the user only asked to import. A test file's
    // split is the reason for the test file, so it must be made.
    const data::Dataset &dataset = imported->dataset;
    const QStringList targets = dataset.namesWithRole(data::ColumnRole::Target);
    const bool testFile = !request.testFile.isEmpty();
    data::SplitSpec spec;
    if (testFile) {
        Result<data::SplitSpec> chosen =
            data::testFileSplit(request.split, dataset, targets, request.defaultSplitSeed, imported->testFileRows);
        if (!chosen)
            return Error{chosen.error()};
        spec = *chosen;
    } else {
        spec = request.split ? *request.split : data::defaultSplit(dataset, targets, request.defaultSplitSeed);
    }
    // The statistics and the split's feature encoding each read every value, and neither needs the
    // other: the statistics go to a second core while this thread makes the split.
    std::future<data::DatasetProfile> profiled =
        std::async(std::launch::async, [&dataset] { return data::profileDataset(dataset); });
    Result<db::PendingSplit> pending = prepareSplit(dataset, spec);
    const data::DatasetProfile profile = profiled.get();
    if (!pending && (request.split || testFile))
        return Error{pending.error()};
    const db::PendingSplit *split = pending ? &*pending : nullptr;

    const QString name = request.name.isEmpty() ? QFileInfo(request.file).fileName() : request.name;
    // The next writer cleans up after a killed import. If the store is too busy for it now, the
    // leftovers stay unseen until the next import or `workspace vacuum`; this import goes on.
    (void)discardAbandonedImports(database);
    db::DatasetRepository repository(database);
    Result<db::StoredDataset> stored =
        repository.store(projectId, name, request.labelsFile.isEmpty() ? QStringLiteral("csv") : QStringLiteral("idx"),
                         *imported, profile, cancel, split);
    if (!stored)
        return Error{stored.error()};
    DatasetImportOutcome outcome{stored->version, stored->existed, stored->split, !request.split,
                                 pending ? QString() : pending.error()};
    if (progress)
        progress(1.0);
    return outcome;
}

} // namespace mb::services
