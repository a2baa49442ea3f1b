// SPDX-License-Identifier: GPL-3.0-or-later
// Cell parsing for the CSV importer: missing-value tokens, finite numbers, booleans and ISO-8601
// date/times as epoch seconds. Every accepted form gives the exact value; everything else is
// refused rather than guessed.

#include "core/data/ValueParsing.h"

#include <QRandomGenerator>
#include <QTest>

#include <charconv>
#include <cstring>
#include <string>

using namespace mb::data;

namespace {

std::string utf8(const QString &text)
{
    return text.toStdString();
}

} // namespace

class tst_ValueParsing : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void missingTokens_data();
    void missingTokens();
    void numbers_data();
    void numbers();
    void shortDecimalsAreTheCorrectlyRoundedDouble();
    void nonFiniteNumbers_data();
    void nonFiniteNumbers();
    void booleans_data();
    void booleans();
    void isoDateTimes_data();
    void isoDateTimes();
    void trimmedRemovesSpacesAndTabsOnly();
};

void tst_ValueParsing::missingTokens_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<bool>("missing");
    QTest::newRow("empty") << "" << true;
    QTest::newRow("spaces only") << "   " << true;
    QTest::newRow("tab only") << "\t" << true;
    QTest::newRow("NA") << "NA" << true;
    QTest::newRow("na") << "na" << true;
    QTest::newRow("Na") << "Na" << true;
    QTest::newRow("nA") << "nA" << true;
    QTest::newRow("NaN") << "NaN" << true;
    QTest::newRow("nan") << "nan" << true;
    QTest::newRow("NAN") << "NAN" << true;
    QTest::newRow("question mark") << "?" << true;
    QTest::newRow("null") << "null" << true;
    QTest::newRow("NULL") << "NULL" << true;
    QTest::newRow("Null") << "Null" << true;
    QTest::newRow("NA with spaces") << "  NA " << true;
    QTest::newRow("null with tab") << "\tnull" << true;
    QTest::newRow("zero") << "0" << false;
    QTest::newRow("dash") << "-" << false;
    QTest::newRow("N/A is not in the list") << "N/A" << false;
    QTest::newRow("none is not in the list") << "none" << false;
    QTest::newRow("two question marks") << "??" << false;
    QTest::newRow("nul") << "nul" << false;
    QTest::newRow("nulls") << "nulls" << false;
    QTest::newRow("NAN1") << "NAN1" << false;
    QTest::newRow("word") << "nana" << false;
    QTest::newRow("inf") << "inf" << false;
}

void tst_ValueParsing::missingTokens()
{
    QFETCH(QString, cell);
    QFETCH(bool, missing);
    QCOMPARE(isMissingToken(utf8(cell)), missing);
}

void tst_ValueParsing::numbers_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<double>("value");
    QTest::newRow("integer") << "42" << true << 42.0;
    QTest::newRow("zero") << "0" << true << 0.0;
    QTest::newRow("negative zero") << "-0" << true << 0.0;
    QTest::newRow("leading zeros") << "007" << true << 7.0;
    QTest::newRow("negative") << "-17" << true << -17.0;
    QTest::newRow("plus sign") << "+3" << true << 3.0;
    QTest::newRow("decimal") << "3.25" << true << 3.25;
    QTest::newRow("leading dot") << ".5" << true << 0.5;
    QTest::newRow("negative leading dot") << "-.5" << true << -0.5;
    QTest::newRow("exponent") << "-2.5e3" << true << -2500.0;
    QTest::newRow("capital exponent") << "1E5" << true << 100000.0;
    QTest::newRow("negative exponent") << "25e-2" << true << 0.25;
    QTest::newRow("positive exponent sign") << "1.5e+2" << true << 150.0;
    QTest::newRow("large finite") << "1e308" << true << 1e308;
    QTest::newRow("smallest subnormal") << "4.9e-324" << true << 4.9e-324;
    QTest::newRow("underflow to zero") << "1e-400" << true << 0.0;
    QTest::newRow("surrounding spaces") << "  4.5  " << true << 4.5;
    QTest::newRow("surrounding tabs") << "\t7\t" << true << 7.0;
    QTest::newRow("plus sign and spaces") << " +8 " << true << 8.0;

    QTest::newRow("two dots") << "1.2.3" << false << 0.0;
    QTest::newRow("hexadecimal") << "0x10" << false << 0.0;
    QTest::newRow("inf") << "inf" << false << 0.0;
    QTest::newRow("-inf") << "-inf" << false << 0.0;
    QTest::newRow("+inf") << "+inf" << false << 0.0;
    QTest::newRow("Infinity") << "Infinity" << false << 0.0;
    QTest::newRow("nan") << "nan" << false << 0.0;
    QTest::newRow("NaN") << "NaN" << false << 0.0;
    QTest::newRow("-nan") << "-nan" << false << 0.0;
    QTest::newRow("overflow") << "1e400" << false << 0.0;
    QTest::newRow("negative overflow") << "-1e400" << false << 0.0;
    QTest::newRow("empty") << "" << false << 0.0;
    QTest::newRow("spaces") << "   " << false << 0.0;
    QTest::newRow("word") << "abc" << false << 0.0;
    QTest::newRow("trailing letters") << "12abc" << false << 0.0;
    QTest::newRow("decimal comma") << "1,5" << false << 0.0;
    QTest::newRow("inner space") << "1 000" << false << 0.0;
    QTest::newRow("underscore") << "1_000" << false << 0.0;
    QTest::newRow("double minus") << "--1" << false << 0.0;
    QTest::newRow("plus then minus") << "+-1" << false << 0.0;
    QTest::newRow("sign only") << "-" << false << 0.0;
    QTest::newRow("plus only") << "+" << false << 0.0;
    QTest::newRow("dot only") << "." << false << 0.0;
    QTest::newRow("exponent without digits") << "1e" << false << 0.0;
    QTest::newRow("exponent only") << "e5" << false << 0.0;
    QTest::newRow("space after sign") << "- 1" << false << 0.0;
    QTest::newRow("percent") << "5%" << false << 0.0;
    QTest::newRow("date") << "2024-01-05" << false << 0.0;
}

void tst_ValueParsing::numbers()
{
    QFETCH(QString, cell);
    QFETCH(bool, valid);
    QFETCH(double, value);
    const std::optional<double> parsed = parseNumber(utf8(cell));
    // "+-1" is a typo, not minus one: the '+' is stripped before the '-' is looked at.
    // from_chars reports an underflow as out of range; the number is still a number (about 0), and
    // refusing it turns a whole numeric column into a categorical one.
    QCOMPARE(parsed.has_value(), valid);
    if (valid)
        QCOMPARE(*parsed, value);
}

void tst_ValueParsing::shortDecimalsAreTheCorrectlyRoundedDouble()
{
    // The common cells ("0.4187", "-12.5", "734", 15 digits at most) take a shortcut; it must give
    // the very double the general reader does, bit for bit, at every length and decimal count.
    QRandomGenerator random(20261207);
    for (int i = 0; i < 200000; ++i) {
        const int digitCount = 1 + int(random.bounded(15));
        std::string cell = random.bounded(2) ? "-" : "";
        std::string digits;
        for (int d = 0; d < digitCount; ++d)
            digits += char('0' + random.bounded(10));
        const int point = int(random.bounded(digitCount + 1)); // digitCount: no point
        cell += point > 0 && point < digitCount
                    ? digits.substr(0, std::size_t(point)) + '.' + digits.substr(std::size_t(point))
                    : digits;
        double expected = 0;
        std::from_chars(cell.data(), cell.data() + cell.size(), expected);
        const std::optional<double> parsed = parseNumber(cell);
        QVERIFY2(parsed.has_value(), cell.c_str());
        QVERIFY2(std::memcmp(&*parsed, &expected, sizeof expected) == 0, cell.c_str());
    }
}

void tst_ValueParsing::nonFiniteNumbers_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<bool>("nonFinite");
    QTest::newRow("inf") << "inf" << true;
    QTest::newRow("INF") << "INF" << true;
    QTest::newRow("-inf") << "-inf" << true;
    QTest::newRow("+Inf") << "+Inf" << true;
    QTest::newRow("Infinity") << "Infinity" << true;
    QTest::newRow("-INFINITY") << "-INFINITY" << true;
    QTest::newRow("nan") << "nan" << true;
    QTest::newRow("NaN") << "NaN" << true;
    QTest::newRow("-nan") << "-nan" << true;
    QTest::newRow("inf with spaces") << "  inf " << true;
    QTest::newRow("number") << "1" << false;
    QTest::newRow("huge number: too large for a double") << "1e400" << true;
    QTest::newRow("empty") << "" << false;
    QTest::newRow("infinite") << "infinite" << false;
    QTest::newRow("in") << "in" << false;
    QTest::newRow("nan1") << "nan1" << false;
    QTest::newRow("word") << "hello" << false;
    QTest::newRow("double sign") << "--inf" << false;
}

void tst_ValueParsing::nonFiniteNumbers()
{
    QFETCH(QString, cell);
    QFETCH(bool, nonFinite);
    QCOMPARE(isNonFiniteNumber(utf8(cell)), nonFinite);
    // A non-finite cell is never a number.
    if (nonFinite)
        QVERIFY(!parseNumber(utf8(cell)).has_value());
}

void tst_ValueParsing::booleans_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("value");
    QTest::newRow("true") << "true" << true << true;
    QTest::newRow("TRUE") << "TRUE" << true << true;
    QTest::newRow("True") << "True" << true << true;
    QTest::newRow("yes") << "yes" << true << true;
    QTest::newRow("YES") << "YES" << true << true;
    QTest::newRow("false") << "false" << true << false;
    QTest::newRow("False") << "False" << true << false;
    QTest::newRow("no") << "no" << true << false;
    QTest::newRow("No") << "No" << true << false;
    QTest::newRow("spaces") << " true\t" << true << true;
    QTest::newRow("one is not a boolean") << "1" << false << false;
    QTest::newRow("zero is not a boolean") << "0" << false << false;
    QTest::newRow("t") << "t" << false << false;
    QTest::newRow("f") << "f" << false << false;
    QTest::newRow("y") << "y" << false << false;
    QTest::newRow("n") << "n" << false << false;
    QTest::newRow("empty") << "" << false << false;
    QTest::newRow("truth") << "truth" << false << false;
    QTest::newRow("yess") << "yess" << false << false;
}

void tst_ValueParsing::booleans()
{
    QFETCH(QString, cell);
    QFETCH(bool, valid);
    QFETCH(bool, value);
    const std::optional<bool> parsed = parseBool(utf8(cell));
    QCOMPARE(parsed.has_value(), valid);
    if (valid)
        QCOMPARE(*parsed, value);
}

void tst_ValueParsing::isoDateTimes_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<double>("epochSeconds");
    // Reference values computed independently (Python's datetime.fromisoformat(...).timestamp()).
    QTest::newRow("epoch") << "1970-01-01" << true << 0.0;
    QTest::newRow("date only") << "2026-01-05" << true << 1767571200.0;
    QTest::newRow("T, minutes") << "2026-01-05T14:03" << true << 1767621780.0;
    QTest::newRow("space, minutes") << "2026-01-05 14:03" << true << 1767621780.0;
    QTest::newRow("seconds") << "2026-01-05T14:03:07" << true << 1767621787.0;
    QTest::newRow("fraction") << "2026-01-05T14:03:07.25" << true << 1767621787.25;
    QTest::newRow("comma fraction") << "2026-01-05T14:03:07,5" << true << 1767621787.5;
    QTest::newRow("Z") << "2026-01-05T14:03:00Z" << true << 1767621780.0;
    QTest::newRow("Z after minutes") << "2026-01-05T14:03Z" << true << 1767621780.0;
    QTest::newRow("fraction and Z") << "2026-01-05T14:03:00.5Z" << true << 1767621780.5;
    QTest::newRow("+02:00 is two hours earlier in UTC") << "2026-01-05T14:03:00+02:00" << true << 1767614580.0;
    QTest::newRow("-05:30 is five and a half hours later in UTC")
        << "2026-01-05T14:03:00-05:30" << true << 1767641580.0;
    QTest::newRow("+00:00") << "2026-01-05T14:03:00+00:00" << true << 1767621780.0;
    QTest::newRow("offset crosses midnight") << "2026-01-05T01:00+02:00" << true << 1767571200.0 - 3600.0;
    QTest::newRow("leap day 2024") << "2024-02-29" << true << 1709164800.0;
    QTest::newRow("leap day 2000 (divisible by 400)") << "2000-02-29" << true << 951868800.0 - 86400.0;
    QTest::newRow("before the epoch") << "1969-12-31T23:59:59Z" << true << -1.0;
    QTest::newRow("1900") << "1900-03-01" << true << -2203891200.0;
    QTest::newRow("surrounding spaces") << "  2026-01-05  " << true << 1767571200.0;
    QTest::newRow("end of day") << "2026-01-05T23:59:59" << true << 1767571200.0 + 86399.0;

    QTest::newRow("leap day 2025") << "2025-02-29" << false << 0.0;
    QTest::newRow("leap day 1900 (divisible by 100)") << "1900-02-29" << false << 0.0;
    QTest::newRow("month 13") << "2025-13-01" << false << 0.0;
    QTest::newRow("month 0") << "2025-00-10" << false << 0.0;
    QTest::newRow("day 0") << "2025-01-00" << false << 0.0;
    QTest::newRow("day 32") << "2025-01-32" << false << 0.0;
    QTest::newRow("April 31") << "2025-04-31" << false << 0.0;
    QTest::newRow("hour 24") << "2025-01-05T24:00" << false << 0.0;
    QTest::newRow("minute 60") << "2025-01-05T12:60" << false << 0.0;
    QTest::newRow("second 61") << "2025-01-05T12:00:61" << false << 0.0;
    QTest::newRow("single-digit month") << "2025-1-05" << false << 0.0;
    QTest::newRow("no dashes") << "20250105" << false << 0.0;
    QTest::newRow("slashes") << "2025/01/05" << false << 0.0;
    QTest::newRow("day first") << "05-01-2025" << false << 0.0;
    QTest::newRow("hour only") << "2025-01-05T12" << false << 0.0;
    QTest::newRow("T only") << "2025-01-05T" << false << 0.0;
    QTest::newRow("other separator") << "2025-01-05X12:00" << false << 0.0;
    QTest::newRow("lowercase t") << "2025-01-05t12:00" << false << 0.0;
    QTest::newRow("dot without fraction") << "2025-01-05T12:00:00." << false << 0.0;
    QTest::newRow("fraction without seconds") << "2025-01-05T12:00.5" << false << 0.0;
    QTest::newRow("text after Z") << "2025-01-05T12:00Zjunk" << false << 0.0;
    QTest::newRow("offset without colon") << "2025-01-05T12:00+0200" << false << 0.0;
    QTest::newRow("offset hours only") << "2025-01-05T12:00+02" << false << 0.0;
    QTest::newRow("offset on a date") << "2025-01-05+02:00" << false << 0.0;
    QTest::newRow("offset hour 24") << "2025-01-05T12:00+24:00" << false << 0.0;
    QTest::newRow("offset minute 60") << "2025-01-05T12:00+02:60" << false << 0.0;
    QTest::newRow("garbage") << "yesterday" << false << 0.0;
    QTest::newRow("number") << "1767571200" << false << 0.0;
    QTest::newRow("empty") << "" << false << 0.0;
}

void tst_ValueParsing::isoDateTimes()
{
    QFETCH(QString, cell);
    QFETCH(bool, valid);
    QFETCH(double, epochSeconds);
    const std::optional<double> parsed = parseIsoDateTime(utf8(cell));
    QVERIFY2(parsed.has_value() == valid,
             qPrintable(parsed ? QStringLiteral("parsed as %1").arg(*parsed, 0, 'f', 3) : QStringLiteral("refused")));
    if (valid)
        QCOMPARE(*parsed, epochSeconds);
}

void tst_ValueParsing::trimmedRemovesSpacesAndTabsOnly()
{
    QCOMPARE(trimmed(" \t a b \t "), std::string_view("a b"));
    QCOMPARE(trimmed(""), std::string_view(""));
    QCOMPARE(trimmed("   "), std::string_view(""));
    QCOMPARE(trimmed("\nx\n"), std::string_view("\nx\n"));
}

QTEST_GUILESS_MAIN(tst_ValueParsing)
#include "tst_valueparsing.moc"
