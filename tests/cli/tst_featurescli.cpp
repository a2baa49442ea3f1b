// SPDX-License-Identifier: GPL-3.0-or-later
// The run config's feature options end to end (`features`, docs/RUN-CONFIG.md): the real
// `metricbridge` imports an insurance-style CSV it writes itself (a region with 40 levels, skewed
// claim counts, ordered sizes), refuses options that name the wrong columns before anything is
// stored, fails a run whose training rows do not fit its options, keeps 40 levels when asked and
// shows it in `runs --json`, and evaluates the run on another dataset version with the encoding
// the run stored, so an item scores the same on both versions.
#include "tests/support/CommandRun.h"
#include "tests/support/TestSupport.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

namespace {

using Run = mbtest::CommandRun;

const QString kProject = QStringLiteral("Insurance");
constexpr int kRows = 600;
constexpr int kRegions = 40;

Run metricbridge(const QStringList &arguments)
{
    return mbtest::runMetricbridge(arguments);
}

// Policies 1..rows: the region (40 levels, evenly spread), claims (mostly 0, a few large), a
// balance that goes negative, sizes S < M < L < XL, and whether the policy lapsed, which depends
// on all of them so a model has something to learn.
QByteArray policiesCsv(int rows)
{
    static const char *const kSizes[] = {"S", "M", "L", "XL"};
    QByteArray csv = "id,age,claims,balance,region,size,lapsed\n";
    for (int i = 1; i <= rows; ++i) {
        const int age = 18 + (i * 7) % 60;
        const int claims = (i * 37) % 10 < 7 ? 0 : ((i * 13) % 50) * ((i * 13) % 50) / 10;
        const int balance = (i * 5) % 9 - 3;
        const int region = (i * 11) % kRegions;
        const int size = (i * 3) % 4;
        const double score =
            (age - 48) / 15.0 + (region < 12 ? 1.0 : -0.4) + 0.3 * size - 0.02 * claims + ((i * 31) % 7 - 3) / 3.0;
        csv += QByteArray::number(i) + ',' + QByteArray::number(age) + ',' + QByteArray::number(claims) + ',' +
               QByteArray::number(balance) + ',' + QStringLiteral("r%1").arg(region, 2, 10, QLatin1Char('0')).toUtf8() +
               ',' + kSizes[size] + ',' + (score > 0 ? "1" : "0") + '\n';
    }
    return csv;
}

QJsonObject sizeOrder(bool withXl = true)
{
    QJsonArray order{QStringLiteral("S"), QStringLiteral("M"), QStringLiteral("L")};
    if (withXl)
        order.append(QStringLiteral("XL"));
    return QJsonObject{{QStringLiteral("size"), order}};
}

// A logistic model trained for two epochs with `features`.
QByteArray runConfig(const QString &name, qint64 version, qint64 split, const QJsonObject &features)
{
    QJsonObject config =
        mbtest::linearRunConfig(name, version, split, QStringLiteral("binary"), QStringLiteral("lapsed"), 2);
    if (!features.isEmpty())
        config.insert(QStringLiteral("features"), features);
    return QJsonDocument(config).toJson();
}

// An exported predictions file as id -> the score column's text.
QHash<QString, double> scoresById(const QString &path)
{
    QList<QByteArray> lines = mbtest::fileBytes(path).trimmed().split('\n');
    QHash<QString, double> scores;
    if (lines.isEmpty())
        return scores;
    const QList<QByteArray> header = lines.takeFirst().split(',');
    const qsizetype id = header.indexOf("id");
    qsizetype score = -1;
    for (qsizetype c = 0; c < header.size(); ++c)
        if (header.at(c).startsWith("score:"))
            score = c;
    if (id < 0 || score < 0)
        return scores;
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.split(',');
        scores.insert(QString::fromUtf8(fields.value(id)), fields.value(score).toDouble());
    }
    return scores;
}

// A column's entry of a run's `features` in `runs --json`.
QJsonObject featureColumn(const QJsonObject &run, const QString &column)
{
    for (const QJsonValue &c : run.value(QStringLiteral("features"))[QStringLiteral("columns")].toArray())
        if (c[QStringLiteral("column")].toString() == column)
            return c.toObject();
    return {};
}

} // namespace

class tst_FeaturesCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void optionsNamingTheWrongColumnsAreRefusedAndNothingIsStored_data();
    void optionsNamingTheWrongColumnsAreRefusedAndNothingIsStored();
    void trainingRowsThatDoNotFitTheOptionsFailTheRun_data();
    void trainingRowsThatDoNotFitTheOptionsFailTheRun();
    // In this order: the last evaluates the run the one before trains.
    void aRunKeepsFortyLevelsWhenAskedAndShowsIt();
    void anotherVersionIsEncodedWithTheRunsOwnEncoding();

private:
    QString workspace() const { return m_dir->filePath(QStringLiteral("insurance.mbw")); }
    QString write(const QString &name, const QByteArray &bytes) { return mbtest::writeIn(m_dir->path(), name, bytes); }
    Run train(const QString &name, const QJsonObject &features)
    {
        const QString config = write(name + QStringLiteral(".json"), runConfig(name, m_version, m_split, features));
        return metricbridge({"train", "--workspace", workspace(), "--project", kProject, "--config", config});
    }
    QJsonArray runs()
    {
        const Run listed = metricbridge({"runs", "--workspace", workspace(), "--project", kProject, "--json"});
        return QJsonDocument::fromJson(listed.out).array();
    }
    QJsonObject runById(qint64 id)
    {
        for (const QJsonValue &run : runs())
            if (run[QStringLiteral("id")].toInteger() == id)
                return run.toObject();
        return {};
    }
    qint64 import(const QString &file)
    {
        const Run imported = metricbridge({"dataset", "import", "--workspace", workspace(), "--project", kProject,
                                           "--file", file, "--target", "lapsed", "--ignore", "id", "--json"});
        if (imported.exitCode != 0)
            qWarning("%s", imported.err.constData());
        return QJsonDocument::fromJson(imported.out).object().value(QStringLiteral("id")).toInteger();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    qint64 m_version = 0, m_split = 0, m_run = 0;
};

void tst_FeaturesCli::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const Run created = metricbridge({"project", "create", "--workspace", workspace(), "--name", kProject});
    QVERIFY2(created.exitCode == 0, created.err.constData());
    const Run imported = metricbridge({"dataset", "import", "--workspace", workspace(), "--project", kProject, "--file",
                                       write(QStringLiteral("policies.csv"), policiesCsv(kRows)), "--target", "lapsed",
                                       "--ignore", "id", "--split", "random:0.2,0.2", "--json"});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    const QJsonObject version = QJsonDocument::fromJson(imported.out).object();
    m_version = version.value(QStringLiteral("id")).toInteger();
    m_split = version.value(QStringLiteral("split"))[QStringLiteral("id")].toInteger();
    QVERIFY(m_version > 0 && m_split > 0);
}

void tst_FeaturesCli::optionsNamingTheWrongColumnsAreRefusedAndNothingIsStored_data()
{
    QTest::addColumn<QJsonObject>("features");
    QTest::addColumn<QString>("reason");
    QTest::newRow("log1p of an unknown column")
        << QJsonObject{{QStringLiteral("log1p"), QJsonArray{QStringLiteral("claim")}}}
        << "features.log1p: there is no column 'claim'; log1p applies to numeric feature columns: age, claims, balance";
    QTest::newRow("log1p of a categorical column")
        << QJsonObject{{QStringLiteral("log1p"), QJsonArray{QStringLiteral("region")}}}
        << "features.log1p: column 'region' is categorical; log1p applies to numeric feature columns: age, claims, "
           "balance";
    QTest::newRow("log1p of the ignored id")
        << QJsonObject{{QStringLiteral("log1p"), QJsonArray{QStringLiteral("id")}}}
        << "features.log1p: column 'id' is not a feature (its role is ignored); log1p applies to numeric feature "
           "columns: age, claims, balance";
    QTest::newRow("an order for a numeric column")
        << QJsonObject{{QStringLiteral("ordinal"), QJsonObject{{QStringLiteral("age"), QJsonArray{"young", "old"}}}}}
        << "features.ordinal.age: column 'age' is numeric; an order applies to categorical feature columns: region, "
           "size";
}

void tst_FeaturesCli::optionsNamingTheWrongColumnsAreRefusedAndNothingIsStored()
{
    QFETCH(QJsonObject, features);
    QFETCH(QString, reason);
    const qsizetype before = runs().size();
    const Run refused = train(QStringLiteral("refused"), features);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(reason.toUtf8()), refused.err.constData());
    QCOMPARE(runs().size(), before); // refused before it was queued: no run
}

void tst_FeaturesCli::trainingRowsThatDoNotFitTheOptionsFailTheRun_data()
{
    QTest::addColumn<QJsonObject>("features");
    QTest::addColumn<QString>("reason");
    QTest::newRow("log1p of a column with negative values")
        << QJsonObject{{QStringLiteral("log1p"), QJsonArray{QStringLiteral("balance")}}}
        << "features.log1p: column 'balance' has negative values in the training rows (the lowest is -3); log1p is "
           "for counts and amounts of 0 or more";
    QTest::newRow("an order without a category of the training rows")
        << QJsonObject{{QStringLiteral("ordinal"), sizeOrder(false)}}
        << "features.ordinal.size: the order has no place for 'XL', found in the training rows; list every category "
           "of the column, lowest first (its categories in the training rows: L, M, S, XL)";
}

void tst_FeaturesCli::trainingRowsThatDoNotFitTheOptionsFailTheRun()
{
    QFETCH(QJsonObject, features);
    QFETCH(QString, reason);
    const Run failed = train(QStringLiteral("misfit"), features);
    QVERIFY(failed.exitCode != 0);
    const qint64 id = mbtest::startedRunId(failed.out);
    QVERIFY(id > 0);
    // Stored as a failed run, as any run the worker cannot train, saying why; no encoding.
    const QJsonObject run = runById(id);
    QCOMPARE(run.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
    QVERIFY2(run.value(QStringLiteral("error")).toString().contains(reason), qPrintable(run.value("error").toString()));
    QVERIFY(run.value(QStringLiteral("features")).isNull());
    QVERIFY(run.value(QStringLiteral("evaluation")).isNull());
}

void tst_FeaturesCli::aRunKeepsFortyLevelsWhenAskedAndShowsIt()
{
    // The defaults: the 20 most frequent regions, the other 20 merged, as the user is shown.
    const Run plain = train(QStringLiteral("default encoding"), {});
    QVERIFY2(plain.exitCode == 0, plain.err.constData());
    const QJsonObject cut = featureColumn(runById(mbtest::startedRunId(plain.out)), QStringLiteral("region"));
    QCOMPARE(cut.value(QStringLiteral("kind")).toString(), QStringLiteral("one_hot"));
    QCOMPARE(cut.value(QStringLiteral("kept")).toInt(), 20);
    QCOMPARE(cut.value(QStringLiteral("train_categories")).toInt(), kRegions);
    QCOMPARE(cut.value(QStringLiteral("text")).toString(), QStringLiteral("one-hot, 20 of 40 categories kept + other"));

    const Run trained = train(QStringLiteral("forty regions"),
                              QJsonObject{{QStringLiteral("max_categories"), 40},
                                          {QStringLiteral("log1p"), QJsonArray{QStringLiteral("claims")}},
                                          {QStringLiteral("ordinal"), sizeOrder()}});
    QVERIFY2(trained.exitCode == 0, trained.err.constData());
    m_run = mbtest::startedRunId(trained.out);
    const QJsonObject run = runById(m_run);
    QCOMPARE(run.value(QStringLiteral("status")).toString(), QStringLiteral("finished"));
    const QJsonObject features = run.value(QStringLiteral("features")).toObject();
    QCOMPARE(features.value(QStringLiteral("max_categories")).toInt(), 40);
    const QJsonObject region = featureColumn(run, QStringLiteral("region"));
    QCOMPARE(region.value(QStringLiteral("kept")).toInt(), kRegions);
    QCOMPARE(region.value(QStringLiteral("text")).toString(), QStringLiteral("one-hot, 40 categories"));
    const QJsonObject claims = featureColumn(run, QStringLiteral("claims"));
    QCOMPARE(claims.value(QStringLiteral("log1p")).toBool(), true);
    QCOMPARE(claims.value(QStringLiteral("text")).toString(), QStringLiteral("number, log1p, standardised"));
    const QJsonObject size = featureColumn(run, QStringLiteral("size"));
    QCOMPARE(size.value(QStringLiteral("kind")).toString(), QStringLiteral("ordinal"));
    QCOMPARE(size.value(QStringLiteral("levels")).toInt(), 4);
    // age, claims, balance, 40 regions, size: the inputs the model was built for.
    QCOMPARE(features.value(QStringLiteral("inputs")).toInt(), 3 + kRegions + 1);
}

void tst_FeaturesCli::anotherVersionIsEncodedWithTheRunsOwnEncoding()
{
    QVERIFY(m_run > 0);
    // The first 200 policies again, as another version: fitted afresh on them (or with the split's
    // 20-region encoding), the model would read other numbers, and these items would score otherwise.
    const qint64 other = import(write(QStringLiteral("policies-first-200.csv"), policiesCsv(200)));
    QVERIFY(other > 0 && other != m_version);
    const Run evaluated = metricbridge({"evaluate", "--workspace", workspace(), "--run", QString::number(m_run),
                                        "--dataset-version", QString::number(other), "--json"});
    QVERIFY2(evaluated.exitCode == 0, evaluated.err.constData());
    const qint64 evaluation =
        QJsonDocument::fromJson(evaluated.out).object().value(QStringLiteral("evaluation")).toInteger();

    const QString judged = m_dir->filePath(QStringLiteral("judged.csv"));
    const QString onOther = m_dir->filePath(QStringLiteral("other.csv"));
    for (const auto &[path, extra] : {std::pair{judged, QStringList{}},
                                      std::pair{onOther, QStringList{"--evaluation", QString::number(evaluation)}}}) {
        const Run exported = metricbridge(QStringList{"export", "predictions", "--workspace", workspace(), "--run",
                                                      QString::number(m_run), "--out", path} +
                                          extra);
        QVERIFY2(exported.exitCode == 0, exported.err.constData());
    }
    const QHash<QString, double> test = scoresById(judged);
    const QHash<QString, double> again = scoresById(onOther);
    QCOMPARE(again.size(), 200);
    int shared = 0;
    for (auto it = test.cbegin(); it != test.cend(); ++it) {
        if (!again.contains(it.key()))
            continue;
        ++shared;
        QVERIFY2(std::abs(again.value(it.key()) - it.value()) < 1e-6,
                 qPrintable(QStringLiteral("policy %1 scores %2 on its own version, %3 on the other")
                                .arg(it.key())
                                .arg(it.value())
                                .arg(again.value(it.key()))));
    }
    QVERIFY2(shared >= 20, "enough test policies are among the first 200");
}

QTEST_GUILESS_MAIN(tst_FeaturesCli)
#include "tst_featurescli.moc"
