// SPDX-License-Identifier: GPL-3.0-or-later
// The Python client (python/metricbridge) with Debian's scikit-learn, as docs/EXTERNAL-RUNS.md shows
// it: a LogisticRegression and a GradientBoostingClassifier fitted on the demo's exported training
// rows and logged with metricbridge.Run. `runs --json` must show their ML metrics equal to
// scikit-learn's own to 1e-9, and their business metrics equal to the engine's on the same
// predictions. Skipped only when /usr/bin/python3 cannot import sklearn (scripts/install-deps
// installs python3-sklearn).

#include "core/FramingJson.h"
#include "tests/support/CommandRun.h"
#include "tests/support/DemoFixture.h"
#include "tests/support/ExternalRunChecks.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace mb;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");
const QString kProject = QStringLiteral("Newsfeed ranking");

// Runs `arguments` with Debian's python3, the client on its path and this build's executable.
mbtest::CommandRun python(const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PYTHONPATH"), QStringLiteral(METRICBRIDGE_SOURCE_DIR "/python"));
    environment.insert(QStringLiteral("METRICBRIDGE"), QStringLiteral(METRICBRIDGE_BINARY));
    process.setProcessEnvironment(environment);
    process.start(kPython, arguments);
    mbtest::CommandRun run;
    if (!process.waitForStarted())
        return run;
    process.waitForFinished(240000);
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

std::vector<double> numbersIn(const QString &path)
{
    std::vector<double> values;
    QFile file(path);
    if (file.open(QIODevice::ReadOnly))
        for (const QByteArray &line : file.readAll().split('\n'))
            if (!line.trimmed().isEmpty())
                values.push_back(line.toDouble());
    return values;
}

} // namespace

class tst_PythonClient : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sklearnModelsLoggedWithTheClientAreJudgedLikeBuiltInRuns();
};

void tst_PythonClient::sklearnModelsLoggedWithTheClientAreJudgedLikeBuiltInRuns()
{
    if (python({QStringLiteral("-c"), QStringLiteral("import sklearn")}).exitCode != 0)
        QSKIP("/usr/bin/python3 cannot import sklearn: install python3-sklearn (scripts/install-deps)");
    QTemporaryDir dir;
    QString problem;
    const QString workspace = mbtest::copyDemoFixture(dir.path(), &problem);
    QVERIFY2(!workspace.isEmpty(), qPrintable(problem));
    const mbtest::CommandRun versions =
        mbtest::runMetricbridge({"dataset", "list", "--workspace", workspace, "--project", kProject, "--json"});
    const QJsonObject version = QJsonDocument::fromJson(versions.out).array().at(0).toObject();
    const mbtest::CommandRun shown = mbtest::runMetricbridge(
        {"dataset", "show", "--workspace", workspace, "--version", QString::number(version.value("id").toInteger())});
    const qint64 split =
        QJsonDocument::fromJson(shown.out).object().value("splits").toArray().at(0).toObject().value("id").toInteger();

    const mbtest::CommandRun script =
        python({QStringLiteral(METRICBRIDGE_TEST_DATA "/python/sklearn_external_runs.py"), workspace, kProject,
                QString::number(version.value("id").toInteger()), QString::number(split), dir.path()});
    QVERIFY2(script.exitCode == 0, script.err.constData());
    const QJsonArray logged = QJsonDocument::fromJson(script.out).object().value("runs").toArray();
    QCOMPARE(logged.size(), 2);

    const mbtest::CommandRun runs =
        mbtest::runMetricbridge({"runs", "--workspace", workspace, "--project", kProject, "--json"});
    QCOMPARE(runs.exitCode, 0);
    const Result<Framing> framing = framingFromBytes(
        mbtest::runMetricbridge({"framing", "show", "--workspace", workspace, "--project", kProject}).out);
    QVERIFY2(framing, framing ? "" : qPrintable(framing.error()));
    const mbtest::CsvTable test = mbtest::readCsvTable(dir.filePath(QStringLiteral("test.csv")));
    for (const QJsonValue &entry : logged) {
        const QJsonObject mine = entry.toObject();
        QJsonObject run;
        for (const QJsonValue &r : QJsonDocument::fromJson(runs.out).array())
            if (r.toObject().value("id").toInteger() == mine.value("id").toInteger())
                run = r.toObject();
        const QString name = mine.value("name").toString();
        QCOMPARE(run.value("status").toString(), QStringLiteral("finished"));
        QVERIFY2(run.value("config").toString().startsWith(QLatin1String("external: scikit-learn 1.")),
                 qPrintable(run.value("config").toString()));
        const QJsonObject sklearnMetrics = mine.value("sklearn").toObject();
        const QJsonObject metrics = run.value("metrics").toObject();
        for (auto it = sklearnMetrics.constBegin(); it != sklearnMetrics.constEnd(); ++it)
            QVERIFY2(mbtest::fuzzyEqual(metrics.value(it.key()).toDouble(std::nan("")), it.value().toDouble(), 1e-9),
                     qPrintable(QStringLiteral("%1 %2: the app has %3, scikit-learn %4")
                                    .arg(name, it.key())
                                    .arg(metrics.value(it.key()).toDouble())
                                    .arg(it.value().toDouble())));
        // What scikit-learn reported with its predictions is kept beside the app's figures, and
        // agrees with them.
        const QJsonObject reported = run.value("reported_metrics").toObject();
        QCOMPARE(reported.size(), sklearnMetrics.size());
        QCOMPARE(reported.value("test/roc_auc").toObject().value("agrees").toBool(false), true);
        QCOMPARE(run.value("reported_disagreements").toArray().size(), 0);
        const std::vector<double> scores = numbersIn(mine.value("scores").toString());
        QCOMPARE(qsizetype(scores.size()), test.rows.size());
        const QStringList mismatches =
            mbtest::judgedRunMismatches(run, mbtest::demoQualityColumns(test, scores), *framing, 1e-12);
        QVERIFY2(mismatches.isEmpty(), qPrintable(name + QStringLiteral(": ") + mismatches.join(QStringLiteral("; "))));
    }
}

QTEST_GUILESS_MAIN(tst_PythonClient)
#include "tst_pythonclient.moc"
