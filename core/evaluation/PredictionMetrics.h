// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The ML metrics of a model's stored per-item predictions (the columns a run's evaluation stores:
// label:<t>, score:<t>, predicted:<t>, prob:<t>:<k>), computed with this folder's
// scikit-learn-exact functions. Used at the end of every run and whenever predictions are
// evaluated again, so the numbers never depend on where they were computed.
// Thread contract: pure functions, reentrant.

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <utility>
#include <vector>

namespace mb::evaluation {

enum class TargetKind { Binary, Multiclass, Regression };

struct PredictedTarget {
    QString name;
    TargetKind kind = TargetKind::Binary;
    int classes = 2; // multiclass: prob:<t>:0 .. prob:<t>:<classes-1>
};

using NamedColumn = std::pair<QString, std::vector<double>>;

struct NamedMetrics {
    QList<QPair<QString, double>> values; // "<prefix>/<metric>", or "<prefix>/<target>/<metric>" for several targets
    QStringList notes;                    // metrics left out and why, e.g. an AUC with one class present
};

// Per target:
//   binary      accuracy, precision, recall, f1 (of the positive class), roc_auc,
//               average_precision, log_loss
//   multiclass  accuracy, precision_macro, recall_macro, f1_macro, f1_weighted,
//               roc_auc_ovr_macro, log_loss
//   regression  rmse, mae, r2
// and with several binary targets (multilabel): subset_accuracy and hamming_loss over all of them.
NamedMetrics predictionMetrics(const std::vector<NamedColumn> &columns, const std::vector<PredictedTarget> &targets,
                               const QString &prefix, bool multilabel = false);

} // namespace mb::evaluation
