// SPDX-License-Identifier: GPL-3.0-or-later
// Numbers as every page and the command line show them (core/NumberText): one function per
// purpose, each pinned by a table of values, and each giving the same text whatever the user's
// locale, since the command line's output is read by scripts and a value must read the same on
// every page.

#include "core/NumberText.h"

#include <QLocale>
#include <QTest>

#include <cmath>
#include <functional>
#include <limits>

using namespace mb;

namespace {

// Locales that write numbers differently: a decimal comma and dot grouping, a decimal comma and
// space grouping, and Eastern Arabic digits.
const QList<QLocale> kLocales{QLocale::c(), QLocale(QLocale::German, QLocale::Germany),
                              QLocale(QLocale::French, QLocale::France), QLocale(QLocale::Arabic, QLocale::Egypt)};

using Format = std::function<QString()>;

} // namespace

Q_DECLARE_METATYPE(Format)

class tst_NumberText : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cleanup() { QLocale::setDefault(QLocale::system()); }

    void formats_data();
    void formats();
    void sameTextInEveryLocale_data() { formats_data(); }
    void sameTextInEveryLocale();
};

void tst_NumberText::formats_data()
{
    QTest::addColumn<Format>("format");
    QTest::addColumn<QString>("expected");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    const auto row = [](const char *name, Format f, const QString &text) { QTest::newRow(name) << f << text; };

    // Metric values: about four significant digits, whole numbers in full.
    row(
        "metric: a share", [] { return formatNumber(0.81234); }, QStringLiteral("0.8123"));
    row(
        "metric: trailing zeros dropped", [] { return formatNumber(0.5); }, QStringLiteral("0.5"));
    row(
        "metric: a whole sum", [] { return formatNumber(43980); }, QStringLiteral("43980"));
    row(
        "metric: a large sum, no grouping", [] { return formatNumber(1234567.8); }, QStringLiteral("1234568"));
    row(
        "metric: negative", [] { return formatNumber(-2.25); }, QStringLiteral("-2.25"));
    row(
        "metric: zero", [] { return formatNumber(0.0); }, QStringLiteral("0"));
    row(
        "metric: negative zero", [] { return formatNumber(-0.0); }, QStringLiteral("0"));
    row(
        "metric: tiny", [] { return formatNumber(1.5e-5); }, QStringLiteral("1.500e-05"));
    row(
        "metric: huge", [] { return formatNumber(2.5e10); }, QStringLiteral("2.500e+10"));
    row(
        "metric: diverged", [=] { return formatNumber(nan); }, QStringLiteral("nan"));
    row(
        "metric: infinite", [=] { return formatNumber(inf); }, QStringLiteral("inf"));
    row(
        "metric with unit", [] { return formatWithUnit(43980, QStringLiteral("$")); }, QStringLiteral("43980 $"));
    row(
        "metric without unit", [] { return formatWithUnit(0.25, QString()); }, QStringLiteral("0.25"));

    // Deltas always say which way they go.
    row(
        "delta: up", [] { return formatDelta(0.012); }, QStringLiteral("+0.012"));
    row(
        "delta: down", [] { return formatDelta(-3); }, QStringLiteral("-3"));
    row(
        "delta: none", [] { return formatDelta(0); }, QStringLiteral("0"));
    row(
        "relative: up", [] { return formatRelativeChange(0.8, 0.9); }, QStringLiteral("+12.5%"));
    row(
        "relative: down from a negative", [] { return formatRelativeChange(-2, -3); }, QStringLiteral("-50%"));
    row(
        "relative: from zero", [] { return formatRelativeChange(0, 1); }, QString());
    row(
        "relative: undefined", [=] { return formatRelativeChange(nan, 1); }, QString());

    // Shares as percentages.
    row(
        "percent: an eighth", [] { return formatPercent(0.125); }, QStringLiteral("12.5%"));
    row(
        "percent: all", [] { return formatPercent(1); }, QStringLiteral("100%"));
    row(
        "percent: a third", [] { return formatPercent(1.0 / 3); }, QStringLiteral("33.33%"));

    // Sizes in binary units.
    row(
        "bytes: under a KiB", [] { return formatBytes(512); }, QStringLiteral("512 bytes"));
    row(
        "bytes: a KiB and a half", [] { return formatBytes(1536); }, QStringLiteral("1.50 KiB"));
    row(
        "bytes: MiB", [] { return formatBytes(3 * 1024 * 1024 + 256 * 1024); }, QStringLiteral("3.25 MiB"));

    // Durations to the second.
    row(
        "duration: seconds", [] { return formatDuration(42.4); }, QStringLiteral("42 s"));
    row(
        "duration: minutes", [] { return formatDuration(185); }, QStringLiteral("3 min 05 s"));
    row(
        "duration: hours", [] { return formatDuration(3725.5); }, QStringLiteral("1 h 02 min"));
    row(
        "duration: not started", [=] { return formatDuration(nan); }, QString());
    row(
        "duration: negative", [] { return formatDuration(-1); }, QString());

    // Latency in the unit that keeps its digits.
    row(
        "latency: milliseconds", [] { return formatLatency(12.5); }, QStringLiteral("12.5 ms"));
    row(
        "latency: microseconds", [] { return formatLatency(0.0042); }, QStringLiteral("4.2 µs"));
    row(
        "latency: a column in microseconds", [] { return formatLatency(1.5, true); }, QStringLiteral("1500 µs"));
    row(
        "latency: a column in milliseconds", [] { return formatLatency(0.25, false); }, QStringLiteral("0.25 ms"));

    // Thresholds with three decimals.
    row(
        "threshold", [] { return formatThreshold(0.42); }, QStringLiteral("0.420"));
    row(
        "threshold: rounded", [] { return formatThreshold(0.43749); }, QStringLiteral("0.437"));
}

void tst_NumberText::formats()
{
    QFETCH(Format, format);
    QFETCH(QString, expected);
    QCOMPARE(format(), expected);
}

void tst_NumberText::sameTextInEveryLocale()
{
    QFETCH(Format, format);
    QFETCH(QString, expected);
    for (const QLocale &locale : kLocales) {
        QLocale::setDefault(locale);
        QCOMPARE(format(), expected);
    }
}

QTEST_GUILESS_MAIN(tst_NumberText)
#include "tst_numbertext.moc"
