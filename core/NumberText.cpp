// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/NumberText.h"

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

} // namespace mb
