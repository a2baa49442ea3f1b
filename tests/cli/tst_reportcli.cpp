// SPDX-License-Identifier: GPL-3.0-or-later
// `metricbridge report` as a user runs it: the demo's report as PDF and HTML, a user's own project
// made from nothing (a CSV, a framing, a trained run) reported with its run's business metric as
// `runs --json` gives it and its stakeholder's verdict, and bad input (no
// runs, a run or policy the project does not have, an unwritable path, an unknown suffix or page
// size) refused with one line that says what to do, writing nothing.
#include "core/NumberText.h"
#include "tests/support/CommandRun.h"
#include "tests/support/DemoFixture.h"
#include "tests/support/TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

class tst_ReportCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void writesPdfAndHtml();
    void refusesBadInput_data();
    void refusesBadInput();
    void projectWithoutRunsIsRefused();
    void aFreshlyImportedOwnProjectsReportSaysWhatItsRunsDo();

private:
    QTemporaryDir m_dir;
    QString m_workspace;
};

void tst_ReportCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString problem;
    m_workspace = mbtest::copyDemoFixture(m_dir.path(), &problem);
    QVERIFY2(!m_workspace.isEmpty(), qPrintable(problem));
}

void tst_ReportCli::writesPdfAndHtml()
{
    for (const QString &name : {QStringLiteral("demo.pdf"), QStringLiteral("demo.html")}) {
        const QString out = m_dir.filePath(name);
        const mbtest::CommandRun run = mbtest::runMetricbridge(
            {QStringLiteral("report"), QStringLiteral("--workspace"), m_workspace, QStringLiteral("--project"),
             QStringLiteral("Newsfeed ranking"), QStringLiteral("--out"), out, QStringLiteral("--runs"),
             QStringLiteral("1,2"), QStringLiteral("--policy"), QStringLiteral("BALANCED FEED"),
             QStringLiteral("--page-size"), QStringLiteral("letter")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(run.out.trimmed().endsWith(name.toUtf8()));
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(name.endsWith(QLatin1String(".pdf")) ? bytes.startsWith("%PDF-")
                                                     : bytes.contains("#2 engagement model") &&
                                                           !bytes.contains("#3 combined loss") &&
                                                           bytes.contains("balanced feed"));
    }
}

void tst_ReportCli::refusesBadInput_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("out");
    QTest::addColumn<QString>("reason");
    QTest::newRow("deleted policy") << QStringList{QStringLiteral("--policy"), QStringLiteral("old feed")}
                                    << QStringLiteral("r.pdf")
                                    << QStringLiteral("no policy named 'old feed'; its policies: balanced feed");
    QTest::newRow("unknown run") << QStringList{QStringLiteral("--runs"), QStringLiteral("1,42")}
                                 << QStringLiteral("r.pdf")
                                 << QStringLiteral("run 42 is not a run of project 'Newsfeed ranking'; its runs: 1, 2, 3, 4");
    QTest::newRow("not a run id") << QStringList{QStringLiteral("--runs"), QStringLiteral("one")}
                                  << QStringLiteral("r.pdf") << QStringLiteral("--runs expects run ids");
    QTest::newRow("unknown suffix") << QStringList{} << QStringLiteral("r.docx")
                                    << QStringLiteral("a report is a .pdf or an .html file");
    QTest::newRow("page size") << QStringList{QStringLiteral("--page-size"), QStringLiteral("a5")}
                               << QStringLiteral("r.pdf") << QStringLiteral("--page-size 'a5': choose a4 or letter");
    QTest::newRow("unwritable path") << QStringList{} << QStringLiteral("no-such-folder/r.pdf")
                                     << QStringLiteral("Cannot write");
}

void tst_ReportCli::refusesBadInput()
{
    QFETCH(QStringList, options);
    QFETCH(QString, out);
    QFETCH(QString, reason);
    const QString path = m_dir.filePath(out);
    const mbtest::CommandRun run = mbtest::runMetricbridge(
        QStringList{QStringLiteral("report"), QStringLiteral("--workspace"), m_workspace, QStringLiteral("--project"),
                    QStringLiteral("1"), QStringLiteral("--out"), path} +
        options);
    QCOMPARE(run.exitCode, 1);
    const QList<QByteArray> reasons = mbtest::reasonLines(run);
    QCOMPARE(reasons.size(), 1);
    QVERIFY2(reasons.constFirst().contains(reason.toUtf8()), reasons.constFirst().constData());
    QVERIFY(!QFile::exists(path));
}

void tst_ReportCli::projectWithoutRunsIsRefused()
{
    const QString workspace = m_dir.filePath(QStringLiteral("empty.mbw"));
    const mbtest::CommandRun created = mbtest::runMetricbridge(
        {QStringLiteral("project"), QStringLiteral("create"), QStringLiteral("--workspace"), workspace,
         QStringLiteral("--name"), QStringLiteral("Churn")});
    QCOMPARE(created.exitCode, 0);
    const QString out = m_dir.filePath(QStringLiteral("churn.pdf"));
    const mbtest::CommandRun run = mbtest::runMetricbridge({QStringLiteral("report"), QStringLiteral("--workspace"),
                                                            workspace, QStringLiteral("--project"),
                                                            QStringLiteral("Churn"), QStringLiteral("--out"), out});
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(mbtest::reasonLine(run),
             QByteArray("metricbridge: project 'Churn' has no runs to report: train or log one first"));
    QVERIFY(!QFile::exists(out));
}

void tst_ReportCli::aFreshlyImportedOwnProjectsReportSaysWhatItsRunsDo()
{
    const QString workspace = m_dir.filePath(QStringLiteral("churn.mbw"));
    const QString csv = m_dir.filePath(QStringLiteral("churn.csv"));
    QByteArray rows = "customer,tenure_months,monthly_fee,churned\n";
    for (int r = 0; r < 1200; ++r)
        rows += QStringLiteral("c%1,%2,%3,%4\n")
                    .arg(r)
                    .arg(1 + r % 60)
                    .arg(20 + (r * 7) % 80)
                    .arg(r % 60 < 6 || r % 11 == 0 ? 1 : 0)
                    .toUtf8();
    QVERIFY(mbtest::writeFile(csv, rows));
    const QString framing = m_dir.filePath(QStringLiteral("churn.framing.json"));
    QVERIFY(mbtest::writeFile(framing, R"({
    "format": "metricbridge.framing", "format_version": 1,
    "business_goal": "Keep the fees of the customers about to leave: call the 50 most at risk each month.",
    "task_type": "binary", "target_columns": ["churned"], "value_columns": ["monthly_fee"],
    "objectives": [{"name": "churned", "loss": "bce"}],
    "reframing": {"kind": "none", "threshold": 0.5, "bucket_edges": []},
    "approach": "model_per_objective", "alpha": 0.5, "beta": 0.5,
    "business_metrics": [{
        "name": "fees_at_risk_called", "unit": "$", "direction": "maximize",
        "description": "Monthly fees of the churners among the 50 customers called.",
        "selection": {"kind": "top_k", "parameter": 50},
        "aggregates": [{"name": "fees", "aggregate": "sum", "expression": "label * monthly_fee"}],
        "outer_expression": ""}],
    "stakeholders": [{"role": "retention team", "cares_about": "fees kept", "note": "",
        "requirement": {"metric": "fees_at_risk_called", "comparator": ">=", "value": 1}}],
    "constraints": []
})"));
    const QString w = workspace;
    const auto ok = [](const mbtest::CommandRun &run) { return run.exitCode == 0; };
    mbtest::CommandRun step = mbtest::runMetricbridge({"project", "create", "--workspace", w, "--name", "Churn"});
    QVERIFY2(ok(step), step.err.constData());
    step = mbtest::runMetricbridge({"framing", "set", "--workspace", w, "--project", "Churn", "--file", framing});
    QVERIFY2(ok(step), step.err.constData());
    step = mbtest::runMetricbridge({"dataset", "import", "--workspace", w, "--project", "Churn", "--file", csv,
                                    "--target", "churned", "--value-columns", "monthly_fee", "--ignore", "customer"});
    QVERIFY2(ok(step), step.err.constData());
    const QString config = m_dir.filePath(QStringLiteral("churn-run.json"));
    QVERIFY(mbtest::writeFile(config, QJsonDocument(mbtest::linearRunConfig(QStringLiteral("churn baseline"), 1, 1,
                                                                             QStringLiteral("binary"),
                                                                             QStringLiteral("churned"), 2))
                                          .toJson()));
    step = mbtest::runMetricbridge({"train", "--workspace", w, "--project", "Churn", "--config", config});
    QVERIFY2(ok(step), step.err.constData());
    const mbtest::CommandRun runs =
        mbtest::runMetricbridge({"runs", "--workspace", w, "--project", "Churn", "--json"});
    QVERIFY2(ok(runs), runs.err.constData());
    const QJsonObject run = QJsonDocument::fromJson(runs.out).array().first().toObject();
    const QJsonValue fees = run.value(QStringLiteral("business_metrics"))
                                .toObject()
                                .value(QStringLiteral("fees_at_risk_called"))
                                .toObject()
                                .value(QStringLiteral("value"));
    QVERIFY2(fees.isDouble(), runs.out.constData());

    const QString out = m_dir.filePath(QStringLiteral("churn.html"));
    const mbtest::CommandRun report =
        mbtest::runMetricbridge({"report", "--workspace", w, "--project", "Churn", "--out", out});
    QVERIFY2(ok(report), report.err.constData());
    const QString html = QString::fromUtf8(mbtest::fileBytes(out));
    for (const QString &expected :
         {QStringLiteral("Keep the fees of the customers about to leave"), QStringLiteral("churn baseline"),
          QStringLiteral("fees_at_risk_called"), QStringLiteral("retention team"), mb::formatNumber(fees.toDouble())})
        QVERIFY2(html.contains(expected), qPrintable(expected));
    QVERIFY(!html.contains(QLatin1String("Newsfeed"))); // nothing of the demo
}

QTEST_GUILESS_MAIN(tst_ReportCli)
#include "tst_reportcli.moc"
