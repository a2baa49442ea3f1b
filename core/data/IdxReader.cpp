// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/IdxReader.h"

#include "core/data/DatasetLimits.h"
#include "core/data/GzipSource.h"

#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <algorithm>
#include <array>
#include <limits>
#include <memory>

namespace mb::data {

std::int64_t IdxArray::itemSize() const
{
    if (dims.empty())
        return 0;
    std::int64_t size = 1;
    for (std::size_t i = 1; i < dims.size(); ++i)
        size *= dims[i];
    return size;
}

namespace {

constexpr qint64 kChunk = 256 * 1024;
// Deflate cannot expand data by more than about 1032:1, so the compressed size bounds how much a
// gzip file can honestly hold; it caps the up-front reservation for a header that lies.
constexpr qint64 kMaxDeflateRatio = 1032;

QString hexBytes(const unsigned char *bytes, int count)
{
    QString text = QStringLiteral("0x");
    for (int i = 0; i < count; ++i)
        text += QStringLiteral("%1").arg(uint(bytes[i]), 2, 16, QLatin1Char('0'));
    return text;
}

QString typeName(unsigned char type)
{
    switch (type) {
    case 0x08:
        return QStringLiteral("unsigned byte");
    case 0x09:
        return QStringLiteral("signed byte");
    case 0x0B:
        return QStringLiteral("16-bit integer");
    case 0x0C:
        return QStringLiteral("32-bit integer");
    case 0x0D:
        return QStringLiteral("32-bit float");
    case 0x0E:
        return QStringLiteral("64-bit float");
    default:
        return QStringLiteral("unknown type");
    }
}

QString dimsText(const std::vector<std::uint32_t> &dims)
{
    QStringList parts;
    for (const std::uint32_t d : dims)
        parts << QString::number(d);
    return parts.join(QLatin1Char('x'));
}

Result<IdxArray> parse(GzipSource &source, qint64 fileSize)
{
    std::array<unsigned char, 4> magic{};
    Result<qint64> got = source.read(magic.data(), 4);
    if (!got)
        return Error{got.error()};
    if (*got == 0)
        return Error{source.isGzip() ? QStringLiteral("the compressed file holds no data")
                                     : QStringLiteral("the file is empty")};
    // Two zero bytes, a type byte, a rank byte: say which part is wrong, showing what was found.
    if (*got < 4 || magic[0] != 0 || magic[1] != 0) {
        if (*got < 4 && std::all_of(magic.begin(), magic.begin() + *got, [](unsigned char b) { return b == 0; }))
            return Error{QStringLiteral("the file is too short to be an IDX file (%1 bytes)").arg(*got)};
        return Error{QStringLiteral("not an IDX file: wrong magic number %1 (expected 0x00000801 "
                                    "for labels or 0x00000803 for images)")
                         .arg(hexBytes(magic.data(), int(*got)))};
    }
    if (magic[2] != 0x08) {
        return Error{QStringLiteral("unsupported IDX data type 0x%1 (%2) in magic number %3; only "
                                    "unsigned byte (0x08) is supported")
                         .arg(uint(magic[2]), 2, 16, QLatin1Char('0'))
                         .arg(typeName(magic[2]), hexBytes(magic.data(), 4))};
    }
    if (magic[3] != 1 && magic[3] != 3) {
        return Error{QStringLiteral("wrong magic number %1: %2 dimensions (expected 0x00000801 for "
                                    "labels or 0x00000803 for images)")
                         .arg(hexBytes(magic.data(), 4))
                         .arg(uint(magic[3]))};
    }

    IdxArray array;
    const int rank = magic[3];
    const qint64 headerSize = 4 + 4 * rank;
    std::array<unsigned char, 12> dimBytes{};
    got = source.read(dimBytes.data(), 4 * rank);
    if (!got)
        return Error{got.error()};
    if (*got < 4 * rank) {
        return Error{QStringLiteral("the file ends inside the IDX header (%1 of %2 header bytes)")
                         .arg(4 + *got)
                         .arg(headerSize)};
    }
    for (int i = 0; i < rank; ++i) {
        const unsigned char *b = dimBytes.data() + 4 * i;
        array.dims.push_back((std::uint32_t(b[0]) << 24) | (std::uint32_t(b[1]) << 16) | (std::uint32_t(b[2]) << 8) |
                             std::uint32_t(b[3]));
    }
    for (int i = 0; i < rank; ++i) {
        if (array.dims[std::size_t(i)] == 0) {
            return Error{QStringLiteral("dimension %1 of %2 is zero (dimensions %3)")
                             .arg(i + 1)
                             .arg(rank)
                             .arg(dimsText(array.dims))};
        }
    }
    // Three 32-bit factors can overflow 64 bits; refuse before any arithmetic wraps around.
    std::uint64_t need = 1;
    for (const std::uint32_t d : array.dims) {
        if (need > std::uint64_t(std::numeric_limits<qint64>::max()) / d)
            return Error{QStringLiteral("dimensions %1 are too large").arg(dimsText(array.dims))};
        need *= d;
    }
    // Images become one column per pixel, each value a double: refuse what cannot be held before
    // a byte of the data is read (256x256 images took 11.3 GB and wrote a 10.5 GB workspace).
    const auto fitsInMemory = [&]() -> Status {
        if (rank != 3)
            return success();
        if (Status fits = checkDatasetSize(array.dims[0], std::int64_t(array.dims[1]) * array.dims[2] + 1); !fits)
            return Error{QStringLiteral("images of %1x%2 pixels are too large to import: %3")
                             .arg(array.dims[1])
                             .arg(array.dims[2])
                             .arg(fits.error())};
        return success();
    };
    const auto sizeError = [&](qint64 have) {
        return Error{QStringLiteral("dimensions %1 need %2 bytes of data, the file has %3%4")
                         .arg(dimsText(array.dims))
                         .arg(need)
                         .arg(have)
                         .arg(source.isGzip() ? QStringLiteral(" after decompression") : QString())};
    };

    const qint64 needed = qint64(need);
    if (!source.isGzip()) {
        // The size is known: refuse a short or long file before allocating anything.
        const qint64 have = fileSize - headerSize;
        if (have != needed)
            return sizeError(have);
        if (Status fits = fitsInMemory(); !fits)
            return Error{fits.error()};
        array.values.resize(std::size_t(needed));
        got = source.read(array.values.data(), needed);
        if (!got)
            return Error{got.error()};
        if (*got != needed) // the file shrank while being read
            return sizeError(*got);
        unsigned char extra = 0;
        got = source.read(&extra, 1);
        if (!got)
            return Error{got.error()};
        if (*got != 0)
            return Error{QStringLiteral("the file grew while being read")};
        return array;
    }

    // Compressed: the real size is only known at the end, so grow with the data actually
    // decompressed instead of trusting the header with an allocation of gigabytes.
    if (Status fits = fitsInMemory(); !fits)
        return Error{fits.error()};
    array.values.reserve(std::size_t(std::min(needed, std::max<qint64>(fileSize, 1) * kMaxDeflateRatio)));
    qint64 have = 0;
    while (have < needed) {
        const qint64 step = std::min(kChunk, needed - have);
        array.values.resize(std::size_t(have + step));
        got = source.read(array.values.data() + have, step);
        if (!got)
            return Error{got.error()};
        have += *got;
        if (*got < step)
            return sizeError(have);
    }
    // Count (and discard) whatever follows the data, so "too much data" reports its real size
    // and the gzip trailer is still checked.
    std::vector<unsigned char> scratch(static_cast<std::size_t>(kChunk));
    qint64 extra = 0;
    for (;;) {
        got = source.read(scratch.data(), kChunk);
        if (!got)
            return Error{got.error()};
        if (*got == 0)
            break;
        extra += *got;
    }
    if (extra != 0)
        return sizeError(have + extra);
    return array;
}

} // namespace

Result<IdxArray> readIdxFile(const QString &path)
{
    const QString name = QFileInfo(path).fileName();
    const auto fail = [&](const QString &message) { return Error{name + QStringLiteral(": ") + message}; };

    QFile file(path);
    if (!QFileInfo(path).isFile() && QFileInfo::exists(path))
        return fail(QStringLiteral("not a regular file"));
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot open the file: %1").arg(file.errorString()));
    GzipSource source(file);
    if (Status opened = source.open(); !opened)
        return fail(opened.error());
    Result<IdxArray> array = parse(source, file.size());
    if (!array)
        return fail(array.error());
    return array;
}

Status checkIdxPair(const IdxArray &images, const IdxArray &labels)
{
    if (images.dims.size() != 3) {
        return Error{QStringLiteral("the images must have 3 dimensions (count x rows x columns), "
                                    "they have %1%2")
                         .arg(images.dims.size())
                         .arg(images.dims.size() == 1 ? QStringLiteral(" (is this the labels file?)") : QString())};
    }
    if (labels.dims.size() != 1) {
        return Error{QStringLiteral("the labels must have 1 dimension (count), they have %1%2")
                         .arg(labels.dims.size())
                         .arg(labels.dims.size() == 3 ? QStringLiteral(" (is this the images file?)") : QString())};
    }
    if (images.count() != labels.count()) {
        return Error{QStringLiteral("the images and labels do not belong together: %1 images but "
                                    "%2 labels")
                         .arg(images.count())
                         .arg(labels.count())};
    }
    // Arrays built in code rather than read from a file may disagree with their dims.
    const auto sizeMismatch = [](const IdxArray &a) {
        return std::uint64_t(a.values.size()) != std::uint64_t(a.count()) * std::uint64_t(a.itemSize());
    };
    if (sizeMismatch(images) || sizeMismatch(labels))
        return Error{QStringLiteral("the image or label values do not match their dimensions")};
    return success();
}

bool looksLikeIdx(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    GzipSource source(file);
    if (!source.open())
        return false;
    unsigned char magic[4] = {};
    const Result<qint64> read = source.read(magic, 4);
    return read && *read == 4 && magic[0] == 0 && magic[1] == 0 && magic[2] == 0x08 && magic[3] >= 1 && magic[3] <= 4;
}

} // namespace mb::data
