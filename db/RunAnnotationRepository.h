// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <cstdint>

namespace mb::db {

class Database;

// What people add to a run, apart from what the run is: tags, a note and a star (schema 11).
struct RunAnnotations {
    QStringList tags; // sorted ignoring case
    QString note;
    bool starred = false;

    bool operator==(const RunAnnotations &other) const
    {
        return starred == other.starred && note == other.note && tags == other.tags;
    }
    bool operator!=(const RunAnnotations &other) const { return !(*this == other); }
};

// Tags, notes and stars of runs. An external run's tags from `log start --tags` live here too
// (services::startExternalRun adds them), so `tag = x` finds every run alike. Bad tags (core/RunTags)
// and unknown runs are refused naming them, and nothing is stored.
// Thread contract: the thread that owns the Database.
class RunAnnotationRepository {
public:
    explicit RunAnnotationRepository(Database &db) : m_db(db) {}

    Result<RunAnnotations> annotations(std::int64_t runId);
    // Every annotated run of the project, by run id; runs with nothing added are absent.
    Result<QHash<std::int64_t, RunAnnotations>> annotationsOfProject(std::int64_t projectId);

    // Adds the tags the run lacks (a tag it has in another case is kept as it was); returns its tags.
    Result<QStringList> addTags(std::int64_t runId, const QStringList &tags);
    // Removes the tags, ignoring case; one the run does not have is refused, naming its tags.
    Result<QStringList> removeTags(std::int64_t runId, const QStringList &tags);
    // Makes the run's tags exactly `tags` (the window's tag line).
    Result<QStringList> setTags(std::int64_t runId, const QStringList &tags);
    Status setNote(std::int64_t runId, const QString &note);
    Status setStarred(std::int64_t runId, bool starred);

private:
    Status checkRun(std::int64_t runId);

    Database &m_db; // not owned
};

} // namespace mb::db
