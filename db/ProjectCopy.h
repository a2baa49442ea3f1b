// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

namespace mb::db {

class Database;

// What a copy brought over, and what the destination already had.
struct ProjectCopyOutcome {
    QString project;            // its name in the destination
    bool projectCreated = false;
    std::int64_t destinationProjectId = 0;
    int runsCopied = 0, runsAlreadyThere = 0;
    int datasetVersionsCopied = 0, datasetVersionsAlreadyThere = 0;
    int framingVersionsCopied = 0;
    int evaluationsCopied = 0;
    int artifactsCopied = 0; // new blobs; the others were stored already (same SHA-256)
    int policiesCopied = 0;
    QStringList notes;       // what was left behind and why (a parent run not chosen, ...)
};

// Copies one project of another workspace file into `destination`, merging with what is there and
// never storing anything twice. The other file is ATTACHed to the destination's connection and
// read inside the destination's write transaction (one consistent snapshot of it, all or nothing
// here). Ids are remapped; things are matched by what identifies them, not by their ids:
//   project          by name (case-insensitive, as the schema's UNIQUE);
//   framing          by project and name; framing version by its content's SHA-256 (a version
//                    not there is appended as the framing's next version);
//   dataset version  by the SHA-256 of its bytes and import options (the schema's identity);
//   split            by dataset version and the SHA-256 of its spec;
//   run              by config SHA-256, seed, host and the millisecond it was queued: a run's
//                    identity, since runs carry no UUID and two runs queued on one host in the
//                    same millisecond with the same config and seed are the same run copied before;
//   artifact         by its SHA-256 (content-addressed, so shared bytes are stored once);
//   policy           by name and settings (runs, alpha, beta, normalisation, k); a new setting
//                    under an existing name is appended as its next version.
// A new run brings its metric series, log, artifacts, evaluations with their predictions and its
// operating points; a run already there brings nothing. Runs still queued or running are not
// copied (their workers are writing them); naming one in `runIds` is refused.
// `runIds`: the runs to copy, or all the project's finished ones when empty. Their dataset
// versions, splits and framing versions come with them; so do the project's policies whose two
// runs both arrive. A chosen run's parent comes only if chosen too; otherwise the copy has no
// parent (said in notes).
// Thread contract: the thread that owns `destination`; `destination` must not be in a transaction.
Result<ProjectCopyOutcome> copyProject(Database &destination, const QString &sourcePath, std::int64_t sourceProjectId,
                                       const QList<std::int64_t> &runIds = {});

// The projects of another workspace file (id, name), for an import that copies them all.
Result<QList<std::pair<std::int64_t, QString>>> projectsOfFile(Database &destination, const QString &sourcePath);

} // namespace mb::db
