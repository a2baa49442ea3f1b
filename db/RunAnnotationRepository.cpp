// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/RunAnnotationRepository.h"

#include "core/RunTags.h"
#include "db/Database.h"
#include "db/Guard.h"
#include "db/Timestamp.h"

#include <functional>

namespace mb::db {
namespace {

QStringList tagsOf(Database &db, std::int64_t runId)
{
    QStringList tags;
    Statement query = db.prepare("SELECT tag FROM run_tags WHERE run_id = ?1 ORDER BY tag COLLATE NOCASE");
    query.bind(1, runId);
    while (query.step())
        tags << query.columnText(0);
    return tags;
}

Status checkTags(const QStringList &tags)
{
    for (const QString &tag : tags)
        if (const QString problem = tagProblem(tag); !problem.isEmpty())
            return Error{problem};
    return success();
}

// Creates the run's marks row when it has none, so note and star are each one UPDATE.
void ensureMarks(Database &db, std::int64_t runId)
{
    db.prepare("INSERT OR IGNORE INTO run_marks(run_id, updated_at) VALUES (?1, ?2)")
        .bind(1, runId)
        .bind(2, utcTimestamp())
        .run();
}

// Adding and replacing differ only in whether the run's tags are cleared first; both check the
// tags and the run the same way, insert ignoring a tag already there, and return the result.
enum class TagWrite { Add, Replace };

Result<QStringList> writeTags(Database &db, std::int64_t runId, const QStringList &tags, TagWrite how,
                              const std::function<Status(std::int64_t)> &checkRun)
{
    if (Status checked = checkTags(tags); !checked)
        return Error{checked.error()};
    if (Status run = checkRun(runId); !run)
        return Error{run.error()};
    return guarded(QStringLiteral("cannot tag run %1").arg(runId), [&] {
        Transaction transaction(db);
        if (how == TagWrite::Replace)
            db.prepare("DELETE FROM run_tags WHERE run_id = ?1").bind(1, runId).run();
        Statement insert = db.prepare("INSERT OR IGNORE INTO run_tags(run_id, tag) VALUES (?1, ?2)");
        for (const QString &tag : tags) {
            insert.reset();
            insert.bind(1, runId).bind(2, tag).run();
        }
        const QStringList result = tagsOf(db, runId);
        transaction.commit();
        return result;
    });
}

} // namespace

Status RunAnnotationRepository::checkRun(std::int64_t runId)
{
    Result<bool> exists = guarded(QStringLiteral("cannot read run %1").arg(runId), [&] {
        Statement query = m_db.prepare("SELECT 1 FROM runs WHERE id = ?1");
        query.bind(1, runId);
        return query.step();
    });
    if (!exists)
        return Error{exists.error()};
    if (!*exists)
        return Error{QStringLiteral("run %1 does not exist").arg(runId)};
    return success();
}

Result<RunAnnotations> RunAnnotationRepository::annotations(std::int64_t runId)
{
    if (Status run = checkRun(runId); !run)
        return Error{run.error()};
    return guarded(QStringLiteral("cannot read run %1's tags").arg(runId), [&] {
        RunAnnotations result;
        result.tags = tagsOf(m_db, runId);
        Statement marks = m_db.prepare("SELECT note, starred FROM run_marks WHERE run_id = ?1");
        marks.bind(1, runId);
        if (marks.step()) {
            result.note = marks.columnText(0);
            result.starred = marks.columnInt(1) != 0;
        }
        return result;
    });
}

Result<QHash<std::int64_t, RunAnnotations>> RunAnnotationRepository::annotationsOfProject(std::int64_t projectId)
{
    return guarded(QStringLiteral("cannot read the runs' tags"), [&] {
        QHash<std::int64_t, RunAnnotations> result;
        Statement tags = m_db.prepare("SELECT t.run_id, t.tag FROM run_tags t JOIN runs r ON r.id = t.run_id "
                                      "WHERE r.project_id = ?1 ORDER BY t.run_id, t.tag COLLATE NOCASE");
        tags.bind(1, projectId);
        while (tags.step())
            result[tags.columnInt(0)].tags << tags.columnText(1);
        Statement marks = m_db.prepare("SELECT m.run_id, m.note, m.starred FROM run_marks m JOIN runs r ON "
                                       "r.id = m.run_id WHERE r.project_id = ?1");
        marks.bind(1, projectId);
        while (marks.step()) {
            RunAnnotations &a = result[marks.columnInt(0)];
            a.note = marks.columnText(1);
            a.starred = marks.columnInt(2) != 0;
        }
        return result;
    });
}

Result<QStringList> RunAnnotationRepository::addTags(std::int64_t runId, const QStringList &tags)
{
    return writeTags(m_db, runId, tags, TagWrite::Add, [this](std::int64_t id) { return checkRun(id); });
}

Result<QStringList> RunAnnotationRepository::removeTags(std::int64_t runId, const QStringList &tags)
{
    if (Status run = checkRun(runId); !run)
        return Error{run.error()};
    Result<QStringList> current =
        guarded(QStringLiteral("cannot read run %1's tags").arg(runId), [&] { return tagsOf(m_db, runId); });
    if (!current)
        return current;
    for (const QString &tag : tags)
        if (!current->contains(tag, Qt::CaseInsensitive))
            return Error{
                QStringLiteral("run %1 has no tag '%2' (its tags: %3)")
                    .arg(runId)
                    .arg(tag, current->isEmpty() ? QStringLiteral("none") : current->join(QStringLiteral(", ")))};
    return guarded(QStringLiteral("cannot untag run %1").arg(runId), [&] {
        Transaction transaction(m_db);
        for (const QString &tag : tags)
            m_db.prepare("DELETE FROM run_tags WHERE run_id = ?1 AND tag = ?2").bind(1, runId).bind(2, tag).run();
        const QStringList result = tagsOf(m_db, runId);
        transaction.commit();
        return result;
    });
}

Result<QStringList> RunAnnotationRepository::setTags(std::int64_t runId, const QStringList &tags)
{
    return writeTags(m_db, runId, tags, TagWrite::Replace, [this](std::int64_t id) { return checkRun(id); });
}

Status RunAnnotationRepository::setNote(std::int64_t runId, const QString &note)
{
    if (Status run = checkRun(runId); !run)
        return run;
    return guarded(QStringLiteral("cannot save run %1's note").arg(runId), [&] {
        Transaction transaction(m_db);
        ensureMarks(m_db, runId);
        m_db.prepare("UPDATE run_marks SET note = ?2, updated_at = ?3 WHERE run_id = ?1")
            .bind(1, runId)
            .bind(2, note)
            .bind(3, utcTimestamp())
            .run();
        transaction.commit();
        return Done{};
    });
}

Status RunAnnotationRepository::setStarred(std::int64_t runId, bool starred)
{
    if (Status run = checkRun(runId); !run)
        return run;
    return guarded(QStringLiteral("cannot star run %1").arg(runId), [&] {
        Transaction transaction(m_db);
        ensureMarks(m_db, runId);
        m_db.prepare("UPDATE run_marks SET starred = ?2, updated_at = ?3 WHERE run_id = ?1")
            .bind(1, runId)
            .bind(2, starred ? 1 : 0)
            .bind(3, utcTimestamp())
            .run();
        transaction.commit();
        return Done{};
    });
}

} // namespace mb::db
