// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/ExternalRun.h"
#include "core/Result.h"
#include "core/data/Dataset.h"
#include "core/evaluation/PredictionMetrics.h"
#include "db/ArtifactStore.h"
#include "db/RunRepository.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

namespace mb::db {
class Database;
}

namespace mb::services {

// External runs (core/ExternalRun.h): started, given artifacts and finished by `metricbridge log`
// (docs/EXTERNAL-RUNS.md); their metric series (MetricLog) and predictions (PredictionLog) have
// their own services. Thread contract: the thread that owns the Database.

struct ExternalRunStart {
    QString name;
    std::int64_t datasetVersion = 0;
    std::int64_t split = 0;
    QStringList targets;
    std::optional<TaskType> task; // absent: externalTask decides
    QString tool;
    QString toolVersion;
    QJsonObject params;
    QStringList tags;
};

// Stores a running external run in `projectId` after the checks a built-in run gets
// (checkRunAgainstData: the version is the project's, the split the version's, each target a
// target column) and that its targets fit its task (externalTargets). Tied to the project's
// current framing version, like any run.
Result<db::RunRecord> startExternalRun(db::Database &db, std::int64_t projectId, const ExternalRunStart &start);

// The task of a run predicting `targets` when none is given: the framing's when the run predicts
// exactly the framing's targets, else read from the data: one target with labels 0 and 1 is
// binary, a categorical one with more classes multiclass, any other numeric one regression; several
// targets are multilabel.
TaskType externalTask(const data::Dataset &dataset, const QStringList &targets, const Framing *framing);

// How each target's predictions are read and evaluated under `task`: binary (labels 0 and 1),
// multiclass (classes 0..k-1: the column's categories, or whole numbers), regression. Refuses, naming
// the row, labels that do not fit: the metrics would be computed against the wrong classes.
Result<std::vector<evaluation::PredictedTarget>> externalTargets(const data::Dataset &dataset, TaskType task,
                                                                 const QStringList &targets);

// The run `runId` if it takes logs: an external run that has not finished. Refusals say why.
Result<db::RunRecord> runTakingLogs(db::Database &db, std::int64_t runId);

// Ends an external run: finished, or failed with `reason`.
Status finishExternalRun(db::Database &db, std::int64_t runId, db::RunStatus status, const QString &reason = {});

// Stores the file's bytes (content-addressed) as the run's artifact `name` (default: the file's
// name), with the file name and size as its description.
Result<db::RunArtifact> logExternalArtifact(db::Database &db, std::int64_t runId, const QString &path,
                                            const QString &name = {});

} // namespace mb::services
