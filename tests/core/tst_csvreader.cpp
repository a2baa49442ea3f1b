// SPDX-License-Identifier: GPL-3.0-or-later
// The streaming CSV reader: RFC 4180 quoting, separator detection, line ends, UTF-8 checks with
// exact offsets, records that span the reader's 1 MiB chunks, the SHA-256 of the bytes, cancel,
// early stop and device errors. Every input is read from a QBuffer or a small test device.

#include "core/data/CsvReader.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <random>
#include <utility>

using mb::Status;
using namespace mb::data;

namespace {

// The reader's chunk size; inputs place structure around multiples of it.
constexpr qsizetype kChunk = qsizetype(1) << 20;

QStringList toStrings(const std::vector<std::string_view> &fields)
{
    QStringList result;
    result.reserve(qsizetype(fields.size()));
    for (const std::string_view field : fields)
        result.append(QString::fromUtf8(field.data(), qsizetype(field.size())));
    return result;
}

struct Outcome {
    QString headerError; // empty when readHeader succeeded
    QStringList header;
    int separator = 0;
    QList<QStringList> records;
    QList<qint64> lines;
    QString error; // forEachRecord's, empty on success
    qint64 bytesRead = 0;
    QString sha256;
};

QString sha256Of(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

Outcome readCsv(QIODevice &device, CsvReader::Options options = {})
{
    Outcome outcome;
    CsvReader reader(device, std::move(options));
    const Status header = reader.readHeader();
    if (!header) {
        outcome.headerError = header.error();
        return outcome;
    }
    outcome.header = reader.header();
    outcome.separator = reader.separator();
    const Status status = reader.forEachRecord([&](const CsvRecord &record) {
        outcome.records.append(toStrings(record.fields));
        outcome.lines.append(record.line);
        return true;
    });
    if (!status)
        outcome.error = status.error();
    outcome.bytesRead = reader.bytesRead();
    outcome.sha256 = reader.sha256Hex();
    return outcome;
}

Outcome readCsv(const QByteArray &bytes, char separator = 0)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    CsvReader::Options options;
    options.separator = separator;
    return readCsv(buffer, std::move(options));
}

// Big record lists are compared here so that a failure names the first difference.
QString firstDifference(const Outcome &actual, const QList<QStringList> &records, const QList<qint64> &lines)
{
    const qsizetype common = std::min(actual.records.size(), records.size());
    for (qsizetype i = 0; i < common; ++i) {
        if (actual.records[i] != records[i]) {
            return QStringLiteral("record %1 differs: got [%2], expected [%3]")
                .arg(i)
                .arg(actual.records[i].join(QLatin1Char('|')).left(200))
                .arg(records[i].join(QLatin1Char('|')).left(200));
        }
        if (actual.lines[i] != lines[i])
            return QStringLiteral("record %1 is on line %2, expected %3").arg(i).arg(actual.lines[i]).arg(lines[i]);
    }
    if (actual.records.size() != records.size())
        return QStringLiteral("got %1 records, expected %2").arg(actual.records.size()).arg(records.size());
    return {};
}

// Writes CSV and remembers what a reader must return: each record's fields and its line, where a
// line ends at CR, LF or CRLF (counted once), as the reader counts them.
class CsvBuilder {
public:
    explicit CsvBuilder(const QList<QByteArray> &header, char separator = ',')
        : m_separator(separator), m_columns(header.size())
    {
        append(encode(header, "\n", false, separator));
    }

    static QByteArray encode(const QList<QByteArray> &fields, const QByteArray &lineEnd, bool quoteAll,
                             char separator = ',')
    {
        QByteArray out;
        for (qsizetype i = 0; i < fields.size(); ++i) {
            if (i > 0)
                out += separator;
            const QByteArray &field = fields[i];
            const bool quote = quoteAll || field.contains(separator) || field.contains('"') || field.contains('\r') ||
                               field.contains('\n');
            if (quote) {
                QByteArray escaped = field;
                escaped.replace("\"", "\"\"");
                out += '"' + escaped + '"';
            } else {
                out += field;
            }
        }
        return out + lineEnd;
    }

    void record(const QList<QByteArray> &fields, const QByteArray &lineEnd = "\n", bool quoteAll = false)
    {
        QStringList decoded;
        for (const QByteArray &field : fields)
            decoded.append(QString::fromUtf8(field));
        m_records.append(decoded);
        m_lines.append(m_line);
        append(encode(fields, lineEnd, quoteAll, m_separator));
    }

    void emptyLine(const QByteArray &lineEnd = "\n") { append(lineEnd); }

    // Filler records until the output is exactly `size` bytes long.
    bool padTo(qsizetype size)
    {
        const qsizetype smallest = 2 * m_columns; // "f,f,...,f\n"
        while (size - m_bytes.size() > 200) {
            QList<QByteArray> fields(m_columns, QByteArray("filler"));
            fields.last() = QByteArray::number(m_records.size()).rightJustified(60, '0');
            record(fields);
        }
        const qsizetype remaining = size - m_bytes.size();
        if (remaining == 0)
            return true;
        if (remaining < smallest)
            return false;
        QList<QByteArray> fields(m_columns, QByteArray("f"));
        fields.last() = QByteArray(remaining - smallest + 1, 'g');
        record(fields);
        return m_bytes.size() == size;
    }

    const QByteArray &bytes() const { return m_bytes; }
    const QList<QStringList> &records() const { return m_records; }
    const QList<qint64> &lines() const { return m_lines; }
    qint64 line() const { return m_line; }

private:
    void append(const QByteArray &bytes)
    {
        for (const char c : bytes) {
            if (c == '\r' || (c == '\n' && !m_lastWasCr))
                ++m_line;
            m_lastWasCr = c == '\r';
        }
        m_bytes += bytes;
    }

    char m_separator;
    qsizetype m_columns;
    QByteArray m_bytes;
    QList<QStringList> m_records;
    QList<qint64> m_lines;
    qint64 m_line = 1;
    bool m_lastWasCr = false;
};

// A device that hands out at most `maxRead` bytes per read and fails once `failAt` bytes were
// read, like a file on a disk that went away.
class TestDevice : public QIODevice {
public:
    TestDevice(QByteArray data, qint64 maxRead, qint64 failAt = -1)
        : m_data(std::move(data)), m_maxRead(maxRead), m_failAt(failAt)
    {
    }

    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *out, qint64 maxSize) override
    {
        if (m_failAt >= 0 && m_position >= m_failAt) {
            setErrorString(QStringLiteral("simulated disk failure"));
            return -1;
        }
        qint64 n = std::min({maxSize, m_maxRead, qint64(m_data.size()) - m_position});
        if (m_failAt >= 0)
            n = std::min(n, m_failAt - m_position);
        std::memcpy(out, m_data.constData() + m_position, size_t(n));
        m_position += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_maxRead;
    qint64 m_failAt;
    qint64 m_position = 0;
};

using Records = QList<QStringList>;
using Lines = QList<qint64>;

} // namespace

class tst_CsvReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void simpleFile();
    void separatorDetection_data();
    void separatorDetection();
    void invalidSeparatorOption_data();
    void invalidSeparatorOption();
    void byteOrderMark_data();
    void byteOrderMark();
    void byteOrderMarkLaterIsData();
    void lineEnds_data();
    void lineEnds();
    void quotedFields_data();
    void quotedFields();
    void emptyFields_data();
    void emptyFields();
    void emptyLinesAreSkipped_data();
    void emptyLinesAreSkipped();
    void headerNamesAreReturnedAsTheyAre();
    void raggedRow_data();
    void raggedRow();
    void unterminatedQuote_data();
    void unterminatedQuote();
    void textAfterClosingQuote_data();
    void textAfterClosingQuote();
    void validUtf8_data();
    void validUtf8();
    void invalidUtf8_data();
    void invalidUtf8();
    void emptyInput_data();
    void emptyInput();
    void headerOnly_data();
    void headerOnly();
    void chunkBoundary_data();
    void chunkBoundary();
    void recordLongerThanAChunk();
    void invalidUtf8AfterTheFirstChunk();
    void randomRoundTrip_data();
    void randomRoundTrip();
    void sha256OfTheInput_data();
    void sha256OfTheInput();
    void sha256OfTheBytesReadSoFar();
    void progressReportsTheBytesRead();
    void cancel_data();
    void cancel();
    void callbackStopsEarly();
    void forEachRecordReadsTheHeaderWhenNotCalled();
    void deviceReadError_data();
    void deviceReadError();
    void deviceNotOpen();
};

void tst_CsvReader::simpleFile()
{
    const Outcome outcome = readCsv("id,name,score\n1,alice,0.5\n2,bob,0.75\n");
    QCOMPARE(outcome.headerError, QString());
    QCOMPARE(outcome.error, QString());
    QCOMPARE(outcome.header, QStringList({"id", "name", "score"}));
    QCOMPARE(outcome.separator, int(','));
    QCOMPARE(outcome.records, Records({{"1", "alice", "0.5"}, {"2", "bob", "0.75"}}));
    QCOMPARE(outcome.lines, Lines({2, 3}));
    QCOMPARE(outcome.bytesRead, qint64(37));
}

void tst_CsvReader::separatorDetection_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("given");
    QTest::addColumn<int>("expected");
    QTest::addColumn<QStringList>("header");
    QTest::addColumn<QStringList>("record");

    QTest::newRow("comma") << QByteArray("a,b,c\n1,2,3\n") << 0 << int(',') << QStringList{"a", "b", "c"}
                           << QStringList{"1", "2", "3"};
    QTest::newRow("semicolon") << QByteArray("a;b;c\n1,5;2;3\n") << 0 << int(';') << QStringList{"a", "b", "c"}
                               << QStringList{"1,5", "2", "3"};
    QTest::newRow("tab") << QByteArray("a\tb\tc\n1\t2\t3\n") << 0 << int('\t') << QStringList{"a", "b", "c"}
                         << QStringList{"1", "2", "3"};
    QTest::newRow("most frequent wins") << QByteArray("a;b;c,d\n1;2;3\n") << 0 << int(';')
                                        << QStringList{"a", "b", "c,d"} << QStringList{"1", "2", "3"};
    QTest::newRow("tie prefers comma over semicolon")
        << QByteArray("a,b;c\n1,2;3\n") << 0 << int(',') << QStringList{"a", "b;c"} << QStringList{"1", "2;3"};
    QTest::newRow("tie prefers semicolon over tab")
        << QByteArray("a;b\tc\n1;2\t3\n") << 0 << int(';') << QStringList{"a", "b\tc"} << QStringList{"1", "2\t3"};
    QTest::newRow("separators inside quotes do not count")
        << QByteArray("\"a;b;c\",d\n1,2\n") << 0 << int(',') << QStringList{"a;b;c", "d"} << QStringList{"1", "2"};
    QTest::newRow("doubled quotes inside quotes do not end them")
        << QByteArray("\"a\"\";b;c\",d\n1,2\n") << 0 << int(',') << QStringList{"a\";b;c", "d"}
        << QStringList{"1", "2"};
    QTest::newRow("only the first line counts")
        << QByteArray("a,b\n1;2;3;4;5,6\n") << 0 << int(',') << QStringList{"a", "b"} << QStringList{"1;2;3;4;5", "6"};
    QTest::newRow("single column is read with a comma")
        << QByteArray("value\n1\n") << 0 << int(',') << QStringList{"value"} << QStringList{"1"};
    QTest::newRow("after leading empty lines")
        << QByteArray("\n\na;b\n1;2\n") << 0 << int(';') << QStringList{"a", "b"} << QStringList{"1", "2"};
    QTest::newRow("given pipe") << QByteArray("a|b,c\n1|2,3\n") << int('|') << int('|') << QStringList{"a", "b,c"}
                                << QStringList{"1", "2,3"};
    QTest::newRow("given semicolon overrides more commas") << QByteArray("a,b,c;d\n1,2,3;4\n") << int(';') << int(';')
                                                           << QStringList{"a,b,c", "d"} << QStringList{"1,2,3", "4"};
    QTest::newRow("given tab") << QByteArray("a\tb,c\n1\t2\n") << int('\t') << int('\t') << QStringList{"a", "b,c"}
                               << QStringList{"1", "2"};
}

void tst_CsvReader::separatorDetection()
{
    QFETCH(QByteArray, input);
    QFETCH(int, given);
    QFETCH(int, expected);
    QFETCH(QStringList, header);
    QFETCH(QStringList, record);

    const Outcome outcome = readCsv(input, char(given));
    QCOMPARE(outcome.headerError, QString());
    QCOMPARE(outcome.error, QString());
    QCOMPARE(outcome.separator, expected);
    QCOMPARE(outcome.header, header);
    QCOMPARE(outcome.records, Records{record});
}

void tst_CsvReader::invalidSeparatorOption_data()
{
    QTest::addColumn<int>("separator");
    QTest::newRow("quote") << int('"');
    QTest::newRow("line feed") << int('\n');
    QTest::newRow("carriage return") << int('\r');
    QTest::newRow("non-ASCII byte") << int(char(0xC3));
}

void tst_CsvReader::invalidSeparatorOption()
{
    QFETCH(int, separator);
    const Outcome outcome = readCsv("a,b\n1,2\n", char(separator));
    QVERIFY2(outcome.headerError.contains(QLatin1String("separator")), qPrintable(outcome.headerError));
}

void tst_CsvReader::byteOrderMark_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("header");
    QTest::addColumn<Records>("records");

    QTest::newRow("without BOM") << QByteArray("id,name\n1,x\n") << QStringList{"id", "name"} << Records{{"1", "x"}};
    QTest::newRow("with BOM") << QByteArray("\xEF\xBB\xBFid,name\n1,x\n") << QStringList{"id", "name"}
                              << Records{{"1", "x"}};
    QTest::newRow("BOM before a quoted name")
        << QByteArray("\xEF\xBB\xBF\"id\",name\n1,x\n") << QStringList{"id", "name"} << Records{{"1", "x"}};
    QTest::newRow("BOM and semicolons") << QByteArray("\xEF\xBB\xBFid;name\n1;x\n") << QStringList{"id", "name"}
                                        << Records{{"1", "x"}};
}

void tst_CsvReader::byteOrderMark()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, header);
    QFETCH(Records, records);

    const Outcome outcome = readCsv(input);
    QCOMPARE(outcome.headerError, QString());
    QCOMPARE(outcome.error, QString());
    QCOMPARE(outcome.header, header);
    QCOMPARE(outcome.records, records);
    QCOMPARE(outcome.lines, Lines({2}));
    // The BOM is part of the bytes: counted and hashed.
    QCOMPARE(outcome.bytesRead, input.size());
    QCOMPARE(outcome.sha256, sha256Of(input));
}

void tst_CsvReader::byteOrderMarkLaterIsData()
{
    // Only a BOM at the start of the file is skipped. (QString::fromUtf8 would drop a leading
    // U+FEFF, so the raw bytes are compared.)
    QBuffer buffer;
    buffer.setData("id,name\n\xEF\xBB\xBF"
                   "1,x\n");
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    CsvReader reader(buffer, {});
    QVERIFY(reader.readHeader().ok());
    QByteArray first;
    QVERIFY(reader
                .forEachRecord([&](const CsvRecord &record) {
                    first = QByteArray(record.fields.at(0).data(), qsizetype(record.fields.at(0).size()));
                    return true;
                })
                .ok());
    QCOMPARE(first, QByteArray("\xEF\xBB\xBF"
                               "1"));
}

void tst_CsvReader::lineEnds_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<Records>("records");
    QTest::addColumn<Lines>("lines");

    const Records two{{"1", "2"}, {"3", "4"}};
    QTest::newRow("LF") << QByteArray("a,b\n1,2\n3,4\n") << two << Lines{2, 3};
    QTest::newRow("CRLF") << QByteArray("a,b\r\n1,2\r\n3,4\r\n") << two << Lines{2, 3};
    QTest::newRow("mixed") << QByteArray("a,b\r\n1,2\n3,4\r\n") << two << Lines{2, 3};
    QTest::newRow("lone CR") << QByteArray("a,b\r1,2\r3,4\r") << two << Lines{2, 3};
    QTest::newRow("lone CR then CRLF") << QByteArray("a,b\r1,2\r\n3,4\n") << two << Lines{2, 3};
    QTest::newRow("final line without line end (LF)") << QByteArray("a,b\n1,2\n3,4") << two << Lines{2, 3};
    QTest::newRow("final line without line end (CRLF)") << QByteArray("a,b\r\n1,2\r\n3,4") << two << Lines{2, 3};
    QTest::newRow("final quoted field without line end") << QByteArray("a,b\n1,2\n3,\"4\"") << two << Lines{2, 3};
    QTest::newRow("LF CR is two line ends") << QByteArray("a,b\n1,2\n\r3,4\n") << two << Lines{2, 4};
}

void tst_CsvReader::lineEnds()
{
    QFETCH(QByteArray, input);
    QFETCH(Records, records);
    QFETCH(Lines, lines);

    const Outcome outcome = readCsv(input);
    QCOMPARE(outcome.headerError, QString());
    QCOMPARE(outcome.error, QString());
    QCOMPARE(outcome.header, QStringList({"a", "b"}));
    QCOMPARE(outcome.records, records);
    QCOMPARE(outcome.lines, lines);
}

void tst_CsvReader::quotedFields_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<Records>("records");
    QTest::addColumn<Lines>("lines");

    QTest::newRow("separator inside quotes")
        << QByteArray("a,b\n\"x,y\",z\n1,2\n") << Records{{"x,y", "z"}, {"1", "2"}} << Lines{2, 3};
    QTest::newRow("doubled quotes") << QByteArray("a,b\n\"say \"\"hi\"\"\",z\n1,2\n")
                                    << Records{{"say \"hi\"", "z"}, {"1", "2"}} << Lines{2, 3};
    QTest::newRow("only a doubled quote") << QByteArray("a,b\n\"\"\"\",z\n") << Records{{"\"", "z"}} << Lines{2};
    QTest::newRow("doubled quotes in several fields")
        << QByteArray("a,b\n\"1\"\"\",\"\"\"2\"\"x\"\"\"\n") << Records{{"1\"", "\"2\"x\""}} << Lines{2};
    QTest::newRow("escaped and plain fields mixed")
        << QByteArray("a,b,c\n\"p\"\"q\",plain,\"r\"\"s\"\n") << Records{{"p\"q", "plain", "r\"s"}} << Lines{2};
    QTest::newRow("embedded LF moves later lines")
        << QByteArray("a,b\n\"line 1\nline 2\nline 3\",z\n1,2\n")
        << Records{{"line 1\nline 2\nline 3", "z"}, {"1", "2"}} << Lines{2, 5};
    QTest::newRow("embedded CRLF is kept and counts once")
        << QByteArray("a,b\r\n\"x\r\ny\",z\r\n1,2\r\n") << Records{{"x\r\ny", "z"}, {"1", "2"}} << Lines{2, 4};
    QTest::newRow("embedded lone CR") << QByteArray("a,b\n\"x\ry\",z\n1,2\n") << Records{{"x\ry", "z"}, {"1", "2"}}
                                      << Lines{2, 4};
    QTest::newRow("embedded empty lines")
        << QByteArray("a,b\n\"x\n\n\ny\",z\n1,2\n") << Records{{"x\n\n\ny", "z"}, {"1", "2"}} << Lines{2, 6};
    QTest::newRow("embedded newlines with doubled quotes") << QByteArray("a,b\n\"\"\"x\"\"\ny\",\"p\nq\"\n1,2\n")
                                                           << Records{{"\"x\"\ny", "p\nq"}, {"1", "2"}} << Lines{2, 5};
    QTest::newRow("quoted header names") << QByteArray("\"a\",\"b\"\n1,2\n") << Records{{"1", "2"}} << Lines{2};
    QTest::newRow("quote inside an unquoted field is literal")
        << QByteArray("a,b\n5\" screen,x\"y\"\n1,2\n") << Records{{"5\" screen", "x\"y\""}, {"1", "2"}} << Lines{2, 3};
    QTest::newRow("space before a quote makes it literal")
        << QByteArray("a,b\n \"x\",y\n") << Records{{" \"x\"", "y"}} << Lines{2};
}

void tst_CsvReader::quotedFields()
{
    QFETCH(QByteArray, input);
    QFETCH(Records, records);
    QFETCH(Lines, lines);

    const Outcome outcome = readCsv(input);
    QCOMPARE(outcome.headerError, QString());
    QCOMPARE(outcome.error, QString());
    QCOMPARE(outcome.records, records);
    QCOMPARE(outcome.lines, lines);
}

void tst_CsvReader::emptyFields_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<Records>("records");

    QTest::newRow("empty middle field") << QByteArray("a,b,c\n1,,3\n") << Records{{"1", "", "3"}};
    QTest::newRow("empty first field") << QByteArray("a,b,c\n,2,3\n") << Records{{"", "2", "3"}};
    QTest::newRow("trailing empty field") << QByteArray("a,b,c\n1,2,\n") << Records{{"1", "2", ""}};
    QTest::newRow("trailing empty field without line end") << QByteArray("a,b,c\n1,2,") << Records{{"1", "2", ""}};
    QTest::newRow("trailing empty field before CRLF") << QByteArray("a,b,c\r\n1,2,\r\n") << Records{{"1", "2", ""}};
    QTest::newRow("only separators") << QByteArray("a,b,c\n,,\n") << Records{{"", "", ""}};
    QTest::newRow("quoted empty fields") << QByteArray("a,b,c\n\"\",\"\",\"\"\n") << Records{{"", "", ""}};
    QTest::newRow("quoted empty field last without line end")
        << QByteArray("a,b,c\n1,2,\"\"") << Records{{"1", "2", ""}};
    QTest::newRow("spaces are data") << QByteArray("a,b,c\n , 2 ,\t\n") << Records{{" ", " 2 ", "\t"}};
}

void tst_CsvReader::emptyFields()
{
    QFETCH(QByteArray, input);
    QFETCH(Records, records);

    const Outcome outcome = readCsv(input);
    QCOMPARE(outcome.headerError, QString());
    QCOMPARE(outcome.error, QString());
    QCOMPARE(outcome.records, records);
}

void tst_CsvReader::emptyLinesAreSkipped_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<Records>("records");
    QTest::addColumn<Lines>("lines");

    const Records two{{"1", "2"}, {"3", "4"}};
    QTest::newRow("between records") << QByteArray("a,b\n1,2\n\n\n3,4\n") << two << Lines{2, 5};
    QTest::newRow("after the header") << QByteArray("a,b\n\n1,2\n3,4\n") << two << Lines{3, 4};
    QTest::newRow("before the header") << QByteArray("\n\na,b\n1,2\n3,4\n") << two << Lines{4, 5};
    QTest::newRow("at the end") << QByteArray("a,b\n1,2\n3,4\n\n\n") << two << Lines{2, 3};
    QTest::newRow("CRLF empty lines") << QByteArray("a,b\r\n\r\n1,2\r\n\r\n\r\n3,4\r\n\r\n") << two << Lines{3, 6};
    QTest::newRow("lone CR empty lines") << QByteArray("a,b\r\r1,2\r\r3,4\r") << two << Lines{3, 5};
    QTest::newRow("BOM then empty line") << QByteArray("\xEF\xBB\xBF\na,b\n1,2\n3,4\n") << two << Lines{3, 4};
}

void tst_CsvReader::emptyLinesAreSkipped()
{
    QFETCH(QByteArray, input);
    QFETCH(Records, records);
    QFETCH(Lines, lines);

    const Outcome outcome = readCsv(input);
    QCOMPARE(outcome.headerError, QString());
    QCOMPARE(outcome.error, QString());
    QCOMPARE(outcome.header, QStringList({"a", "b"}));
    QCOMPARE(outcome.records, records);
    QCOMPARE(outcome.lines, lines);
}

void tst_CsvReader::headerNamesAreReturnedAsTheyAre()
{
    // Duplicate and empty names are the importer's to report.
    const Outcome outcome = readCsv("name,,name,na\xC3\xAFve,\" spaced \"\n1,2,3,4,5\n");
    QCOMPARE(outcome.headerError, QString());
    QCOMPARE(outcome.header, QStringList({"name", "", "name", QStringLiteral("na\u00EFve"), " spaced "}));
    QCOMPARE(outcome.records.size(), 1);
}

void tst_CsvReader::raggedRow_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("error");
    QTest::addColumn<int>("delivered");

    QTest::newRow("too few fields") << QByteArray("a,b,c,d\n1,2,3,4\n1,2,3\n")
                                    << QStringLiteral("line 3 has 3 fields, the header has 4") << 1;
    QTest::newRow("too many fields") << QByteArray("a,b,c,d\n1,2,3,4,5\n")
                                     << QStringLiteral("line 2 has 5 fields, the header has 4") << 0;
    QTest::newRow("one field") << QByteArray("a,b\n1,2\n3,4\n5\n")
                               << QStringLiteral("line 4 has 1 field, the header has 2") << 2;
    QTest::newRow("after a multi-line quoted field")
        << QByteArray("a,b\n\"x\ny\nz\",1\n\n2,3,4\n") << QStringLiteral("line 6 has 3 fields, the header has 2") << 1;
    QTest::newRow("last line without line end")
        << QByteArray("a,b\n1,2\n3") << QStringLiteral("line 3 has 1 field, the header has 2") << 1;
    QTest::newRow("whitespace line is a record")
        << QByteArray("a,b\n1,2\n \n") << QStringLiteral("line 3 has 1 field, the header has 2") << 1;
}

void tst_CsvReader::raggedRow()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, error);
    QFETCH(int, delivered);

    QBuffer buffer;
    buffer.setData(input);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(buffer, {});
    QVERIFY(reader.readHeader().ok());
    int calls = 0;
    const Status status = reader.forEachRecord([&](const CsvRecord &) { return ++calls > 0; });
    QVERIFY(!status.ok());
    QCOMPARE(status.error(), error);
    QCOMPARE(calls, delivered);
    // The error stays: a second call does not read on past it.
    const Status again = reader.forEachRecord([&](const CsvRecord &) { return ++calls > 0; });
    QCOMPARE(again.error(), error);
    QCOMPARE(calls, delivered);
}

void tst_CsvReader::unterminatedQuote_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("inHeader");
    QTest::addColumn<QString>("error");

    QTest::newRow("in a record") << QByteArray("a,b\n1,2\n\"open,3\n") << false
                                 << QStringLiteral("unterminated quoted field starting at line 3");
    QTest::newRow("spanning later lines") << QByteArray("a,b\n1,2\n3,\"open\nmore\nand more\n") << false
                                          << QStringLiteral("unterminated quoted field starting at line 3");
    QTest::newRow("after a closed multi-line field") << QByteArray("a,b\n\"x\ny\",1\n2,\"open\n") << false
                                                     << QStringLiteral("unterminated quoted field starting at line 4");
    QTest::newRow("ends with a doubled quote")
        << QByteArray("a,b\n1,\"x\"\"") << false << QStringLiteral("unterminated quoted field starting at line 2");
    QTest::newRow("just a quote") << QByteArray("a,b\n1,\"") << false
                                  << QStringLiteral("unterminated quoted field starting at line 2");
    QTest::newRow("in the header") << QByteArray("a,\"b\n1,2\n") << true
                                   << QStringLiteral("unterminated quoted field starting at line 1");
}

void tst_CsvReader::unterminatedQuote()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, inHeader);
    QFETCH(QString, error);

    const Outcome outcome = readCsv(input);
    QCOMPARE(inHeader ? outcome.headerError : outcome.error, error);
}

void tst_CsvReader::textAfterClosingQuote_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("inHeader");
    QTest::addColumn<QString>("error");

    QTest::newRow("letter") << QByteArray("a,b\n1,2\n\"x\"y,2\n") << false
                            << QStringLiteral("unexpected character after closing quote at line 3");
    QTest::newRow("space") << QByteArray("a,b\n\"x\" ,2\n") << false
                           << QStringLiteral("unexpected character after closing quote at line 2");
    QTest::newRow("last field") << QByteArray("a,b\n1,\"x\"y\n") << false
                                << QStringLiteral("unexpected character after closing quote at line 2");
    QTest::newRow("on a later line of the field")
        << QByteArray("a,b\n1,\"x\ny\nz\"w\n") << false
        << QStringLiteral("unexpected character after closing quote at line 4");
    QTest::newRow("in the header") << QByteArray("\"a\"b,c\n1,2\n") << true
                                   << QStringLiteral("unexpected character after closing quote at line 1");
}

void tst_CsvReader::textAfterClosingQuote()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, inHeader);
    QFETCH(QString, error);

    const Outcome outcome = readCsv(input);
    QCOMPARE(inHeader ? outcome.headerError : outcome.error, error);
}

void tst_CsvReader::validUtf8_data()
{
    QTest::addColumn<QByteArray>("value");

    QTest::newRow("two bytes") << QByteArray("caf\xC3\xA9");
    QTest::newRow("three bytes") << QByteArray("\xE2\x82\xAC 5");
    QTest::newRow("four bytes") << QByteArray("\xF0\x9F\x98\x80");
    QTest::newRow("lowest three-byte") << QByteArray("\xE0\xA0\x80");
    QTest::newRow("last before the surrogates") << QByteArray("\xED\x9F\xBF");
    QTest::newRow("first after the surrogates") << QByteArray("\xEE\x80\x80");
    QTest::newRow("U+FFFF") << QByteArray("\xEF\xBF\xBF");
    QTest::newRow("lowest four-byte") << QByteArray("\xF0\x90\x80\x80");
    QTest::newRow("U+10FFFF") << QByteArray("\xF4\x8F\xBF\xBF");
    QTest::newRow("long mixed text") << QByteArray("abcdefghijklmnop\xC3\xA9qrstuvwxyz0123456789\xE2\x82\xAC"
                                                   "ABCDEFGHIJKLMNOPQRSTUVWXYZ\xF0\x9F\x98\x80!");
}

void tst_CsvReader::validUtf8()
{
    QFETCH(QByteArray, value);
    const Outcome outcome = readCsv("a,b\n" + value + ",x\n\"" + value + "\"," + value);
    QCOMPARE(outcome.headerError, QString());
    QCOMPARE(outcome.error, QString());
    const QString decoded = QString::fromUtf8(value);
    QCOMPARE(outcome.records, Records({{decoded, "x"}, {decoded, decoded}}));
}

void tst_CsvReader::invalidUtf8_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("inHeader");
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<qint64>("line");
    QTest::addColumn<int>("delivered");

    // "a,b\n" is 4 bytes, "a,b\n1,2\n" 8.
    QTest::newRow("stray continuation byte")
        << QByteArray("a,b\n1,2\nx\x80y,2\n") << false << qint64(9) << qint64(3) << 1;
    QTest::newRow("overlong two-byte (C0 AF)")
        << QByteArray("a,b\n1,\xC0\xAF\n") << false << qint64(6) << qint64(2) << 0;
    QTest::newRow("overlong two-byte (C1 BF)")
        << QByteArray("a,b\n1,\xC1\xBF\n") << false << qint64(6) << qint64(2) << 0;
    QTest::newRow("overlong three-byte (E0 80 AF)")
        << QByteArray("a,b\n1,2\n\xE0\x80\xAF,2\n") << false << qint64(8) << qint64(3) << 1;
    QTest::newRow("overlong four-byte (F0 80 80 AF)")
        << QByteArray("a,b\n1,2\n\xF0\x80\x80\xAF,2\n") << false << qint64(8) << qint64(3) << 1;
    QTest::newRow("surrogate (ED A0 80)")
        << QByteArray("a,b\n1,\xED\xA0\x80\n") << false << qint64(6) << qint64(2) << 0;
    QTest::newRow("above U+10FFFF (F4 90 80 80)")
        << QByteArray("a,b\n1,\xF4\x90\x80\x80\n") << false << qint64(6) << qint64(2) << 0;
    QTest::newRow("F5 is never valid") << QByteArray("a,b\n1,\xF5\x80\x80\x80\n") << false << qint64(6) << qint64(2)
                                       << 0;
    QTest::newRow("FF is never valid") << QByteArray("a,b\n1,\xFF\n") << false << qint64(6) << qint64(2) << 0;
    QTest::newRow("Latin-1 text") << QByteArray("a,b\n1,caf\xE9!\n") << false << qint64(9) << qint64(2) << 0;
    QTest::newRow("lead byte before ASCII") << QByteArray("a,b\n1,\xE2\x82x\n") << false << qint64(6) << qint64(2) << 0;
    QTest::newRow("truncated at the end of the file")
        << QByteArray("a,b\n1,2\n3,\xE2\x82") << false << qint64(10) << qint64(3) << 1;
    QTest::newRow("truncated four-byte at the end")
        << QByteArray("a,b\n1,2\n3,\xF0\x9F\x98") << false << qint64(10) << qint64(3) << 1;
    QTest::newRow("truncated before a line end")
        << QByteArray("a,b\n1,\xC3\n2,3\n") << false << qint64(6) << qint64(2) << 0;
    QTest::newRow("inside a multi-line quoted field")
        << QByteArray("a,b\n1,\"x\ny\r\nz\xFF\"\n") << false << qint64(13) << qint64(4) << 0;
    QTest::newRow("after empty lines") << QByteArray("a,b\n1,2\n\n\r\n\r\xFF,1\n") << false << qint64(12) << qint64(6)
                                       << 1;
    QTest::newRow("offsets count the BOM") << QByteArray("\xEF\xBB\xBF"
                                                         "a,b\n1,\xFF\n")
                                           << false << qint64(9) << qint64(2) << 0;
    QTest::newRow("in the header") << QByteArray("a,\xFF\n1,2\n") << true << qint64(2) << qint64(1) << 0;
    QTest::newRow("truncated header") << QByteArray("a,\xC3") << true << qint64(2) << qint64(1) << 0;
    QTest::newRow("first byte") << QByteArray("\x80,b\n1,2\n") << true << qint64(0) << qint64(1) << 0;
}

void tst_CsvReader::invalidUtf8()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, inHeader);
    QFETCH(qint64, offset);
    QFETCH(qint64, line);
    QFETCH(int, delivered);

    const Outcome outcome = readCsv(input);
    const QString expected = QStringLiteral("invalid UTF-8 at byte offset %1 (line %2)").arg(offset).arg(line);
    QCOMPARE(inHeader ? outcome.headerError : outcome.error, expected);
    // Records before the bad byte were delivered in order.
    QCOMPARE(outcome.records.size(), delivered);
}

void tst_CsvReader::emptyInput_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("no bytes") << QByteArray();
    QTest::newRow("only a BOM") << QByteArray("\xEF\xBB\xBF");
    QTest::newRow("only line ends") << QByteArray("\n\r\n\r");
}

void tst_CsvReader::emptyInput()
{
    QFETCH(QByteArray, input);
    const Outcome outcome = readCsv(input);
    QCOMPARE(outcome.headerError, QStringLiteral("the file is empty"));
}

void tst_CsvReader::headerOnly_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("with a line end") << QByteArray("a,b\n");
    QTest::newRow("without a line end") << QByteArray("a,b");
    QTest::newRow("followed by empty lines") << QByteArray("a,b\r\n\r\n\n");
    QTest::newRow("with a BOM") << QByteArray("\xEF\xBB\xBF"
                                              "a,b\n");
}

void tst_CsvReader::headerOnly()
{
    QFETCH(QByteArray, input);
    const Outcome outcome = readCsv(input);
    QCOMPARE(outcome.headerError, QString());
    QCOMPARE(outcome.header, QStringList({"a", "b"}));
    QCOMPARE(outcome.error, QString());
    QCOMPARE(outcome.records.size(), 0);
}

void tst_CsvReader::chunkBoundary_data()
{
    // Each feature is placed so that the byte named by `marker` sits at the end of the first
    // chunk plus `shift`, for shifts around zero: the boundary falls before, inside and after it.
    QTest::addColumn<QString>("feature");
    QTest::addColumn<int>("shift");

    const QStringList features{
        QStringLiteral("quoted LF"),
        QStringLiteral("quoted CRLF"),
        QStringLiteral("record CRLF"),
        QStringLiteral("empty CRLF line"),
        QStringLiteral("lone CR"),
        QStringLiteral("doubled quote"),
        QStringLiteral("closing quote"),
        QStringLiteral("separator"),
        QStringLiteral("four-byte character"),
        QStringLiteral("three-byte character in quotes"),
        QStringLiteral("two-byte character"),
    };
    for (const QString &feature : features) {
        for (int shift = -4; shift <= 4; ++shift)
            QTest::addRow("%s, shift %d", qPrintable(feature), shift) << feature << shift;
    }
}

void tst_CsvReader::chunkBoundary()
{
    QFETCH(QString, feature);
    QFETCH(int, shift);

    QList<QByteArray> fields;
    QByteArray lineEnd = "\n";
    QByteArray marker;
    bool lastMarker = false; // the marker's last occurrence in the record rather than its first
    bool quoteAll = false;
    if (feature == QLatin1String("quoted LF")) {
        fields = {"x\ny\nz", "w"};
        marker = "\n";
    } else if (feature == QLatin1String("quoted CRLF")) {
        fields = {"x\r\ny", "w"};
        lineEnd = "\r\n";
        marker = "\r";
    } else if (feature == QLatin1String("record CRLF")) {
        fields = {"xy", "w"};
        lineEnd = "\r\n";
        marker = "\r";
    } else if (feature == QLatin1String("empty CRLF line")) {
        fields = {"xy", "w"};
        lineEnd = "\r\n\r\n";
        marker = "\r";
        lastMarker = true;
    } else if (feature == QLatin1String("lone CR")) {
        fields = {"xy", "w"};
        lineEnd = "\r";
        marker = "\r";
    } else if (feature == QLatin1String("doubled quote")) {
        fields = {"ab\"cd", "w"};
        marker = "\"\"";
    } else if (feature == QLatin1String("closing quote")) {
        fields = {"abcd", "w"};
        quoteAll = true;
        marker = "\",";
    } else if (feature == QLatin1String("separator")) {
        fields = {"abcd", "w"};
        marker = ",";
    } else if (feature == QLatin1String("four-byte character")) {
        fields = {"x\xF0\x9F\x98\x80y", "w"};
        marker = "\xF0";
    } else if (feature == QLatin1String("three-byte character in quotes")) {
        fields = {"a \xE2\x82\xAC and \"q\"", "w"};
        marker = "\xE2";
    } else {
        fields = {"caf\xC3\xA9", "w"};
        marker = "\xC3";
    }

    CsvBuilder builder({"a", "b"});
    const QByteArray encoded = CsvBuilder::encode(fields, lineEnd, quoteAll);
    const qsizetype markerIndex = lastMarker ? encoded.lastIndexOf(marker) : encoded.indexOf(marker);
    QVERIFY(markerIndex >= 0);
    QVERIFY(builder.padTo(kChunk + shift - markerIndex));
    builder.record(fields, lineEnd, quoteAll);
    QCOMPARE(builder.bytes().mid(kChunk + shift, marker.size()), marker);
    builder.record({"after", "1"});
    builder.emptyLine();
    builder.record({"after", "\"2\"\n"});

    const Outcome outcome = readCsv(builder.bytes());
    QCOMPARE(outcome.headerError, QString());
    QCOMPARE(outcome.error, QString());
    const QString difference = firstDifference(outcome, builder.records(), builder.lines());
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void tst_CsvReader::recordLongerThanAChunk()
{
    // A 3 MiB quoted field with a newline every 1000 bytes: the buffer grows to hold it and the
    // line count after it still holds.
    QByteArray big;
    while (big.size() < 3 * kChunk)
        big += QByteArray(999, 'z') + (big.size() % 3 == 0 ? "\"" : "\n");
    CsvBuilder builder({"a", "b"});
    builder.record({"1", "2"});
    builder.record({big, "w"});
    builder.record({"after", "big"});
    builder.record({QByteArray(2 * kChunk, 'u'), "unquoted"});
    builder.record({"last", "one"});

    const Outcome outcome = readCsv(builder.bytes());
    QCOMPARE(outcome.headerError, QString());
    QCOMPARE(outcome.error, QString());
    const QString difference = firstDifference(outcome, builder.records(), builder.lines());
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QVERIFY(builder.lines().last() > 2000);
}

void tst_CsvReader::invalidUtf8AfterTheFirstChunk()
{
    // Offsets and lines stay exact after the reader has moved its buffer.
    CsvBuilder builder({"a", "b"});
    for (int i = 0; builder.bytes().size() < kChunk + kChunk / 2; ++i)
        builder.record({QByteArray::number(i), "multi\nline \"text\"\r\nhere"});
    const qint64 offset = builder.bytes().size() + 4;
    const qint64 line = builder.line() + 1;
    const qsizetype delivered = builder.records().size();
    const QByteArray input = builder.bytes() + "\"x\ny\xF0\x28\x8C\xBC\",1\n2,3\n";

    const Outcome outcome = readCsv(input);
    QCOMPARE(outcome.headerError, QString());
    QCOMPARE(outcome.error, QStringLiteral("invalid UTF-8 at byte offset %1 (line %2)").arg(offset).arg(line));
    QCOMPARE(outcome.records.size(), delivered);
}

void tst_CsvReader::randomRoundTrip_data()
{
    QTest::addColumn<int>("seed");
    QTest::addColumn<int>("separator");
    QTest::addColumn<qint64>("maxRead"); // bytes the device gives per read; 0: a QBuffer

    QTest::newRow("seed 1, comma") << 1 << int(',') << qint64(0);
    QTest::newRow("seed 2, semicolon") << 2 << int(';') << qint64(0);
    QTest::newRow("seed 3, tab") << 3 << int('\t') << qint64(0);
    QTest::newRow("seed 4, short reads") << 4 << int(',') << qint64(4093);
}

void tst_CsvReader::randomRoundTrip()
{
    // Random fields with every kind of structure, written by the builder and read back: record
    // boundaries fall on every feature somewhere across the chunks.
    QFETCH(int, seed);
    QFETCH(int, separator);
    QFETCH(qint64, maxRead);

    std::mt19937 random{quint32(seed)};
    const auto pick = [&](int n) { return int(random() % quint32(n)); };
    const QList<QByteArray> pieces{"a",
                                   "bc",
                                   "12.5",
                                   "-7",
                                   " ",
                                   ",",
                                   ";",
                                   "\t",
                                   "\"",
                                   "\"\"",
                                   "\n",
                                   "\r",
                                   "\r\n",
                                   "caf\xC3\xA9",
                                   "\xE2\x82\xAC",
                                   "\xF0\x9F\x98\x80",
                                   "long text with words"};
    const QList<QByteArray> lineEnds{"\n", "\r\n", "\r"};
    const int columns = 4;
    QList<QByteArray> header;
    for (int c = 0; c < columns; ++c)
        header.append("column " + QByteArray::number(c));
    CsvBuilder builder(header, char(separator));
    while (builder.bytes().size() < 3 * kChunk + 12345) {
        QList<QByteArray> fields;
        for (int c = 0; c < columns; ++c) {
            QByteArray field;
            const int count = pick(5) == 0 ? 0 : pick(6);
            for (int k = 0; k < count; ++k)
                field += pieces[pick(int(pieces.size()))];
            fields.append(field);
        }
        builder.record(fields, lineEnds[pick(3)], pick(4) == 0);
        if (pick(10) == 0)
            builder.emptyLine(lineEnds[pick(3)]);
    }

    QBuffer buffer;
    TestDevice device(builder.bytes(), maxRead);
    QIODevice *input = &device;
    if (maxRead == 0) {
        buffer.setData(builder.bytes());
        input = &buffer;
    }
    QVERIFY(input->open(QIODevice::ReadOnly | QIODevice::Unbuffered));
    CsvReader::Options options;
    options.separator = char(separator);
    const Outcome outcome = readCsv(*input, std::move(options));
    QCOMPARE(outcome.headerError, QString());
    QCOMPARE(outcome.error, QString());
    QCOMPARE(outcome.header.size(), columns);
    const QString difference = firstDifference(outcome, builder.records(), builder.lines());
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QCOMPARE(outcome.bytesRead, builder.bytes().size());
    QCOMPARE(outcome.sha256, sha256Of(builder.bytes()));
}

void tst_CsvReader::sha256OfTheInput_data()
{
    QTest::addColumn<QByteArray>("input");

    QTest::newRow("small") << QByteArray("a,b\n1,2\n");
    QTest::newRow("with a BOM and empty lines") << QByteArray("\xEF\xBB\xBF"
                                                              "a,b\n\n1,2\n\n");
    QByteArray large("a,b\n");
    while (large.size() < 5 * kChunk / 2)
        large += QByteArray::number(large.size()) + ",\"x\ny\"\n";
    QTest::newRow("several chunks") << large;
    QByteArray exact("a,b\n");
    exact += QByteArray(2 * kChunk - exact.size() - 4, 'x') + ",1\n";
    QTest::newRow("exactly two chunks") << exact;
}

void tst_CsvReader::sha256OfTheInput()
{
    QFETCH(QByteArray, input);
    const Outcome outcome = readCsv(input);
    QCOMPARE(outcome.headerError, QString());
    QCOMPARE(outcome.error, QString());
    QCOMPARE(outcome.bytesRead, input.size());
    QCOMPARE(outcome.sha256, sha256Of(input));
}

void tst_CsvReader::sha256OfTheBytesReadSoFar()
{
    QByteArray input("a,b\n");
    while (input.size() < 3 * kChunk)
        input += "1234567,89\n";
    QBuffer buffer(&input);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    CsvReader reader(buffer, {});
    const auto hashOfPrefix = [&] { return sha256Of(input.left(reader.bytesRead())); };
    QVERIFY(reader.readHeader().ok());
    QVERIFY(reader.bytesRead() > 0);
    QVERIFY(reader.bytesRead() < input.size());
    QCOMPARE(reader.sha256Hex(), hashOfPrefix());

    // Stop in the second chunk, when the hash thread has work, then read on to the end.
    qint64 records = 0;
    QVERIFY(reader.forEachRecord([&](const CsvRecord &record) { return record.line < 150000 && ++records > 0; }).ok());
    QVERIFY(reader.bytesRead() > kChunk);
    QVERIFY(reader.bytesRead() < input.size());
    QCOMPARE(reader.sha256Hex(), hashOfPrefix());
    QVERIFY(reader.forEachRecord([&](const CsvRecord &) { return ++records > 0; }).ok());
    QCOMPARE(reader.bytesRead(), input.size());
    QCOMPARE(reader.sha256Hex(), hashOfPrefix());
    QCOMPARE(records, input.count('\n') - 2); // the header, and the record that said stop
}

void tst_CsvReader::progressReportsTheBytesRead()
{
    QByteArray input("a,b\n");
    while (input.size() < 5 * kChunk / 2)
        input += "1234567,89\n";
    QBuffer buffer(&input);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    QList<qint64> reports;
    CsvReader::Options options;
    options.progress = [&](std::int64_t bytesRead) { reports.append(bytesRead); };
    CsvReader reader(buffer, std::move(options));
    QVERIFY(reader.readHeader().ok());
    QVERIFY(reader.forEachRecord([](const CsvRecord &) { return true; }).ok());
    QVERIFY2(reports.size() >= 3, "one report per chunk of a 2.5 MiB input");
    QVERIFY(std::is_sorted(reports.begin(), reports.end()));
    QVERIFY(std::adjacent_find(reports.begin(), reports.end()) == reports.end());
    QCOMPARE(reports.last(), input.size());
}

void tst_CsvReader::cancel_data()
{
    QTest::addColumn<qint64>("cancelAfter"); // bytes read when the progress callback cancels; -1: before
    QTest::addColumn<bool>("inHeader");

    QTest::newRow("before reading") << qint64(-1) << true;
    QTest::newRow("in the first chunk") << qint64(0) << true;
    QTest::newRow("in a later chunk") << qint64(kChunk) << false;
}

void tst_CsvReader::cancel()
{
    QFETCH(qint64, cancelAfter);
    QFETCH(bool, inHeader);

    QByteArray input("a,b\n");
    while (input.size() < 3 * kChunk)
        input += "1234567,89\n";
    const qsizetype total = input.count('\n') - 1;
    QBuffer buffer(&input);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    std::atomic<bool> cancelFlag{cancelAfter < 0};
    CsvReader::Options options;
    options.cancel = &cancelFlag;
    options.progress = [&](std::int64_t bytesRead) {
        if (cancelAfter >= 0 && bytesRead > cancelAfter)
            cancelFlag = true;
    };
    CsvReader reader(buffer, std::move(options));
    const Status header = reader.readHeader();
    if (inHeader) {
        QVERIFY(!header.ok());
        QVERIFY2(header.error().contains(QLatin1String("cancelled")), qPrintable(header.error()));
        return;
    }
    QVERIFY(header.ok());
    qsizetype records = 0;
    const Status status = reader.forEachRecord([&](const CsvRecord &) { return ++records > 0; });
    QVERIFY(!status.ok());
    QVERIFY2(status.error().contains(QLatin1String("cancelled")), qPrintable(status.error()));
    QVERIFY(records > 0);
    QVERIFY(records < total);
    QVERIFY(reader.bytesRead() < input.size());
}

void tst_CsvReader::callbackStopsEarly()
{
    QBuffer buffer;
    buffer.setData("a,b\n1,2\n3,4\n5,6\n");
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    CsvReader reader(buffer, {});
    QVERIFY(reader.readHeader().ok());
    QList<QStringList> seen;
    const Status status = reader.forEachRecord([&](const CsvRecord &record) {
        seen.append(toStrings(record.fields));
        return seen.size() < 2;
    });
    QVERIFY2(status.ok(), qPrintable(status.ok() ? QString() : status.error()));
    QCOMPARE(seen, Records({{"1", "2"}, {"3", "4"}}));
}

void tst_CsvReader::forEachRecordReadsTheHeaderWhenNotCalled()
{
    QBuffer buffer;
    buffer.setData("a;b\n1;2\n");
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    CsvReader reader(buffer, {});
    Records seen;
    QVERIFY(reader
                .forEachRecord([&](const CsvRecord &record) {
                    seen.append(toStrings(record.fields));
                    return true;
                })
                .ok());
    QCOMPARE(reader.header(), QStringList({"a", "b"}));
    QCOMPARE(reader.separator(), ';');
    QCOMPARE(seen, Records({{"1", "2"}}));
}

void tst_CsvReader::deviceReadError_data()
{
    QTest::addColumn<qint64>("failAt");
    QTest::addColumn<qint64>("maxRead");
    QTest::addColumn<bool>("inHeader");

    QTest::newRow("at the first read") << qint64(0) << qint64(kChunk) << true;
    QTest::newRow("within the first chunk") << qint64(100) << qint64(64) << true;
    QTest::newRow("after the first chunk") << qint64(kChunk + 10) << qint64(kChunk) << false;
}

void tst_CsvReader::deviceReadError()
{
    QFETCH(qint64, failAt);
    QFETCH(qint64, maxRead);
    QFETCH(bool, inHeader);

    QByteArray input("a,b\n");
    while (input.size() < 3 * kChunk)
        input += "1234567,89\n";
    TestDevice device(input, maxRead, failAt);
    QVERIFY(device.open(QIODevice::ReadOnly | QIODevice::Unbuffered));
    CsvReader reader(device, {});
    const Status header = reader.readHeader();
    QCOMPARE(header.ok(), !inHeader);
    const Status status = inHeader ? header : reader.forEachRecord([](const CsvRecord &) { return true; });
    QVERIFY(!status.ok());
    QCOMPARE(status.error(),
             QStringLiteral("could not read the file at byte offset %1: simulated disk failure").arg(failAt));
}

void tst_CsvReader::deviceNotOpen()
{
    QBuffer buffer;
    buffer.setData("a,b\n1,2\n");
    CsvReader reader(buffer, {});
    const Status status = reader.readHeader();
    QVERIFY(!status.ok());
    QVERIFY2(status.error().contains(QLatin1String("not open")), qPrintable(status.error()));
}

QTEST_GUILESS_MAIN(tst_CsvReader)
#include "tst_csvreader.moc"
