// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/Deletion.h"

#include "db/ChangeRecorder.h"
#include "db/Database.h"
#include "db/DatasetRepository.h"
#include "db/Guard.h"

#include <QSet>
#include <QStringList>

#include <algorithm>

namespace mb::db {
namespace {

// A refusal raised inside a transaction: rolls it back and reaches the caller as its message.
[[noreturn]] void refuse(const QString &why)
{
    throw SqlError(why, 0);
}

QString idList(QList<std::int64_t> ids)
{
    std::sort(ids.begin(), ids.end());
    QStringList text;
    for (const std::int64_t id : ids)
        text << QString::number(id);
    return text.join(QStringLiteral(", "));
}

QList<std::int64_t> ids(Database &db, const char *sql, std::int64_t key)
{
    Statement query = db.prepare(sql);
    query.bind(1, key);
    QList<std::int64_t> found;
    while (query.step())
        found << query.columnInt(0);
    return found;
}

// The artifacts `runs` name, before they are deleted: the candidates to drop afterwards.
QSet<QString> artifactsNamedBy(Database &db, const QList<std::int64_t> &runs)
{
    QSet<QString> shas;
    Statement query = db.prepare("SELECT sha256 FROM run_artifacts WHERE run_id = ?1");
    for (const std::int64_t run : runs) {
        query.reset();
        query.bind(1, run);
        while (query.step())
            shas.insert(query.columnText(0));
    }
    return shas;
}

std::int64_t dropIfUnnamed(Database &db, const QSet<QString> &candidates)
{
    std::int64_t dropped = 0;
    Statement drop = db.prepare(
        "DELETE FROM artifacts WHERE sha256 = ?1 AND NOT EXISTS (SELECT 1 FROM run_artifacts WHERE sha256 = ?1)");
    for (const QString &sha : candidates) {
        drop.reset();
        drop.bind(1, sha);
        drop.run();
        dropped += db.changes();
    }
    return dropped;
}

// Checks every rule deleteRuns states for the whole set at once, so a set that is fine together
// (a parent and its only child) is not refused for a reference inside the set.
void checkRunsMayGo(Database &db, const QList<std::int64_t> &runs)
{
    const QSet<std::int64_t> doomed(runs.cbegin(), runs.cend());
    for (const std::int64_t run : runs) {
        Statement status = db.prepare("SELECT status FROM runs WHERE id = ?1");
        status.bind(1, run);
        if (!status.step())
            refuse(QStringLiteral("there is no run %1").arg(run));
        const QString state = status.columnText(0);
        if (state == QLatin1String("queued") || state == QLatin1String("running"))
            refuse(QStringLiteral("run %1 is %2; cancel it before deleting it").arg(run).arg(state));
        QList<std::int64_t> children;
        for (const std::int64_t child : ids(db, "SELECT id FROM runs WHERE parent_run_id = ?1", run))
            if (!doomed.contains(child))
                children << child;
        if (!children.isEmpty())
            refuse(QStringLiteral("run %1 is the parent of run(s) %2; delete or archive those first, or archive "
                                  "this one")
                       .arg(run)
                       .arg(idList(children)));
        Statement policies =
            db.prepare("SELECT name, version FROM policies WHERE run_a = ?1 OR run_b = ?1 ORDER BY name, version");
        policies.bind(1, run);
        QStringList names;
        while (policies.step())
            names << QStringLiteral("'%1' v%2").arg(policies.columnText(0)).arg(policies.columnInt(1));
        if (!names.isEmpty())
            refuse(QStringLiteral("run %1 is weighed by policy %2; a policy's history is kept, so archive the "
                                  "run instead")
                       .arg(run)
                       .arg(names.join(QStringLiteral(", "))));
    }
}

std::int64_t evaluationsOfRuns(Database &db, const QList<std::int64_t> &runs)
{
    std::int64_t count = 0;
    for (const std::int64_t run : runs)
        count += ids(db, "SELECT id FROM evaluations WHERE run_id = ?1", run).size();
    return count;
}

// Inside the caller's transaction, after checkRunsMayGo.
DeletionOutcome removeRuns(Database &db, const QList<std::int64_t> &runs)
{
    DeletionOutcome outcome;
    outcome.runs = runs;
    outcome.evaluations = evaluationsOfRuns(db, runs);
    const QSet<QString> candidates = artifactsNamedBy(db, runs);
    // Children inside the set reference their parent: defer the check to commit, when both are gone.
    db.exec("PRAGMA defer_foreign_keys = ON");
    Statement remove = db.prepare("DELETE FROM runs WHERE id = ?1");
    for (const std::int64_t run : runs) {
        remove.reset();
        remove.bind(1, run);
        remove.run();
    }
    outcome.droppedArtifacts = dropIfUnnamed(db, candidates);
    return outcome;
}

} // namespace

template<typename Remove>
Result<DeletionOutcome> Deletion::inTransaction(Remove &&remove)
{
    return guarded(QStringLiteral("nothing was deleted"), [&] {
        Transaction transaction(m_db);
        DeletionOutcome outcome;
        if (m_mode == DeletionMode::Delete) {
            outcome = remove();
        } else {
            const ChangeRecorder recorder(m_db);
            outcome = remove();
            const QByteArray changes = recorder.changeset();
            outcome.bytes = changes.size();
            if (m_mode == DeletionMode::Preview)
                return outcome; // the transaction rolls back: nothing was deleted
            outcome.undo = ChangeRecorder::inverted(changes);
        }
        transaction.commit();
        return outcome;
    });
}

Result<DeletionOutcome> Deletion::deleteRuns(const QList<std::int64_t> &runIds)
{
    return inTransaction([&] {
        checkRunsMayGo(m_db, runIds);
        DeletionOutcome outcome = removeRuns(m_db, runIds);
        return outcome;
    });
}

Result<DeletionOutcome> Deletion::deleteEvaluation(std::int64_t evaluationId)
{
    return inTransaction([&] {
        m_db.prepare("DELETE FROM evaluations WHERE id = ?1").bind(1, evaluationId).run();
        if (m_db.changes() == 0)
            refuse(QStringLiteral("there is no evaluation %1").arg(evaluationId));
        DeletionOutcome outcome;
        outcome.evaluations = 1;
        return outcome;
    });
}

Result<DeletionOutcome> Deletion::deleteDatasetVersion(std::int64_t versionId, bool alsoItsRuns)
{
    return inTransaction([&] {
        // A staged version (an import still writing) is not there yet; its import owns it.
        const QByteArray whole = "SELECT id FROM dataset_versions WHERE id = ?1 AND " + wholeVersionCondition("id");
        if (ids(m_db, whole.constData(), versionId).isEmpty())
            refuse(QStringLiteral("there is no dataset version %1").arg(versionId));
        const QList<std::int64_t> trained =
            ids(m_db, "SELECT id FROM runs WHERE dataset_version_id = ?1 ORDER BY id", versionId);
        const QList<std::int64_t> evaluatedOn = ids(
            m_db, "SELECT DISTINCT run_id FROM evaluations WHERE dataset_version_id = ?1 ORDER BY run_id", versionId);
        if (!alsoItsRuns && !trained.isEmpty())
            refuse(QStringLiteral("dataset version %1 is used by run(s) %2; delete those runs first, or pass --force "
                                  "to delete them with it")
                       .arg(versionId)
                       .arg(idList(trained)));
        if (!alsoItsRuns && !evaluatedOn.isEmpty())
            refuse(QStringLiteral("run(s) %2 were evaluated on dataset version %1; delete those evaluations first, or "
                                  "pass --force to delete them with it")
                       .arg(versionId)
                       .arg(idList(evaluatedOn)));
        checkRunsMayGo(m_db, trained);
        DeletionOutcome outcome = removeRuns(m_db, trained);
        // Other runs' evaluations on this version (a decay check): the runs stay, those evaluations go.
        outcome.evaluations += ids(m_db, "SELECT id FROM evaluations WHERE dataset_version_id = ?1", versionId).size();
        m_db.prepare("DELETE FROM evaluations WHERE dataset_version_id = ?1").bind(1, versionId).run();
        m_db.prepare("DELETE FROM dataset_versions WHERE id = ?1").bind(1, versionId).run();
        return outcome;
    });
}

Result<DeletionOutcome> Deletion::deleteProject(std::int64_t projectId)
{
    return inTransaction([&] {
        if (ids(m_db, "SELECT id FROM projects WHERE id = ?1", projectId).isEmpty())
            refuse(QStringLiteral("there is no project %1").arg(projectId));
        const QList<std::int64_t> busy =
            ids(m_db, "SELECT id FROM runs WHERE project_id = ?1 AND status IN ('queued', 'running') ORDER BY id",
                projectId);
        if (!busy.isEmpty())
            refuse(
                QStringLiteral("run(s) %1 of the project are queued or running; cancel them first").arg(idList(busy)));
        const QList<std::int64_t> runs = ids(m_db, "SELECT id FROM runs WHERE project_id = ?1", projectId);
        DeletionOutcome outcome;
        outcome.runs = runs;
        outcome.evaluations = evaluationsOfRuns(m_db, runs);
        const QSet<QString> candidates = artifactsNamedBy(m_db, runs);
        // The cascade takes framings, datasets, runs (and what hangs off them) and policies; runs
        // reference framing versions and datasets the same statement deletes, so check at commit.
        m_db.exec("PRAGMA defer_foreign_keys = ON");
        m_db.prepare("DELETE FROM projects WHERE id = ?1").bind(1, projectId).run();
        outcome.droppedArtifacts = dropIfUnnamed(m_db, candidates);
        return outcome;
    });
}

Status Deletion::undo(const QByteArray &undo)
{
    if (undo.isEmpty())
        return Error{QStringLiteral("nothing to bring back")};
    // metric_series.points is kept by a trigger on metric_chunks (schema 14): a series comes back
    // with the count it had, then the trigger adds its chunks again as they come back. Recount
    // the series whose count no longer matches their chunks: only those that came back.
    return applyChangeset(m_db, undo, [this] {
        m_db.exec("UPDATE metric_series SET points = (SELECT COALESCE(SUM(c.count), 0) FROM metric_chunks c "
                  "WHERE c.series_id = metric_series.id) WHERE points != (SELECT COALESCE(SUM(c.count), 0) "
                  "FROM metric_chunks c WHERE c.series_id = metric_series.id)");
    });
}

Result<std::int64_t> Deletion::unnamedArtifactCount()
{
    return guarded(QStringLiteral("cannot count artifacts"), [&] {
        return m_db.queryInt("SELECT count(*) FROM artifacts a WHERE NOT EXISTS "
                             "(SELECT 1 FROM run_artifacts ra WHERE ra.sha256 = a.sha256)");
    });
}

Result<std::int64_t> Deletion::dropUnnamedArtifacts()
{
    return guarded(QStringLiteral("cannot drop unnamed artifacts"), [&] {
        Transaction transaction(m_db);
        m_db.exec("DELETE FROM artifacts WHERE NOT EXISTS "
                  "(SELECT 1 FROM run_artifacts ra WHERE ra.sha256 = artifacts.sha256)");
        const std::int64_t dropped = m_db.changes();
        transaction.commit();
        return dropped;
    });
}

} // namespace mb::db
