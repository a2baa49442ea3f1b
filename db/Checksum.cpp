// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/Checksum.h"

#include "db/Database.h"

#include <zlib.h>

namespace mb::db {

std::uint32_t crc32Of(const QByteArray &bytes)
{
    // crc32_z takes a size_t length, so a blob over 4 GiB needs no splitting.
    const uLong crc =
        crc32_z(crc32_z(0L, Z_NULL, 0), reinterpret_cast<const Bytef *>(bytes.constData()), z_size_t(bytes.size()));
    return std::uint32_t(crc);
}

bool matchesStoredChecksum(const QByteArray &bytes, const Statement &row, int checksumColumn)
{
    if (row.columnIsNull(checksumColumn))
        return true;
    return row.columnInt(checksumColumn) == std::int64_t(crc32Of(bytes));
}

} // namespace mb::db
