// SPDX-License-Identifier: GPL-3.0-or-later
// The CSV importer: column types inferred from every value and overridable, missing values under
// each policy, categories, label options (targets, value columns, positive class, buckets,
// multilabel), every bad input of the dataset issue with the message the user reads, the
// version's identity, and cancellation. The tokenizer itself is tested in tst_csvreader.

#include "core/NumberText.h"
#include "core/data/CsvImporter.h"
#include "core/data/DatasetLimits.h"
#include "core/data/Dataset.h"
#include "tests/support/Gzip.h"
#include "tests/support/TestSupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <cmath>
#include <functional>
#include <memory>

using namespace mb;
using namespace mb::data;

Q_DECLARE_METATYPE(mb::data::ColumnType)
Q_DECLARE_METATYPE(mb::data::MissingPolicy)

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

QString errorOf(const Result<ImportedDataset> &result)
{
    return result.ok() ? QStringLiteral("(imported without an error)") : result.error();
}

// Values equal element by element, a missing value (NaN) equal only to a missing value.
bool sameValues(const std::vector<double> &actual, const QList<double> &expected, QString *why)
{
    if (qsizetype(actual.size()) != expected.size()) {
        *why = QStringLiteral("%1 values, expected %2").arg(actual.size()).arg(expected.size());
        return false;
    }
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const double a = actual[std::size_t(i)];
        const double e = expected.at(i);
        if (std::isnan(a) != std::isnan(e) || (!std::isnan(e) && a != e)) {
            *why = QStringLiteral("value %1 is %2, expected %3").arg(i).arg(a).arg(e);
            return false;
        }
    }
    return true;
}

#define COMPARE_VALUES(actual, expected)                                                                               \
    do {                                                                                                               \
        QString why_;                                                                                                  \
        QVERIFY2(sameValues((actual), (expected), &why_), qPrintable(why_));                                           \
    } while (false)

// A two-column CSV: the cells under test in "x", and the row number in "n" (so that an empty cell
// is an empty field, not an empty line).
QByteArray columnCsv(const QStringList &cells)
{
    QByteArray bytes = "x,n\n";
    for (qsizetype i = 0; i < cells.size(); ++i)
        bytes += cells.at(i).toUtf8() + ',' + QByteArray::number(i + 1) + '\n';
    return bytes;
}

// About 3 MiB of "id,cat" rows: larger than the reader's 1 MiB chunk, so the second pass reads
// the file in several steps and a change in the middle of it can be observed.
QByteArray largeTextCsv(char letterBase = 'a')
{
    QByteArray bytes = "id,cat\n";
    for (int i = 0; i < 290000; ++i)
        bytes += QByteArray::number(i).rightJustified(7, '0') + ",c" + char(letterBase + i % 7) + '\n';
    return bytes;
}

} // namespace

class tst_CsvImporter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void aMillionColumnsAreRefusedBeforeTheirNamesAreRead();
    void aDatasetTooLargeForMemoryIsRefusedWithWhatItNeeds();

    // Types.
    void typesAreInferredFromEveryValue_data();
    void typesAreInferredFromEveryValue();
    void overriddenTypes_data();
    void overriddenTypes();
    void overrideOfAnUnknownColumnListsTheColumns();
    void ignoredColumnKeepsItsValues();
    void aColumnHasOneRole_data();
    void aColumnHasOneRole();
    void manyDistinctCategoriesAreSortedWithTheirCodes();
    void numberTooLargeForADoubleIsRefused();
    void decimalCommaIsReadInSemicolonFiles();
    void longCellsAreShortenedInMessages();

    // Missing values.
    void keepPolicyKeepsMissingValues();
    void dropRowRemovesRowsAndCountsThem();
    void dropRowForOneColumnOnly();
    void imputePoliciesAreRecordedNotApplied_data();
    void imputePoliciesAreRecordedNotApplied();
    void targetWithMissingValueIsRefusedUnlessDropRow_data();
    void targetWithMissingValueIsRefusedUnlessDropRow();
    void missingTargetReportsTheRowOfTheFile();
    void everyRowDroppedIsRefused();

    // Categories and labels.
    void categoriesAreSortedAndCodesConsistent();
    void wholeNumbersReadAsTheyWereWritten();
    void idsAboveTwoToThe53KeepEveryDigit();
    void aColumnWithAFractionKeepsNoExactIntegers_data();
    void aColumnWithAFractionKeepsNoExactIntegers();
    void anIdBeyondSixtyFourBitsIsRefusedWithItsLineAndColumn_data();
    void anIdBeyondSixtyFourBitsIsRefusedWithItsLineAndColumn();
    void targetsAndValueColumnsGetTheirRoles();
    void valueColumnMustBeNumeric();
    void positiveClassBecomesIndexOne_data();
    void positiveClassBecomesIndexOne();
    void positiveClassErrors_data();
    void positiveClassErrors();
    void positiveClassOnABooleanTarget_data();
    void positiveClassOnABooleanTarget();
    void bucketEdgesCutANumericTarget();
    void bucketEdgeErrors_data();
    void bucketEdgeErrors();
    void multilabelDelimiterMakesOneTargetPerLabel();
    void multilabelOnANumericColumnIsRefused();

    // Bad input.
    void badInputIsRefusedWithAClearMessage_data();
    void badInputIsRefusedWithAClearMessage();
    void nonexistentPathIsRefused();
    void directoryIsRefused();
    void unreadableFileIsRefused();
    void fileChangedBetweenThePassesIsRefused_data();
    void fileChangedBetweenThePassesIsRefused();
    void fileDeletedBetweenThePassesIsRefused();
    void fileRewrittenDuringTheSecondPassIsRefused();
    void fileTruncatedDuringTheSecondPassIsRefused();
    void fileDeletedDuringTheSecondPassGivesTheWholeFileOrAnError();

    // Identity, progress, cancellation.
    void sameBytesAndOptionsGiveTheSameVersion();
    void gzipCsvIsTheSameVersionAsThePlainFile();
    void damagedGzipCsvIsRefusedNamingTheProblem_data();
    void damagedGzipCsvIsRefusedNamingTheProblem();
    void differentOptionsGiveADifferentVersion_data();
    void differentOptionsGiveADifferentVersion();
    void differentBytesGiveADifferentVersion_data();
    void differentBytesGiveADifferentVersion();
    void sourceIsDescribed();
    void progressRisesToOne_data();
    void progressRisesToOne();
    void cancelThroughTheFlag_data();
    void cancelThroughTheFlag();

    // A separate test file.
    void testFileRowsFollowTheFilesWithOneClassList();
    void testFileIdentityCoversBothFilesNotTheirNames();
    void testFileRecordSaysWhereTheRowsCameFrom();
    void testFileRowsDroppedAreNotCounted();
    void testFileProblemsAreNamedInTheTestFile_data();
    void testFileProblemsAreNamedInTheTestFile();

private:
    QString write(const QByteArray &bytes, const QString &name = QStringLiteral("data.csv"))
    {
        const QString path = m_dir->filePath(name);
        if (!mbtest::writeFile(path, bytes))
            qWarning("cannot write %s", qPrintable(path));
        return path;
    }
    Result<ImportedDataset> import(const QByteArray &bytes, const ImportOptions &options = {})
    {
        return importCsv(write(bytes), options);
    }
    // Imports, running `action` once, from the progress callback, the first time the reported
    // fraction reaches `threshold` (0.6 is the end of the first pass).
    Result<ImportedDataset> importWhile(const QString &path, double threshold, const std::function<void()> &action,
                                        bool strictlyAbove = false)
    {
        bool done = false;
        return importCsv(path, {}, nullptr, [&](double fraction) {
            if (!done && (strictlyAbove ? fraction > threshold : fraction >= threshold)) {
                done = true;
                action();
            }
        });
    }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_CsvImporter::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

// ---------------------------------------------------------------------------------------------
// Types

void tst_CsvImporter::typesAreInferredFromEveryValue_data()
{
    QTest::addColumn<QStringList>("cells");
    QTest::addColumn<ColumnType>("type");
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<QStringList>("categories");

    QTest::newRow("integers") << QStringList{"1", "2", "3"} << ColumnType::Numeric << QList<double>{1, 2, 3}
                              << QStringList{};
    QTest::newRow("signs and exponents") << QStringList{"-1.5", "+2e3", ".25", " 7 "} << ColumnType::Numeric
                                         << QList<double>{-1.5, 2000, 0.25, 7} << QStringList{};
    QTest::newRow("numbers with every missing token")
        << QStringList{"1", "", "NA", "nan", "?", "NULL", "2"} << ColumnType::Numeric
        << QList<double>{1, NaN, NaN, NaN, NaN, NaN, 2} << QStringList{};
    QTest::newRow("booleans in any case") << QStringList{"true", "False", "YES", "no"} << ColumnType::Boolean
                                          << QList<double>{1, 0, 1, 0} << QStringList{};
    QTest::newRow("booleans with a missing value")
        << QStringList{"true", "", "false"} << ColumnType::Boolean << QList<double>{1, NaN, 0} << QStringList{};
    QTest::newRow("dates and date-times")
        << QStringList{"2026-01-05", "2026-01-05T14:03:00Z", "2026-01-05 14:03:00+02:00", "NA"} << ColumnType::DateTime
        << QList<double>{1767571200, 1767621780, 1767614580, NaN} << QStringList{};
    QTest::newRow("text") << QStringList{"pear", "apple", "fig", "apple"} << ColumnType::Categorical
                          << QList<double>{2, 0, 1, 0} << QStringList{"apple", "fig", "pear"};
    QTest::newRow("text with a missing value") << QStringList{"b", "null", "a"} << ColumnType::Categorical
                                               << QList<double>{1, NaN, 0} << QStringList{"a", "b"};
    QTest::newRow("text after numbers") << QStringList{"abc", "10", "2"} << ColumnType::Categorical
                                        << QList<double>{2, 0, 1} << QStringList{"10", "2", "abc"};
    QTest::newRow("numbers then text") << QStringList{"10", "2", "abc"} << ColumnType::Categorical
                                       << QList<double>{0, 1, 2} << QStringList{"10", "2", "abc"};
    QTest::newRow("booleans and text") << QStringList{"yes", "no", "maybe"} << ColumnType::Categorical
                                       << QList<double>{2, 1, 0} << QStringList{"maybe", "no", "yes"};
    QTest::newRow("dates and text") << QStringList{"2024-01-01", "soon"} << ColumnType::Categorical
                                    << QList<double>{0, 1} << QStringList{"2024-01-01", "soon"};
    QTest::newRow("invalid date is text") << QStringList{"2024-01-01", "2025-02-29"} << ColumnType::Categorical
                                          << QList<double>{0, 1} << QStringList{"2024-01-01", "2025-02-29"};
    QTest::newRow("spaces around text are trimmed") << QStringList{" a ", "a", "\"b\""} << ColumnType::Categorical
                                                    << QList<double>{0, 0, 1} << QStringList{"a", "b"};
    QTest::newRow("quoted separator") << QStringList{"\"b, c\"", "a"} << ColumnType::Categorical << QList<double>{1, 0}
                                      << QStringList{"a", "b, c"};
    QTest::newRow("all missing") << QStringList{"", "NA", "?"} << ColumnType::Numeric << QList<double>{NaN, NaN, NaN}
                                 << QStringList{};
    // Cells seen while the column still looked numeric must count when it turns out not to be.
    QTest::newRow("a number, then booleans") << QStringList{"1", "true", "false"} << ColumnType::Categorical
                                             << QList<double>{0, 2, 1} << QStringList{"1", "false", "true"};
    QTest::newRow("a year, then a date") << QStringList{"2020", "2024-01-05"} << ColumnType::Categorical
                                         << QList<double>{0, 1} << QStringList{"2020", "2024-01-05"};
}

void tst_CsvImporter::typesAreInferredFromEveryValue()
{
    QFETCH(QStringList, cells);
    QFETCH(ColumnType, type);
    QFETCH(QList<double>, values);
    QFETCH(QStringList, categories);

    const Result<ImportedDataset> imported = import(columnCsv(cells));
    QVERIFY2(imported.ok(), qPrintable(errorOf(imported)));
    const Dataset &dataset = imported->dataset;
    QCOMPARE(dataset.rowCount(), cells.size());
    const DatasetColumn *x = dataset.column(QStringLiteral("x"));
    QVERIFY(x);
    QCOMPARE(toKey(x->type), toKey(type));
    COMPARE_VALUES(x->values, values);
    QCOMPARE(x->categories, categories);
    QCOMPARE(x->role, ColumnRole::Feature);
    // The neighbouring column is untouched by its neighbour's type.
    const DatasetColumn *n = dataset.column(QStringLiteral("n"));
    QVERIFY(n);
    QCOMPARE(n->type, ColumnType::Numeric);
    QCOMPARE(n->values.front(), 1.0);
    QCOMPARE(n->values.back(), double(cells.size()));
}

void tst_CsvImporter::overriddenTypes_data()
{
    QTest::addColumn<QStringList>("cells");
    QTest::addColumn<ColumnType>("declared");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<QStringList>("categories");

    QTest::newRow("numeric column with a text value")
        << QStringList{"1", "2", "abc", "4"} << ColumnType::Numeric
        << "line 4, column 'x': 'abc' is not a number, and the column is declared numeric" << QList<double>{}
        << QStringList{};
    QTest::newRow("numeric column with a boolean")
        << QStringList{"1", "true"} << ColumnType::Numeric
        << "line 3, column 'x': 'true' is not a number, and the column is declared numeric" << QList<double>{}
        << QStringList{};
    QTest::newRow("categorical over numbers")
        << QStringList{"10", "2", "3", "2", "NA"} << ColumnType::Categorical << QString()
        << QList<double>{0, 1, 2, 1, NaN} << QStringList{"10", "2", "3"};
    QTest::newRow("categorical over booleans") << QStringList{"true", "false", "true"} << ColumnType::Categorical
                                               << QString() << QList<double>{1, 0, 1} << QStringList{"false", "true"};
    QTest::newRow("categorical over dates")
        << QStringList{"2024-01-02", "2024-01-01"} << ColumnType::Categorical << QString() << QList<double>{1, 0}
        << QStringList{"2024-01-01", "2024-01-02"};
    QTest::newRow("numeric over numbers")
        << QStringList{"1", "2"} << ColumnType::Numeric << QString() << QList<double>{1, 2} << QStringList{};
    QTest::newRow("boolean column with other text")
        << QStringList{"true", "maybe"} << ColumnType::Boolean
        << "line 3, column 'x': 'maybe' is not a boolean value, and the column is declared boolean" << QList<double>{}
        << QStringList{};
    QTest::newRow("datetime column with other text")
        << QStringList{"2024-01-01", "soon"} << ColumnType::DateTime
        << "line 3, column 'x': 'soon' is not a datetime value, and the column is declared datetime" << QList<double>{}
        << QStringList{};
    QTest::newRow("datetime column with an invalid date")
        << QStringList{"2024-02-29", "2025-02-29"} << ColumnType::DateTime
        << "line 3, column 'x': '2025-02-29' is not a datetime value" << QList<double>{} << QStringList{};
    QTest::newRow("datetime over dates") << QStringList{"2024-02-29", ""} << ColumnType::DateTime << QString()
                                         << QList<double>{1709164800, NaN} << QStringList{};
}

void tst_CsvImporter::overriddenTypes()
{
    QFETCH(QStringList, cells);
    QFETCH(ColumnType, declared);
    QFETCH(QString, error);
    QFETCH(QList<double>, values);
    QFETCH(QStringList, categories);

    ImportOptions options;
    options.overrides[QStringLiteral("x")].type = declared;
    const Result<ImportedDataset> imported = import(columnCsv(cells), options);
    if (!error.isEmpty()) {
        QVERIFY2(!imported.ok(), "a value that contradicts the declared type is refused");
        QVERIFY2(imported.error().contains(error), qPrintable(imported.error()));
        return;
    }
    QVERIFY2(imported.ok(), qPrintable(errorOf(imported)));
    const DatasetColumn *x = imported->dataset.column(QStringLiteral("x"));
    QCOMPARE(toKey(x->type), toKey(declared));
    COMPARE_VALUES(x->values, values);
    QCOMPARE(x->categories, categories);
}

void tst_CsvImporter::overrideOfAnUnknownColumnListsTheColumns()
{
    ImportOptions options;
    options.overrides[QStringLiteral("agee")].type = ColumnType::Numeric;
    const Result<ImportedDataset> imported = import("age,city\n30,Oslo\n", options);
    QVERIFY(!imported.ok());
    QCOMPARE(imported.error(), QStringLiteral("column 'agee' is not in the file; its columns are: age, city"));
}

void tst_CsvImporter::ignoredColumnKeepsItsValues()
{
    ImportOptions options;
    options.overrides[QStringLiteral("id")].ignore = true;
    const Result<ImportedDataset> imported = import("id,a\n7,1\n8,2\n", options);
    QVERIFY2(imported.ok(), qPrintable(errorOf(imported)));
    QCOMPARE(imported->dataset.column(QStringLiteral("id"))->role, ColumnRole::Ignored);
    COMPARE_VALUES(imported->dataset.column(QStringLiteral("id"))->values, (QList<double>{7, 8}));
    QCOMPARE(imported->dataset.column(QStringLiteral("a"))->role, ColumnRole::Feature);
    QCOMPARE(imported->dataset.namesWithRole(ColumnRole::Ignored), QStringList{QStringLiteral("id")});
}

void tst_CsvImporter::aColumnHasOneRole_data()
{
    QTest::addColumn<QStringList>("targets");
    QTest::addColumn<QStringList>("values");
    QTest::addColumn<QStringList>("ignored");
    QTest::addColumn<QString>("message");
    QTest::newRow("target and value") << QStringList{"y"} << QStringList{"y"} << QStringList{}
                                      << "'y' is both a target and a value column";
    QTest::newRow("target and ignored") << QStringList{"y"} << QStringList{} << QStringList{"y"}
                                        << "'y' is both a target and ignored";
    QTest::newRow("value and ignored") << QStringList{} << QStringList{"a"} << QStringList{"a"}
                                       << "'a' is both a value column and ignored";
}

void tst_CsvImporter::aColumnHasOneRole()
{
    QFETCH(QStringList, targets);
    QFETCH(QStringList, values);
    QFETCH(QStringList, ignored);
    QFETCH(QString, message);
    ImportOptions options;
    options.targets = targets;
    options.valueColumns = values;
    for (const QString &column : ignored)
        options.overrides[column].ignore = true;
    const Result<ImportedDataset> imported = import("a,y\n1,0\n2,1\n", options);
    QVERIFY(!imported.ok());
    QVERIFY2(errorOf(imported).contains(message), qPrintable(errorOf(imported)));
}

void tst_CsvImporter::manyDistinctCategoriesAreSortedWithTheirCodes()
{
    // 20 000 distinct ids in scrambled order: sorting them must keep every row's code right.
    QByteArray csv = "uid,x\n";
    std::vector<int> ids(20000);
    for (int i = 0; i < 20000; ++i)
        ids[std::size_t(i)] = (i * 7919) % 20000;
    for (int id : ids)
        csv += "u" + QByteArray::number(id).rightJustified(5, '0') + "," + QByteArray::number(id) + "\n";
    const Result<ImportedDataset> imported = import(csv, {});
    QVERIFY2(imported.ok(), qPrintable(errorOf(imported)));
    const DatasetColumn &uid = *imported->dataset.column(QStringLiteral("uid"));
    QCOMPARE(uid.categories.size(), 20000);
    QCOMPARE(uid.categories.first(), QStringLiteral("u00000"));
    QCOMPARE(uid.categories.last(), QStringLiteral("u19999"));
    for (std::size_t r = 0; r < ids.size(); r += 997)
        QCOMPARE(uid.values[r], double(ids[r])); // "u00042" sorts to position 42
}

void tst_CsvImporter::numberTooLargeForADoubleIsRefused()
{
    const Result<ImportedDataset> imported = import("x,y\n1.5,0\n1e400,1\n2.5,0\n", {});
    QVERIFY(!imported.ok());
    QVERIFY2(errorOf(imported).contains(QStringLiteral("line 3, column 'x': '1e400' is not a finite number")),
             qPrintable(errorOf(imported)));
}

void tst_CsvImporter::decimalCommaIsReadInSemicolonFiles()
{
    const Result<ImportedDataset> imported = import("price;city\n1,5;Lyon\n-2,25;Gent\n3;Turin\n", {});
    QVERIFY2(imported.ok(), qPrintable(errorOf(imported)));
    const DatasetColumn &price = *imported->dataset.column(QStringLiteral("price"));
    QCOMPARE(price.type, ColumnType::Numeric);
    COMPARE_VALUES(price.values, (QList<double>{1.5, -2.25, 3}));
    // With ',' as the separator the comma cannot be a decimal mark: quoted "1,5" stays text.
    const Result<ImportedDataset> commaFile = import("price,city\n\"1,5\",Lyon\n\"2,5\",Gent\n", {});
    QVERIFY(commaFile.ok());
    QCOMPARE(commaFile->dataset.column(QStringLiteral("price"))->type, ColumnType::Categorical);
}

void tst_CsvImporter::longCellsAreShortenedInMessages()
{
    ImportOptions options;
    options.overrides[QStringLiteral("x")].type = ColumnType::Numeric;
    const QString longText(100, QLatin1Char('w'));
    const Result<ImportedDataset> imported = import(columnCsv({longText}), options);
    QVERIFY(!imported.ok());
    QVERIFY2(imported.error().contains(QStringLiteral("'") + QString(40, QLatin1Char('w')) + QStringLiteral("…'")),
             qPrintable(imported.error()));
    QVERIFY(!imported.error().contains(QString(41, QLatin1Char('w'))));
}

// ---------------------------------------------------------------------------------------------
// Missing values

namespace {
// Row 1 complete; row 2 misses a and c; row 3 misses a and b; row 4 complete.
const QByteArray kGaps = "a,b,c\n1,x,true\n,y,\nNA,,false\n3,z,true\n";
} // namespace

void tst_CsvImporter::keepPolicyKeepsMissingValues()
{
    const Result<ImportedDataset> imported = import(kGaps);
    QVERIFY2(imported.ok(), qPrintable(errorOf(imported)));
    const Dataset &d = imported->dataset;
    QCOMPARE(d.rowCount(), 4);
    QCOMPARE(imported->droppedRows, 0);
    COMPARE_VALUES(d.column(QStringLiteral("a"))->values, (QList<double>{1, NaN, NaN, 3}));
    COMPARE_VALUES(d.column(QStringLiteral("b"))->values, (QList<double>{0, 1, NaN, 2}));
    COMPARE_VALUES(d.column(QStringLiteral("c"))->values, (QList<double>{1, NaN, 0, 1}));
    for (const DatasetColumn &column : d.columns)
        QCOMPARE(column.missingPolicy, MissingPolicy::Keep);
    const std::vector<ColumnSchema> schema = schemaOf(d);
    QCOMPARE(schema[0].missingCount, 2);
    QCOMPARE(schema[1].missingCount, 1);
    QCOMPARE(schema[2].missingCount, 1);
}

void tst_CsvImporter::dropRowRemovesRowsAndCountsThem()
{
    ImportOptions options;
    options.defaultMissingPolicy = MissingPolicy::DropRow;
    const Result<ImportedDataset> imported = import(kGaps, options);
    QVERIFY2(imported.ok(), qPrintable(errorOf(imported)));
    const Dataset &d = imported->dataset;
    QCOMPARE(d.rowCount(), 2);
    QCOMPARE(imported->droppedRows, 2);
    // The kept rows stay aligned across the columns.
    COMPARE_VALUES(d.column(QStringLiteral("a"))->values, (QList<double>{1, 3}));
    COMPARE_VALUES(d.column(QStringLiteral("b"))->values, (QList<double>{0, 2}));
    QCOMPARE(d.column(QStringLiteral("b"))->categories, (QStringList{"x", "y", "z"}));
    COMPARE_VALUES(d.column(QStringLiteral("c"))->values, (QList<double>{1, 1}));
    for (const DatasetColumn &column : d.columns)
        QCOMPARE(column.missingPolicy, MissingPolicy::DropRow);
}

void tst_CsvImporter::dropRowForOneColumnOnly()
{
    ImportOptions options;
    options.overrides[QStringLiteral("b")].missingPolicy = MissingPolicy::DropRow;
    const Result<ImportedDataset> imported = import(kGaps, options);
    QVERIFY2(imported.ok(), qPrintable(errorOf(imported)));
    const Dataset &d = imported->dataset;
    QCOMPARE(d.rowCount(), 3);
    QCOMPARE(imported->droppedRows, 1);
    COMPARE_VALUES(d.column(QStringLiteral("a"))->values, (QList<double>{1, NaN, 3}));
    COMPARE_VALUES(d.column(QStringLiteral("c"))->values, (QList<double>{1, NaN, 1}));
    QCOMPARE(d.column(QStringLiteral("a"))->missingPolicy, MissingPolicy::Keep);
    QCOMPARE(d.column(QStringLiteral("b"))->missingPolicy, MissingPolicy::DropRow);
}

void tst_CsvImporter::imputePoliciesAreRecordedNotApplied_data()
{
    QTest::addColumn<MissingPolicy>("policy");
    QTest::newRow("impute_mean") << MissingPolicy::ImputeMean;
    QTest::newRow("impute_median") << MissingPolicy::ImputeMedian;
    QTest::newRow("impute_mode") << MissingPolicy::ImputeMode;
    QTest::newRow("indicator") << MissingPolicy::Indicator;
}

void tst_CsvImporter::imputePoliciesAreRecordedNotApplied()
{
    // Imputation is fitted on the training split later; the stored data keeps the gaps.
    QFETCH(MissingPolicy, policy);
    ImportOptions options;
    options.defaultMissingPolicy = policy;
    const Result<ImportedDataset> imported = import(kGaps, options);
    QVERIFY2(imported.ok(), qPrintable(errorOf(imported)));
    QCOMPARE(imported->dataset.rowCount(), 4);
    QCOMPARE(imported->droppedRows, 0);
    COMPARE_VALUES(imported->dataset.column(QStringLiteral("a"))->values, (QList<double>{1, NaN, NaN, 3}));
    for (const DatasetColumn &column : imported->dataset.columns)
        QCOMPARE(toKey(column.missingPolicy), toKey(policy));
    QCOMPARE(imported->options.value(QStringLiteral("missing_policy")).toString(), toKey(policy));
}

void tst_CsvImporter::targetWithMissingValueIsRefusedUnlessDropRow_data()
{
    QTest::addColumn<MissingPolicy>("policy");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("keep") << MissingPolicy::Keep << false;
    QTest::newRow("impute_mean") << MissingPolicy::ImputeMean << false;
    QTest::newRow("impute_mode") << MissingPolicy::ImputeMode << false;
    QTest::newRow("indicator") << MissingPolicy::Indicator << false;
    QTest::newRow("drop_row") << MissingPolicy::DropRow << true;
}

void tst_CsvImporter::targetWithMissingValueIsRefusedUnlessDropRow()
{
    QFETCH(MissingPolicy, policy);
    QFETCH(bool, accepted);
    ImportOptions options;
    options.targets = {QStringLiteral("y")};
    options.overrides[QStringLiteral("y")].missingPolicy = policy;
    const Result<ImportedDataset> imported = import("a,y\n1,0\n2,NaN\n3,1\n4,\n", options);
    if (!accepted) {
        QVERIFY(!imported.ok());
        QCOMPARE(imported.error(), QStringLiteral("target column 'y' has a missing value in data row 2; give it a "
                                                  "value, or choose the drop_row policy for it"));
        return;
    }
    QVERIFY2(imported.ok(), qPrintable(errorOf(imported)));
    QCOMPARE(imported->droppedRows, 2);
    COMPARE_VALUES(imported->dataset.column(QStringLiteral("a"))->values, (QList<double>{1, 3}));
    COMPARE_VALUES(imported->dataset.column(QStringLiteral("y"))->values, (QList<double>{0, 1}));
}

void tst_CsvImporter::missingTargetReportsTheRowOfTheFile()
{
    // Row 1 is dropped for its missing 'a'; the target's gap is in data row 3 (line 4) of the file.
    ImportOptions options;
    options.targets = {QStringLiteral("y")};
    options.overrides[QStringLiteral("a")].missingPolicy = MissingPolicy::DropRow;
    const Result<ImportedDataset> imported = import("a,y\n,0\n2,1\n3,\n4,1\n", options);
    QVERIFY(!imported.ok());
    QVERIFY2(imported.error().contains(QStringLiteral("data row 3")), qPrintable(imported.error()));
}

void tst_CsvImporter::everyRowDroppedIsRefused()
{
    ImportOptions options;
    options.defaultMissingPolicy = MissingPolicy::DropRow;
    const Result<ImportedDataset> imported = import("a,b\n1,\n,2\n", options);
    QVERIFY(!imported.ok());
    QCOMPARE(imported.error(), QStringLiteral("every row has a missing value in a column whose policy drops the row"));
}

// ---------------------------------------------------------------------------------------------
// Categories and labels

void tst_CsvImporter::categoriesAreSortedAndCodesConsistent()
{
    // Many distinct words in a scrambled order: the categories come out sorted, and every code
    // still names the word of its row.
    QStringList words;
    QByteArray bytes = "word,n\n";
    std::uint32_t x = 12345;
    for (int i = 0; i < 500; ++i) {
        x = x * 1664525u + 1013904223u;
        const QString word = QStringLiteral("w%1").arg((x >> 8) % 97);
        words << word;
        bytes += word.toUtf8() + ',' + QByteArray::number(i) + '\n';
    }
    const Result<ImportedDataset> imported = import(bytes);
    QVERIFY2(imported.ok(), qPrintable(errorOf(imported)));
    const DatasetColumn *column = imported->dataset.column(QStringLiteral("word"));
    QCOMPARE(column->type, ColumnType::Categorical);
    QStringList sorted = column->categories;
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(column->categories, sorted);
    QCOMPARE(QSet<QString>(column->categories.begin(), column->categories.end()),
             QSet<QString>(words.begin(), words.end()));
    const ColumnSchema schema = schemaOf(imported->dataset).front();
    for (qsizetype i = 0; i < words.size(); ++i)
        QCOMPARE(displayValue(schema, column->values[std::size_t(i)]), words.at(i));
}

void tst_CsvImporter::wholeNumbersReadAsTheyWereWritten()
{
    // A customer id of 100000 was shown as "1e+05" in the Data page's preview and written so by
    // `dataset export`: the shortest round-trip form, not the number as the user wrote it.
    const Result<ImportedDataset> imported =
        import("customer_id\n100000\n-42\n0.25\n123456789012\n9007199254740992\n1e20\n");
    QVERIFY2(imported.ok(), qPrintable(errorOf(imported)));
    const DatasetColumn *column = imported->dataset.column(QStringLiteral("customer_id"));
    const ColumnSchema schema = schemaOf(imported->dataset).front();
    QStringList shown;
    for (double value : column->values)
        shown << displayValue(schema, value);
    // Beyond 2^53 a double holds only some whole numbers, so those keep the exponent form.
    QCOMPARE(shown, (QStringList{QStringLiteral("100000"), QStringLiteral("-42"), QStringLiteral("0.25"),
                                 QStringLiteral("123456789012"), QStringLiteral("9007199254740992"),
                                 QStringLiteral("1e+20")}));
}

void tst_CsvImporter::idsAboveTwoToThe53KeepEveryDigit()
{
    // A double holds only every other whole number past 2^53: 9007199254740993 was read, stored,
    // shown and exported as 9007199254740992. The exact integers follow the rows the policy keeps.
    ImportOptions options;
    options.overrides[QStringLiteral("order_id")].ignore = true;
    options.overrides[QStringLiteral("x")].missingPolicy = MissingPolicy::DropRow;
    const Result<ImportedDataset> imported = import("order_id,x\n7,1\n9007199254740993,2\n5,\nNA,3\n"
                                                    "-9223372036854775807,4\n9223372036854775807,5\n",
                                                    options);
    QVERIFY2(imported.ok(), qPrintable(errorOf(imported)));
    const DatasetColumn *column = imported->dataset.column(QStringLiteral("order_id"));
    QCOMPARE(column->values.size(), std::size_t(5)); // the row without an x is dropped
    QCOMPARE(column->values[1], 9007199254740992.0); // the nearest double, for statistics
    QVERIFY(isMissing(column->values[2]));
    QStringList shown;
    for (std::size_t r = 0; r < column->values.size(); ++r)
        shown << displayExactInteger(column->values[r], column->exactIntegers[r]);
    QCOMPARE(shown, (QStringList{QStringLiteral("7"), QStringLiteral("9007199254740993"), QString(),
                                 QStringLiteral("-9223372036854775807"), QStringLiteral("9223372036854775807")}));
    QVERIFY(imported->dataset.column(QStringLiteral("x"))->exactIntegers.empty()); // its doubles are exact
}

void tst_CsvImporter::aColumnWithAFractionKeepsNoExactIntegers_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::newRow("fraction before the large id") << QByteArray("v\n0.5\n9007199254740993\n");
    QTest::newRow("fraction after the large id") << QByteArray("v\n9007199254740993\n0.5\n");
    QTest::newRow("ids a double holds exactly") << QByteArray("v\n9007199254740992\n123456789012\n");
}

void tst_CsvImporter::aColumnWithAFractionKeepsNoExactIntegers()
{
    QFETCH(QByteArray, csv);
    const Result<ImportedDataset> imported = import(csv);
    QVERIFY2(imported.ok(), qPrintable(errorOf(imported)));
    QCOMPARE(imported->dataset.columns.front().type, ColumnType::Numeric);
    QVERIFY(imported->dataset.columns.front().exactIntegers.empty());
}

void tst_CsvImporter::anIdBeyondSixtyFourBitsIsRefusedWithItsLineAndColumn_data()
{
    QTest::addColumn<QByteArray>("cell");
    QTest::newRow("2^63") << QByteArray("9223372036854775808");
    QTest::newRow("twenty digits") << QByteArray("99999999999999999999");
    QTest::newRow("-2^63, the store's missing value") << QByteArray("-9223372036854775808");
}

void tst_CsvImporter::anIdBeyondSixtyFourBitsIsRefusedWithItsLineAndColumn()
{
    QFETCH(QByteArray, cell);
    ImportOptions options;
    options.overrides[QStringLiteral("order_id")].ignore = true;
    const Result<ImportedDataset> imported = import("x,order_id\n1,2\n3,4\n5," + cell + "\n", options);
    QVERIFY(!imported.ok());
    QCOMPARE(imported.error(), QStringLiteral("line 4, column 'order_id': '%1' does not fit a 64-bit integer id (from "
                                              "-9223372036854775807 to 9223372036854775807)")
                                   .arg(QString::fromLatin1(cell)));
    // Not an id: the same number is read as the nearest double, as any other measurement.
    QVERIFY(import("x,v\n1,2\n5," + cell + "\n").ok());
}

void tst_CsvImporter::targetsAndValueColumnsGetTheirRoles()
{
    ImportOptions options;
    options.targets = {QStringLiteral("clicked"), QStringLiteral("quality")};
    options.valueColumns = {QStringLiteral("revenue"), QStringLiteral("promoted")};
    const Result<ImportedDataset> imported =
        import("topic,clicked,quality,revenue,promoted\nnews,1,good,0.5,true\nsport,0,bad,1.25,false\n", options);
    QVERIFY2(imported.ok(), qPrintable(errorOf(imported)));
    const Dataset &d = imported->dataset;
    QCOMPARE(d.namesWithRole(ColumnRole::Target), (QStringList{"clicked", "quality"}));
    QCOMPARE(d.namesWithRole(ColumnRole::Value), (QStringList{"revenue", "promoted"}));
    QCOMPARE(d.namesWithRole(ColumnRole::Feature), QStringList{"topic"});
    COMPARE_VALUES(d.column(QStringLiteral("revenue"))->values, (QList<double>{0.5, 1.25}));
    QCOMPARE(d.column(QStringLiteral("quality"))->categories, (QStringList{"bad", "good"}));
    COMPARE_VALUES(d.column(QStringLiteral("quality"))->values, (QList<double>{1, 0}));
}

void tst_CsvImporter::valueColumnMustBeNumeric()
{
    ImportOptions options;
    options.valueColumns = {QStringLiteral("topic")};
    Result<ImportedDataset> imported = import("topic,v\nnews,1\n", options);
    QVERIFY(!imported.ok());
    QCOMPARE(imported.error(), QStringLiteral("value column 'topic' must be numeric, but it holds categorical values"));

    options.valueColumns = {QStringLiteral("revenu")};
    imported = import("topic,revenue\nnews,1\n", options);
    QVERIFY(!imported.ok());
    QCOMPARE(imported.error(),
             QStringLiteral("value column 'revenu' is not in the file; its columns are: topic, revenue"));
}

void tst_CsvImporter::positiveClassBecomesIndexOne_data()
{
    QTest::addColumn<QString>("positive");
    QTest::addColumn<QStringList>("categories");
    QTest::addColumn<QList<double>>("values");
    // File order: churned, stayed, stayed, churned.
    QTest::newRow("first sorted class becomes positive")
        << "churned" << QStringList{"stayed", "churned"} << QList<double>{1, 0, 0, 1};
    QTest::newRow("second sorted class is already positive")
        << "stayed" << QStringList{"churned", "stayed"} << QList<double>{0, 1, 1, 0};
}

void tst_CsvImporter::positiveClassBecomesIndexOne()
{
    QFETCH(QString, positive);
    QFETCH(QStringList, categories);
    QFETCH(QList<double>, values);
    ImportOptions options;
    options.targets = {QStringLiteral("status")};
    options.positiveClass = positive;
    const Result<ImportedDataset> imported = import("a,status\n1,churned\n2,stayed\n3,stayed\n4,churned\n", options);
    QVERIFY2(imported.ok(), qPrintable(errorOf(imported)));
    const DatasetColumn *status = imported->dataset.column(QStringLiteral("status"));
    QCOMPARE(status->categories, categories);
    QCOMPARE(status->categories.at(1), positive);
    COMPARE_VALUES(status->values, values);
    // Each row still reads as what the file says.
    const ColumnSchema schema = schemaOf(imported->dataset).at(1);
    QCOMPARE(displayValue(schema, status->values[0]), QStringLiteral("churned"));
    QCOMPARE(displayValue(schema, status->values[1]), QStringLiteral("stayed"));
}

void tst_CsvImporter::positiveClassErrors_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<QStringList>("targets");
    QTest::addColumn<QString>("positive");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown class") << QByteArray("a,y\n1,cat\n2,dog\n") << QStringList{"y"} << "cow"
                                   << "positive class 'cow' does not occur in 'y'; its classes are: cat, dog";
    QTest::newRow("three classes") << QByteArray("a,y\n1,cat\n2,dog\n3,eel\n") << QStringList{"y"} << "cat"
                                   << "a positive class makes a binary target, but 'y' has 3 classes";
    QTest::newRow("one class") << QByteArray("a,y\n1,cat\n2,cat\n") << QStringList{"y"} << "cat"
                               << "a positive class makes a binary target, but 'y' has 1 classes";
    QTest::newRow("two targets") << QByteArray("a,y,z\n1,cat,dog\n") << QStringList{"y", "z"} << "cat"
                                 << "a positive class needs exactly one target column";
    QTest::newRow("numeric target") << QByteArray("a,y\n1,0.5\n") << QStringList{"y"} << "1"
                                    << "the positive class applies to a target with named classes; 'y' is numeric";
}

void tst_CsvImporter::positiveClassErrors()
{
    QFETCH(QByteArray, csv);
    QFETCH(QStringList, targets);
    QFETCH(QString, positive);
    QFETCH(QString, error);
    ImportOptions options;
    options.targets = targets;
    options.positiveClass = positive;
    const Result<ImportedDataset> imported = import(csv, options);
    QVERIFY(!imported.ok());
    QCOMPARE(imported.error(), error);
}

void tst_CsvImporter::positiveClassOnABooleanTarget_data()
{
    QTest::addColumn<QString>("positive");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QList<double>>("values");
    QTest::newRow("true") << "true" << true << QList<double>{1, 0, 1};
    QTest::newRow("false becomes the positive class") << "false" << true << QList<double>{0, 1, 0};
    QTest::newRow("a class that does not occur") << "banana" << false << QList<double>{};
}

void tst_CsvImporter::positiveClassOnABooleanTarget()
{
    QFETCH(QString, positive);
    QFETCH(bool, accepted);
    QFETCH(QList<double>, values);
    ImportOptions options;
    options.targets = {QStringLiteral("y")};
    options.positiveClass = positive;
    const Result<ImportedDataset> imported = import("a,y\n1,true\n2,false\n3,true\n", options);
    QCOMPARE(imported.ok(), accepted);
    if (!accepted) {
        QVERIFY2(imported.error().contains(positive), qPrintable(imported.error()));
        return;
    }
    // The row whose label is the positive class has the value 1.
    COMPARE_VALUES(imported->dataset.column(QStringLiteral("y"))->values, values);
}

void tst_CsvImporter::bucketEdgesCutANumericTarget()
{
    ImportOptions options;
    options.targets = {QStringLiteral("price")};
    options.bucketEdges = {100, 250.5};
    const Result<ImportedDataset> imported =
        import("rooms,price\n1,50\n2,100\n3,180\n4,250.5\n5,900\n6,99.99\n", options);
    QVERIFY2(imported.ok(), qPrintable(errorOf(imported)));
    const Dataset &d = imported->dataset;
    const DatasetColumn *price = d.column(QStringLiteral("price"));
    QCOMPARE(price->type, ColumnType::Categorical);
    QCOMPARE(price->role, ColumnRole::Target);
    QCOMPARE(price->categories, (QStringList{"< 100", "[100, 250.5)", ">= 250.5"}));
    // An edge belongs to the bucket it opens.
    COMPARE_VALUES(price->values, (QList<double>{0, 1, 1, 2, 2, 0}));
    // The number is kept, out of the features: it is the label in another form.
    const DatasetColumn *raw = d.column(QStringLiteral("price_value"));
    QVERIFY(raw);
    QCOMPARE(raw->role, ColumnRole::Ignored);
    QCOMPARE(raw->type, ColumnType::Numeric);
    COMPARE_VALUES(raw->values, (QList<double>{50, 100, 180, 250.5, 900, 99.99}));
    QCOMPARE(d.namesWithRole(ColumnRole::Feature), QStringList{"rooms"});
    QCOMPARE(d.namesWithRole(ColumnRole::Target), QStringList{"price"});
}

void tst_CsvImporter::bucketEdgeErrors_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<QStringList>("targets");
    QTest::addColumn<QList<double>>("edges");
    QTest::addColumn<QString>("error");
    QTest::newRow("descending") << QByteArray("a,p\n1,5\n") << QStringList{"p"} << QList<double>{10, 5}
                                << "bucket edges must be strictly ascending";
    QTest::newRow("repeated") << QByteArray("a,p\n1,5\n") << QStringList{"p"} << QList<double>{5, 5}
                              << "bucket edges must be strictly ascending";
    QTest::newRow("text target") << QByteArray("a,p\n1,cheap\n") << QStringList{"p"} << QList<double>{5}
                                 << "only a numeric target can be cut into buckets; 'p' is categorical";
    QTest::newRow("two targets") << QByteArray("a,p\n1,5\n") << QStringList{"a", "p"} << QList<double>{5}
                                 << "bucket edges need exactly one target column";
    QTest::newRow("no target") << QByteArray("a,p\n1,5\n") << QStringList{} << QList<double>{5}
                               << "bucket edges need exactly one target column";
}

void tst_CsvImporter::bucketEdgeErrors()
{
    QFETCH(QByteArray, csv);
    QFETCH(QStringList, targets);
    QFETCH(QList<double>, edges);
    QFETCH(QString, error);
    ImportOptions options;
    options.targets = targets;
    options.bucketEdges = edges;
    const Result<ImportedDataset> imported = import(csv, options);
    QVERIFY(!imported.ok());
    QCOMPARE(imported.error(), error);
}

void tst_CsvImporter::multilabelDelimiterMakesOneTargetPerLabel()
{
    ImportOptions options;
    options.targets = {QStringLiteral("tags")};
    options.multilabelDelimiter = QStringLiteral("|");
    const Result<ImportedDataset> imported = import("id,tags\n1,a|b\n2,b\n3,a\n4,c | a\n5,b||c\n", options);
    QVERIFY2(imported.ok(), qPrintable(errorOf(imported)));
    const Dataset &d = imported->dataset;
    QCOMPARE(d.namesWithRole(ColumnRole::Target), (QStringList{"tags:a", "tags:b", "tags:c"}));
    QCOMPARE(d.column(QStringLiteral("tags"))->role, ColumnRole::Ignored);
    COMPARE_VALUES(d.column(QStringLiteral("tags:a"))->values, (QList<double>{1, 0, 1, 1, 0}));
    COMPARE_VALUES(d.column(QStringLiteral("tags:b"))->values, (QList<double>{1, 1, 0, 0, 1}));
    COMPARE_VALUES(d.column(QStringLiteral("tags:c"))->values, (QList<double>{0, 0, 0, 1, 1}));
    for (const QString &name : d.namesWithRole(ColumnRole::Target))
        QCOMPARE(d.column(name)->type, ColumnType::Numeric);
}

void tst_CsvImporter::multilabelOnANumericColumnIsRefused()
{
    ImportOptions options;
    options.targets = {QStringLiteral("tags")};
    options.multilabelDelimiter = QStringLiteral("|");
    Result<ImportedDataset> imported = import("id,tags\n1,3\n2,4\n", options);
    QVERIFY(!imported.ok());
    QCOMPARE(imported.error(),
             QStringLiteral("a multilabel column holds text such as \"news|sport\"; 'tags' is numeric"));
    options.targets = {QStringLiteral("id"), QStringLiteral("tags")};
    imported = import("id,tags\n1,a\n", options);
    QVERIFY(!imported.ok());
    QCOMPARE(imported.error(), QStringLiteral("a multilabel delimiter needs exactly one target column"));
}

// ---------------------------------------------------------------------------------------------
// Bad input

void tst_CsvImporter::badInputIsRefusedWithAClearMessage_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<QStringList>("targets");
    QTest::addColumn<QString>("declaredNumeric");
    QTest::addColumn<QString>("error");

    QTest::newRow("empty file") << QByteArray() << QStringList{} << QString() << "the file is empty";
    QTest::newRow("only a byte order mark")
        << QByteArray("\xEF\xBB\xBF") << QStringList{} << QString() << "the file is empty";
    QTest::newRow("only blank lines") << QByteArray("\n\r\n\n") << QStringList{} << QString() << "the file is empty";
    QTest::newRow("header with no rows") << QByteArray("a,b\n") << QStringList{} << QString()
                                         << "'data.csv' has a header but no rows";
    QTest::newRow("header and blank lines")
        << QByteArray("a,b\r\n\r\n\r\n") << QStringList{} << QString() << "'data.csv' has a header but no rows";
    QTest::newRow("ragged row, too few fields")
        << QByteArray("a,b\n1,2\n3\n4,5\n") << QStringList{} << QString() << "line 3 has 1 field, the header has 2";
    QTest::newRow("ragged row, too many fields") << QByteArray("a,b\n1,2\n3,4\n5,6,7\n") << QStringList{} << QString()
                                                 << "line 4 has 3 fields, the header has 2";
    QTest::newRow("ragged row after a multi-line field")
        << QByteArray("a,b\n\"x\ny\",2\n3\n") << QStringList{} << QString() << "line 4 has 1 field, the header has 2";
    QTest::newRow("ragged row with CRLF") << QByteArray("a,b\r\n1,2\r\n3,4\r\n5\r\n") << QStringList{} << QString()
                                          << "line 4 has 1 field, the header has 2";
    QTest::newRow("invalid UTF-8 byte") << QByteArray("a,b\n1,\xff\n") << QStringList{} << QString()
                                        << "invalid UTF-8 at byte offset 6 (line 2)";
    QTest::newRow("Latin-1 text") << QByteArray("name,n\nJos\xe9,1\n") << QStringList{} << QString()
                                  << "invalid UTF-8 at byte offset 10 (line 2)";
    QTest::newRow("overlong encoding") << QByteArray("a,b\n1,2\n3,\xc0\xaf\n") << QStringList{} << QString()
                                       << "invalid UTF-8 at byte offset 10 (line 3)";
    QTest::newRow("sequence cut at the end")
        << QByteArray("a,b\n1,caf\xc3") << QStringList{} << QString() << "invalid UTF-8 at byte offset 9";
    QTest::newRow("invalid UTF-8 in the header")
        << QByteArray("a,\xfe\n1,2\n") << QStringList{} << QString() << "invalid UTF-8 at byte offset 2 (line 1)";
    QTest::newRow("text in a column declared numeric") << QByteArray("a,b\n1,2\nx,3\n") << QStringList{} << "a"
                                                       << "line 3, column 'a': 'x' is not a number, and the "
                                                          "column is declared numeric";
    QTest::newRow("inf in a numeric column") << QByteArray("a,b\n1,2\ninf,3\n") << QStringList{} << QString()
                                             << "line 3, column 'a': 'inf' is not a finite number";
    QTest::newRow("-Infinity in a numeric column")
        << QByteArray("a,b\n1,2\n3,4\n5,-Infinity\n") << QStringList{} << QString()
        << "line 4, column 'b': '-Infinity' is not a finite number";
    QTest::newRow("inf in a column declared numeric") << QByteArray("a,b\n1,2\nINF,3\n") << QStringList{} << "a"
                                                      << "line 3, column 'a': 'INF' is not a finite number";
    QTest::newRow("inf in a numeric target") << QByteArray("a,y\n1,0\n2,inf\n") << QStringList{"y"} << QString()
                                             << "line 3, column 'y': 'inf' is not a finite number";
    QTest::newRow("NaN in the target") << QByteArray("a,y\n1,0\n2,NaN\n3,1\n") << QStringList{"y"} << QString()
                                       << "target column 'y' has a missing value in data row 2";
    QTest::newRow("empty target cell") << QByteArray("a,y\n1,\n") << QStringList{"y"} << QString()
                                       << "target column 'y' has a missing value in data row 1";
    QTest::newRow("missing target column")
        << QByteArray("age,city,income\n30,Oslo,5\n") << QStringList{"label"} << QString()
        << "target column 'label' is not in the file; its columns are: age, "
           "city, income";
    QTest::newRow("one of two targets missing") << QByteArray("a,y\n1,0\n") << QStringList{"y", "z"} << QString()
                                                << "target column 'z' is not in the file; its columns are: a, y";
    QTest::newRow("duplicate column names") << QByteArray("a,b,a\n1,2,3\n") << QStringList{} << QString()
                                            << "column name 'a' appears twice in the header (columns 1 and 3)";
    QTest::newRow("duplicate after trimming") << QByteArray("a, a\n1,2\n") << QStringList{} << QString()
                                              << "column name 'a' appears twice in the header (columns 1 and 2)";
    QTest::newRow("empty column name") << QByteArray("a,,c\n1,2,3\n") << QStringList{} << QString()
                                       << "column 2 of the header has no name";
    QTest::newRow("blank column name") << QByteArray("a, \n1,2\n") << QStringList{} << QString()
                                       << "column 2 of the header has no name";
    QTest::newRow("unterminated quote") << QByteArray("a,b\n1,\"open\n2,3\n") << QStringList{} << QString()
                                        << "unterminated quoted field starting at line 2";
}

void tst_CsvImporter::badInputIsRefusedWithAClearMessage()
{
    QFETCH(QByteArray, csv);
    QFETCH(QStringList, targets);
    QFETCH(QString, declaredNumeric);
    QFETCH(QString, error);
    ImportOptions options;
    options.targets = targets;
    if (!declaredNumeric.isEmpty())
        options.overrides[declaredNumeric].type = ColumnType::Numeric;
    const Result<ImportedDataset> imported = import(csv, options);
    QVERIFY2(!imported.ok(), "bad input is refused");
    QVERIFY2(imported.error().contains(error), qPrintable(imported.error()));
    QVERIFY2(!imported.error().contains(QLatin1Char('\n')), "the message is one line");
}

void tst_CsvImporter::nonexistentPathIsRefused()
{
    const QString path = m_dir->filePath(QStringLiteral("missing.csv"));
    const Result<ImportedDataset> imported = importCsv(path, {});
    QVERIFY(!imported.ok());
    QCOMPARE(imported.error(), QStringLiteral("'%1' does not exist").arg(path));
}

void tst_CsvImporter::directoryIsRefused()
{
    const Result<ImportedDataset> imported = importCsv(m_dir->path(), {});
    QVERIFY(!imported.ok());
    QCOMPARE(imported.error(), QStringLiteral("'%1' is a folder, not a file").arg(m_dir->path()));
}

void tst_CsvImporter::unreadableFileIsRefused()
{
    const QString path = write("a,b\n1,2\n");
    QVERIFY(QFile::setPermissions(path, QFileDevice::Permissions()));
    QFile probe(path);
    if (probe.open(QIODevice::ReadOnly))
        QSKIP("this user can read a file without read permission (root)");
    const Result<ImportedDataset> imported = importCsv(path, {});
    QVERIFY(!imported.ok());
    QVERIFY2(imported.error().startsWith(QStringLiteral("cannot read 'data.csv': ")), qPrintable(imported.error()));
}

void tst_CsvImporter::fileChangedBetweenThePassesIsRefused_data()
{
    QTest::addColumn<QByteArray>("replacement");
    // The text column makes a second pass necessary. The replacements are no longer than the
    // original, so the first pass, which has read the whole file, still sees the original.
    QTest::newRow("same size, other text") << QByteArray("id,topic\n1,news\n2,golf\n3,news\n");
    QTest::newRow("rows removed") << QByteArray("id,topic\n1,news\n");
}

void tst_CsvImporter::fileChangedBetweenThePassesIsRefused()
{
    QFETCH(QByteArray, replacement);
    const QString path = write("id,topic\n1,news\n2,food\n3,news\n");
    const Result<ImportedDataset> imported =
        importWhile(path, 0.6, [&] { QVERIFY(mbtest::writeFile(path, replacement)); });
    QVERIFY2(!imported.ok(), "a file that changed between the passes is refused");
    QCOMPARE(imported.error(),
             QStringLiteral("'data.csv' changed while it was being read; import it again once it is complete"));
}

void tst_CsvImporter::fileDeletedBetweenThePassesIsRefused()
{
    const QString path = write("id,topic\n1,news\n2,food\n");
    const Result<ImportedDataset> imported = importWhile(path, 0.6, [&] { QVERIFY(QFile::remove(path)); });
    QVERIFY(!imported.ok());
    QCOMPARE(imported.error(), QStringLiteral("'data.csv' was deleted or moved while it was being read"));
}

void tst_CsvImporter::fileRewrittenDuringTheSecondPassIsRefused()
{
    // The same layout with other letters, written while the second pass is a chunk into the file.
    const QString path = write(largeTextCsv('a'));
    const Result<ImportedDataset> imported = importWhile(
        path, 0.6, [&] { QVERIFY(mbtest::writeFile(path, largeTextCsv('k'))); }, true);
    QVERIFY(!imported.ok());
    QCOMPARE(imported.error(),
             QStringLiteral("'data.csv' changed while it was being read; import it again once it is complete"));
}

void tst_CsvImporter::fileTruncatedDuringTheSecondPassIsRefused()
{
    // Cut while the second pass is a chunk into the file, in the middle of a record: the user
    // should read that the file changed, not a complaint about one of its lines.
    const QString path = write(largeTextCsv());
    const Result<ImportedDataset> imported = importWhile(
        path, 0.6, [&] { QVERIFY(mbtest::writeFile(path, "id,cat\n0000000,ca\n")); }, true);
    QVERIFY(!imported.ok());
    QVERIFY2(imported.error().contains(QStringLiteral("changed while it was being read")),
             qPrintable(imported.error()));
}

void tst_CsvImporter::fileDeletedDuringTheSecondPassGivesTheWholeFileOrAnError()
{
    // On POSIX an open file outlives its name: the import either reads every byte it had opened,
    // or says the file went away. It never returns a partial dataset.
    const QByteArray bytes = largeTextCsv();
    const QString path = write(bytes);
    const Result<ImportedDataset> imported = importWhile(
        path, 0.6, [&] { QVERIFY(QFile::remove(path)); }, true);
    QVERIFY(!QFile::exists(path));
    if (!imported.ok()) {
        QVERIFY2(imported.error().contains(QStringLiteral("deleted")), qPrintable(imported.error()));
        return;
    }
    QCOMPARE(imported->dataset.rowCount(), 290000);
    QCOMPARE(imported->fileSha256,
             QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
    const DatasetColumn *cat = imported->dataset.column(QStringLiteral("cat"));
    QCOMPARE(cat->categories.size(), 7);
    for (std::size_t r = 0; r < cat->values.size(); ++r)
        if (cat->values[r] != double(r % 7))
            QFAIL(qPrintable(QStringLiteral("row %1 has category %2").arg(r).arg(cat->values[r])));
}

// ---------------------------------------------------------------------------------------------
// Identity, progress, cancellation

void tst_CsvImporter::sameBytesAndOptionsGiveTheSameVersion()
{
    const QByteArray bytes = "a,b,label\n1,x,yes\n2,y,no\n";
    ImportOptions options;
    options.targets = {QStringLiteral("label")};
    const Result<ImportedDataset> first = importCsv(write(bytes, QStringLiteral("one.csv")), options);
    const Result<ImportedDataset> second = importCsv(write(bytes, QStringLiteral("copy of one.csv")), options);
    QVERIFY2(first.ok() && second.ok(), qPrintable(errorOf(first) + errorOf(second)));
    QCOMPARE(first->versionSha256.size(), 64);
    QCOMPARE(first->versionSha256, second->versionSha256);
    QCOMPARE(first->fileSha256, second->fileSha256);
    QCOMPARE(first->fileSha256,
             QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
    QVERIFY(first->versionSha256 != first->fileSha256);
    QCOMPARE(first->versionSha256, versionIdentity(first->fileSha256, options.toJson()));
}

// Found by a user: a .csv.gz was refused with "invalid UTF-8 at byte offset 1".
void tst_CsvImporter::gzipCsvIsTheSameVersionAsThePlainFile()
{
    QByteArray bytes = "a,b,label\n";
    for (int i = 0; i < 20000; ++i) // more than one read chunk, compressed and not
        bytes += QByteArray::number(i) + ',' + (i % 3 ? "x" : "y") + ',' + (i % 2 ? "yes" : "no") + '\n';
    ImportOptions options;
    options.targets = {QStringLiteral("label")};
    const Result<ImportedDataset> plain = importCsv(write(bytes, QStringLiteral("plain.csv")), options);
    double lastProgress = 0;
    const Result<ImportedDataset> compressed =
        importCsv(write(mbtest::gzip(bytes), QStringLiteral("plain.csv.gz")), options, nullptr,
                  [&lastProgress](double fraction) { lastProgress = std::max(lastProgress, fraction); });
    QVERIFY2(plain.ok() && compressed.ok(), qPrintable(errorOf(plain) + errorOf(compressed)));
    QCOMPARE(compressed->dataset.rowCount(), 20000);
    QCOMPARE(compressed->dataset.columns.at(0).values, plain->dataset.columns.at(0).values);
    QCOMPARE(compressed->dataset.columns.at(2).categories, plain->dataset.columns.at(2).categories);
    // The same table: one dataset version, whichever file it came in.
    QCOMPARE(compressed->versionSha256, plain->versionSha256);
    QVERIFY(lastProgress <= 1.0);
    // Concatenated members (`cat a.gz b.gz`) are one stream, as gzip reads them.
    const qsizetype half = bytes.indexOf('\n', bytes.size() / 2) + 1;
    const Result<ImportedDataset> members = importCsv(
        write(mbtest::gzip(bytes.left(half)) + mbtest::gzip(bytes.mid(half)), QStringLiteral("two.csv.gz")), options);
    QVERIFY2(members.ok(), qPrintable(errorOf(members)));
    QCOMPARE(members->versionSha256, plain->versionSha256);
}

void tst_CsvImporter::damagedGzipCsvIsRefusedNamingTheProblem_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("error");
    QByteArray bytes = "a,label\n";
    for (int i = 0; i < 5000; ++i)
        bytes += QByteArray::number(i * 7919 % 10007) + ',' + (i % 2 ? "yes" : "no") + '\n';
    const QByteArray good = mbtest::gzip(bytes);
    QTest::newRow("truncated") << good.left(good.size() / 2) << QStringLiteral("truncated gzip stream");
    QByteArray flipped = good;
    flipped[flipped.size() / 2] = char(flipped[flipped.size() / 2] ^ 0x55);
    QTest::newRow("a flipped byte") << flipped << QStringLiteral("corrupt gzip stream");
    QTest::newRow("garbage after the end") << good + "trailing" << QStringLiteral("unexpected bytes after the end");
}

void tst_CsvImporter::damagedGzipCsvIsRefusedNamingTheProblem()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, error);
    ImportOptions options;
    options.targets = {QStringLiteral("label")};
    const Result<ImportedDataset> imported = importCsv(write(file, QStringLiteral("damaged.csv.gz")), options);
    QVERIFY(!imported.ok());
    QVERIFY2(imported.error().contains(error), qPrintable(imported.error()));
}

void tst_CsvImporter::differentOptionsGiveADifferentVersion_data()
{
    QTest::addColumn<QString>("change");
    for (const char *change :
         {"target", "value column", "separator", "positive class", "bucket edges", "missing policy", "column type",
          "column missing policy", "ignored column", "multilabel delimiter"})
        QTest::newRow(change) << QString::fromLatin1(change);
}

void tst_CsvImporter::differentOptionsGiveADifferentVersion()
{
    QFETCH(QString, change);
    const QString path = write("a,b,label,tags\n1,2,yes,p|q\n2,3,no,q\n3,4,no,p\n");
    ImportOptions base;
    base.targets = {QStringLiteral("label")};
    ImportOptions changed = base;
    if (change == QLatin1String("target")) {
        changed.targets = {QStringLiteral("a")};
    } else if (change == QLatin1String("value column")) {
        changed.valueColumns = {QStringLiteral("b")};
    } else if (change == QLatin1String("separator")) {
        changed.separator = ',';
    } else if (change == QLatin1String("positive class")) {
        changed.positiveClass = QStringLiteral("yes");
    } else if (change == QLatin1String("bucket edges")) {
        changed.targets = {QStringLiteral("a")};
        base.targets = {QStringLiteral("a")};
        changed.bucketEdges = {2};
    } else if (change == QLatin1String("missing policy")) {
        changed.defaultMissingPolicy = MissingPolicy::ImputeMedian;
    } else if (change == QLatin1String("column type")) {
        changed.overrides[QStringLiteral("a")].type = ColumnType::Categorical;
    } else if (change == QLatin1String("column missing policy")) {
        changed.overrides[QStringLiteral("a")].missingPolicy = MissingPolicy::Indicator;
    } else if (change == QLatin1String("ignored column")) {
        changed.overrides[QStringLiteral("b")].ignore = true;
    } else if (change == QLatin1String("multilabel delimiter")) {
        base.targets = {QStringLiteral("tags")};
        changed.targets = {QStringLiteral("tags")};
        changed.multilabelDelimiter = QStringLiteral("|");
    }
    const Result<ImportedDataset> one = importCsv(path, base);
    const Result<ImportedDataset> other = importCsv(path, changed);
    QVERIFY2(one.ok() && other.ok(), qPrintable(errorOf(one) + QLatin1Char(' ') + errorOf(other)));
    QCOMPARE(one->fileSha256, other->fileSha256);
    QVERIFY2(one->versionSha256 != other->versionSha256, "other options make another version");
    QVERIFY(one->options != other->options);
}

void tst_CsvImporter::differentBytesGiveADifferentVersion_data()
{
    QTest::addColumn<QByteArray>("other");
    QTest::newRow("one value changed") << QByteArray("a,b\n1,x\n3,y\n");
    QTest::newRow("a row added") << QByteArray("a,b\n1,x\n2,y\n3,z\n");
    QTest::newRow("CRLF line ends") << QByteArray("a,b\r\n1,x\r\n2,y\r\n");
    QTest::newRow("no final line end") << QByteArray("a,b\n1,x\n2,y");
    QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBF"
                                                   "a,b\n1,x\n2,y\n");
}

void tst_CsvImporter::differentBytesGiveADifferentVersion()
{
    QFETCH(QByteArray, other);
    const Result<ImportedDataset> one = importCsv(write("a,b\n1,x\n2,y\n", QStringLiteral("one.csv")), {});
    const Result<ImportedDataset> two = importCsv(write(other, QStringLiteral("two.csv")), {});
    QVERIFY2(one.ok() && two.ok(), qPrintable(errorOf(one) + errorOf(two)));
    QVERIFY(one->fileSha256 != two->fileSha256);
    QVERIFY(one->versionSha256 != two->versionSha256);
}

void tst_CsvImporter::sourceIsDescribed()
{
    const QByteArray bytes = "a;b\n1;x\n2;y\n";
    const Result<ImportedDataset> imported = importCsv(write(bytes, QStringLiteral("sales 2025.csv")), {});
    QVERIFY2(imported.ok(), qPrintable(errorOf(imported)));
    QCOMPARE(imported->sourceName, QStringLiteral("sales 2025.csv"));
    QCOMPARE(imported->sourceSize, bytes.size());
    QCOMPARE(imported->droppedRows, 0);
    QCOMPARE(imported->dataset.columnNames(), (QStringList{"a", "b"}));
    QCOMPARE(imported->options, ImportOptions{}.toJson());
}

void tst_CsvImporter::progressRisesToOne_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::newRow("numbers only, one pass") << QByteArray("a,b\n1,2\n3,4\n");
    QTest::newRow("text, two passes") << QByteArray("a,b\n1,x\n3,y\n");
    QTest::newRow("large, two passes") << largeTextCsv();
}

void tst_CsvImporter::progressRisesToOne()
{
    QFETCH(QByteArray, csv);
    QList<double> fractions;
    const Result<ImportedDataset> imported =
        importCsv(write(csv), {}, nullptr, [&](double fraction) { fractions << fraction; });
    QVERIFY2(imported.ok(), qPrintable(errorOf(imported)));
    QVERIFY(!fractions.isEmpty());
    for (qsizetype i = 1; i < fractions.size(); ++i)
        QVERIFY2(fractions.at(i) >= fractions.at(i - 1), "progress never goes back");
    QVERIFY(fractions.first() >= 0);
    QCOMPARE(fractions.last(), 1.0);
}

void tst_CsvImporter::cancelThroughTheFlag_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<double>("cancelAt"); // -1: before the import starts
    QTest::newRow("before the import") << QByteArray("a,b\n1,2\n") << -1.0;
    QTest::newRow("during the first pass") << largeTextCsv() << 0.0;
    QTest::newRow("at the end of the first pass") << QByteArray("a,b\n1,x\n") << 0.6;
    QTest::newRow("during the second pass") << largeTextCsv() << 0.61;
}

void tst_CsvImporter::cancelThroughTheFlag()
{
    QFETCH(QByteArray, csv);
    QFETCH(double, cancelAt);
    std::atomic<bool> cancel{cancelAt < 0};
    const Result<ImportedDataset> imported = importCsv(write(csv), {}, &cancel, [&](double fraction) {
        if (cancelAt >= 0 && fraction >= cancelAt)
            cancel = true;
    });
    QVERIFY2(!imported.ok(), "a cancelled import returns no dataset");
    QVERIFY2(imported.error().contains(QStringLiteral("cancelled")), qPrintable(imported.error()));
}

// ---------------------------------------------------------------------------------------------
// A separate test file

void tst_CsvImporter::testFileRowsFollowTheFilesWithOneClassList()
{
    // "bird" occurs only in the test file, "cat" only in the training file: one sorted class list
    // over both, and each row keeps its own class.
    const QString train = write("x,animal\n1,dog\n2,cat\n3,dog\n", QStringLiteral("train.csv"));
    const QString test = write(mbtest::gzip("animal,x\nbird,10\ndog,20\n"), QStringLiteral("test.csv.gz"));
    ImportOptions options;
    options.targets = {QStringLiteral("animal")};
    const Result<ImportedDataset> imported = importCsvWithTestFile(train, test, options);
    QVERIFY2(imported.ok(), qPrintable(errorOf(imported)));
    QCOMPARE(imported->testFileRows, 2);
    const Dataset &dataset = imported->dataset;
    QCOMPARE(dataset.columnNames(), (QStringList{"x", "animal"}));
    COMPARE_VALUES(dataset.column("x")->values, (QList<double>{1, 2, 3, 10, 20}));
    const DatasetColumn *animal = dataset.column("animal");
    QCOMPARE(animal->role, ColumnRole::Target);
    QCOMPARE(animal->categories, (QStringList{"bird", "cat", "dog"}));
    COMPARE_VALUES(animal->values, (QList<double>{2, 1, 2, 0, 2}));
}

void tst_CsvImporter::testFileIdentityCoversBothFilesNotTheirNames()
{
    const QByteArray trainBytes = "x,y\n1,a\n2,b\n";
    const QByteArray testBytes = "x,y\n3,a\n";
    const auto identity = [&](const QByteArray &train, const QByteArray &test, const QString &testName) {
        const Result<ImportedDataset> imported =
            importCsvWithTestFile(write(train, QStringLiteral("train.csv")), write(test, testName), ImportOptions{});
        return imported.ok() ? imported->versionSha256 : imported.error();
    };
    const QString pair = identity(trainBytes, testBytes, QStringLiteral("test.csv"));
    QCOMPARE(identity(trainBytes, testBytes, QStringLiteral("test.csv")), pair);
    QCOMPARE(identity(trainBytes, testBytes, QStringLiteral("renamed.csv")), pair);
    QCOMPARE(identity(trainBytes, mbtest::gzip(testBytes), QStringLiteral("test.csv.gz")), pair);
    QVERIFY(identity(trainBytes, "x,y\n4,a\n", QStringLiteral("test.csv")) != pair);
    QVERIFY(identity(testBytes, trainBytes, QStringLiteral("test.csv")) != pair);
    // Not the training file alone either.
    const Result<ImportedDataset> alone = importCsv(write(trainBytes, QStringLiteral("train.csv")), {});
    QVERIFY(alone.ok() && alone->versionSha256 != pair);
}

void tst_CsvImporter::testFileRecordSaysWhereTheRowsCameFrom()
{
    const QByteArray trainBytes = "x,y\n1,a\n2,b\n";
    const QByteArray testBytes = "x,y\n3,a\n";
    const Result<ImportedDataset> imported = importCsvWithTestFile(write(trainBytes, QStringLiteral("train.csv")),
                                                                   write(testBytes, QStringLiteral("test.csv")), {});
    QVERIFY2(imported.ok(), qPrintable(errorOf(imported)));
    QCOMPARE(imported->sourceName, QStringLiteral("train.csv + test.csv"));
    QCOMPARE(imported->sourceSize, trainBytes.size() + testBytes.size());
    const QJsonObject test = imported->options.value(QStringLiteral("test_file")).toObject();
    QCOMPARE(test.value(QStringLiteral("name")).toString(), QStringLiteral("test.csv"));
    QCOMPARE(test.value(QStringLiteral("bytes")).toInteger(), testBytes.size());
    QCOMPARE(test.value(QStringLiteral("sha256")).toString(),
             QString::fromLatin1(QCryptographicHash::hash(testBytes, QCryptographicHash::Sha256).toHex()));
    QCOMPARE(imported->options.value(QStringLiteral("file")).toObject().value(QStringLiteral("name")).toString(),
             QStringLiteral("train.csv"));
}

void tst_CsvImporter::testFileRowsDroppedAreNotCounted()
{
    ImportOptions options;
    options.targets = {QStringLiteral("y")};
    options.overrides[QStringLiteral("y")].missingPolicy = MissingPolicy::DropRow;
    const Result<ImportedDataset> imported =
        importCsvWithTestFile(write("x,y\n1,a\n2,\n3,b\n", QStringLiteral("train.csv")),
                              write("x,y\n4,\n5,a\n6,b\n", QStringLiteral("test.csv")), options);
    QVERIFY2(imported.ok(), qPrintable(errorOf(imported)));
    QCOMPARE(imported->droppedRows, 2);
    QCOMPARE(imported->testFileRows, 2);
    COMPARE_VALUES(imported->dataset.column("x")->values, (QList<double>{1, 3, 5, 6}));

    const Result<ImportedDataset> none = importCsvWithTestFile(write("x,y\n1,a\n2,b\n", QStringLiteral("train.csv")),
                                                               write("x,y\n4,\n", QStringLiteral("test.csv")), options);
    QVERIFY(!none.ok());
    QCOMPARE(none.error(), QStringLiteral("every row of the test file 'test.csv' has a missing value in a column whose "
                                          "policy drops the row, so there is no test part"));
}

void tst_CsvImporter::testFileProblemsAreNamedInTheTestFile_data()
{
    QTest::addColumn<QByteArray>("test");
    QTest::addColumn<QString>("message");
    QTest::newRow("other columns") << QByteArray("x,z\n1,a\n")
                                   << "the test file 'test.csv' must have the columns of 'train.csv' (in any order): "
                                      "it lacks y; it has z, which 'train.csv' does not";
    QTest::newRow("another type") << QByteArray("x,y\nsome,a\n")
                                  << "column 'x' holds numeric values in 'train.csv' but categorical values in "
                                     "'test.csv'; correct the file, or read both alike with --column-type "
                                     "x=categorical";
    QTest::newRow("ragged row") << QByteArray("x,y\n1,a,3\n") << "test file: line 2 has 3 fields, the header has 2";
    QTest::newRow("no rows") << QByteArray("x,y\n") << "test file: 'test.csv' has a header but no rows";
    QTest::newRow("missing target")
        << QByteArray("x,y\n1,a\n2,\n")
        << "target column 'y' has a missing value in data row 2 of the test file; give it a value, or choose the "
           "drop_row policy for it";
}

void tst_CsvImporter::testFileProblemsAreNamedInTheTestFile()
{
    QFETCH(QByteArray, test);
    QFETCH(QString, message);
    ImportOptions options;
    options.targets = {QStringLiteral("y")};
    const Result<ImportedDataset> imported = importCsvWithTestFile(
        write("x,y\n1,a\n2,b\n", QStringLiteral("train.csv")), write(test, QStringLiteral("test.csv")), options);
    QVERIFY(!imported.ok());
    QCOMPARE(imported.error(), message);
}

// A 12 MB CSV of a million columns took 7.1 GB and 82 s; ten million aborted with bad_alloc.
void tst_CsvImporter::aMillionColumnsAreRefusedBeforeTheirNamesAreRead()
{
    QByteArray header;
    header.reserve(8 * 1000001);
    for (int c = 0; c <= 1000000; ++c)
        header += (c ? ",c" : "c") + QByteArray::number(c);
    const Result<ImportedDataset> imported = import(header + '\n' + QByteArray(1000000, ',') + "1\n");
    QVERIFY(!imported);
    QVERIFY2(imported.error().endsWith(QStringLiteral("the header has 1,000,001 columns; MetricBridge takes at most 20,000")),
             qPrintable(imported.error()));
}

void tst_CsvImporter::aDatasetTooLargeForMemoryIsRefusedWithWhatItNeeds()
{
    QVERIFY(checkDatasetSize(1000000, 20));
    QCOMPARE(checkDatasetSize(100, 20001, 0).error(), QStringLiteral("20,001 columns: MetricBridge takes at most 20,000"));
    // Half of the machine's memory at most: what a 500-million-row file of 20 columns would need.
    const Status refused = checkDatasetSize(500000000, 20, std::int64_t(24) << 30);
    QVERIFY(!refused);
    QCOMPARE(refused.error(), QStringLiteral("500,000,000 rows x 20 columns need about %1 of memory while they are "
                                             "imported; this machine has 24.00 GiB")
                                  .arg(formatBytes(datasetMemoryBytes(500000000, 20))));
}

QTEST_GUILESS_MAIN(tst_CsvImporter)
#include "tst_csvimporter.moc"
