// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the libFuzzer targets of this folder share: a quiet Qt and a scratch file per process for
// the readers that take a path. Each target stays one small file with its LLVMFuzzerTestOneInput.

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTemporaryDir>
#include <QtGlobal>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace mbfuzz {

// The input as a QByteArray; libFuzzer keeps `data` alive for the call, so no copy is made.
inline QByteArray bytesOf(const std::uint8_t *data, std::size_t size)
{
    return QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
}

// Drops Qt's warnings (a bad input is expected to be refused, and millions of lines of "refused"
// would drown libFuzzer's own report); a qFatal still aborts, which libFuzzer reports as a crash.
inline void quietQt()
{
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &message) {
        if (type == QtFatalMsg) {
            fprintf(stderr, "qFatal: %s\n", qPrintable(message));
            std::abort();
        }
    });
}

// A folder of this process, removed at exit; files in it are rewritten for every input.
inline const QTemporaryDir &scratchDir()
{
    static const QTemporaryDir dir;
    if (!dir.isValid())
        std::abort(); // nothing can be fuzzed without it: say so loudly, once
    return dir;
}

// Writes `bytes` to `name` in the scratch folder (replacing it) and returns its path.
inline QString writeScratchFile(const QString &name, const QByteArray &bytes)
{
    const QString path = scratchDir().filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        std::abort();
    return path;
}

} // namespace mbfuzz
