// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/DatasetChunkEncoding.h"

#include "db/ColumnEncoding.h"
#include "db/Float64Blob.h"

#include <QtEndian>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace mb::db {
namespace {

constexpr std::int64_t kMissingInteger = std::numeric_limits<std::int64_t>::min();
constexpr std::int32_t kMissingDecimal = std::numeric_limits<std::int32_t>::min();
// "-0.0", which a CSV of rounded negatives holds often ((v - 0.5) * 100 printed with one decimal),
// and which m = 0 would give back as 0.0. No mantissa reaches it: |m| < 2^31 - 1.
constexpr std::int32_t kNegativeZeroDecimal = kMissingDecimal + 1;
const QString kDecimal32 = QStringLiteral("decimal32");
constexpr int kMaxDecimals = 9; // 10^9 is the largest power of ten below 2^31
constexpr double kPowersOfTen[kMaxDecimals + 1] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

// m with m / 10^k == v, bit for bit (the division the importer's parseNumber made), or nullopt.
std::optional<std::int32_t> decimalMantissa(double v, int k)
{
    if (v == 0 && std::signbit(v))
        return kNegativeZeroDecimal;
    const double scaled = v * kPowersOfTen[k];
    if (!(std::abs(scaled) < 2147483647.0))
        return std::nullopt;
    // nearbyint in the default rounding mode (to nearest, ties to even), without a libm call per
    // value: adding and taking away 1.5 * 2^52 leaves no fraction bits below 2^51.
    constexpr double kRound = 0x1.8p52;
    const double m = (scaled + kRound) - kRound;
    if (!(std::abs(m) < 2147483647.0) || m / kPowersOfTen[k] != v)
        return std::nullopt;
    return std::int32_t(m);
}

// The decimal32 blob of `values`, with the fewest decimals that give every value back; nullopt
// when some value needs more than nine or more than 32 bits. A value that needs more decimals
// than those so far restarts the chunk with them: at most nine restarts, mostly none.
std::optional<QByteArray> encodeDecimal32(const double *values, std::size_t count)
{
    std::vector<std::int32_t> mantissas(count);
    int k = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const double v = values[i];
        if (std::isnan(v)) {
            mantissas[i] = kMissingDecimal;
            continue;
        }
        std::optional<std::int32_t> m = decimalMantissa(v, k);
        if (m) {
            mantissas[i] = *m;
            continue;
        }
        int more = k + 1;
        while (more <= kMaxDecimals && !decimalMantissa(v, more))
            ++more;
        if (more > kMaxDecimals)
            return std::nullopt;
        k = more;
        i = std::size_t(-1); // again from the first value, with k decimals
    }
    QByteArray bytes(qsizetype(1 + count * 4), Qt::Uninitialized);
    bytes[0] = char(k);
    for (std::size_t i = 0; i < count; ++i)
        qToLittleEndian(mantissas[i], bytes.data() + 1 + i * 4);
    return bytes;
}

std::optional<std::vector<double>> decodeDecimal32(const QByteArray &bytes)
{
    if (bytes.isEmpty() || (bytes.size() - 1) % 4 != 0 || int(bytes.at(0)) < 0 || int(bytes.at(0)) > kMaxDecimals)
        return std::nullopt;
    const double scale = kPowersOfTen[int(bytes.at(0))];
    std::vector<double> values(std::size_t(bytes.size() - 1) / 4);
    for (std::size_t i = 0; i < values.size(); ++i) {
        const std::int32_t m = qFromLittleEndian<std::int32_t>(bytes.constData() + 1 + i * 4);
        values[i] = m == kMissingDecimal        ? data::kMissing
                    : m == kNegativeZeroDecimal ? -0.0
                                                : double(m) / scale; // a division, as parsed
    }
    return values;
}

} // namespace

const char *const kChunkValueCountSql =
    "((length(data) - (encoding = 'decimal32')) / "
    "(CASE encoding WHEN 'uint8' THEN 1 WHEN 'int32' THEN 4 WHEN 'float32' THEN 4 WHEN 'decimal32' THEN 4 "
    "ELSE 8 END))";
const char *const kChunkLeftoverBytesSql =
    "((length(data) - (encoding = 'decimal32')) % "
    "(CASE encoding WHEN 'uint8' THEN 1 WHEN 'int32' THEN 4 WHEN 'float32' THEN 4 WHEN 'decimal32' THEN 4 "
    "ELSE 8 END))";

EncodedChunk encodeDatasetChunk(const data::DatasetColumn &column, std::size_t start, std::size_t count)
{
    if (!column.exactIntegers.empty()) {
        std::vector<std::int64_t> integers(column.exactIntegers.begin() + std::ptrdiff_t(start),
                                           column.exactIntegers.begin() + std::ptrdiff_t(start + count));
        for (std::size_t i = 0; i < count; ++i)
            if (data::isMissing(column.values[start + i]))
                integers[i] = kMissingInteger;
        return {encodeInt64Column(integers), encodingName(ColumnEncoding::Int64)};
    }
    const double *values = column.values.data() + start;
    const ColumnEncoding narrowest = narrowestExactEncoding(values, count);
    // Whole numbers past int32 are exact doubles: int64 chunks mean "exact integers" here.
    if (narrowest != ColumnEncoding::Float64 && narrowest != ColumnEncoding::Int64)
        return {encodeColumn(values, count, narrowest), encodingName(narrowest)};
    if (std::optional<QByteArray> decimal = encodeDecimal32(values, count))
        return {std::move(*decimal), kDecimal32};
    return {float64BlobView(values, count), encodingName(ColumnEncoding::Float64)};
}

std::optional<ColumnChunk> decodeDatasetChunk(const QByteArray &bytes, const QString &encodingName)
{
    ColumnChunk chunk;
    if (encodingName == kDecimal32) {
        std::optional<std::vector<double>> values = decodeDecimal32(bytes);
        if (!values)
            return std::nullopt;
        chunk.values = std::move(*values);
        return chunk;
    }
    const std::optional<ColumnEncoding> encoding = encodingFromName(encodingName);
    if (!encoding)
        return std::nullopt;
    if (*encoding != ColumnEncoding::Int64) {
        std::optional<std::vector<double>> values = decodeColumn(bytes, *encoding);
        if (!values)
            return std::nullopt;
        chunk.values = std::move(*values);
        return chunk;
    }
    std::optional<std::vector<std::int64_t>> integers = decodeIntegerColumn(bytes, *encoding);
    if (!integers)
        return std::nullopt;
    chunk.values.reserve(integers->size());
    for (std::int64_t &v : *integers) {
        chunk.values.push_back(v == kMissingInteger ? data::kMissing : double(v));
        if (v == kMissingInteger)
            v = 0;
    }
    chunk.exactIntegers = std::move(*integers);
    return chunk;
}

} // namespace mb::db
