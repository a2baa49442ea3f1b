// SPDX-License-Identifier: GPL-3.0-or-later
// Reading arbitrary bytes as an IDX file (MNIST's format), raw or gzip (GzipSource detects the
// magic): header checks, dimensions that lie, truncated or damaged compressed streams. A file it
// accepts must hold exactly the values its dimensions promise.

#include "core/data/IdxReader.h"
#include "tests/fuzz/FuzzSupport.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const bool quiet = (mbfuzz::quietQt(), true);
    Q_UNUSED(quiet);
    const QString path = mbfuzz::writeScratchFile(QStringLiteral("input.idx"), mbfuzz::bytesOf(data, size));
    Q_UNUSED(mb::data::looksLikeIdx(path));
    const auto array = mb::data::readIdxFile(path);
    if (!array)
        return array.error().isEmpty() ? (std::abort(), 0) : 0; // a refusal must say why
    if (std::int64_t(array->values.size()) != array->count() * array->itemSize())
        std::abort();
    return 0;
}
