// SPDX-License-Identifier: GPL-3.0-or-later
// A large CSV file's first pass on two threads (core/data/CsvTwoParts): the import gives what one
// reader alone gives, the same table and the same first error in file order, with its line, column
// and byte offset. Each file is also imported gzip-compressed, which one reader reads from start to
// end (a gzip stream cannot be entered in its middle): the two imports must agree, and the tests
// name what the user reads.

#include "core/data/CsvImporter.h"
#include "core/data/CsvTwoParts.h"
#include "core/data/Dataset.h"
#include "tests/support/Gzip.h"
#include "tests/support/TestSupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <memory>

using namespace mb;
using namespace mb::data;

Q_DECLARE_METATYPE(mb::data::ColumnType)

namespace {

// Filler rows of one width, so that a row's place in the file is known from its number.
constexpr int kRowBytes = 20;
// Enough rows for a file past the two-part threshold.
constexpr int kFillerRows = int(kMinBytesForTwoParts / kRowBytes) + 30000;
const QByteArray kHeader = "id,x,label\n";

QByteArray fillerRow(int i)
{
    const QByteArray row = QByteArray::number(i).rightJustified(7, '0') + ",0." +
                           QByteArray::number(i % 10000).rightJustified(4, '0') + ",lbl" + char('a' + i % 3) + '\n';
    Q_ASSERT(row.size() == kRowBytes);
    return row;
}

// `special` after `before` filler rows, then the rest of kFillerRows. The file's line of a
// special row is known: the header is line 1.
struct TwoPartFile {
    QByteArray bytes;
    int specialLine = 0; // the line where `special` starts
    std::int64_t specialOffset = 0;
};

TwoPartFile twoPartFile(int before, const QByteArray &special)
{
    TwoPartFile file;
    file.bytes.reserve(qsizetype(kFillerRows) * kRowBytes + special.size() + kHeader.size());
    file.bytes += kHeader;
    for (int i = 0; i < before; ++i)
        file.bytes += fillerRow(i);
    file.specialLine = 2 + before;
    file.specialOffset = file.bytes.size();
    file.bytes += special;
    for (int i = before; i < kFillerRows; ++i)
        file.bytes += fillerRow(i);
    return file;
}

// The filler rows before a special row of `specialBytes` that puts its start `delta` bytes from
// the middle of the file (in steps of a row).
int rowsBeforeMiddle(qsizetype specialBytes, int deltaRows)
{
    const std::int64_t total = kHeader.size() + std::int64_t(kFillerRows) * kRowBytes + specialBytes;
    return int((total / 2 - kHeader.size()) / kRowBytes) + deltaRows;
}

int rowsBeforeThreeQuarters()
{
    return kFillerRows * 3 / 4;
}

// Both results, compared whole: the same error, or the same columns, values, types and categories.
bool sameImport(const Result<ImportedDataset> &a, const Result<ImportedDataset> &b, QString *why)
{
    if (a.ok() != b.ok() || (!a.ok() && a.error() != b.error())) {
        *why = QStringLiteral("'%1' against '%2'").arg(a.ok() ? QStringLiteral("ok") : a.error(),
                                                      b.ok() ? QStringLiteral("ok") : b.error());
        return false;
    }
    if (!a.ok())
        return true;
    if (a->versionSha256 != b->versionSha256) {
        *why = QStringLiteral("other versions");
        return false;
    }
    const Dataset &x = a->dataset;
    const Dataset &y = b->dataset;
    if (x.columns.size() != y.columns.size()) {
        *why = QStringLiteral("other column counts");
        return false;
    }
    for (std::size_t c = 0; c < x.columns.size(); ++c) {
        const DatasetColumn &p = x.columns[c];
        const DatasetColumn &q = y.columns[c];
        if (p.name != q.name || p.type != q.type || p.categories != q.categories || p.exactIntegers != q.exactIntegers ||
            p.values.size() != q.values.size()) {
            *why = QStringLiteral("column '%1' differs").arg(p.name);
            return false;
        }
        for (std::size_t i = 0; i < p.values.size(); ++i) {
            if (std::isnan(p.values[i]) != std::isnan(q.values[i]) ||
                (!std::isnan(p.values[i]) && std::memcmp(&p.values[i], &q.values[i], sizeof(double)) != 0)) {
                *why = QStringLiteral("column '%1' row %2: %3 against %4")
                           .arg(p.name)
                           .arg(i)
                           .arg(p.values[i])
                           .arg(q.values[i]);
                return false;
            }
        }
    }
    return true;
}

} // namespace

class tst_CsvTwoParts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void anErrorInTheSecondPartNamesItsLineAndColumn_data();
    void anErrorInTheSecondPartNamesItsLineAndColumn();
    void theFirstErrorInFileOrderIsReported();
    void aQuotedFieldWithLineEndsNearTheSplitImports_data();
    void aQuotedFieldWithLineEndsNearTheSplitImports();
    void columnTypesAreDecidedOverBothParts_data();
    void columnTypesAreDecidedOverBothParts();

private:
    // The file imported as it is (two parts) and gzip-compressed (one reader); fails the test
    // when they differ, and returns the plain import.
    Result<ImportedDataset> importBothWays(const QByteArray &bytes, const ImportOptions &options = {})
    {
        if (bytes.size() < kMinBytesForTwoParts)
            return Error{QStringLiteral("the test file is too small to be read in two parts")};
        const QString plain = m_dir->filePath(QStringLiteral("data.csv"));
        const QString gzip = m_dir->filePath(QStringLiteral("data.csv.gz"));
        if (!mbtest::writeFile(plain, bytes) || !mbtest::writeFile(gzip, mbtest::gzip(bytes, 1)))
            return Error{QStringLiteral("cannot write the test files")};
        Result<ImportedDataset> twoParts = importCsv(plain, options);
        const Result<ImportedDataset> oneReader = importCsv(gzip, options);
        QString why;
        if (!sameImport(twoParts, oneReader, &why))
            return Error{QStringLiteral("the two-part import differs from one reader's: %1").arg(why)};
        return twoParts;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_CsvTwoParts::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_CsvTwoParts::anErrorInTheSecondPartNamesItsLineAndColumn_data()
{
    QTest::addColumn<QByteArray>("special");
    QTest::addColumn<bool>("xIsNumeric");
    QTest::addColumn<QString>("expected"); // %1: the special row's line, %2: its byte offset

    QTest::newRow("text in a column declared numeric")
        << QByteArray("9999999,oops,lbla\n") << true
        << "line %1, column 'x': 'oops' is not a number, and the column is declared numeric";
    QTest::newRow("a ragged row") << QByteArray("9999999,0.5\n") << false << "line %1 has 2 fields, the header has 3";
    QTest::newRow("a number that is not finite")
        << QByteArray("9999999,inf,lbla\n") << false
        << "line %1, column 'x': 'inf' is not a finite number; leave the cell empty or write NA for a missing value";
    QTest::newRow("invalid UTF-8") << QByteArray("9999999,0.5,l\xff\n") << false
                                   << "invalid UTF-8 at byte offset %2 (line %1)";
    QTest::newRow("after a quoted field with line ends")
        << QByteArray("9999998,0.5,\"two\nlines\"\n9999999,0.5\n") << false << "line %1 has 2 fields, the header has 3";
}

void tst_CsvTwoParts::anErrorInTheSecondPartNamesItsLineAndColumn()
{
    QFETCH(QByteArray, special);
    QFETCH(bool, xIsNumeric);
    QFETCH(QString, expected);
    const TwoPartFile file = twoPartFile(rowsBeforeThreeQuarters(), special);
    // The error's line: the last line of `special`; its offset: of the 0xff byte.
    const int line = file.specialLine + int(special.count('\n')) - 1;
    const std::int64_t offset = file.specialOffset + special.indexOf('\xff');
    ImportOptions options;
    if (xIsNumeric)
        options.overrides.insert(QStringLiteral("x"), ColumnOverride{ColumnType::Numeric, std::nullopt, false});
    const Result<ImportedDataset> imported = importBothWays(file.bytes, options);
    QVERIFY(!imported.ok());
    QCOMPARE(imported.error(), expected.contains(QLatin1String("%2")) ? expected.arg(line).arg(offset)
                                                                      : expected.arg(line));
}

void tst_CsvTwoParts::theFirstErrorInFileOrderIsReported()
{
    // Ragged rows in both parts: the first part's is the one a reader from the start meets.
    TwoPartFile file = twoPartFile(rowsBeforeThreeQuarters(), "9999999,0.5\n");
    const int firstBadLine = 1000;
    const qsizetype at = kHeader.size() + qsizetype(firstBadLine - 2) * kRowBytes;
    QByteArray ragged = QByteArray("0000998,0.5,lbla,x").leftJustified(kRowBytes - 1, ' ');
    ragged += '\n';
    file.bytes.replace(at, kRowBytes, ragged);
    const Result<ImportedDataset> imported = importBothWays(file.bytes);
    QVERIFY(!imported.ok());
    QCOMPARE(imported.error(), QStringLiteral("line %1 has 4 fields, the header has 3").arg(firstBadLine));
}

void tst_CsvTwoParts::aQuotedFieldWithLineEndsNearTheSplitImports_data()
{
    QTest::addColumn<int>("deltaRows");
    // The quoted field starts a few rows before the middle (ends before the split), across it, or
    // after it (in the second part).
    for (int delta = -6; delta <= 3; ++delta)
        QTest::newRow(qPrintable(QStringLiteral("%1 rows from the middle").arg(delta))) << delta;
}

void tst_CsvTwoParts::aQuotedFieldWithLineEndsNearTheSplitImports()
{
    QFETCH(int, deltaRows);
    // Three rows of text whose quoted label spans several lines, each of them longer than a row.
    const QByteArray special = "8000001,0.25,\"first line\nsecond, with a comma\r\nthird \"\"quoted\"\"\"\n"
                               "8000002,0.5,\"\n\n\n\n\"\n"
                               "8000003,0.75,\"one more\nline\"\n";
    const TwoPartFile file = twoPartFile(rowsBeforeMiddle(special.size(), deltaRows), special);
    const Result<ImportedDataset> imported = importBothWays(file.bytes);
    QVERIFY2(imported.ok(), qPrintable(imported.ok() ? QString() : imported.error()));
    const Dataset &dataset = imported->dataset;
    QCOMPARE(dataset.rowCount(), std::int64_t(kFillerRows) + 3);
    const DatasetColumn &label = dataset.columns[std::size_t(dataset.columnIndex(QStringLiteral("label")))];
    QCOMPARE(label.type, ColumnType::Categorical);
    const int row = file.specialLine - 2;
    QCOMPARE(label.categories.at(qsizetype(label.values[std::size_t(row)])),
             QStringLiteral("first line\nsecond, with a comma\r\nthird \"quoted\""));
    QCOMPARE(label.categories.at(qsizetype(label.values[std::size_t(row + 1)])), QStringLiteral("\n\n\n\n"));
    QCOMPARE(label.categories.at(qsizetype(label.values[std::size_t(row + 2)])), QStringLiteral("one more\nline"));
    const DatasetColumn &id = dataset.columns[0];
    QCOMPARE(id.values[std::size_t(row + 3)], double(rowsBeforeMiddle(special.size(), deltaRows)));
    QCOMPARE(id.values.back(), double(kFillerRows - 1));
}

void tst_CsvTwoParts::columnTypesAreDecidedOverBothParts_data()
{
    QTest::addColumn<QByteArray>("special");
    QTest::addColumn<QString>("column");
    QTest::addColumn<ColumnType>("type");
    QTest::addColumn<bool>("exactIntegers");

    QTest::newRow("text in the second part makes a numeric column categorical")
        << QByteArray("9999999,n/a yet,lbla\n") << "x" << ColumnType::Categorical << false;
    QTest::newRow("an id above 2^53 in the second part keeps every digit")
        << QByteArray("9007199254740993,0.5,lbla\n") << "id" << ColumnType::Numeric << true;
    QTest::newRow("a fraction after an id above 2^53 drops the exact integers")
        << QByteArray("9007199254740993,0.5,lbla\n1.5,0.5,lbla\n") << "id" << ColumnType::Numeric << false;
    QTest::newRow("a missing value in the second part")
        << QByteArray("9999999,NA,lbla\n") << "x" << ColumnType::Numeric << false;
}

void tst_CsvTwoParts::columnTypesAreDecidedOverBothParts()
{
    QFETCH(QByteArray, special);
    QFETCH(QString, column);
    QFETCH(ColumnType, type);
    QFETCH(bool, exactIntegers);
    const TwoPartFile file = twoPartFile(rowsBeforeThreeQuarters(), special);
    const Result<ImportedDataset> imported = importBothWays(file.bytes);
    QVERIFY2(imported.ok(), qPrintable(imported.ok() ? QString() : imported.error()));
    const DatasetColumn &imported_column =
        imported->dataset.columns[std::size_t(imported->dataset.columnIndex(column))];
    QCOMPARE(imported_column.type, type);
    QCOMPARE(!imported_column.exactIntegers.empty(), exactIntegers);
    if (exactIntegers)
        QCOMPARE(imported_column.exactIntegers[std::size_t(file.specialLine - 2)], std::int64_t(9007199254740993));
}

QTEST_GUILESS_MAIN(tst_CsvTwoParts)
#include "tst_csvtwoparts.moc"
