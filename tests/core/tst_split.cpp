// SPDX-License-Identifier: GPL-3.0-or-later
// Splits: the KIND:ARGS syntax and its errors, and each kind's assignment: sizes that match the
// fractions, seeded reproducibility, class balance kept by stratification, the most recent rows
// in the test part of an ordered split, last:N, and explicit split columns.

#include "core/data/Split.h"

#include <QJsonDocument>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

using namespace mb;
using namespace mb::data;

Q_DECLARE_METATYPE(mb::data::SplitSpec::Kind)

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

// A small deterministic generator for test data (not the one under test).
struct Lcg {
    std::uint32_t state;
    std::uint32_t next()
    {
        state = state * 1664525u + 1013904223u;
        return state >> 8;
    }
};

DatasetColumn numericColumn(const QString &name, std::vector<double> values, ColumnType type = ColumnType::Numeric)
{
    DatasetColumn column;
    column.name = name;
    column.type = type;
    column.values = std::move(values);
    return column;
}

// `classSizes[k]` rows of class k, in a scrambled order; plus a unique, scrambled time column.
Dataset labelledDataset(const QList<int> &classSizes, std::uint32_t salt = 1)
{
    std::vector<double> labels;
    for (qsizetype k = 0; k < classSizes.size(); ++k)
        labels.insert(labels.end(), std::size_t(classSizes.at(k)), double(k));
    Lcg random{salt};
    for (std::size_t i = labels.size(); i > 1; --i)
        std::swap(labels[i - 1], labels[random.next() % i]);
    std::vector<double> times(labels.size());
    for (std::size_t i = 0; i < times.size(); ++i)
        times[i] = 1.7e9 + double(i) * 3600;
    for (std::size_t i = times.size(); i > 1; --i)
        std::swap(times[i - 1], times[random.next() % i]);

    Dataset dataset;
    DatasetColumn label = numericColumn(QStringLiteral("label"), labels, ColumnType::Categorical);
    for (qsizetype k = 0; k < classSizes.size(); ++k)
        label.categories << QStringLiteral("class %1").arg(k);
    label.role = ColumnRole::Target;
    dataset.columns.push_back(label);
    dataset.columns.push_back(numericColumn(QStringLiteral("posted_at"), times, ColumnType::DateTime));
    return dataset;
}

Dataset plainDataset(int rows)
{
    return labelledDataset({rows});
}

SplitSpec spec(SplitSpec::Kind kind, double validation, double test, const QString &column = {},
               std::uint64_t seed = 42)
{
    SplitSpec s;
    s.kind = kind;
    s.validationFraction = validation;
    s.testFraction = test;
    s.column = column;
    s.seed = seed;
    return s;
}

std::vector<SplitPart> assigned(const Dataset &dataset, const SplitSpec &s)
{
    Result<std::vector<SplitPart>> result = assignSplit(dataset, s);
    if (!result) {
        qWarning("assignSplit failed: %s", qPrintable(result.error()));
        return {};
    }
    return *result;
}

QString letters(const std::vector<SplitPart> &parts)
{
    QString text;
    for (SplitPart part : parts)
        text += part == SplitPart::Train        ? QLatin1Char('T')
                : part == SplitPart::Validation ? QLatin1Char('V')
                                                : QLatin1Char('E');
    return text;
}

std::int64_t rounded(double x)
{
    return std::int64_t(std::llround(x));
}

} // namespace

class tst_Split : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tinyClassesStillGiveExactParts();
    void nanFractionIsRefused();
    void parse_data();
    void parse();
    void specJsonRoundTripKeepsA64BitSeed();
    void unknownKindInJsonIsRefused();
    void describeNamesTheSplit();

    void randomCountsMatchTheFractions_data();
    void randomCountsMatchTheFractions();
    void sameSeedSameAssignmentOtherSeedOther_data();
    void sameSeedSameAssignmentOtherSeedOther();
    void randomAssignmentIsPortable();
    void randomSplitIsNotTheFileOrder();
    void stratifiedKeepsEachClassProportion_data();
    void stratifiedKeepsEachClassProportion();
    void stratifiedOverTooManyValuesIsRefused();
    void stratifiedTreatsMissingValuesAsOneMoreClass();
    void orderedPutsTheMostRecentRowsInTest_data();
    void orderedPutsTheMostRecentRowsInTest();
    void orderedPutsMissingTimesInTraining();
    void lastRowsAreTheTestPart_data();
    void lastRowsAreTheTestPart();
    void lastSplitStoredBeforeValidationHasNone();
    void defaultSplitStratifiesByATargetWithClasses_data();
    void defaultSplitStratifiesByATargetWithClasses();
    void columnSplitReadsTheParts();
    void columnSplitRefusesOtherValues_data();
    void columnSplitRefusesOtherValues();
    void assignmentErrors_data();
    void assignmentErrors();

    // A separate test file.
    void testFileRowsAreExactlyTheTestPart_data();
    void testFileRowsAreExactlyTheTestPart();
    void testFileValidationKeepsTheClassBalanceOfTheOtherRows();
    void testFileSplitIsParsed_data();
    void testFileSplitIsParsed();
    void testFileSplitDefaultStratifiesByTheTarget();
    void testFileSplitRefusesASplitWithATestPart();
    void testFileSpecRoundTripsAndDescribesItself();
};

// ---------------------------------------------------------------------------------------------
// Syntax

void tst_Split::tinyClassesStillGiveExactParts()
{
    // 300 classes of two rows: cut class by class, each would round its test share to zero.
    QList<int> sizes;
    for (int k = 0; k < 300; ++k)
        sizes << 2;
    const Dataset dataset = labelledDataset(sizes);
    const std::vector<SplitPart> parts =
        assigned(dataset, spec(SplitSpec::Kind::Stratified, 0.1, 0.2, QStringLiteral("label")));
    const SplitCounts counts = countSplit(parts);
    QCOMPARE(counts.test, std::int64_t(120));
    QCOMPARE(counts.validation, std::int64_t(60));
    QCOMPARE(counts.train, std::int64_t(420));
}

void tst_Split::nanFractionIsRefused()
{
    const Result<SplitSpec> parsed = SplitSpec::parse(QStringLiteral("random:nan,0.2"), 1);
    QVERIFY(!parsed);
    QVERIFY2(parsed.error().contains(QStringLiteral("'nan' is not a fraction")), qPrintable(parsed.error()));
}

void tst_Split::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error"); // empty: valid
    QTest::addColumn<SplitSpec::Kind>("kind");
    QTest::addColumn<QString>("column");
    QTest::addColumn<double>("validation");
    QTest::addColumn<double>("test");
    QTest::addColumn<qint64>("lastRows");

    using K = SplitSpec::Kind;
    QTest::newRow("random, default fractions")
        << "random" << QString() << K::Random << QString() << 0.1 << 0.2 << qint64(0);
    QTest::newRow("random with a colon only")
        << "random:" << QString() << K::Random << QString() << 0.1 << 0.2 << qint64(0);
    QTest::newRow("random with fractions")
        << "random:0.15,0.25" << QString() << K::Random << QString() << 0.15 << 0.25 << qint64(0);
    QTest::newRow("fractions with spaces")
        << "random: 0.05 , 0.3" << QString() << K::Random << QString() << 0.05 << 0.3 << qint64(0);
    QTest::newRow("no validation, no test")
        << "random:0,0" << QString() << K::Random << QString() << 0.0 << 0.0 << qint64(0);
    QTest::newRow("stratified, default fractions")
        << "stratified:label" << QString() << K::Stratified << "label" << 0.1 << 0.2 << qint64(0);
    QTest::newRow("stratified with fractions")
        << "stratified:label:0.1,0.3" << QString() << K::Stratified << "label" << 0.1 << 0.3 << qint64(0);
    QTest::newRow("ordered, default fractions")
        << "ordered:posted_at" << QString() << K::Ordered << "posted_at" << 0.1 << 0.2 << qint64(0);
    QTest::newRow("ordered with fractions")
        << "ordered:posted_at:0,0.3" << QString() << K::Ordered << "posted_at" << 0.0 << 0.3 << qint64(0);
    QTest::newRow("last N") << "last:1000" << QString() << K::Ordered << QString() << 0.1 << 0.0 << qint64(1000);
    QTest::newRow("last N with validation")
        << "last:1000:0.15" << QString() << K::Ordered << QString() << 0.15 << 0.0 << qint64(1000);
    QTest::newRow("last N without validation")
        << "last:1000:0" << QString() << K::Ordered << QString() << 0.0 << 0.0 << qint64(1000);
    QTest::newRow("column") << "column:split" << QString() << K::Column << "split" << 0.1 << 0.2 << qint64(0);

    const auto refused = [](const char *name, const char *text, const char *error) {
        QTest::newRow(name) << QString::fromUtf8(text) << QString::fromUtf8(error) << K::Random << QString() << 0.0
                            << 0.0 << qint64(0);
    };
    refused("empty", "",
            "unknown split ''; use random, stratified:COLUMN, ordered:COLUMN, last:N[:VALIDATION] or column:NAME");
    refused(
        "unknown kind", "kfold:5",
        "unknown split 'kfold:5'; use random, stratified:COLUMN, ordered:COLUMN, last:N[:VALIDATION] or column:NAME");
    refused("kind in capitals", "Random:0.1,0.2", "unknown split 'Random:0.1,0.2'");
    refused("one fraction", "random:0.1", "expected two fractions, validation and test, such as 0.1,0.2; got '0.1'");
    refused("three fractions", "random:0.1,0.2,0.3", "expected two fractions, validation and test");
    refused("fraction not a number", "random:x,0.2", "'x' is not a fraction between 0 and 1");
    refused("negative fraction", "random:-0.1,0.2", "'-0.1' is not a fraction between 0 and 1");
    refused("fraction of one", "random:0.1,1", "'1' is not a fraction between 0 and 1");
    refused("percent instead of fraction", "random:10,20", "'10' is not a fraction between 0 and 1");
    refused("fractions sum to one", "random:0.5,0.5", "validation 0.5 + test 0.5 leave no training rows");
    refused("fractions sum above one", "stratified:label:0.6,0.5", "validation 0.6 + test 0.5 leave no training rows");
    refused("stratified without a column", "stratified",
            "stratified splits need a column: stratified:COLUMN[:VALIDATION,TEST]");
    refused("stratified with an empty column", "stratified::0.1,0.2", "stratified splits need a column");
    refused("ordered without a column", "ordered:", "ordered splits need a column");
    refused("ordered, bad fractions", "ordered:t:0.1", "expected two fractions");
    refused("last zero", "last:0", "last:N needs a number of rows, such as last:1000; got '0'");
    refused("last negative", "last:-5", "last:N needs a number of rows, such as last:1000; got '-5'");
    refused("last not a number", "last:many", "got 'many'");
    refused("last without N", "last", "last:N needs a number of rows");
    refused("last with two fractions", "last:4000:0.1,0",
            "last:N:VALIDATION takes one fraction, the validation part taken just before the last N rows, such as "
            "last:4000:0.1; got '0.1,0'");
    refused("last with a validation of 1", "last:10:1", "takes one fraction");
    refused("column without a name", "column:", "column splits need the column: column:NAME");
}

void tst_Split::parse()
{
    QFETCH(QString, text);
    QFETCH(QString, error);
    QFETCH(SplitSpec::Kind, kind);
    QFETCH(QString, column);
    QFETCH(double, validation);
    QFETCH(double, test);
    QFETCH(qint64, lastRows);

    const Result<SplitSpec> parsed = SplitSpec::parse(text, 1234);
    if (!error.isEmpty()) {
        QVERIFY2(!parsed.ok(), "refused");
        QVERIFY2(parsed.error().contains(error), qPrintable(parsed.error()));
        return;
    }
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error()));
    QCOMPARE(toKey(parsed->kind), toKey(kind));
    QCOMPARE(parsed->column, column);
    QCOMPARE(parsed->validationFraction, validation);
    QCOMPARE(parsed->testFraction, test);
    QCOMPARE(qint64(parsed->lastRows), lastRows);
    QCOMPARE(parsed->seed, std::uint64_t(1234));
}

void tst_Split::specJsonRoundTripKeepsA64BitSeed()
{
    SplitSpec original = spec(SplitSpec::Kind::Stratified, 0.125, 0.25, QStringLiteral("label"),
                              std::numeric_limits<std::uint64_t>::max() - 58);
    original.lastRows = 0;
    const QByteArray text = QJsonDocument(original.toJson()).toJson(QJsonDocument::Compact);
    const Result<SplitSpec> back = SplitSpec::fromJson(QJsonDocument::fromJson(text).object());
    QVERIFY(back.ok());
    QCOMPARE(back->kind, original.kind);
    QCOMPARE(back->validationFraction, original.validationFraction);
    QCOMPARE(back->testFraction, original.testFraction);
    QCOMPARE(back->column, original.column);
    QCOMPARE(back->seed, original.seed);
    QCOMPARE(back->toJson(), original.toJson());

    const Result<SplitSpec> last = SplitSpec::fromJson(SplitSpec::parse(QStringLiteral("last:77"), 5)->toJson());
    QVERIFY(last.ok());
    QCOMPARE(last->lastRows, std::int64_t(77));
    QCOMPARE(last->kind, SplitSpec::Kind::Ordered);
    QCOMPARE(last->validationFraction, 0.1);
}

// last:N splits stored before they had a validation part read back as having none, as they did.
void tst_Split::lastSplitStoredBeforeValidationHasNone()
{
    const QJsonObject stored{{QStringLiteral("kind"), QStringLiteral("ordered")},
                             {QStringLiteral("validation_fraction"), 0.1},
                             {QStringLiteral("test_fraction"), 0.2},
                             {QStringLiteral("column"), QString()},
                             {QStringLiteral("last_rows"), 500},
                             {QStringLiteral("seed"), QStringLiteral("42")}};
    const Result<SplitSpec> spec = SplitSpec::fromJson(stored);
    QVERIFY(spec.ok());
    QCOMPARE(spec->validationFraction, 0.0);
    QCOMPARE(spec->describe(), QStringLiteral("the last 500 rows are the test set"));
    // Other kinds keep the bytes they were stored under (the stored split is found again).
    const Result<SplitSpec> random = SplitSpec::parse(QStringLiteral("random:0.1,0.2"), 42);
    QVERIFY(!random->toJson().contains(QStringLiteral("validation_before_test")));
}

void tst_Split::unknownKindInJsonIsRefused()
{
    const Result<SplitSpec> parsed =
        SplitSpec::fromJson(QJsonObject{{QStringLiteral("kind"), QStringLiteral("kfold")}});
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error(), QStringLiteral("unknown split kind 'kfold'"));
}

void tst_Split::describeNamesTheSplit()
{
    QCOMPARE(SplitSpec::parse(QStringLiteral("random:0.1,0.2"), 7)->describe(),
             QStringLiteral("random, 10% validation, 20% test, seed 7"));
    QCOMPARE(SplitSpec::parse(QStringLiteral("stratified:label:0.1,0.25"), 9)->describe(),
             QStringLiteral("stratified by label, 10% validation, 25% test, seed 9"));
    QCOMPARE(SplitSpec::parse(QStringLiteral("ordered:posted_at:0.1,0.2"), 1)->describe(),
             QStringLiteral("ordered by posted_at: the most recent 20% is the test set"));
    QCOMPARE(SplitSpec::parse(QStringLiteral("last:500"), 1)->describe(),
             QStringLiteral("the last 500 rows are the test set, the 10% of rows before them validation"));
    QCOMPARE(SplitSpec::parse(QStringLiteral("last:500:0"), 1)->describe(),
             QStringLiteral("the last 500 rows are the test set"));
    QCOMPARE(SplitSpec::parse(QStringLiteral("column:fold"), 1)->describe(), QStringLiteral("from column fold"));
}

// ---------------------------------------------------------------------------------------------
// Assignments

void tst_Split::randomCountsMatchTheFractions_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<double>("validation");
    QTest::addColumn<double>("test");
    QTest::newRow("1000 rows, 0.1/0.2") << 1000 << 0.1 << 0.2;
    QTest::newRow("12345 rows, 0.1/0.2") << 12345 << 0.1 << 0.2;
    QTest::newRow("7 rows, 0.1/0.2") << 7 << 0.1 << 0.2;
    QTest::newRow("no validation") << 500 << 0.0 << 0.25;
    QTest::newRow("no test") << 500 << 0.3 << 0.0;
    QTest::newRow("everything in training") << 50 << 0.0 << 0.0;
    QTest::newRow("one row") << 1 << 0.1 << 0.2;
}

void tst_Split::randomCountsMatchTheFractions()
{
    QFETCH(int, rows);
    QFETCH(double, validation);
    QFETCH(double, test);
    const std::vector<SplitPart> parts = assigned(plainDataset(rows), spec(SplitSpec::Kind::Random, validation, test));
    QCOMPARE(qsizetype(parts.size()), qsizetype(rows));
    const SplitCounts counts = countSplit(parts);
    QCOMPARE(counts.test, rounded(rows * test));
    QCOMPARE(counts.validation, rounded(rows * validation));
    QCOMPARE(counts.train, rows - counts.test - counts.validation);
}

void tst_Split::sameSeedSameAssignmentOtherSeedOther_data()
{
    QTest::addColumn<SplitSpec::Kind>("kind");
    QTest::newRow("random") << SplitSpec::Kind::Random;
    QTest::newRow("stratified") << SplitSpec::Kind::Stratified;
}

void tst_Split::sameSeedSameAssignmentOtherSeedOther()
{
    QFETCH(SplitSpec::Kind, kind);
    const Dataset dataset = labelledDataset({600, 400});
    const QString column = kind == SplitSpec::Kind::Stratified ? QStringLiteral("label") : QString();
    const std::vector<SplitPart> first = assigned(dataset, spec(kind, 0.1, 0.2, column, 42));
    const std::vector<SplitPart> again = assigned(dataset, spec(kind, 0.1, 0.2, column, 42));
    const std::vector<SplitPart> other = assigned(dataset, spec(kind, 0.1, 0.2, column, 43));
    QCOMPARE(first.size(), std::size_t(1000));
    QVERIFY2(first == again, "the same seed gives the same rows");
    QVERIFY2(first != other, "another seed gives other rows");
    // Another seed moves rows, not the sizes.
    QCOMPARE(countSplit(other).test, countSplit(first).test);
    QCOMPARE(countSplit(other).validation, countSplit(first).validation);
}

void tst_Split::randomAssignmentIsPortable()
{
    // The generator is spelled out (splitmix64), not std::shuffle, so a stored split can be
    // recomputed by any later build on any machine. These assignments for seeds 42 and 7 were
    // computed by an independent Python transcription of splitmix64, Fisher-Yates and the cut.
    const Dataset dataset = plainDataset(20);
    QCOMPARE(letters(assigned(dataset, spec(SplitSpec::Kind::Random, 0.1, 0.2, {}, 42))),
             QStringLiteral("ETVTTETTTTTTVETETTTT"));
    QCOMPARE(letters(assigned(dataset, spec(SplitSpec::Kind::Random, 0.1, 0.2, {}, 7))),
             QStringLiteral("ETTTTTTETTVETTETTVTT"));
}

void tst_Split::randomSplitIsNotTheFileOrder()
{
    const std::vector<SplitPart> parts = assigned(plainDataset(1000), spec(SplitSpec::Kind::Random, 0.1, 0.2));
    std::int64_t testInFirstHalf = 0;
    for (std::size_t r = 0; r < 500; ++r)
        testInFirstHalf += parts[r] == SplitPart::Test;
    // 200 test rows spread over the file: about 100 in each half.
    QVERIFY2(testInFirstHalf > 60 && testInFirstHalf < 140, qPrintable(QString::number(testInFirstHalf)));
}

void tst_Split::stratifiedKeepsEachClassProportion_data()
{
    QTest::addColumn<QList<int>>("classSizes");
    QTest::addColumn<double>("validation");
    QTest::addColumn<double>("test");
    QTest::newRow("three classes") << QList<int>{500, 300, 200} << 0.1 << 0.2;
    QTest::newRow("rare class") << QList<int>{990, 10} << 0.1 << 0.2;
    QTest::newRow("tiny classes") << QList<int>{7, 13, 1000} << 0.15 << 0.15;
    QTest::newRow("odd sizes") << QList<int>{333, 667, 1} << 0.2 << 0.3;
}

void tst_Split::stratifiedKeepsEachClassProportion()
{
    QFETCH(QList<int>, classSizes);
    QFETCH(double, validation);
    QFETCH(double, test);
    const Dataset dataset = labelledDataset(classSizes, 99);
    const std::vector<SplitPart> parts =
        assigned(dataset, spec(SplitSpec::Kind::Stratified, validation, test, QStringLiteral("label"), 5));
    QCOMPARE(parts.size(), dataset.columns[0].values.size());
    for (qsizetype k = 0; k < classSizes.size(); ++k) {
        std::int64_t inTest = 0, inValidation = 0, inClass = 0;
        for (std::size_t r = 0; r < parts.size(); ++r) {
            if (dataset.columns[0].values[r] != double(k))
                continue;
            ++inClass;
            inTest += parts[r] == SplitPart::Test;
            inValidation += parts[r] == SplitPart::Validation;
        }
        QCOMPARE(inClass, std::int64_t(classSizes.at(k)));
        const QString where = QStringLiteral("class %1 (%2 rows): %3 test, %4 validation")
                                  .arg(k)
                                  .arg(inClass)
                                  .arg(inTest)
                                  .arg(inValidation);
        QVERIFY2(std::abs(double(inTest) - double(inClass) * test) <= 1.0, qPrintable(where));
        QVERIFY2(std::abs(double(inValidation) - double(inClass) * validation) <= 1.0, qPrintable(where));
    }
}

void tst_Split::stratifiedOverTooManyValuesIsRefused()
{
    Dataset dataset = plainDataset(2000);
    const Result<std::vector<SplitPart>> result =
        assignSplit(dataset, spec(SplitSpec::Kind::Stratified, 0.1, 0.2, QStringLiteral("posted_at")));
    QVERIFY(!result.ok());
    QCOMPARE(result.error(), QStringLiteral("'posted_at' has 2000 distinct values; stratify by a label with classes"));
}

void tst_Split::stratifiedTreatsMissingValuesAsOneMoreClass()
{
    // Stratifying by a feature with gaps: the rows without a value are a stratum of their own,
    // and the classes keep their proportions. The first row is missing.
    Dataset dataset = labelledDataset({800, 200}, 3);
    std::vector<double> &group = dataset.columns[0].values;
    for (std::size_t r = 0; r < group.size(); r += 10)
        group[r] = NaN; // 100 missing, the first row among them
    const std::vector<SplitPart> parts =
        assigned(dataset, spec(SplitSpec::Kind::Stratified, 0.1, 0.2, QStringLiteral("label"), 11));
    QCOMPARE(parts.size(), std::size_t(1000));
    double worst = 0;
    QString strata;
    for (int k = -1; k < 2; ++k) {
        std::int64_t inClass = 0, inTest = 0;
        for (std::size_t r = 0; r < parts.size(); ++r) {
            const bool member = k < 0 ? std::isnan(group[r]) : group[r] == double(k);
            inClass += member;
            inTest += member && parts[r] == SplitPart::Test;
        }
        worst = std::max(worst, std::abs(double(inTest) - double(inClass) * 0.2));
        strata += QStringLiteral("%1: %2 of %3 in test; ")
                      .arg(k < 0 ? QStringLiteral("missing") : QString::number(k))
                      .arg(inTest)
                      .arg(inClass);
    }
    QVERIFY2(worst <= 1.0, qPrintable(strata));
}

void tst_Split::orderedPutsTheMostRecentRowsInTest_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<double>("validation");
    QTest::addColumn<double>("test");
    QTest::newRow("1000 rows, 0.1/0.2") << 1000 << 0.1 << 0.2;
    QTest::newRow("999 rows, 0/0.3") << 999 << 0.0 << 0.3;
    QTest::newRow("10 rows, 0.2/0.2") << 10 << 0.2 << 0.2;
}

void tst_Split::orderedPutsTheMostRecentRowsInTest()
{
    QFETCH(int, rows);
    QFETCH(double, validation);
    QFETCH(double, test);
    const Dataset dataset = plainDataset(rows); // times scrambled across the file
    const std::vector<double> &time = dataset.columns[1].values;
    const std::vector<SplitPart> parts =
        assigned(dataset, spec(SplitSpec::Kind::Ordered, validation, test, QStringLiteral("posted_at"), 1));
    QCOMPARE(qsizetype(parts.size()), qsizetype(rows));
    const SplitCounts counts = countSplit(parts);
    QCOMPARE(counts.test, rounded(rows * test));
    QCOMPARE(counts.validation, rounded(rows * validation));
    double newestTrain = -1, oldestValidation = 1e300, newestValidation = -1, oldestTest = 1e300;
    for (std::size_t r = 0; r < parts.size(); ++r) {
        switch (parts[r]) {
        case SplitPart::Train:
            newestTrain = std::max(newestTrain, time[r]);
            break;
        case SplitPart::Validation:
            oldestValidation = std::min(oldestValidation, time[r]);
            newestValidation = std::max(newestValidation, time[r]);
            break;
        case SplitPart::Test:
            oldestTest = std::min(oldestTest, time[r]);
            break;
        }
    }
    QVERIFY2(oldestTest >= newestTrain, "every test row is at least as recent as every training row");
    if (counts.validation > 0) {
        QVERIFY(oldestValidation >= newestTrain);
        QVERIFY(oldestTest >= newestValidation);
    }
    // The order, not the seed, decides.
    QVERIFY(parts ==
            assigned(dataset, spec(SplitSpec::Kind::Ordered, validation, test, QStringLiteral("posted_at"), 2)));
}

void tst_Split::orderedPutsMissingTimesInTraining()
{
    Dataset dataset;
    dataset.columns.push_back(
        numericColumn(QStringLiteral("t"), {5, NaN, 9, 1, NaN, 7, 3, 8, 2, 6}, ColumnType::DateTime));
    const std::vector<SplitPart> parts =
        assigned(dataset, spec(SplitSpec::Kind::Ordered, 0.2, 0.2, QStringLiteral("t")));
    // Sorted: NaN NaN 1 2 3 5 6 | 7 8 | 9 ... with 2 test and 2 validation rows.
    QCOMPARE(letters(parts), QStringLiteral("TTETTVTETV"));
    QCOMPARE(parts[1], SplitPart::Train);
    QCOMPARE(parts[4], SplitPart::Train);
    QCOMPARE(parts[2], SplitPart::Test);       // 9
    QCOMPARE(parts[7], SplitPart::Test);       // 8
    QCOMPARE(parts[5], SplitPart::Validation); // 7
    QCOMPARE(parts[9], SplitPart::Validation); // 6
}

void tst_Split::lastRowsAreTheTestPart_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("rows");
    QTest::addColumn<QString>("expected"); // T train, V validation, E test, in file order
    QTest::addColumn<QString>("error");
    QTest::newRow("last 3 of 10, 10% validation before them") << "last:3" << 10 << "TTTTTTVEEE" << QString();
    QTest::newRow("last 3 of 20, 20% validation") << "last:3:0.2" << 20 << "TTTTTTTTTTTTTVVVVEEE" << QString();
    QTest::newRow("last 3 of 10, no validation") << "last:3:0" << 10 << "TTTTTTTEEE" << QString();
    QTest::newRow("last 1 of 2") << "last:1" << 2 << "TE" << QString();
    QTest::newRow("last 8 of 10") << "last:8" << 10 << "TVEEEEEEEE" << QString();
    QTest::newRow("last 9 of 10") << "last:9" << 10 << QString()
                                  << "the last 9 rows for test and 1 for validation would leave no training rows "
                                     "(the dataset has 10)";
    QTest::newRow("last 50 of 10") << "last:50:0" << 10 << QString()
                                   << "the last 50 rows for test and 0 for validation would leave no training rows "
                                      "(the dataset has 10)";
}

void tst_Split::lastRowsAreTheTestPart()
{
    QFETCH(QString, spec);
    QFETCH(int, rows);
    QFETCH(QString, expected);
    QFETCH(QString, error);
    const Result<SplitSpec> s = SplitSpec::parse(spec, 42);
    QVERIFY(s.ok());
    const Result<std::vector<SplitPart>> parts = assignSplit(plainDataset(rows), *s);
    if (!error.isEmpty()) {
        QVERIFY(!parts.ok());
        QCOMPARE(parts.error(), error);
        return;
    }
    QVERIFY(parts.ok());
    // File order, not time order: the last N lines of the file, and the validation rows just before.
    QCOMPARE(letters(*parts), expected);
}

void tst_Split::defaultSplitStratifiesByATargetWithClasses_data()
{
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<int>("type");
    QTest::addColumn<bool>("stratified");
    QTest::newRow("0/1 numbers") << QList<double>{0, 1, 1, 0, 1} << int(ColumnType::Numeric) << true;
    QTest::newRow("categories") << QList<double>{0, 1, 2, 2, 1} << int(ColumnType::Categorical) << true;
    QTest::newRow("booleans") << QList<double>{0, 1, 1, 0, 1} << int(ColumnType::Boolean) << true;
    QTest::newRow("prices") << QList<double>{1.5, 2.25, 3, 4, 5} << int(ColumnType::Numeric) << false;
    QList<double> many;
    for (int i = 0; i < 30; ++i)
        many << i;
    QTest::newRow("30 whole numbers") << many << int(ColumnType::Numeric) << false;
}

void tst_Split::defaultSplitStratifiesByATargetWithClasses()
{
    QFETCH(QList<double>, values);
    QFETCH(int, type);
    QFETCH(bool, stratified);
    Dataset dataset;
    dataset.columns.push_back(
        numericColumn(QStringLiteral("label"), std::vector<double>(values.begin(), values.end()), ColumnType(type)));
    const SplitSpec spec = defaultSplit(dataset, {QStringLiteral("label")}, 7);
    QCOMPARE(spec.kind, stratified ? SplitSpec::Kind::Stratified : SplitSpec::Kind::Random);
    QCOMPARE(spec.column, stratified ? QStringLiteral("label") : QString());
    QCOMPARE(spec.validationFraction, 0.1);
    QCOMPARE(spec.testFraction, 0.2);
    QCOMPARE(spec.seed, std::uint64_t(7));
    // Two objectives: no one label to keep balanced.
    QCOMPARE(defaultSplit(dataset, {QStringLiteral("label"), QStringLiteral("other")}, 7).kind,
             SplitSpec::Kind::Random);
}

void tst_Split::columnSplitReadsTheParts()
{
    Dataset dataset;
    DatasetColumn fold = numericColumn(QStringLiteral("fold"), {0, 1, 2, 3, 4, 5, 6, 0}, ColumnType::Categorical);
    fold.categories = {QStringLiteral("train"), QStringLiteral("validation"), QStringLiteral("test"),
                       QStringLiteral("Valid"), QStringLiteral("VAL"),        QStringLiteral("TEST"),
                       QStringLiteral("Train")};
    dataset.columns.push_back(fold);
    const Result<SplitSpec> s = SplitSpec::parse(QStringLiteral("column:fold"), 42);
    QVERIFY(s.ok());
    const Result<std::vector<SplitPart>> parts = assignSplit(dataset, *s);
    QVERIFY2(parts.ok(), qPrintable(parts.ok() ? QString() : parts.error()));
    QCOMPARE(letters(*parts), QStringLiteral("TVEVVETT"));
}

void tst_Split::columnSplitRefusesOtherValues_data()
{
    QTest::addColumn<QStringList>("categories");
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<QString>("error");
    QTest::newRow("another value") << QStringList{"train", "holdout", "test"} << QList<double>{0, 2, 1, 0}
                                   << "split column 'fold' has 'holdout' in data row 3; expected train, validation "
                                      "or test";
    QTest::newRow("a missing value") << QStringList{"train", "test"} << QList<double>{0, NaN}
                                     << "split column 'fold' has '' in data row 2";
    QTest::newRow("every row in test") << QStringList{"test"} << QList<double>{0, 0}
                                       << "the split leaves no training rows";
}

void tst_Split::columnSplitRefusesOtherValues()
{
    QFETCH(QStringList, categories);
    QFETCH(QList<double>, values);
    QFETCH(QString, error);
    Dataset dataset;
    DatasetColumn fold = numericColumn(QStringLiteral("fold"), std::vector<double>(values.begin(), values.end()),
                                       ColumnType::Categorical);
    fold.categories = categories;
    dataset.columns.push_back(fold);
    const Result<std::vector<SplitPart>> parts =
        assignSplit(dataset, spec(SplitSpec::Kind::Column, 0.1, 0.2, QStringLiteral("fold")));
    QVERIFY(!parts.ok());
    QVERIFY2(parts.error().contains(error), qPrintable(parts.error()));
}

void tst_Split::assignmentErrors_data()
{
    QTest::addColumn<SplitSpec::Kind>("kind");
    QTest::addColumn<double>("validation");
    QTest::addColumn<double>("test");
    QTest::addColumn<QString>("column");
    QTest::addColumn<int>("rows");
    QTest::addColumn<QString>("error");
    using K = SplitSpec::Kind;
    QTest::newRow("fractions leave no training rows")
        << K::Random << 0.5 << 0.5 << QString() << 100 << "the validation and test fractions must leave training rows";
    QTest::newRow("negative fraction") << K::Random << -0.1 << 0.2 << QString() << 100
                                       << "the validation and test fractions must leave training rows";
    QTest::newRow("unknown column") << K::Ordered << 0.1 << 0.2 << "posted" << 100
                                    << "the split column 'posted' is not in the dataset; its columns are: posted_at, label";
    QTest::newRow("stratified without a column")
        << K::Stratified << 0.1 << 0.2 << QString() << 100 << "a stratified split needs the label column";
    QTest::newRow("ordered without a column")
        << K::Ordered << 0.1 << 0.2 << QString() << 100 << "an ordered split needs the ordering column, such as a date";
    QTest::newRow("column split without a column")
        << K::Column << 0.1 << 0.2 << QString() << 100 << "a column split needs the column that names each row's part";
    QTest::newRow("rounding leaves no training row")
        << K::Random << 0.3 << 0.6 << QString() << 1 << "the split leaves no training rows";
    QTest::newRow("no rows") << K::Random << 0.1 << 0.2 << QString() << 0 << "the split leaves no training rows";
}

void tst_Split::assignmentErrors()
{
    QFETCH(SplitSpec::Kind, kind);
    QFETCH(double, validation);
    QFETCH(double, test);
    QFETCH(QString, column);
    QFETCH(int, rows);
    QFETCH(QString, error);
    const Result<std::vector<SplitPart>> parts =
        assignSplit(rows > 0 ? plainDataset(rows) : Dataset{}, spec(kind, validation, test, column));
    QVERIFY2(!parts.ok(), "refused");
    QCOMPARE(parts.error(), error);
}

// ---------------------------------------------------------------------------------------------
// A separate test file

void tst_Split::testFileRowsAreExactlyTheTestPart_data()
{
    QTest::addColumn<QString>("column"); // empty: random
    QTest::newRow("random validation") << QString();
    QTest::newRow("stratified validation") << QStringLiteral("label");
}

void tst_Split::testFileRowsAreExactlyTheTestPart()
{
    QFETCH(QString, column);
    const Dataset dataset = labelledDataset({600, 300, 100});
    SplitSpec s = spec(SplitSpec::Kind::TestFile, 0.1, 0.0, column);
    s.testRows = 250;
    const std::vector<SplitPart> parts = assigned(dataset, s);
    QCOMPARE(parts.size(), std::size_t(1000));
    // The test file's rows, the last 250, are the test part, and no other row is.
    for (std::size_t r = 0; r < parts.size(); ++r)
        QCOMPARE(parts[r] == SplitPart::Test, r >= 750);
    const SplitCounts counts = countSplit(parts);
    QCOMPARE(counts.test, 250);
    QCOMPARE(counts.validation, 75); // 10% of the 750 other rows
    QCOMPARE(counts.train, 675);
}

void tst_Split::testFileValidationKeepsTheClassBalanceOfTheOtherRows()
{
    // The training file's rows are 80% class 0; the test file (the last 200 rows) is all class 1.
    Dataset dataset = labelledDataset({800, 200});
    std::vector<double> &labels = dataset.columns.front().values;
    std::sort(labels.begin(), labels.end());
    SplitSpec s = spec(SplitSpec::Kind::TestFile, 0.2, 0.0, QStringLiteral("label"));
    s.testRows = 200;
    const std::vector<SplitPart> parts = assigned(dataset, s);
    std::int64_t validation = 0, validationClass0 = 0;
    for (std::size_t r = 0; r < parts.size(); ++r)
        if (parts[r] == SplitPart::Validation) {
            ++validation;
            validationClass0 += labels[r] == 0 ? 1 : 0;
        }
    QCOMPARE(validation, 160);
    QCOMPARE(validationClass0, 160); // the other rows are all class 0, so is their validation part
}

void tst_Split::testFileSplitIsParsed_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error"); // empty: valid
    QTest::addColumn<QString>("column");
    QTest::addColumn<double>("validation");

    QTest::newRow("random") << "random" << QString() << QString() << 0.1;
    QTest::newRow("random, validation only") << "random:0.15" << QString() << QString() << 0.15;
    QTest::newRow("random, no test") << "random:0.2,0" << QString() << QString() << 0.2;
    QTest::newRow("stratified") << "stratified:label" << QString() << "label" << 0.1;
    QTest::newRow("stratified, validation only") << "stratified:label:0.05" << QString() << "label" << 0.05;
    QTest::newRow("stratified, no test") << "stratified:label:0.1,0" << QString() << "label" << 0.1;

    const QString forms =
        QStringLiteral("random[:VALIDATION,0] or stratified:COLUMN[:VALIDATION,0], such as stratified:label:0.1,0");
    QTest::newRow("a test fraction") << "random:0.1,0.2"
                                     << "the split's test fraction is 0.2, but with a test file the test part is the "
                                        "test file's rows; give a test fraction of 0: " +
                                            forms
                                     << QString() << 0.0;
    QTest::newRow("ordered") << "ordered:date"
                             << "the split 'ordered:date' cannot be used with a test file: the test part is the test "
                                "file's rows, so the split says only how the validation part is taken from the other "
                                "rows: " +
                                    forms
                             << QString() << 0.0;
    QTest::newRow("last") << "last:100"
                          << "the split 'last:100' cannot be used with a test file" << QString() << 0.0;
    QTest::newRow("column") << "column:part"
                            << "the split 'column:part' cannot be used" << QString() << 0.0;
    QTest::newRow("stratified without a column")
        << "stratified"
        << "stratified splits need a column: stratified:COLUMN[:VALIDATION,TEST]; with a test file, the split says "
           "only how the validation part is taken from the other rows: " +
               forms
        << QString() << 0.0;
    QTest::newRow("bad fraction") << "random:x"
                                  << "'x' is not a fraction between 0 and 1" << QString() << 0.0;
}

void tst_Split::testFileSplitIsParsed()
{
    QFETCH(QString, text);
    QFETCH(QString, error);
    QFETCH(QString, column);
    QFETCH(double, validation);
    const Result<SplitSpec> parsed = SplitSpec::parseForTestFile(text, 11);
    if (!error.isEmpty()) {
        QVERIFY2(!parsed.ok(), "refused");
        QVERIFY2(parsed.error().startsWith(error) || parsed.error().contains(error), qPrintable(parsed.error()));
        return;
    }
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error()));
    QCOMPARE(parsed->kind, SplitSpec::Kind::TestFile);
    QCOMPARE(parsed->column, column);
    QCOMPARE(parsed->validationFraction, validation);
    QCOMPARE(parsed->testFraction, 0.0);
    QCOMPARE(parsed->seed, std::uint64_t(11));
}

void tst_Split::testFileSplitDefaultStratifiesByTheTarget()
{
    const Dataset dataset = labelledDataset({60, 40});
    const Result<SplitSpec> chosen = testFileSplit(std::nullopt, dataset, {QStringLiteral("label")}, 5, 30);
    QVERIFY(chosen.ok());
    QCOMPARE(chosen->kind, SplitSpec::Kind::TestFile);
    QCOMPARE(chosen->column, QStringLiteral("label"));
    QCOMPARE(chosen->validationFraction, 0.1);
    QCOMPARE(chosen->testRows, 30);
    QCOMPARE(chosen->seed, std::uint64_t(5));
    // A numeric target with many values: random.
    const Result<SplitSpec> random = testFileSplit(std::nullopt, dataset, {QStringLiteral("posted_at")}, 5, 30);
    QVERIFY(random.ok());
    QVERIFY(random->column.isEmpty());
}

void tst_Split::testFileSplitRefusesASplitWithATestPart()
{
    const Dataset dataset = labelledDataset({60, 40});
    const Result<SplitSpec> ordered =
        testFileSplit(SplitSpec::parse(QStringLiteral("ordered:posted_at:0.1,0.2"), 1).value(), dataset, {}, 1, 30);
    QVERIFY(!ordered.ok());
    QVERIFY2(ordered.error().startsWith(QStringLiteral("the split 'ordered by posted_at: the most recent 20% is the "
                                                       "test set' cannot be used with a test file")),
             qPrintable(ordered.error()));
    const Result<SplitSpec> random =
        testFileSplit(SplitSpec::parse(QStringLiteral("random"), 1).value(), dataset, {}, 1, 30);
    QVERIFY(!random.ok());
    QVERIFY2(random.error().startsWith(QStringLiteral("the split's test fraction is 0.2")), qPrintable(random.error()));
}

void tst_Split::testFileSpecRoundTripsAndDescribesItself()
{
    SplitSpec original = spec(SplitSpec::Kind::TestFile, 0.1, 0.0, QStringLiteral("label"), 42);
    original.testRows = 10000;
    const Result<SplitSpec> back = SplitSpec::fromJson(original.toJson());
    QVERIFY(back.ok());
    QCOMPARE(back->kind, SplitSpec::Kind::TestFile);
    QCOMPARE(back->testRows, 10000);
    QCOMPARE(back->column, QStringLiteral("label"));
    QCOMPARE(back->toJson(), original.toJson());
    QCOMPARE(toKey(back->kind), QStringLiteral("test_file"));
    QCOMPARE(back->describe(), QStringLiteral("the test file's 10000 rows are the test set; 10% of the others, "
                                              "stratified by label, validation, seed 42"));
    original.column.clear();
    QCOMPARE(original.describe(), QStringLiteral("the test file's 10000 rows are the test set; 10% of the others, at "
                                                 "random, validation, seed 42"));
}

QTEST_GUILESS_MAIN(tst_Split)
#include "tst_split.moc"
