// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Helpers for the metric tests (tst_*metrics.cpp): read a Result without throwing, and compare
// floating-point metrics to scikit-learn's printed values.

#include "core/Result.h"
#include "tests/support/TestSupport.h"

#include <QString>
#include <QTest>

#include <limits>
#include <vector>

namespace mbtest {

// The error of a failed result, for a test's failure message.
template<typename T>
QString errorOf(const mb::Result<T> &result)
{
    return result.ok() ? QStringLiteral("(succeeded)") : result.error();
}

// The value, or NaN (which no comparison accepts) with the error printed.
inline double valueOf(const mb::Result<double> &result)
{
    if (!result.ok()) {
        qWarning("unexpected error: %s", qPrintable(result.error()));
        return std::numeric_limits<double>::quiet_NaN();
    }
    return *result;
}

inline QString fullPrecision(double value)
{
    return QString::number(value, 'g', 17);
}

} // namespace mbtest

// Succeeded, else fail with its error.
#define VERIFY_OK(result) QVERIFY2((result).ok(), qPrintable(mbtest::errorOf(result)))

// Failed with an error containing `text`.
#define VERIFY_ERROR(result, text)                                                                                     \
    QVERIFY2(!(result).ok() && (result).error().contains(text), qPrintable(mbtest::errorOf(result)))

// Equal within 1e-12 (relative above 1): a value computed another way (by hand, or through
// the C library's log()).
#define COMPARE_NEAR(actual, expected)                                                                                 \
    do {                                                                                                               \
        const double actualValue_ = (actual);                                                                          \
        const double expectedValue_ = (expected);                                                                      \
        QVERIFY2(mbtest::fuzzyEqual(actualValue_, expectedValue_, 1e-12),                                              \
                 qPrintable(mbtest::fullPrecision(actualValue_) + QStringLiteral(" != ") +                             \
                            mbtest::fullPrecision(expectedValue_)));                                                   \
    } while (false)

// Bit for bit: the same operations in the same order as scikit-learn and numpy.
#define COMPARE_EXACT(actual, expected)                                                                                \
    do {                                                                                                               \
        const double actualValue_ = (actual);                                                                          \
        const double expectedValue_ = (expected);                                                                      \
        QVERIFY2(actualValue_ == expectedValue_,                                                                       \
                 qPrintable(mbtest::fullPrecision(actualValue_) + QStringLiteral(" != ") +                             \
                            mbtest::fullPrecision(expectedValue_)));                                                   \
    } while (false)

// Element-wise COMPARE_EXACT.
inline void compareVectors(const std::vector<double> &actual, const std::vector<double> &expected)
{
    QCOMPARE(actual.size(), expected.size());
    for (std::size_t i = 0; i < actual.size(); ++i)
        COMPARE_EXACT(actual[i], expected[i]);
}
