// SPDX-License-Identifier: GPL-3.0-or-later
// appendRows: a training file's rows and its separate test file's as one dataset. Categorical
// codes are remapped to the sorted union of both files' categories, so every row still decodes to
// its own text; columns are matched by name; mismatched columns and types are refused naming the
// files and the difference.

#include "core/data/Dataset.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace mb;
using namespace mb::data;

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

DatasetColumn column(const QString &name, ColumnType type, std::vector<double> values,
                     const QStringList &categories = {})
{
    DatasetColumn c;
    c.name = name;
    c.type = type;
    c.values = std::move(values);
    c.categories = categories;
    return c;
}

// What a user reads in each row of a column: the decoded text.
QStringList texts(const Dataset &dataset, const QString &name)
{
    const std::vector<ColumnSchema> schema = schemaOf(dataset);
    const int index = dataset.columnIndex(name);
    QStringList out;
    for (double v : dataset.columns[std::size_t(index)].values)
        out << displayValue(schema[std::size_t(index)], v);
    return out;
}

QString errorOf(const Result<Dataset> &result)
{
    return result.ok() ? QStringLiteral("(appended without an error)") : result.error();
}

} // namespace

class tst_Dataset : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void appendedRowsDecodeToTheirOwnCategories();
    void appendedCategoriesAreTheSortedUnion();
    void columnsAreMatchedByNameInAnyOrder();
    void aColumnEmptyInOneFileTakesTheOthersType();
    void missingAndExtraColumnsAreNamed();
    void aColumnOfTwoTypesIsRefusedNamingBoth();
};

void tst_Dataset::appendedRowsDecodeToTheirOwnCategories()
{
    // The same texts have other codes in each file: train codes cat=0, dog=1; test codes ant=0,
    // dog=1, eel=2. A missing value stays missing.
    Dataset train;
    train.columns.push_back(column("animal", ColumnType::Categorical, {1, 0, NaN, 1}, {"cat", "dog"}));
    train.columns.push_back(column("x", ColumnType::Numeric, {1, 2, 3, 4}));
    Dataset test;
    test.columns.push_back(column("animal", ColumnType::Categorical, {2, 1, 0}, {"ant", "dog", "eel"}));
    test.columns.push_back(column("x", ColumnType::Numeric, {5, 6, 7}));

    const Result<Dataset> both = appendRows(train, test, "train.csv", "test.csv");
    QVERIFY2(both.ok(), qPrintable(errorOf(both)));
    QCOMPARE(both->rowCount(), 7);
    QCOMPARE(texts(*both, "animal"), (QStringList{"dog", "cat", "", "dog", "eel", "dog", "ant"}));
    QCOMPARE(texts(*both, "x"), (QStringList{"1", "2", "3", "4", "5", "6", "7"}));
}

void tst_Dataset::appendedCategoriesAreTheSortedUnion()
{
    Dataset train;
    train.columns.push_back(column("c", ColumnType::Categorical, {0, 1}, {"b", "d"}));
    Dataset test;
    test.columns.push_back(column("c", ColumnType::Categorical, {0, 1, 2}, {"a", "c", "d"}));
    const Result<Dataset> both = appendRows(train, test, "train.csv", "test.csv");
    QVERIFY2(both.ok(), qPrintable(errorOf(both)));
    QCOMPARE(both->columns.front().categories, (QStringList{"a", "b", "c", "d"}));
    // Codes are indices into that list: b=1, d=3, then a=0, c=2, d=3.
    QCOMPARE(both->columns.front().values, (std::vector<double>{1, 3, 0, 2, 3}));
}

void tst_Dataset::columnsAreMatchedByNameInAnyOrder()
{
    Dataset train;
    train.columns.push_back(column("a", ColumnType::Numeric, {1}));
    train.columns.push_back(column("b", ColumnType::Numeric, {2}));
    Dataset test;
    test.columns.push_back(column("b", ColumnType::Numeric, {20}));
    test.columns.push_back(column("a", ColumnType::Numeric, {10}));
    const Result<Dataset> both = appendRows(train, test, "train.csv", "test.csv");
    QVERIFY2(both.ok(), qPrintable(errorOf(both)));
    QCOMPARE(both->columnNames(), (QStringList{"a", "b"}));
    QCOMPARE(both->column("a")->values, (std::vector<double>{1, 10}));
    QCOMPARE(both->column("b")->values, (std::vector<double>{2, 20}));
}

void tst_Dataset::aColumnEmptyInOneFileTakesTheOthersType()
{
    // An empty column is inferred numeric; it says nothing against the other file's categories.
    Dataset train;
    train.columns.push_back(column("note", ColumnType::Categorical, {0, 1}, {"late", "ok"}));
    Dataset test;
    test.columns.push_back(column("note", ColumnType::Numeric, {NaN, NaN}));
    const Result<Dataset> both = appendRows(train, test, "train.csv", "test.csv");
    QVERIFY2(both.ok(), qPrintable(errorOf(both)));
    QCOMPARE(both->columns.front().type, ColumnType::Categorical);
    QCOMPARE(texts(*both, "note"), (QStringList{"late", "ok", "", ""}));

    const Result<Dataset> reversed = appendRows(test, train, "train.csv", "test.csv");
    QVERIFY2(reversed.ok(), qPrintable(errorOf(reversed)));
    QCOMPARE(reversed->columns.front().type, ColumnType::Categorical);
    QCOMPARE(texts(*reversed, "note"), (QStringList{"", "", "late", "ok"}));
}

void tst_Dataset::missingAndExtraColumnsAreNamed()
{
    Dataset train;
    train.columns.push_back(column("a", ColumnType::Numeric, {1}));
    train.columns.push_back(column("b", ColumnType::Numeric, {2}));
    Dataset test;
    test.columns.push_back(column("a", ColumnType::Numeric, {1}));
    test.columns.push_back(column("c", ColumnType::Numeric, {3}));
    const Result<Dataset> both = appendRows(train, test, "train.csv", "test.csv");
    QVERIFY(!both.ok());
    QCOMPARE(both.error(), QStringLiteral("the test file 'test.csv' must have the columns of 'train.csv' (in any "
                                          "order): it lacks b; it has c, which 'train.csv' does not"));
}

void tst_Dataset::aColumnOfTwoTypesIsRefusedNamingBoth()
{
    Dataset train;
    train.columns.push_back(column("age", ColumnType::Numeric, {31, 45}));
    Dataset test;
    test.columns.push_back(column("age", ColumnType::Categorical, {0}, {"unknown"}));
    const Result<Dataset> both = appendRows(train, test, "train.csv", "test.csv");
    QVERIFY(!both.ok());
    QCOMPARE(both.error(), QStringLiteral("column 'age' holds numeric values in 'train.csv' but categorical values in "
                                          "'test.csv'; correct the file, or read both alike with --column-type "
                                          "age=categorical"));
}

QTEST_GUILESS_MAIN(tst_Dataset)
#include "tst_dataset.moc"
