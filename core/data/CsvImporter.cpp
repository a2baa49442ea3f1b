// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/CsvImporter.h"

#include "core/Sha256.h"
#include "core/data/CsvColumnScan.h"
#include "core/data/CsvReader.h"
#include "core/data/CsvTwoParts.h"
#include "core/data/DatasetLimits.h"
#include "core/data/GzipSource.h"
#include "core/data/ValueParsing.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_map>

namespace mb::data {
namespace {

ColumnType decideType(const ColumnScan &scan)
{
    if (scan.nonMissing == 0 || scan.numeric)
        return ColumnType::Numeric;
    if (scan.boolean)
        return ColumnType::Boolean;
    if (scan.dateTime)
        return ColumnType::DateTime;
    return ColumnType::Categorical;
}

Status checkHeader(const QStringList &header)
{
    QMap<QString, int> seen;
    for (int i = 0; i < header.size(); ++i) {
        const QString name = header.at(i).trimmed();
        if (name.isEmpty())
            return Error{QStringLiteral("column %1 of the header has no name").arg(i + 1)};
        if (seen.contains(name))
            return Error{QStringLiteral("column name '%1' appears twice in the header (columns %2 and %3)")
                             .arg(name)
                             .arg(seen.value(name) + 1)
                             .arg(i + 1)};
        seen.insert(name, i);
    }
    return success();
}

// Sorted categories read better and do not depend on row order; remap the codes to match.
// A permutation, not indexOf per category: a column of 50 000 distinct ids must not be quadratic.
void sortCategories(DatasetColumn &column)
{
    std::vector<qsizetype> order(std::size_t(column.categories.size()));
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = qsizetype(i);
    std::sort(order.begin(), order.end(),
              [&](qsizetype a, qsizetype b) { return column.categories.at(a) < column.categories.at(b); });
    QStringList sorted;
    sorted.reserve(column.categories.size());
    std::vector<double> remap(order.size());
    for (std::size_t position = 0; position < order.size(); ++position) {
        sorted << column.categories.at(order[position]);
        remap[std::size_t(order[position])] = double(position);
    }
    for (double &v : column.values)
        if (!isMissing(v))
            v = remap[std::size_t(v)];
    column.categories = sorted;
}

class CsvPass {
public:
    CsvPass(const QString &path, const ImportOptions &options, std::atomic<bool> *cancel,
            const ImportProgress &progress, double progressFrom, double progressTo)
        : m_file(path)
    {
        m_size = QFileInfo(path).size();
        m_readerOptions.separator = options.separator;
        m_readerOptions.cancel = cancel;
        if (progress) {
            // By the file's bytes consumed, which a gzip file's decompressed bytes outgrow, and those
            // a second thread has read (scanCsvRecords).
            m_readerOptions.progress = [=, size = m_size, file = &m_file, other = &m_otherPartBytes](std::int64_t) {
                const double consumed = double(file->pos() + other->load(std::memory_order_relaxed));
                const double done = size > 0 ? std::min(1.0, consumed / double(size)) : 1.0;
                progress(progressFrom + (progressTo - progressFrom) * done);
            };
        }
    }

    Status open(bool secondPass)
    {
        if (!m_file.open(QIODevice::ReadOnly)) {
            if (secondPass)
                return Error{QStringLiteral("'%1' was deleted or moved while it was being read")
                                 .arg(QFileInfo(m_file).fileName())};
            return Error{
                QStringLiteral("cannot read '%1': %2").arg(QFileInfo(m_file).fileName(), m_file.errorString())};
        }
        // A .csv.gz is read through zlib as it streams; the hash is of the CSV text, so the same
        // table compressed or not is one dataset version.
        m_gzip = std::make_unique<GzipReadDevice>(m_file);
        if (Status opened = m_gzip->openSource(); !opened)
            return opened;
        m_reader = std::make_unique<CsvReader>(*m_gzip, m_readerOptions);
        return m_reader->readHeader();
    }

    CsvReader &reader() { return *m_reader; }
    bool isGzip() const { return m_gzip->isGzip(); }
    std::atomic<std::int64_t> *otherPartBytes() { return &m_otherPartBytes; }

private:
    QFile m_file;
    std::int64_t m_size = 0;
    std::atomic<std::int64_t> m_otherPartBytes{0};
    CsvReader::Options m_readerOptions;
    std::unique_ptr<GzipReadDevice> m_gzip; // reads m_file, inflating it when it is gzip
    std::unique_ptr<CsvReader> m_reader;    // reads m_gzip
};

} // namespace

QJsonObject ImportOptions::toJson() const
{
    QJsonObject overridesJson;
    for (auto it = overrides.constBegin(); it != overrides.constEnd(); ++it) {
        QJsonObject o;
        if (it->type)
            o.insert(QStringLiteral("type"), toKey(*it->type));
        if (it->missingPolicy)
            o.insert(QStringLiteral("missing_policy"), toKey(*it->missingPolicy));
        if (it->ignore)
            o.insert(QStringLiteral("ignore"), true);
        overridesJson.insert(it.key(), o);
    }
    QJsonArray edges;
    for (double e : bucketEdges)
        edges.append(e);
    return QJsonObject{
        {QStringLiteral("separator"), separator ? QString(QLatin1Char(separator)) : QString()},
        {QStringLiteral("targets"), QJsonArray::fromStringList(targets)},
        {QStringLiteral("value_columns"), QJsonArray::fromStringList(valueColumns)},
        {QStringLiteral("positive_class"), positiveClass},
        {QStringLiteral("bucket_edges"), edges},
        {QStringLiteral("multilabel_delimiter"), multilabelDelimiter},
        {QStringLiteral("missing_policy"), toKey(defaultMissingPolicy)},
        {QStringLiteral("overrides"), overridesJson},
    };
}

QString versionIdentity(const QString &fileSha256, const QJsonObject &options)
{
    Sha256 hash;
    hash.addData(fileSha256.toLatin1());
    hash.addData(QJsonDocument(options).toJson(QJsonDocument::Compact));
    return QString::fromLatin1(hash.result().toHex());
}

Status applyLabelOptions(Dataset &dataset, const ImportOptions &options, std::int64_t *droppedRows,
                         std::int64_t *testFileRows)
{
    const QStringList names = dataset.columnNames();
    auto unknown = [&](const QString &what, const QString &name) {
        return Error{QStringLiteral("%1 '%2' is not in the file; its columns are: %3")
                         .arg(what, name, names.join(QStringLiteral(", ")))};
    };
    for (const QString &name : options.overrides.keys())
        if (!names.contains(name))
            return unknown(QStringLiteral("column"), name);
    for (const QString &target : options.targets)
        if (!names.contains(target))
            return unknown(QStringLiteral("target column"), target);
    for (const QString &value : options.valueColumns)
        if (!names.contains(value))
            return unknown(QStringLiteral("value column"), value);
    // One role per column: a target that is also a value column or ignored is a mistake.
    for (const QString &target : options.targets) {
        if (options.valueColumns.contains(target))
            return Error{QStringLiteral("'%1' is both a target and a value column; give it one role").arg(target)};
        if (options.overrides.value(target).ignore)
            return Error{QStringLiteral("'%1' is both a target and ignored; give it one role").arg(target)};
    }
    for (const QString &value : options.valueColumns)
        if (options.overrides.value(value).ignore)
            return Error{QStringLiteral("'%1' is both a value column and ignored; give it one role").arg(value)};

    for (DatasetColumn &column : dataset.columns) {
        const ColumnOverride override = options.overrides.value(column.name);
        column.missingPolicy = override.missingPolicy.value_or(options.defaultMissingPolicy);
        if (override.ignore)
            column.role = ColumnRole::Ignored;
        if (options.valueColumns.contains(column.name)) {
            if (column.type != ColumnType::Numeric && column.type != ColumnType::Boolean)
                return Error{QStringLiteral("value column '%1' must be numeric, but it holds %2 values")
                                 .arg(column.name, toKey(column.type))};
            column.role = ColumnRole::Value;
        }
        if (options.targets.contains(column.name)) {
            column.role = ColumnRole::Target;
            // A target cannot be imputed: a made-up label teaches the model nothing true.
            if (column.missingPolicy != MissingPolicy::DropRow)
                column.missingPolicy = MissingPolicy::Keep;
        }
    }

    // A target's missing value is refused where it is in the file, unless the target's own policy
    // drops its row.
    for (const QString &target : options.targets) {
        const DatasetColumn &column = dataset.columns[std::size_t(dataset.columnIndex(target))];
        if (column.missingPolicy == MissingPolicy::DropRow)
            continue;
        const std::size_t firstTestRow = column.values.size() - std::size_t(testFileRows ? *testFileRows : 0);
        for (std::size_t r = 0; r < column.values.size(); ++r)
            if (isMissing(column.values[r]))
                return Error{QStringLiteral("target column '%1' has a missing value in data row %2%3; give it a "
                                            "value, or choose the drop_row policy for it")
                                 .arg(target)
                                 .arg(r < firstTestRow ? r + 1 : r - firstTestRow + 1)
                                 .arg(r < firstTestRow ? QString() : QStringLiteral(" of the test file"))};
    }

    // Drop the rows the policy says to drop, before any label work sees them.
    const std::int64_t rows = dataset.rowCount();
    std::vector<char> keep(std::size_t(rows), 1);
    for (const DatasetColumn &column : dataset.columns)
        if (column.missingPolicy == MissingPolicy::DropRow)
            for (std::int64_t r = 0; r < rows; ++r)
                if (isMissing(column.values[std::size_t(r)]))
                    keep[std::size_t(r)] = 0;
    const std::int64_t kept = std::count(keep.begin(), keep.end(), 1);
    if (testFileRows)
        *testFileRows = std::count(keep.end() - *testFileRows, keep.end(), 1);
    if (kept < rows) {
        const auto keepRows = [&](auto &values) {
            if (values.empty())
                return;
            std::size_t out = 0;
            for (std::int64_t r = 0; r < rows; ++r)
                if (keep[std::size_t(r)])
                    values[out++] = values[std::size_t(r)];
            values.resize(out);
        };
        for (DatasetColumn &column : dataset.columns) {
            keepRows(column.values);
            keepRows(column.exactIntegers);
        }
    }
    if (droppedRows)
        *droppedRows = rows - kept;
    if (kept == 0 && rows > 0)
        return Error{QStringLiteral("every row has a missing value in a column whose policy drops the row")};

    if (!options.positiveClass.isEmpty()) {
        if (options.targets.size() != 1)
            return Error{QStringLiteral("a positive class needs exactly one target column")};
        DatasetColumn &column = dataset.columns[std::size_t(dataset.columnIndex(options.targets.first()))];
        if (column.type != ColumnType::Categorical && column.type != ColumnType::Boolean)
            return Error{QStringLiteral("the positive class applies to a target with named classes; '%1' is %2")
                             .arg(column.name, toKey(column.type))};
        if (column.type == ColumnType::Boolean) {
            const std::optional<bool> positive = parseBool(options.positiveClass.toStdString());
            if (!positive)
                return Error{QStringLiteral("positive class '%1' does not occur in '%2'; its classes are: true, false")
                                 .arg(options.positiveClass, column.name)};
            if (!*positive) // "false" is the positive class: flip, so that 1 means positive
                for (double &v : column.values)
                    if (!isMissing(v))
                        v = 1.0 - v;
        }
        if (column.type == ColumnType::Categorical) {
            const qsizetype positive = column.categories.indexOf(options.positiveClass);
            if (positive < 0)
                return Error{
                    QStringLiteral("positive class '%1' does not occur in '%2'; its classes are: %3")
                        .arg(options.positiveClass, column.name, column.categories.join(QStringLiteral(", ")))};
            if (column.categories.size() != 2)
                return Error{QStringLiteral("a positive class makes a binary target, but '%1' has %2 classes")
                                 .arg(column.name)
                                 .arg(column.categories.size())};
            if (positive == 0) {
                column.categories.swapItemsAt(0, 1);
                for (double &v : column.values)
                    v = 1.0 - v;
            }
        }
    }

    if (!options.bucketEdges.isEmpty()) {
        if (options.targets.size() != 1)
            return Error{QStringLiteral("bucket edges need exactly one target column")};
        for (qsizetype i = 1; i < options.bucketEdges.size(); ++i)
            if (!(options.bucketEdges.at(i) > options.bucketEdges.at(i - 1)))
                return Error{QStringLiteral("bucket edges must be strictly ascending")};
        DatasetColumn &column = dataset.columns[std::size_t(dataset.columnIndex(options.targets.first()))];
        if (column.type != ColumnType::Numeric)
            return Error{QStringLiteral("only a numeric target can be cut into buckets; '%1' is %2")
                             .arg(column.name, toKey(column.type))};
        // Keep the number, out of the features: it is the label in another form (a leak).
        DatasetColumn raw = column;
        raw.name = column.name + QStringLiteral("_value");
        raw.role = ColumnRole::Ignored;
        QStringList labels;
        const QList<double> &edges = options.bucketEdges;
        labels << QStringLiteral("< %1").arg(edges.first());
        for (qsizetype i = 1; i < edges.size(); ++i)
            labels << QStringLiteral("[%1, %2)").arg(edges.at(i - 1)).arg(edges.at(i));
        labels << QStringLiteral(">= %1").arg(edges.last());
        for (double &v : column.values)
            v = double(std::upper_bound(edges.begin(), edges.end(), v) - edges.begin());
        column.type = ColumnType::Categorical;
        column.categories = labels;
        if (dataset.columnIndex(raw.name) < 0)
            dataset.columns.push_back(std::move(raw));
    }

    if (!options.multilabelDelimiter.isEmpty()) {
        if (options.targets.size() != 1)
            return Error{QStringLiteral("a multilabel delimiter needs exactly one target column")};
        const int index = dataset.columnIndex(options.targets.first());
        DatasetColumn source = dataset.columns[std::size_t(index)];
        if (source.type != ColumnType::Categorical)
            return Error{QStringLiteral("a multilabel column holds text such as \"news|sport\"; '%1' is %2")
                             .arg(source.name, toKey(source.type))};
        QStringList labels;
        std::vector<QStringList> split;
        for (const QString &category : source.categories) {
            QStringList parts;
            for (const QString &part : category.split(options.multilabelDelimiter, Qt::SkipEmptyParts))
                parts << part.trimmed();
            split.push_back(parts);
            for (const QString &part : parts)
                if (!labels.contains(part))
                    labels << part;
        }
        std::sort(labels.begin(), labels.end());
        dataset.columns[std::size_t(index)].role = ColumnRole::Ignored;
        for (const QString &label : labels) {
            DatasetColumn column;
            column.name = source.name + QLatin1Char(':') + label;
            column.type = ColumnType::Numeric;
            column.role = ColumnRole::Target;
            column.values.resize(source.values.size());
            for (std::size_t r = 0; r < source.values.size(); ++r)
                column.values[r] = split[std::size_t(source.values[r])].contains(label) ? 1.0 : 0.0;
            dataset.columns.push_back(std::move(column));
        }
    }
    return success();
}

namespace {

Error changedWhileRead(const QFileInfo &file)
{
    return Error{QStringLiteral("'%1' changed while it was being read; import it again once it is complete")
                     .arg(file.fileName())};
}

// A CSV file read into typed columns, before the label options.
struct CsvTable {
    Dataset dataset;
    QString sha256; // of the CSV text (decompressed when the file is gzip)
};

Result<CsvTable> readCsvTable(const QString &path, const ImportOptions &options, std::atomic<bool> *cancel,
                              const ImportProgress &progress)
{
    const QFileInfo info(path);
    if (!info.exists())
        return Error{QStringLiteral("'%1' does not exist").arg(path)};
    if (info.isDir())
        return Error{QStringLiteral("'%1' is a folder, not a file").arg(path)};

    // Pass 1: tokenise every record, decide each column's type, keep numbers while they last.
    CsvPass first(path, options, cancel, progress, 0.0, 0.6);
    if (Status opened = first.open(false); !opened)
        return Error{opened.error()};
    const QStringList header = first.reader().header();
    if (Status ok = checkHeader(header); !ok)
        return Error{ok.error()};
    const std::size_t columnCount = std::size_t(header.size());
    // The columns are sized from the whole file's bytes: a second part's numbers are appended.
    CsvColumnScanner scanner(header, options, first.reader().separator(), info.size(), true);
    const QDateTime modifiedBefore = info.lastModified();
    Status pass1 = scanCsvRecords(first.reader(), path, info.size(), !first.isGzip(), options, scanner, cancel,
                                  first.otherPartBytes());
    if (!pass1)
        return Error{pass1.error()};
    if (!scanner.error().isEmpty())
        return Error{scanner.error()};
    const std::int64_t rows = scanner.rows();
    if (rows == 0)
        return Error{QStringLiteral("'%1' has a header but no rows").arg(info.fileName())};
    // A second part, and the hash of the bytes after the first, are read through other handles:
    // a file written meanwhile would mix two versions. (One deleted meanwhile was read whole through
    // the handles open on it; a second pass says it is gone.)
    const QFileInfo after(path);
    if (after.exists() && (after.size() != info.size() || after.lastModified() != modifiedBefore))
        return changedWhileRead(info);
    std::vector<ColumnScan> &scans = scanner.columns();
    const QString fileSha256 = first.reader().sha256Hex();

    Dataset dataset;
    dataset.columns.resize(columnCount);
    bool needsSecondPass = false;
    for (std::size_t c = 0; c < columnCount; ++c) {
        DatasetColumn &column = dataset.columns[c];
        const ColumnScan &scan = scans[c];
        column.name = header.at(qsizetype(c)).trimmed();
        const ColumnType inferred = decideType(scan);
        column.type = options.overrides.value(column.name).type.value_or(inferred);
        if (column.type == ColumnType::Numeric && scan.nonFiniteLine > 0)
            return Error{QStringLiteral("line %1, column '%2': %3 is not a finite number; leave the cell empty or "
                                        "write NA for a missing value")
                             .arg(scan.nonFiniteLine)
                             .arg(column.name, quotedCell(scan.nonFiniteCell))};
        if (column.type == ColumnType::Numeric) {
            column.values = std::move(scans[c].numbers);
            column.exactIntegers = std::move(scans[c].integers);
        }
        else
            needsSecondPass = true;
    }

    // Pass 2, only for non-numeric columns: convert each cell to its type.
    if (needsSecondPass) {
        CsvPass second(path, options, cancel, progress, 0.6, 1.0);
        if (Status opened = second.open(true); !opened)
            return Error{opened.error()};
        std::vector<std::unordered_map<std::string, int>> dictionaries(columnCount);
        for (std::size_t c = 0; c < columnCount; ++c)
            if (dataset.columns[c].type != ColumnType::Numeric)
                dataset.columns[c].values.reserve(std::size_t(rows));
        std::int64_t row = 0;
        QString error;
        Status pass2 = second.reader().forEachRecord([&](const CsvRecord &record) {
            for (std::size_t c = 0; c < columnCount; ++c) {
                DatasetColumn &column = dataset.columns[c];
                if (column.type == ColumnType::Numeric)
                    continue;
                const std::string_view cell = record.fields[c];
                if (isMissingToken(cell)) {
                    column.values.push_back(kMissing);
                    continue;
                }
                switch (column.type) {
                case ColumnType::Boolean:
                    if (const std::optional<bool> value = parseBool(cell)) {
                        column.values.push_back(*value ? 1.0 : 0.0);
                        continue;
                    }
                    break;
                case ColumnType::DateTime:
                    if (const std::optional<double> value = parseIsoDateTime(cell)) {
                        column.values.push_back(*value);
                        continue;
                    }
                    break;
                case ColumnType::Categorical: {
                    const std::string key(trimmed(cell));
                    auto [it, inserted] = dictionaries[c].try_emplace(key, int(column.categories.size()));
                    if (inserted)
                        column.categories << QString::fromStdString(key);
                    column.values.push_back(double(it->second));
                    continue;
                }
                case ColumnType::Numeric:
                    break;
                }
                error = QStringLiteral("line %1, column '%2': %3 is not a %4 value, and the column is declared %4")
                            .arg(record.line)
                            .arg(column.name, quotedCell(cell), toKey(column.type));
                return false;
            }
            ++row;
            return true;
        });
        // The first pass read this path without a problem: any error now means it changed.
        if (!pass2 && !pass2.error().contains(QLatin1String("cancelled")))
            return Error{
                QStringLiteral("'%1' changed while it was being read (%2); import it again once it is complete")
                    .arg(info.fileName(), pass2.error())};
        if (!pass2)
            return Error{pass2.error()};
        if (!error.isEmpty())
            return Error{error};
        if (second.reader().sha256Hex() != fileSha256 || row != rows)
            return changedWhileRead(info);
        for (DatasetColumn &column : dataset.columns)
            if (column.type == ColumnType::Categorical)
                sortCategories(column);
    } else if (progress) {
        progress(1.0);
    }

    return CsvTable{std::move(dataset), fileSha256};
}

// The progress of one part of the work, as a share [from, to] of the whole.
ImportProgress progressShare(const ImportProgress &progress, double from, double to)
{
    if (!progress)
        return {};
    return [=](double fraction) { progress(from + (to - from) * fraction); };
}

} // namespace

Result<ImportedDataset> importCsv(const QString &path, const ImportOptions &options, std::atomic<bool> *cancel,
                                  const ImportProgress &progress)
{
    Result<CsvTable> read = readCsvTable(path, options, cancel, progress);
    if (!read)
        return Error{read.error()};
    CsvTable table = std::move(read).value();
    ImportedDataset imported;
    if (Status labelled = applyLabelOptions(table.dataset, options, &imported.droppedRows); !labelled)
        return Error{labelled.error()};
    const QFileInfo info(path);
    imported.dataset = std::move(table.dataset);
    imported.fileSha256 = table.sha256;
    imported.options = options.toJson();
    imported.versionSha256 = versionIdentity(imported.fileSha256, imported.options);
    imported.sourceName = info.fileName();
    imported.sourceSize = info.size();
    return imported;
}

QString combinedSha256(const QStringList &sha256s)
{
    return sha256Hex(sha256s.join(QString()).toLatin1());
}

QJsonObject fileRecord(const QString &path, const QString &sha256)
{
    const QFileInfo info(path);
    return QJsonObject{{QStringLiteral("name"), info.fileName()},
                       {QStringLiteral("bytes"), qint64(info.size())},
                       {QStringLiteral("sha256"), sha256}};
}

Result<ImportedDataset> importCsvWithTestFile(const QString &path, const QString &testPath,
                                              const ImportOptions &options, std::atomic<bool> *cancel,
                                              const ImportProgress &progress)
{
    // Progress by the files' sizes: the larger file takes the larger share of the bar.
    const double trainBytes = double(std::max<qint64>(1, QFileInfo(path).size()));
    const double testBytes = double(std::max<qint64>(1, QFileInfo(testPath).size()));
    const double trainShare = trainBytes / (trainBytes + testBytes);
    Result<CsvTable> readTrain = readCsvTable(path, options, cancel, progressShare(progress, 0.0, trainShare));
    if (!readTrain)
        return Error{readTrain.error()};
    Result<CsvTable> readTest = readCsvTable(testPath, options, cancel, progressShare(progress, trainShare, 1.0));
    if (!readTest)
        return Error{QStringLiteral("test file: %1").arg(readTest.error())};
    CsvTable train = std::move(readTrain).value();
    CsvTable test = std::move(readTest).value();
    const QString trainName = QFileInfo(path).fileName();
    const QString testName = QFileInfo(testPath).fileName();
    const std::int64_t trainRows = train.dataset.rowCount();
    Result<Dataset> appended = appendRows(std::move(train.dataset), std::move(test.dataset), trainName, testName);
    if (!appended)
        return Error{appended.error()};
    Dataset both = std::move(appended).value();

    ImportedDataset imported;
    imported.testFileRows = both.rowCount() - trainRows;
    if (Status labelled = applyLabelOptions(both, options, &imported.droppedRows, &imported.testFileRows); !labelled)
        return Error{labelled.error()};
    if (imported.testFileRows == 0)
        return Error{QStringLiteral("every row of the test file '%1' has a missing value in a column whose policy "
                                    "drops the row, so there is no test part")
                         .arg(testName)};
    imported.dataset = std::move(both);
    // The identity covers both files' text and the options, not their names: renaming a file
    // does not make another version.
    imported.fileSha256 = combinedSha256({train.sha256, test.sha256});
    imported.options = options.toJson();
    imported.versionSha256 = versionIdentity(imported.fileSha256, imported.options);
    // Where the rows came from, for the record.
    imported.options.insert(QStringLiteral("file"), fileRecord(path, train.sha256));
    imported.options.insert(QStringLiteral("test_file"), fileRecord(testPath, test.sha256));
    imported.sourceName = trainName + QStringLiteral(" + ") + testName;
    imported.sourceSize = QFileInfo(path).size() + QFileInfo(testPath).size();
    return imported;
}

} // namespace mb::data
