// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QList>
#include <QString>

#include <cstdint>

namespace mb::db {

class Database;

// What a deletion removed, for the message the window or command prints.
struct DeletionOutcome {
    QList<std::int64_t> runs;        // the runs deleted (with their series, log, evaluations, artifacts' names)
    std::int64_t evaluations = 0;    // evaluations deleted, those of the deleted runs included
    std::int64_t droppedArtifacts = 0; // stored bytes no run named any more, dropped
};

// The one deliberate path for deleting stored work: runs, evaluations, dataset versions and
// projects. The schema's triggers refuse UPDATEs of history, not DELETEs; the foreign keys refuse
// a delete that would leave a reference dangling, and this class checks those cases first so a
// refusal names what is in the way (a policy, a child run, the runs on a dataset version) instead
// of quoting "FOREIGN KEY constraint failed". Each call is one transaction: all or nothing.
//
// Artifacts are content-addressed and shared between runs (a re-run with the same seed stores the
// same bytes once), so deleting a run drops a blob only when no other run names it: deleting
// never leaves an orphan blob and never takes one another run needs.
//
// A queued or running run is refused: its worker is writing it. Cancel it first.
// Thread contract: the thread that owns the Database.
class Deletion {
public:
    explicit Deletion(Database &db) : m_db(db) {}

    // Refused while another run names it as parent (lineage is kept whole) or a policy weighs it.
    Result<DeletionOutcome> deleteRuns(const QList<std::int64_t> &runIds);
    Result<DeletionOutcome> deleteEvaluation(std::int64_t evaluationId);
    // Refused, naming them, while runs were trained on it or evaluated on it; with `alsoItsRuns`
    // those runs are deleted with it (under deleteRuns' rules), and evaluations of other runs on it.
    Result<DeletionOutcome> deleteDatasetVersion(std::int64_t versionId, bool alsoItsRuns);
    // Everything the project holds: framings, datasets, runs, policies and artifacts only it names.
    Result<DeletionOutcome> deleteProject(std::int64_t projectId);

    // Stored bytes that no run names: 0 after every deletion here. Counted by tests and `workspace check`.
    Result<std::int64_t> unnamedArtifactCount();
    // Drops them (bytes left by a writer killed between storing and naming, or by an older build).
    Result<std::int64_t> dropUnnamedArtifacts();

private:
    Database &m_db; // not owned
};

} // namespace mb::db
