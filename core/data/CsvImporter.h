// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/data/Dataset.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <atomic>
#include <functional>
#include <optional>

namespace mb::data {

// What the user decided about one column, overriding inference.
struct ColumnOverride {
    std::optional<ColumnType> type;
    std::optional<MissingPolicy> missingPolicy;
    bool ignore = false;
};

// How a file becomes a dataset version. Part of the version's identity: the same bytes imported
// with other options give another version.
struct ImportOptions {
    char separator = 0;          // CSV only; 0 detects
    QStringList targets;         // one or more target columns
    QStringList valueColumns;    // numeric columns the business metrics read per item
    QString positiveClass;       // binary target: the class that becomes index 1
    QList<double> bucketEdges;   // cut a numeric target into classes at these ascending edges
    QString multilabelDelimiter; // split one text target such as "news|sport" into 0/1 targets
    MissingPolicy defaultMissingPolicy = MissingPolicy::Keep;
    QMap<QString, ColumnOverride> overrides;

    // Canonical JSON (sorted keys), hashed into the version's identity.
    QJsonObject toJson() const;
};

struct ImportedDataset {
    Dataset dataset;
    QString versionSha256; // SHA-256 of the file's bytes and the canonical options
    QString fileSha256;    // SHA-256 of the file's bytes alone
    QString sourceName;    // file name, without the folder
    std::int64_t sourceSize = 0;
    std::int64_t droppedRows = 0;
    std::int64_t testFileRows = 0; // the last rows, from a separate test file (0: none)
    QJsonObject options;
};

using ImportProgress = std::function<void(double fraction)>;

// Imports a CSV file (see CsvReader for the accepted syntax). Column types are inferred from every
// value (numeric, boolean, ISO-8601 date/time, else categorical) unless overridden. In a file
// separated by ';', a decimal comma ("1,5") is read as a decimal point. Missing values
// are "", NA, NaN, ? and null. Errors name the problem and where: a ragged row's line, an invalid
// byte's offset, a text value in a numeric column with its line, inf or NaN where a number is
// required, a missing target column, a header with no rows, duplicate or empty column names, and a
// file that changes or disappears while it is read. Reads the file once, and a second time only
// when it has non-numeric columns; never holds the file in memory.
// Thread contract: reentrant; `cancel` may be set from another thread.
Result<ImportedDataset> importCsv(const QString &path, const ImportOptions &options,
                                  std::atomic<bool> *cancel = nullptr, const ImportProgress &progress = {});

// A CSV file and its separate test file as one dataset: the file's rows, then the test file's
// (appendRows: the same columns, categories merged). Both are read with `options`, and the label
// options apply to the whole, so both files' classes are one list. The identity covers both files'
// text and the options; the options record each file's name, size and SHA-256 ("file",
// "test_file"); `testFileRows` counts the test file's rows that were kept. Errors about the test
// file say so.
// Thread contract: reentrant; `cancel` may be set from another thread.
Result<ImportedDataset> importCsvWithTestFile(const QString &path, const QString &testPath,
                                              const ImportOptions &options, std::atomic<bool> *cancel = nullptr,
                                              const ImportProgress &progress = {});

// Applies the label options (targets, value columns, positive class, buckets, multilabel) and the
// drop-row policy to a dataset built by any reader. Shared by the CSV and IDX importers.
// `testFileRows`, when given, counts the last rows, which came from a test file: a problem in them
// is named by its row in that file, and the count is updated for the rows dropped.
Status applyLabelOptions(Dataset &dataset, const ImportOptions &options, std::int64_t *droppedRows,
                         std::int64_t *testFileRows = nullptr);

// SHA-256 of a file hash and the options: a version's identity.
QString versionIdentity(const QString &fileSha256, const QJsonObject &options);

// SHA-256 of files' SHA-256s (hex) in order: the content of files imported together.
QString combinedSha256(const QStringList &sha256s);

// A file's name, size and SHA-256, recorded in a version's options to say where its rows came from.
QJsonObject fileRecord(const QString &path, const QString &sha256);

} // namespace mb::data
