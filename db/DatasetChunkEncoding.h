// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/Dataset.h"
#include "db/DatasetRepository.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <optional>

namespace mb::db {

// How a chunk of a dataset column is laid out in dataset_chunks (`data`, `encoding`): the
// narrowest layout that gives back every value bit for bit, so an import writes fewer bytes
// through the WAL and into the file, and a load gets the same doubles.
//   uint8, int32, float32  (db/ColumnEncoding) when every value is one exactly (counts, codes);
//   decimal32              one byte k, then per value a little-endian int32 m with m / 10^k the
//                          value (INT32_MIN: missing, INT32_MIN + 1: -0.0): a measurement written
//                          with a few decimals ("0.4187", "-12.5"), half the bytes of float64;
//   int64                  a column with exact integers (DatasetColumn::exactIntegers, ids above
//                          2^53; -2^63: missing), and only such a column;
//   float64                anything else (NaN: missing), a view of the column's values.
struct EncodedChunk {
    QByteArray bytes; // may be a view of the column's values: valid while they are
    QString encoding;
};

EncodedChunk encodeDatasetChunk(const data::DatasetColumn &column, std::size_t start, std::size_t count);

// A stored chunk's values (and exact integers for int64); nullopt when the bytes are no whole
// number of values of an encoding this build knows (damage).
std::optional<ColumnChunk> decodeDatasetChunk(const QByteArray &bytes, const QString &encoding);

// SQL expressions over a dataset_chunks row: how many values it holds, and how many of its bytes
// are left over past the last whole value (0 unless damaged). Reads the blob's length, not its bytes.
extern const char *const kChunkValueCountSql;
extern const char *const kChunkLeftoverBytesSql;

} // namespace mb::db
