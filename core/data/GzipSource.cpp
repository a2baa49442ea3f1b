// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/GzipSource.h"

#include <algorithm>
#include <limits>

namespace mb::data {

namespace {
constexpr qint64 kChunk = 256 * 1024; // compressed bytes read at a time
} // namespace

GzipSource::~GzipSource()
{
    if (m_gzip)
        inflateEnd(&m_zs);
}

Status GzipSource::open()
{
    // Peek at the first two bytes without consuming them.
    const QByteArray head = m_device.peek(2);
    m_gzip =
        head.size() == 2 && static_cast<unsigned char>(head[0]) == 0x1f && static_cast<unsigned char>(head[1]) == 0x8b;
    if (!m_gzip)
        return success();
    m_zs = z_stream{};
    // 16 + MAX_WBITS: expect a gzip wrapper and check its CRC-32 and length trailer.
    if (inflateInit2(&m_zs, 16 + MAX_WBITS) != Z_OK) {
        m_gzip = false;
        return Error{QStringLiteral("cannot start gzip decompression (out of memory)")};
    }
    m_input.resize(kChunk);
    return success();
}

Result<qint64> GzipSource::read(unsigned char *out, qint64 size)
{
    if (!m_gzip) {
        qint64 total = 0;
        while (total < size) {
            const qint64 n = m_device.read(reinterpret_cast<char *>(out) + total, size - total);
            if (n < 0)
                return Error{QStringLiteral("read error: %1").arg(m_device.errorString())};
            if (n == 0)
                break;
            total += n;
        }
        return total;
    }
    qint64 total = 0;
    while (total < size && !m_finished) {
        if (m_zs.avail_in == 0) {
            const qint64 n = m_device.read(m_input.data(), kChunk);
            if (n < 0)
                return Error{QStringLiteral("read error: %1").arg(m_device.errorString())};
            if (n == 0) {
                if (!m_inMember)
                    m_finished = true; // a clean end after a complete member
                else
                    return Error{QStringLiteral("truncated gzip stream: the compressed data ends "
                                                "early, after %1 decompressed bytes")
                                     .arg(m_produced + total)};
                break;
            }
            m_zs.next_in = reinterpret_cast<Bytef *>(m_input.data());
            m_zs.avail_in = static_cast<uInt>(n);
        }
        if (!m_inMember) {
            // More bytes after a complete member: gzip allows concatenated members
            // (`cat a.gz b.gz`); anything else is damage, not data to ignore silently.
            if (m_zs.next_in[0] != 0x1f) {
                return Error{QStringLiteral("corrupt gzip stream: unexpected bytes after the end "
                                            "of the compressed data")};
            }
            inflateReset(&m_zs);
            m_inMember = true;
        }
        const qint64 want = std::min<qint64>(size - total, std::numeric_limits<uInt>::max());
        m_zs.next_out = out + total;
        m_zs.avail_out = static_cast<uInt>(want);
        const int rc = inflate(&m_zs, Z_NO_FLUSH);
        total += want - m_zs.avail_out;
        if (rc == Z_STREAM_END) {
            m_inMember = false;
        } else if (rc == Z_DATA_ERROR) {
            return Error{QStringLiteral("corrupt gzip stream: %1")
                             .arg(QString::fromLatin1(m_zs.msg ? m_zs.msg : "invalid data"))};
        } else if (rc == Z_MEM_ERROR) {
            return Error{QStringLiteral("out of memory while decompressing")};
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            return Error{QStringLiteral("corrupt gzip stream (zlib error %1)").arg(rc)};
        }
    }
    m_produced += total;
    return total;
}

GzipReadDevice::GzipReadDevice(QIODevice &device) : m_source(device) {}

GzipReadDevice::~GzipReadDevice() = default;

Status GzipReadDevice::openSource()
{
    if (Status opened = m_source.open(); !opened)
        return opened;
    QIODevice::open(QIODevice::ReadOnly);
    return success();
}

qint64 GzipReadDevice::readData(char *data, qint64 maxSize)
{
    Result<qint64> got = m_source.read(reinterpret_cast<unsigned char *>(data), maxSize);
    if (!got) {
        setErrorString(got.error());
        return -1;
    }
    return *got;
}

} // namespace mb::data
