// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Helpers shared by the tests: file bytes for byte-for-byte comparisons, and a scratch folder.

#include <QByteArray>
#include <QCryptographicHash>
#include <QFile>
#include <QString>

#include <algorithm>
#include <cmath>

namespace mbtest {

inline QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(bytes) == bytes.size();
}

// Writes `name` in `dir` (a test's temporary folder) and returns its path, for a command to read;
// a write that fails is reported, and the command then says the file is missing.
inline QString writeIn(const QString &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir + QLatin1Char('/') + name;
    if (!writeFile(path, bytes))
        qWarning("cannot write %s", qPrintable(path));
    return path;
}

// Floating-point comparison with a relative tolerance, for computed metrics.
inline bool fuzzyEqual(double a, double b, double relative = 1e-9)
{
    const double scale = std::max({1.0, std::abs(a), std::abs(b)});
    return std::abs(a - b) <= relative * scale;
}

} // namespace mbtest
