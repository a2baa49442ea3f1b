// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

#include <cstdint>

namespace mb::db {

class Statement;

// CRC-32 (zlib's) of a stored blob. SQLite's own checks (quick_check, integrity_check) cover the
// structure of pages, not the values inside a record: a flipped bit in a dataset chunk or a
// prediction column passes them and is read back as a different number. Dataset chunks and
// prediction columns carry this checksum of their bytes, verified on every read.
std::uint32_t crc32Of(const QByteArray &bytes);

// Whether `bytes` are the bytes that were stored: their CRC-32 equals the one in `row`'s column
// `checksumColumn`. A NULL checksum (rows written before the migration that added checksums) is accepted:
// the migration does not backfill them, because that would read and rewrite every stored value in
// one transaction at the first open, and a checksum computed over bytes already damaged would
// certify the damage. `workspace check` counts such rows.
bool matchesStoredChecksum(const QByteArray &bytes, const Statement &row, int checksumColumn);

} // namespace mb::db
