// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Silent damage to a closed workspace file, as a failing disk or a bad copy leaves it: one bit of
// a stored value flipped in place, where SQLite's own checks (which cover pages, not values) do
// not look.

#include <QByteArray>
#include <QFile>
#include <QString>

#include <cstring>

namespace mbtest {

// The bytes of `value` as the store lays out a float64 (little-endian).
inline QByteArray float64Bytes(double value)
{
    QByteArray bytes(8, Qt::Uninitialized);
    std::memcpy(bytes.data(), &value, 8); // the test machines are little-endian, as the store's layout
    return bytes;
}

// Flips bit `bit` (0 = least significant) of byte `byteIndex` of the only occurrence of `pattern`
// in the file; false when the pattern is missing or not unique, so a test cannot damage the
// wrong thing.
inline bool flipBitOfUniquePattern(const QString &path, const QByteArray &pattern, int byteIndex, int bit)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite))
        return false;
    QByteArray bytes = file.readAll();
    const qsizetype at = bytes.indexOf(pattern);
    if (at < 0 || bytes.indexOf(pattern, at + 1) >= 0)
        return false;
    bytes[at + byteIndex] = char(bytes[at + byteIndex] ^ (1 << bit));
    return file.seek(0) && file.write(bytes) == bytes.size();
}

} // namespace mbtest
