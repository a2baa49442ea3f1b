// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace mb::business {

// A value in the business engine's messages: 10 significant digits ("0.1", "1e+300", "inf", "nan").
QString valueText(double value);

// Why an expression may have given `value`, which is not a finite number, for the end of its error
// message (": a division by zero, or log(0)?"), from what it read: a missing input (NaN) explains
// a NaN; a zero input makes 0/0, a division or a logarithm the likely cause; otherwise a NaN came
// from a function outside its domain and an infinity from an overflow. Empty for a finite value.
QString notFiniteHint(double value, bool anInputIsZero, bool anInputIsMissing);

} // namespace mb::business
