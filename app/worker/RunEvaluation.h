// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/worker/RunData.h"
#include "core/Result.h"
#include "core/data/Split.h"
#include "core/training/Checkpoint.h"
#include "core/training/Trainer.h"
#include "core/training/TrainingData.h"
#include "db/EvaluationRepository.h"

#include <QJsonObject>

#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace mb::db {
class Database;
}

namespace mb::worker {

// Makes a store write: calls `write` once, or again while the store is busy (a training run's
// RunTracker::untilStored), and returns how the last call went.
using StoreAttempts = std::function<Status(const std::function<Status()> &write)>;
// One call, whatever it returns: for commands that report a busy store rather than wait it out.
Status storeOnce(const std::function<Status()> &write);
// Whether `result` succeeded, its value dropped: its error and whether that is transient (a busy
// store) kept, so a StoreAttempts tries it again.
template<typename T>
Status toStatus(const Result<T> &result)
{
    if (result)
        return success();
    return Error{result.error(), result.errorIsTransient()};
}

// The end of a run: its best checkpoint, loaded back as any later use would load it, predicts
// the held-out test rows (the validation rows when the split has no test rows). The per-item
// predictions, with the item ids and value columns that business metrics read, are stored as an
// evaluation together with the test metrics and the inference latency. Returns what the run's
// summary should add (test metrics, latency percentiles); an empty object when there was nothing
// to evaluate (no completed epoch, no held-out rows).
Result<QJsonObject> evaluateRun(db::Database &db, std::int64_t runId, const TrainingConfig &config, const RunData &data,
                                const training::TrainingOutcome &outcome, const StoreAttempts &attempts);

// What one evaluation predicts: a loaded model, the items (one part of `tensors`, whose targets
// are in the model's own scaling) and the per-row item columns (RunData).
struct EvaluationInput {
    std::int64_t runId = 0;
    std::int64_t datasetVersionId = 0;
    std::optional<std::int64_t> splitId;
    QString part; // test, validation or all: the prefix of the metric names
    bool multilabel = false;
    qint64 modelBytes = 0;
    const training::TrainingTensors *tensors = nullptr;
    data::SplitPart rows = data::SplitPart::Test; // the part of `tensors` that holds the items
    const std::vector<std::pair<QString, std::vector<double>>> *itemColumns = nullptr;
    const std::vector<std::int64_t> *exactIds = nullptr; // RunData::exactIds
    bool measureLatency = true; // the validation predictions stored for choosing need none
};

// Predicts, measures (ML metrics, latency) and stores one evaluation of `model`, in one
// transaction made through `attempts` (predicted once, however often the write is tried).
Result<db::EvaluationRecord> storeEvaluation(db::Database &db, training::LoadedModel &model,
                                             const EvaluationInput &input, const StoreAttempts &attempts);

} // namespace mb::worker
