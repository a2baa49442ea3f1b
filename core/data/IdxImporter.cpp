// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/IdxImporter.h"

#include "core/Sha256.h"
#include "core/data/IdxReader.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

#include <algorithm>

namespace mb::data {
namespace {

QString fileSha256(const QString &path)
{
    QFile file(path);
    Sha256 hash;
    if (file.open(QIODevice::ReadOnly)) {
        QByteArray block(1 << 20, Qt::Uninitialized);
        for (qint64 n; (n = file.read(block.data(), block.size())) > 0;)
            hash.addData(QByteArrayView(block.constData(), qsizetype(n)));
    }
    return QString::fromLatin1(hash.result().toHex());
}

struct IdxPair {
    IdxArray images;
    IdxArray labels;
};

// Reads and checks one images + labels pair; `which` names it in errors ("the test pair: ...").
Result<IdxPair> readPair(const QString &imagesPath, const QString &labelsPath, const QString &which)
{
    Result<IdxArray> images = readIdxFile(imagesPath);
    if (!images)
        return Error{images.error()};
    Result<IdxArray> labels = readIdxFile(labelsPath);
    if (!labels)
        return Error{labels.error()};
    if (Status paired = checkIdxPair(*images, *labels); !paired)
        return Error{which.isEmpty() ? paired.error() : which + QStringLiteral(": ") + paired.error()};
    return IdxPair{std::move(images).value(), std::move(labels).value()};
}

QString shapeText(const IdxArray &images)
{
    return QStringLiteral("%1x%2").arg(images.dims.at(1)).arg(images.dims.at(2));
}

// One numeric column per pixel and a categorical "label" whose classes are the label values,
// in numeric order.
Dataset datasetOf(const IdxPair &pair)
{
    const std::size_t count = std::size_t(pair.images.count());
    const std::size_t pixels = std::size_t(pair.images.itemSize());
    Dataset dataset;
    dataset.columns.resize(pixels + 1);
    for (std::size_t p = 0; p < pixels; ++p) {
        DatasetColumn &column = dataset.columns[p];
        column.name = QStringLiteral("pixel_%1").arg(p);
        column.values.resize(count);
        for (std::size_t i = 0; i < count; ++i)
            column.values[i] = pair.images.values[i * pixels + p];
    }
    DatasetColumn &label = dataset.columns[pixels];
    label.name = QStringLiteral("label");
    label.type = ColumnType::Categorical;
    std::vector<int> present;
    for (std::uint8_t v : pair.labels.values)
        if (std::find(present.begin(), present.end(), int(v)) == present.end())
            present.push_back(v);
    std::sort(present.begin(), present.end());
    for (int v : present)
        label.categories << QString::number(v);
    label.values.resize(count);
    for (std::size_t i = 0; i < count; ++i)
        label.values[i] =
            double(std::lower_bound(present.begin(), present.end(), int(pair.labels.values[i])) - present.begin());
    return dataset;
}

Result<ImportedDataset> importPairs(const QString &imagesPath, const QString &labelsPath, const QString &testImagesPath,
                                    const QString &testLabelsPath, ImportOptions options)
{
    Result<IdxPair> read = readPair(imagesPath, labelsPath, {});
    if (!read)
        return Error{read.error()};
    IdxPair pair = std::move(read).value();
    const bool withTest = !testImagesPath.isEmpty();
    std::int64_t testRows = 0;
    if (withTest) {
        Result<IdxPair> test = readPair(testImagesPath, testLabelsPath, QStringLiteral("the test pair"));
        if (!test)
            return Error{test.error()};
        if (test->images.dims.at(1) != pair.images.dims.at(1) || test->images.dims.at(2) != pair.images.dims.at(2))
            return Error{QStringLiteral("the test images are %1 pixels ('%2'), the training images %3 ('%4'); a test "
                                        "file needs images of the training images' shape")
                             .arg(shapeText(test->images), QFileInfo(testImagesPath).fileName(), shapeText(pair.images),
                                  QFileInfo(imagesPath).fileName())};
        // One pair of arrays, so the label classes are numbered over both files at once.
        testRows = test->images.count();
        pair.images.dims[0] += test->images.dims[0];
        pair.labels.dims[0] += test->labels.dims[0];
        pair.images.values.insert(pair.images.values.end(), test->images.values.begin(), test->images.values.end());
        pair.labels.values.insert(pair.labels.values.end(), test->labels.values.begin(), test->labels.values.end());
    }

    Dataset dataset = datasetOf(pair);
    if (options.targets.isEmpty())
        options.targets = {QStringLiteral("label")};
    ImportedDataset imported;
    imported.testFileRows = testRows;
    if (Status labelled =
            applyLabelOptions(dataset, options, &imported.droppedRows, withTest ? &imported.testFileRows : nullptr);
        !labelled)
        return Error{labelled.error()};
    imported.dataset = std::move(dataset);
    QStringList hashes{fileSha256(imagesPath), fileSha256(labelsPath)};
    QStringList paths{imagesPath, labelsPath};
    if (withTest) {
        hashes << fileSha256(testImagesPath) << fileSha256(testLabelsPath);
        paths << testImagesPath << testLabelsPath;
    }
    imported.fileSha256 = combinedSha256(hashes);
    imported.options = options.toJson();
    // The pixels are flattened into columns; a CNN needs the image's shape back.
    imported.options.insert(QStringLiteral("image_shape"),
                            QJsonArray{qint64(pair.images.dims.at(1)), qint64(pair.images.dims.at(2))});
    imported.versionSha256 = versionIdentity(imported.fileSha256, imported.options);
    if (withTest) {
        // Where the rows came from, for the record (not the identity: a renamed file is the same data).
        imported.options.insert(QStringLiteral("file"), fileRecord(imagesPath, hashes.at(0)));
        imported.options.insert(QStringLiteral("labels"), fileRecord(labelsPath, hashes.at(1)));
        imported.options.insert(QStringLiteral("test_file"), fileRecord(testImagesPath, hashes.at(2)));
        imported.options.insert(QStringLiteral("test_labels"), fileRecord(testLabelsPath, hashes.at(3)));
    }
    QStringList names;
    for (const QString &path : paths) {
        names << QFileInfo(path).fileName();
        imported.sourceSize += QFileInfo(path).size();
    }
    imported.sourceName = names.join(QStringLiteral(" + "));
    return imported;
}

} // namespace

Result<ImportedDataset> importIdx(const QString &imagesPath, const QString &labelsPath, ImportOptions options)
{
    return importPairs(imagesPath, labelsPath, {}, {}, std::move(options));
}

Result<ImportedDataset> importIdxWithTestFiles(const QString &imagesPath, const QString &labelsPath,
                                               const QString &testImagesPath, const QString &testLabelsPath,
                                               ImportOptions options)
{
    return importPairs(imagesPath, labelsPath, testImagesPath, testLabelsPath, std::move(options));
}

} // namespace mb::data
