// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/business/ValueText.h"

#include <cmath>

namespace mb::business {

QString valueText(double value)
{
    return QString::number(value, 'g', 10);
}

QString notFiniteHint(double value, bool anInputIsZero, bool anInputIsMissing)
{
    if (std::isnan(value)) {
        if (anInputIsMissing)
            return QStringLiteral(": a missing value");
        return anInputIsZero ? QStringLiteral(": 0/0?")
                             : QStringLiteral(": a function outside its domain (the square root or logarithm of a "
                                              "negative number)?");
    }
    if (std::isinf(value))
        return anInputIsZero ? QStringLiteral(": a division by zero, or log(0)?")
                             : QStringLiteral(": a result too large for a number (an overflow)?");
    return {};
}

} // namespace mb::business
