// SPDX-License-Identifier: GPL-3.0-or-later
// Feature encoding: learned from the training rows only, one-hot with a cap, missing values.
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
    const FeatureEncoding e = *fitFeatureEncoding(d, {}, 20);
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

QTEST_GUILESS_MAIN(tst_FeatureEncoder)
#include "tst_featureencoder.moc"
