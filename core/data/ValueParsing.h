// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace mb::data {

// Fast, locale-independent parsing of CSV cells (UTF-8 views, surrounding spaces ignored).

// "", "NA", "NaN", "?", "null" in any letter case.
bool isMissingToken(std::string_view cell);
// A finite decimal number ("1", "-2.5e3"). "inf" and "nan" are not finite numbers: nullopt.
std::optional<double> parseNumber(std::string_view cell);
// parseNumber's value for the common cell, [-]digits[.digits] with at most 15 digits and nothing
// around it; nullopt for every other cell (a missing token among them), which parseNumber reads.
// The importer's first try: most numeric cells need no trimming and no missing-token test.
std::optional<double> parsePlainDecimal(std::string_view cell);
// A whole number written as [+|-]digits that fits a 64-bit integer, exactly: ids above 2^53 that a
// double rounds. nullopt for any other text, and for one of those digits out of int64's range.
std::optional<std::int64_t> parseInteger(std::string_view cell);
// [+|-]digits, whatever their size: the text of a whole number.
bool isIntegerText(std::string_view cell);
// True for cells such as "inf", "-Infinity", "nan" or "1e400" that are numbers but not finite ones.
bool isNonFiniteNumber(std::string_view cell);
// true/false, yes/no in any letter case.
std::optional<bool> parseBool(std::string_view cell);
// ISO 8601: YYYY-MM-DD, optionally followed by 'T' or ' ' and hh:mm[:ss[.fraction]], optionally
// followed by 'Z' or ±hh:mm. Returns seconds since 1970-01-01T00:00:00Z (no zone means UTC).
std::optional<double> parseIsoDateTime(std::string_view cell);

std::string_view trimmed(std::string_view cell);

} // namespace mb::data
