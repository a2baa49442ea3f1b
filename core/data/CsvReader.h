// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

class QIODevice;

namespace mb::data {

// One CSV record: its fields as UTF-8 views, valid only during the callback that receives them.
struct CsvRecord {
    const std::vector<std::string_view> &fields;
    std::int64_t line; // 1-based line where the record starts (the header is line 1)
};

// A streaming RFC 4180 CSV reader.
// - Separator: given, or detected from the header line among ',', ';' and '\t'.
// - UTF-8 with or without a BOM (the BOM is skipped); CRLF or LF line ends.
// - Quoted fields with embedded separators, doubled quotes ("") and newlines.
// - Every record must have as many fields as the header; a ragged row is an error naming its line
//   and both counts. Bytes that are not valid UTF-8 are an error naming their byte offset. An
//   unterminated quote is an error naming the line where the field starts.
// - Empty lines are skipped. A final line without a line end is a record.
// It reads the device in chunks (it never holds the whole file) and hashes every byte it reads
// with SHA-256, so the caller gets the content hash from the same pass.
// Thread contract: one reader per thread; the cancel flag may be set from any thread.
class CsvReader {
public:
    struct Options {
        char separator = 0;                  // 0: detect
        std::atomic<bool> *cancel = nullptr; // when set, reading stops with "cancelled"
        // Called now and then with the bytes read so far (for a progress bar).
        std::function<void(std::int64_t bytesRead)> progress;
    };

    CsvReader(QIODevice &device, Options options);

    // Reads the header record (call first). Errors: empty input ("the file is empty"), invalid
    // UTF-8, unterminated quote.
    Status readHeader();
    const QStringList &header() const { return m_header; }
    char separator() const { return m_separator; }

    // Calls `onRecord` for every data record in order; returning false from it stops reading
    // (not an error). Returns the first error met, with its line or byte offset.
    Status forEachRecord(const std::function<bool(const CsvRecord &)> &onRecord);

    std::int64_t bytesRead() const;
    // Lowercase hex SHA-256 of every byte read so far: the whole file once forEachRecord has run
    // to the end, fewer bytes when its callback stopped it early.
    QString sha256Hex() const;

    ~CsvReader();
    CsvReader(const CsvReader &) = delete;
    CsvReader &operator=(const CsvReader &) = delete;

private:
    struct State;
    std::unique_ptr<State> m_state;
    QStringList m_header;
    char m_separator = ',';
};

} // namespace mb::data
