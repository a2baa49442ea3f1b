// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/TrainingConfig.h"
#include "core/data/Split.h"
#include "core/training/Checkpoint.h"
#include "core/training/TrainingData.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include <cstdint>

namespace mb::training {

struct StepReport {
    std::int64_t step = 0; // counted from 1 over the whole run
    int epoch = 0;         // from 1
    double loss = 0;       // the combined training loss of this batch; NaN or inf when it diverged
    double learningRate = 0;
    double samplesPerSecond = 0;
    double wallSeconds = 0; // since training started
    double runFraction = 0; // of all planned steps, for progress
};

struct EpochReport {
    int epoch = 0;
    int epochs = 0;
    QList<QPair<QString, double>> metrics; // in a stable order: epoch/train_loss, validation/...
    bool best = false;                     // the monitored metric improved
};

// Sees training as it goes. Called on the training thread, between steps, so it must be quick;
// returning false from step() stops training at once (a cancel).
class TrainingObserver {
public:
    virtual ~TrainingObserver() = default;
    virtual bool step(const StepReport &report) = 0;
    virtual void epoch(const EpochReport &report) = 0;
    virtual void log(const QString &line) = 0;
};

enum class TrainingEnd { Finished, EarlyStopped, Cancelled, Diverged };

struct TrainingOutcome {
    TrainingEnd end = TrainingEnd::Finished;
    int epochsDone = 0;
    int bestEpoch = 0;
    std::int64_t steps = 0;
    QString monitor;         // the metric the best checkpoint and early stopping follow
    QJsonObject bestMetrics; // the epoch metrics of the best epoch
    QJsonObject lastMetrics;
    QByteArray bestCheckpoint; // network bytes; empty when no epoch completed
    QJsonObject bestMeta;
    QByteArray lastCheckpoint;
    QJsonObject lastMeta;
    double trainSeconds = 0;
};

// Trains `config` on `data`, deterministically: the same config, data and thread count give the
// same numbers. Sets LibTorch's thread count and seed for this process.
Result<TrainingOutcome> train(const TrainingConfig &config, const TrainingTensors &data, TrainingObserver &observer);

// The loss and quality metrics of `model` on the rows of `part` of `data` (whose targets must be
// in the model's scaling: its own data, or inModelScaling), named `<prefix>/loss`,
// `<prefix>/accuracy`, ... as the epochs name them; empty when the part has no rows.
QList<QPair<QString, double>> evaluateModel(LoadedModel &model, const TrainingTensors &data, data::SplitPart part,
                                            const QString &prefix);

QString toKey(TrainingEnd end);

} // namespace mb::training
