// SPDX-License-Identifier: GPL-3.0-or-later
// Bring your own model, end to end through the real executable on a copy of the demo: the rows of
// a part go out (`dataset export`), a model fitted here on the training rows predicts the
// validation and test rows, and the run comes back (`log start|metrics|predictions|artifact|
// finish`). `runs --json` must then show ML metrics equal to this folder's scikit-learn-exact
// functions on those predictions and business metrics equal to the engine's, and every refusal
// must name its problem and store nothing.

#include "core/FramingJson.h"
#include "tests/support/CommandRun.h"
#include "tests/support/DemoFixture.h"
#include "tests/support/ExternalRunChecks.h"
#include "tests/support/TestSupport.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

using namespace mb;

namespace {

using Run = mbtest::CommandRun;
const QString kProject = QStringLiteral("Newsfeed ranking");

Run metricbridge(const QStringList &arguments, const QByteArray &input = {})
{
    return mbtest::runMetricbridge(arguments, input);
}

using Table = mbtest::CsvTable;

Table readCsv(const QString &path)
{
    return mbtest::readCsvTable(path);
}

// The model: P(quality = 1) per topic and image, with add-one smoothing, fitted on the training rows.
struct TopicRate {
    QHash<QString, std::pair<double, double>> counts; // key -> (positives, rows)
    static QString key(const Table &t, const QStringList &row)
    {
        return row.value(t.column(QStringLiteral("topic"))) + QLatin1Char('|') +
               row.value(t.column(QStringLiteral("has_image")));
    }
    void fit(const Table &train)
    {
        for (const QStringList &row : train.rows) {
            auto &[positives, n] = counts[key(train, row)];
            positives += row.value(train.column(QStringLiteral("quality"))).toDouble();
            n += 1;
        }
    }
    double predict(const Table &t, const QStringList &row) const
    {
        const auto [positives, n] = counts.value(key(t, row));
        return (positives + 1) / (n + 2);
    }
};

QByteArray predictionsCsv(const Table &part, const TopicRate &model)
{
    QByteArray csv = "row,score:quality\n";
    for (const QStringList &row : part.rows)
        csv += row.value(part.column(QStringLiteral("row"))).toUtf8() + ',' +
               QByteArray::number(model.predict(part, row), 'g', 17) + '\n';
    return csv;
}

QJsonObject runNamed(const Run &runs, qint64 id)
{
    for (const QJsonValue &run : QJsonDocument::fromJson(runs.out).array())
        if (run.toObject().value(QStringLiteral("id")).toInteger() == id)
            return run.toObject();
    return {};
}

} // namespace

class tst_LogCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void exportWritesTheExactRowsOfEachPart();
    void aModelFittedOnTheExportIsJudgedLikeABuiltInRun();
    void refusedPredictionsStoreNothing_data();
    void refusedPredictionsStoreNothing();
    void whatTheToolReportedIsShownBesideTheAppsFigures();
    void refusedMetricLinesStoreNothing();
    void refusedStartsStoreNoRun_data();
    void refusedStartsStoreNoRun();
    void onlyARunningExternalRunTakesLogs();
    void multiclassAndRegressionPredictions();

private:
    QStringList ws() const { return {QStringLiteral("--workspace"), m_workspace}; }
    qint64 startRun(const QString &name, const QStringList &extra = {});
    Table exportPart(const QString &part);
    int runCount();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_workspace;
    qint64 m_version = 0, m_split = 0;
    qint64 m_trainRows = 0, m_validationRows = 0, m_testRows = 0;
};

void tst_LogCli::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QString problem;
    m_workspace = mbtest::copyDemoFixture(m_dir->path(), &problem);
    QVERIFY2(!m_workspace.isEmpty(), qPrintable(problem));
    const Run versions =
        metricbridge(QStringList{"dataset", "list"} + ws() + QStringList{"--project", kProject, "--json"});
    QCOMPARE(versions.exitCode, 0);
    m_version = QJsonDocument::fromJson(versions.out).array().at(0).toObject().value("id").toInteger();
    const Run shown =
        metricbridge(QStringList{"dataset", "show"} + ws() + QStringList{"--version", QString::number(m_version)});
    QCOMPARE(shown.exitCode, 0);
    const QJsonObject split = QJsonDocument::fromJson(shown.out).object().value("splits").toArray().at(0).toObject();
    m_split = split.value("id").toInteger();
    m_trainRows = split.value("train_rows").toInteger();
    m_validationRows = split.value("validation_rows").toInteger();
    m_testRows = split.value("test_rows").toInteger();
    QVERIFY(m_trainRows > 0 && m_validationRows > 0 && m_testRows > 0);
}

void tst_LogCli::init()
{
    // Each test gets the demo as it was: what one test logs never changes what another counts.
    QString problem;
    m_workspace = mbtest::copyDemoFixture(m_dir->path(), &problem);
    QVERIFY2(!m_workspace.isEmpty(), qPrintable(problem));
}

qint64 tst_LogCli::startRun(const QString &name, const QStringList &extra)
{
    const Run started =
        metricbridge(QStringList{"log", "start"} + ws() +
                     QStringList{"--project", kProject, "--name", name, "--dataset-version", QString::number(m_version),
                                 "--split", QString::number(m_split), "--target", "quality"} +
                     extra);
    if (started.exitCode != 0)
        qWarning("log start: %s", started.err.constData());
    return started.out.trimmed().toLongLong();
}

Table tst_LogCli::exportPart(const QString &part)
{
    const QString path = m_dir->filePath(part + QStringLiteral(".csv"));
    const Run exported =
        metricbridge(QStringList{"dataset", "export"} + ws() +
                     QStringList{"--version", QString::number(m_version), "--part", part, "--out", path});
    if (exported.exitCode != 0)
        qWarning("dataset export: %s", exported.err.constData());
    return readCsv(path);
}

int tst_LogCli::runCount()
{
    const Run runs = metricbridge(QStringList{"runs"} + ws() + QStringList{"--project", kProject, "--json"});
    return runs.exitCode == 0 ? int(QJsonDocument::fromJson(runs.out).array().size()) : -1;
}

void tst_LogCli::exportWritesTheExactRowsOfEachPart()
{
    const Table train = exportPart(QStringLiteral("train"));
    const Table validation = exportPart(QStringLiteral("validation"));
    const Table test = exportPart(QStringLiteral("test"));
    QCOMPARE(train.rows.size(), m_trainRows);
    QCOMPARE(validation.rows.size(), m_validationRows);
    QCOMPARE(test.rows.size(), m_testRows);
    QCOMPARE(train.header.mid(0, 3), (QStringList{"row", "id", "post_id"}));
    for (const char *column : {"topic", "posted_at", "quality", "engagement", "ad_value"})
        QVERIFY2(train.header.contains(QLatin1String(column)), column);
    // Every row once, across the parts, numbered from 1.
    QSet<qint64> seen;
    for (const Table *part : {&train, &validation, &test})
        for (const QStringList &row : part->rows)
            seen.insert(row.value(0).toLongLong());
    QCOMPARE(seen.size(), m_trainRows + m_validationRows + m_testRows);
    QVERIFY(seen.contains(1));
    QVERIFY(!seen.contains(0));
    // The split is ordered by posted_at: the test part holds the most recent posts.
    const int posted = test.column(QStringLiteral("posted_at"));
    QString newestTrain;
    for (const QStringList &row : train.rows)
        newestTrain = std::max(newestTrain, row.value(posted));
    for (const QStringList &row : test.rows)
        QVERIFY2(row.value(posted) >= newestTrain, qPrintable(row.value(posted)));

    const Run badPart = metricbridge(
        QStringList{"dataset", "export"} + ws() +
        QStringList{"--version", QString::number(m_version), "--part", "holdout", "--out", m_dir->filePath("x.csv")});
    QCOMPARE(badPart.exitCode, 1);
    QCOMPARE(mbtest::reasonLine(badPart),
             QByteArray("metricbridge: --part: expected train, validation or test, got 'holdout'"));
    QVERIFY(!QFile::exists(m_dir->filePath("x.csv")));
}

void tst_LogCli::aModelFittedOnTheExportIsJudgedLikeABuiltInRun()
{
    const Table train = exportPart(QStringLiteral("train"));
    const Table validation = exportPart(QStringLiteral("validation"));
    const Table test = exportPart(QStringLiteral("test"));
    TopicRate model;
    model.fit(train);

    const QString params =
        mbtest::writeIn(m_dir->path(), "params.json", R"({"smoothing": 1, "by": ["topic", "has_image"]})");
    const qint64 run = startRun(QStringLiteral("topic rate"), {"--tool", "c++ test", "--tool-version", "1.0",
                                                               "--config", params, "--tags", "baseline,rates"});
    QVERIFY(run > 0);

    QByteArray lines;
    for (int step = 0; step < 20000; ++step)
        lines += QByteArray(R"({"step": )") + QByteArray::number(step) + R"(, "name": "train/loss", "value": )" +
                 QByteArray::number(1.0 / (step + 1), 'g', 17) + "}\n";
    lines += R"({"step": 0, "name": "validation/roc_auc", "value": 0.5})"
             "\n";
    const Run logged =
        metricbridge(QStringList{"log", "metrics"} + ws() + QStringList{"--run", QString::number(run)}, lines);
    QCOMPARE(logged.exitCode, 0);
    QCOMPARE(logged.out, QByteArray("logged 20001 points in 2 series to run ") + QByteArray::number(run) + '\n');

    const QString validationFile =
        mbtest::writeIn(m_dir->path(), "validation-predictions.csv", predictionsCsv(validation, model));
    const QString testFile = mbtest::writeIn(m_dir->path(), "test-predictions.csv", predictionsCsv(test, model));
    const QString latency = mbtest::writeIn(m_dir->path(), "latency.txt", "0.5\n0.25\n\n1.5\n0.75\n");
    const QStringList at{"--run",   QString::number(run),    "--dataset-version", QString::number(m_version),
                         "--split", QString::number(m_split)};
    const Run validationLogged = metricbridge(QStringList{"log", "predictions"} + ws() + at +
                                              QStringList{"--part", "validation", "--file", validationFile});
    QVERIFY2(validationLogged.exitCode == 0, validationLogged.err.constData());
    const Run testLogged =
        metricbridge(QStringList{"log", "predictions"} + ws() + at +
                     QStringList{"--part", "test", "--file", testFile, "--latency-ms", latency, "--json"});
    QVERIFY2(testLogged.exitCode == 0, testLogged.err.constData());
    QCOMPARE(QJsonDocument::fromJson(testLogged.out).object().value("items").toInteger(), m_testRows);
    const Run artifact = metricbridge(QStringList{"log", "artifact"} + ws() +
                                      QStringList{"--run", QString::number(run), "--file", params, "--name", "model"});
    QCOMPARE(artifact.exitCode, 0);
    QCOMPARE(metricbridge(QStringList{"log", "finish"} + ws() + QStringList{"--run", QString::number(run)}).exitCode,
             0);

    const Run runs = metricbridge(QStringList{"runs"} + ws() + QStringList{"--project", kProject, "--json"});
    QCOMPARE(runs.exitCode, 0);
    const QJsonObject shown = runNamed(runs, run);
    QCOMPARE(shown.value("status").toString(), QStringLiteral("finished"));
    QCOMPARE(shown.value("config").toString(), QStringLiteral("external: c++ test 1.0"));
    QCOMPARE(shown.value("dataset_version").toInteger(), m_version);

    // The ML metrics and business metrics: core/evaluation's and the engine's on the same predictions.
    std::vector<double> scores;
    for (const QStringList &row : test.rows)
        scores.push_back(model.predict(test, row));
    const Run framingShown = metricbridge(QStringList{"framing", "show"} + ws() + QStringList{"--project", kProject});
    const Result<Framing> framing = framingFromBytes(framingShown.out);
    QVERIFY2(framing, framing ? "" : qPrintable(framing.error()));
    const QStringList mismatches =
        mbtest::judgedRunMismatches(shown, mbtest::demoQualityColumns(test, scores), *framing, 1e-12);
    QVERIFY2(mismatches.isEmpty(), qPrintable(mismatches.join(QStringLiteral("; "))));
    QVERIFY(shown.value("validation_metrics").toObject().contains("validation/roc_auc"));
    QCOMPARE(shown.value("latency").toObject().value("p50_ms").toDouble(), 0.5);
    QCOMPARE(shown.value("latency").toObject().value("p99_ms").toDouble(), 1.5);

    // Its curves are the series store's like any run's.
    const Run series = metricbridge(QStringList{"metrics", "export"} + ws() +
                                    QStringList{"--run", QString::number(run), "--series", "train/loss", "--json"});
    QCOMPARE(series.exitCode, 0);
    const QJsonArray values = QJsonDocument::fromJson(series.out)
                                  .object()
                                  .value("series")
                                  .toArray()
                                  .at(0)
                                  .toObject()
                                  .value("values")
                                  .toArray();
    QCOMPARE(values.size(), 20000);
    QCOMPARE(values.at(9).toDouble(), 0.1);
}

void tst_LogCli::refusedPredictionsStoreNothing_data()
{
    QTest::addColumn<QString>("part");
    QTest::addColumn<QString>("breakage");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("message");
    QTest::newRow("a training row") << "test"
                                    << "train row" << QStringList() << "is a train row of split";
    QTest::newRow("a row twice") << "test"
                                 << "duplicate" << QStringList() << "is predicted twice (lines 2 and";
    QTest::newRow("a row missing") << "test"
                                   << "drop last" << QStringList() << "row(s) of split";
    QTest::newRow("a NaN score") << "test"
                                 << "nan" << QStringList() << ": score:quality is 'nan', not a finite number";
    QTest::newRow("a score above 1") << "test"
                                     << "above 1" << QStringList() << "a binary score is the probability of 1";
    QTest::newRow("a wrong class") << "test"
                                   << "class 2" << QStringList()
                                   << "predicted:quality is 2, not a class of 'quality' (0, 1)";
    QTest::newRow("an unknown column") << "test"
                                       << "unknown column" << QStringList() << "the column 'prob:quality:1' is not one";
    QTest::newRow("no score") << "test"
                              << "no score" << QStringList() << "has no column 'score:quality'";
    QTest::newRow("no row column") << "test"
                                   << "no row" << QStringList() << "has no column 'row'";
    QTest::newRow("a row beyond the data") << "test"
                                           << "row 0" << QStringList() << "row '0' is not a row of dataset version";
    QTest::newRow("another split") << "test"
                                   << "" << QStringList{"--split", "999"} << "--split 999: run";
    QTest::newRow("another version") << "test"
                                     << "" << QStringList{"--dataset-version", "999"} << "--dataset-version 999: run";
    QTest::newRow("the training part") << "train"
                                       << "" << QStringList() << "--part: expected test or validation, got 'train'";
    QTest::newRow("a bad latency") << "test"
                                   << "" << QStringList{"--latency-ms", "LATENCY"} << "line 2: 'fast' is not a latency";
    QTest::newRow("a reported metric that is not a number")
        << "test"
        << "" << QStringList{"--reported", R"(REPORTED:{"roc_auc": "high"})"}
        << "reported metric 'roc_auc' is not a finite number";
    QTest::newRow("a reported metric of another part")
        << "test"
        << "" << QStringList{"--reported", R"(REPORTED:{"validation/roc_auc": 0.8})"}
        << "reported metric 'validation/roc_auc' is a validation metric, but these predictions are the test part";
    QTest::newRow("a reported metric given twice")
        << "test"
        << "" << QStringList{"--reported", R"(REPORTED:{"roc_auc": 0.8, "test/roc_auc": 0.8})"}
        << "reported metric 'test/roc_auc' is given twice";
    QTest::newRow("reported metrics that are not JSON")
        << "test"
        << "" << QStringList{"--reported", R"(REPORTED:{"roc_auc": 0.8,})"} << "reported.json: JSON syntax error at line 1";
}

void tst_LogCli::refusedPredictionsStoreNothing()
{
    QFETCH(QString, part);
    QFETCH(QString, breakage);
    QFETCH(QStringList, extra);
    QFETCH(QString, message);
    const Table test = exportPart(QStringLiteral("test"));
    const Table train = exportPart(QStringLiteral("train"));
    QByteArray header = "row,score:quality,predicted:quality";
    if (breakage == QLatin1String("unknown column"))
        header = "row,score:quality,prob:quality:1";
    if (breakage == QLatin1String("no row"))
        header = "line,score:quality,predicted:quality";
    const bool noScore = breakage == QLatin1String("no score");
    QByteArray csv = (noScore ? QByteArray("row,predicted:quality") : header) + '\n';
    for (int i = 0; i < test.rows.size(); ++i) {
        if (breakage == QLatin1String("drop last") && i == test.rows.size() - 1)
            continue;
        QByteArray row = test.rows.at(i).value(0).toUtf8();
        QByteArray score = "0.25", predicted = "0";
        if (i == 3 && breakage == QLatin1String("nan"))
            score = "nan";
        if (i == 3 && breakage == QLatin1String("above 1"))
            score = "1.5";
        if (i == 3 && breakage == QLatin1String("class 2"))
            predicted = "2";
        if (i == 3 && breakage == QLatin1String("train row"))
            row = train.rows.at(0).value(0).toUtf8();
        if (i == 3 && breakage == QLatin1String("duplicate"))
            row = test.rows.at(0).value(0).toUtf8();
        if (i == 3 && breakage == QLatin1String("row 0"))
            row = "0";
        csv +=
            noScore ? QByteArray(row + ',' + predicted + '\n') : QByteArray(row + ',' + score + ',' + predicted + '\n');
    }
    const QString file = mbtest::writeIn(m_dir->path(), "bad.csv", csv);
    extra.replaceInStrings(QStringLiteral("LATENCY"), mbtest::writeIn(m_dir->path(), "latency.txt", "0.5\nfast\n"));
    for (QString &argument : extra)
        if (argument.startsWith(QLatin1String("REPORTED:")))
            argument = mbtest::writeIn(m_dir->path(), "reported.json", argument.mid(9).toUtf8());

    const qint64 run = startRun(QStringLiteral("refused"));
    QVERIFY(run > 0);
    const Run refused =
        metricbridge(QStringList{"log", "predictions"} + ws() +
                     QStringList{"--run", QString::number(run), "--part", part, "--file", file} + extra);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(mbtest::reasonLine(refused).contains(message.toUtf8()), refused.err.constData());
    const Run runs = metricbridge(QStringList{"runs"} + ws() + QStringList{"--project", kProject, "--json"});
    const QJsonObject shown = runNamed(runs, run);
    QCOMPARE(shown.value("status").toString(), QStringLiteral("running"));
    QVERIFY2(shown.value("evaluation").isNull(), "a refused log stored an evaluation");
    QVERIFY(shown.value("metrics").toObject().isEmpty());
}

void tst_LogCli::whatTheToolReportedIsShownBesideTheAppsFigures()
{
    const Table test = exportPart(QStringLiteral("test"));
    const Table train = exportPart(QStringLiteral("train"));
    TopicRate model;
    model.fit(train);
    const QString testFile = mbtest::writeIn(m_dir->path(), "test-predictions.csv", predictionsCsv(test, model));
    // The tool's accuracy is of other rows (it is impossible here); its Brier score is one the app
    // does not compute, so there is nothing to compare it with.
    const QString reported = mbtest::writeIn(m_dir->path(), "reported.json",
                                             R"({"test/accuracy": 0.99, "brier": 0.2})");
    const qint64 run = startRun(QStringLiteral("reports its own metrics"));
    QVERIFY(run > 0);
    const Run logged = metricbridge(QStringList{"log", "predictions"} + ws() +
                                    QStringList{"--run", QString::number(run), "--part", "test", "--file", testFile,
                                                "--reported", reported});
    QVERIFY2(logged.exitCode == 0, logged.err.constData());
    QVERIFY2(logged.out.contains("the tool reported 2 metrics: 1 disagree with the app's"), logged.out.constData());
    QVERIFY2(logged.err.startsWith("warning: test/accuracy: the tool reported 0.99, the app computed "),
             logged.err.constData());

    const QJsonObject shown =
        runNamed(metricbridge(QStringList{"runs"} + ws() + QStringList{"--project", kProject, "--json"}), run);
    // The app's own figure stands; the tool's is kept beside it and flagged.
    const double accuracy = shown.value("metrics").toObject().value("test/accuracy").toDouble(-1);
    QVERIFY(accuracy >= 0 && accuracy < 0.99);
    const QJsonObject compared = shown.value("reported_metrics").toObject();
    QCOMPARE(compared.value("test/accuracy").toObject().value("reported").toDouble(), 0.99);
    QCOMPARE(compared.value("test/accuracy").toObject().value("recomputed").toDouble(), accuracy);
    QCOMPARE(compared.value("test/accuracy").toObject().value("agrees").toBool(true), false);
    QVERIFY(compared.value("test/brier").toObject().value("recomputed").isNull());
    QCOMPARE(shown.value("reported_disagreements").toArray(), QJsonArray{QStringLiteral("test/accuracy")});
}

void tst_LogCli::refusedMetricLinesStoreNothing()
{
    const qint64 run = startRun(QStringLiteral("curves"));
    QVERIFY(run > 0);
    const QByteArray lines = R"({"step": 1, "name": "train/loss", "value": 0.5})"
                             "\n"
                             R"({"step": 2, "name": "train/loss", "value": 0.4})"
                             "\n"
                             R"({"step": 3, "name": "train/loss", "value": "low"})"
                             "\n";
    const Run refused =
        metricbridge(QStringList{"log", "metrics"} + ws() + QStringList{"--run", QString::number(run)}, lines);
    QCOMPARE(refused.exitCode, 1);
    QCOMPARE(
        mbtest::reasonLine(refused),
        QByteArray("metricbridge: line 3: \"value\" must be a number (or NaN, Infinity, -Infinity), got '\"low\"'"));
    const Run series =
        metricbridge(QStringList{"metrics", "export"} + ws() + QStringList{"--run", QString::number(run), "--json"});
    QCOMPARE(series.exitCode, 0);
    QVERIFY(QJsonDocument::fromJson(series.out).object().value("series").toArray().isEmpty());
}

void tst_LogCli::refusedStartsStoreNoRun_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("a value column as target")
        << QStringList{"--target", "ad_value"} << "targets: column 'ad_value' is not a target of dataset version";
    QTest::newRow("no such column") << QStringList{"--target", "clicks"} << "has no column 'clicks'";
    QTest::newRow("no such version") << QStringList{"--dataset-version", "99"}
                                     << "dataset_version: version 99 is not a dataset version of this project";
    QTest::newRow("no such split") << QStringList{"--split", "99"} << "split: ";
    QTest::newRow("unknown task") << QStringList{"--task", "ranking"} << "--task: expected one of binary";
    QTest::newRow("one target for two") << QStringList{"--task", "two_objective_ranking"}
                                        << "task two_objective_ranking predicts two targets, not 1";
    QTest::newRow("a bad config") << QStringList{"--config", "PARAMS"} << "params.json: ";
}

void tst_LogCli::refusedStartsStoreNoRun()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    arguments.replaceInStrings(QStringLiteral("PARAMS"), mbtest::writeIn(m_dir->path(), "params.json", "{\"a\": 1,}"));
    const int before = runCount();
    QStringList all = QStringList{"log", "start"} + ws() +
                      QStringList{"--project",
                                  kProject,
                                  "--name",
                                  "refused",
                                  "--dataset-version",
                                  QString::number(m_version),
                                  "--split",
                                  QString::number(m_split),
                                  "--target",
                                  "quality"};
    // A later option wins in QCommandLineParser::value, so the case's own replaces the default.
    all += arguments;
    const Run refused = metricbridge(all);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(mbtest::reasonLine(refused).contains(message.toUtf8()), refused.err.constData());
    QCOMPARE(runCount(), before);
}

void tst_LogCli::onlyARunningExternalRunTakesLogs()
{
    const Run runs = metricbridge(QStringList{"runs"} + ws() + QStringList{"--project", kProject, "--json"});
    const qint64 builtIn = QJsonDocument::fromJson(runs.out).array().at(0).toObject().value("id").toInteger();
    const Run toBuiltIn =
        metricbridge(QStringList{"log", "finish"} + ws() + QStringList{"--run", QString::number(builtIn)});
    QCOMPARE(toBuiltIn.exitCode, 1);
    QVERIFY2(mbtest::reasonLine(toBuiltIn).contains("is trained by MetricBridge"), toBuiltIn.err.constData());

    const qint64 run = startRun(QStringLiteral("ends"));
    QVERIFY(run > 0);
    const Run failed =
        metricbridge(QStringList{"log", "finish"} + ws() +
                     QStringList{"--run", QString::number(run), "--status", "failed", "--reason", "out of memory"});
    QCOMPARE(failed.exitCode, 0);
    const Run after = metricbridge(QStringList{"log", "metrics"} + ws() + QStringList{"--run", QString::number(run)},
                                   R"({"step": 1, "name": "x", "value": 1})"
                                   "\n");
    QCOMPARE(after.exitCode, 1);
    QCOMPARE(mbtest::reasonLine(after), QByteArray("metricbridge: run ") + QByteArray::number(run) +
                                            " ('ends') is failed: an external run takes logs until `log finish`");
    const QJsonObject shown =
        runNamed(metricbridge(QStringList{"runs"} + ws() + QStringList{"--project", kProject, "--json"}), run);
    QCOMPARE(shown.value("status").toString(), QStringLiteral("failed"));
    QCOMPARE(shown.value("error").toString(), QStringLiteral("out of memory"));
}

void tst_LogCli::multiclassAndRegressionPredictions()
{
    // A project of its own: three classes of plan, and a numeric amount to regress.
    QByteArray csv = "customer,age,plan,amount\n";
    const char *plans[] = {"basic", "pro", "team"};
    for (int i = 1; i <= 120; ++i)
        csv += QByteArray::number(1000 + i) + ',' + QByteArray::number(18 + (i * 7) % 50) + ',' + plans[i % 3] + ',' +
               QByteArray::number(i * 1.5) + '\n';
    const QString data = mbtest::writeIn(m_dir->path(), "plans.csv", csv);
    QCOMPARE(metricbridge(QStringList{"project", "create"} + ws() + QStringList{"--name", "plans"}).exitCode, 0);
    const Run imported = metricbridge(QStringList{"dataset", "import"} + ws() +
                                      QStringList{"--project", "plans", "--file", data, "--target", "plan,amount",
                                                  "--split", "random:0.2,0.25", "--json"});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    const QJsonObject version = QJsonDocument::fromJson(imported.out).object();
    const QString versionId = QString::number(version.value("id").toInteger());
    const QString splitId = QString::number(version.value("split").toObject().value("id").toInteger());
    const Run started = metricbridge(QStringList{"log", "start"} + ws() +
                                     QStringList{"--project", "plans", "--name", "plan classes", "--dataset-version",
                                                 versionId, "--split", splitId, "--target", "plan", "--json"});
    QVERIFY2(started.exitCode == 0, started.err.constData());
    QCOMPARE(QJsonDocument::fromJson(started.out).object().value("task").toString(), QStringLiteral("multiclass"));
    const QString run = QString::number(QJsonDocument::fromJson(started.out).object().value("run").toInteger());

    const QString exported = m_dir->filePath("plans-test.csv");
    QCOMPARE(metricbridge(QStringList{"dataset", "export"} + ws() +
                          QStringList{"--version", versionId, "--part", "test", "--out", exported})
                 .exitCode,
             0);
    const Table test = readCsv(exported);
    QVERIFY(!test.rows.isEmpty());
    const auto predictions = [&](const QByteArray &header, const std::function<QByteArray(int)> &probabilities) {
        QByteArray out = header + '\n';
        for (int i = 0; i < test.rows.size(); ++i)
            out += test.rows.at(i).value(0).toUtf8() + ',' + probabilities(i) + '\n';
        return mbtest::writeIn(m_dir->path(), "plan-predictions.csv", out);
    };
    const QStringList log{"log", "predictions", "--workspace", m_workspace, "--run", run, "--part", "test", "--file"};

    const Run missingClass = metricbridge(
        log + QStringList{predictions("row,prob:plan:0,prob:plan:1", [](int) { return QByteArray("0.5,0.5"); })});
    QCOMPARE(missingClass.exitCode, 1);
    QVERIFY2(mbtest::reasonLine(missingClass)
                 .contains("has no column 'prob:plan:2': multiclass predictions give every class's "
                           "probability (prob:plan:0 to prob:plan:2)"),
             missingClass.err.constData());
    const Run notOne = metricbridge(log + QStringList{predictions("row,prob:plan:0,prob:plan:1,prob:plan:2",
                                                                  [](int) { return QByteArray("0.5,0.25,0.2"); })});
    QCOMPARE(notOne.exitCode, 1);
    QVERIFY2(mbtest::reasonLine(notOne).contains("the class probabilities of 'plan' add up to 0.95, not 1"),
             notOne.err.constData());
    const Run wrongClass =
        metricbridge(log + QStringList{predictions("row,prob:plan:0,prob:plan:1,prob:plan:2,predicted:plan",
                                                   [](int) { return QByteArray("0.5,0.25,0.25,3"); })});
    QCOMPARE(wrongClass.exitCode, 1);
    QVERIFY2(mbtest::reasonLine(wrongClass)
                 .contains("predicted:plan is 3, not a class of 'plan' (0 (basic), 1 (pro), 2 (team))"),
             wrongClass.err.constData());

    const int plan = test.column(QStringLiteral("plan"));
    const Run stored = metricbridge(log +
                                    QStringList{predictions("row,prob:plan:0,prob:plan:1,prob:plan:2",
                                                            [&](int i) {
                                                                const int label = test.rows.at(i).value(plan).toInt();
                                                                return QByteArray(label == 0   ? "0.5,0.25,0.25"
                                                                                  : label == 1 ? "0.25,0.5,0.25"
                                                                                               : "0.5,0.125,0.375");
                                                            })} +
                                    QStringList{"--json"});
    QVERIFY2(stored.exitCode == 0, stored.err.constData());
    const QJsonObject metrics = QJsonDocument::fromJson(stored.out).object().value("metrics").toObject();
    // Classes 0 and 1 are predicted right, class 2 as class 0: accuracy is their share.
    int right = 0;
    for (const QStringList &row : test.rows)
        right += row.value(plan).toInt() != 2 ? 1 : 0;
    QCOMPARE(metrics.value("test/accuracy").toDouble(), double(right) / double(test.rows.size()));
    QVERIFY(metrics.contains("test/log_loss"));

    // The numeric target is a regression: a predicted value per row, any finite number.
    const Run regression = metricbridge(QStringList{"log", "start"} + ws() +
                                        QStringList{"--project", "plans", "--name", "amount", "--dataset-version",
                                                    versionId, "--split", splitId, "--target", "amount", "--json"});
    QVERIFY2(regression.exitCode == 0, regression.err.constData());
    QCOMPARE(QJsonDocument::fromJson(regression.out).object().value("task").toString(), QStringLiteral("regression"));
    const QString amountRun =
        QString::number(QJsonDocument::fromJson(regression.out).object().value("run").toInteger());
    const int amount = test.column(QStringLiteral("amount"));
    QByteArray values = "row,predicted:amount\n";
    for (const QStringList &row : test.rows)
        values += row.value(0).toUtf8() + ',' + QByteArray::number(row.value(amount).toDouble() + 2) + '\n';
    const Run regressed =
        metricbridge(QStringList{"log", "predictions", "--workspace", m_workspace, "--run", amountRun, "--part", "test",
                                 "--file", mbtest::writeIn(m_dir->path(), "amounts.csv", values), "--json"});
    QVERIFY2(regressed.exitCode == 0, regressed.err.constData());
    const QJsonObject amountMetrics = QJsonDocument::fromJson(regressed.out).object().value("metrics").toObject();
    QCOMPARE(amountMetrics.value("test/mae").toDouble(), 2.0);
    QCOMPARE(amountMetrics.value("test/rmse").toDouble(), 2.0);
    // Logged without --latency-ms: the runs line says so instead of printing "nan ms".
    const Run listed = metricbridge(QStringList{"runs"} + ws() + QStringList{"--project", "plans"});
    QCOMPARE(listed.exitCode, 0);
    QVERIFY2(listed.out.contains("\tamount\texternal\ttest/r2 "), listed.out.constData());
    QVERIFY2(listed.out.contains("latency not measured"), listed.out.constData());
}

QTEST_GUILESS_MAIN(tst_LogCli)
#include "tst_logcli.moc"
