// SPDX-License-Identifier: GPL-3.0-or-later
// Versioned trade-off policies: a save under a name appends version N+1 and never overwrites one;
// the same settings again add nothing, whatever the note; bad policies and other projects' runs
// are refused naming the field, leaving the store as it was; a schema-5 workspace takes policies.
#include "core/BuildInfo.h"
#include "core/tradeoff/TradeoffPolicy.h"
#include "db/Database.h"
#include "db/Migrations.h"
#include "db/PolicyRepository.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>
#include <memory>

using namespace mb;
using namespace mb::db;

namespace {

template<typename T>
QString errorOf(const Result<T> &result)
{
    return result.ok() ? QString() : result.error();
}

} // namespace

class tst_PolicyRepository : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void firstSaveIsVersionOneWithEverythingStored();
    void savingUnderTheSameNameAppendsVersions();
    void sameSettingsAreUnchangedWhateverTheNoteOrSnapshot();
    void returningToEarlierSettingsIsANewVersion();
    void namesIgnoreCaseAndKeepTheFirstSpelling();
    void listShowsTheLatestOfEachNameWithItsVersionCount();
    void storedVersionsCannotBeUpdated();
    void refusedPoliciesLeaveTheStoreUnchanged_data();
    void refusedPoliciesLeaveTheStoreUnchanged();
    void theStoreItselfRefusesAnotherProjectsRun();
    void findNamesWhatExists();
    void documentNamesTheProjectAndRunsAndReadsBack();
    void schemaFiveWorkspaceMigratesAndTakesPolicies();

private:
    Database &db() { return m_workspace->database(); }
    std::int64_t createRun(std::int64_t projectId, const QString &name);
    PolicyDraft draft(const QString &name = QStringLiteral("balanced")) const;
    std::int64_t policyRows() { return db().queryInt("SELECT count(*) FROM policies"); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    std::int64_t m_project = 0, m_other = 0;
    std::int64_t m_quality = 0, m_engagement = 0, m_combined = 0, m_otherRun = 0;
};

void tst_PolicyRepository::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    Result<std::unique_ptr<Workspace>> created = Workspace::create(m_dir->filePath(QStringLiteral("p.mbw")));
    QVERIFY2(created.ok(), qPrintable(errorOf(created)));
    m_workspace = std::move(created).value();
    m_project = ProjectRepository(db()).create(QStringLiteral("Newsfeed ranking"))->id;
    m_other = ProjectRepository(db()).create(QStringLiteral("Churn"))->id;
    // Run records without training: a policy needs runs to exist, not to have trained.
    m_quality = createRun(m_project, QStringLiteral("quality model"));
    m_engagement = createRun(m_project, QStringLiteral("engagement model"));
    m_combined = createRun(m_project, QStringLiteral("combined"));
    m_otherRun = createRun(m_other, QStringLiteral("churn model"));
    QVERIFY(m_quality > 0 && m_engagement > 0 && m_combined > 0 && m_otherRun > 0);
}

void tst_PolicyRepository::cleanup()
{
    m_workspace.reset();
    m_dir.reset();
}

std::int64_t tst_PolicyRepository::createRun(std::int64_t projectId, const QString &name)
{
    RunRecord run;
    run.projectId = projectId;
    run.name = name;
    run.config = QJsonObject{{QStringLiteral("name"), name}};
    const Result<RunRecord> created = RunRepository(db()).create(run);
    return created.ok() ? created->id : 0;
}

PolicyDraft tst_PolicyRepository::draft(const QString &name) const
{
    PolicyDraft d;
    d.name = name;
    d.settings.runA = m_quality;
    d.settings.runB = m_engagement;
    d.settings.alpha = 0.5;
    d.settings.beta = 0.5;
    d.settings.normalisation = QStringLiteral("zscore");
    d.settings.k = 100;
    d.note = QStringLiteral("even weights");
    d.metrics = {{QStringLiteral("clicks_at_100"), 61}, {QStringLiteral("low_quality_share"), 7.5}};
    return d;
}

void tst_PolicyRepository::firstSaveIsVersionOneWithEverythingStored()
{
    PolicyRepository policies(db());
    const Result<PolicySaveOutcome> saved = policies.save(m_project, draft(QStringLiteral("  balanced ")));
    QVERIFY2(saved.ok(), qPrintable(errorOf(saved)));
    QVERIFY(!saved->unchanged);
    const PolicyRecord &p = saved->policy;
    QVERIFY(p.id > 0);
    QCOMPARE(p.projectId, m_project);
    QCOMPARE(p.name, QStringLiteral("balanced")); // trimmed
    QCOMPARE(p.version, 1);
    QCOMPARE(p.appVersion, applicationVersion());
    QVERIFY(!p.createdAt.isEmpty());

    // Read back from the store, not from the returned value.
    const Result<PolicyRecord> back = policies.policy(p.id);
    QVERIFY2(back.ok(), qPrintable(errorOf(back)));
    QCOMPARE(back->name, QStringLiteral("balanced"));
    QCOMPARE(back->version, 1);
    QVERIFY(back->settings == draft().settings);
    QCOMPARE(back->settings.runA, m_quality);
    QCOMPARE(back->settings.runB, m_engagement);
    QCOMPARE(back->settings.normalisation, QStringLiteral("zscore"));
    QCOMPARE(back->settings.k, 100);
    QCOMPARE(back->note, QStringLiteral("even weights"));
    QCOMPARE(back->metrics, draft().metrics);
    QCOMPARE(back->createdAt, p.createdAt);
    QCOMPARE(back->appVersion, applicationVersion());
}

void tst_PolicyRepository::savingUnderTheSameNameAppendsVersions()
{
    PolicyRepository policies(db());
    const PolicyRecord first = policies.save(m_project, draft())->policy;
    PolicyDraft more = draft();
    more.settings.alpha = 0.7;
    more.settings.beta = 0.3;
    more.note = QStringLiteral("more quality");
    const Result<PolicySaveOutcome> second = policies.save(m_project, more);
    QVERIFY2(second.ok(), qPrintable(errorOf(second)));
    QVERIFY(!second->unchanged);
    QCOMPARE(second->policy.version, 2);
    QVERIFY(second->policy.id != first.id);
    PolicyDraft other = more;
    other.settings.normalisation = QStringLiteral("rank");
    other.settings.k = 50;
    other.settings.runA = m_combined;
    QCOMPARE(policies.save(m_project, other)->policy.version, 3);

    const Result<QList<PolicyRecord>> versions = policies.versions(m_project, QStringLiteral("balanced"));
    QVERIFY(versions.ok());
    QCOMPARE(versions->size(), 3);
    QCOMPARE(versions->at(0).version, 3); // newest first
    QCOMPARE(versions->at(1).version, 2);
    QCOMPARE(versions->at(2).version, 1);
    QCOMPARE(versions->at(1).settings.alpha, 0.7);
    QCOMPARE(versions->at(1).note, QStringLiteral("more quality"));
    // The first version is as it was saved.
    QVERIFY(versions->at(2).settings == first.settings);
    QCOMPARE(versions->at(2).note, QStringLiteral("even weights"));
    QCOMPARE(policies.latest(m_project, QStringLiteral("balanced"))->value().version, 3);
}

void tst_PolicyRepository::sameSettingsAreUnchangedWhateverTheNoteOrSnapshot()
{
    PolicyRepository policies(db());
    const PolicyRecord first = policies.save(m_project, draft())->policy;
    PolicyDraft again = draft();
    again.note = QStringLiteral("another note");
    again.metrics = {{QStringLiteral("clicks_at_100"), 99}};
    const Result<PolicySaveOutcome> saved = policies.save(m_project, again);
    QVERIFY2(saved.ok(), qPrintable(errorOf(saved)));
    QVERIFY(saved->unchanged);
    QCOMPARE(saved->policy.id, first.id);
    QCOMPARE(saved->policy.version, 1);
    QCOMPARE(saved->policy.note, QStringLiteral("even weights")); // the stored version, untouched
    QCOMPARE(policyRows(), std::int64_t(1));

    // A weight that differs in the last digit is another setting.
    PolicyDraft nudged = draft();
    nudged.settings.alpha = std::nextafter(0.5, 1.0);
    QVERIFY(!policies.save(m_project, nudged)->unchanged);
    QCOMPARE(policyRows(), std::int64_t(2));
}

void tst_PolicyRepository::returningToEarlierSettingsIsANewVersion()
{
    PolicyRepository policies(db());
    policies.save(m_project, draft());
    PolicyDraft changed = draft();
    changed.settings.k = 20;
    QCOMPARE(policies.save(m_project, changed)->policy.version, 2);
    // Only the latest version counts: going back to version 1's settings is version 3.
    const Result<PolicySaveOutcome> back = policies.save(m_project, draft());
    QVERIFY(!back->unchanged);
    QCOMPARE(back->policy.version, 3);
    QCOMPARE(back->policy.settings.k, 100);
}

void tst_PolicyRepository::namesIgnoreCaseAndKeepTheFirstSpelling()
{
    PolicyRepository policies(db());
    policies.save(m_project, draft(QStringLiteral("Balanced")));
    PolicyDraft changed = draft(QStringLiteral("BALANCED"));
    changed.settings.alpha = 0.9;
    const Result<PolicySaveOutcome> saved = policies.save(m_project, changed);
    QVERIFY2(saved.ok(), qPrintable(errorOf(saved)));
    QCOMPARE(saved->policy.version, 2);
    QCOMPARE(saved->policy.name, QStringLiteral("Balanced"));
    QCOMPARE(policies.policies(m_project)->size(), 1);
    QCOMPARE(policies.versions(m_project, QStringLiteral("balanced"))->size(), 2);
    // Another project's policy of the same name is another policy.
    PolicyDraft theirs = draft(QStringLiteral("Balanced"));
    theirs.settings.runA = m_otherRun;
    theirs.settings.runB = createRun(m_other, QStringLiteral("second churn model"));
    const Result<PolicySaveOutcome> other = policies.save(m_other, theirs);
    QVERIFY2(other.ok(), qPrintable(errorOf(other)));
    QCOMPARE(other->policy.version, 1);
}

void tst_PolicyRepository::listShowsTheLatestOfEachNameWithItsVersionCount()
{
    PolicyRepository policies(db());
    QVERIFY(policies.policies(m_project)->isEmpty());
    policies.save(m_project, draft(QStringLiteral("quality first")));
    PolicyDraft balanced = draft(QStringLiteral("balanced"));
    policies.save(m_project, balanced);
    balanced.settings.alpha = 0.6;
    policies.save(m_project, balanced);
    balanced.settings.alpha = 0.65;
    policies.save(m_project, balanced);

    const Result<QList<PolicySummary>> listed = policies.policies(m_project);
    QVERIFY2(listed.ok(), qPrintable(errorOf(listed)));
    QCOMPARE(listed->size(), 2);
    QCOMPARE(listed->at(0).latest.name, QStringLiteral("balanced")); // by name
    QCOMPARE(listed->at(0).latest.version, 3);
    QCOMPARE(listed->at(0).versionCount, 3);
    QCOMPARE(listed->at(0).latest.settings.alpha, 0.65);
    QCOMPARE(listed->at(1).latest.name, QStringLiteral("quality first"));
    QCOMPARE(listed->at(1).versionCount, 1);
    QVERIFY(policies.policies(m_other)->isEmpty());
}

void tst_PolicyRepository::storedVersionsCannotBeUpdated()
{
    PolicyRepository policies(db());
    const PolicyRecord saved = policies.save(m_project, draft())->policy;
    for (const char *update : {"UPDATE policies SET alpha = 0.9", "UPDATE policies SET note = 'rewritten'",
                               "UPDATE policies SET metrics = '{}'"}) {
        bool refused = false;
        try {
            db().exec(update);
        } catch (const SqlError &e) {
            refused = e.message().contains(QStringLiteral("policy versions are never changed"));
        }
        QVERIFY2(refused, update);
    }
    const PolicyRecord back = *policies.policy(saved.id);
    QCOMPARE(back.settings.alpha, 0.5);
    QCOMPARE(back.note, QStringLiteral("even weights"));
    QCOMPARE(back.metrics, draft().metrics);
}

void tst_PolicyRepository::refusedPoliciesLeaveTheStoreUnchanged_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty name") << "name"
                                << "name: a policy needs a name";
    QTest::newRow("alpha not a number") << "alpha nan"
                                        << "alpha: must be a finite number, got nan";
    QTest::newRow("beta infinite") << "beta inf"
                                   << "beta: must be a finite number, got inf";
    QTest::newRow("both weights zero") << "weights 0"
                                       << "alpha, beta: must not both be 0";
    QTest::newRow("unknown normalisation") << "normalisation"
                                           << "normalisation: expected one of raw, zscore, rank, got 'minmax'";
    QTest::newRow("k zero") << "k 0"
                            << "k: the top-k budget must be at least 1, got 0";
    QTest::newRow("k negative") << "k -5"
                                << "k: the top-k budget must be at least 1, got -5";
    QTest::newRow("the same run twice") << "same runs"
                                        << "run_b: must be another run than run_a";
    QTest::newRow("run_a missing") << "run_a missing"
                                   << "run_a: run 999 does not exist";
    QTest::newRow("run_b of another project")
        << "run_b other project"
        << "run_b: run %other belongs to project 'Churn', not to 'Newsfeed ranking'";
    QTest::newRow("metric not finite") << "metric inf"
                                       << "metrics.revenue: must be a finite number, got inf";
    QTest::newRow("unknown project") << "project"
                                     << "project 999 does not exist";
}

void tst_PolicyRepository::refusedPoliciesLeaveTheStoreUnchanged()
{
    QFETCH(QString, change);
    QFETCH(QString, message);
    message.replace(QStringLiteral("%other"), QString::number(m_otherRun));
    PolicyRepository policies(db());
    const PolicyRecord before = policies.save(m_project, draft())->policy;

    // A change of settings, so that only the refusal keeps it from being version 2.
    PolicyDraft bad = draft();
    bad.settings.k = 7;
    std::int64_t project = m_project;
    const double inf = std::numeric_limits<double>::infinity();
    if (change == QLatin1String("name"))
        bad.name = QStringLiteral("  ");
    else if (change == QLatin1String("alpha nan"))
        bad.settings.alpha = std::numeric_limits<double>::quiet_NaN();
    else if (change == QLatin1String("beta inf"))
        bad.settings.beta = inf;
    else if (change == QLatin1String("weights 0"))
        bad.settings.alpha = bad.settings.beta = 0;
    else if (change == QLatin1String("normalisation"))
        bad.settings.normalisation = QStringLiteral("minmax");
    else if (change == QLatin1String("k 0"))
        bad.settings.k = 0;
    else if (change == QLatin1String("k -5"))
        bad.settings.k = -5;
    else if (change == QLatin1String("same runs"))
        bad.settings.runB = bad.settings.runA;
    else if (change == QLatin1String("run_a missing"))
        bad.settings.runA = 999;
    else if (change == QLatin1String("run_b other project"))
        bad.settings.runB = m_otherRun;
    else if (change == QLatin1String("metric inf"))
        bad.metrics.insert(QStringLiteral("revenue"), inf);
    else if (change == QLatin1String("project"))
        project = 999;
    else
        QFAIL(qPrintable(change));

    const Result<PolicySaveOutcome> saved = policies.save(project, bad);
    QVERIFY(!saved.ok());
    QVERIFY2(saved.error().startsWith(QStringLiteral("the policy was not saved: ")), qPrintable(saved.error()));
    QVERIFY2(saved.error().contains(message), qPrintable(saved.error()));
    QCOMPARE(policyRows(), std::int64_t(1));
    const PolicyRecord latest = policies.latest(m_project, QStringLiteral("balanced"))->value();
    QCOMPARE(latest.id, before.id);
    QCOMPARE(latest.settings.k, 100);
}

void tst_PolicyRepository::theStoreItselfRefusesAnotherProjectsRun()
{
    // Below the repository, the schema keeps the rule: a trigger, and checks on the runs and weights.
    auto insert = [&](std::int64_t runA, std::int64_t runB, double alpha, double beta) {
        try {
            db().prepare("INSERT INTO policies(project_id, name, version, run_a, run_b, alpha, beta, normalisation, "
                         "k, app_version, created_at) VALUES (?1, 'raw', 1, ?2, ?3, ?4, ?5, 'raw', 10, 'x', 'now')")
                .bind(1, m_project)
                .bind(2, runA)
                .bind(3, runB)
                .bind(4, alpha)
                .bind(5, beta)
                .run();
            return QString();
        } catch (const SqlError &e) {
            return e.message();
        }
    };
    QVERIFY2(
        insert(m_quality, m_otherRun, 0.5, 0.5).contains(QStringLiteral("a policy's runs must belong to its project")),
        qPrintable(insert(m_quality, m_otherRun, 0.5, 0.5)));
    QVERIFY(
        insert(m_otherRun, m_quality, 0.5, 0.5).contains(QStringLiteral("a policy's runs must belong to its project")));
    QVERIFY(!insert(m_quality, m_quality, 0.5, 0.5).isEmpty());
    QVERIFY(!insert(m_quality, m_engagement, 0, 0).isEmpty());
    QCOMPARE(policyRows(), std::int64_t(0));
    QCOMPARE(insert(m_quality, m_engagement, 0.5, 0.5), QString());
    QCOMPARE(policyRows(), std::int64_t(1));
}

void tst_PolicyRepository::findNamesWhatExists()
{
    PolicyRepository policies(db());
    Result<PolicyRecord> none = policies.find(m_project, QStringLiteral("balanced"));
    QVERIFY(!none.ok());
    QCOMPARE(none.error(), QStringLiteral("no policy named 'balanced': the project has no policies yet"));
    QVERIFY(!policies.latest(m_project, QStringLiteral("balanced"))->has_value());

    policies.save(m_project, draft());
    PolicyDraft changed = draft();
    changed.settings.alpha = 0.8;
    policies.save(m_project, changed);
    policies.save(m_project, draft(QStringLiteral("engagement first")));

    QCOMPARE(policies.find(m_project, QStringLiteral("balanced"))->version, 2);
    QCOMPARE(policies.find(m_project, QStringLiteral("balanced"), 1)->settings.alpha, 0.5);
    const Result<PolicyRecord> unknown = policies.find(m_project, QStringLiteral("balance"));
    QCOMPARE(unknown.error(),
             QStringLiteral("no policy named 'balance'; the project's policies: balanced, engagement first"));
    const Result<PolicyRecord> noVersion = policies.find(m_project, QStringLiteral("balanced"), 5);
    QCOMPARE(noVersion.error(), QStringLiteral("policy 'balanced' has no version 5; it has versions 1 to 2"));
    QCOMPARE(policies.policy(999).error(), QStringLiteral("policy 999 does not exist"));
    QVERIFY(policies.versions(m_project, QStringLiteral("nothing"))->isEmpty());
}

void tst_PolicyRepository::documentNamesTheProjectAndRunsAndReadsBack()
{
    PolicyRepository policies(db());
    const PolicyRecord saved = policies.save(m_project, draft())->policy;
    const Result<PolicyDocument> document = policies.document(saved);
    QVERIFY2(document.ok(), qPrintable(errorOf(document)));
    QCOMPARE(document->project, QStringLiteral("Newsfeed ranking"));
    QCOMPARE(document->runAName, QStringLiteral("quality model"));
    QCOMPARE(document->runBName, QStringLiteral("engagement model"));
    QCOMPARE(document->version, 1);
    QCOMPARE(document->createdAt, saved.createdAt);

    const QByteArray bytes = policyToBytes(*document);
    const QJsonObject json = QJsonDocument::fromJson(bytes).object();
    QCOMPARE(json.value(QStringLiteral("format")).toString(), QStringLiteral("metricbridge.policy"));
    QCOMPARE(json.value(QStringLiteral("format_version")).toInt(), 1);
    QCOMPARE(json.value(QStringLiteral("run_a")).toObject().value(QStringLiteral("id")).toInteger(), m_quality);
    QCOMPARE(json.value(QStringLiteral("run_b")).toObject().value(QStringLiteral("name")).toString(),
             QStringLiteral("engagement model"));
    QCOMPARE(json.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("low_quality_share")).toDouble(),
             7.5);

    const Result<PolicyDocument> back = policyFromBytes(bytes);
    QVERIFY2(back.ok(), qPrintable(errorOf(back)));
    QVERIFY(back->settings == saved.settings);
    QCOMPARE(back->metrics, saved.metrics);
    QCOMPARE(policyToBytes(*back), bytes); // canonical
}

void tst_PolicyRepository::schemaFiveWorkspaceMigratesAndTakesPolicies()
{
    // A workspace last written by schema 5, with a project and two runs.
    const QString path = m_dir->filePath(QStringLiteral("schema5.mbw"));
    {
        Database old(path, Database::Mode::ReadWriteCreate);
        migrate(old, 0, 5);
        QCOMPARE(old.queryInt("PRAGMA user_version"), std::int64_t(5));
        old.exec("INSERT INTO workspace_info(key, value) VALUES ('created_by', '0.5.0'), ('created_at', '2026-01-01')");
        old.exec("INSERT INTO projects(id, name, created_at) VALUES (3, 'Legacy', '2026-01-01T00:00:00.000Z')");
        old.exec("INSERT INTO runs(id, project_id, name, status, config, config_sha256, seed, threads, app_version, "
                 "build_commit, libtorch_version, host, queued_at) VALUES "
                 "(1, 3, 'a', 'finished', '{}', 'x', 1, 1, '0.5.0', 'c', '2', 'h', '2026-01-01T00:00:00.000Z'), "
                 "(2, 3, 'b', 'finished', '{}', 'y', 1, 1, '0.5.0', 'c', '2', 'h', '2026-01-01T00:00:00.000Z')");
    }
    Result<std::unique_ptr<Workspace>> opened = Workspace::open(path);
    QVERIFY2(opened.ok(), qPrintable(errorOf(opened)));
    QCOMPARE((*opened)->schemaVersion(), latestSchemaVersion());
    QVERIFY(latestSchemaVersion() >= 6); // policies arrived in 6
    PolicyRepository policies((*opened)->database());
    PolicyDraft d;
    d.name = QStringLiteral("legacy");
    d.settings.runA = 1;
    d.settings.runB = 2;
    const Result<PolicySaveOutcome> saved = policies.save(3, d);
    QVERIFY2(saved.ok(), qPrintable(errorOf(saved)));
    QCOMPARE(saved->policy.version, 1);
    QCOMPARE(policies.document(saved->policy)->project, QStringLiteral("Legacy"));
}

QTEST_GUILESS_MAIN(tst_PolicyRepository)
#include "tst_policyrepository.moc"
