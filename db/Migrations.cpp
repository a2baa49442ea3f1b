// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/Migrations.h"

#include "db/Database.h"

#include <QByteArray>

#include <iterator>

namespace mb::db {
namespace {

// Migration N takes a file from schema N-1 to N. Append new migrations; never edit one that
// has shipped, because files in the field were made by it.
const char *const kMigrations[] = {
    // 1: projects and versioned framings.
    R"sql(
    CREATE TABLE workspace_info (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE projects (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
        description TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL
    );

    -- A project may hold alternative framings of the same problem; each is versioned.
    CREATE TABLE framings (
        id         INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
        created_at TEXT NOT NULL,
        UNIQUE (project_id, name)
    );

    CREATE TABLE framing_versions (
        id             INTEGER PRIMARY KEY,
        framing_id     INTEGER NOT NULL REFERENCES framings(id) ON DELETE CASCADE,
        version        INTEGER NOT NULL CHECK (version >= 1),
        content        TEXT NOT NULL,   -- canonical framing JSON, docs/CLI.md
        content_sha256 TEXT NOT NULL,
        note           TEXT NOT NULL DEFAULT '',
        app_version    TEXT NOT NULL,
        created_at     TEXT NOT NULL,
        UNIQUE (framing_id, version)
    );

    -- A saved version is history: runs will point at it, so it is never rewritten.
    CREATE TRIGGER framing_versions_are_immutable
    BEFORE UPDATE ON framing_versions
    BEGIN
        SELECT RAISE(ABORT, 'framing versions are never changed; save a new version');
    END;
    )sql",

    // 2: dataset versions, their column data in chunks, and their splits.
    R"sql(
    -- One import: identified by the SHA-256 of the file's bytes and the import options, so the
    -- same bytes imported the same way are one version.
    CREATE TABLE dataset_versions (
        id           INTEGER PRIMARY KEY,
        project_id   INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name         TEXT NOT NULL,
        sha256       TEXT NOT NULL,
        file_sha256  TEXT NOT NULL,
        source_kind  TEXT NOT NULL CHECK (source_kind IN ('csv', 'idx')),
        source_name  TEXT NOT NULL,
        source_size  INTEGER NOT NULL,
        options      TEXT NOT NULL,   -- import options, JSON
        schema       TEXT NOT NULL,   -- columns: name, type, role, categories, JSON
        profile      TEXT NOT NULL,   -- statistics and warnings, JSON
        row_count    INTEGER NOT NULL,
        column_count INTEGER NOT NULL,
        dropped_rows INTEGER NOT NULL DEFAULT 0,
        app_version  TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        UNIQUE (project_id, sha256)
    );

    -- Column values as little-endian float64 (NaN = missing), dataset_chunk_rows rows per chunk,
    -- so a preview reads only the chunks it shows.
    CREATE TABLE dataset_chunks (
        id           INTEGER PRIMARY KEY,
        version_id   INTEGER NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
        column_index INTEGER NOT NULL,
        chunk_index  INTEGER NOT NULL,
        data         BLOB NOT NULL,
        UNIQUE (version_id, column_index, chunk_index)
    );

    CREATE TABLE dataset_splits (
        id              INTEGER PRIMARY KEY,
        version_id      INTEGER NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
        spec            TEXT NOT NULL,  -- JSON
        spec_sha256     TEXT NOT NULL,
        assignment      BLOB NOT NULL,  -- one byte per row: 0 train, 1 validation, 2 test
        train_rows      INTEGER NOT NULL,
        validation_rows INTEGER NOT NULL,
        test_rows       INTEGER NOT NULL,
        warnings        TEXT NOT NULL,  -- JSON
        encoding        TEXT NOT NULL,  -- feature encoding fitted on the train rows, JSON
        created_at      TEXT NOT NULL,
        UNIQUE (version_id, spec_sha256)
    );

    -- Runs will point at these rows: data and splits are never rewritten.
    CREATE TRIGGER dataset_versions_are_immutable BEFORE UPDATE ON dataset_versions
    BEGIN SELECT RAISE(ABORT, 'dataset versions are never changed; import a new version'); END;
    CREATE TRIGGER dataset_chunks_are_immutable BEFORE UPDATE ON dataset_chunks
    BEGIN SELECT RAISE(ABORT, 'dataset data is never changed; import a new version'); END;
    CREATE TRIGGER dataset_splits_are_immutable BEFORE UPDATE ON dataset_splits
    BEGIN SELECT RAISE(ABORT, 'splits are never changed; make a new split'); END;
    )sql",

    // 3: training runs and their metric series.
    R"sql(
    -- One training run: what was asked, on which data and framing, by which build, and how it went.
    CREATE TABLE runs (
        id                 INTEGER PRIMARY KEY,
        project_id         INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        parent_run_id      INTEGER REFERENCES runs(id),    -- the run this one re-runs or forks
        name               TEXT NOT NULL DEFAULT '',
        status             TEXT NOT NULL CHECK (status IN ('queued', 'running', 'finished', 'failed',
                                                           'cancelled', 'diverged', 'interrupted')),
        config             TEXT NOT NULL,                  -- JSON
        config_sha256      TEXT NOT NULL,
        dataset_version_id INTEGER REFERENCES dataset_versions(id),
        split_id           INTEGER REFERENCES dataset_splits(id),
        framing_version_id INTEGER REFERENCES framing_versions(id),
        seed               INTEGER NOT NULL,
        threads            INTEGER NOT NULL,
        app_version        TEXT NOT NULL,
        build_commit       TEXT NOT NULL,
        libtorch_version   TEXT NOT NULL,
        host               TEXT NOT NULL,
        worker_pid         INTEGER,
        heartbeat_at       TEXT,                           -- a running worker's last sign of life
        queued_at          TEXT NOT NULL,
        started_at         TEXT,
        finished_at        TEXT,
        error_tail         TEXT NOT NULL DEFAULT ''        -- the end of a failed worker's stderr
    );
    CREATE INDEX runs_by_project ON runs(project_id, id);

    -- A named series of a run, such as train/loss, validation/accuracy or lr.
    CREATE TABLE metric_series (
        id     INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        name   TEXT NOT NULL,
        UNIQUE (run_id, name)
    );

    -- Points packed per chunk, appended as a run goes: `count` little-endian int64 steps, then
    -- `count` little-endian float64 values. Every point is kept; nothing is sampled away.
    CREATE TABLE metric_chunks (
        id          INTEGER PRIMARY KEY,
        series_id   INTEGER NOT NULL REFERENCES metric_series(id) ON DELETE CASCADE,
        chunk_index INTEGER NOT NULL,
        first_step  INTEGER NOT NULL,
        last_step   INTEGER NOT NULL,
        count       INTEGER NOT NULL,
        data        BLOB NOT NULL,
        UNIQUE (series_id, chunk_index)
    );
    CREATE TRIGGER metric_chunks_are_immutable BEFORE UPDATE ON metric_chunks
    BEGIN SELECT RAISE(ABORT, 'metric points are never changed'); END;
    )sql",

    // 4: what the Runs page shows without reading series (summary, log, cancel requests) and
    // checkpoints stored as content-addressed artifacts.
    R"sql(
    -- The latest key metrics of a run as JSON, so that a table of thousands of runs opens at once.
    ALTER TABLE runs ADD COLUMN summary TEXT NOT NULL DEFAULT '{}';
    -- Set by any process that wants a running run stopped; the worker polls it with its heartbeat.
    ALTER TABLE runs ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;

    -- What a worker reported while it ran, line by line.
    CREATE TABLE run_log (
        id     INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        at     TEXT NOT NULL,
        line   TEXT NOT NULL
    );
    CREATE INDEX run_log_by_run ON run_log(run_id, id);

    -- Bytes addressed by their SHA-256 (lowercase hex): stored once, verified on every read.
    CREATE TABLE artifacts (
        id     INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        size   INTEGER NOT NULL,
        data   BLOB NOT NULL
    );
    CREATE TRIGGER artifacts_are_immutable BEFORE UPDATE ON artifacts
    BEGIN SELECT RAISE(ABORT, 'artifacts are never changed'); END;

    -- A run's named artifacts, such as its best and last checkpoints.
    CREATE TABLE run_artifacts (
        run_id     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        name       TEXT NOT NULL,
        sha256     TEXT NOT NULL REFERENCES artifacts(sha256),
        meta       TEXT NOT NULL DEFAULT '{}',   -- JSON: what is needed to use the bytes
        created_at TEXT NOT NULL,
        PRIMARY KEY (run_id, name)
    );
    )sql",

    // 5: evaluations of a run's model and their per-item predictions.
    R"sql(
    -- One evaluation of a run's checkpoint on part of a dataset version: the held-out test rows at
    -- the end of the run, or another compatible version on demand.
    CREATE TABLE evaluations (
        id                 INTEGER PRIMARY KEY,
        run_id             INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        checkpoint         TEXT NOT NULL,                 -- best or last
        dataset_version_id INTEGER NOT NULL REFERENCES dataset_versions(id),
        split_id           INTEGER REFERENCES dataset_splits(id),
        part               TEXT NOT NULL CHECK (part IN ('test', 'validation', 'all')),
        items              INTEGER NOT NULL,
        metrics            TEXT NOT NULL DEFAULT '{}',    -- ML metrics, JSON
        latency            TEXT NOT NULL DEFAULT '{}',    -- inference latency, JSON
        created_at         TEXT NOT NULL
    );
    CREATE INDEX evaluations_by_run ON evaluations(run_id, id);

    -- Per-item predictions, one row per column: `items` little-endian float64 values, such as
    -- row, id, label:<target>, score:<target>, predicted:<target>, prob:<target>:<class>,
    -- value:<column>.
    CREATE TABLE prediction_columns (
        evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
        name          TEXT NOT NULL,
        data          BLOB NOT NULL,
        PRIMARY KEY (evaluation_id, name)
    );
    CREATE TRIGGER prediction_columns_are_immutable BEFORE UPDATE ON prediction_columns
    BEGIN SELECT RAISE(ABORT, 'stored predictions are never changed'); END;
    )sql",

    // 6: trade-off policies, versioned by name.
    R"sql(
    -- One version of a policy: two runs' scores (run_a for the framing's first objective, run_b
    -- for the second) ranked by alpha * a + beta * b after a normalisation, judged on the top k.
    -- Saving under an existing name adds version N+1. The normalisation key is checked by
    -- PolicyRepository, not here, so a new one needs no table rebuild.
    CREATE TABLE policies (
        id            INTEGER PRIMARY KEY,
        project_id    INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name          TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(name)) > 0),
        version       INTEGER NOT NULL CHECK (version >= 1),
        run_a         INTEGER NOT NULL REFERENCES runs(id),
        run_b         INTEGER NOT NULL REFERENCES runs(id),
        alpha         REAL NOT NULL,
        beta          REAL NOT NULL,
        normalisation TEXT NOT NULL,
        k             INTEGER NOT NULL CHECK (k >= 1),
        note          TEXT NOT NULL DEFAULT '',
        metrics       TEXT NOT NULL DEFAULT '{}',   -- business metric -> value when saved, JSON
        app_version   TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        CHECK (run_a <> run_b),
        CHECK (alpha <> 0 OR beta <> 0),
        UNIQUE (project_id, name, version)
    );

    -- A policy weighs runs of its own project only.
    CREATE TRIGGER policies_use_their_projects_runs BEFORE INSERT ON policies
    WHEN (SELECT project_id FROM runs WHERE id = NEW.run_a) IS NOT NEW.project_id
      OR (SELECT project_id FROM runs WHERE id = NEW.run_b) IS NOT NEW.project_id
    BEGIN SELECT RAISE(ABORT, 'a policy''s runs must belong to its project'); END;

    -- A saved version is history, like a framing version: never rewritten.
    CREATE TRIGGER policies_are_immutable BEFORE UPDATE ON policies
    BEGIN SELECT RAISE(ABORT, 'policy versions are never changed; save a new version'); END;
    )sql",

    // 7: a run's operating point, chosen on its profit/threshold curve.
    R"sql(
    -- The decision threshold a run is to be used at, with the business metric it was chosen by
    -- and the value it gave there. Choosing again appends: the newest is the run's operating
    -- point, the older ones its history.
    CREATE TABLE operating_points (
        id          INTEGER PRIMARY KEY,
        run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        metric      TEXT NOT NULL,
        threshold   REAL NOT NULL,
        value       REAL,
        app_version TEXT NOT NULL,
        created_at  TEXT NOT NULL
    );
    CREATE INDEX operating_points_by_run ON operating_points(run_id, id);
    CREATE TRIGGER operating_points_are_immutable BEFORE UPDATE ON operating_points
    BEGIN SELECT RAISE(ABORT, 'operating points are never changed; choose a new one'); END;
    )sql",

    // 8: the feature encoding each run fitted with its config's options.
    R"sql(
    -- JSON (data::FeatureEncoding), written by the worker before it trains; NULL for the runs
    -- stored before runs fitted their own encoding: those use their split's.
    ALTER TABLE runs ADD COLUMN feature_encoding TEXT;
    -- The encoding is part of the model: a run's predictions depend on it, so it is set once.
    CREATE TRIGGER runs_feature_encoding_is_set_once BEFORE UPDATE OF feature_encoding ON runs
    WHEN OLD.feature_encoding IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'a run''s feature encoding is never changed'); END;
    )sql",

    // 9: what an external run's tool reported about its own predictions.
    R"sql(
    -- JSON, metric key -> value ("test/roc_auc": 0.91), as `log predictions --reported` gave it.
    -- Shown beside the metrics the app computed from the same predictions, never used in their
    -- place; '{}' for the app's own evaluations and for tools that reported nothing.
    ALTER TABLE evaluations ADD COLUMN reported_metrics TEXT NOT NULL DEFAULT '{}';
    )sql",

    // 10: archived runs, and the index that finds the stored bytes no run names any more.
    R"sql(
    -- Set when a run is archived (hidden from the Runs and Compare tables, kept whole); NULL
    -- when it is not. Archiving is reversible; deleting (db/Deletion) is not.
    ALTER TABLE runs ADD COLUMN archived_at TEXT;
    -- Deleting a run drops the artifacts no other run names: this keeps that question an index
    -- lookup instead of a scan of every run's artifacts.
    CREATE INDEX run_artifacts_by_sha256 ON run_artifacts(sha256);
    -- Deleting a dataset version asks which runs and evaluations still use it.
    CREATE INDEX runs_by_dataset_version ON runs(dataset_version_id);
    CREATE INDEX evaluations_by_dataset_version ON evaluations(dataset_version_id);
    )sql",

    // 11: tags, a note and a star on runs; saved views of the runs table.
    R"sql(
    -- A run's tags, compared ignoring case. The tags an external run was started with
    -- (`log start --tags`, kept in its config) are copied here, so one table answers "tag = x".
    CREATE TABLE run_tags (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        tag    TEXT NOT NULL COLLATE NOCASE CHECK (length(tag) BETWEEN 1 AND 64 AND tag = trim(tag)),
        PRIMARY KEY (run_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX run_tags_by_tag ON run_tags(tag);
    INSERT OR IGNORE INTO run_tags(run_id, tag)
        SELECT runs.id, trim(t.value) FROM runs, json_each(runs.config, '$.tags') AS t
        WHERE json_extract(runs.config, '$.model.kind') = 'external' AND t.type = 'text'
          AND length(trim(t.value)) BETWEEN 1 AND 64;

    -- What people say about a run, apart from what it is: a note and a star. A row only once
    -- either is set.
    CREATE TABLE run_marks (
        run_id     INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        note       TEXT NOT NULL DEFAULT '',
        starred    INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
        updated_at TEXT NOT NULL
    );

    -- A saved view of a project's runs table: a query (docs/QUERY.md), the columns shown (JSON
    -- list of column keys; empty: all) and the sort.
    CREATE TABLE saved_views (
        id              INTEGER PRIMARY KEY,
        project_id      INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name            TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(name)) > 0),
        query           TEXT NOT NULL DEFAULT '',
        columns         TEXT NOT NULL DEFAULT '[]',
        sort_column     TEXT NOT NULL DEFAULT '',
        sort_descending INTEGER NOT NULL DEFAULT 0 CHECK (sort_descending IN (0, 1)),
        updated_at      TEXT NOT NULL,
        UNIQUE (project_id, name)
    );
    )sql",

    // 12: business-metric values as computed from an evaluation's stored predictions under one
    // framing version, so the Compare page reads three numbers per run instead of its blobs.
    R"sql(
    -- Predictions never change and a framing version never changes, so a value computed once for
    -- (framing version, evaluation, metric) is the value: a new framing version gets new rows.
    -- value NULL with an empty error: the metric was computed and is not a number.
    CREATE TABLE business_values (
        framing_version_id INTEGER NOT NULL REFERENCES framing_versions(id) ON DELETE CASCADE,
        evaluation_id      INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
        metric             TEXT NOT NULL,
        value              REAL,
        selected           INTEGER NOT NULL DEFAULT 0 CHECK (selected >= 0),
        error              TEXT NOT NULL DEFAULT '',  -- why the metric has no value for this evaluation
        notes              TEXT NOT NULL DEFAULT '[]', -- JSON array of the engine's notes
        PRIMARY KEY (framing_version_id, evaluation_id, metric)
    ) WITHOUT ROWID;
    -- Deleting an evaluation (with its run) finds its values without a scan.
    CREATE INDEX business_values_by_evaluation ON business_values(evaluation_id);
    CREATE TRIGGER business_values_are_immutable BEFORE UPDATE ON business_values
    BEGIN SELECT RAISE(ABORT, 'stored business-metric values are never changed'); END;
    )sql",

    // 13: typed prediction columns, and checksums on dataset chunks and prediction columns.
    R"sql(
    -- How a prediction column's blob is laid out (db/ColumnEncoding): the narrowest little-endian
    -- type that holds every value exactly, such as uint8 labels, float32 scores, int64 ids. The
    -- columns stored before this schema are float64, which is what the default says; they stay as
    -- they are (stored predictions are never changed) and are read as before.
    ALTER TABLE prediction_columns ADD COLUMN encoding TEXT NOT NULL DEFAULT 'float64'
        CHECK (encoding IN ('uint8', 'int32', 'int64', 'float32', 'float64'));
    -- zlib's CRC-32 of `data`, verified on every read (db/Checksum): a flipped bit inside a blob
    -- passes SQLite's own checks. NULL for the rows stored before this schema, which are accepted
    -- unchecked: a backfill would rewrite every stored value at the first open.
    ALTER TABLE prediction_columns ADD COLUMN crc32 INTEGER;
    ALTER TABLE dataset_chunks ADD COLUMN crc32 INTEGER;
    )sql",

    // 14: what is polled and counted often, answered without scanning: runs by status, and each
    // metric series' point count.
    R"sql(
    -- The window's queue asks for queued runs every 2 s, and the liveness check for running ones.
    CREATE INDEX runs_by_status ON runs(status);

    -- A series' points, kept by the triggers below in the same transaction as its chunks, so a
    -- live curve reads one row instead of summing every chunk's count.
    ALTER TABLE metric_series ADD COLUMN points INTEGER NOT NULL DEFAULT 0;
    UPDATE metric_series SET points = (SELECT COALESCE(SUM(c.count), 0) FROM metric_chunks c
                                       WHERE c.series_id = metric_series.id);
    CREATE TRIGGER metric_chunks_add_points AFTER INSERT ON metric_chunks
    BEGIN UPDATE metric_series SET points = points + NEW.count WHERE id = NEW.series_id; END;
    CREATE TRIGGER metric_chunks_remove_points AFTER DELETE ON metric_chunks
    BEGIN UPDATE metric_series SET points = points - OLD.count WHERE id = OLD.series_id; END;
    )sql",

    // 15: dataset imports written in short transactions, staged until their last one.
    R"sql(
    -- A dataset version whose import is still writing its chunks (one short transaction per
    -- column, so training workers are never kept out of the store for long). Every reader of
    -- dataset_versions skips a version listed here; the import's last transaction deletes its row,
    -- which is what makes the version visible, whole. A row whose importer died (host and pid name
    -- it) is an abandoned import: the next import, or `workspace vacuum`, deletes its version.
    -- A row of its own rather than a flag on the version, so that versions stay never-updated.
    CREATE TABLE staged_dataset_versions (
        version_id INTEGER PRIMARY KEY REFERENCES dataset_versions(id) ON DELETE CASCADE,
        host       TEXT NOT NULL,
        pid        INTEGER NOT NULL,
        started_at TEXT NOT NULL
    );
    )sql",

    // 16: dataset chunks in the narrowest exact encoding; int64 keeps ids above 2^53 exact.
    R"sql(
    -- How a chunk's values are laid out (db/DatasetChunkEncoding): uint8, int32 or float32 when
    -- they hold every value exactly, decimal32 for few-decimal measurements (m / 10^k), int64 for a
    -- column of whole numbers that a double cannot hold exactly (ids above 2^53), float64 otherwise.
    -- The chunks stored before are float64, as they were written.
    ALTER TABLE dataset_chunks ADD COLUMN encoding TEXT NOT NULL DEFAULT 'float64'
        CHECK (encoding IN ('uint8', 'int32', 'int64', 'float32', 'float64', 'decimal32'));
    )sql",

    // 17: an evaluation's batch-1 latency samples in a table of their own, out of its row.
    R"sql(
    -- The latency's raw timings one item at a time (`batch_1_samples_ms` of the latency JSON an
    -- evaluation is stored with: 1000 numbers, which only the latency histogram draws), as the JSON
    -- text they were stored as. In the evaluation's row they were most of its bytes, and every list
    -- of evaluations (the Compare page reads 10 000) read them and cut them out again. The JSON
    -- text moves as it is, so every number reads back bit for bit. Measured timings never change.
    -- No CHECK (json_valid(...)): a file opened with trusted_schema off refuses JSON functions in
    -- its schema; `workspace check` finds text that is not JSON instead.
    CREATE TABLE evaluation_latency_samples (
        evaluation_id INTEGER PRIMARY KEY REFERENCES evaluations(id) ON DELETE CASCADE,
        batch_1_ms    TEXT NOT NULL
    );
    CREATE TRIGGER evaluation_latency_samples_are_immutable BEFORE UPDATE ON evaluation_latency_samples
    BEGIN SELECT RAISE(ABORT, 'stored latency samples are never changed'); END;
    -- The evaluations stored before: their samples move here. CASE, not AND: json_type must never
    -- see text that is not JSON, which would fail the migration and so refuse the file.
    INSERT INTO evaluation_latency_samples(evaluation_id, batch_1_ms)
        SELECT id, latency -> '$.batch_1_samples_ms' FROM evaluations
        WHERE CASE WHEN json_valid(latency) THEN json_type(latency, '$.batch_1_samples_ms') IS NOT NULL END;
    UPDATE evaluations SET latency = json_remove(latency, '$.batch_1_samples_ms')
        WHERE id IN (SELECT evaluation_id FROM evaluation_latency_samples);
    )sql",
};

} // namespace

int latestSchemaVersion()
{
    return int(std::size(kMigrations));
}

void migrate(Database &db, int fromVersion, int toVersion)
{
    // Workspace::open refuses such files before this; a bad caller must not index outside the list.
    if (fromVersion < 0 || toVersion > latestSchemaVersion())
        throw SqlError(QStringLiteral("no migration from schema %1 to %2").arg(fromVersion).arg(toVersion), 0);
    // One transaction for the whole way: a file that fails at migration N must be left as it was,
    // not at schema N-1 (fuzz_workspaceopen found a schema-8 file with a damaged table that came
    // back from its refusal at schema 9, changed).
    Transaction transaction(db);
    // The caller read `fromVersion` before this transaction took the write lock. Another process
    // opening the same old workspace at the same moment may have migrated it since (a team after
    // an upgrade; the commands and workers of one user): go on from what the file holds now, or
    // the second open fails with "table ... already exists".
    const int current = int(db.queryInt("PRAGMA user_version"));
    if (current > fromVersion)
        fromVersion = current;
    for (int version = fromVersion + 1; version <= toVersion; ++version) {
        db.exec(kMigrations[version - 1]);
        // PRAGMAs take no bound parameters; both values are integers produced here.
        db.exec(QByteArray("PRAGMA application_id = " + QByteArray::number(kWorkspaceApplicationId)).constData());
        db.exec(QByteArray("PRAGMA user_version = " + QByteArray::number(version)).constData());
    }
    transaction.commit();
}

} // namespace mb::db
