// SPDX-License-Identifier: GPL-3.0-or-later
// Feature encoding: learned from the training rows only, one-hot with a cap, missing values, and
// the run's options (max categories, standardising, log1p, ordinal orders).
#include "core/data/EncodingSummary.h"
#include "core/data/FeatureEncoder.h"
#include "tests/support/TestSupport.h"

#include <QTest>

using namespace mb;
using namespace mb::data;

namespace {

DatasetColumn numeric(const QString &name, std::vector<double> values, MissingPolicy policy = MissingPolicy::Keep)
{
    DatasetColumn c;
    c.name = name;
    c.values = std::move(values);
    c.missingPolicy = policy;
    return c;
}

DatasetColumn categorical(const QString &name, QStringList categories, std::vector<double> codes)
{
    DatasetColumn c;
    c.name = name;
    c.type = ColumnType::Categorical;
    c.categories = std::move(categories);
    c.values = std::move(codes);
    return c;
}

} // namespace

class tst_FeatureEncoder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void scalingIsFittedOnTrainingRowsOnly();
    void oneHotKeepsTheMostFrequentCategoriesAndAnOtherBucket();
    void categoryUnseenInTrainingGoesToOther();
    void missingValuesFollowTheColumnPolicy_data();
    void missingValuesFollowTheColumnPolicy();
    void targetsValuesAndIgnoredColumnsAreNotFeatures();
    void encodingRoundTripsThroughJson();
    void maxCategoriesFortyKeepsFortyLevels();
    void numbersAreRawWithoutStandardising();
    void log1pValuesAreExact();
    void log1pRefusesNegativeTrainingValuesNamingTheColumn();
    void ordinalLevelsAreExact();
    void ordinalOrderMissingATrainingCategoryIsRefused();
    void optionsNamingTheWrongColumnsAreRefused_data();
    void optionsNamingTheWrongColumnsAreRefused();
    void optionsRoundTripThroughJson();
};

void tst_FeatureEncoder::scalingIsFittedOnTrainingRowsOnly()
{
    Dataset d;
    d.columns.push_back(numeric(QStringLiteral("x"), {1, 2, 3, 1000}));
    const std::vector<SplitPart> split{SplitPart::Train, SplitPart::Train, SplitPart::Train, SplitPart::Test};
    const FeatureEncoding e = *fitFeatureEncoding(d, split);
    // The test row's 1000 must not move the mean or the scale.
    QCOMPARE(e.columns.front().mean, 2.0);
    QVERIFY(mbtest::fuzzyEqual(e.columns.front().scale, std::sqrt(2.0 / 3.0)));
    const std::vector<float> features = encodeFeatures(d, e);
    QCOMPARE(features.size(), std::size_t(4));
    QVERIFY(mbtest::fuzzyEqual(features[1], 0.0, 1e-6));
    QVERIFY(features[3] > 1000);
}

void tst_FeatureEncoder::oneHotKeepsTheMostFrequentCategoriesAndAnOtherBucket()
{
    QStringList names;
    std::vector<double> codes;
    for (int k = 0; k < 25; ++k) {
        names << QStringLiteral("c%1").arg(k, 2, 10, QLatin1Char('0'));
        for (int n = 0; n <= k; ++n) // category k appears k+1 times: c24 is the most frequent
            codes.push_back(k);
    }
    Dataset d;
    d.columns.push_back(categorical(QStringLiteral("topic"), names, codes));
    const FeatureEncoding e = *fitFeatureEncoding(d, {});
    QCOMPARE(e.columns.front().categories.size(), 20);
    QCOMPARE(e.columns.front().categories.first(), QStringLiteral("c24"));
    QVERIFY(e.columns.front().other);
    QCOMPARE(e.featureCount(), 21);
    QCOMPARE(e.featureNames().last(), QStringLiteral("topic=other"));
    const std::vector<float> features = encodeFeatures(d, e, {0, std::int64_t(codes.size()) - 1});
    // Row 0 is c00, among the rarest: "other". The last row is c24: the first column.
    QCOMPARE(features[20], 1.0f);
    QCOMPARE(std::count(features.begin(), features.begin() + 21, 1.0f), std::ptrdiff_t(1));
    QCOMPARE(features[21 + 0], 1.0f);
    QCOMPARE(std::count(features.begin() + 21, features.end(), 1.0f), std::ptrdiff_t(1));
}

void tst_FeatureEncoder::categoryUnseenInTrainingGoesToOther()
{
    Dataset d;
    d.columns.push_back(categorical(
        QStringLiteral("plan"), {QStringLiteral("basic"), QStringLiteral("pro"), QStringLiteral("new")}, {0, 1, 0, 2}));
    const std::vector<SplitPart> split{SplitPart::Train, SplitPart::Train, SplitPart::Train, SplitPart::Test};
    const FeatureEncoding e = *fitFeatureEncoding(d, split);
    QCOMPARE(e.featureNames(),
             (QStringList{QStringLiteral("plan=basic"), QStringLiteral("plan=pro"), QStringLiteral("plan=other")}));
    const std::vector<float> features = encodeFeatures(d, e, {3});
    QCOMPARE(features, (std::vector<float>{0, 0, 1}));
}

void tst_FeatureEncoder::missingValuesFollowTheColumnPolicy_data()
{
    QTest::addColumn<int>("policy");
    QTest::addColumn<float>("filled");
    QTest::addColumn<int>("width");
    // Training values 1, 2, 2, 7: mean 3, median 2, mode 2.
    QTest::newRow("keep imputes the mean") << int(MissingPolicy::Keep) << 3.0f << 1;
    QTest::newRow("mean") << int(MissingPolicy::ImputeMean) << 3.0f << 1;
    QTest::newRow("median") << int(MissingPolicy::ImputeMedian) << 2.0f << 1;
    QTest::newRow("mode") << int(MissingPolicy::ImputeMode) << 2.0f << 1;
    QTest::newRow("indicator") << int(MissingPolicy::Indicator) << 3.0f << 2;
}

void tst_FeatureEncoder::missingValuesFollowTheColumnPolicy()
{
    QFETCH(int, policy);
    QFETCH(float, filled);
    QFETCH(int, width);
    Dataset d;
    d.columns.push_back(numeric(QStringLiteral("x"), {1, 2, 2, 7, kMissing}, MissingPolicy(policy)));
    const FeatureEncoding e = *fitFeatureEncoding(d, {});
    QCOMPARE(e.featureCount(), width);
    const FeatureEncoding::Column &c = e.columns.front();
    const std::vector<float> features = encodeFeatures(d, e, {4});
    // Standardised, the filled value reads back as fill: (fill - mean) / scale.
    QVERIFY(mbtest::fuzzyEqual(features[0] * c.scale + c.mean, filled, 1e-5));
    if (width == 2) {
        QCOMPARE(features[1], 1.0f);
        QCOMPARE(encodeFeatures(d, e, {0})[1], 0.0f);
    }
}

void tst_FeatureEncoder::targetsValuesAndIgnoredColumnsAreNotFeatures()
{
    Dataset d;
    d.columns.push_back(numeric(QStringLiteral("x"), {1, 2}));
    for (ColumnRole role : {ColumnRole::Target, ColumnRole::Value, ColumnRole::Ignored}) {
        DatasetColumn c = numeric(toKey(role), {0, 1});
        c.role = role;
        d.columns.push_back(c);
    }
    const FeatureEncoding e = *fitFeatureEncoding(d, {});
    QCOMPARE(e.featureNames(), QStringList{QStringLiteral("x")});

    Dataset none;
    DatasetColumn target = numeric(QStringLiteral("y"), {0, 1});
    target.role = ColumnRole::Target;
    none.columns.push_back(target);
    const Result<FeatureEncoding> refused = fitFeatureEncoding(none, {});
    QVERIFY(!refused);
    QVERIFY(refused.error().contains(QStringLiteral("no feature columns")));
}

void tst_FeatureEncoder::encodingRoundTripsThroughJson()
{
    Dataset d;
    d.columns.push_back(numeric(QStringLiteral("x"), {1, 5, kMissing}, MissingPolicy::Indicator));
    d.columns.push_back(categorical(QStringLiteral("t"), {QStringLiteral("a"), QStringLiteral("b")}, {0, 1, 1}));
    const FeatureEncoding e = *fitFeatureEncoding(d, {});
    const Result<FeatureEncoding> back = FeatureEncoding::fromJson(e.toJson());
    QVERIFY(back);
    QCOMPARE(back->featureNames(), e.featureNames());
    QCOMPARE(encodeFeatures(d, *back), encodeFeatures(d, e));
}

namespace {

// An insurance-style column with 40 levels: level k appears 40 - k times, so every level is seen
// in training and their frequencies are distinct.
Dataset fortyLevels()
{
    QStringList names;
    std::vector<double> codes;
    for (int k = 0; k < 40; ++k) {
        names << QStringLiteral("region%1").arg(k, 2, 10, QLatin1Char('0'));
        for (int n = k; n < 40; ++n)
            codes.push_back(k);
    }
    Dataset d;
    d.columns.push_back(categorical(QStringLiteral("region"), names, codes));
    return d;
}

// Sizes stored in the dataset's own category order (as an import sorts them), not the size order.
Dataset sizes(std::vector<double> codes)
{
    Dataset d;
    d.columns.push_back(categorical(
        QStringLiteral("size"), {QStringLiteral("L"), QStringLiteral("M"), QStringLiteral("S"), QStringLiteral("XL")},
        std::move(codes)));
    return d;
}

FeatureOptions sizeOrder()
{
    FeatureOptions options;
    options.ordinal.insert(QStringLiteral("size"),
                           {QStringLiteral("S"), QStringLiteral("M"), QStringLiteral("L"), QStringLiteral("XL")});
    return options;
}

} // namespace

void tst_FeatureEncoder::maxCategoriesFortyKeepsFortyLevels()
{
    const Dataset d = fortyLevels();
    // The default keeps the 20 most frequent and merges the rest into "other": what a user sees.
    const FeatureEncoding cut = *fitFeatureEncoding(d, {});
    QCOMPARE(cut.featureCount(), 21);
    QCOMPARE(cut.columns.front().trainCategories, 40);
    QCOMPARE(encodingSummaryLines(cut).last(), QStringLiteral("region: one-hot, 20 of 40 categories kept + other"));
    QCOMPARE(encodingSummary(cut)[QStringLiteral("columns")][0][QStringLiteral("kept")].toInt(), 20);

    FeatureOptions options;
    options.maxCategories = 40;
    const FeatureEncoding all = *fitFeatureEncoding(d, {}, options);
    QCOMPARE(all.featureCount(), 40);
    QVERIFY(!all.columns.front().other);
    QCOMPARE(encodingSummaryLines(all).last(), QStringLiteral("region: one-hot, 40 categories"));
    // The rarest level (region39, the last row) has a column of its own instead of "other".
    const std::vector<float> last = encodeFeatures(d, all, {std::int64_t(d.rowCount()) - 1});
    QCOMPARE(all.featureNames().at(39), QStringLiteral("region=region39"));
    QCOMPARE(last[39], 1.0f);
    QCOMPARE(std::count(last.begin(), last.end(), 1.0f), std::ptrdiff_t(1));
}

void tst_FeatureEncoder::numbersAreRawWithoutStandardising()
{
    Dataset d;
    d.columns.push_back(numeric(QStringLiteral("x"), {1, 2, 3, kMissing}));
    FeatureOptions options;
    options.standardize = false;
    const FeatureEncoding e = *fitFeatureEncoding(d, {}, options);
    // As they are; the missing value is imputed with the mean, 2.
    QCOMPARE(encodeFeatures(d, e), (std::vector<float>{1, 2, 3, 2}));
    QCOMPARE(encodingSummaryLines(e).last(), QStringLiteral("x: number, as is"));
}

void tst_FeatureEncoder::log1pValuesAreExact()
{
    const double e1 = std::exp(1.0) - 1; // log1p: 1
    Dataset d;
    d.columns.push_back(numeric(QStringLiteral("claims"), {0, 1, e1, 99, kMissing, -5}));
    const std::vector<SplitPart> split{SplitPart::Train, SplitPart::Train, SplitPart::Train,
                                       SplitPart::Train, SplitPart::Test,  SplitPart::Test};
    FeatureOptions options;
    options.log1p = {QStringLiteral("claims")};
    options.standardize = false;
    const FeatureEncoding raw = *fitFeatureEncoding(d, split, options);
    const std::vector<float> values = encodeFeatures(d, raw);
    const double meanOfLogs = (0 + std::log(2.0) + 1 + std::log(100.0)) / 4;
    QCOMPARE(values[0], 0.0f);
    QCOMPARE(values[1], float(std::log(2.0)));
    QCOMPARE(values[2], 1.0f);
    QCOMPARE(values[3], float(std::log(100.0)));
    // Missing, and a negative value outside training, are imputed with the mean of the logs.
    QCOMPARE(values[4], float(meanOfLogs));
    QCOMPARE(values[5], float(meanOfLogs));

    options.standardize = true;
    const FeatureEncoding scaled = *fitFeatureEncoding(d, split, options);
    QCOMPARE(scaled.columns.front().mean, meanOfLogs);
    const std::vector<float> standardised = encodeFeatures(d, scaled, {3});
    QVERIFY(mbtest::fuzzyEqual(standardised[0], (std::log(100.0) - meanOfLogs) / scaled.columns.front().scale, 1e-6));
    QCOMPARE(encodingSummaryLines(scaled).last(), QStringLiteral("claims: number, log1p, standardised"));
}

void tst_FeatureEncoder::log1pRefusesNegativeTrainingValuesNamingTheColumn()
{
    Dataset d;
    d.columns.push_back(numeric(QStringLiteral("balance"), {3, -2.5, 7}));
    FeatureOptions options;
    options.log1p = {QStringLiteral("balance")};
    const Result<FeatureEncoding> refused = fitFeatureEncoding(d, {}, options);
    QVERIFY(!refused);
    QCOMPARE(refused.error(),
             QStringLiteral("features.log1p: column 'balance' has negative values in the training "
                            "rows (the lowest is -2.5); log1p is for counts and amounts of 0 or more"));
}

void tst_FeatureEncoder::ordinalLevelsAreExact()
{
    // Codes index L, M, S, XL; the last row's XL is a test row only.
    const Dataset d = sizes({2, 1, 0, 1, kMissing, 3});
    const std::vector<SplitPart> split{SplitPart::Train, SplitPart::Train, SplitPart::Train,
                                       SplitPart::Train, SplitPart::Train, SplitPart::Test};
    FeatureOptions options = sizeOrder();
    options.standardize = false;
    FeatureEncoding e = *fitFeatureEncoding(d, split, options);
    QCOMPARE(e.featureCount(), 1);
    // S 0, M 1, L 2, M 1; missing: the mean level 1; XL 3 even though training never saw it.
    QCOMPARE(encodeFeatures(d, e), (std::vector<float>{0, 1, 2, 1, 1, 3}));
    QCOMPARE(encodingSummaryLines(e).last(), QStringLiteral("size: ordinal, 4 levels as 0-3 (S < M < L < XL), as is"));

    // Another version numbers its categories in another order: levels follow the names. A
    // category outside the order ("XXL") is read as missing.
    Dataset other;
    other.columns.push_back(categorical(QStringLiteral("size"),
                                        {QStringLiteral("XXL"), QStringLiteral("S"), QStringLiteral("L")}, {1, 2, 0}));
    QCOMPARE(encodeFeatures(other, e), (std::vector<float>{0, 2, 1}));

    options.standardize = true;
    e = *fitFeatureEncoding(d, split, options);
    const double mean = 1.0, deviation = std::sqrt(0.5); // levels 0, 1, 2, 1 on train
    QCOMPARE(e.columns.front().mean, mean);
    QVERIFY(mbtest::fuzzyEqual(e.columns.front().scale, deviation));
    QVERIFY(mbtest::fuzzyEqual(encodeFeatures(d, e, {2})[0], (2 - mean) / deviation, 1e-6));
}

void tst_FeatureEncoder::ordinalOrderMissingATrainingCategoryIsRefused()
{
    const Dataset d = sizes({2, 1, 0, 3});
    FeatureOptions options;
    options.ordinal.insert(QStringLiteral("size"), {QStringLiteral("S"), QStringLiteral("M"), QStringLiteral("L")});
    const Result<FeatureEncoding> refused = fitFeatureEncoding(d, {}, options);
    QVERIFY(!refused);
    QCOMPARE(refused.error(), QStringLiteral("features.ordinal.size: the order has no place for 'XL', found in the "
                                             "training rows; list every category of the column, lowest first (its "
                                             "categories in the training rows: L, M, S, XL)"));
    // Seen only outside training, XL needs no place: it will read as missing.
    const std::vector<SplitPart> split{SplitPart::Train, SplitPart::Train, SplitPart::Train, SplitPart::Test};
    QVERIFY(fitFeatureEncoding(d, split, options));
}

void tst_FeatureEncoder::optionsNamingTheWrongColumnsAreRefused_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("message");
    QTest::newRow("log1p of an unknown column")
        << "log1p"
        << "claim"
        << "features.log1p: there is no column 'claim'; log1p applies to numeric feature columns: age, claims";
    QTest::newRow("log1p of a categorical column")
        << "log1p"
        << "region"
        << "features.log1p: column 'region' is categorical; log1p applies to numeric feature columns: age, claims";
    QTest::newRow("log1p of the target") << "log1p"
                                         << "price"
                                         << "features.log1p: column 'price' is not a feature (its role is target); "
                                            "log1p applies to numeric feature columns: age, claims";
    QTest::newRow("an order for a numeric column") << "ordinal"
                                                   << "age"
                                                   << "features.ordinal.age: column 'age' is numeric; an order applies "
                                                      "to categorical feature columns: region, size";
    QTest::newRow("an order for an unknown column") << "ordinal"
                                                    << "colour"
                                                    << "features.ordinal.colour: there is no column 'colour'; an order "
                                                       "applies to categorical feature columns: region, size";
}

void tst_FeatureEncoder::optionsNamingTheWrongColumnsAreRefused()
{
    QFETCH(QString, option);
    QFETCH(QString, column);
    QFETCH(QString, message);
    Dataset d;
    d.columns.push_back(numeric(QStringLiteral("age"), {30, 40}));
    d.columns.push_back(numeric(QStringLiteral("claims"), {0, 3}));
    d.columns.push_back(
        categorical(QStringLiteral("region"), {QStringLiteral("north"), QStringLiteral("south")}, {0, 1}));
    d.columns.push_back(categorical(QStringLiteral("size"), {QStringLiteral("S"), QStringLiteral("M")}, {0, 1}));
    DatasetColumn price = numeric(QStringLiteral("price"), {100, 200});
    price.role = ColumnRole::Target;
    d.columns.push_back(price);
    FeatureOptions options;
    if (option == QLatin1String("log1p"))
        options.log1p = {column};
    else
        options.ordinal.insert(column, {QStringLiteral("low"), QStringLiteral("high")});
    // The same check before queueing (on the schema) and when fitting (on the data).
    const Status checked = checkFeatureOptions(options, schemaOf(d));
    QVERIFY(!checked);
    QCOMPARE(checked.error(), message);
    const Result<FeatureEncoding> fitted = fitFeatureEncoding(d, {}, options);
    QVERIFY(!fitted);
    QCOMPARE(fitted.error(), message);
}

void tst_FeatureEncoder::optionsRoundTripThroughJson()
{
    Dataset d = sizes({2, 1, 0, 3});
    d.columns.push_back(numeric(QStringLiteral("claims"), {0, 4, 9, kMissing}, MissingPolicy::Indicator));
    d.columns.push_back(fortyLevels().columns.front());
    d.columns.back().values.resize(4);
    FeatureOptions options = sizeOrder();
    options.log1p = {QStringLiteral("claims")};
    options.maxCategories = 2;
    options.standardize = false;
    const FeatureEncoding e = *fitFeatureEncoding(d, {}, options);
    const Result<FeatureEncoding> back = FeatureEncoding::fromJson(e.toJson());
    QVERIFY(back);
    QCOMPARE(back->toJson(), e.toJson());
    QCOMPARE(encodeFeatures(d, *back), encodeFeatures(d, e));
    QCOMPARE(encodingSummaryLines(*back), encodingSummaryLines(e));
}

QTEST_GUILESS_MAIN(tst_FeatureEncoder)
#include "tst_featureencoder.moc"
