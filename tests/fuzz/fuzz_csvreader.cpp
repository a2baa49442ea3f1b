// SPDX-License-Identifier: GPL-3.0-or-later
// The streaming CSV reader on arbitrary bytes: header, separator detection, quoting, UTF-8 checks.
// A bad file must end in an error, never a crash, and every field it hands out must lie inside
// the record it read.

#include "core/data/CsvReader.h"
#include "tests/fuzz/FuzzSupport.h"

#include <QBuffer>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const bool quiet = (mbfuzz::quietQt(), true);
    Q_UNUSED(quiet);
    QByteArray bytes = mbfuzz::bytesOf(data, size);
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    mb::data::CsvReader reader(buffer, {});
    if (!reader.readHeader())
        return 0;
    std::size_t fieldBytes = 0;
    const mb::Status status = reader.forEachRecord([&](const mb::data::CsvRecord &record) {
        for (const std::string_view field : record.fields)
            fieldBytes += field.size(); // touches each view, so ASan sees one that points outside
        return true;
    });
    Q_UNUSED(status);
    if (fieldBytes > size)
        std::abort(); // the fields of a CSV cannot hold more bytes than the file
    return 0;
}
