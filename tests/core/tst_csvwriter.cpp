// SPDX-License-Identifier: GPL-3.0-or-later
// The project's one CSV writer (the Compare table's export, `export predictions`): RFC 4180
// quoting of commas, quotes and line breaks, CRLF records, numbers that read back as the same
// double, and every text read back field for field by the project's own CsvReader.

#include "core/data/CsvReader.h"
#include "core/data/CsvWriter.h"

#include <QBuffer>
#include <QTest>

#include <cmath>
#include <limits>

using namespace mb::data;

namespace {

// Every record of `bytes` as CsvReader reads it, the header first; an error as the only record.
QList<QStringList> readBack(QByteArray bytes)
{
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    CsvReader::Options options;
    options.separator = ',';
    CsvReader reader(buffer, std::move(options));
    if (const mb::Status header = reader.readHeader(); !header)
        return {{QString(QStringLiteral("error: ") + header.error())}};
    QList<QStringList> records{reader.header()};
    const mb::Status read = reader.forEachRecord([&records](const CsvRecord &record) {
        QStringList fields;
        for (const std::string_view field : record.fields)
            fields << QString::fromUtf8(field.data(), qsizetype(field.size()));
        records << fields;
        return true;
    });
    if (!read)
        return {{QString(QStringLiteral("error: ") + read.error())}};
    return records;
}

} // namespace

class tst_CsvWriter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aFieldIsQuotedOnlyWhenItMustBe_data();
    void aFieldIsQuotedOnlyWhenItMustBe();
    void recordsEndInCrlf();
    void everyTextReadsBackFieldForField();
    void aRecordOfOneEmptyFieldIsNotAnEmptyLine();
    void numbersReadBackAsTheSameDouble_data();
    void numbersReadBackAsTheSameDouble();
    void takeHandsOverTheBytesWrittenSoFar();
};

void tst_CsvWriter::aFieldIsQuotedOnlyWhenItMustBe_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("field");
    QTest::newRow("plain") << QStringLiteral("quality model") << QByteArray("quality model");
    QTest::newRow("empty") << QString() << QByteArray();
    QTest::newRow("comma") << QStringLiteral("a,b") << QByteArray("\"a,b\"");
    QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QByteArray("\"say \"\"hi\"\"\"");
    QTest::newRow("only a quote") << QStringLiteral("\"") << QByteArray("\"\"\"\"");
    QTest::newRow("line feed") << QStringLiteral("one\ntwo") << QByteArray("\"one\ntwo\"");
    QTest::newRow("carriage return") << QStringLiteral("one\rtwo") << QByteArray("\"one\rtwo\"");
    QTest::newRow("crlf") << QStringLiteral("one\r\ntwo") << QByteArray("\"one\r\ntwo\"");
    QTest::newRow("semicolon and tab stay bare") << QStringLiteral("a;b\tc") << QByteArray("a;b\tc");
    QTest::newRow("utf-8") << QStringLiteral("Zürich ✓") << QStringLiteral("Zürich ✓").toUtf8();
}

void tst_CsvWriter::aFieldIsQuotedOnlyWhenItMustBe()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, field);
    QCOMPARE(csvField(text), field);
    CsvWriter writer;
    writer.addField(QStringLiteral("x"));
    writer.addField(text);
    writer.endRecord();
    QCOMPARE(writer.bytes(), QByteArray("x," + field + "\r\n"));
}

void tst_CsvWriter::recordsEndInCrlf()
{
    CsvWriter writer;
    writer.addRecord({QStringLiteral("run"), QStringLiteral("name")});
    writer.addRecord({QStringLiteral("1"), QStringLiteral("baseline")});
    QCOMPARE(writer.bytes(), QByteArray("run,name\r\n1,baseline\r\n"));
}

void tst_CsvWriter::everyTextReadsBackFieldForField()
{
    const QList<QStringList> records{
        {QStringLiteral("name"), QStringLiteral("note"), QStringLiteral("empty")},
        {QStringLiteral("a,b"), QStringLiteral("say \"hi\""), QString()},
        {QStringLiteral("one\ntwo"), QStringLiteral("one\r\ntwo"), QStringLiteral("one\rtwo")},
        {QStringLiteral("\"quoted\""), QStringLiteral(" spaced "), QStringLiteral("Zürich ✓")},
        {QStringLiteral(",,,"), QStringLiteral("\"\""), QStringLiteral("\n")},
    };
    CsvWriter writer;
    for (const QStringList &record : records)
        writer.addRecord(record);
    QCOMPARE(readBack(writer.bytes()), records);
}

// RFC 4180 allows it, but an empty line is skipped by readers (CsvReader included): a record of
// one empty field would vanish.
void tst_CsvWriter::aRecordOfOneEmptyFieldIsNotAnEmptyLine()
{
    CsvWriter writer;
    writer.addRecord({QStringLiteral("note")});
    writer.addRecord({QString()});
    writer.addNumber(std::nan(""));
    writer.endRecord();
    writer.addRecord({QStringLiteral("last")});
    QCOMPARE(writer.bytes(), QByteArray("note\r\n\"\"\r\n\"\"\r\nlast\r\n"));
    QCOMPARE(readBack(writer.bytes()),
             (QList<QStringList>{{QStringLiteral("note")}, {QString()}, {QString()}, {QStringLiteral("last")}}));
}

void tst_CsvWriter::numbersReadBackAsTheSameDouble_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("whole") << 42.0 << QByteArray("42");
    QTest::newRow("negative whole") << -7.0 << QByteArray("-7");
    QTest::newRow("zero") << 0.0 << QByteArray("0");
    QTest::newRow("a tenth, not 0.10000000000000001") << 0.1 << QByteArray("0.1");
    QTest::newRow("a third, every digit") << 1.0 / 3.0 << QByteArray("0.3333333333333333");
    QTest::newRow("small") << 1.5e-7 << QByteArray("1.5e-07");
    QTest::newRow("2^53, still whole") << 9007199254740992.0 << QByteArray("9007199254740992");
    QTest::newRow("beyond 2^53, in its shortest form") << 18014398509481984.0 << QByteArray("18014398509481984");
    QTest::newRow("large") << 1e300 << QByteArray("1e+300");
    QTest::newRow("infinity") << std::numeric_limits<double>::infinity() << QByteArray("inf");
    QTest::newRow("minus infinity") << -std::numeric_limits<double>::infinity() << QByteArray("-inf");
}

void tst_CsvWriter::numbersReadBackAsTheSameDouble()
{
    QFETCH(double, value);
    QFETCH(QByteArray, text);
    CsvWriter writer;
    writer.addNumber(value);
    writer.addNumber(std::nan("")); // missing: an empty field
    writer.endRecord();
    QCOMPARE(writer.bytes(), QByteArray(text + ",\r\n"));
    const QList<QStringList> back = readBack(QByteArray("value,missing\r\n" + writer.bytes()));
    QCOMPARE(back.size(), 2);
    QCOMPARE(back.at(1).at(1), QString());
    if (std::isfinite(value)) {
        bool ok = false;
        QCOMPARE(back.at(1).at(0).toDouble(&ok), value);
        QVERIFY(ok);
    }
}

void tst_CsvWriter::takeHandsOverTheBytesWrittenSoFar()
{
    CsvWriter writer;
    writer.addRecord({QStringLiteral("a"), QStringLiteral("b")});
    writer.addField(QStringLiteral("1"));
    QByteArray written = writer.take();
    QCOMPARE(writer.size(), 0);
    writer.addField(QStringLiteral("2")); // the record in progress carries on
    writer.endRecord();
    written += writer.take();
    QCOMPARE(written, QByteArray("a,b\r\n1,2\r\n"));
}

QTEST_GUILESS_MAIN(tst_CsvWriter)
#include "tst_csvwriter.moc"
