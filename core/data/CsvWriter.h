// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QStringList>
#include <QStringView>

#include <cstddef>

namespace mb::data {

// The project's one CSV writer (the Compare table's export, `export predictions`), RFC 4180:
// fields separated by commas, records ended by CRLF, UTF-8 without a byte order mark. A field
// holding a comma, a quote, a CR or an LF is quoted, its quotes doubled; a record of one empty
// field is written as "" so that it is not an empty line, which readers skip. CsvReader reads
// every record back field for field.
// It appends to a buffer in memory; a caller writing a large file takes the bytes in blocks
// (take()). Thread contract: a value type, one thread at a time.
class CsvWriter {
public:
    void addField(QStringView text);
    // A number that reads back as the same double: a whole number up to 2^53 as an integer
    // ("42", not "42.0"), any other in its shortest round-trip form ("0.1", "1.5e-07"); NaN, a
    // missing value, as an empty field; infinities as "inf" and "-inf".
    void addNumber(double value);
    // Ends the record the fields since the last call form (CRLF).
    void endRecord();
    // addField for each, then endRecord.
    void addRecord(const QStringList &fields);

    const QByteArray &bytes() const { return m_bytes; }
    qsizetype size() const { return m_bytes.size(); }
    // The bytes written so far, leaving the writer empty; a record in progress carries on.
    QByteArray take();

private:
    void startField();

    QByteArray m_bytes;
    std::size_t m_fields = 0;      // in the record being written
    bool m_lastFieldEmpty = false; // the record's last field wrote no bytes
};

// `text` as one CSV field: as it is, or quoted with its quotes doubled when it needs to be.
QByteArray csvField(QStringView text);

} // namespace mb::data
