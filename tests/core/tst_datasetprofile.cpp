// SPDX-License-Identifier: GPL-3.0-or-later
// Dataset statistics and warnings: per-column statistics of small known columns, the class
// balance, the warnings the seeds call for (small class, dominant label, constant and empty
// columns, leaks, test rows older than training rows) and none where there is nothing to warn
// about, and the JSON the workspace stores.

#include "core/data/DatasetProfile.h"
#include "tests/support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>

using namespace mb;
using namespace mb::data;

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

// A small deterministic generator for test data.
struct Lcg {
    std::uint64_t state;
    double uniform() // [0, 1)
    {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return double(state >> 11) / double(std::uint64_t(1) << 53);
    }
    double gaussian()
    {
        const double u = std::max(uniform(), 1e-12);
        return std::sqrt(-2 * std::log(u)) * std::cos(6.283185307179586 * uniform());
    }
};

DatasetColumn makeColumn(const QString &name, ColumnType type, std::vector<double> values,
                         ColumnRole role = ColumnRole::Feature, QStringList categories = {})
{
    DatasetColumn c;
    c.name = name;
    c.type = type;
    c.role = role;
    c.values = std::move(values);
    c.categories = std::move(categories);
    return c;
}

// A binary categorical target "y" (classes "no", "yes") with `yes` of `rows` rows set, scattered.
DatasetColumn binaryTarget(int rows, int yes, std::uint64_t seed = 1)
{
    std::vector<double> values(std::size_t(rows), 0.0);
    std::fill(values.begin(), values.begin() + yes, 1.0);
    Lcg random{seed};
    for (std::size_t i = values.size(); i > 1; --i)
        std::swap(values[i - 1], values[std::size_t(random.uniform() * double(i))]);
    return makeColumn(QStringLiteral("y"), ColumnType::Categorical, values, ColumnRole::Target,
                      {QStringLiteral("no"), QStringLiteral("yes")});
}

QList<DataWarning::Kind> kindsFor(const std::vector<DataWarning> &warnings, const QString &column)
{
    QList<DataWarning::Kind> kinds;
    for (const DataWarning &w : warnings)
        if (w.column == column)
            kinds << w.kind;
    return kinds;
}

const DataWarning *findWarning(const std::vector<DataWarning> &warnings, DataWarning::Kind kind, const QString &column)
{
    for (const DataWarning &w : warnings)
        if (w.kind == kind && w.column == column)
            return &w;
    return nullptr;
}

QString describe(const std::vector<DataWarning> &warnings)
{
    QStringList lines;
    for (const DataWarning &w : warnings)
        lines << toKey(w.kind) + QStringLiteral(" on ") + w.column + QStringLiteral(": ") + w.message;
    return lines.isEmpty() ? QStringLiteral("(no warnings)") : lines.join(QStringLiteral("\n"));
}

std::int64_t sum(const std::vector<std::int64_t> &values)
{
    return std::accumulate(values.begin(), values.end(), std::int64_t(0));
}

} // namespace

class tst_DatasetProfile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void numericStatistics();
    void histogramsCountEveryPresentValue_data();
    void histogramsCountEveryPresentValue();
    void booleanStatistics();
    void categoricalStatistics();
    void manyCategoriesEndInOther();
    void dateTimeHistogramLabelsAreDates();
    void distinctCountIsCapped();
    void emptyDatasetHasNoStatistics();

    void classBalanceOfTargets();
    void smallClassWarning_data();
    void smallClassWarning();
    void dominantLabelWarning_data();
    void dominantLabelWarning();
    void constantColumnWarning();
    void emptyColumnWarning();
    void leakWarnings_data();
    void leakWarnings();

    void splitWarnings_data();
    void splitWarnings();

    void profileJsonRoundTrip();
};

// ---------------------------------------------------------------------------------------------
// Column statistics

void tst_DatasetProfile::numericStatistics()
{
    Dataset d;
    d.columns.push_back(makeColumn(QStringLiteral("x"), ColumnType::Numeric, {1, 2, 3, 4, NaN}));
    const DatasetProfile profile = profileDataset(d);
    QCOMPARE(profile.rows, std::int64_t(5));
    QCOMPARE(profile.columns.size(), std::size_t(1));
    const ColumnProfile &x = profile.columns.front();
    QCOMPARE(x.name, QStringLiteral("x"));
    QCOMPARE(x.type, ColumnType::Numeric);
    QCOMPARE(x.role, ColumnRole::Feature);
    QCOMPARE(x.missing, std::int64_t(1));
    QCOMPARE(x.missingPercent, 20.0);
    QCOMPARE(x.min, 1.0);
    QCOMPARE(x.max, 4.0);
    QCOMPARE(x.mean, 2.5);
    QCOMPARE(x.distinct, std::int64_t(4));
    QVERIFY(!x.distinctCapped);
    QCOMPARE(int(x.histogram.size()), kHistogramBins);
    QCOMPARE(x.histogramLabels.size(), kHistogramBins);
    QCOMPARE(sum(x.histogram), std::int64_t(4));
    // Equal-width bins from 1 to 4 (width 0.15): 1 in the first, 4 in the last.
    QCOMPARE(x.histogram.front(), std::int64_t(1));
    QCOMPARE(x.histogram.back(), std::int64_t(1));
    QCOMPARE(x.histogram[6], std::int64_t(1));  // 2 = 1 + 6.67 widths
    QCOMPARE(x.histogram[13], std::int64_t(1)); // 3 = 1 + 13.3 widths
    QCOMPARE(x.histogramLabels.front(), QStringLiteral("1"));
    QCOMPARE(x.histogramLabels.at(10), QStringLiteral("2.5"));
    QVERIFY(profile.warnings.empty());
}

void tst_DatasetProfile::histogramsCountEveryPresentValue_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<int>("categories");
    QTest::newRow("numeric with gaps") << int(ColumnType::Numeric) << QList<double>{5, -3, NaN, 2.5, 1e6, NaN, 0} << 0;
    QTest::newRow("numeric, one value") << int(ColumnType::Numeric) << QList<double>{7, 7, 7} << 0;
    QTest::newRow("boolean") << int(ColumnType::Boolean) << QList<double>{1, 1, NaN, 0} << 0;
    QTest::newRow("categorical") << int(ColumnType::Categorical) << QList<double>{0, 1, 1, 2, NaN, 2, 2} << 3;
    QTest::newRow("datetime") << int(ColumnType::DateTime) << QList<double>{1.7e9, 1.8e9, NaN, 1.75e9} << 0;
}

void tst_DatasetProfile::histogramsCountEveryPresentValue()
{
    QFETCH(int, type);
    QFETCH(QList<double>, values);
    QFETCH(int, categories);
    Dataset d;
    QStringList names;
    for (int i = 0; i < categories; ++i)
        names << QStringLiteral("c%1").arg(i);
    d.columns.push_back(
        makeColumn(QStringLiteral("x"), ColumnType(type), {values.begin(), values.end()}, ColumnRole::Feature, names));
    const ColumnProfile p = profileDataset(d).columns.front();
    const std::int64_t missing = std::count_if(values.begin(), values.end(), [](double v) { return std::isnan(v); });
    QCOMPARE(p.missing, missing);
    QCOMPARE(sum(p.histogram), std::int64_t(values.size()) - missing);
    QCOMPARE(qsizetype(p.histogram.size()), p.histogramLabels.size());
    QVERIFY(mbtest::fuzzyEqual(p.missingPercent, 100.0 * double(missing) / double(values.size())));
}

void tst_DatasetProfile::booleanStatistics()
{
    Dataset d;
    d.columns.push_back(makeColumn(QStringLiteral("b"), ColumnType::Boolean, {1, 0, 1, NaN, 1}));
    const ColumnProfile p = profileDataset(d).columns.front();
    QCOMPARE(p.min, 0.0);
    QCOMPARE(p.max, 1.0);
    QCOMPARE(p.mean, 0.75);
    QCOMPARE(p.distinct, std::int64_t(2));
    QCOMPARE(p.missing, std::int64_t(1));
    // One bar per value, the most frequent first.
    QCOMPARE(p.histogram, (std::vector<std::int64_t>{3, 1}));
    QCOMPARE(p.histogramLabels, (QStringList{"true", "false"}));
}

void tst_DatasetProfile::categoricalStatistics()
{
    Dataset d;
    d.columns.push_back(makeColumn(QStringLiteral("topic"), ColumnType::Categorical, {2, 2, 2, 0, 1, 1, NaN},
                                   ColumnRole::Feature, {"art", "food", "news"}));
    const ColumnProfile p = profileDataset(d).columns.front();
    QCOMPARE(p.distinct, std::int64_t(3));
    QCOMPARE(p.missing, std::int64_t(1));
    QVERIFY(mbtest::fuzzyEqual(p.missingPercent, 100.0 / 7.0));
    QCOMPARE(p.histogram, (std::vector<std::int64_t>{3, 2, 1}));
    QCOMPARE(p.histogramLabels, (QStringList{"news", "food", "art"}));
}

void tst_DatasetProfile::manyCategoriesEndInOther()
{
    // 15 categories; category k occurs 15 - k times. Twelve bars, then "other" for the rest.
    QStringList names;
    std::vector<double> values;
    for (int k = 0; k < 15; ++k) {
        names << QStringLiteral("k%1").arg(k, 2, 10, QLatin1Char('0'));
        values.insert(values.end(), std::size_t(15 - k), double(k));
    }
    Dataset d;
    d.columns.push_back(makeColumn(QStringLiteral("c"), ColumnType::Categorical, values, ColumnRole::Feature, names));
    const ColumnProfile p = profileDataset(d).columns.front();
    QCOMPARE(p.histogram.size(), std::size_t(13));
    QCOMPARE(p.histogram.front(), std::int64_t(15));
    QCOMPARE(p.histogramLabels.front(), QStringLiteral("k00"));
    QCOMPARE(p.histogram[11], std::int64_t(4));
    QCOMPARE(p.histogramLabels.at(11), QStringLiteral("k11"));
    QCOMPARE(p.histogram.back(), std::int64_t(3 + 2 + 1));
    QCOMPARE(p.histogramLabels.back(), QStringLiteral("other"));
    QCOMPARE(sum(p.histogram), std::int64_t(values.size()));
}

void tst_DatasetProfile::dateTimeHistogramLabelsAreDates()
{
    Dataset d;
    d.columns.push_back(makeColumn(QStringLiteral("t"), ColumnType::DateTime, {1767571200, 1767571200 + 20 * 86400.0}));
    const ColumnProfile p = profileDataset(d).columns.front();
    QCOMPARE(p.min, 1767571200.0);
    QCOMPARE(p.histogramLabels.front(), QStringLiteral("2026-01-05T00:00:00Z"));
    QCOMPARE(p.histogramLabels.at(1), QStringLiteral("2026-01-06T00:00:00Z"));
    QCOMPARE(p.histogram.front(), std::int64_t(1));
    QCOMPARE(p.histogram.back(), std::int64_t(1));
}

void tst_DatasetProfile::distinctCountIsCapped()
{
    std::vector<double> values(std::size_t(kDistinctCap) + 5);
    std::iota(values.begin(), values.end(), 0.0);
    Dataset d;
    d.columns.push_back(makeColumn(QStringLiteral("id"), ColumnType::Numeric, values));
    d.columns.push_back(
        makeColumn(QStringLiteral("few"), ColumnType::Numeric, std::vector<double>(values.size(), 1.0)));
    d.columns.back().values[3] = 2;
    const DatasetProfile profile = profileDataset(d);
    QVERIFY(profile.columns[0].distinctCapped);
    QCOMPARE(profile.columns[0].distinct, kDistinctCap);
    QVERIFY(!profile.columns[1].distinctCapped);
    QCOMPARE(profile.columns[1].distinct, std::int64_t(2));
}

void tst_DatasetProfile::emptyDatasetHasNoStatistics()
{
    const DatasetProfile profile = profileDataset(Dataset{});
    QCOMPARE(profile.rows, std::int64_t(0));
    QVERIFY(profile.columns.empty());
    QVERIFY(profile.warnings.empty());
}

// ---------------------------------------------------------------------------------------------
// Class balance and warnings

void tst_DatasetProfile::classBalanceOfTargets()
{
    Dataset d;
    d.columns.push_back(binaryTarget(300, 120));
    d.columns.push_back(makeColumn(QStringLiteral("clicked"), ColumnType::Numeric,
                                   std::vector<double>{0, 1, 1, 0, 1, 2}, ColumnRole::Target));
    d.columns.back().values.resize(300, 0.0);
    d.columns.push_back(
        makeColumn(QStringLiteral("price"), ColumnType::Numeric, std::vector<double>(300, 0.5), ColumnRole::Target));
    d.columns.back().values[0] = 1.25;
    const DatasetProfile profile = profileDataset(d);
    QCOMPARE(profile.classBalance.size(), std::size_t(2)); // a continuous target has no classes
    QCOMPARE(profile.classBalance[0].target, QStringLiteral("y"));
    QCOMPARE(profile.classBalance[0].classes, (QStringList{"no", "yes"}));
    QCOMPARE(profile.classBalance[0].counts, (std::vector<std::int64_t>{180, 120}));
    // A numeric target with a few whole values is read as classes.
    QCOMPARE(profile.classBalance[1].target, QStringLiteral("clicked"));
    QCOMPARE(profile.classBalance[1].classes, (QStringList{"0", "1", "2"}));
    QCOMPARE(profile.classBalance[1].counts, (std::vector<std::int64_t>{296, 3, 1}));
}

void tst_DatasetProfile::smallClassWarning_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("yes");
    QTest::addColumn<bool>("warned");
    QTest::newRow("50 of 200") << 200 << 50 << true;
    QTest::newRow("99 examples") << 400 << 99 << true;
    QTest::newRow("100 examples") << 400 << 100 << false;
    QTest::newRow("balanced 1000") << 1000 << 500 << false;
}

void tst_DatasetProfile::smallClassWarning()
{
    QFETCH(int, rows);
    QFETCH(int, yes);
    QFETCH(bool, warned);
    Dataset d;
    d.columns.push_back(binaryTarget(rows, yes));
    const DatasetProfile profile = profileDataset(d);
    const DataWarning *w = findWarning(profile.warnings, DataWarning::Kind::SmallClass, QStringLiteral("y"));
    QCOMPARE(w != nullptr, warned);
    if (warned) {
        QCOMPARE(w->message,
                 QStringLiteral("class 'yes' of 'y' has %1 example(s); aim for at least 100 per class").arg(yes));
        QCOMPARE(kindsFor(profile.warnings, QStringLiteral("y")).count(DataWarning::Kind::SmallClass), 1);
    }
}

void tst_DatasetProfile::dominantLabelWarning_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("yes");
    QTest::addColumn<bool>("warned");
    QTest::newRow("99.5%") << 20000 << 100 << true;
    QTest::newRow("exactly 99%") << 20000 << 200 << true;
    QTest::newRow("98.9%") << 20000 << 220 << false;
    QTest::newRow("balanced") << 20000 << 10000 << false;
}

void tst_DatasetProfile::dominantLabelWarning()
{
    QFETCH(int, rows);
    QFETCH(int, yes);
    QFETCH(bool, warned);
    Dataset d;
    d.columns.push_back(binaryTarget(rows, yes));
    const DatasetProfile profile = profileDataset(d);
    const DataWarning *w = findWarning(profile.warnings, DataWarning::Kind::DominantLabel, QStringLiteral("y"));
    QVERIFY2((w != nullptr) == warned, qPrintable(describe(profile.warnings)));
    if (warned)
        QVERIFY2(w->message.startsWith(QStringLiteral("class 'no' covers 99.")), qPrintable(w->message));
}

void tst_DatasetProfile::constantColumnWarning()
{
    Dataset d;
    d.columns.push_back(
        makeColumn(QStringLiteral("country"), ColumnType::Categorical, {0, 0, 0, NaN}, ColumnRole::Feature, {"NO"}));
    d.columns.push_back(makeColumn(QStringLiteral("five"), ColumnType::Numeric, {5, 5, 5, 5}));
    d.columns.push_back(makeColumn(QStringLiteral("unused"), ColumnType::Numeric, {1, 1, 1, 1}, ColumnRole::Ignored));
    d.columns.push_back(makeColumn(QStringLiteral("varied"), ColumnType::Numeric, {1, 2, 1, 2}));
    const DatasetProfile profile = profileDataset(d);
    const DataWarning *five = findWarning(profile.warnings, DataWarning::Kind::ConstantColumn, QStringLiteral("five"));
    QVERIFY2(five, qPrintable(describe(profile.warnings)));
    QVERIFY(five->message.startsWith(QStringLiteral("'five' has the same value in every row")));
    QVERIFY(findWarning(profile.warnings, DataWarning::Kind::ConstantColumn, QStringLiteral("country")));
    // An ignored column is not the user's concern; a varied one is fine.
    QVERIFY(kindsFor(profile.warnings, QStringLiteral("unused")).isEmpty());
    QVERIFY(kindsFor(profile.warnings, QStringLiteral("varied")).isEmpty());
    QCOMPARE(profile.warnings.size(), std::size_t(2));
    // A constant numeric column still has a histogram: every value in one bar.
    QCOMPARE(profile.columns[1].histogram.front(), std::int64_t(4));
}

void tst_DatasetProfile::emptyColumnWarning()
{
    Dataset d;
    d.columns.push_back(makeColumn(QStringLiteral("nothing"), ColumnType::Numeric, {NaN, NaN, NaN}));
    d.columns.push_back(makeColumn(QStringLiteral("some"), ColumnType::Numeric, {NaN, 1, 2}));
    const DatasetProfile profile = profileDataset(d);
    QCOMPARE(kindsFor(profile.warnings, QStringLiteral("nothing")),
             QList<DataWarning::Kind>{DataWarning::Kind::EmptyColumn});
    QCOMPARE(findWarning(profile.warnings, DataWarning::Kind::EmptyColumn, QStringLiteral("nothing"))->message,
             QStringLiteral("'nothing' has no values at all"));
    QVERIFY(kindsFor(profile.warnings, QStringLiteral("some")).isEmpty());
    const ColumnProfile &nothing = profile.columns.front();
    QCOMPARE(nothing.missingPercent, 100.0);
    QCOMPARE(nothing.distinct, std::int64_t(0));
    QVERIFY(nothing.histogram.empty());
}

void tst_DatasetProfile::leakWarnings_data()
{
    QTest::addColumn<QString>("feature");
    QTest::addColumn<int>("rows");
    QTest::addColumn<bool>("regression");
    QTest::addColumn<bool>("leak");
    QTest::newRow("label plus tiny noise") << "label plus noise" << 1000 << false << true;
    QTest::newRow("label plus tiny noise, 200 rows") << "label plus noise" << 200 << false << true;
    QTest::newRow("category maps 1:1 to the label") << "code" << 1200 << false << true;
    QTest::newRow("regression target times two") << "double" << 1000 << true << true;
    QTest::newRow("honest noisy feature") << "noisy" << 1000 << false << false;
    QTest::newRow("honest noisy feature, regression") << "noisy" << 1000 << true << false;
    QTest::newRow("honest category") << "topic" << 1200 << false << false;
    QTest::newRow("text id") << "text id" << 1000 << false << false;
    QTest::newRow("numeric id, 5000 rows") << "row id" << 5000 << false << false;
    QTest::newRow("numeric id, 200 rows") << "row id" << 200 << false << false;
    QTest::newRow("leaky value column is not a feature") << "value column" << 1000 << false << false;
}

void tst_DatasetProfile::leakWarnings()
{
    QFETCH(QString, feature);
    QFETCH(int, rows);
    QFETCH(bool, regression);
    QFETCH(bool, leak);

    Lcg random{77};
    Dataset d;
    // Classification: three classes for the categorical rows, else two. Regression: a continuous
    // target, roughly standard normal.
    const bool threeClasses = feature == QLatin1String("code") || feature == QLatin1String("topic");
    std::vector<double> label(static_cast<std::size_t>(rows));
    for (std::size_t r = 0; r < label.size(); ++r)
        label[r] = regression ? random.gaussian() : double(r % (threeClasses ? 3 : 2));
    for (std::size_t i = label.size(); i > 1; --i)
        std::swap(label[i - 1], label[std::size_t(random.uniform() * double(i))]);
    if (regression)
        d.columns.push_back(makeColumn(QStringLiteral("y"), ColumnType::Numeric, label, ColumnRole::Target));
    else
        d.columns.push_back(makeColumn(QStringLiteral("y"), ColumnType::Categorical, label, ColumnRole::Target,
                                       threeClasses ? QStringList{"a", "b", "c"} : QStringList{"no", "yes"}));

    std::vector<double> values(label.size());
    ColumnType type = ColumnType::Numeric;
    ColumnRole role = ColumnRole::Feature;
    QStringList categories;
    for (std::size_t r = 0; r < values.size(); ++r) {
        if (feature == QLatin1String("label plus noise")) {
            values[r] = label[r] + 1e-3 * random.uniform();
        } else if (feature == QLatin1String("code")) {
            values[r] = double((int(label[r]) + 2) % 3); // a -> z, b -> x, c -> y
        } else if (feature == QLatin1String("double")) {
            values[r] = 2 * label[r] + 1e-4 * random.uniform();
        } else if (feature == QLatin1String("noisy")) {
            values[r] = label[r] + random.gaussian();
        } else if (feature == QLatin1String("topic")) {
            values[r] = random.uniform() < 0.7 ? label[r] : double(int(random.uniform() * 3));
        } else if (feature == QLatin1String("text id")) {
            values[r] = double(r);
        } else if (feature == QLatin1String("row id")) {
            values[r] = double(r + 1);
        } else if (feature == QLatin1String("value column")) {
            values[r] = label[r] * 10;
            role = ColumnRole::Value;
        }
    }
    if (feature == QLatin1String("code") || feature == QLatin1String("topic")) {
        type = ColumnType::Categorical;
        categories = {"x", "y", "z"};
    } else if (feature == QLatin1String("text id")) {
        type = ColumnType::Categorical;
        for (int r = 0; r < rows; ++r)
            categories << QStringLiteral("user-%1").arg(r);
    }
    d.columns.push_back(makeColumn(feature, type, values, role, categories));

    const DatasetProfile profile = profileDataset(d);
    const DataWarning *w = findWarning(profile.warnings, DataWarning::Kind::Leak, feature);
    QVERIFY2((w != nullptr) == leak, qPrintable(describe(profile.warnings)));
    if (w && leak)
        QVERIFY2(w->message.startsWith(QStringLiteral("'%1' ").arg(feature)) &&
                     w->message.contains(QStringLiteral("leak")),
                 qPrintable(w->message));
    // The target itself is never called a leak.
    QVERIFY(!findWarning(profile.warnings, DataWarning::Kind::Leak, QStringLiteral("y")));
}

// ---------------------------------------------------------------------------------------------
// Split warnings

void tst_DatasetProfile::splitWarnings_data()
{
    QTest::addColumn<QString>("split");
    QTest::addColumn<bool>("timeOrderedFile");
    QTest::addColumn<bool>("warned");
    QTest::newRow("random split over a date column") << "random:0.1,0.2" << false << true;
    QTest::newRow("stratified split over a date column") << "stratified:y:0.1,0.2" << false << true;
    QTest::newRow("ordered by the date") << "ordered:posted_at:0.1,0.2" << false << false;
    QTest::newRow("ordered by the date, no validation") << "ordered:posted_at:0,0.3" << false << false;
    QTest::newRow("last rows of a file in time order") << "last:100" << true << false;
    QTest::newRow("last rows of a shuffled file") << "last:100" << false << true;
}

void tst_DatasetProfile::splitWarnings()
{
    QFETCH(QString, split);
    QFETCH(bool, timeOrderedFile);
    QFETCH(bool, warned);

    constexpr int kRows = 1000;
    std::vector<double> times(kRows);
    for (int r = 0; r < kRows; ++r)
        times[std::size_t(r)] = 1767571200 + r * 600.0;
    if (!timeOrderedFile) {
        Lcg random{5};
        for (std::size_t i = times.size(); i > 1; --i)
            std::swap(times[i - 1], times[std::size_t(random.uniform() * double(i))]);
    }
    Dataset d;
    d.columns.push_back(makeColumn(QStringLiteral("length"), ColumnType::Numeric, std::vector<double>(kRows, 3.0)));
    d.columns.push_back(makeColumn(QStringLiteral("posted_at"), ColumnType::DateTime, times));
    d.columns.push_back(binaryTarget(kRows, 400));

    const Result<SplitSpec> spec = SplitSpec::parse(split, 42);
    QVERIFY(spec.ok());
    const Result<std::vector<SplitPart>> parts = assignSplit(d, *spec);
    QVERIFY2(parts.ok(), qPrintable(parts.ok() ? QString() : parts.error()));
    const std::vector<DataWarning> warnings = data::splitWarnings(d, *spec, *parts);
    if (!warned) {
        QVERIFY2(warnings.empty(), qPrintable(describe(warnings)));
        return;
    }
    QCOMPARE(warnings.size(), std::size_t(1));
    const DataWarning &w = warnings.front();
    QCOMPARE(w.kind, DataWarning::Kind::TestOlderThanTrain);
    QCOMPARE(w.column, QStringLiteral("posted_at"));
    const std::int64_t test = countSplit(*parts).test;
    QVERIFY2(w.message.contains(QStringLiteral(" of %1 test rows are older than the newest training row (by "
                                               "'posted_at')")
                                    .arg(test)),
             qPrintable(w.message));
}

// ---------------------------------------------------------------------------------------------
// JSON

void tst_DatasetProfile::profileJsonRoundTrip()
{
    Dataset d;
    d.columns.push_back(binaryTarget(250, 40));
    d.columns.push_back(makeColumn(QStringLiteral("x"), ColumnType::Numeric, std::vector<double>(250, 0.1)));
    for (std::size_t r = 0; r < 250; r += 3)
        d.columns.back().values[r] = r % 2 ? NaN : 1.0 / 3.0 + double(r);
    d.columns.push_back(makeColumn(QStringLiteral("t"), ColumnType::DateTime, std::vector<double>(250, 1.7e9)));
    d.columns.back().values[5] = 1.8e9 + 0.25;
    d.columns.push_back(makeColumn(QStringLiteral("empty"), ColumnType::Numeric, std::vector<double>(250, NaN)));
    const DatasetProfile profile = profileDataset(d);
    QVERIFY(!profile.warnings.empty());

    const QJsonObject json = profileToJson(profile);
    const QByteArray bytes = QJsonDocument(json).toJson(QJsonDocument::Compact);
    const DatasetProfile back = profileFromJson(QJsonDocument::fromJson(bytes).object());
    QCOMPARE(profileToJson(back), json);

    QCOMPARE(back.rows, profile.rows);
    QCOMPARE(back.columns.size(), profile.columns.size());
    for (std::size_t i = 0; i < profile.columns.size(); ++i) {
        const ColumnProfile &a = profile.columns[i];
        const ColumnProfile &b = back.columns[i];
        QCOMPARE(b.name, a.name);
        QCOMPARE(b.type, a.type);
        QCOMPARE(b.role, a.role);
        QCOMPARE(b.missing, a.missing);
        QCOMPARE(b.missingPercent, a.missingPercent);
        // Exact, not fuzzy: the JSON keeps every bit of a double.
        QVERIFY(b.min == a.min && b.max == a.max && b.mean == a.mean);
        QCOMPARE(b.distinct, a.distinct);
        QCOMPARE(b.distinctCapped, a.distinctCapped);
        QCOMPARE(b.histogram, a.histogram);
        QCOMPARE(b.histogramLabels, a.histogramLabels);
    }
    QCOMPARE(back.classBalance.size(), std::size_t(1));
    QCOMPARE(back.classBalance[0].classes, profile.classBalance[0].classes);
    QCOMPARE(back.classBalance[0].counts, profile.classBalance[0].counts);
    QCOMPARE(back.warnings.size(), profile.warnings.size());
    for (std::size_t i = 0; i < profile.warnings.size(); ++i) {
        QCOMPARE(back.warnings[i].kind, profile.warnings[i].kind);
        QCOMPARE(back.warnings[i].column, profile.warnings[i].column);
        QCOMPARE(back.warnings[i].message, profile.warnings[i].message);
    }
    // Every kind survives the trip by its key.
    std::vector<DataWarning> all;
    for (DataWarning::Kind kind :
         {DataWarning::Kind::SmallClass, DataWarning::Kind::DominantLabel, DataWarning::Kind::TestOlderThanTrain,
          DataWarning::Kind::ConstantColumn, DataWarning::Kind::EmptyColumn, DataWarning::Kind::Leak})
        all.push_back({kind, toKey(kind), QStringLiteral("m")});
    const std::vector<DataWarning> kinds = warningsFromJson(warningsToJson(all));
    QCOMPARE(kinds.size(), all.size());
    for (std::size_t i = 0; i < all.size(); ++i)
        QCOMPARE(kinds[i].kind, all[i].kind);
}

QTEST_GUILESS_MAIN(tst_DatasetProfile)
#include "tst_datasetprofile.moc"
