// SPDX-License-Identifier: GPL-3.0-or-later
// Archiving, deleting and taking artifacts out, end to end on a copy of the demo workspace with the
// real `metricbridge`: `runs archive|unarchive`, `runs artifact export` (the file's SHA-256 is the
// stored address), the refusals (a run a policy weighs, a dataset version in use, bad ids) that
// name the problem and change nothing, `dataset delete --force`, `project delete`, and then
// `workspace check` sound and `workspace vacuum` smaller.
#include "tests/support/CommandRun.h"
#include "tests/support/DemoFixture.h"
#include "tests/support/TestSupport.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

using Run = mbtest::CommandRun;
const QString kProject = QStringLiteral("Newsfeed ranking");

} // namespace

class tst_LifecycleCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();

    void archiveAndUnarchive();
    void artifactExportWritesTheStoredBytes();
    void refusalsNameTheProblemAndChangeNothing();
    void datasetDeleteWithForceTakesItsRuns();
    void projectDeleteThenCheckAndVacuum();

private:
    Run mb(QStringList arguments)
    {
        arguments << QStringLiteral("--workspace") << m_path;
        return mbtest::runMetricbridge(arguments);
    }
    QJsonArray runsJson()
    {
        const Run listed = mb({QStringLiteral("runs"), QStringLiteral("--project"), kProject, QStringLiteral("--json")});
        return QJsonDocument::fromJson(listed.out).array();
    }
    QJsonObject json(const Run &run) { return QJsonDocument::fromJson(run.out).object(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void tst_LifecycleCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QString problem;
    m_path = mbtest::copyDemoFixture(m_dir->path(), &problem);
    QVERIFY2(!m_path.isEmpty(), qPrintable(problem));
}

void tst_LifecycleCli::archiveAndUnarchive()
{
    const Run archived = mb({QStringLiteral("runs"), QStringLiteral("archive"), QStringLiteral("--run"),
                             QStringLiteral("1,2"), QStringLiteral("--json")});
    QVERIFY2(archived.exitCode == 0, archived.err.constData());
    QCOMPARE(json(archived).value(QStringLiteral("archived")).toArray(), (QJsonArray{1, 2}));
    const Run back = mb({QStringLiteral("runs"), QStringLiteral("unarchive"), QStringLiteral("--run"), QStringLiteral("2")});
    QVERIFY2(back.exitCode == 0, back.err.constData());
    QCOMPARE(back.out, QByteArray("unarchived run(s) 2\n"));
    // Archived runs are kept whole: `runs` still lists all four.
    QCOMPARE(runsJson().size(), 4);
}

void tst_LifecycleCli::artifactExportWritesTheStoredBytes()
{
    const QString file = m_dir->filePath(QStringLiteral("best.pt"));
    const Run exported = mb({QStringLiteral("runs"), QStringLiteral("artifact"), QStringLiteral("export"),
                             QStringLiteral("--run"), QStringLiteral("1"), QStringLiteral("--out"), file,
                             QStringLiteral("--json")});
    QVERIFY2(exported.exitCode == 0, exported.err.constData());
    const QByteArray bytes = mbtest::fileBytes(file);
    QVERIFY(!bytes.isEmpty());
    QCOMPARE(QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()),
             json(exported).value(QStringLiteral("sha256")).toString());
    QCOMPARE(qint64(bytes.size()), json(exported).value(QStringLiteral("bytes")).toInteger());

    const Run unknown = mb({QStringLiteral("runs"), QStringLiteral("artifact"), QStringLiteral("export"),
                            QStringLiteral("--run"), QStringLiteral("1"), QStringLiteral("--name"),
                            QStringLiteral("nope"), QStringLiteral("--out"), m_dir->filePath(QStringLiteral("x"))});
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY2(mbtest::reasonLine(unknown).contains("has no artifact 'nope'; it has: "), unknown.err.constData());
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("x"))));
}

void tst_LifecycleCli::refusalsNameTheProblemAndChangeNothing()
{
    const QByteArray before = mbtest::fileBytes(m_path);
    const auto refused = [&](const QStringList &arguments, const QByteArray &reason) {
        const Run run = mb(arguments);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(mbtest::reasonLine(run).contains(reason), run.err.constData());
    };
    // The demo's policy weighs runs 1 and 2 (quality and engagement models).
    refused({QStringLiteral("runs"), QStringLiteral("delete"), QStringLiteral("--run"), QStringLiteral("1")},
            "is weighed by policy");
    refused({QStringLiteral("runs"), QStringLiteral("delete"), QStringLiteral("--run"), QStringLiteral("x")},
            "--run expects run ids");
    refused({QStringLiteral("runs"), QStringLiteral("delete"), QStringLiteral("--run"), QStringLiteral("99")},
            "there is no run 99");
    refused({QStringLiteral("dataset"), QStringLiteral("delete"), QStringLiteral("--version"), QStringLiteral("1")},
            "dataset version 1 is used by run(s) 1, 2, 3, 4");
    refused({QStringLiteral("project"), QStringLiteral("delete"), QStringLiteral("--project"), QStringLiteral("nope")},
            "nope");
    refused({QStringLiteral("evaluation"), QStringLiteral("delete"), QStringLiteral("--evaluation"),
             QStringLiteral("999")},
            "there is no evaluation 999");
    QCOMPARE(runsJson().size(), 4);
    QCOMPARE(mbtest::fileBytes(m_path), before);
}

void tst_LifecycleCli::datasetDeleteWithForceTakesItsRuns()
{
    // The policy weighs runs of version 1, so even --force is refused, naming the policy.
    const Run refused = mb({QStringLiteral("dataset"), QStringLiteral("delete"), QStringLiteral("--version"),
                            QStringLiteral("1"), QStringLiteral("--force")});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(mbtest::reasonLine(refused).contains("is weighed by policy"), refused.err.constData());
    // A run of its own can go, and an evaluation.
    const Run deleted = mb({QStringLiteral("runs"), QStringLiteral("delete"), QStringLiteral("--run"),
                            QStringLiteral("4"), QStringLiteral("--json")});
    QVERIFY2(deleted.exitCode == 0, deleted.err.constData());
    QCOMPARE(json(deleted).value(QStringLiteral("runs")).toArray(), QJsonArray{4});
    QCOMPARE(runsJson().size(), 3);
    const Run check = mb({QStringLiteral("workspace"), QStringLiteral("check")});
    QVERIFY2(check.exitCode == 0, QByteArray(check.out + check.err).constData());
}

void tst_LifecycleCli::projectDeleteThenCheckAndVacuum()
{
    const Run deleted = mb({QStringLiteral("project"), QStringLiteral("delete"), QStringLiteral("--project"), kProject});
    QVERIFY2(deleted.exitCode == 0, deleted.err.constData());
    QVERIFY(deleted.out.startsWith("deleted project 1 'Newsfeed ranking' with run(s) "));
    const Run listed = mb({QStringLiteral("project"), QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(QJsonDocument::fromJson(listed.out).array().size(), 0);

    const Run check = mb({QStringLiteral("workspace"), QStringLiteral("check"), QStringLiteral("--json")});
    QVERIFY2(check.exitCode == 0, QByteArray(check.out + check.err).constData());
    QVERIFY(json(check).value(QStringLiteral("sound")).toBool());
    QVERIFY(json(check).value(QStringLiteral("notices")).toArray().isEmpty()); // no orphan blob

    const Run vacuum = mb({QStringLiteral("workspace"), QStringLiteral("vacuum"), QStringLiteral("--json")});
    QVERIFY2(vacuum.exitCode == 0, vacuum.err.constData());
    const qint64 before = json(vacuum).value(QStringLiteral("bytes_before")).toInteger();
    const qint64 after = json(vacuum).value(QStringLiteral("bytes_after")).toInteger();
    QVERIFY2(after < before / 2, qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));
    QVERIFY(QFileInfo(m_path).size() <= after); // the file itself shrank, not only its -wal
}

QTEST_GUILESS_MAIN(tst_LifecycleCli)
#include "tst_lifecyclecli.moc"
