// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/CsvImporter.h"
#include "core/data/CsvReader.h"
#include "core/data/Dataset.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mb::data {

// A cell as the import's messages quote it: in single quotes, cut after 40 characters.
QString quotedCell(std::string_view cell);

// What the first pass of a CSV import learns about one column.
struct ColumnScan {
    bool numeric = true;
    bool boolean = true;
    bool dateTime = true;
    std::int64_t nonMissing = 0;
    std::int64_t nonFiniteLine = 0; // first "inf"/"nan"-like cell, kept to refuse it if numeric
    std::string nonFiniteCell;
    std::vector<double> numbers; // filled while the column can still be numeric
    // Exact integers, from the first cell that holds one a double cannot (an id above 2^53) on,
    // with the rows before joined from `numbers`; dropped for good when a number is not whole.
    std::vector<std::int64_t> integers;
    bool wholeSoFar = true;
};

// The first pass of a CSV import over consecutive records: per column, the type every value allows
// (numbers kept while the column is numeric, exact integers for ids above 2^53), and the first
// problem that stops the import (a text in a column declared numeric, an id beyond 64 bits, a file
// too large for memory), named by line and column.
// Two scanners may read the two parts of one file at once (core/data/CsvTwoParts): the second
// starts fresh, and append() makes the first what it would have been had it read both parts.
// Thread contract: one thread per scanner.
class CsvColumnScanner {
public:
    // `partBytes`: the bytes this scanner's records take in the file, to size the columns from the
    // first records. `checksSize`: this scanner reads the file's first part, and refuses a file too
    // large for memory from its first records (the second part's scanner leaves that to it).
    CsvColumnScanner(const QStringList &header, const ImportOptions &options, char separator,
                     std::int64_t partBytes, bool checksSize);

    // Takes one record; false when it stops the import (error() says why).
    bool scan(const CsvRecord &record);

    const QString &error() const { return m_error; }
    std::int64_t rows() const { return m_rows; }
    std::vector<ColumnScan> &columns() { return m_scans; }

    // Appends what `next`, a fresh scanner, learnt from the records that follow this one's, with
    // the result of reading them all in order, and returns true. Returns false, leaving both
    // unchanged, when the two summaries cannot tell that result (an id column above 2^53 in both,
    // say, or fewer records here than the size check samples): the caller reads the second part
    // again with this scanner. `next` may have stopped at an error, which is then the file's first
    // once this scanner has none.
    bool append(CsvColumnScanner &next);

private:
    bool fail(const QString &message, std::size_t column);
    bool sampleRecord(const CsvRecord &record);

    QStringList m_header;
    std::vector<std::optional<ColumnType>> m_declared;
    std::size_t m_idColumn;
    bool m_decimalComma;
    std::int64_t m_partBytes;
    bool m_checksSize;
    std::vector<ColumnScan> m_scans;
    std::int64_t m_rows = 0;
    std::int64_t m_sampleBytes = 0;
    QString m_error;
    std::size_t m_errorColumn = 0; // the column named by m_error, when it names one
    bool m_errorNeedsNumeric = false; // m_error holds only while that column is numeric (the id check)
    std::string m_commaCell;
};

} // namespace mb::data
