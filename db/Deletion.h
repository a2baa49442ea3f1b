// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <cstdint>

namespace mb::db {

class Database;

// What a deletion removed, for the message the window or command prints.
struct DeletionOutcome {
    QList<std::int64_t> runs;          // the runs deleted (with their series, log, evaluations, artifacts' names)
    std::int64_t evaluations = 0;      // evaluations deleted, those of the deleted runs included
    std::int64_t droppedArtifacts = 0; // stored bytes no run named any more, dropped
    // The size of every row removed (blobs included), about what a vacuum gives back; 0 unless recorded.
    std::int64_t bytes = 0;
    // The changes that bring everything back as it was, ids included (undo()); DeletionMode::Undoable only.
    QByteArray undo;
};

// A deletion happens, happens with what undoes it kept, or is only tried. A preview runs every check
// and every DELETE in a transaction it then rolls back, so the window's question can name exact
// counts and bytes, and a refusal, before anything is gone. Recording (Undoable, Preview) holds every
// removed row in memory until the call returns, so the command line, which offers no undo, does not.
enum class DeletionMode { Delete, Undoable, Preview };

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
//
// Undo: with DeletionMode::Undoable every row a deletion removes (cascades included) is recorded
// (db/ChangeRecorder) and the outcome carries the changes that put them back, so the window can offer Undo after the
// deletion has committed. The deletion itself is final the moment it commits: a crash afterwards loses only the chance
// to undo, never data the user did not confirm, and there is no pending state on disk, hence no orphan blob to clean
// up. Undo refuses as a whole when something stored since took a deleted row's id. Thread contract: the thread that
// owns the Database.
class Deletion {
public:
    explicit Deletion(Database &db, DeletionMode mode = DeletionMode::Delete) : m_db(db), m_mode(mode) {}

    // Refused while another run names it as parent (lineage is kept whole) or a policy weighs it.
    Result<DeletionOutcome> deleteRuns(const QList<std::int64_t> &runIds);
    Result<DeletionOutcome> deleteEvaluation(std::int64_t evaluationId);
    // Refused, naming them, while runs were trained on it or evaluated on it; with `alsoItsRuns`
    // those runs are deleted with it (under deleteRuns' rules), and evaluations of other runs on it.
    Result<DeletionOutcome> deleteDatasetVersion(std::int64_t versionId, bool alsoItsRuns);
    // Everything the project holds: framings, datasets, runs, policies and artifacts only it names.
    Result<DeletionOutcome> deleteProject(std::int64_t projectId);

    // Puts back what a deletion removed, from its outcome's `undo`: everything or nothing.
    Status undo(const QByteArray &undo);

    // Stored bytes that no run names: 0 after every deletion here. Counted by tests and `workspace check`.
    Result<std::int64_t> unnamedArtifactCount();
    // Drops them (bytes left by a writer killed between storing and naming, or by an older build).
    Result<std::int64_t> dropUnnamedArtifacts();

private:
    // Runs `remove` in one transaction with its rows recorded; commits unless this is a preview.
    template<typename Remove>
    Result<DeletionOutcome> inTransaction(Remove &&remove);

    Database &m_db; // not owned
    DeletionMode m_mode = DeletionMode::Delete;
};

} // namespace mb::db
