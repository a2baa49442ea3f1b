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
// Two readers may read one file in two parts at once (core/data/CsvTwoParts): the first stops at a
// record boundary (forEachRecordBefore), the second starts there (continueAt).
// Thread contract: one reader per thread; the cancel flag may be set from any thread.
class CsvReader {
public:
    struct Options {
        char separator = 0;                  // 0: detect
        std::atomic<bool> *cancel = nullptr; // when set, reading stops with "cancelled"
        // Called now and then with the bytes read so far (for a progress bar).
        std::function<void(std::int64_t bytesRead)> progress;
        bool hash = true; // false: sha256Hex() is of nothing (a second part's reader)
    };

    CsvReader(QIODevice &device, Options options);

    // Reads the header record (call first). Errors: empty input ("the file is empty"), invalid
    // UTF-8, unterminated quote.
    Status readHeader();
    const QStringList &header() const { return m_header; }
    char separator() const { return m_separator; }

    // Reads the records of a file whose header another reader read, from byte `byteOffset` (where
    // a line starts, and where the device is), which is on line `line`: the second part of a file
    // that forEachRecordBefore split. Messages name lines and offsets in the whole file. The
    // separator must be given in the options. Call first, instead of readHeader().
    Status continueAt(std::int64_t byteOffset, std::int64_t line, const QStringList &header);

    // Calls `onRecord` for every data record in order; returning false from it stops reading
    // (not an error). Returns the first error met, with its line or byte offset.
    Status forEachRecord(const std::function<bool(const CsvRecord &)> &onRecord);

    // forEachRecord for the records that end by file offset `offset`. True when it stopped at the
    // first record that starts at or after `offset` with none running across it (only line ends
    // between): a reader from `offset` (continueAt) reads the rest. False when a record (or the
    // header) runs across `offset` (a quoted field with line ends, say), when `onRecord` stopped it,
    // or when the data ended first. The record it stopped at was not passed on: a later
    // forEachRecord passes it on first, so reading on gives what forEachRecord alone gives.
    Result<bool> forEachRecordBefore(std::int64_t offset, const std::function<bool(const CsvRecord &)> &onRecord);

    // Hashes the bytes of the file after those read so far, read from `sameFile` (another handle
    // on the same file): after forEachRecordBefore stopped, sha256Hex() is the whole file's. A later
    // forEachRecord hashes none of them again.
    Status hashRest(QIODevice &sameFile);

    std::int64_t bytesRead() const;
    // Lowercase hex SHA-256 of every byte read (or hashed by hashRest) so far: the whole file once
    // forEachRecord has run to the end, fewer bytes when its callback stopped it early.
    QString sha256Hex() const;

    ~CsvReader();
    CsvReader(const CsvReader &) = delete;
    CsvReader &operator=(const CsvReader &) = delete;

private:
    bool checkSeparatorAndDevice();
    void useSeparator(char separator);
    Result<bool> readRecords(std::int64_t before, const std::function<bool(const CsvRecord &)> &onRecord);

    struct State;
    std::unique_ptr<State> m_state;
    QStringList m_header;
    char m_separator = ',';
};

} // namespace mb::data
