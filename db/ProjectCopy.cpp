// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/ProjectCopy.h"

#include "db/Database.h"
#include "db/DatasetRepository.h"
#include "db/Guard.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace mb::db {
namespace {

[[noreturn]] void refuse(const QString &why)
{
    throw SqlError(why, 0);
}

// Attaches the other file as `src` for the life of the object; DETACH needs no transaction open.
class AttachedSource {
public:
    AttachedSource(Database &db, const QString &path) : m_db(db)
    {
        m_db.prepare("ATTACH DATABASE ?1 AS src").bind(1, path).run();
        if (m_db.queryInt("SELECT count(*) FROM src.sqlite_schema WHERE type = 'table' AND name = 'runs'") == 0) {
            detach();
            refuse(QStringLiteral("%1 is not a workspace").arg(path));
        }
    }
    ~AttachedSource() { detach(); }
    AttachedSource(const AttachedSource &) = delete;
    AttachedSource &operator=(const AttachedSource &) = delete;

private:
    void detach()
    {
        if (m_attached) {
            m_attached = false;
            try {
                m_db.exec("DETACH DATABASE src");
            } catch (const SqlError &) {
                // The connection detaches when it closes.
            }
        }
    }
    Database &m_db;
    bool m_attached = true;
};

// The id maps of one copy, kept in TEMP tables so the bulk copies below can join on them.
// `fresh` marks rows this copy inserted (only those bring their children).
void createMaps(Database &db)
{
    for (const char *map : {"map_dataset_versions", "map_splits", "map_framing_versions", "map_runs"}) {
        db.exec(QByteArray("CREATE TEMP TABLE IF NOT EXISTS ").append(map).append(
                    "(src INTEGER PRIMARY KEY, dst INTEGER NOT NULL, fresh INTEGER NOT NULL)").constData());
        db.exec(QByteArray("DELETE FROM temp.").append(map).constData());
    }
}

void mapRow(Database &db, const char *map, std::int64_t src, std::int64_t dst, bool fresh)
{
    db.prepare(QByteArray("INSERT INTO temp.").append(map).append("(src, dst, fresh) VALUES (?1, ?2, ?3)").constData())
        .bind(1, src)
        .bind(2, dst)
        .bind(3, fresh ? 1 : 0)
        .run();
}

std::optional<std::int64_t> optionalId(const Statement &row, int column)
{
    return row.columnIsNull(column) ? std::nullopt : std::optional<std::int64_t>(row.columnInt(column));
}

void bindOptional(Statement &statement, int index, const std::optional<std::int64_t> &value)
{
    if (value)
        statement.bind(index, *value);
    else
        statement.bindNull(index);
}

class Copier {
public:
    Copier(Database &db, ProjectCopyOutcome &outcome) : m_db(db), m_out(outcome) {}

    void project(std::int64_t srcProject)
    {
        Statement source = m_db.prepare("SELECT name, description, created_at FROM src.projects WHERE id = ?1");
        source.bind(1, srcProject);
        if (!source.step())
            refuse(QStringLiteral("the file has no project %1").arg(srcProject));
        m_out.project = source.columnText(0);
        Statement existing = m_db.prepare("SELECT id FROM main.projects WHERE name = ?1"); // NOCASE column
        existing.bind(1, m_out.project);
        if (existing.step()) {
            m_dstProject = existing.columnInt(0);
        } else {
            m_db.prepare("INSERT INTO main.projects(name, description, created_at) VALUES (?1, ?2, ?3)")
                .bind(1, m_out.project)
                .bind(2, source.columnText(1))
                .bind(3, source.columnText(2))
                .run();
            m_dstProject = m_db.lastInsertId();
            m_out.projectCreated = true;
        }
        m_out.destinationProjectId = m_dstProject;
        m_srcProject = srcProject;
    }

    // The runs to copy: checked against the project and their state.
    QList<std::int64_t> chooseRuns(const QList<std::int64_t> &asked)
    {
        QList<std::int64_t> chosen;
        if (asked.isEmpty()) {
            Statement all = m_db.prepare("SELECT id FROM src.runs WHERE project_id = ?1 AND status NOT IN "
                                         "('queued', 'running') ORDER BY id");
            all.bind(1, m_srcProject);
            while (all.step())
                chosen << all.columnInt(0);
            return chosen;
        }
        for (const std::int64_t id : asked) {
            Statement run = m_db.prepare("SELECT project_id, status FROM src.runs WHERE id = ?1");
            run.bind(1, id);
            if (!run.step() || run.columnInt(0) != m_srcProject)
                refuse(QStringLiteral("project '%1' has no run %2").arg(m_out.project).arg(id));
            const QString status = run.columnText(1);
            if (status == QLatin1String("queued") || status == QLatin1String("running"))
                refuse(QStringLiteral("run %1 is %2; it can be exported once it has ended").arg(id).arg(status));
            if (!chosen.contains(id))
                chosen << id;
        }
        std::sort(chosen.begin(), chosen.end()); // parents (older) before their children
        return chosen;
    }

    void framingVersions()
    {
        // Every version of the project's framings, so the history (and the current framing) comes
        // along even when no chosen run was trained under the latest version.
        Statement all = m_db.prepare("SELECT fv.id FROM src.framing_versions fv JOIN src.framings f ON f.id = "
                                     "fv.framing_id WHERE f.project_id = ?1 ORDER BY f.id, fv.version");
        all.bind(1, m_srcProject);
        QList<std::int64_t> ordered;
        while (all.step())
            ordered << all.columnInt(0);
        for (const std::int64_t id : ordered)
            framingVersion(id);
    }

    void datasets(const QList<std::int64_t> &runs)
    {
        QList<std::int64_t> versions;
        const auto want = [&](const char *sql, std::int64_t run) {
            Statement query = m_db.prepare(sql);
            query.bind(1, run);
            while (query.step())
                if (!query.columnIsNull(0) && !versions.contains(query.columnInt(0)))
                    versions << query.columnInt(0);
        };
        for (const std::int64_t run : runs) {
            want("SELECT dataset_version_id FROM src.runs WHERE id = ?1", run);
            want("SELECT dataset_version_id FROM src.evaluations WHERE run_id = ?1", run);
        }
        std::sort(versions.begin(), versions.end());
        for (const std::int64_t version : versions)
            datasetVersion(version);
    }

    void runs(const QList<std::int64_t> &chosen)
    {
        const QSet<std::int64_t> chosenSet(chosen.cbegin(), chosen.cend());
        for (const std::int64_t id : chosen)
            run(id, chosenSet);
        copyRunChildren();
    }

    // The project's saved views of its runs table; a view of the same name already there wins.
    void savedViews()
    {
        Statement copy = m_db.prepare(
            "INSERT OR IGNORE INTO main.saved_views(project_id, name, query, columns, sort_column, sort_descending, "
            "updated_at) SELECT ?2, name, query, columns, sort_column, sort_descending, updated_at FROM src.saved_views "
            "WHERE project_id = ?1");
        copy.bind(1, m_srcProject).bind(2, m_dstProject).run();
    }

    void policies()
    {
        Statement query = m_db.prepare(
            "SELECT p.name, p.version, ra.dst, rb.dst, p.alpha, p.beta, p.normalisation, p.k, p.note, p.metrics, "
            "p.app_version, p.created_at FROM src.policies p JOIN temp.map_runs ra ON ra.src = p.run_a "
            "JOIN temp.map_runs rb ON rb.src = p.run_b WHERE p.project_id = ?1 ORDER BY p.name, p.version");
        query.bind(1, m_srcProject);
        while (query.step()) {
            Statement same = m_db.prepare(
                "SELECT 1 FROM main.policies WHERE project_id = ?1 AND name = ?2 AND run_a = ?3 AND run_b = ?4 AND "
                "alpha = ?5 AND beta = ?6 AND normalisation = ?7 AND k = ?8");
            same.bind(1, m_dstProject)
                .bind(2, query.columnText(0))
                .bind(3, query.columnInt(2))
                .bind(4, query.columnInt(3))
                .bind(5, query.columnDouble(4))
                .bind(6, query.columnDouble(5))
                .bind(7, query.columnText(6))
                .bind(8, query.columnInt(7));
            if (same.step())
                continue;
            Statement next =
                m_db.prepare("SELECT coalesce(max(version), 0) + 1 FROM main.policies WHERE project_id = ?1 AND name = ?2");
            next.bind(1, m_dstProject).bind(2, query.columnText(0));
            next.step();
            m_db.prepare("INSERT INTO main.policies(project_id, name, version, run_a, run_b, alpha, beta, normalisation, "
                         "k, note, metrics, app_version, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                         "?11, ?12, ?13)")
                .bind(1, m_dstProject)
                .bind(2, query.columnText(0))
                .bind(3, next.columnInt(0))
                .bind(4, query.columnInt(2))
                .bind(5, query.columnInt(3))
                .bind(6, query.columnDouble(4))
                .bind(7, query.columnDouble(5))
                .bind(8, query.columnText(6))
                .bind(9, query.columnInt(7))
                .bind(10, query.columnText(8))
                .bind(11, query.columnText(9))
                .bind(12, query.columnText(10))
                .bind(13, query.columnText(11))
                .run();
            ++m_out.policiesCopied;
        }
    }

private:
    std::int64_t framingId(std::int64_t srcFraming)
    {
        Statement source = m_db.prepare("SELECT name, created_at FROM src.framings WHERE id = ?1");
        source.bind(1, srcFraming);
        if (!source.step())
            refuse(QStringLiteral("the file names a framing %1 it does not hold").arg(srcFraming));
        Statement existing = m_db.prepare("SELECT id FROM main.framings WHERE project_id = ?1 AND name = ?2");
        existing.bind(1, m_dstProject).bind(2, source.columnText(0));
        if (existing.step())
            return existing.columnInt(0);
        m_db.prepare("INSERT INTO main.framings(project_id, name, created_at) VALUES (?1, ?2, ?3)")
            .bind(1, m_dstProject)
            .bind(2, source.columnText(0))
            .bind(3, source.columnText(1))
            .run();
        return m_db.lastInsertId();
    }

    void framingVersion(std::int64_t srcId)
    {
        Statement source = m_db.prepare("SELECT framing_id, content, content_sha256, note, app_version, created_at "
                                        "FROM src.framing_versions WHERE id = ?1");
        source.bind(1, srcId);
        if (!source.step())
            refuse(QStringLiteral("the file names a framing version %1 it does not hold").arg(srcId));
        const std::int64_t framing = framingId(source.columnInt(0));
        Statement existing =
            m_db.prepare("SELECT id FROM main.framing_versions WHERE framing_id = ?1 AND content_sha256 = ?2 "
                         "ORDER BY version DESC LIMIT 1");
        existing.bind(1, framing).bind(2, source.columnText(2));
        if (existing.step()) {
            mapRow(m_db, "map_framing_versions", srcId, existing.columnInt(0), false);
            return;
        }
        Statement next = m_db.prepare("SELECT coalesce(max(version), 0) + 1 FROM main.framing_versions WHERE framing_id = ?1");
        next.bind(1, framing);
        next.step();
        m_db.prepare("INSERT INTO main.framing_versions(framing_id, version, content, content_sha256, note, "
                     "app_version, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
            .bind(1, framing)
            .bind(2, next.columnInt(0))
            .bind(3, source.columnText(1))
            .bind(4, source.columnText(2))
            .bind(5, source.columnText(3))
            .bind(6, source.columnText(4))
            .bind(7, source.columnText(5))
            .run();
        mapRow(m_db, "map_framing_versions", srcId, m_db.lastInsertId(), true);
        ++m_out.framingVersionsCopied;
    }

    void datasetVersion(std::int64_t srcId)
    {
        // The same data already here: one version at most, since (project, sha256) is unique. A
        // staged version in either file is an import still writing (or abandoned): never matched.
        Statement same = m_db.prepare(
            QByteArray("SELECT d.id, " + wholeVersionCondition("d.id", "main") + ", " +
                       wholeVersionCondition("s.id", "src") +
                       " FROM main.dataset_versions d JOIN src.dataset_versions s ON s.sha256 = d.sha256 "
                       "WHERE s.id = ?1 AND d.project_id = ?2")
                .constData());
        same.bind(1, srcId).bind(2, m_dstProject);
        const bool found = same.step();
        // Staged here by an import still writing: the copy would collide with it on (project,
        // sha256) and fail with SQLite's bare UNIQUE message.
        if (found && same.columnInt(1) == 0)
            refuse(QStringLiteral("an import of the same data (dataset version %1) is still being written into "
                                  "this workspace; import the project again once it has finished")
                       .arg(same.columnInt(0)));
        std::int64_t dst = 0;
        bool fresh = false;
        if (found && same.columnInt(2) != 0) {
            dst = same.columnInt(0);
            ++m_out.datasetVersionsAlreadyThere;
        } else {
            const QByteArray copyVersion =
                "INSERT INTO main.dataset_versions(project_id, name, sha256, file_sha256, source_kind, source_name, "
                "source_size, options, schema, profile, row_count, column_count, dropped_rows, app_version, "
                "created_at) SELECT ?2, name, sha256, file_sha256, source_kind, source_name, source_size, options, "
                "schema, profile, row_count, column_count, dropped_rows, app_version, created_at "
                "FROM src.dataset_versions WHERE id = ?1 AND " +
                wholeVersionCondition("id", "src");
            m_db.prepare(copyVersion.constData())
                .bind(1, srcId)
                .bind(2, m_dstProject)
                .run();
            if (m_db.changes() == 0)
                refuse(QStringLiteral("the file names a dataset version %1 it does not hold").arg(srcId));
            dst = m_db.lastInsertId();
            fresh = true;
            m_db.prepare("INSERT INTO main.dataset_chunks(version_id, column_index, chunk_index, data, crc32, "
                         "encoding) SELECT ?2, column_index, chunk_index, data, crc32, encoding FROM src.dataset_chunks "
                         "WHERE version_id = ?1")
                .bind(1, srcId)
                .bind(2, dst)
                .run();
            ++m_out.datasetVersionsCopied;
        }
        mapRow(m_db, "map_dataset_versions", srcId, dst, fresh);
        // Its splits, each matched by its spec.
        QList<std::int64_t> splits;
        Statement list = m_db.prepare("SELECT id FROM src.dataset_splits WHERE version_id = ?1 ORDER BY id");
        list.bind(1, srcId);
        while (list.step())
            splits << list.columnInt(0);
        for (const std::int64_t split : splits) {
            Statement same = m_db.prepare("SELECT d.id FROM main.dataset_splits d JOIN src.dataset_splits s ON "
                                          "s.spec_sha256 = d.spec_sha256 WHERE s.id = ?1 AND d.version_id = ?2");
            same.bind(1, split).bind(2, dst);
            if (same.step()) {
                mapRow(m_db, "map_splits", split, same.columnInt(0), false);
                continue;
            }
            m_db.prepare("INSERT INTO main.dataset_splits(version_id, spec, spec_sha256, assignment, train_rows, "
                         "validation_rows, test_rows, warnings, encoding, created_at) SELECT ?2, spec, spec_sha256, "
                         "assignment, train_rows, validation_rows, test_rows, warnings, encoding, created_at FROM "
                         "src.dataset_splits WHERE id = ?1")
                .bind(1, split)
                .bind(2, dst)
                .run();
            mapRow(m_db, "map_splits", split, m_db.lastInsertId(), true);
        }
    }

    std::optional<std::int64_t> mapped(const char *map, const std::optional<std::int64_t> &src)
    {
        if (!src)
            return std::nullopt;
        Statement query = m_db.prepare(QByteArray("SELECT dst FROM temp.").append(map).append(" WHERE src = ?1").constData());
        query.bind(1, *src);
        return query.step() ? std::optional<std::int64_t>(query.columnInt(0)) : std::nullopt;
    }

    void run(std::int64_t srcId, const QSet<std::int64_t> &chosen)
    {
        Statement source = m_db.prepare(
            "SELECT parent_run_id, config_sha256, seed, host, queued_at, dataset_version_id, split_id, "
            "framing_version_id FROM src.runs WHERE id = ?1");
        source.bind(1, srcId);
        source.step();
        Statement existing = m_db.prepare("SELECT id FROM main.runs WHERE project_id = ?1 AND config_sha256 = ?2 AND "
                                          "seed = ?3 AND host = ?4 AND queued_at = ?5");
        existing.bind(1, m_dstProject)
            .bind(2, source.columnText(1))
            .bind(3, source.columnInt(2))
            .bind(4, source.columnText(3))
            .bind(5, source.columnText(4));
        if (existing.step()) {
            mapRow(m_db, "map_runs", srcId, existing.columnInt(0), false);
            ++m_out.runsAlreadyThere;
            return;
        }
        const std::optional<std::int64_t> parent = optionalId(source, 0);
        std::optional<std::int64_t> dstParent;
        if (parent) {
            dstParent = chosen.contains(*parent) ? mapped("map_runs", parent) : std::nullopt;
            if (!dstParent)
                m_out.notes << QStringLiteral("run %1's parent run %2 was not exported with it").arg(srcId).arg(*parent);
        }
        Statement insert = m_db.prepare(
            "INSERT INTO main.runs(project_id, parent_run_id, name, status, config, config_sha256, dataset_version_id, "
            "split_id, framing_version_id, seed, threads, app_version, build_commit, libtorch_version, host, worker_pid, "
            "heartbeat_at, queued_at, started_at, finished_at, error_tail, summary, cancel_requested, feature_encoding, "
            "archived_at) SELECT ?2, ?3, name, status, config, config_sha256, ?4, ?5, ?6, seed, threads, app_version, "
            "build_commit, libtorch_version, host, worker_pid, heartbeat_at, queued_at, started_at, finished_at, "
            "error_tail, summary, cancel_requested, feature_encoding, archived_at FROM src.runs WHERE id = ?1");
        insert.bind(1, srcId).bind(2, m_dstProject);
        bindOptional(insert, 3, dstParent);
        bindOptional(insert, 4, mapped("map_dataset_versions", optionalId(source, 5)));
        bindOptional(insert, 5, mapped("map_splits", optionalId(source, 6)));
        bindOptional(insert, 6, mapped("map_framing_versions", optionalId(source, 7)));
        insert.run();
        mapRow(m_db, "map_runs", srcId, m_db.lastInsertId(), true);
        ++m_out.runsCopied;
    }

    // Everything that hangs off the runs this copy inserted, in bulk: joins on the maps.
    void copyRunChildren()
    {
        // Series first, then their chunks through the (run, name) key the schema makes unique.
        m_db.exec("INSERT INTO main.metric_series(run_id, name) SELECT r.dst, s.name FROM src.metric_series s "
                  "JOIN temp.map_runs r ON r.src = s.run_id AND r.fresh = 1 ORDER BY s.id");
        m_db.exec("INSERT INTO main.metric_chunks(series_id, chunk_index, first_step, last_step, count, data) "
                  "SELECT d.id, c.chunk_index, c.first_step, c.last_step, c.count, c.data FROM src.metric_chunks c "
                  "JOIN src.metric_series s ON s.id = c.series_id JOIN temp.map_runs r ON r.src = s.run_id AND "
                  "r.fresh = 1 JOIN main.metric_series d ON d.run_id = r.dst AND d.name = s.name ORDER BY c.id");
        m_db.exec("INSERT INTO main.run_log(run_id, at, line) SELECT r.dst, l.at, l.line FROM src.run_log l JOIN "
                  "temp.map_runs r ON r.src = l.run_id AND r.fresh = 1 ORDER BY l.id");
        const std::int64_t artifactsBefore = m_db.queryInt("SELECT count(*) FROM main.artifacts");
        m_db.exec("INSERT OR IGNORE INTO main.artifacts(sha256, size, data) SELECT a.sha256, a.size, a.data FROM "
                  "src.artifacts a WHERE a.sha256 IN (SELECT ra.sha256 FROM src.run_artifacts ra JOIN temp.map_runs r "
                  "ON r.src = ra.run_id AND r.fresh = 1)");
        m_out.artifactsCopied = int(m_db.queryInt("SELECT count(*) FROM main.artifacts") - artifactsBefore);
        m_db.exec("INSERT INTO main.run_artifacts(run_id, name, sha256, meta, created_at) SELECT r.dst, ra.name, "
                  "ra.sha256, ra.meta, ra.created_at FROM src.run_artifacts ra JOIN temp.map_runs r ON r.src = "
                  "ra.run_id AND r.fresh = 1");
        // What people said about the runs: their tags, notes and stars.
        m_db.exec("INSERT OR IGNORE INTO main.run_tags(run_id, tag) SELECT r.dst, t.tag FROM src.run_tags t JOIN "
                  "temp.map_runs r ON r.src = t.run_id AND r.fresh = 1");
        m_db.exec("INSERT OR IGNORE INTO main.run_marks(run_id, note, starred, updated_at) SELECT r.dst, m.note, "
                  "m.starred, m.updated_at FROM src.run_marks m JOIN temp.map_runs r ON r.src = m.run_id AND r.fresh = 1");
        m_db.exec("INSERT INTO main.operating_points(run_id, metric, threshold, value, app_version, created_at) "
                  "SELECT r.dst, o.metric, o.threshold, o.value, o.app_version, o.created_at FROM src.operating_points o "
                  "JOIN temp.map_runs r ON r.src = o.run_id AND r.fresh = 1 ORDER BY o.id");
        // Evaluations one by one (they have no natural key to join their predictions on), predictions in bulk.
        Statement evaluations = m_db.prepare(
            "SELECT e.id, r.dst, e.dataset_version_id, e.split_id FROM src.evaluations e JOIN temp.map_runs r ON "
            "r.src = e.run_id AND r.fresh = 1 ORDER BY e.id");
        Statement insert = m_db.prepare(
            "INSERT INTO main.evaluations(run_id, checkpoint, dataset_version_id, split_id, part, items, metrics, "
            "latency, created_at, reported_metrics) SELECT ?2, checkpoint, ?3, ?4, part, items, metrics, latency, "
            "created_at, reported_metrics FROM src.evaluations WHERE id = ?1");
        // The bytes move as they are, with their encoding and checksum (or none, for older rows).
        Statement predictions =
            m_db.prepare("INSERT INTO main.prediction_columns(evaluation_id, name, data, encoding, crc32) SELECT ?2, "
                         "name, data, encoding, crc32 FROM src.prediction_columns WHERE evaluation_id = ?1");
        // Their batch-1 latency samples, kept out of the evaluation's row (schema 16), as stored.
        Statement samples = m_db.prepare("INSERT INTO main.evaluation_latency_samples(evaluation_id, batch_1_ms) "
                                         "SELECT ?2, batch_1_ms FROM src.evaluation_latency_samples WHERE "
                                         "evaluation_id = ?1");
        while (evaluations.step()) {
            const std::optional<std::int64_t> version = mapped("map_dataset_versions", optionalId(evaluations, 2));
            if (!version)
                refuse(QStringLiteral("evaluation %1 names a dataset version the file does not hold")
                           .arg(evaluations.columnInt(0)));
            insert.reset();
            insert.bind(1, evaluations.columnInt(0)).bind(2, evaluations.columnInt(1)).bind(3, *version);
            bindOptional(insert, 4, mapped("map_splits", optionalId(evaluations, 3)));
            insert.run();
            const std::int64_t copied = m_db.lastInsertId();
            for (Statement *children : {&predictions, &samples}) {
                children->reset();
                children->bind(1, evaluations.columnInt(0)).bind(2, copied);
                children->run();
            }
            ++m_out.evaluationsCopied;
        }
    }

    Database &m_db;
    ProjectCopyOutcome &m_out;
    std::int64_t m_srcProject = 0;
    std::int64_t m_dstProject = 0;
};

} // namespace

Result<ProjectCopyOutcome> copyProject(Database &destination, const QString &sourcePath, std::int64_t sourceProjectId,
                                       const QList<std::int64_t> &runIds)
{
    return guarded(QStringLiteral("nothing was copied"), [&] {
        AttachedSource attached(destination, sourcePath);
        createMaps(destination);
        ProjectCopyOutcome outcome;
        Transaction transaction(destination);
        Copier copier(destination, outcome);
        copier.project(sourceProjectId);
        const QList<std::int64_t> runs = copier.chooseRuns(runIds);
        copier.framingVersions();
        copier.datasets(runs);
        copier.runs(runs);
        copier.policies();
        copier.savedViews();
        transaction.commit();
        return outcome;
    });
}

Result<QList<std::pair<std::int64_t, QString>>> projectsOfFile(Database &destination, const QString &sourcePath)
{
    return guarded(QStringLiteral("cannot read the projects of %1").arg(sourcePath), [&] {
        AttachedSource attached(destination, sourcePath);
        QList<std::pair<std::int64_t, QString>> projects;
        Statement query = destination.prepare("SELECT id, name FROM src.projects ORDER BY id");
        while (query.step())
            projects.append({query.columnInt(0), query.columnText(1)});
        return projects;
    });
}

} // namespace mb::db
