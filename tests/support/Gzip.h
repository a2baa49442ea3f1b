// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// gzip bytes made in the test, for readers that take .gz files (IDX, CSV).

#include <QByteArray>

#include <zlib.h>

namespace mbtest {

// gzip-wrapped deflate, as `gzip` writes it (windowBits 16 + 15 asks zlib for the gzip wrapper).
inline QByteArray gzip(const QByteArray &plain, int level = Z_BEST_COMPRESSION)
{
    z_stream zs{};
    if (deflateInit2(&zs, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out(int(deflateBound(&zs, uLong(plain.size()))), Qt::Uninitialized);
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(plain.constData()));
    zs.avail_in = uInt(plain.size());
    zs.next_out = reinterpret_cast<Bytef *>(out.data());
    zs.avail_out = uInt(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    out.resize(int(zs.total_out));
    deflateEnd(&zs);
    return rc == Z_STREAM_END ? out : QByteArray();
}

} // namespace mbtest
