// SPDX-License-Identifier: GPL-3.0-or-later
// Versioned framings: a save appends a version and never overwrites one; identical content adds
// nothing; invalid framings are refused; alternative framings; the project's current framing;
// everything survives a reopen.

#include "core/BuildInfo.h"
#include "core/DemoFraming.h"
#include "core/FramingJson.h"
#include "db/Database.h"
#include "db/FramingRepository.h"
#include "db/ProjectRepository.h"
#include "db/Workspace.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace mb;
using namespace mb::db;

namespace {

QString sha256(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

Framing editedFraming()
{
    Framing f = demoNewsfeedFraming();
    f.alpha = 0.7;
    f.beta = 0.3;
    f.stakeholders[2].requirementValue = 25;
    f.constraints << QStringLiteral("Explain every ranking decision on request.");
    return f;
}

std::int64_t rowCount(Database &db, const char *table)
{
    return db.queryInt(QByteArray(QByteArray("SELECT count(*) FROM ") + table).constData());
}

QString storedContent(Database &db, std::int64_t framingId, int version)
{
    Statement query = db.prepare("SELECT content FROM framing_versions WHERE framing_id = ?1 AND version = ?2");
    query.bind(1, framingId).bind(2, version);
    return query.step() ? query.columnText(0) : QString();
}

} // namespace

class tst_FramingRepository : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void newProjectHasMainFramingWithoutVersion();
    void saveAppendsVersions();
    void identicalContentAddsNoVersion();
    void returningToAnOlderContentIsANewVersion();
    void invalidFramingIsRefusedAndNothingStored();
    void versionsAreNewestFirstWithNotes();
    void loadingAMissingVersion();
    void savingToAMissingFraming();
    void storedVersionsCannotBeUpdated();
    void alternativeFramings();
    void alternativeFramingNames_data();
    void alternativeFramingNames();
    void currentIsTheMainFramingsLatestVersion();
    void currentBeforeAnyVersionIsNone();
    void currentOfAProjectWithoutAFramingIsAClearError();
    void dataSurvivesReopening();

private:
    Workspace &workspace() { return *m_workspace; }
    Database &database() { return workspace().database(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<Workspace> m_workspace;
    Project m_project;
    FramingInfo m_main;
};

void tst_FramingRepository::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("framings.mbw"));
    Result<std::unique_ptr<Workspace>> created = Workspace::create(m_path);
    QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error()));
    m_workspace = std::move(created).value();
    Result<Project> project = ProjectRepository(database()).create(QStringLiteral("Newsfeed ranking"));
    QVERIFY(project.ok());
    m_project = *project;
    Result<FramingInfo> main = FramingRepository(database()).framing(m_project.id);
    QVERIFY2(main.ok(), qPrintable(main.ok() ? QString() : main.error()));
    m_main = *main;
}

void tst_FramingRepository::cleanup()
{
    m_workspace.reset();
    m_dir.reset();
}

void tst_FramingRepository::newProjectHasMainFramingWithoutVersion()
{
    FramingRepository repository(database());
    QCOMPARE(FramingRepository::defaultFramingName(), QStringLiteral("main"));
    Result<QList<FramingInfo>> framings = repository.framings(m_project.id);
    QVERIFY(framings.ok());
    QCOMPARE(framings->size(), 1);
    QCOMPARE(framings->first().name, QStringLiteral("main"));
    QCOMPARE(framings->first().projectId, m_project.id);
    QCOMPARE(framings->first().id, m_main.id);
    QCOMPARE(repository.framing(m_project.id, QStringLiteral("main"))->id, m_main.id);

    QCOMPARE(repository.versions(m_main.id)->size(), 0);
    Result<std::optional<FramingVersion>> latest = repository.load(m_main.id);
    QVERIFY(latest.ok());
    QVERIFY(!latest->has_value());
}

void tst_FramingRepository::saveAppendsVersions()
{
    FramingRepository repository(database());
    const Framing first = demoNewsfeedFraming();
    const QString before = QDateTime::currentDateTimeUtc().addSecs(-1).toString(Qt::ISODateWithMs);

    Result<SaveOutcome> saved1 = repository.save(m_main.id, first, QStringLiteral("first cut"));
    QVERIFY2(saved1.ok(), qPrintable(saved1.ok() ? QString() : saved1.error()));
    QVERIFY(!saved1->unchanged);
    QCOMPARE(saved1->version.version, 1);
    QCOMPARE(saved1->version.framingId, m_main.id);
    QCOMPARE(saved1->version.note, QStringLiteral("first cut"));
    QCOMPARE(saved1->version.contentSha256, sha256(framingToBytes(first)));
    QCOMPARE(saved1->version.appVersion, applicationVersion());
    QVERIFY(QDateTime::fromString(saved1->version.createdAt, Qt::ISODateWithMs).isValid());
    QVERIFY(saved1->version.createdAt >= before);
    QVERIFY(saved1->version.id > 0);

    const Framing second = editedFraming();
    Result<SaveOutcome> saved2 = repository.save(m_main.id, second, QStringLiteral("re-weighted"));
    QVERIFY(saved2.ok());
    QVERIFY(!saved2->unchanged);
    QCOMPARE(saved2->version.version, 2);
    QVERIFY(saved2->version.id != saved1->version.id);

    // Version 1 still loads, unchanged to the byte.
    Result<std::optional<FramingVersion>> v1 = repository.load(m_main.id, 1);
    QVERIFY(v1.ok() && v1->has_value());
    QCOMPARE(framingToBytes((*v1)->framing), framingToBytes(first));
    QCOMPARE((*v1)->info.version, 1);
    QCOMPARE((*v1)->info.note, QStringLiteral("first cut"));
    QCOMPARE((*v1)->info.contentSha256, saved1->version.contentSha256);
    QCOMPARE((*v1)->info.createdAt, saved1->version.createdAt);
    QCOMPARE(storedContent(database(), m_main.id, 1), QString::fromUtf8(framingToBytes(first)));

    Result<std::optional<FramingVersion>> v2 = repository.load(m_main.id, 2);
    QVERIFY(v2.ok() && v2->has_value());
    QCOMPARE(framingToBytes((*v2)->framing), framingToBytes(second));
    QCOMPARE((*v2)->framing.stakeholders[2].requirementValue, 25.0);

    // Without a number, the latest.
    Result<std::optional<FramingVersion>> latest = repository.load(m_main.id);
    QVERIFY(latest.ok() && latest->has_value());
    QCOMPARE((*latest)->info.version, 2);
    QVERIFY(sameFraming((*latest)->framing, second));
}

void tst_FramingRepository::identicalContentAddsNoVersion()
{
    FramingRepository repository(database());
    QVERIFY(repository.save(m_main.id, demoNewsfeedFraming(), QStringLiteral("v1")).ok());
    QVERIFY(repository.save(m_main.id, editedFraming(), QStringLiteral("v2")).ok());
    const std::int64_t rows = rowCount(database(), "framing_versions");

    Result<SaveOutcome> again = repository.save(m_main.id, editedFraming(), QStringLiteral("saved again"));
    QVERIFY(again.ok());
    QVERIFY(again->unchanged);
    QCOMPARE(again->version.version, 2);
    QCOMPARE(again->version.note, QStringLiteral("v2")); // the stored version, not the new note
    QCOMPARE(rowCount(database(), "framing_versions"), rows);
    QCOMPARE(repository.versions(m_main.id)->size(), 2);
    QCOMPARE(repository.versions(m_main.id)->first().note, QStringLiteral("v2"));

    // A copy that went through the file format is the same content too.
    const Result<Framing> copy = framingFromBytes(framingToBytes(editedFraming()));
    QVERIFY(copy.ok());
    QVERIFY(repository.save(m_main.id, *copy)->unchanged);
    QCOMPARE(rowCount(database(), "framing_versions"), rows);
}

void tst_FramingRepository::returningToAnOlderContentIsANewVersion()
{
    // History is linear: going back to version 1's content is version 3, not a rewrite.
    FramingRepository repository(database());
    QVERIFY(repository.save(m_main.id, demoNewsfeedFraming()).ok());
    QVERIFY(repository.save(m_main.id, editedFraming()).ok());
    Result<SaveOutcome> back = repository.save(m_main.id, demoNewsfeedFraming(), QStringLiteral("reverted"));
    QVERIFY(back.ok());
    QVERIFY(!back->unchanged);
    QCOMPARE(back->version.version, 3);
    QCOMPARE(back->version.contentSha256, repository.versions(m_main.id)->last().contentSha256);
}

void tst_FramingRepository::invalidFramingIsRefusedAndNothingStored()
{
    FramingRepository repository(database());
    QVERIFY(repository.save(m_main.id, demoNewsfeedFraming()).ok());
    const std::int64_t rows = rowCount(database(), "framing_versions");

    Framing invalid = demoNewsfeedFraming();
    invalid.businessGoal.clear();
    invalid.businessMetrics[0].aggregates[0].itemExpression = QStringLiteral("engagment");
    Result<SaveOutcome> refused = repository.save(m_main.id, invalid, QStringLiteral("broken"));
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().startsWith(QStringLiteral("the framing was not saved: business_goal: ")),
             qPrintable(refused.error()));
    QVERIFY2(refused.error().contains(QStringLiteral("business_metrics[0].aggregates[0].expression: unknown symbol "
                                                     "'engagment' at position 1")),
             qPrintable(refused.error()));

    QCOMPARE(rowCount(database(), "framing_versions"), rows);
    QCOMPARE(repository.versions(m_main.id)->size(), 1);
    QVERIFY(sameFraming((*repository.load(m_main.id))->framing, demoNewsfeedFraming()));
}

void tst_FramingRepository::versionsAreNewestFirstWithNotes()
{
    FramingRepository repository(database());
    Framing f = demoNewsfeedFraming();
    const QStringList notes{QStringLiteral("first"), QString(), QStringLiteral("third: ünïcode & 'quotes'")};
    for (int i = 0; i < notes.size(); ++i) {
        f.alpha = 0.1 * (i + 1);
        QVERIFY(repository.save(m_main.id, f, notes.at(i)).ok());
    }
    Result<QList<FramingVersionInfo>> versions = repository.versions(m_main.id);
    QVERIFY(versions.ok());
    QCOMPARE(versions->size(), 3);
    for (int i = 0; i < 3; ++i) {
        const FramingVersionInfo &info = versions->at(i);
        QCOMPARE(info.version, 3 - i);
        QCOMPARE(info.note, notes.at(2 - i));
        QCOMPARE(info.framingId, m_main.id);
        QCOMPARE(info.appVersion, applicationVersion());
        QCOMPARE(info.contentSha256.size(), 64);
    }
    QVERIFY(versions->at(0).createdAt >= versions->at(2).createdAt);
}

void tst_FramingRepository::loadingAMissingVersion()
{
    FramingRepository repository(database());
    Result<std::optional<FramingVersion>> none = repository.load(m_main.id, 1);
    QVERIFY(!none.ok());
    QCOMPARE(none.error(), QStringLiteral("framing version 1 does not exist"));

    QVERIFY(repository.save(m_main.id, demoNewsfeedFraming()).ok());
    Result<std::optional<FramingVersion>> missing = repository.load(m_main.id, 7);
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error(), QStringLiteral("framing version 7 does not exist"));

    // Versions belong to their framing: another framing's number does not leak across.
    Result<FramingInfo> other = repository.createFraming(m_project.id, QStringLiteral("other"));
    QVERIFY(other.ok());
    QVERIFY(!repository.load(other->id, 1).ok());
    QVERIFY(!repository.load(other->id)->has_value());
}

void tst_FramingRepository::savingToAMissingFraming()
{
    FramingRepository repository(database());
    Result<SaveOutcome> saved = repository.save(m_main.id + 1000, demoNewsfeedFraming());
    QVERIFY(!saved.ok());
    QVERIFY2(saved.error().startsWith(QStringLiteral("cannot save the framing: ")), qPrintable(saved.error()));
    QVERIFY2(saved.error().contains(QStringLiteral("FOREIGN KEY")), qPrintable(saved.error()));
    QCOMPARE(rowCount(database(), "framing_versions"), std::int64_t(0));
}

void tst_FramingRepository::storedVersionsCannotBeUpdated()
{
    FramingRepository repository(database());
    QVERIFY(repository.save(m_main.id, demoNewsfeedFraming(), QStringLiteral("original")).ok());
    const QString content = storedContent(database(), m_main.id, 1);
    QVERIFY(!content.isEmpty());

    const char *updates[] = {
        "UPDATE framing_versions SET content = '{}'",
        "UPDATE framing_versions SET note = 'rewritten'",
        "UPDATE framing_versions SET version = 2 WHERE version = 1",
    };
    for (const char *sql : updates) {
        try {
            database().exec(sql);
            QFAIL(sql);
        } catch (const SqlError &e) {
            QVERIFY2(e.message().contains(QStringLiteral("framing versions are never changed; save a new version")),
                     qPrintable(e.message()));
        }
    }
    QCOMPARE(storedContent(database(), m_main.id, 1), content);
    Result<std::optional<FramingVersion>> v1 = repository.load(m_main.id, 1);
    QVERIFY(v1.ok() && v1->has_value());
    QCOMPARE((*v1)->info.note, QStringLiteral("original"));
    QCOMPARE(framingToBytes((*v1)->framing), framingToBytes(demoNewsfeedFraming()));
}

void tst_FramingRepository::alternativeFramings()
{
    FramingRepository repository(database());
    Result<FramingInfo> alt = repository.createFraming(m_project.id, QStringLiteral("quality first"));
    QVERIFY2(alt.ok(), qPrintable(alt.ok() ? QString() : alt.error()));
    QCOMPARE(alt->name, QStringLiteral("quality first"));
    QCOMPARE(alt->projectId, m_project.id);
    QVERIFY(alt->id != m_main.id);

    Result<QList<FramingInfo>> all = repository.framings(m_project.id);
    QVERIFY(all.ok());
    QCOMPARE(all->size(), 2);
    QCOMPARE(all->at(0).name, QStringLiteral("main"));
    QCOMPARE(all->at(1).name, QStringLiteral("quality first"));
    QCOMPARE(repository.framing(m_project.id, QStringLiteral("quality first"))->id, alt->id);

    // Each framing has its own history.
    QVERIFY(repository.save(m_main.id, demoNewsfeedFraming()).ok());
    QVERIFY(repository.save(m_main.id, editedFraming()).ok());
    Result<SaveOutcome> altSaved = repository.save(alt->id, editedFraming());
    QVERIFY(altSaved.ok());
    QCOMPARE(altSaved->version.version, 1);
    QVERIFY(!altSaved->unchanged);
    QCOMPARE(repository.versions(m_main.id)->size(), 2);
    QCOMPARE(repository.versions(alt->id)->size(), 1);

    // Another project may reuse the name.
    Result<Project> other = ProjectRepository(database()).create(QStringLiteral("Fraud"));
    QVERIFY(other.ok());
    QVERIFY(repository.createFraming(other->id, QStringLiteral("quality first")).ok());
    QCOMPARE(repository.framings(other->id)->size(), 2);
    QCOMPARE(repository.framings(m_project.id)->size(), 2);

    Result<FramingInfo> missing = repository.framing(m_project.id, QStringLiteral("nope"));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error(), QStringLiteral("the project has no framing named 'nope'"));
}

void tst_FramingRepository::alternativeFramingNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("error");
    QTest::newRow("duplicate of main") << QStringLiteral("main")
                                       << QStringLiteral("the project already has a framing named 'main'");
    QTest::newRow("duplicate with spaces")
        << QStringLiteral("  main ") << QStringLiteral("the project already has a framing named 'main'");
    QTest::newRow("empty") << QString() << QStringLiteral("a framing needs a name");
    QTest::newRow("blank") << QStringLiteral("   ") << QStringLiteral("a framing needs a name");
}

void tst_FramingRepository::alternativeFramingNames()
{
    QFETCH(QString, name);
    QFETCH(QString, error);
    FramingRepository repository(database());
    Result<FramingInfo> created = repository.createFraming(m_project.id, name);
    QVERIFY(!created.ok());
    QCOMPARE(created.error(), error);
    QCOMPARE(repository.framings(m_project.id)->size(), 1);
}

void tst_FramingRepository::currentIsTheMainFramingsLatestVersion()
{
    FramingRepository repository(database());
    QVERIFY(repository.save(m_main.id, demoNewsfeedFraming(), QStringLiteral("first")).ok());
    Result<SaveOutcome> latest = repository.save(m_main.id, editedFraming(), QStringLiteral("second"));
    QVERIFY(latest.ok());
    // An alternative framing saved later, with more versions, and another project's framing: the
    // newest rows in the store, and neither is this project's current framing.
    Result<FramingInfo> alt = repository.createFraming(m_project.id, QStringLiteral("quality first"));
    QVERIFY(alt.ok());
    Framing alternative = editedFraming();
    for (double alpha : {0.1, 0.2, 0.4}) {
        alternative.alpha = alpha;
        alternative.beta = 1 - alpha;
        QVERIFY(repository.save(alt->id, alternative).ok());
    }
    Result<Project> other = ProjectRepository(database()).create(QStringLiteral("Fraud"));
    QVERIFY(other.ok());
    QVERIFY(repository.save(repository.framing(other->id)->id, demoNewsfeedFraming()).ok());

    Result<std::optional<FramingVersion>> current = repository.current(m_project.id);
    QVERIFY2(current.ok(), qPrintable(current.ok() ? QString() : current.error()));
    QVERIFY(current->has_value());
    QCOMPARE((*current)->info.id, latest->version.id);
    QCOMPARE((*current)->info.framingId, m_main.id);
    QCOMPARE((*current)->info.version, 2);
    QCOMPARE((*current)->info.note, QStringLiteral("second"));
    QCOMPARE(framingToBytes((*current)->framing), framingToBytes(editedFraming()));
}

void tst_FramingRepository::currentBeforeAnyVersionIsNone()
{
    // A new project has its main framing but nothing saved: no current framing, and no error,
    // so the pages show their "frame the problem first" state rather than a failure.
    Result<std::optional<FramingVersion>> current = FramingRepository(database()).current(m_project.id);
    QVERIFY2(current.ok(), qPrintable(current.ok() ? QString() : current.error()));
    QVERIFY(!current->has_value());
}

void tst_FramingRepository::currentOfAProjectWithoutAFramingIsAClearError()
{
    const std::int64_t unknown = m_project.id + 1000;
    Result<std::optional<FramingVersion>> current = FramingRepository(database()).current(unknown);
    QVERIFY(!current.ok());
    QCOMPARE(current.error(), QStringLiteral("cannot read the current framing of project #%1: the project has no "
                                             "framing named 'main'")
                                  .arg(unknown));
}

void tst_FramingRepository::dataSurvivesReopening()
{
    std::int64_t altId = 0;
    QString sha1;
    {
        FramingRepository repository(database());
        sha1 = repository.save(m_main.id, demoNewsfeedFraming(), QStringLiteral("one"))->version.contentSha256;
        QVERIFY(repository.save(m_main.id, editedFraming(), QStringLiteral("two")).ok());
        altId = repository.createFraming(m_project.id, QStringLiteral("alt"))->id;
        QVERIFY(repository.save(altId, editedFraming(), QStringLiteral("alt one")).ok());
    }
    m_workspace.reset();

    Result<std::unique_ptr<Workspace>> reopened = Workspace::open(m_path);
    QVERIFY2(reopened.ok(), qPrintable(reopened.ok() ? QString() : reopened.error()));
    m_workspace = std::move(reopened).value();
    FramingRepository repository(database());
    QCOMPARE(repository.framings(m_project.id)->size(), 2);

    Result<QList<FramingVersionInfo>> versions = repository.versions(m_main.id);
    QVERIFY(versions.ok());
    QCOMPARE(versions->size(), 2);
    QCOMPARE(versions->at(0).note, QStringLiteral("two"));
    QCOMPARE(versions->at(1).note, QStringLiteral("one"));
    QCOMPARE(versions->at(1).contentSha256, sha1);
    QCOMPARE(framingToBytes((*repository.load(m_main.id, 1))->framing), framingToBytes(demoNewsfeedFraming()));
    QCOMPARE(framingToBytes((*repository.load(m_main.id, 2))->framing), framingToBytes(editedFraming()));
    QCOMPARE((*repository.load(altId))->info.note, QStringLiteral("alt one"));

    // And saving after the reopen continues the numbering.
    Framing third = editedFraming();
    third.businessGoal += QStringLiteral(" Third.");
    QCOMPARE(repository.save(m_main.id, third)->version.version, 3);
    QVERIFY(repository.save(m_main.id, third)->unchanged);
}

QTEST_GUILESS_MAIN(tst_FramingRepository)
#include "tst_framingrepository.moc"
