// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/data/CsvColumnScan.h"
#include "core/data/CsvImporter.h"
#include "core/data/CsvReader.h"

#include <QString>

#include <atomic>
#include <cstdint>

namespace mb::data {

// From this size on, a plain CSV file's first pass runs on two threads: below it, starting the
// second reader costs more than it saves.
inline constexpr std::int64_t kMinBytesForTwoParts = std::int64_t(4) << 20;

// The first pass of a CSV import: every record of `reader`, whose header is read, through
// `scanner`. A plain (not gzip) file of `fileBytes` >= kMinBytesForTwoParts is read in two parts
// at once:
// - the split is the first line start at or after the middle; a second thread counts the line ends
//   before it, and scans from there with its own reader and scanner;
// - `reader` reads the records before the split, and checks that none runs across it (a quoted
//   field with line ends, say), then hashes the rest of the file from a second handle while the
//   second part's scan ends (the hash covers each byte once, in order);
// - the two scanners join (CsvColumnScanner::append). Where a record runs across the split, or the
//   join cannot be told from the two summaries, `reader` reads on alone and the second thread's
//   work is dropped.
// The result is the one reader alone gives: the same values, and the same first error in file
// order with the same line, column and byte offset. Returns the reader's error (the CSV's syntax,
// a read failure, "cancelled"); the scanner's own is scanner.error(). `otherPartBytes` follows
// the bytes the second thread has read, for progress. `path` must still name the file `reader` reads.
Status scanCsvRecords(CsvReader &reader, const QString &path, std::int64_t fileBytes, bool plainText,
                      const ImportOptions &options, CsvColumnScanner &scanner, std::atomic<bool> *cancel,
                      std::atomic<std::int64_t> *otherPartBytes);

} // namespace mb::data
