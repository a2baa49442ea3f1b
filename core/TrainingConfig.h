// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"
#include "core/Result.h"
#include "core/data/FeatureOptions.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <cstdint>
#include <optional>

namespace mb {

// A training run's configuration: the run file format (docs/RUN-CONFIG.md, with one example per
// task type in docs/examples/). Reading is strict: an unknown key, a wrong type, a value out of
// range or a loss that does not fit the task is refused with a message naming the field.
constexpr int kRunConfigFormatVersion = 1;

enum class ModelKind { Linear, Mlp, Cnn };
enum class Activation { Relu, Tanh, Gelu, Sigmoid };
enum class OptimizerKind { Sgd, Adam, AdamW };
enum class ScheduleKind { Constant, Step, Cosine };
enum class StopMode { Min, Max };

// The deepest model.hidden or model.channels a config may ask for.
inline constexpr qsizetype kMaxLayers = 64;

struct ModelConfig {
    ModelKind kind = ModelKind::Mlp;
    QList<int> hidden{64, 32}; // MLP layer widths
    Activation activation = Activation::Relu;
    double dropout = 0.0; // [0, 1)
    bool batchNorm = false;
    QList<int> channels{16, 32}; // CNN convolution channels
    int kernel = 3;              // CNN kernel size, odd
};

struct LossConfig {
    Loss kind = Loss::Bce;
    double positiveWeight = 1.0; // BCE: weight of positive examples (imbalanced classes)
    QList<double> classWeights;  // cross-entropy: one weight per class, or empty
    double huberDelta = 1.0;
};

struct OptimizerConfig {
    OptimizerKind kind = OptimizerKind::Adam;
    double learningRate = 1e-3;
    double momentum = 0.9; // SGD
    double weightDecay = 0.0;
};

struct ScheduleConfig {
    ScheduleKind kind = ScheduleKind::Constant;
    int stepSize = 10;  // step: epochs between decays
    double gamma = 0.1; // step: factor per decay
};

struct EarlyStopping {
    QString metric = QStringLiteral("validation/loss");
    StopMode mode = StopMode::Min;
    int patience = 3; // epochs without improvement before stopping
};

struct TrainingConfig {
    QString name;
    std::int64_t datasetVersion = 0; // required
    std::int64_t split = 0;          // required
    TaskType task = TaskType::Binary;
    QStringList targets; // the target column(s) of the dataset version
    ModelConfig model;
    // One loss per objective: one for every task but two_objective_ranking, which has two and is
    // trained as one two-head model on alpha*L1 + beta*L2 (Approach 1).
    QList<LossConfig> losses{LossConfig{}};
    double alpha = 0.5;
    double beta = 0.5;
    OptimizerConfig optimizer;
    ScheduleConfig schedule;
    int batchSize = 128;
    int epochs = 10;
    std::optional<EarlyStopping> earlyStopping;
    // How the feature columns become inputs; fitted by the worker on the split's training rows.
    data::FeatureOptions features;
    std::uint64_t seed = 42;
    int threads = 0; // 0: one per core
};

// Sensible starting points per task: the loss that fits it, an MLP, Adam.
TrainingConfig defaultTrainingConfig(TaskType task);

QJsonObject trainingConfigToJson(const TrainingConfig &config);
Result<TrainingConfig> trainingConfigFromJson(const QJsonObject &json);
Result<TrainingConfig> trainingConfigFromBytes(const QByteArray &bytes);
// "mlp 32-16, adam lr 0.001, batch 256, 8 epochs": a stored config in one line, for tables.
QString trainingConfigSummary(const QJsonObject &storedConfig);
// Canonical bytes (sorted keys): equal configs give equal bytes and hashes. `features` is written
// only when it differs from the defaults, so a config that leaves it out and one that spells out
// the defaults are the same config, and every config stored before it existed keeps its hash.
QByteArray trainingConfigToBytes(const TrainingConfig &config);

QString toKey(ModelKind value);
QString toKey(Activation value);
QString toKey(OptimizerKind value);
QString toKey(ScheduleKind value);
QString toKey(StopMode value);

} // namespace mb
