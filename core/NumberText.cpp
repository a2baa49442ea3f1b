// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/NumberText.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace mb {

QString formatNumber(double value)
{
    if (!std::isfinite(value))
        return QString::number(value);
    if (value == 0)
        return QStringLiteral("0");
    const double magnitude = std::abs(value);
    if (magnitude >= 1e9 || magnitude < 1e-4)
        return QString::number(value, 'e', 3);
    const int decimals = std::clamp(3 - int(std::floor(std::log10(magnitude))), 0, 6);
    QString text = QString::number(value, 'f', decimals);
    if (text.contains(QLatin1Char('.'))) {
        while (text.endsWith(QLatin1Char('0')))
            text.chop(1);
        if (text.endsWith(QLatin1Char('.')))
            text.chop(1);
    }
    return text;
}

QString formatWithUnit(double value, const QString &unit)
{
    return unit.isEmpty() ? formatNumber(value) : formatNumber(value) + QLatin1Char(' ') + unit;
}

QString formatDelta(double delta)
{
    return delta > 0 ? QLatin1Char('+') + formatNumber(delta) : formatNumber(delta);
}

QString formatRelativeChange(double before, double after)
{
    if (before == 0 || !std::isfinite(before) || !std::isfinite(after))
        return {};
    return formatDelta(100.0 * (after - before) / std::abs(before)) + QLatin1Char('%');
}

QString formatPercent(double share)
{
    return formatNumber(100.0 * share) + QLatin1Char('%');
}

QString formatCount(qint64 count)
{
    return QLocale(QLocale::English).toString(count);
}

QString formatBytes(qint64 bytes)
{
    // The C locale: the same decimal point everywhere, no grouping.
    return QLocale::c().formattedDataSize(bytes, 2, QLocale::DataSizeIecFormat);
}

QString formatDuration(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return {};
    const qint64 s = qint64(std::llround(seconds));
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QString formatLatency(double milliseconds)
{
    return formatLatency(milliseconds, std::abs(milliseconds) < 1);
}

QString formatLatency(double milliseconds, bool inMicroseconds)
{
    return inMicroseconds ? formatNumber(milliseconds * 1000) + QStringLiteral(" µs")
                          : formatNumber(milliseconds) + QStringLiteral(" ms");
}

QString formatThreshold(double threshold)
{
    return QString::number(threshold, 'f', 3);
}

} // namespace mb
