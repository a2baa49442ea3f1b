// SPDX-License-Identifier: GPL-3.0-or-later
// Importing an IDX image file with its label file, both from one input: its first 4 bytes
// (little-endian) say how many of the rest are the images, the remainder is the labels. Covers
// what readIdxFile alone does not: the pair check and the conversion into a dataset.

#include "core/data/IdxImporter.h"
#include "tests/fuzz/FuzzSupport.h"

#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const bool quiet = (mbfuzz::quietQt(), true);
    Q_UNUSED(quiet);
    if (size < 4)
        return 0;
    std::uint32_t imagesSize = 0;
    std::memcpy(&imagesSize, data, 4);
    const std::size_t rest = size - 4;
    const std::size_t split = std::min<std::size_t>(imagesSize, rest);
    const QString images = mbfuzz::writeScratchFile(QStringLiteral("images.idx3"), mbfuzz::bytesOf(data + 4, split));
    const QString labels =
        mbfuzz::writeScratchFile(QStringLiteral("labels.idx1"), mbfuzz::bytesOf(data + 4 + split, rest - split));
    const auto imported = mb::data::importIdx(images, labels, {});
    if (!imported && imported.error().isEmpty())
        std::abort(); // a refusal must say why
    return 0;
}
