// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/ValueParsing.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace mb::data {
namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view lowercase)
{
    if (a.size() != lowercase.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
        if (c != lowercase[i])
            return false;
    }
    return true;
}

bool digits(std::string_view s, std::size_t at, std::size_t count, int &out)
{
    if (at + count > s.size())
        return false;
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        value = value * 10 + (s[i] - '0');
    }
    out = value;
    return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t daysFromCivil(int y, int m, int d)
{
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = unsigned((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + std::int64_t(doe) - 719468;
}

int daysInMonth(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

// Clinger's fast path for the common cell, [-]digits[.digits] with at most 15 digits in all: the
// digits as an integer m and the number of decimals k are both exact doubles (m < 10^15 < 2^53,
// 10^k exact for k <= 22), so m / 10^k is one correctly rounded division, the same double
// from_chars gives, without its general machinery (a fifth of an import's time went there).
// nullopt for anything else, which from_chars then reads.
std::optional<double> parseShortDecimal(std::string_view cell)
{
    static constexpr double kPowersOfTen[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                              1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    std::size_t i = 0;
    const bool negative = cell.front() == '-';
    i += negative;
    std::uint64_t mantissa = 0;
    int digitCount = 0;
    int decimals = -1; // -1 until the point is seen
    for (; i < cell.size(); ++i) {
        const char c = cell[i];
        if (c >= '0' && c <= '9') {
            if (++digitCount > 15)
                return std::nullopt;
            mantissa = mantissa * 10 + std::uint64_t(c - '0');
            decimals += decimals >= 0;
        } else if (c == '.' && decimals < 0 && digitCount > 0) {
            decimals = 0;
        } else {
            return std::nullopt;
        }
    }
    if (digitCount == 0 || decimals == 0) // "-" or "1.": from_chars decides
        return std::nullopt;
    const double value = double(mantissa) / kPowersOfTen[decimals < 0 ? 0 : decimals];
    return negative ? -value : value;
}

} // namespace

std::string_view trimmed(std::string_view cell)
{
    while (!cell.empty() && (cell.front() == ' ' || cell.front() == '\t'))
        cell.remove_prefix(1);
    while (!cell.empty() && (cell.back() == ' ' || cell.back() == '\t'))
        cell.remove_suffix(1);
    return cell;
}

bool isMissingToken(std::string_view cell)
{
    cell = trimmed(cell);
    return cell.empty() || cell == "?" || equalsIgnoreCase(cell, "na") || equalsIgnoreCase(cell, "nan") ||
           equalsIgnoreCase(cell, "null");
}

std::optional<double> parsePlainDecimal(std::string_view cell)
{
    return cell.empty() ? std::nullopt : parseShortDecimal(cell);
}

std::optional<double> parseNumber(std::string_view cell)
{
    cell = trimmed(cell);
    if (!cell.empty() && cell.front() == '+') {
        cell.remove_prefix(1);
        if (!cell.empty() && cell.front() == '-')
            return std::nullopt; // "+-1"
    }
    if (cell.empty())
        return std::nullopt;
    // from_chars accepts "inf" and "nan"; a leading letter is never a finite number.
    const char first = cell.front() == '-' && cell.size() > 1 ? cell[1] : cell.front();
    if (!((first >= '0' && first <= '9') || first == '.'))
        return std::nullopt;
    if (const std::optional<double> shortDecimal = parseShortDecimal(cell))
        return shortDecimal;
    double value = 0;
    const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
    if (end != cell.data() + cell.size())
        return std::nullopt;
    if (error == std::errc::result_out_of_range) {
        // Too small to represent is zero (1e-400); too large is not a finite number (1e400).
        const std::string text(cell);
        const double nearest = std::strtod(text.c_str(), nullptr);
        return std::abs(nearest) < 1.0 ? std::optional<double>(nearest) : std::nullopt;
    }
    if (error != std::errc() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

bool isIntegerText(std::string_view cell)
{
    cell = trimmed(cell);
    if (!cell.empty() && (cell.front() == '+' || cell.front() == '-'))
        cell.remove_prefix(1);
    return !cell.empty() && std::all_of(cell.begin(), cell.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<std::int64_t> parseInteger(std::string_view cell)
{
    if (!isIntegerText(cell))
        return std::nullopt;
    cell = trimmed(cell);
    if (cell.front() == '+')
        cell.remove_prefix(1);
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
    if (error != std::errc() || end != cell.data() + cell.size())
        return std::nullopt;
    return value;
}

bool isNonFiniteNumber(std::string_view cell)
{
    cell = trimmed(cell);
    // A number too large for a double (1e400) is as non-finite as "inf".
    if (!cell.empty() && (std::isdigit(static_cast<unsigned char>(cell.back())) || cell.back() == '.')) {
        const std::string text(cell);
        char *end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (end == text.c_str() + text.size() && std::isinf(value))
            return true;
    }
    if (!cell.empty() && (cell.front() == '-' || cell.front() == '+'))
        cell.remove_prefix(1);
    return equalsIgnoreCase(cell, "inf") || equalsIgnoreCase(cell, "infinity") || equalsIgnoreCase(cell, "nan");
}

std::optional<bool> parseBool(std::string_view cell)
{
    cell = trimmed(cell);
    if (equalsIgnoreCase(cell, "true") || equalsIgnoreCase(cell, "yes"))
        return true;
    if (equalsIgnoreCase(cell, "false") || equalsIgnoreCase(cell, "no"))
        return false;
    return std::nullopt;
}

std::optional<double> parseIsoDateTime(std::string_view s)
{
    s = trimmed(s);
    int year = 0, month = 0, day = 0;
    if (s.size() < 10 || !digits(s, 0, 4, year) || s[4] != '-' || !digits(s, 5, 2, month) || s[7] != '-' ||
        !digits(s, 8, 2, day))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
        return std::nullopt;
    double seconds = double(daysFromCivil(year, month, day)) * 86400.0;
    std::size_t at = 10;
    if (at == s.size())
        return seconds;
    if (s[at] != 'T' && s[at] != ' ')
        return std::nullopt;
    int hour = 0, minute = 0, second = 0;
    if (!digits(s, at + 1, 2, hour) || at + 3 >= s.size() || s[at + 3] != ':' || !digits(s, at + 4, 2, minute))
        return std::nullopt;
    at += 6;
    double fraction = 0;
    if (at < s.size() && s[at] == ':') {
        if (!digits(s, at + 1, 2, second))
            return std::nullopt;
        at += 3;
        if (at < s.size() && (s[at] == '.' || s[at] == ',')) {
            double scale = 0.1;
            ++at;
            const std::size_t start = at;
            while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
                fraction += (s[at] - '0') * scale;
                scale /= 10;
                ++at;
            }
            if (at == start)
                return std::nullopt;
        }
    }
    if (hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    seconds += hour * 3600.0 + minute * 60.0 + second + fraction;
    if (at == s.size())
        return seconds;
    if (s[at] == 'Z' && at + 1 == s.size())
        return seconds;
    if ((s[at] == '+' || s[at] == '-') && s.size() == at + 6 && s[at + 3] == ':') {
        int offsetHours = 0, offsetMinutes = 0;
        if (!digits(s, at + 1, 2, offsetHours) || !digits(s, at + 4, 2, offsetMinutes) || offsetHours > 23 ||
            offsetMinutes > 59)
            return std::nullopt;
        const double offset = offsetHours * 3600.0 + offsetMinutes * 60.0;
        return s[at] == '+' ? seconds - offset : seconds + offset;
    }
    return std::nullopt;
}

} // namespace mb::data
