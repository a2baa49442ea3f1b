// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// IDX files made in the test, for the IDX reader and the import of IDX pairs.

#include <QByteArray>

#include <cstdint>
#include <vector>

namespace mbtest {

// An IDX header: two zero bytes, the data type, the rank, then each dimension big-endian.
inline QByteArray idxHeader(std::uint8_t type, const std::vector<std::uint32_t> &dims)
{
    QByteArray bytes;
    bytes.append(char(0)).append(char(0)).append(char(type)).append(char(dims.size()));
    for (const std::uint32_t d : dims) {
        bytes.append(char((d >> 24) & 0xff)).append(char((d >> 16) & 0xff));
        bytes.append(char((d >> 8) & 0xff)).append(char(d & 0xff));
    }
    return bytes;
}

} // namespace mbtest
