// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which way a metric is better: the one rule the Runs, Compare and Run-evaluation views, the
// trainer's monitor and the command line share, so a metric is never a win on one page and a loss
// on another. Thread contract: pure functions, reentrant.

#include "core/Framing.h"

#include <QString>

namespace mb::evaluation {

// An ML metric, a training series or a latency, by its name's last part ("test/engagement/rmse",
// "validation/loss", "latency_p99_ms"): losses and errors (loss, log_loss, hamming_loss, rmse,
// mse, mae, max_error, ...) and latencies are minimised; everything else (accuracy, roc_auc, f1,
// r2, ndcg, samples_per_s, ...) is maximised. scikit-learn's negated scorers ("neg_log_loss") are
// maximised, as scikit-learn means them.
Direction metricDirection(const QString &metric);

// The same, except that a business metric of `framing` keeps the direction the framing declares.
Direction metricDirection(const QString &metric, const Framing &framing);

} // namespace mb::evaluation
