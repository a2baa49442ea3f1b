// SPDX-License-Identifier: GPL-3.0-or-later
// What a headless user sees of a run's training (found missing by a user: only test metrics were
// reachable): `runs --json` carries the validation metrics the run's choices were made on and the
// best epoch, and `metrics export` writes the stored curves, every series or one, as CSV or JSON.
#include "tests/support/CommandRun.h"
#include "tests/support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

using Run = mbtest::CommandRun;

const QString kProject = QStringLiteral("Churn");

Run metricbridge(const QStringList &arguments)
{
    return mbtest::runMetricbridge(arguments);
}

// 400 customers, two features and a yes/no label, deterministic.
QByteArray churnCsv()
{
    QByteArray csv = "tenure,calls,churned\n";
    for (int i = 0; i < 400; ++i) {
        const int tenure = (i * 37) % 60;
        const int calls = (i * 11) % 9;
        const int churned = (tenure < 20 && calls > 3) || i % 7 == 0 ? 1 : 0;
        csv += QByteArray::number(tenure) + ',' + QByteArray::number(calls) + ',' + QByteArray::number(churned) + '\n';
    }
    return csv;
}

} // namespace

class tst_RunsCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void runsJsonHasValidationMetricsAndTheBestEpoch();
    void everyEpochReportsTheHeadlineMetricsOnValidation();
    void metricsExportWritesOneSeriesAsCsv();
    void metricsExportWritesEverySeriesAsJson();
    void anUnknownSeriesIsRefusedListingTheSeries();

private:
    QString workspace() const { return m_dir->filePath(QStringLiteral("runs.mbw")); }
    QStringList exportArguments() const
    {
        return {QStringLiteral("metrics"), QStringLiteral("export"), QStringLiteral("--workspace"), workspace(),
                QStringLiteral("--run"),   QString::number(m_run)};
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    qint64 m_run = 0;
};

void tst_RunsCli::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QCOMPARE(metricbridge({"project", "create", "--workspace", workspace(), "--name", kProject}).exitCode, 0);
    const QString csv = m_dir->filePath(QStringLiteral("churn.csv"));
    QVERIFY(mbtest::writeFile(csv, churnCsv()));
    const Run imported = metricbridge({"dataset", "import", "--workspace", workspace(), "--project", kProject, "--file",
                                       csv, "--target", "churned", "--json"});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    const QJsonObject version = QJsonDocument::fromJson(imported.out).object();
    const QJsonObject config = mbtest::linearRunConfig(
        QStringLiteral("three epochs"), version.value(QStringLiteral("id")).toInteger(),
        version.value(QStringLiteral("split")).toObject().value(QStringLiteral("id")).toInteger(),
        QStringLiteral("binary"), QStringLiteral("churned"), 3);
    const QString configPath = m_dir->filePath(QStringLiteral("run.json"));
    QVERIFY(mbtest::writeFile(configPath, QJsonDocument(config).toJson()));
    const Run trained =
        metricbridge({"train", "--workspace", workspace(), "--project", kProject, "--config", configPath});
    QVERIFY2(trained.exitCode == 0, trained.err.constData());
    m_run = mbtest::startedRunId(trained.out);
    QVERIFY(m_run > 0);
}

void tst_RunsCli::runsJsonHasValidationMetricsAndTheBestEpoch()
{
    const Run runs = metricbridge({"runs", "--workspace", workspace(), "--project", kProject, "--json"});
    QVERIFY2(runs.exitCode == 0, runs.err.constData());
    const QJsonObject run = QJsonDocument::fromJson(runs.out).array().first().toObject();
    QCOMPARE(run.value(QStringLiteral("id")).toInteger(), m_run);
    // Test metrics report; validation metrics are what the run was chosen and tuned on.
    QVERIFY(run.value(QStringLiteral("metrics")).toObject().contains(QStringLiteral("test/roc_auc")));
    const QJsonObject validation = run.value(QStringLiteral("validation_metrics")).toObject();
    const double auc = validation.value(QStringLiteral("validation/roc_auc")).toDouble(-1);
    QVERIFY2(auc >= 0 && auc <= 1, qPrintable(QString::fromUtf8(QJsonDocument(validation).toJson())));
    const QJsonObject training = run.value(QStringLiteral("training")).toObject();
    QCOMPARE(training.value(QStringLiteral("epochs")).toInt(), 3);
    QCOMPARE(training.value(QStringLiteral("epochs_done")).toInt(), 3);
    const int best = training.value(QStringLiteral("best_epoch")).toInt();
    QVERIFY(best >= 1 && best <= 3);
    QCOMPARE(training.value(QStringLiteral("monitor")).toString(), QStringLiteral("validation/loss"));
    QVERIFY(!training.contains(QStringLiteral("progress"))); // finished: only a running run has progress
}

void tst_RunsCli::everyEpochReportsTheHeadlineMetricsOnValidation()
{
    for (const char *name : {"validation/roc_auc", "validation/average_precision"}) {
        const Run csv = metricbridge(exportArguments() << QStringLiteral("--series") << QLatin1String(name));
        QVERIFY2(csv.exitCode == 0, csv.err.constData());
        const QList<QByteArray> lines = csv.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 4); // the header and one point per epoch
        for (int epoch = 1; epoch <= 3; ++epoch) {
            const QList<QByteArray> fields = lines.at(epoch).trimmed().split(',');
            QCOMPARE(fields.at(0), QByteArray(name));
            QCOMPARE(fields.at(1).toInt(), epoch);
            const double value = fields.at(2).toDouble();
            QVERIFY2(value >= 0 && value <= 1, lines.at(epoch).constData());
        }
    }
}

void tst_RunsCli::metricsExportWritesOneSeriesAsCsv()
{
    const QString path = m_dir->filePath(QStringLiteral("loss.csv"));
    const Run written =
        metricbridge(exportArguments() << QStringLiteral("--series") << QStringLiteral("validation/loss")
                                       << QStringLiteral("--out") << path);
    QVERIFY2(written.exitCode == 0, written.err.constData());
    QVERIFY2(written.out.contains("wrote 1 series of run"), written.out.constData());
    const QByteArray csv = mbtest::fileBytes(path);
    QVERIFY2(csv.startsWith("series,step,value\r\nvalidation/loss,1,"), csv.constData());
    QCOMPARE(csv.count('\n'), 4);
}

void tst_RunsCli::metricsExportWritesEverySeriesAsJson()
{
    const Run json = metricbridge(exportArguments() << QStringLiteral("--json"));
    QVERIFY2(json.exitCode == 0, json.err.constData());
    const QJsonObject all = QJsonDocument::fromJson(json.out).object();
    QCOMPARE(all.value(QStringLiteral("run")).toInteger(), m_run);
    QStringList names;
    for (const QJsonValue &series : all.value(QStringLiteral("series")).toArray()) {
        const QJsonObject s = series.toObject();
        names << s.value(QStringLiteral("name")).toString();
        QCOMPARE(s.value(QStringLiteral("steps")).toArray().size(), s.value(QStringLiteral("values")).toArray().size());
    }
    for (const char *name : {"train/loss", "epoch/train_loss", "validation/loss", "validation/roc_auc"})
        QVERIFY2(names.contains(QLatin1String(name)), qPrintable(names.join(u',')));
}

void tst_RunsCli::anUnknownSeriesIsRefusedListingTheSeries()
{
    const Run refused = metricbridge(exportArguments() << QStringLiteral("--series") << QStringLiteral("val/los"));
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("has no series 'val/los'; its series are "), refused.err.constData());
    QVERIFY2(refused.err.contains("validation/loss"), refused.err.constData());
}

QTEST_GUILESS_MAIN(tst_RunsCli)
#include "tst_runscli.moc"
