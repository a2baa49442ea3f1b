// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/RunMetrics.h"
#include "core/Result.h"
#include "core/query/Query.h"
#include "core/query/RunFields.h"
#include "db/RunAnnotationRepository.h"
#include "db/RunRepository.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QStringList>

#include <cstdint>

namespace mb::services {

// A run as the query language sees it (core/query, docs/QUERY.md), built one way for the Runs
// table, the Compare table and `runs --where`, so a query keeps the same runs in all three.

// The run's own fields: id, name, status, model kind, tags, note, star, dates, config, the
// summary's numbers (validation/loss, ...), the table's lr, batch and epochs, optimizer as text,
// and the text a bare word is searched in.
query::RunFields runQueryFields(const db::RunRecord &run, const db::RunAnnotations &annotations);
// Adds what judging the run found: its evaluation's metrics (test/roc_auc), latency and the
// business metrics that have a value, by the names RunMetrics::values gives them.
void addJudgedValues(query::RunFields &fields, const RunMetrics &metrics);

// Whether a run summary's entry is a metric: numbers named like series (validation/loss,
// epoch/train_loss), the best epoch and the throughput (samples_per_s); the summary's bookkeeping
// (epochs, steps, the best values' object) is not. One rule for the query's fields and the Runs
// table's metric columns.
bool isSummaryMetric(const QString &key, const QJsonValue &value);

// The run's summary with its validation metrics as the kept model has them: once training has
// ended, the best epoch's values (the `best` object: the checkpoint that was evaluated and stored)
// replace the last epoch's, so runs are compared by the models they hold, not by an epoch after an
// early stop's patience. While a run trains there is no `best` yet and the latest epoch's stand.
// One rule for the query's fields, the Runs table and the run record.
QJsonObject summaryOfKeptModel(const QJsonObject &summary);

// The run statuses a query may name, as the store keys them.
QStringList runStatusKeys();

// The runs among `runs` (judged, with their annotations by run id) that `where` keeps, in order.
// Errors: the query's, as Query::compile words them ("col 5: ...").
Result<QList<RunMetrics>> runsMatching(const QList<RunMetrics> &runs,
                                       const QHash<std::int64_t, db::RunAnnotations> &annotations,
                                       const QString &where);

} // namespace mb::services
