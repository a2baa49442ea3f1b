// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "RunData.h"

#include <Result.h>
#include <Trainer.h>

#include <QJsonObject>

namespace mb::db {
class Database;
}

namespace mb::worker {

// The end of a run: its best checkpoint, loaded back as any later use would load it, predicts
// the held-out test rows (the validation rows when the split has no test rows). The per-item
// predictions, with the item ids and value columns that business metrics read, are stored as an
// evaluation together with the test metrics and the inference latency. Returns what the run's
// summary should add (test metrics, latency percentiles); an empty object when there was nothing
// to evaluate (no completed epoch, no held-out rows).
Result<QJsonObject> evaluateRun(db::Database &db, std::int64_t runId, const TrainingConfig &config, const RunData &data,
                                const training::TrainingOutcome &outcome);

} // namespace mb::worker
