// SPDX-License-Identifier: GPL-3.0-or-later
// Tags, notes and stars from the command line, and `runs --where` / `--view` (docs/QUERY.md): an
// external run's `log start --tags` are the same tags `runs tag` adds, so `tag = x` finds both;
// a query that cannot be read is one line naming its column, with exit status 2; bad tags and
// unknown runs are refused and store nothing.
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

QByteArray churnCsv()
{
    QByteArray csv = "tenure,calls,churned\n";
    for (int i = 0; i < 200; ++i)
        csv += QByteArray::number((i * 37) % 60) + ',' + QByteArray::number((i * 11) % 9) + ',' +
               QByteArray::number(i % 3 == 0 ? 1 : 0) + '\n';
    return csv;
}

} // namespace

class tst_RunQueryCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void tagsGivenAtLogStartAreFoundByTheQuery();
    void tagNoteAndStarShowInRuns();
    void whereCombinesConditions_data();
    void whereCombinesConditions();
    void aQueryThatCannotBeReadExitsWith2NamingItsColumn_data();
    void aQueryThatCannotBeReadExitsWith2NamingItsColumn();
    void aBadTagOrAnUnknownRunIsRefusedAndNothingStored();
    void aSavedViewFiltersRuns();

private:
    QString workspace() const { return m_dir->filePath(QStringLiteral("query.mbw")); }
    qint64 startRun(const QString &name, const QString &tags);
    QList<qint64> idsWhere(const QString &query);
    QJsonObject runJson(qint64 id);

    std::unique_ptr<QTemporaryDir> m_dir;
    qint64 m_version = 0, m_split = 0;
    qint64 m_baseline = 0, m_probe = 0, m_forest = 0;
};

qint64 tst_RunQueryCli::startRun(const QString &name, const QString &tags)
{
    QStringList arguments{"log",
                          "start",
                          "--workspace",
                          workspace(),
                          "--project",
                          kProject,
                          "--name",
                          name,
                          "--dataset-version",
                          QString::number(m_version),
                          "--split",
                          QString::number(m_split),
                          "--target",
                          "churned",
                          "--json"};
    if (!tags.isEmpty())
        arguments << QStringLiteral("--tags") << tags;
    const Run started = metricbridge(arguments);
    if (started.exitCode != 0)
        qWarning("%s", started.err.constData());
    return QJsonDocument::fromJson(started.out).object().value(QStringLiteral("run")).toInteger();
}

QList<qint64> tst_RunQueryCli::idsWhere(const QString &query)
{
    const Run runs =
        metricbridge({"runs", "--workspace", workspace(), "--project", kProject, "--where", query, "--json"});
    if (runs.exitCode != 0)
        qWarning("%s", runs.err.constData());
    QList<qint64> ids;
    for (const QJsonValue &run : QJsonDocument::fromJson(runs.out).array())
        ids << run.toObject().value(QStringLiteral("id")).toInteger();
    std::sort(ids.begin(), ids.end());
    return ids;
}

QJsonObject tst_RunQueryCli::runJson(qint64 id)
{
    const Run runs = metricbridge({"runs", "--workspace", workspace(), "--project", kProject, "--json"});
    for (const QJsonValue &run : QJsonDocument::fromJson(runs.out).array())
        if (run.toObject().value(QStringLiteral("id")).toInteger() == id)
            return run.toObject();
    return {};
}

void tst_RunQueryCli::initTestCase()
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
    m_version = version.value(QStringLiteral("id")).toInteger();
    m_split = version.value(QStringLiteral("split")).toObject().value(QStringLiteral("id")).toInteger();
    m_baseline = startRun(QStringLiteral("baseline"), QStringLiteral("baseline,linear"));
    m_probe = startRun(QStringLiteral("tmp probe"), {});
    m_forest = startRun(QStringLiteral("forest"), QStringLiteral("trees"));
    QVERIFY(m_baseline > 0 && m_probe > 0 && m_forest > 0);
    for (qint64 run : {m_baseline, m_forest})
        QCOMPARE(metricbridge({"log", "finish", "--workspace", workspace(), "--run", QString::number(run)}).exitCode,
                 0);
}

void tst_RunQueryCli::tagsGivenAtLogStartAreFoundByTheQuery()
{
    QCOMPARE(idsWhere(QStringLiteral("tag = baseline")), QList<qint64>{m_baseline});
    QCOMPARE(idsWhere(QStringLiteral("tag = TREES or tag = linear")), (QList<qint64>{m_baseline, m_forest}));
    QCOMPARE(runJson(m_baseline).value(QStringLiteral("tags")).toArray(),
             (QJsonArray{QStringLiteral("baseline"), QStringLiteral("linear")}));
}

void tst_RunQueryCli::tagNoteAndStarShowInRuns()
{
    const QString run = QString::number(m_probe);
    const Run tagged = metricbridge({"runs", "tag", "--workspace", workspace(), "--run", run, "keep", "exp,Exp"});
    QVERIFY2(tagged.exitCode == 0, tagged.err.constData());
    QCOMPARE(tagged.out, QByteArray("run %1 tags: exp, keep\n").replace("%1", run.toUtf8()));
    QCOMPARE(
        metricbridge({"runs", "note", "--workspace", workspace(), "--run", run, "--text", "first try, lr too high"})
            .exitCode,
        0);
    QCOMPARE(metricbridge({"runs", "star", "--workspace", workspace(), "--run", run}).exitCode, 0);
    const QJsonObject json = runJson(m_probe);
    QCOMPARE(json.value(QStringLiteral("tags")).toArray(), (QJsonArray{QStringLiteral("exp"), QStringLiteral("keep")}));
    QCOMPARE(json.value(QStringLiteral("note")).toString(), QStringLiteral("first try, lr too high"));
    QCOMPARE(json.value(QStringLiteral("starred")).toBool(), true);
    const Run text = metricbridge({"runs", "--workspace", workspace(), "--project", kProject, "--where", "star = yes"});
    QVERIFY2(text.exitCode == 0, text.err.constData());
    QVERIFY2(text.out.contains("★; tags exp,keep; note: first try, lr too high"), text.out.constData());

    const Run removed = metricbridge({"runs", "tag", "--workspace", workspace(), "--run", run, "--remove", "exp"});
    QVERIFY2(removed.exitCode == 0, removed.err.constData());
    QCOMPARE(runJson(m_probe).value(QStringLiteral("tags")).toArray(), QJsonArray{QStringLiteral("keep")});
    QCOMPARE(metricbridge({"runs", "star", "--workspace", workspace(), "--run", run, "--off"}).exitCode, 0);
    QCOMPARE(runJson(m_probe).value(QStringLiteral("starred")).toBool(), false);
    QCOMPARE(metricbridge({"runs", "star", "--workspace", workspace(), "--run", run}).exitCode, 0);
}

void tst_RunQueryCli::whereCombinesConditions_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("expected"); // which runs, by name
    QTest::newRow("status") << QStringLiteral("status = finished") << QStringLiteral("baseline forest");
    QTest::newRow("not and contains") << QStringLiteral(R"(status = running or not name ~ "tmp" and tag != trees)")
                                      << QStringLiteral("baseline tmp");
    QTest::newRow("parentheses") << QStringLiteral("(status = running or tag = trees) and not star = yes")
                                 << QStringLiteral("forest");
    QTest::newRow("note") << QStringLiteral("note ~ \"LR TOO\"") << QStringLiteral("tmp");
    QTest::newRow("model kind") << QStringLiteral("model = external") << QStringLiteral("baseline tmp forest");
    QTest::newRow("config path") << QStringLiteral("config.targets = churned and id > 0")
                                 << QStringLiteral("baseline tmp forest");
    QTest::newRow("bare word") << QStringLiteral("forest") << QStringLiteral("forest");
    QTest::newRow("blank keeps all") << QStringLiteral("  ") << QStringLiteral("baseline tmp forest");
}

void tst_RunQueryCli::whereCombinesConditions()
{
    QFETCH(QString, query);
    QFETCH(QString, expected);
    QList<qint64> ids;
    const QHash<QString, qint64> byName{{QStringLiteral("baseline"), m_baseline},
                                        {QStringLiteral("tmp"), m_probe},
                                        {QStringLiteral("forest"), m_forest}};
    for (const QString &name : expected.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        ids << byName.value(name);
    std::sort(ids.begin(), ids.end());
    QCOMPARE(idsWhere(query), ids);
}

void tst_RunQueryCli::aQueryThatCannotBeReadExitsWith2NamingItsColumn_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QByteArray>("reason");
    QTest::newRow("no value") << QStringLiteral("status = finished and test/roc_auc >")
                              << QByteArray("metricbridge: --where: col 37: expected a value after '>'");
    QTest::newRow("dangling and") << QStringLiteral("status = finished and")
                                  << QByteArray("metricbridge: --where: col 22: expected a condition after 'and'");
    QTest::newRow("unknown field")
        << QStringLiteral("acc > 0.9")
        << QByteArray("metricbridge: --where: col 1: unknown field 'acc' — fields: id, name, status, model, tag, star, "
                      "note, created, started, finished, config.<path>");
    QTest::newRow("unknown status")
        << QStringLiteral("status = done")
        << QByteArray("metricbridge: --where: col 10: unknown status 'done' — statuses: queued, running, finished, "
                      "failed, cancelled, diverged, interrupted");
}

void tst_RunQueryCli::aQueryThatCannotBeReadExitsWith2NamingItsColumn()
{
    QFETCH(QString, query);
    QFETCH(QByteArray, reason);
    const Run runs = metricbridge({"runs", "--workspace", workspace(), "--project", kProject, "--where", query});
    QCOMPARE(runs.exitCode, 2);
    QVERIFY2(mbtest::reasonLine(runs).startsWith(reason), mbtest::reasonLine(runs).constData());
    QCOMPARE(mbtest::reasonLines(runs).size(), 1);
    QVERIFY(runs.out.isEmpty()); // no run listed as if the filter had kept them
}

void tst_RunQueryCli::aBadTagOrAnUnknownRunIsRefusedAndNothingStored()
{
    const QString run = QString::number(m_forest);
    const Run spaced = metricbridge({"runs", "tag", "--workspace", workspace(), "--run", run, "good", "two words"});
    QCOMPARE(spaced.exitCode, 1);
    QCOMPARE(mbtest::reasonLine(spaced),
             QByteArray("metricbridge: tag 'two words' has a space: tags are single words"));
    QCOMPARE(runJson(m_forest).value(QStringLiteral("tags")).toArray(), QJsonArray{QStringLiteral("trees")});

    const Run missing = metricbridge({"runs", "tag", "--workspace", workspace(), "--run", run, "--remove", "nope"});
    QCOMPARE(missing.exitCode, 1);
    QCOMPARE(mbtest::reasonLine(missing),
             QByteArray("metricbridge: run %1 has no tag 'nope' (its tags: trees)").replace("%1", run.toUtf8()));

    const Run unknown = metricbridge({"runs", "star", "--workspace", workspace(), "--run", "999"});
    QCOMPARE(unknown.exitCode, 1);
    QCOMPARE(mbtest::reasonLine(unknown), QByteArray("metricbridge: run 999 does not exist"));

    const Run both = metricbridge({"runs", "note", "--workspace", workspace(), "--run", run});
    QCOMPARE(both.exitCode, 1);
    QCOMPARE(mbtest::reasonLine(both), QByteArray("metricbridge: give the note with either --text T or --file F"));
}

void tst_RunQueryCli::aSavedViewFiltersRuns()
{
    const Run saved = metricbridge({"view", "save", "--workspace", workspace(), "--project", kProject, "--name",
                                    "Keepers", "--where", "star = yes or tag = baseline", "--sort", "id:desc"});
    QVERIFY2(saved.exitCode == 0, saved.err.constData());
    const Run runs =
        metricbridge({"runs", "--workspace", workspace(), "--project", kProject, "--view", "keepers", "--json"});
    QVERIFY2(runs.exitCode == 0, runs.err.constData());
    QList<qint64> ids;
    for (const QJsonValue &run : QJsonDocument::fromJson(runs.out).array())
        ids << run.toObject().value(QStringLiteral("id")).toInteger();
    std::sort(ids.begin(), ids.end());
    QCOMPARE(ids, (QList<qint64>{m_baseline, m_probe}));

    const Run list = metricbridge({"view", "list", "--workspace", workspace(), "--project", kProject});
    QCOMPARE(list.out, QByteArray("Keepers\tstar = yes or tag = baseline\tall columns\tid:desc\n"));
    const Run unknown = metricbridge({"runs", "--workspace", workspace(), "--project", kProject, "--view", "nope"});
    QCOMPARE(unknown.exitCode, 1);
    QCOMPARE(mbtest::reasonLine(unknown), QByteArray("metricbridge: no view is called 'nope' — views: Keepers"));
    const Run broken = metricbridge({"view", "save", "--workspace", workspace(), "--project", kProject, "--name",
                                     "broken", "--where", "(star = yes"});
    QCOMPARE(broken.exitCode, 2);
    QCOMPARE(mbtest::reasonLine(broken), QByteArray("metricbridge: --where: col 1: '(' is not closed"));
    QCOMPARE(metricbridge({"view", "list", "--workspace", workspace(), "--project", kProject}).out.count('\n'), 1);
}

QTEST_GUILESS_MAIN(tst_RunQueryCli)
#include "tst_runquerycli.moc"
