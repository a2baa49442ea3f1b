// SPDX-License-Identifier: GPL-3.0-or-later
// Moving work between workspaces (services::exportProject, services::importWorkspaceFile over
// db::copyProject) on a copy of the demo workspace:
//  - a round trip (export, then import into a fresh workspace) gives identical runs: record,
//    config, every metric series point, the judged evaluation's ML metrics, the business metrics
//    services::computeRunMetrics recomputes from the copied predictions, artifacts by SHA-256;
//  - importing again, or importing the export back into the original, duplicates nothing;
//  - `--runs` takes only the chosen runs with what they need (a policy needs both its runs);
//  - bad input (an existing target, a foreign file, the workspace itself, a run in progress, a run
//    of another project) is refused naming the problem, and changes nothing.
#include "app/services/ProjectTransfer.h"
#include "app/services/RunMetrics.h"
#include "db/ArtifactStore.h"
#include "db/Database.h"
#include "db/Deletion.h"
#include "db/FramingRepository.h"
#include "db/MetricSeriesStore.h"
#include "db/ProjectRepository.h"
#include "db/RunAnnotationRepository.h"
#include "db/RunRepository.h"
#include "db/SavedViewRepository.h"
#include "db/Workspace.h"
#include "db/WorkspaceCheck.h"
#include "tests/support/DemoFixture.h"
#include "tests/support/TestSupport.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QProcess>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace mb;

namespace {

// Everything a run is compared by, keyed by what identifies it across workspaces.
struct RunSnapshot {
    QString name, status, config, summary;
    std::int64_t seed = 0;
    QString mlMetrics;
    QString latency; // with the batch-1 samples, which the store keeps apart from the evaluation's row
    QMap<QString, double> business;
    QMap<QString, QPair<qsizetype, double>> series; // points, sum of values
    QStringList artifacts;                          // name=sha256
    bool operator==(const RunSnapshot &o) const
    {
        return name == o.name && status == o.status && config == o.config && summary == o.summary && seed == o.seed &&
               mlMetrics == o.mlMetrics && latency == o.latency && business == o.business && series == o.series &&
               artifacts == o.artifacts;
    }
};

QMap<QString, RunSnapshot> snapshot(db::Database &db, const QString &projectName)
{
    QMap<QString, RunSnapshot> runs;
    const Result<db::Project> project = db::ProjectRepository(db).find(projectName);
    if (!project)
        return runs;
    const auto framing = db::FramingRepository(db).current(project->id);
    const Framing current = framing && framing->has_value() ? framing->value().framing : Framing{};
    const Result<QList<db::RunRecord>> records = db::RunRepository(db).runs(project->id);
    if (!records)
        return runs;
    for (const db::RunRecord &run : *records) {
        RunSnapshot s;
        s.name = run.name;
        s.status = db::toKey(run.status);
        s.config = QString::fromUtf8(QJsonDocument(run.config).toJson(QJsonDocument::Compact));
        s.summary = QString::fromUtf8(QJsonDocument(run.summary).toJson(QJsonDocument::Compact));
        s.seed = run.seed;
        const Result<services::RunMetrics> metrics = services::computeRunMetrics(db, run, current);
        if (metrics && metrics->evaluation) {
            s.mlMetrics = QString::fromUtf8(QJsonDocument(metrics->evaluation->metrics).toJson(QJsonDocument::Compact));
            s.latency = QString::fromUtf8(QJsonDocument(metrics->evaluation->latency).toJson(QJsonDocument::Compact));
        }
        if (metrics)
            for (const services::BusinessMetricOutcome &b : metrics->businessMetrics)
                s.business.insert(b.name, b.value.value_or(-12345.678));
        db::MetricSeriesReader reader(db);
        const Result<QList<db::MetricSeriesInfo>> infos = reader.seriesOf(run.id);
        for (const db::MetricSeriesInfo &info : infos ? *infos : QList<db::MetricSeriesInfo>{}) {
            const db::MetricSeries points = *reader.read(info.id);
            double sum = 0;
            for (double v : points.values)
                sum += v;
            s.series.insert(info.name, {qsizetype(points.values.size()), sum});
        }
        const Result<QList<db::RunArtifact>> artifacts = db::ArtifactStore(db).artifactsOf(run.id);
        for (const db::RunArtifact &a : artifacts ? *artifacts : QList<db::RunArtifact>{})
            s.artifacts << a.name + QLatin1Char('=') + a.sha256;
        s.artifacts.sort();
        runs.insert(run.configSha256 + QLatin1Char('@') + run.queuedAt, s);
    }
    return runs;
}

std::unique_ptr<db::Workspace> openOrFail(const QString &path)
{
    auto opened = db::Workspace::openOrCreate(path);
    if (!opened)
        qWarning("%s", qPrintable(opened.error()));
    return opened ? std::move(opened).value() : nullptr;
}

std::int64_t count(db::Database &db, const char *table)
{
    return db.queryInt(QByteArray("SELECT count(*) FROM ").append(table).constData());
}

} // namespace

class tst_ProjectTransfer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void roundTripGivesIdenticalRunsAndMetrics();
    void importingTwiceOrBackDuplicatesNothing();
    void chosenRunsComeWithWhatTheyNeed();
    void badInputIsRefusedAndChangesNothing();
    void theSameDataStagedByAnImportIsWaitedForWhileItLivesAndDiscardedOnceDead();

private:
    QString exportDemo(const QList<std::int64_t> &runs = {}, const QString &name = QStringLiteral("out.mbw"));

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<db::Workspace> m_source;
    std::int64_t m_projectId = 0;
    QString m_project;
};

void tst_ProjectTransfer::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QString problem;
    m_path = mbtest::copyDemoFixture(m_dir->path(), &problem);
    QVERIFY2(!m_path.isEmpty(), qPrintable(problem));
    m_source = openOrFail(m_path);
    QVERIFY(m_source);
    m_projectId = m_source->database().queryInt("SELECT id FROM projects ORDER BY id LIMIT 1");
    m_project = m_source->database().queryText("SELECT name FROM projects ORDER BY id LIMIT 1");
}

void tst_ProjectTransfer::cleanup()
{
    m_source.reset();
    m_dir.reset();
}

QString tst_ProjectTransfer::exportDemo(const QList<std::int64_t> &runs, const QString &name)
{
    const QString out = m_dir->filePath(name);
    const Result<db::ProjectCopyOutcome> exported = services::exportProject(m_source->database(), m_projectId, runs, out);
    if (!exported) {
        qWarning("export failed: %s", qPrintable(exported.error()));
        return {};
    }
    return out;
}

void tst_ProjectTransfer::roundTripGivesIdenticalRunsAndMetrics()
{
    const QMap<QString, RunSnapshot> original = snapshot(m_source->database(), m_project);
    QCOMPARE(original.size(), 4);
    QVERIFY(!original.first().business.isEmpty());
    QVERIFY(!original.first().series.isEmpty());
    // The demo's runs timed their calls: the latency samples the histogram draws must travel too.
    QVERIFY(original.first().latency.contains(QLatin1String("\"batch_1_samples_ms\":[")));
    // What people said about the runs travels with them: tags, a note, a star, a saved view.
    db::Database &source = m_source->database();
    const std::int64_t someRun = source.queryInt("SELECT min(id) FROM runs");
    db::RunAnnotationRepository annotations(source);
    QVERIFY(annotations.addTags(someRun, {QStringLiteral("baseline"), QStringLiteral("q4")}));
    QVERIFY(annotations.setNote(someRun, QStringLiteral("the one to beat")));
    QVERIFY(annotations.setStarred(someRun, true));
    db::SavedView view;
    view.projectId = m_projectId;
    view.name = QStringLiteral("baselines");
    view.query = QStringLiteral("tag = baseline");
    QVERIFY(db::SavedViewRepository(source).save(view));

    const QString file = exportDemo();
    QVERIFY(!file.isEmpty());
    QVERIFY(!QFileInfo::exists(file + QStringLiteral(".part")));
    {
        auto exported = openOrFail(file);
        QVERIFY(exported);
        QVERIFY(snapshot(exported->database(), m_project) == original);
        const Result<db::WorkspaceCheckReport> check = db::checkWorkspace(exported->database());
        QVERIFY(check && check->sound() && check->notices.isEmpty());
        QCOMPARE(count(exported->database(), "policies"), std::int64_t(1));
    }

    auto fresh = openOrFail(m_dir->filePath(QStringLiteral("fresh.mbw")));
    QVERIFY(fresh);
    const Result<QList<db::ProjectCopyOutcome>> imported = services::importWorkspaceFile(fresh->database(), file);
    QVERIFY2(imported, qPrintable(imported ? QString() : imported.error()));
    QCOMPARE(imported->size(), 1);
    QCOMPARE(imported->at(0).runsCopied, 4);
    QVERIFY(imported->at(0).projectCreated);
    QVERIFY(snapshot(fresh->database(), m_project) == original);
    QCOMPARE(count(fresh->database(), "policies"), std::int64_t(1));
    QCOMPARE(count(fresh->database(), "artifacts"), count(m_source->database(), "artifacts"));
    QCOMPARE(count(fresh->database(), "dataset_chunks"), count(m_source->database(), "dataset_chunks"));
    QCOMPARE(count(fresh->database(), "prediction_columns"), count(m_source->database(), "prediction_columns"));
    QCOMPARE(count(fresh->database(), "evaluation_latency_samples"),
             count(m_source->database(), "evaluation_latency_samples"));
    db::Statement named = fresh->database().prepare("SELECT id FROM runs WHERE name = ?1");
    named.bind(1, db::RunRepository(source).run(someRun)->name);
    QVERIFY(named.step());
    const std::int64_t copied = named.columnInt(0);
    const Result<db::RunAnnotations> kept = db::RunAnnotationRepository(fresh->database()).annotations(copied);
    QVERIFY(kept);
    QCOMPARE(kept->tags, (QStringList{QStringLiteral("baseline"), QStringLiteral("q4")}));
    QCOMPARE(kept->note, QStringLiteral("the one to beat"));
    QVERIFY(kept->starred);
    QCOMPARE(count(fresh->database(), "saved_views"), std::int64_t(1));
}

void tst_ProjectTransfer::importingTwiceOrBackDuplicatesNothing()
{
    const QString file = exportDemo();
    QVERIFY(!file.isEmpty());
    auto fresh = openOrFail(m_dir->filePath(QStringLiteral("fresh.mbw")));
    QVERIFY(services::importWorkspaceFile(fresh->database(), file));
    const auto counts = [](db::Database &db) {
        QList<std::int64_t> c;
        for (const char *t : {"projects", "runs", "dataset_versions", "dataset_splits", "framing_versions", "artifacts",
                              "evaluations", "metric_chunks", "policies", "operating_points"})
            c << count(db, t);
        return c;
    };
    const QList<std::int64_t> once = counts(fresh->database());
    const Result<QList<db::ProjectCopyOutcome>> again = services::importWorkspaceFile(fresh->database(), file);
    QVERIFY(again);
    QCOMPARE(again->at(0).runsCopied, 0);
    QCOMPARE(again->at(0).runsAlreadyThere, 4);
    QCOMPARE(counts(fresh->database()), once);

    const QList<std::int64_t> before = counts(m_source->database());
    const Result<QList<db::ProjectCopyOutcome>> back = services::importWorkspaceFile(m_source->database(), file);
    QVERIFY2(back, qPrintable(back ? QString() : back.error()));
    QCOMPARE(back->at(0).runsAlreadyThere, 4);
    QCOMPARE(counts(m_source->database()), before);
}

void tst_ProjectTransfer::chosenRunsComeWithWhatTheyNeed()
{
    const QString file = exportDemo({4});
    QVERIFY(!file.isEmpty());
    auto exported = openOrFail(file);
    db::Database &db = exported->database();
    QCOMPARE(count(db, "runs"), std::int64_t(1));
    QCOMPARE(count(db, "dataset_versions"), std::int64_t(1));
    QCOMPARE(count(db, "policies"), std::int64_t(0)); // the demo's policy weighs runs 1 and 2
    QCOMPARE(db.queryInt("SELECT count(*) FROM framing_versions"),
             m_source->database().queryInt("SELECT count(*) FROM framing_versions"));
    QCOMPARE(*db::Deletion(db).unnamedArtifactCount(), std::int64_t(0));
    const QMap<QString, RunSnapshot> original = snapshot(m_source->database(), m_project);
    const QMap<QString, RunSnapshot> copied = snapshot(db, m_project);
    QCOMPARE(copied.size(), 1);
    QVERIFY(original.value(copied.firstKey()) == copied.first());
}

void tst_ProjectTransfer::badInputIsRefusedAndChangesNothing()
{
    db::Database &source = m_source->database();
    const QString existing = mbtest::writeIn(m_dir->path(), QStringLiteral("taken.mbw"), "mine");
    Result<db::ProjectCopyOutcome> refused = services::exportProject(source, m_projectId, {}, existing);
    QVERIFY(!refused);
    QVERIFY2(refused.error().contains(QStringLiteral("already exists")), qPrintable(refused.error()));
    QCOMPARE(mbtest::fileBytes(existing), QByteArray("mine"));

    refused = services::exportProject(source, m_projectId, {99}, m_dir->filePath(QStringLiteral("a.mbw")));
    QVERIFY(!refused);
    QVERIFY2(refused.error().contains(QStringLiteral("has no run 99")), qPrintable(refused.error()));
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("a.mbw"))));
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("a.mbw.part"))));

    db::RunRecord draft;
    draft.projectId = m_projectId;
    draft.config = QJsonObject{{QStringLiteral("model"), QStringLiteral("mlp")}};
    const std::int64_t queued = db::RunRepository(source).create(draft)->id;
    refused = services::exportProject(source, m_projectId, {queued}, m_dir->filePath(QStringLiteral("b.mbw")));
    QVERIFY(!refused);
    QVERIFY2(refused.error().contains(QStringLiteral("is queued")), qPrintable(refused.error()));

    const std::int64_t runs = count(source, "runs");
    const QString foreign = mbtest::writeIn(m_dir->path(), QStringLiteral("foreign.mbw"), "not a workspace at all");
    Result<QList<db::ProjectCopyOutcome>> badImport = services::importWorkspaceFile(source, foreign);
    QVERIFY(!badImport);
    QVERIFY2(badImport.error().contains(QStringLiteral("SQLite")), qPrintable(badImport.error()));
    badImport = services::importWorkspaceFile(source, m_path);
    QVERIFY(!badImport);
    QVERIFY2(badImport.error().contains(QStringLiteral("this workspace itself")), qPrintable(badImport.error()));
    badImport = services::importWorkspaceFile(source, m_dir->filePath(QStringLiteral("missing.mbw")));
    QVERIFY(!badImport);
    QVERIFY2(badImport.error().contains(QStringLiteral("does not exist")), qPrintable(badImport.error()));
    QCOMPARE(count(source, "runs"), runs);
}

void tst_ProjectTransfer::theSameDataStagedByAnImportIsWaitedForWhileItLivesAndDiscardedOnceDead()
{
    const QString file = exportDemo();
    QVERIFY(!file.isEmpty());
    auto destination = openOrFail(m_dir->filePath(QStringLiteral("busy.mbw")));
    QVERIFY(destination);
    db::Database &db = destination->database();
    // The project, and the demo's data staged in it by a `dataset import` of the same file: this
    // process stands for the importer, alive.
    const std::int64_t project = db::ProjectRepository(db).create(m_project)->id;
    db.prepare("ATTACH DATABASE ?1 AS src").bind(1, file).run();
    db.prepare("INSERT INTO main.dataset_versions(project_id, name, sha256, file_sha256, source_kind, source_name, "
               "source_size, options, schema, profile, row_count, column_count, dropped_rows, app_version, created_at) "
               "SELECT ?1, name, sha256, file_sha256, source_kind, source_name, source_size, options, schema, profile, "
               "row_count, column_count, dropped_rows, app_version, created_at FROM src.dataset_versions "
               "ORDER BY id LIMIT 1")
        .bind(1, project)
        .run();
    const std::int64_t staged = db.lastInsertId();
    db.exec("DETACH DATABASE src");
    const QByteArray stagedShaQuery = "SELECT sha256 FROM dataset_versions WHERE id = " + QByteArray::number(staged);
    const QString stagedSha = db.queryText(stagedShaQuery.constData());
    const auto versionsOfTheData = [&] {
        db::Statement query = db.prepare("SELECT count(*) FROM dataset_versions WHERE sha256 = ?1");
        query.bind(1, stagedSha);
        return query.step() ? query.columnInt(0) : -1;
    };
    db.prepare("INSERT INTO staged_dataset_versions(version_id, host, pid, started_at) VALUES (?1, ?2, ?3, '')")
        .bind(1, staged)
        .bind(2, QSysInfo::machineHostName())
        .bind(3, std::int64_t(QCoreApplication::applicationPid()))
        .run();

    const Result<QList<db::ProjectCopyOutcome>> refused = services::importWorkspaceFile(db, file);
    QVERIFY(!refused);
    QVERIFY2(refused.error().contains(QStringLiteral("is still being written")), qPrintable(refused.error()));
    QCOMPARE(count(db, "runs"), std::int64_t(0));
    QCOMPARE(count(db, "staged_dataset_versions"), std::int64_t(1));

    // The importer dies (a process that has ended stands for it): its leftover goes, the import works.
    QProcess ended;
    ended.start(QStringLiteral("cat"), {});
    QVERIFY(ended.waitForStarted(60000));
    const std::int64_t deadPid = ended.processId();
    ended.closeWriteChannel();
    QVERIFY(ended.waitForFinished(60000));
    db.prepare("UPDATE staged_dataset_versions SET pid = ?1").bind(1, deadPid).run();
    const Result<QList<db::ProjectCopyOutcome>> imported = services::importWorkspaceFile(db, file);
    QVERIFY2(imported, qPrintable(imported ? QString() : imported.error()));
    QCOMPARE(imported->at(0).runsCopied, 4);
    QCOMPARE(count(db, "staged_dataset_versions"), std::int64_t(0));
    QCOMPARE(versionsOfTheData(), std::int64_t(1)); // the copy, whole, and no leftover
}

QTEST_GUILESS_MAIN(tst_ProjectTransfer)
#include "tst_projecttransfer.moc"
