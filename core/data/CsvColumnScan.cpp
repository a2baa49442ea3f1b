// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/CsvColumnScan.h"

#include "core/data/DatasetLimits.h"
#include "core/data/ValueParsing.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mb::data {
namespace {

// Records sampled to size the columns (and to refuse a file too large) before they grow.
constexpr std::int64_t kSampleRecords = 1000;
constexpr double kTwoTo53 = 0x1p53;

// Keeps `scan.integers` in step with `scan.numbers` after `number` was appended for `cell`. Costs
// a comparison per cell until a column meets an integer beyond 2^53.
void trackExactInteger(ColumnScan &scan, std::string_view cell, double number)
{
    if (!scan.wholeSoFar)
        return;
    if (scan.integers.empty()) {
        if (!(std::abs(number) >= kTwoTo53))
            return;
        const std::optional<std::int64_t> exact = parseInteger(cell);
        if (!exact || *exact == std::numeric_limits<std::int64_t>::min())
            return;
        if (std::abs(number) < 0x1p63 && std::int64_t(number) == *exact)
            return; // the double is exact
        scan.numbers.pop_back(); // the rows before this one
        std::optional<std::vector<std::int64_t>> before = wholeNumbers(scan.numbers);
        scan.numbers.push_back(number);
        if (!before) {
            scan.wholeSoFar = false;
            return;
        }
        scan.integers = std::move(*before);
        scan.integers.push_back(*exact);
        return;
    }
    if (std::abs(number) < kTwoTo53 && std::trunc(number) == number) {
        scan.integers.push_back(std::int64_t(number));
        return;
    }
    const std::optional<std::int64_t> exact = parseInteger(cell);
    if (exact && *exact != std::numeric_limits<std::int64_t>::min()) {
        scan.integers.push_back(*exact);
        return;
    }
    scan.wholeSoFar = false;
    std::vector<std::int64_t>().swap(scan.integers);
}

// The exact integers of a column whose first part tracks them (`first.integers` not empty) after
// the second part's numbers, as trackExactInteger would have made them reading on; nullopt when a
// number of the second part is 2^53 or more, whose digits only its text holds.
std::optional<std::vector<std::int64_t>> integersAfter(const ColumnScan &first, const std::vector<double> &numbers)
{
    std::vector<std::int64_t> integers;
    integers.reserve(first.integers.size() + numbers.size());
    integers = first.integers;
    for (const double v : numbers) {
        if (isMissing(v)) {
            integers.push_back(0);
            continue;
        }
        if (!(std::abs(v) < kTwoTo53))
            return std::nullopt;
        if (std::trunc(v) != v)
            return std::vector<std::int64_t>(); // not whole: no exact integers for good
        integers.push_back(std::int64_t(v));
    }
    return integers;
}

} // namespace

QString quotedCell(std::string_view cell)
{
    QString text = QString::fromUtf8(cell.data(), qsizetype(cell.size()));
    if (text.size() > 40)
        text = text.left(40) + QStringLiteral("…");
    return QStringLiteral("'%1'").arg(text);
}

CsvColumnScanner::CsvColumnScanner(const QStringList &header, const ImportOptions &options, char separator,
                                   std::int64_t partBytes, bool checksSize)
    : m_header(header), m_declared(std::size_t(header.size())), m_idColumn(std::size_t(header.size())),
      // Files separated by ';' come from locales that write decimals with a comma: "1,5" is 1.5.
      m_decimalComma(separator == ';'), m_partBytes(partBytes), m_checksSize(checksSize),
      m_scans(std::size_t(header.size()))
{
    for (std::size_t c = 0; c < m_declared.size(); ++c)
        m_declared[c] = options.overrides.value(header.at(qsizetype(c)).trimmed()).type;
    // The id column (data::idColumnName: the first ignored one) must hold ids that fit an int64.
    for (std::size_t c = 0; c < m_declared.size() && m_idColumn == m_declared.size(); ++c)
        if (options.overrides.value(header.at(qsizetype(c)).trimmed()).ignore)
            m_idColumn = c;
}

bool CsvColumnScanner::fail(const QString &message, std::size_t column)
{
    m_error = message;
    m_errorColumn = column;
    return false;
}

// Growing twenty vectors by doubling leaves the freed smaller buffers in the heap (about as much
// again as the data). Reserve once, from the size of the first records.
bool CsvColumnScanner::sampleRecord(const CsvRecord &record)
{
    if (m_rows < kSampleRecords) {
        for (const std::string_view &field : record.fields)
            m_sampleBytes += std::int64_t(field.size()) + 1;
        return true;
    }
    if (m_rows != kSampleRecords || m_sampleBytes <= 0)
        return true;
    const auto estimate =
        std::int64_t(double(m_partBytes) / (double(m_sampleBytes) / double(m_rows)) * 1.05) + 16;
    // Refused from the first records' size, before the columns grow to the whole file.
    if (m_checksSize) {
        if (Status fits = checkDatasetSize(estimate, std::int64_t(m_scans.size())); !fits)
            return fail(QStringLiteral("the file is too large to import (estimated from its first %1 lines): %2")
                            .arg(kSampleRecords)
                            .arg(fits.error()),
                        m_scans.size());
    }
    for (ColumnScan &scan : m_scans)
        if (scan.numeric)
            scan.numbers.reserve(std::size_t(estimate));
    return true;
}

bool CsvColumnScanner::scan(const CsvRecord &record)
{
    if (!sampleRecord(record))
        return false;
    const std::size_t columnCount = m_scans.size();
    for (std::size_t c = 0; c < columnCount; ++c) {
        const std::string_view cell = record.fields[c];
        ColumnScan &scan = m_scans[c];
        if (scan.numeric) {
            if (const std::optional<double> plain = parsePlainDecimal(cell)) {
                ++scan.nonMissing;
                scan.numbers.push_back(*plain);
                trackExactInteger(scan, cell, *plain);
                continue;
            }
        }
        if (isMissingToken(cell)) {
            if (scan.numeric) {
                scan.numbers.push_back(kMissing);
                if (!scan.integers.empty())
                    scan.integers.push_back(0);
            }
            continue;
        }
        ++scan.nonMissing;
        if (scan.numeric) {
            std::optional<double> number = parseNumber(cell);
            if (!number && m_decimalComma && std::count(cell.begin(), cell.end(), ',') == 1) {
                m_commaCell.assign(cell);
                std::replace(m_commaCell.begin(), m_commaCell.end(), ',', '.');
                number = parseNumber(m_commaCell);
            }
            if (number) {
                if (c == m_idColumn && std::abs(*number) >= 0x1p63 && isIntegerText(cell) &&
                    (!parseInteger(cell) || *parseInteger(cell) == std::numeric_limits<std::int64_t>::min())) {
                    m_errorNeedsNumeric = true;
                    return fail(QStringLiteral("line %1, column '%2': %3 does not fit a 64-bit integer id (from "
                                               "-9223372036854775807 to 9223372036854775807)")
                                    .arg(record.line)
                                    .arg(m_header.at(qsizetype(c)), quotedCell(cell)),
                                c);
                }
                scan.numbers.push_back(*number);
                trackExactInteger(scan, cell, *number);
            } else if (isNonFiniteNumber(cell)) {
                if (scan.nonFiniteLine == 0) {
                    scan.nonFiniteLine = record.line;
                    scan.nonFiniteCell = std::string(cell);
                }
                scan.numbers.push_back(kMissing);
                if (!scan.integers.empty())
                    scan.integers.push_back(0);
            } else {
                if (m_declared[c] == ColumnType::Numeric)
                    return fail(
                        QStringLiteral("line %1, column '%2': %3 is not a number, and the column is declared numeric")
                            .arg(record.line)
                            .arg(m_header.at(qsizetype(c)), quotedCell(cell)),
                        c);
                scan.numeric = false;
                std::vector<double>().swap(scan.numbers);
                std::vector<std::int64_t>().swap(scan.integers);
                // Earlier cells were numbers, which are neither booleans nor dates.
                if (scan.nonMissing > 1)
                    scan.boolean = scan.dateTime = false;
            }
        }
        if (!scan.numeric) {
            if (scan.boolean && !parseBool(cell))
                scan.boolean = false;
            if (scan.dateTime && !parseIsoDateTime(cell))
                scan.dateTime = false;
        }
    }
    ++m_rows;
    return true;
}

bool CsvColumnScanner::append(CsvColumnScanner &next)
{
    // The size check and the columns' reservation happen at the kSampleRecords-th record of the
    // file: with fewer records here, they would have happened in the second part.
    if (m_rows < kSampleRecords && (next.m_rows > 0 || !next.m_error.isEmpty()))
        return false;
    // The id check holds while its column is numeric, which this part may have ended.
    if (next.m_errorNeedsNumeric && !m_scans[next.m_errorColumn].numeric)
        return false;
    // Every column's exact integers, decided before anything changes.
    std::vector<std::optional<std::vector<std::int64_t>>> integers(m_scans.size());
    for (std::size_t c = 0; c < m_scans.size(); ++c) {
        const ColumnScan &first = m_scans[c];
        const ColumnScan &second = next.m_scans[c];
        if (!first.numeric || !second.numeric || !first.wholeSoFar)
            continue;
        if (!first.integers.empty()) {
            // The second part's cells met integers already tracked.
            integers[c] = integersAfter(first, second.numbers);
            if (!integers[c])
                return false;
        } else if (!second.integers.empty()) {
            // The second part's first integer beyond 2^53 joins every earlier row, this part's too.
            std::optional<std::vector<std::int64_t>> before = wholeNumbers(first.numbers);
            integers[c] = std::vector<std::int64_t>();
            if (before) {
                integers[c] = std::move(*before);
                integers[c]->insert(integers[c]->end(), second.integers.begin(), second.integers.end());
            }
        }
    }

    for (std::size_t c = 0; c < m_scans.size(); ++c) {
        ColumnScan &first = m_scans[c];
        ColumnScan &second = next.m_scans[c];
        const bool firstHeldNumbers = first.numeric && first.nonMissing > 0;
        first.nonMissing += second.nonMissing;
        if (first.numeric && second.numeric) {
            if (first.nonFiniteLine == 0) {
                first.nonFiniteLine = second.nonFiniteLine;
                first.nonFiniteCell = std::move(second.nonFiniteCell);
            }
            first.numbers.insert(first.numbers.end(), second.numbers.begin(), second.numbers.end());
            std::vector<double>().swap(second.numbers); // the peak holds one column twice, not the part
            if (integers[c]) {
                first.integers = std::move(*integers[c]);
                first.wholeSoFar = !first.integers.empty();
            } else if (first.wholeSoFar && !second.wholeSoFar) {
                first.wholeSoFar = false; // the second part met a number not whole before an exact integer
            }
            continue;
        }
        // The column is text. Numbers are neither booleans nor dates (the rule scan() applies when a
        // column stops being numeric), so a part that held numbers rules both out.
        const bool secondHeldNumbers = second.numeric && second.nonMissing > 0;
        first.boolean = first.boolean && second.boolean && !firstHeldNumbers && !secondHeldNumbers;
        first.dateTime = first.dateTime && second.dateTime && !firstHeldNumbers && !secondHeldNumbers;
        first.numeric = false;
        std::vector<double>().swap(first.numbers);
        std::vector<std::int64_t>().swap(first.integers);
    }
    m_rows += next.m_rows;
    if (m_error.isEmpty() && !next.m_error.isEmpty()) {
        m_error = next.m_error;
        m_errorColumn = next.m_errorColumn;
        m_errorNeedsNumeric = next.m_errorNeedsNumeric;
    }
    return true;
}

} // namespace mb::data
