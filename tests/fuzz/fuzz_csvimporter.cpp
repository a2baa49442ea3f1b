// SPDX-License-Identifier: GPL-3.0-or-later
// Importing arbitrary bytes as a CSV file (plain or gzip, which the importer detects by its
// magic): type inference, missing values, and the label options a user picks for a target.
// The file's last column is the target; a byte in the middle of the input picks which options, so
// one corpus reaches each of them.

#include "core/data/CsvImporter.h"
#include "core/data/CsvReader.h"
#include "tests/fuzz/FuzzSupport.h"

#include <QBuffer>

namespace {

// The header as the importer will see it, for naming a target (gzip input: none, options stay plain).
QStringList headerOf(QByteArray &bytes)
{
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    mb::data::CsvReader reader(buffer, {});
    return reader.readHeader() ? reader.header() : QStringList();
}

mb::data::ImportOptions optionsFor(const QStringList &header, std::uint8_t choice)
{
    mb::data::ImportOptions options;
    if (header.isEmpty() || choice % 6 == 0)
        return options; // no target: every column a feature
    options.targets = {header.last()};
    switch (choice % 6) {
    case 1:
        break; // the target as it is (binary, classes or numbers, inferred)
    case 2:
        options.bucketEdges = {0.0, 10.0, 100.0};
        break;
    case 3:
        options.multilabelDelimiter = QStringLiteral("|");
        break;
    case 4:
        options.defaultMissingPolicy = mb::data::MissingPolicy::ImputeMedian;
        break;
    case 5:
        options.defaultMissingPolicy = mb::data::MissingPolicy::DropRow;
        if (header.size() > 1)
            options.valueColumns = {header.first()};
        break;
    }
    return options;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const bool quiet = (mbfuzz::quietQt(), true);
    Q_UNUSED(quiet);
    QByteArray bytes = mbfuzz::bytesOf(data, size);
    const std::uint8_t choice = size > 0 ? data[size / 2] : 0;
    const mb::data::ImportOptions options = optionsFor(headerOf(bytes), choice);
    const QString path = mbfuzz::writeScratchFile(QStringLiteral("input.csv"), bytes);
    const auto imported = mb::data::importCsv(path, options);
    if (!imported && imported.error().isEmpty())
        std::abort(); // a refusal must say why
    return 0;
}
