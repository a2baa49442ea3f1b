// SPDX-License-Identifier: GPL-3.0-or-later
// The demo workspace: the seeds' newsfeed project, framed, built idempotently.

#include "app/services/DemoWorkspace.h"
#include "core/DemoFraming.h"
#include "core/FramingJson.h"
#include "db/FramingRepository.h"
#include "db/ProjectRepository.h"
#include "db/Workspace.h"
#include "tests/support/TestSupport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace mb;
using namespace mb::db;

class tst_DemoWorkspace : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void buildingTwiceAddsNothing();
    void editedDemoFramingIsKept();
    void theStoredFramingIsTheDemoFraming();
    void existingProjectsAreKept();
    void refusesAFileThatIsNotAWorkspace();
};

void tst_DemoWorkspace::buildingTwiceAddsNothing()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("demo.mbw"));
    for (int round = 0; round < 2; ++round) {
        const Status built = services::buildDemoWorkspace(path);
        QVERIFY2(built.ok(), qPrintable(built.ok() ? QString() : built.error()));
    }

    Result<std::unique_ptr<Workspace>> workspace = Workspace::open(path);
    QVERIFY(workspace.ok());
    Database &db = (*workspace)->database();
    Result<QList<Project>> projects = ProjectRepository(db).list();
    QVERIFY(projects.ok());
    QCOMPARE(projects->size(), 1);
    QCOMPARE(projects->first().name, demoProjectName());
    QVERIFY(!projects->first().description.isEmpty());

    // One framing, holding the seeds' story once: engagement alone, then with quality.
    FramingRepository framings(db);
    QCOMPARE(framings.framings(projects->first().id)->size(), 1);
    const std::int64_t framingId = framings.framing(projects->first().id)->id;
    const QList<DemoFramingStep> history = demoNewsfeedHistory();
    QCOMPARE(history.size(), 2);
    Result<QList<FramingVersionInfo>> versions = framings.versions(framingId);
    QVERIFY(versions.ok());
    QCOMPARE(versions->size(), history.size());
    QCOMPARE(db.queryInt("SELECT count(*) FROM framing_versions"), std::int64_t(history.size()));
    for (qsizetype i = 0; i < history.size(); ++i) {
        const FramingVersionInfo &info = versions->at(history.size() - 1 - i); // newest first
        QCOMPARE(info.version, int(i + 1));
        QCOMPARE(info.note, history.at(i).note);
        Result<std::optional<FramingVersion>> stored = framings.load(framingId, info.version);
        QVERIFY(stored.ok() && stored->has_value());
        QCOMPARE(framingToBytes((*stored)->framing), framingToBytes(history.at(i).framing));
    }
    QCOMPARE(history.first().framing.taskType, TaskType::Binary);
    QVERIFY(sameFraming(history.last().framing, demoNewsfeedFraming()));

    // The runs are only queued here: no policy until its two models have trained, so none carries
    // metrics of models that do not exist yet (tst_tradeoffsession covers the trained demo's).
    QCOMPARE(db.queryInt("SELECT count(*) FROM runs WHERE status = 'queued'"), std::int64_t(4));
    QCOMPARE(db.queryInt("SELECT count(*) FROM policies"), std::int64_t(0));
    QVERIFY(services::addDemoPolicy(path).ok());
    QCOMPARE(db.queryInt("SELECT count(*) FROM policies"), std::int64_t(0));
}

void tst_DemoWorkspace::editedDemoFramingIsKept()
{
    // Rebuilding the demo must not revert what the user saved since.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("demo.mbw"));
    QVERIFY(services::buildDemoWorkspace(path).ok());
    Framing edited = demoNewsfeedFraming();
    edited.alpha = 0.7;
    edited.beta = 0.3;
    {
        Result<std::unique_ptr<Workspace>> workspace = Workspace::open(path);
        QVERIFY(workspace.ok());
        FramingRepository framings((*workspace)->database());
        const std::int64_t framingId =
            framings.framing(ProjectRepository((*workspace)->database()).find(demoProjectName())->id)->id;
        QVERIFY(framings.save(framingId, edited, QStringLiteral("user edit")).ok());
    }
    QVERIFY(services::buildDemoWorkspace(path).ok());

    Result<std::unique_ptr<Workspace>> workspace = Workspace::open(path);
    QVERIFY(workspace.ok());
    FramingRepository framings((*workspace)->database());
    const std::int64_t framingId =
        framings.framing(ProjectRepository((*workspace)->database()).find(demoProjectName())->id)->id;
    Result<QList<FramingVersionInfo>> versions = framings.versions(framingId);
    QVERIFY(versions.ok());
    QCOMPARE(versions->size(), 3);
    QCOMPARE(versions->first().note, QStringLiteral("user edit"));
    QVERIFY(sameFraming((*framings.load(framingId))->framing, edited));
}

void tst_DemoWorkspace::theStoredFramingIsTheDemoFraming()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("demo.mbw"));
    QVERIFY(services::buildDemoWorkspace(path).ok());

    Result<std::unique_ptr<Workspace>> workspace = Workspace::open(path);
    QVERIFY(workspace.ok());
    Database &db = (*workspace)->database();
    Result<Project> project = ProjectRepository(db).find(demoProjectName());
    QVERIFY(project.ok());
    FramingRepository framings(db);
    Result<std::optional<FramingVersion>> stored = framings.load(framings.framing(project->id)->id);
    QVERIFY(stored.ok() && stored->has_value());
    const Framing &framing = (*stored)->framing;
    QVERIFY(sameFraming(framing, demoNewsfeedFraming()));
    QCOMPARE(framingToBytes(framing), framingToBytes(demoNewsfeedFraming()));

    QCOMPARE(framing.taskType, TaskType::TwoObjectiveRanking);
    QCOMPARE(framing.approach, Approach::ModelPerObjective);
    QVERIFY(framing.businessGoal.contains(QStringLiteral("engaged")));
    QVERIFY(framing.businessGoal.contains(QStringLiteral("low-quality")));

    QStringList roles;
    for (const Stakeholder &s : framing.stakeholders)
        roles << s.role;
    QCOMPARE(roles,
             (QStringList{QStringLiteral("growth"), QStringLiteral("trust & safety"), QStringLiteral("product")}));
    const Stakeholder &product = framing.stakeholders.at(2);
    QCOMPARE(product.requirementMetric, QStringLiteral("latency_p99_ms"));
    QCOMPARE(product.comparator, Comparator::LessEqual);
    QCOMPARE(product.requirementValue, 20.0);
    QCOMPARE(framing.stakeholders.at(1).requirementMetric, QStringLiteral("low_quality_share"));
    QCOMPARE(framing.stakeholders.at(0).requirementMetric, QStringLiteral("clicks_at_100"));
}

void tst_DemoWorkspace::existingProjectsAreKept()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("mine.mbw"));
    {
        Result<std::unique_ptr<Workspace>> workspace = Workspace::create(path);
        QVERIFY(workspace.ok());
        QVERIFY(ProjectRepository((*workspace)->database()).create(QStringLiteral("My project")).ok());
    }
    QVERIFY(services::buildDemoWorkspace(path).ok());
    Result<std::unique_ptr<Workspace>> workspace = Workspace::open(path);
    QVERIFY(workspace.ok());
    const Result<QList<Project>> projects = ProjectRepository((*workspace)->database()).list();
    QVERIFY(projects.ok());
    QStringList names;
    for (const Project &p : *projects)
        names << p.name;
    QCOMPARE(names, (QStringList{QStringLiteral("My project"), demoProjectName()}));
}

void tst_DemoWorkspace::refusesAFileThatIsNotAWorkspace()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("notes.mbw"));
    QVERIFY(mbtest::writeFile(path, "shopping list\n"));
    const Status built = services::buildDemoWorkspace(path);
    QVERIFY(!built.ok());
    QVERIFY2(built.error().contains(QStringLiteral("not a MetricBridge workspace")), qPrintable(built.error()));
    QCOMPARE(mbtest::fileBytes(path), QByteArray("shopping list\n"));
}

QTEST_GUILESS_MAIN(tst_DemoWorkspace)
#include "tst_demoworkspace.moc"
