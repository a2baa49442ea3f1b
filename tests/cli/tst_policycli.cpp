// SPDX-License-Identifier: GPL-3.0-or-later
// The policy commands end to end (`policy save`, `list`, `show`, `export`): runs the real
// `metricbridge` on a workspace with two small trained runs, one per objective, and checks what a
// user and a script read, including the refusals that must leave the workspace as it was. A
// policy weighs two objectives, so `policy save` is refused until the project is framed with two.
#include "tests/support/CommandRun.h"
#include "tests/support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

using Run = mbtest::CommandRun;
using mbtest::reasonLine;
using mbtest::reasonLines;

const QString kProject = QStringLiteral("Feed");

Run metricbridge(const QStringList &arguments)
{
    return mbtest::runMetricbridge(arguments);
}

// 300 posts: two features, a quality and an engagement label, deterministic.
QByteArray feedCsv()
{
    QByteArray csv = "post_id,length,clickbait,quality,engagement\n";
    for (int i = 0; i < 300; ++i) {
        const int length = (i * 37) % 100;
        const int clickbait = (i * 11) % 7;
        const int quality = length > 40 && clickbait < 4 ? 1 : 0;
        const int engagement = clickbait > 2 || (i % 5 == 0) ? 1 : 0;
        csv += QByteArray::number(i + 1) + ',' + QByteArray::number(length) + ',' + QByteArray::number(clickbait) +
               ',' + QByteArray::number(quality) + ',' + QByteArray::number(engagement) + '\n';
    }
    return csv;
}

// A framing of the feed with `task` over `targets`, as `framing set` reads it.
QByteArray framingJson(const QString &task, const QStringList &targets)
{
    QJsonArray objectives;
    for (const QString &target : targets)
        objectives.append(
            QJsonObject{{QStringLiteral("name"), target}, {QStringLiteral("loss"), QStringLiteral("bce")}});
    return QJsonDocument(QJsonObject{{QStringLiteral("format"), QStringLiteral("metricbridge.framing")},
                                     {QStringLiteral("format_version"), 1},
                                     {QStringLiteral("business_goal"), QStringLiteral("Rank good posts people click.")},
                                     {QStringLiteral("task_type"), task},
                                     {QStringLiteral("target_columns"), QJsonArray::fromStringList(targets)},
                                     {QStringLiteral("objectives"), objectives},
                                     {QStringLiteral("approach"), QStringLiteral("model_per_objective")}})
        .toJson();
}

// A linear model trained for one epoch: enough for a run that exists and finished.
QByteArray runConfig(const QString &name, const QString &target, qint64 datasetVersion, qint64 split)
{
    return QJsonDocument(mbtest::linearRunConfig(name, datasetVersion, split, QStringLiteral("binary"), target))
        .toJson();
}

} // namespace

class tst_PolicyCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void helpListsThePolicyCommands();
    // In this order: each builds on the policies saved before.
    void listSaysThereAreNoPoliciesYet();
    // Ends with the project framed with two objectives, as the tests after it need.
    void policySaveIsRefusedInAProjectWithoutTwoObjectives();
    void saveMakesVersionsAndSameSettingsAreUnchanged();
    void listShowsTheLatestVersionOfEachPolicy();
    void showComparesWithThePreviousVersion();
    void exportWritesThePolicyJson();
    void refusalsAreOneLineAndChangeNothing_data();
    void refusalsAreOneLineAndChangeNothing();

private:
    QString workspace() const { return m_dir->filePath(QStringLiteral("policies.mbw")); }
    QStringList scope(const QString &verb) const
    {
        return {QStringLiteral("policy"),    verb,    QStringLiteral("--workspace"), workspace(),
                QStringLiteral("--project"), kProject};
    }
    QStringList saveArguments(const QMap<QString, QString> &changes) const;
    Run setFraming(const QString &task, const QStringList &targets);
    qint64 train(const QString &name, const QString &target);

    std::unique_ptr<QTemporaryDir> m_dir;
    qint64 m_datasetVersion = 0, m_split = 0;
    qint64 m_quality = 0, m_engagement = 0;
};

void tst_PolicyCli::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const Run project = metricbridge({"project", "create", "--workspace", workspace(), "--name", kProject});
    QVERIFY2(project.exitCode == 0, project.err.constData());
    const QString csv = m_dir->filePath(QStringLiteral("feed.csv"));
    QVERIFY(mbtest::writeFile(csv, feedCsv()));
    const Run imported =
        metricbridge({"dataset", "import", "--workspace", workspace(), "--project", kProject, "--file", csv, "--target",
                      "quality,engagement", "--ignore", "post_id", "--split", "random", "--json"});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    const QJsonObject version = QJsonDocument::fromJson(imported.out).object();
    m_datasetVersion = version.value(QStringLiteral("id")).toInteger();
    m_split = version.value(QStringLiteral("split")).toObject().value(QStringLiteral("id")).toInteger();
    QVERIFY(m_datasetVersion > 0 && m_split > 0);
    m_quality = train(QStringLiteral("quality model"), QStringLiteral("quality"));
    m_engagement = train(QStringLiteral("engagement model"), QStringLiteral("engagement"));
    QVERIFY(m_quality > 0 && m_engagement > 0 && m_quality != m_engagement);
}

qint64 tst_PolicyCli::train(const QString &name, const QString &target)
{
    const QString config = m_dir->filePath(target + QStringLiteral(".json"));
    if (!mbtest::writeFile(config, runConfig(name, target, m_datasetVersion, m_split)))
        return 0;
    const Run trained = metricbridge({"train", "--workspace", workspace(), "--project", kProject, "--config", config});
    if (trained.exitCode != 0) {
        qWarning("%s", trained.err.constData());
        return 0;
    }
    return mbtest::startedRunId(trained.out);
}

Run tst_PolicyCli::setFraming(const QString &task, const QStringList &targets)
{
    const QString file =
        mbtest::writeIn(m_dir->path(), task + QStringLiteral(".framing.json"), framingJson(task, targets));
    return metricbridge({"framing", "set", "--workspace", workspace(), "--project", kProject, "--file", file});
}

// `policy save` of policy "balanced" with good settings, but for the options in `changes`.
QStringList tst_PolicyCli::saveArguments(const QMap<QString, QString> &changes) const
{
    QMap<QString, QString> options{{QStringLiteral("name"), QStringLiteral("balanced")},
                                   {QStringLiteral("run-a"), QString::number(m_quality)},
                                   {QStringLiteral("run-b"), QString::number(m_engagement)},
                                   {QStringLiteral("alpha"), QStringLiteral("0.5")},
                                   {QStringLiteral("beta"), QStringLiteral("0.5")},
                                   {QStringLiteral("normalisation"), QStringLiteral("zscore")},
                                   {QStringLiteral("k"), QStringLiteral("50")}};
    options.insert(changes);
    QStringList arguments = scope(QStringLiteral("save"));
    for (auto it = options.constBegin(); it != options.constEnd(); ++it)
        arguments << QStringLiteral("--") + it.key() << it.value();
    return arguments;
}

void tst_PolicyCli::helpListsThePolicyCommands()
{
    const Run help = metricbridge({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    for (const char *command :
         {"policy list", "policy show", "policy export", "policy save", "--normalisation raw|zscore|rank"})
        QVERIFY2(help.out.contains(command), command);
}

void tst_PolicyCli::listSaysThereAreNoPoliciesYet()
{
    const Run text = metricbridge(scope(QStringLiteral("list")));
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.contains("project 'Feed' has no policies yet"), text.out.constData());
    const Run json = metricbridge(scope(QStringLiteral("list")) << QStringLiteral("--json"));
    QCOMPARE(json.exitCode, 0);
    QVERIFY(QJsonDocument::fromJson(json.out).isArray());
    QCOMPARE(QJsonDocument::fromJson(json.out).array().size(), 0);
}

void tst_PolicyCli::policySaveIsRefusedInAProjectWithoutTwoObjectives()
{
    const QByteArray before = metricbridge(scope(QStringLiteral("list")) << QStringLiteral("--json")).out;
    const Run unframed = metricbridge(saveArguments({}));
    QCOMPARE(unframed.exitCode, 1);
    QCOMPARE(reasonLines(unframed).size(), 1);
    QCOMPARE(reasonLine(unframed),
             QByteArray("metricbridge: the policy was not saved: the project has no framing yet: a policy weighs the "
                        "runs of a project framed with two objectives (task two_objective_ranking)"));

    const Run binary = setFraming(QStringLiteral("binary"), {QStringLiteral("quality")});
    QVERIFY2(binary.exitCode == 0, binary.err.constData());
    const Run oneObjective = metricbridge(saveArguments({}));
    QCOMPARE(oneObjective.exitCode, 1);
    QCOMPARE(reasonLine(oneObjective),
             QByteArray("metricbridge: the policy was not saved: the project is framed with task binary, one "
                        "objective: a policy weighs the runs of a project framed with two objectives (task "
                        "two_objective_ranking)"));
    // Nothing was stored: the Trade-offs page of such a project lists no policy it cannot open.
    QCOMPARE(metricbridge(scope(QStringLiteral("list")) << QStringLiteral("--json")).out, before);

    const Run twoObjectives =
        setFraming(QStringLiteral("two_objective_ranking"), {QStringLiteral("quality"), QStringLiteral("engagement")});
    QVERIFY2(twoObjectives.exitCode == 0, twoObjectives.err.constData());
}

void tst_PolicyCli::saveMakesVersionsAndSameSettingsAreUnchanged()
{
    const Run first = metricbridge(saveArguments({}) << "--note"
                                                     << "even");
    QVERIFY2(first.exitCode == 0, first.err.constData());
    QCOMPARE(first.out, QByteArray("saved policy 'balanced' version 1\n"));

    // The same settings with another note: no new version.
    const Run again = metricbridge(saveArguments({}) << "--note"
                                                     << "said again");
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QCOMPARE(again.out, QByteArray("unchanged: policy 'balanced' version 1 has these settings\n"));

    const Run second = metricbridge(saveArguments({{"alpha", "0.7"}, {"beta", "0.3"}}) << "--note"
                                                                                       << "more quality");
    QVERIFY2(second.exitCode == 0, second.err.constData());
    QCOMPARE(second.out, QByteArray("saved policy 'balanced' version 2\n"));

    const Run other =
        metricbridge(saveArguments({{"name", "quality first"}, {"alpha", "1"}, {"beta", "0"}}) << "--json");
    QVERIFY2(other.exitCode == 0, other.err.constData());
    const QJsonObject saved = QJsonDocument::fromJson(other.out).object();
    QCOMPARE(saved.value(QStringLiteral("name")).toString(), QStringLiteral("quality first"));
    QCOMPARE(saved.value(QStringLiteral("version")).toInt(), 1);
    QCOMPARE(saved.value(QStringLiteral("unchanged")).toBool(true), false);
}

void tst_PolicyCli::listShowsTheLatestVersionOfEachPolicy()
{
    const Run json = metricbridge(scope(QStringLiteral("list")) << QStringLiteral("--json"));
    QVERIFY2(json.exitCode == 0, json.err.constData());
    const QJsonArray policies = QJsonDocument::fromJson(json.out).array();
    QCOMPARE(policies.size(), 2);
    const QJsonObject balanced = policies.at(0).toObject();
    QCOMPARE(balanced.value(QStringLiteral("name")).toString(), QStringLiteral("balanced"));
    QCOMPARE(balanced.value(QStringLiteral("version")).toInt(), 2);
    QCOMPARE(balanced.value(QStringLiteral("versions")).toInt(), 2);
    QCOMPARE(balanced.value(QStringLiteral("alpha")).toDouble(), 0.7);
    QCOMPARE(balanced.value(QStringLiteral("beta")).toDouble(), 0.3);
    QCOMPARE(balanced.value(QStringLiteral("normalisation")).toString(), QStringLiteral("zscore"));
    QCOMPARE(balanced.value(QStringLiteral("k")).toInt(), 50);
    QCOMPARE(balanced.value(QStringLiteral("note")).toString(), QStringLiteral("more quality"));
    QCOMPARE(balanced.value(QStringLiteral("run_a")).toObject().value(QStringLiteral("id")).toInteger(), m_quality);
    QCOMPARE(balanced.value(QStringLiteral("run_a")).toObject().value(QStringLiteral("name")).toString(),
             QStringLiteral("quality model"));
    QCOMPARE(balanced.value(QStringLiteral("run_b")).toObject().value(QStringLiteral("name")).toString(),
             QStringLiteral("engagement model"));
    QVERIFY(!balanced.value(QStringLiteral("created_at")).toString().isEmpty());
    QCOMPARE(policies.at(1).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("quality first"));
    QCOMPARE(policies.at(1).toObject().value(QStringLiteral("versions")).toInt(), 1);

    // The text form: a header and one aligned row per policy.
    const Run text = metricbridge(scope(QStringLiteral("list")));
    QVERIFY2(text.exitCode == 0, text.err.constData());
    const QList<QByteArray> lines = text.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    const QByteArray header = lines.at(0);
    for (const char *column :
         {"NAME", "VERSION", "VERSIONS", "ALPHA", "BETA", "NORMALISATION", "K", "RUN A", "RUN B", "CREATED", "NOTE"})
        QVERIFY2(header.contains(column), column);
    QVERIFY2(lines.at(1).startsWith("balanced "), lines.at(1).constData());
    for (const char *cell : {" 0.7 ", " 0.3 ", " zscore ", " 50 ", "quality model", "engagement model", "more quality"})
        QVERIFY2(lines.at(1).contains(cell), cell);
    // Aligned: every row's alpha starts where the header's ALPHA does.
    const qsizetype alphaColumn = header.indexOf("ALPHA");
    QCOMPARE(lines.at(1).mid(alphaColumn, 4), QByteArray("0.7 "));
    QCOMPARE(lines.at(2).mid(alphaColumn, 2), QByteArray("1 "));
}

void tst_PolicyCli::showComparesWithThePreviousVersion()
{
    const Run latest = metricbridge(scope(QStringLiteral("show")) << "--name"
                                                                  << "balanced");
    QVERIFY2(latest.exitCode == 0, latest.err.constData());
    const QString text = QString::fromUtf8(latest.out);
    for (const QString &expected :
         {QStringLiteral("policy 'balanced' version 2 of 2, project 'Feed', saved "),
          QStringLiteral("alpha          0.7\n"), QStringLiteral("normalisation  zscore\n"),
          QStringLiteral("run_a          %1 quality model\n").arg(m_quality),
          QStringLiteral("metrics when saved: none recorded\n"), QStringLiteral("changes from version 1:\n"),
          QStringLiteral("  ~ alpha: 0.5 -> 0.7 (+0.2)\n"), QStringLiteral("  ~ beta: 0.5 -> 0.3 (-0.2)\n"),
          QStringLiteral("  ~ note: even -> more quality\n")})
        QVERIFY2(text.contains(expected), qPrintable(expected + QStringLiteral(" in:\n") + text));
    QVERIFY2(!text.contains(QStringLiteral("~ k:")), qPrintable(text)); // unchanged settings are not listed

    const Run first = metricbridge(scope(QStringLiteral("show")) << "--name"
                                                                 << "balanced"
                                                                 << "--version"
                                                                 << "1");
    QVERIFY2(first.exitCode == 0, first.err.constData());
    QVERIFY2(first.out.contains("policy 'balanced' version 1 of 2"), first.out.constData());
    QVERIFY2(first.out.contains("alpha          0.5\n"), first.out.constData());
    QVERIFY2(first.out.contains("the first version: nothing to compare with"), first.out.constData());

    const Run json = metricbridge(scope(QStringLiteral("show")) << "--name"
                                                                << "BALANCED"
                                                                << "--json");
    QVERIFY2(json.exitCode == 0, json.err.constData());
    const QJsonObject shown = QJsonDocument::fromJson(json.out).object();
    QCOMPARE(shown.value(QStringLiteral("name")).toString(), QStringLiteral("balanced"));
    QCOMPARE(shown.value(QStringLiteral("version")).toInt(), 2);
    QCOMPARE(shown.value(QStringLiteral("previous_version")).toInt(), 1);
    QCOMPARE(shown.value(QStringLiteral("metrics")).toObject(), QJsonObject());
    const QJsonArray changes = shown.value(QStringLiteral("changes")).toArray();
    QCOMPARE(changes.size(), 3);
    const QJsonObject alpha = changes.at(0).toObject();
    QCOMPARE(alpha.value(QStringLiteral("field")).toString(), QStringLiteral("alpha"));
    QCOMPARE(alpha.value(QStringLiteral("before")).toString(), QStringLiteral("0.5"));
    QCOMPARE(alpha.value(QStringLiteral("after")).toString(), QStringLiteral("0.7"));
    QVERIFY(mbtest::fuzzyEqual(alpha.value(QStringLiteral("delta")).toDouble(), 0.2, 1e-12));
    QCOMPARE(changes.at(2).toObject().value(QStringLiteral("field")).toString(), QStringLiteral("note"));
    QVERIFY(!changes.at(2).toObject().contains(QStringLiteral("delta")));
}

void tst_PolicyCli::exportWritesThePolicyJson()
{
    const QString path = m_dir->filePath(QStringLiteral("balanced.json"));
    const Run exported = metricbridge(scope(QStringLiteral("export")) << "--name"
                                                                      << "balanced"
                                                                      << "--out" << path);
    QVERIFY2(exported.exitCode == 0, exported.err.constData());
    QCOMPARE(exported.out, QStringLiteral("wrote policy 'balanced' version 2 to %1\n").arg(path).toUtf8());
    const QByteArray bytes = mbtest::fileBytes(path);
    QJsonParseError error;
    const QJsonObject policy = QJsonDocument::fromJson(bytes, &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QCOMPARE(policy.value(QStringLiteral("format")).toString(), QStringLiteral("metricbridge.policy"));
    QCOMPARE(policy.value(QStringLiteral("format_version")).toInt(), 1);
    QCOMPARE(policy.value(QStringLiteral("project")).toString(), kProject);
    QCOMPARE(policy.value(QStringLiteral("name")).toString(), QStringLiteral("balanced"));
    QCOMPARE(policy.value(QStringLiteral("version")).toInt(), 2);
    QCOMPARE(
        policy.value(QStringLiteral("run_a")).toObject(),
        (QJsonObject{{QStringLiteral("id"), m_quality}, {QStringLiteral("name"), QStringLiteral("quality model")}}));
    QCOMPARE(policy.value(QStringLiteral("run_b")).toObject(),
             (QJsonObject{{QStringLiteral("id"), m_engagement},
                          {QStringLiteral("name"), QStringLiteral("engagement model")}}));
    QCOMPARE(policy.value(QStringLiteral("alpha")).toDouble(), 0.7);
    QCOMPARE(policy.value(QStringLiteral("beta")).toDouble(), 0.3);
    QCOMPARE(policy.value(QStringLiteral("normalisation")).toString(), QStringLiteral("zscore"));
    QCOMPARE(policy.value(QStringLiteral("k")).toInt(), 50);
    QCOMPARE(policy.value(QStringLiteral("note")).toString(), QStringLiteral("more quality"));
    QCOMPARE(policy.value(QStringLiteral("metrics")).toObject(), QJsonObject());
    QVERIFY(policy.value(QStringLiteral("created_at")).toString().startsWith(QStringLiteral("20")));
    QCOMPARE(policy.size(), 14); // nothing else

    // `--out -` prints the same bytes; --version picks an older one.
    const Run printed = metricbridge(scope(QStringLiteral("export")) << "--name"
                                                                     << "balanced"
                                                                     << "--out"
                                                                     << "-");
    QCOMPARE(printed.exitCode, 0);
    QCOMPARE(printed.out, bytes);
    const Run older = metricbridge(scope(QStringLiteral("export")) << "--name"
                                                                   << "balanced"
                                                                   << "--version"
                                                                   << "1"
                                                                   << "--out"
                                                                   << "-");
    QCOMPARE(older.exitCode, 0);
    const QJsonObject first = QJsonDocument::fromJson(older.out).object();
    QCOMPARE(first.value(QStringLiteral("version")).toInt(), 1);
    QCOMPARE(first.value(QStringLiteral("alpha")).toDouble(), 0.5);
    QCOMPARE(first.value(QStringLiteral("note")).toString(), QStringLiteral("even"));
}

void tst_PolicyCli::refusalsAreOneLineAndChangeNothing_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("reason");
    // Each would otherwise be version 3 of "balanced".
    QTest::newRow("alpha not a number") << saveArguments({{"alpha", "x"}}) << "--alpha 'x' is not a number";
    QTest::newRow("k not a whole number") << saveArguments({{"k", "ten"}}) << "--k 'ten' is not a whole number";
    QTest::newRow("unknown run") << saveArguments({{"run-a", "99"}})
                                 << "the policy was not saved: run_a: run 99 does not exist";
    QTest::newRow("one run twice") << saveArguments({{"run-b", QString::number(m_quality)}})
                                   << "the policy was not saved: run_b: must be another run than run_a";
    QTest::newRow("unknown normalisation")
        << saveArguments({{"normalisation", "minmax"}})
        << "the policy was not saved: normalisation: expected one of raw, zscore, rank, got 'minmax'";
    QTest::newRow("both weights zero") << saveArguments({{"alpha", "0"}, {"beta", "0"}})
                                       << "the policy was not saved: alpha, beta: must not both be 0";
    QTest::newRow("k zero") << saveArguments({{"k", "0"}})
                            << "the policy was not saved: k: the top-k budget must be at least 1, got 0";
    QTest::newRow("missing option") << (scope(QStringLiteral("save")) + QStringList{"--name", "b"})
                                    << "missing --run-a";
    QTest::newRow("unknown project") << QStringList{"policy", "list", "--workspace", workspace(), "--project", "Nope"}
                                     << "no project named 'Nope' in this workspace";
    QTest::newRow("unknown policy") << (scope(QStringLiteral("show")) + QStringList{"--name", "balance"})
                                    << "no policy named 'balance'; the project's policies: balanced, quality first";
    QTest::newRow("unknown version") << (scope(QStringLiteral("show")) +
                                         QStringList{"--name", "balanced", "--version", "9"})
                                     << "policy 'balanced' has no version 9; it has versions 1 to 2";
    QTest::newRow("bad version") << (scope(QStringLiteral("show")) +
                                     QStringList{"--name", "balanced", "--version", "two"})
                                 << "--version expects a version number (1, 2, ...), got 'two'";
    QTest::newRow("export of an unknown policy")
        << (scope(QStringLiteral("export")) +
            QStringList{"--name", "nope", "--out", m_dir->filePath(QStringLiteral("nope.json"))})
        << "no policy named 'nope'; the project's policies: balanced, quality first";
    QTest::newRow("unknown verb") << QStringList{"policy", "delete", "--workspace", workspace()}
                                  << "unknown command 'policy delete'; see --help";
}

void tst_PolicyCli::refusalsAreOneLineAndChangeNothing()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, reason);
    const QByteArray before = metricbridge(scope(QStringLiteral("list")) << QStringLiteral("--json")).out;
    QVERIFY(!before.isEmpty());

    const Run refused = metricbridge(arguments);
    QCOMPARE(refused.exitCode, 1);
    QCOMPARE(refused.out, QByteArray());
    QCOMPARE(reasonLines(refused).size(), 1);
    const QString line = QString::fromUtf8(reasonLine(refused));
    QVERIFY2(line.startsWith(QStringLiteral("metricbridge: ") + reason), qPrintable(line));

    QCOMPARE(metricbridge(scope(QStringLiteral("list")) << QStringLiteral("--json")).out, before);
    QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("nope.json"))));
}

QTEST_GUILESS_MAIN(tst_PolicyCli)
#include "tst_policycli.moc"
