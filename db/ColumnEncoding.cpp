// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/ColumnEncoding.h"

#include <QtEndian>

#include <cfloat>
#include <cmath>
#include <cstring>
#include <type_traits>

namespace mb::db {
namespace {

// The unsigned integer of a value's width, for byte swapping on a big-endian machine.
template<typename T>
using BitsOf = std::conditional_t<sizeof(T) == 1, quint8, std::conditional_t<sizeof(T) == 4, quint32, quint64>>;

template<typename Stored>
void writeLittleEndian(const Stored *values, std::size_t count, char *out)
{
    if constexpr (Q_BYTE_ORDER == Q_LITTLE_ENDIAN || sizeof(Stored) == 1) {
        std::memcpy(out, values, count * sizeof(Stored));
    } else {
        for (std::size_t i = 0; i < count; ++i) {
            BitsOf<Stored> bits;
            std::memcpy(&bits, &values[i], sizeof bits);
            qToLittleEndian(bits, out + i * sizeof bits);
        }
    }
}

template<typename Stored>
std::vector<Stored> readLittleEndian(const QByteArray &bytes)
{
    std::vector<Stored> values(std::size_t(bytes.size()) / sizeof(Stored));
    if constexpr (Q_BYTE_ORDER == Q_LITTLE_ENDIAN || sizeof(Stored) == 1) {
        std::memcpy(values.data(), bytes.constData(), values.size() * sizeof(Stored));
    } else {
        for (std::size_t i = 0; i < values.size(); ++i) {
            const BitsOf<Stored> bits = qFromLittleEndian<BitsOf<Stored>>(bytes.constData() + i * sizeof(Stored));
            std::memcpy(&values[i], &bits, sizeof bits);
        }
    }
    return values;
}

// Each value converted to Stored (exact by the caller's choice of encoding), then laid out.
template<typename Stored>
QByteArray encodeAs(const double *values, std::size_t count)
{
    std::vector<Stored> narrowed(count);
    for (std::size_t i = 0; i < count; ++i)
        narrowed[i] = static_cast<Stored>(values[i]);
    QByteArray bytes(qsizetype(count * sizeof(Stored)), Qt::Uninitialized);
    writeLittleEndian(narrowed.data(), narrowed.size(), bytes.data());
    return bytes;
}

template<typename Stored, typename Wide>
std::vector<Wide> decodeAs(const QByteArray &bytes)
{
    const std::vector<Stored> narrow = readLittleEndian<Stored>(bytes);
    if constexpr (std::is_same_v<Stored, Wide>)
        return narrow;
    else
        return std::vector<Wide>(narrow.begin(), narrow.end());
}

constexpr double kTwoTo63 = 9223372036854775808.0;

// A double that converts to int64 and back unchanged: whole, in range, and not -0.
bool isExactInt64(double v)
{
    return std::isfinite(v) && std::trunc(v) == v && v >= -kTwoTo63 && v < kTwoTo63 && !(v == 0.0 && std::signbit(v));
}

} // namespace

QString encodingName(ColumnEncoding encoding)
{
    switch (encoding) {
    case ColumnEncoding::UInt8:
        return QStringLiteral("uint8");
    case ColumnEncoding::Int32:
        return QStringLiteral("int32");
    case ColumnEncoding::Int64:
        return QStringLiteral("int64");
    case ColumnEncoding::Float32:
        return QStringLiteral("float32");
    case ColumnEncoding::Float64:
        break;
    }
    return QStringLiteral("float64");
}

std::optional<ColumnEncoding> encodingFromName(const QString &name)
{
    for (ColumnEncoding e : {ColumnEncoding::UInt8, ColumnEncoding::Int32, ColumnEncoding::Int64,
                             ColumnEncoding::Float32, ColumnEncoding::Float64})
        if (encodingName(e) == name)
            return e;
    return std::nullopt;
}

std::size_t bytesPerValue(ColumnEncoding encoding)
{
    switch (encoding) {
    case ColumnEncoding::UInt8:
        return 1;
    case ColumnEncoding::Int32:
    case ColumnEncoding::Float32:
        return 4;
    case ColumnEncoding::Int64:
    case ColumnEncoding::Float64:
        break;
    }
    return 8;
}

ColumnEncoding narrowestExactEncoding(const std::vector<double> &values)
{
    return narrowestExactEncoding(values.data(), values.size());
}

ColumnEncoding narrowestExactEncoding(const double *values, std::size_t count)
{
    bool uint8 = true, int32 = true, int64 = true, float32 = true;
    for (std::size_t i = 0; i < count; ++i) {
        const double v = values[i];
        if (!isExactInt64(v)) {
            uint8 = int32 = int64 = false;
        } else {
            uint8 = uint8 && v >= 0.0 && v <= 255.0;
            int32 = int32 && v >= -2147483648.0 && v <= 2147483647.0;
        }
        // A finite value beyond float's range must not be converted (undefined behaviour).
        float32 = float32 && (std::isnan(v) || ((std::isinf(v) || std::fabs(v) <= double(FLT_MAX)) &&
                                                double(static_cast<float>(v)) == v));
        if (!int64 && !float32)
            return ColumnEncoding::Float64;
    }
    if (uint8)
        return ColumnEncoding::UInt8;
    if (int32)
        return ColumnEncoding::Int32;
    if (float32)
        return ColumnEncoding::Float32;
    return int64 ? ColumnEncoding::Int64 : ColumnEncoding::Float64;
}

QByteArray encodeColumn(const std::vector<double> &values, ColumnEncoding encoding)
{
    return encodeColumn(values.data(), values.size(), encoding);
}

QByteArray encodeColumn(const double *values, std::size_t count, ColumnEncoding encoding)
{
    switch (encoding) {
    case ColumnEncoding::UInt8:
        return encodeAs<quint8>(values, count);
    case ColumnEncoding::Int32:
        return encodeAs<qint32>(values, count);
    case ColumnEncoding::Int64:
        return encodeAs<qint64>(values, count);
    case ColumnEncoding::Float32:
        return encodeAs<float>(values, count);
    case ColumnEncoding::Float64:
        break;
    }
    QByteArray bytes(qsizetype(count * sizeof(double)), Qt::Uninitialized);
    writeLittleEndian(values, count, bytes.data());
    return bytes;
}

QByteArray encodeInt64Column(const std::vector<std::int64_t> &values)
{
    QByteArray bytes(qsizetype(values.size() * sizeof(std::int64_t)), Qt::Uninitialized);
    writeLittleEndian(values.data(), values.size(), bytes.data());
    return bytes;
}

std::optional<std::vector<double>> decodeColumn(const QByteArray &bytes, ColumnEncoding encoding)
{
    if (std::size_t(bytes.size()) % bytesPerValue(encoding) != 0)
        return std::nullopt;
    switch (encoding) {
    case ColumnEncoding::UInt8:
        return decodeAs<quint8, double>(bytes);
    case ColumnEncoding::Int32:
        return decodeAs<qint32, double>(bytes);
    case ColumnEncoding::Int64:
        return decodeAs<qint64, double>(bytes);
    case ColumnEncoding::Float32:
        return decodeAs<float, double>(bytes);
    case ColumnEncoding::Float64:
        break;
    }
    return readLittleEndian<double>(bytes);
}

std::optional<std::vector<std::int64_t>> decodeIntegerColumn(const QByteArray &bytes, ColumnEncoding encoding)
{
    if (std::size_t(bytes.size()) % bytesPerValue(encoding) != 0)
        return std::nullopt;
    switch (encoding) {
    case ColumnEncoding::UInt8:
        return decodeAs<quint8, std::int64_t>(bytes);
    case ColumnEncoding::Int32:
        return decodeAs<qint32, std::int64_t>(bytes);
    case ColumnEncoding::Int64:
        return readLittleEndian<std::int64_t>(bytes);
    case ColumnEncoding::Float32:
    case ColumnEncoding::Float64:
        break;
    }
    const std::optional<std::vector<double>> values = decodeColumn(bytes, encoding);
    std::vector<std::int64_t> integers;
    integers.reserve(values->size());
    for (const double v : *values) {
        if (!isExactInt64(v))
            return std::nullopt;
        integers.push_back(static_cast<std::int64_t>(v));
    }
    return integers;
}

} // namespace mb::db
