// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QIODevice>

#include <zlib.h>

#include <memory>

namespace mb::data {

// A sequential byte stream over a device, inflating it on the way when it is gzip-compressed
// (every member of a concatenated file, each one's CRC-32 and length checked), and passing the
// bytes through when it is not; readers are written once and never hold the compressed file.
// Thread contract: one thread at a time.
class GzipSource {
public:
    explicit GzipSource(QIODevice &device) : m_device(device) {}
    ~GzipSource();
    GzipSource(const GzipSource &) = delete;
    GzipSource &operator=(const GzipSource &) = delete;

    // Detects gzip by its magic bytes without consuming them; call once, before read().
    Status open();
    bool isGzip() const { return m_gzip; }

    // Reads up to `size` bytes; fewer only at the end of the data. Errors for read failures and
    // corrupt or truncated gzip streams, naming how far the data was good.
    Result<qint64> read(unsigned char *out, qint64 size);

private:
    QIODevice &m_device;
    bool m_gzip = false;
    bool m_inMember = true; // inside a gzip member whose end has not been seen yet
    bool m_finished = false;
    qint64 m_produced = 0;
    z_stream m_zs{};
    QByteArray m_input;
};

// A GzipSource as a read-only sequential QIODevice, for readers that take a device (CsvReader).
// A read error returns -1 with the GzipSource's message as errorString().
class GzipReadDevice : public QIODevice {
public:
    // `device` must be open for reading and outlive this.
    explicit GzipReadDevice(QIODevice &device);
    ~GzipReadDevice() override;
    // Opens this device; errors as GzipSource::open.
    Status openSource();
    bool isGzip() const { return m_source.isGzip(); }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    GzipSource m_source;
};

} // namespace mb::data
