// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QtEndian>

#include <cstring>
#include <vector>

namespace mb::db {

// Columns of doubles as blobs: little-endian float64 on disk whatever the machine, so a workspace
// travels. Used for dataset chunks and stored predictions.
inline QByteArray encodeFloat64(const double *values, std::size_t count)
{
    QByteArray bytes(qsizetype(count * 8), Qt::Uninitialized);
    if constexpr (Q_BYTE_ORDER == Q_LITTLE_ENDIAN) {
        std::memcpy(bytes.data(), values, count * 8);
    } else {
        for (std::size_t i = 0; i < count; ++i) {
            quint64 bits;
            std::memcpy(&bits, &values[i], 8);
            qToLittleEndian(bits, bytes.data() + i * 8);
        }
    }
    return bytes;
}

// The same blob as encodeFloat64, but on a little-endian machine a view of `values` (no copy, no
// allocation: an import writes hundreds of megabytes this way). Valid while `values` is.
inline QByteArray float64BlobView(const double *values, std::size_t count)
{
    if constexpr (Q_BYTE_ORDER == Q_LITTLE_ENDIAN)
        return QByteArray::fromRawData(reinterpret_cast<const char *>(values), qsizetype(count * 8));
    else
        return encodeFloat64(values, count);
}

inline std::vector<double> decodeFloat64(const QByteArray &bytes)
{
    std::vector<double> values(std::size_t(bytes.size() / 8));
    if constexpr (Q_BYTE_ORDER == Q_LITTLE_ENDIAN) {
        std::memcpy(values.data(), bytes.constData(), values.size() * 8);
    } else {
        for (std::size_t i = 0; i < values.size(); ++i) {
            const quint64 bits = qFromLittleEndian<quint64>(bytes.constData() + i * 8);
            std::memcpy(&values[i], &bits, 8);
        }
    }
    return values;
}

} // namespace mb::db
