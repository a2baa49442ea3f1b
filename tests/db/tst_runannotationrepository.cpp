// SPDX-License-Identifier: GPL-3.0-or-later
// Tags, notes and stars (schema 11): an external run's tags from before schema 11 are found after
// the migration; tags are unique ignoring case; a bad tag or an unknown run stores nothing; saved
// views are replaced by name and named in the error when missing.
#include "db/Database.h"
#include "db/Migrations.h"
#include "db/ProjectRepository.h"
#include "db/RunAnnotationRepository.h"
#include "db/RunRepository.h"
#include "db/SavedViewRepository.h"
#include "db/Workspace.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace mb;
using namespace mb::db;

class tst_RunAnnotationRepository : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void externalRunTagsFromSchemaEightAreMigrated();
    void tagsAreUniqueIgnoringCaseAndSorted();
    void aBadTagOrAnUnknownRunStoresNothing();
    void noteAndStarAreReadPerProject();
    void savedViewsAreReplacedByName();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    std::int64_t m_project = 0;
    std::int64_t m_run = 0;
};

void tst_RunAnnotationRepository::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto created = Workspace::create(m_dir->filePath(QStringLiteral("a.mbw")));
    QVERIFY(created);
    m_workspace = std::move(created).value();
    m_project = ProjectRepository(m_workspace->database()).create(QStringLiteral("P"))->id;
    RunRecord draft;
    draft.projectId = m_project;
    draft.name = QStringLiteral("r");
    m_run = RunRepository(m_workspace->database()).create(draft)->id;
}

void tst_RunAnnotationRepository::cleanup()
{
    m_workspace.reset();
    m_dir.reset();
}

void tst_RunAnnotationRepository::externalRunTagsFromSchemaEightAreMigrated()
{
    const QString path = m_dir->filePath(QStringLiteral("schema8.mbw"));
    {
        Database db(path, Database::Mode::ReadWriteCreate);
        db.exec(QByteArray("PRAGMA application_id = " + QByteArray::number(kWorkspaceApplicationId)).constData());
        migrate(db, 0, 8);
        db.exec("INSERT INTO workspace_info(key, value) VALUES ('created_by', '0.8.0'), ('created_at', '2026-01-01')");
        db.exec("INSERT INTO projects(id, name, created_at) VALUES (5, 'Legacy', '2026-01-01T00:00:00.000Z')");
        db.exec("INSERT INTO runs(id, project_id, status, config, config_sha256, seed, threads, app_version, "
                "build_commit, libtorch_version, host, queued_at) VALUES "
                "(1, 5, 'finished', '{\"model\":{\"kind\":\"external\"},\"tags\":[\"baseline\",\" xgb \",\"\"]}', "
                "'abc', 42, 2, '0.8.0', 'c0ffee', '', 'h', '2026-01-01T00:00:00.000Z'),"
                "(2, 5, 'finished', '{\"model\":{\"kind\":\"mlp\"},\"tags\":[\"not-an-external-run\"]}', "
                "'def', 42, 2, '0.8.0', 'c0ffee', '', 'h', '2026-01-01T00:00:00.000Z')");
    }
    auto opened = Workspace::open(path);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error()));
    RunAnnotationRepository annotations((*opened)->database());
    QCOMPARE(annotations.annotations(1)->tags, (QStringList{QStringLiteral("baseline"), QStringLiteral("xgb")}));
    QVERIFY(annotations.annotations(2)->tags.isEmpty());
}

void tst_RunAnnotationRepository::tagsAreUniqueIgnoringCaseAndSorted()
{
    RunAnnotationRepository annotations(m_workspace->database());
    QCOMPARE(*annotations.addTags(m_run, {QStringLiteral("zeta"), QStringLiteral("Alpha"), QStringLiteral("ALPHA")}),
             (QStringList{QStringLiteral("Alpha"), QStringLiteral("zeta")}));
    QCOMPARE(*annotations.removeTags(m_run, {QStringLiteral("alpha")}), QStringList{QStringLiteral("zeta")});
    QCOMPARE(*annotations.setTags(m_run, {QStringLiteral("b"), QStringLiteral("a")}),
             (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
}

void tst_RunAnnotationRepository::aBadTagOrAnUnknownRunStoresNothing()
{
    RunAnnotationRepository annotations(m_workspace->database());
    const Result<QStringList> spaced = annotations.addTags(m_run, {QStringLiteral("ok"), QStringLiteral("a b")});
    QVERIFY(!spaced);
    QCOMPARE(spaced.error(), QStringLiteral("tag 'a b' has a space: tags are single words"));
    QVERIFY(annotations.annotations(m_run)->tags.isEmpty());
    QCOMPARE(annotations.addTags(m_run, {QString(65, QLatin1Char('x'))}).error(),
             QStringLiteral("tag 'xxxxxxxxxxxxxxxxxxxx…' is longer than 64 characters"));
    QCOMPARE(annotations.setNote(99, QStringLiteral("x")).error(), QStringLiteral("run 99 does not exist"));
    QCOMPARE(annotations.removeTags(m_run, {QStringLiteral("nope")}).error(),
             QStringLiteral("run %1 has no tag 'nope' (its tags: none)").arg(m_run));
}

void tst_RunAnnotationRepository::noteAndStarAreReadPerProject()
{
    RunAnnotationRepository annotations(m_workspace->database());
    QVERIFY(annotations.setNote(m_run, QStringLiteral("looks good")));
    QVERIFY(annotations.setStarred(m_run, true));
    QVERIFY(annotations.addTags(m_run, {QStringLiteral("keep")}));
    const QHash<std::int64_t, RunAnnotations> all = *annotations.annotationsOfProject(m_project);
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.value(m_run).note, QStringLiteral("looks good"));
    QVERIFY(all.value(m_run).starred);
    QCOMPARE(all.value(m_run).tags, QStringList{QStringLiteral("keep")});
    QVERIFY(annotations.annotationsOfProject(m_project + 1)->isEmpty());
}

void tst_RunAnnotationRepository::savedViewsAreReplacedByName()
{
    SavedViewRepository views(m_workspace->database());
    SavedView view;
    view.projectId = m_project;
    view.name = QStringLiteral("Best");
    view.query = QStringLiteral("star = yes");
    view.columns = {QStringLiteral("id"), QStringLiteral("name")};
    view.sortColumn = QStringLiteral("name");
    const std::int64_t id = views.save(view)->id;
    view.name = QStringLiteral("best");
    view.query = QStringLiteral("tag = keep");
    view.sortDescending = true;
    QCOMPARE(views.save(view)->id, id);
    const SavedView found = *views.find(m_project, QStringLiteral("BEST"));
    QCOMPARE(found.name, QStringLiteral("Best"));
    QCOMPARE(found.query, QStringLiteral("tag = keep"));
    QCOMPARE(found.columns, (QStringList{QStringLiteral("id"), QStringLiteral("name")}));
    QVERIFY(found.sortDescending);
    QCOMPARE(views.find(m_project, QStringLiteral("x")).error(), QStringLiteral("no view is called 'x' — views: Best"));
    QVERIFY(views.remove(m_project, QStringLiteral("best")));
    QVERIFY(views.views(m_project)->isEmpty());
    view.name = QStringLiteral("  ");
    QCOMPARE(views.save(view).error(), QStringLiteral("a view needs a name"));
}

QTEST_GUILESS_MAIN(tst_RunAnnotationRepository)
#include "tst_runannotationrepository.moc"
