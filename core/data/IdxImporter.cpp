// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/IdxImporter.h"

#include "core/data/IdxReader.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

#include <algorithm>

namespace mb::data {
namespace {

QByteArray fileSha256(const QString &path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (file.open(QIODevice::ReadOnly))
        hash.addData(&file);
    return hash.result().toHex();
}

} // namespace

Result<ImportedDataset> importIdx(const QString &imagesPath, const QString &labelsPath, ImportOptions options)
{
    Result<IdxArray> images = readIdxFile(imagesPath);
    if (!images)
        return Error{images.error()};
    Result<IdxArray> labels = readIdxFile(labelsPath);
    if (!labels)
        return Error{labels.error()};
    if (Status paired = checkIdxPair(*images, *labels); !paired)
        return Error{paired.error()};

    const std::size_t count = std::size_t(images->count());
    const std::size_t pixels = std::size_t(images->itemSize());
    Dataset dataset;
    dataset.columns.resize(pixels + 1);
    for (std::size_t p = 0; p < pixels; ++p) {
        DatasetColumn &column = dataset.columns[p];
        column.name = QStringLiteral("pixel_%1").arg(p);
        column.values.resize(count);
        for (std::size_t i = 0; i < count; ++i)
            column.values[i] = images->values[i * pixels + p];
    }
    DatasetColumn &label = dataset.columns[pixels];
    label.name = QStringLiteral("label");
    label.type = ColumnType::Categorical;
    std::vector<int> present;
    for (std::uint8_t v : labels->values)
        if (std::find(present.begin(), present.end(), int(v)) == present.end())
            present.push_back(v);
    std::sort(present.begin(), present.end());
    for (int v : present)
        label.categories << QString::number(v);
    label.values.resize(count);
    for (std::size_t i = 0; i < count; ++i)
        label.values[i] =
            double(std::lower_bound(present.begin(), present.end(), int(labels->values[i])) - present.begin());

    if (options.targets.isEmpty())
        options.targets = {QStringLiteral("label")};
    ImportedDataset imported;
    if (Status labelled = applyLabelOptions(dataset, options, &imported.droppedRows); !labelled)
        return Error{labelled.error()};
    imported.dataset = std::move(dataset);
    imported.fileSha256 =
        QString::fromLatin1(QCryptographicHash::hash(QByteArray(fileSha256(imagesPath) + fileSha256(labelsPath)),
                                                     QCryptographicHash::Sha256)
                                .toHex());
    imported.options = options.toJson();
    // The pixels are flattened into columns; a CNN needs the image's shape back.
    imported.options.insert(QStringLiteral("image_shape"),
                            QJsonArray{qint64(images->dims.at(1)), qint64(images->dims.at(2))});
    imported.versionSha256 = versionIdentity(imported.fileSha256, imported.options);
    imported.sourceName = QFileInfo(imagesPath).fileName() + QStringLiteral(" + ") + QFileInfo(labelsPath).fileName();
    imported.sourceSize = QFileInfo(imagesPath).size() + QFileInfo(labelsPath).size();
    return imported;
}

} // namespace mb::data
