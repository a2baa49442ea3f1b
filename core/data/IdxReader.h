// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace mb::data {

// An MNIST-style IDX file: unsigned-byte data with its dimensions.
// idx1 (magic 0x00000801): labels, dims = {count}.
// idx3 (magic 0x00000803): images, dims = {count, rows, columns}.
struct IdxArray {
    std::vector<std::uint32_t> dims;
    std::vector<std::uint8_t> values; // row-major, product(dims) bytes
    std::int64_t count() const { return dims.empty() ? 0 : dims.front(); }
    std::int64_t itemSize() const; // product of dims after the first (1 for labels)
};

// Reads an IDX file, gzip-compressed or raw (detected from the gzip magic bytes 1f 8b).
// Only the unsigned-byte type (0x08) is accepted. Errors name the problem: a wrong magic number
// (showing the bytes found and the expected 0x00000801 or 0x00000803), an unsupported data type,
// a dimension of zero, dimensions that do not match the file size ("dimensions 60000x28x28 need
// 47040000 bytes of data, the file has 1000"), a corrupt or truncated gzip stream, an unreadable
// file. The whole file is read and checked before anything is returned.
Result<IdxArray> readIdxFile(const QString &path);

// Whether the file starts like an IDX file of unsigned bytes (magic 0x000008 then a dimension
// count of 1 to 4), read through gzip when it is compressed: the CSV importer asks, so that an
// image file given without --labels is named for what it is instead of "invalid UTF-8". Reads
// four bytes; false for a file it cannot read (the importer then reports that).
bool looksLikeIdx(const QString &path);

// Checks that images and labels belong together (same count, labels 1-D, images 3-D) and returns
// a clear message otherwise.
Status checkIdxPair(const IdxArray &images, const IdxArray &labels);

} // namespace mb::data
