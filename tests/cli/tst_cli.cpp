// SPDX-License-Identifier: GPL-3.0-or-later
// The headless interface end to end: runs the real `metricbridge` executable and checks exit
// status, output and what ends up in the workspace file.
#include "core/DemoFraming.h"
#include "core/FramingJson.h"
#include "tests/support/CommandRun.h"
#include "tests/support/DemoFixture.h"
#include "tests/support/TestSupport.h"

#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace mb;

namespace {

using Run = mbtest::CommandRun;
using mbtest::reasonLine;
using mbtest::reasonLines;

Run metricbridge(const QStringList &arguments, const QByteArray &input = {})
{
    return mbtest::runMetricbridge(arguments, input, 120000);
}

} // namespace

class tst_Cli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void versionNamesAllLibraries();
    void helpListsEverySubcommand();
    void projectCreateAndListAsJson();
    void framingSetShowRoundTripsAndVersions();
    void framingSetFromStdin();
    void badFramingFilesAreRefusedWithReasonAndStoreNothing_data();
    void badFramingFilesAreRefusedWithReasonAndStoreNothing();
    void framingDiffNamesChangedFields();
    void framingSetWarnsOfNamesThatCanNeverResolve();
    void framingSetWarnsOfATargetNoDatasetHas();
    void demoIsIdempotent();
    void foreignWorkspaceIsRefusedAndUntouched();
    void unknownCommandAndMissingOptionFail_data();
    void unknownCommandAndMissingOptionFail();
    void screenshotWritesThePage();

private:
    QString workspace() const { return m_dir->filePath(QStringLiteral("w.mbw")); }
    QString writeTemp(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir->filePath(name);
        mbtest::writeFile(path, bytes);
        return path;
    }
    // The suite's demo workspace, copied to workspace(); the reason is printed when it cannot be.
    bool copyDemo()
    {
        QString problem;
        if (!mbtest::copyDemoFixture(m_dir->path(), &problem, QStringLiteral("w.mbw")).isEmpty())
            return true;
        qWarning("%s", qPrintable(problem));
        return false;
    }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_Cli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_Cli::versionNamesAllLibraries()
{
    const Run run = metricbridge({QStringLiteral("--version")});
    QCOMPARE(run.exitCode, 0);
    const QString text = QString::fromUtf8(run.out);
    QVERIFY2(text.startsWith(QStringLiteral("MetricBridge 0.")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("commit ")));
    for (const char *library : {"Qt 6.", "LibTorch ", "SQLite 3.", "muparser "})
        QVERIFY2(text.contains(QLatin1String(library)), library);
}

void tst_Cli::helpListsEverySubcommand()
{
    const Run run = metricbridge({QStringLiteral("--help")});
    QCOMPARE(run.exitCode, 0);
    for (const char *command : {"project create", "project list", "framing show", "framing set", "demo", "screenshot"})
        QVERIFY2(run.out.contains(command), command);
}

void tst_Cli::projectCreateAndListAsJson()
{
    QCOMPARE(metricbridge({"project", "create", "--workspace", workspace(), "--name", "Churn"}).exitCode, 0);
    QCOMPARE(metricbridge({"project", "create", "--workspace", workspace(), "--name", "Ads", "--json"}).exitCode, 0);
    const Run duplicate = metricbridge({"project", "create", "--workspace", workspace(), "--name", "churn"});
    QCOMPARE(duplicate.exitCode, 1);
    QVERIFY2(reasonLine(duplicate).contains("already exists"), duplicate.err.constData());

    const Run list = metricbridge({"project", "list", "--workspace", workspace(), "--json"});
    QCOMPARE(list.exitCode, 0);
    const QJsonArray projects = QJsonDocument::fromJson(list.out).array();
    QCOMPARE(projects.size(), 2);
    QCOMPARE(projects.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Ads"));
    QCOMPARE(projects.at(1).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Churn"));
}

void tst_Cli::framingSetShowRoundTripsAndVersions()
{
    QCOMPARE(metricbridge({"project", "create", "--workspace", workspace(), "--name", "Feed"}).exitCode, 0);
    const Run none = metricbridge({"framing", "show", "--workspace", workspace(), "--project", "Feed"});
    QCOMPARE(none.exitCode, 1);
    QVERIFY(reasonLine(none).contains("no saved version"));

    const QByteArray bytes = framingToBytes(demoNewsfeedFraming());
    const QString file = writeTemp(QStringLiteral("framing.json"), bytes);
    const Run set = metricbridge({"framing", "set", "--workspace", workspace(), "--project", "Feed", "--file", file,
                                  "--note", "from the seeds", "--json"});
    QCOMPARE(set.exitCode, 0);
    const QJsonObject saved = QJsonDocument::fromJson(set.out).object();
    QCOMPARE(saved.value(QStringLiteral("version")).toInt(), 1);
    QCOMPARE(saved.value(QStringLiteral("unchanged")).toBool(), false);

    const Run show = metricbridge({"framing", "show", "--workspace", workspace(), "--project", "Feed"});
    QCOMPARE(show.exitCode, 0);
    QCOMPARE(show.out, bytes);

    const Run again = metricbridge({"framing", "set", "--workspace", workspace(), "--project", "Feed", "--file", file});
    QCOMPARE(again.exitCode, 0);
    QVERIFY2(again.out.contains("unchanged"), again.out.constData());

    Framing changed = demoNewsfeedFraming();
    changed.alpha = 0.8;
    changed.beta = 0.2;
    QCOMPARE(metricbridge({"framing", "set", "--workspace", workspace(), "--project", "Feed", "--file",
                           writeTemp(QStringLiteral("v2.json"), framingToBytes(changed))})
                 .exitCode,
             0);
    const Run history = metricbridge({"framing", "history", "--workspace", workspace(), "--project", "Feed", "--json"});
    QCOMPARE(history.exitCode, 0);
    const QJsonArray versions = QJsonDocument::fromJson(history.out).array();
    QCOMPARE(versions.size(), 2);
    QCOMPARE(versions.at(1).toObject().value(QStringLiteral("note")).toString(), QStringLiteral("from the seeds"));
    // Version 1 is still what it was.
    const Run first =
        metricbridge({"framing", "show", "--workspace", workspace(), "--project", "Feed", "--version", "1"});
    QCOMPARE(first.out, bytes);
}

void tst_Cli::framingSetFromStdin()
{
    QCOMPARE(metricbridge({"project", "create", "--workspace", workspace(), "--name", "Feed"}).exitCode, 0);
    const Run set = metricbridge({"framing", "set", "--workspace", workspace(), "--project", "Feed", "--file", "-"},
                                 framingToBytes(demoNewsfeedFraming()));
    QCOMPARE(set.exitCode, 0);
    QVERIFY(set.out.contains("saved framing version 1"));
}

void tst_Cli::badFramingFilesAreRefusedWithReasonAndStoreNothing_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("reason");
    QByteArray demo = framingToBytes(demoNewsfeedFraming());

    QTest::newRow("syntax error") << QByteArray("{\n  \"business_goal\": \"x\",\n  oops\n}") << "line 3, column 3";
    QTest::newRow("unknown key") << QByteArray("{\"busines_goal\": \"x\"}") << "busines_goal: unknown key";
    QTest::newRow("unknown task") << QByteArray("{\"task_type\": \"clustering\"}")
                                  << "task_type: expected one of binary";
    QTest::newRow("newer format") << QByteArray("{\"format_version\": 7}")
                                  << "reads framing format version 1, the file has version 7";
    QByteArray unknownSymbol = demo;
    unknownSymbol.replace("engagement * ad_value", "engagement * ad_valu");
    QTest::newRow("unknown symbol") << unknownSymbol << "unknown symbol 'ad_valu' at position 14";
    QByteArray badSyntax = demo;
    badSyntax.replace("100 * low / shown", "100 * low / / shown");
    QTest::newRow("expression syntax") << badSyntax << "business_metrics[1].outer_expression";
}

void tst_Cli::badFramingFilesAreRefusedWithReasonAndStoreNothing()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);
    QCOMPARE(metricbridge({"project", "create", "--workspace", workspace(), "--name", "Feed"}).exitCode, 0);
    const QString file = writeTemp(QStringLiteral("bad.json"), content);
    const Run run = metricbridge({"framing", "set", "--workspace", workspace(), "--project", "Feed", "--file", file});
    QCOMPARE(run.exitCode, 1);
    const QByteArray line = reasonLine(run);
    QVERIFY2(line.contains(reason.toUtf8()), line.constData());
    QVERIFY2(!line.contains('\n'), "the reason is one line");
    const Run history = metricbridge({"framing", "history", "--workspace", workspace(), "--project", "Feed", "--json"});
    QCOMPARE(QJsonDocument::fromJson(history.out).array().size(), 0);
}

// Found by a user: a requirement on a misspelt metric was saved silently and read "unknown" on
// every run. Saved all the same (the data or runs may come later), with a warning naming the
// unknown name and the choices, the nearest first.
void tst_Cli::framingSetWarnsOfNamesThatCanNeverResolve()
{
    QVERIFY(copyDemo());
    Framing typos = demoNewsfeedFraming();
    typos.stakeholders[1].requirementMetric = QStringLiteral("low_quality_shar");
    typos.stakeholders[2].requirementMetric = QStringLiteral("test/quality/roc_aux");
    typos.valueColumns << QStringLiteral("ad_values");
    const Run set = metricbridge({"framing", "set", "--workspace", workspace(), "--project", "Newsfeed ranking",
                                  "--file", writeTemp(QStringLiteral("typos.json"), framingToBytes(typos))});
    QVERIFY2(set.exitCode == 0, set.err.constData());
    const QList<QByteArray> lines = set.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 4);
    QVERIFY2(lines.at(0).startsWith("saved framing version "), lines.at(0).constData());
    QVERIFY2(lines.at(1).startsWith("  warning: value_columns: 'ad_values' is not a column of any dataset version of "
                                    "the project; the choices: ad_value, "),
             lines.at(1).constData());
    QVERIFY2(lines.at(2).startsWith("  warning: stakeholders[1].requirement.metric: 'low_quality_shar' is not a "
                                    "business metric of this framing or a latency; the choices: low_quality_share, "),
             lines.at(2).constData());
    QVERIFY2(lines.at(3).startsWith("  warning: stakeholders[2].requirement.metric: 'test/quality/roc_aux' is not a "
                                    "metric any evaluated run of the project has; the choices: test/quality/roc_auc, "),
             lines.at(3).constData());

    // The framing as shipped names nothing unknown: no warning, and --json says so too.
    const Run shipped =
        metricbridge({"framing", "set", "--workspace", workspace(), "--project", "Newsfeed ranking", "--file",
                      writeTemp(QStringLiteral("shipped.json"), framingToBytes(demoNewsfeedFraming())), "--json"});
    QVERIFY2(shipped.exitCode == 0, shipped.err.constData());
    QCOMPARE(QJsonDocument::fromJson(shipped.out).object().value(QStringLiteral("warnings")).toArray(), QJsonArray());
}

void tst_Cli::framingSetWarnsOfATargetNoDatasetHas()
{
    QCOMPARE(metricbridge({"project", "create", "--workspace", workspace(), "--name", "Churn"}).exitCode, 0);
    const QString csv = writeTemp(QStringLiteral("churn.csv"), "tenure,plan,churned\n1,a,0\n5,b,1\n7,a,0\n2,b,1\n");
    const Run imported = metricbridge(
        {"dataset", "import", "--workspace", workspace(), "--project", "Churn", "--file", csv, "--target", "churned"});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    Framing framing = demoNewsfeedFraming();
    framing.taskType = TaskType::Binary;
    framing.targetColumns = {QStringLiteral("churn")};
    framing.objectives = {framing.objectives.constFirst()};
    framing.businessMetrics.clear();
    framing.stakeholders.clear();
    framing.valueColumns.clear();
    const Run set = metricbridge({"framing", "set", "--workspace", workspace(), "--project", "Churn", "--file",
                                  writeTemp(QStringLiteral("churn.json"), framingToBytes(framing)), "--json"});
    QVERIFY2(set.exitCode == 0, set.err.constData());
    const QJsonObject saved = QJsonDocument::fromJson(set.out).object();
    QCOMPARE(saved.value(QStringLiteral("version")).toInt(), 1);
    QCOMPARE(saved.value(QStringLiteral("warnings")).toArray(),
             QJsonArray{QStringLiteral("target_columns: 'churn' is not a column of any dataset version of the project; "
                                       "the choices: churned, tenure, plan")});
}

void tst_Cli::framingDiffNamesChangedFields()
{
    QVERIFY(copyDemo());
    Framing changed = demoNewsfeedFraming();
    changed.approach = Approach::CombinedLoss;
    QCOMPARE(metricbridge({"framing", "set", "--workspace", workspace(), "--project", "Newsfeed ranking", "--file",
                           writeTemp(QStringLiteral("v3.json"), framingToBytes(changed))})
                 .exitCode,
             0);
    const Run diff = metricbridge({"framing", "diff", "--workspace", workspace(), "--project", "Newsfeed ranking",
                                   "--from", "2", "--to", "3", "--json"});
    QCOMPARE(diff.exitCode, 0);
    const QJsonArray changes = QJsonDocument::fromJson(diff.out).array();
    QCOMPARE(changes.size(), 1);
    const QJsonObject change = changes.at(0).toObject();
    QCOMPARE(change.value(QStringLiteral("field")).toString(), QStringLiteral("approach"));
    QCOMPARE(change.value(QStringLiteral("before")).toString(), QStringLiteral("model_per_objective"));
    QCOMPARE(change.value(QStringLiteral("after")).toString(), QStringLiteral("combined_loss"));
}

void tst_Cli::demoIsIdempotent()
{
    QCOMPARE(metricbridge({"demo", "--workspace", workspace()}).exitCode, 0);
    QCOMPARE(metricbridge({"demo", "--workspace", workspace()}).exitCode, 0);
    const Run list = metricbridge({"project", "list", "--workspace", workspace(), "--json"});
    QCOMPARE(QJsonDocument::fromJson(list.out).array().size(), 1);
    // The seeds' story: engagement alone, then engagement while keeping quality.
    const Run history =
        metricbridge({"framing", "history", "--workspace", workspace(), "--project", "Newsfeed ranking", "--json"});
    const QJsonArray versions = QJsonDocument::fromJson(history.out).array();
    QCOMPARE(versions.size(), 2);
    QCOMPARE(versions.at(1).toObject().value(QStringLiteral("note")).toString(), QStringLiteral("Maximise engagement"));
    const Run diff = metricbridge(
        {"framing", "diff", "--workspace", workspace(), "--project", "Newsfeed ranking", "--from", "1", "--to", "2"});
    QVERIFY2(diff.out.contains("~ task_type: binary -> two_objective_ranking"), diff.out.constData());
    const Run show = metricbridge({"framing", "show", "--workspace", workspace(), "--project", "Newsfeed ranking"});
    for (const char *role : {"growth", "trust & safety", "product"})
        QVERIFY2(show.out.contains(QByteArray(QByteArray("\"role\": \"") + role + '"')), role);
}

void tst_Cli::foreignWorkspaceIsRefusedAndUntouched()
{
    const QByteArray bytes("id,name\n1,not a workspace\n");
    const QString path = writeTemp(QStringLiteral("data.mbw"), bytes);
    for (const QStringList &args : {QStringList{"project", "list", "--workspace", path},
                                    QStringList{"project", "create", "--workspace", path, "--name", "X"},
                                    QStringList{"demo", "--workspace", path}}) {
        const Run run = metricbridge(args);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(reasonLine(run).contains("not an SQLite database"), run.err.constData());
        QCOMPARE(mbtest::fileBytes(path), bytes);
    }
}

void tst_Cli::unknownCommandAndMissingOptionFail_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("reason");
    QTest::newRow("unknown verb") << QStringList{"project", "rename"} << "unknown command 'project rename'";
    QTest::newRow("missing workspace") << QStringList{"project", "list"} << "missing --workspace";
    QTest::newRow("missing project") << QStringList{"framing", "show", "--workspace", "x.mbw"} << "missing --project";
    QTest::newRow("unknown option") << QStringList{"demo", "--workspace", "x.mbw", "--fast"} << "Unknown option 'fast'";
    QTest::newRow("missing workspace file")
        << QStringList{"framing", "show", "--workspace", "x.mbw", "--project", "p"} << "does not exist";
}

void tst_Cli::unknownCommandAndMissingOptionFail()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, reason);
    QDir::setCurrent(m_dir->path());
    const Run run = metricbridge(arguments);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(reasonLine(run).contains(reason.toUtf8()), run.err.constData());
}

void tst_Cli::screenshotWritesThePage()
{
    QVERIFY(copyDemo());
    const QString png = m_dir->filePath(QStringLiteral("framing.png"));
    const Run run = metricbridge({"screenshot", "--workspace", workspace(), "--project", "Newsfeed ranking", "--page",
                                  "framing", "--out", png, "--size", "1100x700"});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("framing.png"));
    const QImage image(png);
    QCOMPARE(image.size(), QSize(1100, 700));
    // A rendered page has text and widgets, not a blank fill.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));

    const Run badPage = metricbridge({"screenshot", "--workspace", workspace(), "--page", "nope", "--out", png});
    QCOMPARE(badPage.exitCode, 1);
    QVERIFY(reasonLine(badPage).contains("unknown page 'nope'"));
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
