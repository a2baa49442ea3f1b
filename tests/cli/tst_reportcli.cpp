// SPDX-License-Identifier: GPL-3.0-or-later
// `metricbridge report` as a user runs it: the demo's report as PDF and HTML, and bad input (no
// runs, a run or policy the project does not have, an unwritable path, an unknown suffix or page
// size) refused with one line that says what to do, writing nothing.
#include "tests/support/CommandRun.h"
#include "tests/support/DemoFixture.h"

#include <QFile>
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

QTEST_GUILESS_MAIN(tst_ReportCli)
#include "tst_reportcli.moc"
