// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/data/Dataset.h"
#include "core/data/FeatureEncoder.h"
#include "db/DatasetRepository.h"
#include "db/EvaluationRepository.h"
#include "db/RunRepository.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

namespace mb::db {
class Database;
}

namespace mb::services {

// Which dataset versions of its project a run's stored model can be evaluated on (what the
// worker's `evaluate --dataset-version` does), and in a sentence why not the others: the window
// offers the first and explains the second before anything is started. Reads schemas and
// evaluation records only, never column data, so it is cheap enough for the GUI thread (one
// query per version list, split list and artifact).
// Thread contract: the thread that owns the Database.

struct EvaluableVersion {
    db::DatasetVersionInfo version;
    // Empty when the version can be evaluated on; else why not ("it has no column 'x', a feature
    // of the model", "the run was trained on it", "evaluated already: evaluation 7").
    QString notEvaluable;
    // The run's stored evaluation on it, if any (then evaluating again would only find it).
    std::optional<std::int64_t> evaluationId;
};

struct EvaluableVersions {
    // Empty when the run's model can be evaluated at all; else why not (no stored model, ...),
    // and then every version says so too.
    QString runProblem;
    QList<EvaluableVersion> versions; // newest first
};

// Why a dataset version with columns `schema` cannot be fed to a model whose feature encoding is
// `encoding` and whose targets are `targets`: a column the model reads is missing or has another
// type, or a target is missing. Empty when it fits. The worker's own check (app/worker/RunData)
// refuses the same versions with the same words.
QString modelInputMisfit(const data::FeatureEncoding &encoding, const QStringList &targets,
                         const std::vector<data::ColumnSchema> &schema);

// The project's versions for run `run` (whose evaluations are `evaluationsNewestFirst`), each with
// why it cannot be evaluated on. Errors: the store's.
Result<EvaluableVersions> evaluableVersions(db::Database &db, const db::RunRecord &run,
                                            const QList<db::EvaluationRecord> &evaluationsNewestFirst);

} // namespace mb::services
