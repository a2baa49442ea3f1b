// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/Trainer.h"

#include "core/evaluation/ClassificationMetrics.h"
#include "core/evaluation/MetricDirection.h"
#include "core/evaluation/RegressionMetrics.h"
#include "core/evaluation/ScoreMetrics.h"
#include "core/training/Checkpoint.h"
#include "core/training/TorchInternals_p.h"

#include <QElapsedTimer>
#include <QThread>

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>

namespace mb::training {
namespace {

namespace F = torch::nn::functional;

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const OptimizerConfig &config, Network &network)
{
    const auto parameters = network->parameters();
    switch (config.kind) {
    case OptimizerKind::Sgd:
        return std::make_unique<torch::optim::SGD>(
            parameters,
            torch::optim::SGDOptions(config.learningRate).momentum(config.momentum).weight_decay(config.weightDecay));
    case OptimizerKind::Adam:
        return std::make_unique<torch::optim::Adam>(
            parameters, torch::optim::AdamOptions(config.learningRate).weight_decay(config.weightDecay));
    case OptimizerKind::AdamW:
        return std::make_unique<torch::optim::AdamW>(
            parameters, torch::optim::AdamWOptions(config.learningRate).weight_decay(config.weightDecay));
    }
    return nullptr;
}

// The learning rate of epoch `epoch` (from 0).
double scheduledRate(const TrainingConfig &config, int epoch)
{
    const double base = config.optimizer.learningRate;
    switch (config.schedule.kind) {
    case ScheduleKind::Constant:
        return base;
    case ScheduleKind::Step:
        return base * std::pow(config.schedule.gamma, epoch / std::max(1, config.schedule.stepSize));
    case ScheduleKind::Cosine:
        return base * 0.5 * (1 + std::cos(M_PI * epoch / std::max(1, config.epochs)));
    }
    return base;
}

struct HeadLoss {
    torch::Tensor weights;   // cross-entropy class weights, or undefined
    torch::Tensor posWeight; // BCE positive weight, or undefined
};

torch::Tensor headLoss(const HeadSpec &head, const HeadLoss &extra, const torch::Tensor &output,
                       const torch::Tensor &target)
{
    switch (head.loss.kind) {
    case Loss::Mse:
        return F::mse_loss(output, target);
    case Loss::Mae:
        return F::l1_loss(output, target);
    case Loss::Huber:
        return F::huber_loss(output, target, F::HuberLossFuncOptions().delta(head.loss.huberDelta));
    case Loss::CrossEntropy: {
        F::CrossEntropyFuncOptions options;
        if (extra.weights.defined())
            options.weight(extra.weights);
        return F::cross_entropy(output, target, options);
    }
    case Loss::Bce: {
        F::BinaryCrossEntropyWithLogitsFuncOptions options;
        if (extra.posWeight.defined())
            options.pos_weight(extra.posWeight);
        return F::binary_cross_entropy_with_logits(output, target, options);
    }
    }
    return {};
}

// The class weights and positive weights of each head's loss, as tensors.
std::vector<HeadLoss> lossExtras(const std::vector<HeadSpec> &heads)
{
    std::vector<HeadLoss> extras;
    for (const HeadSpec &head : heads) {
        HeadLoss extra;
        if (head.loss.kind == Loss::CrossEntropy && !head.loss.classWeights.isEmpty()) {
            std::vector<float> weights(head.loss.classWeights.cbegin(), head.loss.classWeights.cend());
            extra.weights = torch::tensor(weights, torch::kFloat32);
        }
        if (head.loss.kind == Loss::Bce && head.loss.positiveWeight != 1.0)
            extra.posWeight = torch::full({head.outputs}, head.loss.positiveWeight, torch::kFloat32);
        extras.push_back(extra);
    }
    return extras;
}

// alpha*L1 + beta*L2 for two heads; the loss itself for one.
torch::Tensor combinedLoss(const TrainingConfig &config, const std::vector<HeadSpec> &heads,
                           const std::vector<HeadLoss> &extras, const std::vector<torch::Tensor> &outputs,
                           const std::vector<torch::Tensor> &targets)
{
    if (heads.size() == 1)
        return headLoss(heads[0], extras[0], outputs[0], targets[0]);
    return config.alpha * headLoss(heads[0], extras[0], outputs[0], targets[0]) +
           config.beta * headLoss(heads[1], extras[1], outputs[1], targets[1]);
}

// "validation" for one head; "validation/<target>" per head of a two-objective model.
QString headPrefix(const QString &prefix, const std::vector<HeadSpec> &heads, std::size_t h)
{
    return heads.size() > 1 ? prefix + QLatin1Char('/') + heads[h].name : prefix;
}

// A loss with class or positive weights is not the evaluation's loss of the same predictions (the
// stored model's, unweighted): named apart, so that one name never holds two numbers.
bool hasLossWeights(const HeadSpec &head)
{
    return (head.loss.kind == Loss::CrossEntropy && !head.loss.classWeights.isEmpty()) ||
           (head.loss.kind == Loss::Bce && head.loss.positiveWeight != 1.0);
}

QString lossLeaf(const std::vector<HeadSpec> &heads)
{
    const bool weighted = std::any_of(heads.cbegin(), heads.cend(), hasLossWeights);
    return weighted ? QStringLiteral("weighted_loss") : QStringLiteral("loss");
}

QString headLossLeaf(const HeadSpec &head)
{
    return hasLossWeights(head) ? QStringLiteral("weighted_loss") : QStringLiteral("loss");
}

// The epoch metric an early-stopping config names, by today's name: configs written before the
// renames (validation/loss of a weighted loss, validation/macro_f1) stop on the same series.
QString currentEpochMetricName(const QString &requested, const QStringList &available)
{
    if (available.contains(requested))
        return requested;
    for (const auto &[old, current] : {std::pair{QLatin1String("/loss"), QLatin1String("/weighted_loss")},
                                       std::pair{QLatin1String("/macro_f1"), QLatin1String("/f1_macro")}})
        if (requested.endsWith(old)) {
            const QString renamed = requested.chopped(old.size()) + current;
            if (available.contains(renamed))
                return renamed;
        }
    return requested;
}

// Every epoch's quality metrics of a head: the task's headline metrics, so that early stopping and
// the curves can use them (validation/roc_auc for a yes/no target, say), not only the loss.
QStringList headMetricLeaves(const HeadSpec &head)
{
    if (head.isRegression())
        return {QStringLiteral("rmse"), QStringLiteral("mae"), QStringLiteral("r2")};
    if (head.loss.kind == Loss::CrossEntropy) // f1_macro: the evaluation's name for the same number
        return {QStringLiteral("accuracy"), QStringLiteral("f1_macro")};
    if (head.outputs == 1) // one yes/no target; a multilabel head keeps its Hamming accuracy
        return {QStringLiteral("accuracy"), QStringLiteral("roc_auc"), QStringLiteral("average_precision")};
    return {QStringLiteral("accuracy")};
}

std::vector<double> toDoubles(const torch::Tensor &t)
{
    const torch::Tensor flat = t.to(torch::kFloat64).contiguous().view({-1});
    const double *data = flat.data_ptr<double>();
    return std::vector<double>(data, data + flat.numel());
}

std::vector<int> toInts(const torch::Tensor &t)
{
    const torch::Tensor flat = t.to(torch::kInt32).contiguous().view({-1});
    const int *data = flat.data_ptr<int>();
    return std::vector<int>(data, data + flat.numel());
}

// A metric of the core/evaluation library (scikit-learn exact), NaN when it is undefined (one class
// among the validation rows, say).
double valueOr(const Result<double> &value)
{
    return value ? *value : std::numeric_limits<double>::quiet_NaN();
}

// One head's quality metric `leaf` from its outputs (logits, class scores or standardised values)
// and targets. AUC and average precision rank the logits, which rank as the probabilities do; R²
// is the same on standardised values as in the target's unit.
double headMetric(const QString &leaf, const HeadSpec &head, const torch::Tensor &output, const torch::Tensor &target)
{
    if (leaf == QLatin1String("accuracy") && head.loss.kind == Loss::CrossEntropy)
        return output.argmax(1).eq(target).to(torch::kFloat64).mean().item<double>();
    if (leaf == QLatin1String("accuracy")) // BCE, multilabel too: the share of correct labels (1 - Hamming loss)
        return output.gt(0).eq(target.gt(0.5)).to(torch::kFloat64).mean().item<double>();
    if (leaf == QLatin1String("f1_macro")) {
        std::vector<int> labels(std::size_t(head.classes));
        std::iota(labels.begin(), labels.end(), 0);
        const Result<evaluation::PrecisionRecallF1> scores =
            evaluation::precisionRecallF1(toInts(target), toInts(output.argmax(1)), labels);
        return scores ? scores->macro.f1 : std::numeric_limits<double>::quiet_NaN();
    }
    if (leaf == QLatin1String("roc_auc"))
        return valueOr(evaluation::rocAuc(toInts(target.gt(0.5)), toDoubles(output)));
    if (leaf == QLatin1String("average_precision"))
        return valueOr(evaluation::averagePrecision(toInts(target.gt(0.5)), toDoubles(output)));
    if (leaf == QLatin1String("r2"))
        return valueOr(evaluation::r2Score(toDoubles(target), toDoubles(output)));
    const torch::Tensor error = (output - target).to(torch::kFloat64) * head.targetScale;
    return leaf == QLatin1String("rmse") ? error.pow(2).mean().sqrt().item<double>()
                                         : error.abs().mean().item<double>();
}

// The names of the metrics every epoch reports, in order; evaluate() produces them.
QStringList epochMetricNames(const std::vector<HeadSpec> &heads, bool hasValidation)
{
    QStringList names{QStringLiteral("epoch/train_loss")};
    if (!hasValidation)
        return names;
    const QString prefix = QStringLiteral("validation");
    names << prefix + QLatin1Char('/') + lossLeaf(heads);
    for (std::size_t h = 0; h < heads.size(); ++h) {
        const QString name = headPrefix(prefix, heads, h);
        if (heads.size() > 1)
            names << name + QLatin1Char('/') + headLossLeaf(heads[h]);
        for (const QString &leaf : headMetricLeaves(heads[h]))
            names << name + QLatin1Char('/') + leaf;
    }
    return names;
}

// Loss and quality metrics of `x`, `ys` in evaluation mode, in batches. Regression errors are in
// the target's own unit.
QList<QPair<QString, double>> evaluate(Network &network, const TrainingConfig &config,
                                       const std::vector<HeadSpec> &heads, const std::vector<HeadLoss> &extras,
                                       const torch::Tensor &x, const std::vector<torch::Tensor> &ys,
                                       const QString &prefix)
{
    torch::NoGradGuard noGrad; // for the losses and metrics below
    const std::vector<torch::Tensor> all = network->predictAll(x);

    QList<QPair<QString, double>> metrics;
    metrics << qMakePair(prefix + QLatin1Char('/') + lossLeaf(heads),
                         combinedLoss(config, heads, extras, all, ys).item<double>());
    for (std::size_t h = 0; h < heads.size(); ++h) {
        const HeadSpec &head = heads[h];
        const QString name = headPrefix(prefix, heads, h);
        if (heads.size() > 1)
            metrics << qMakePair(name + QLatin1Char('/') + headLossLeaf(head),
                                 headLoss(head, extras[h], all[h], ys[h]).item<double>());
        for (const QString &leaf : headMetricLeaves(head))
            metrics << qMakePair(name + QLatin1Char('/') + leaf, headMetric(leaf, head, all[h], ys[h]));
    }
    return metrics;
}

QJsonObject toJson(const QList<QPair<QString, double>> &metrics)
{
    QJsonObject json;
    for (const auto &[name, value] : metrics)
        json.insert(name, std::isfinite(value) ? QJsonValue(value) : QJsonValue());
    return json;
}

bool lowerIsBetter(const QString &metric)
{
    return evaluation::metricDirection(metric) == Direction::Minimize;
}

} // namespace

QList<QPair<QString, double>> evaluateModel(LoadedModel &model, const TrainingTensors &data, data::SplitPart part,
                                            const QString &prefix)
{
    const TrainingTensors::Impl::Part &rows = data.impl().part(part);
    if (rows.x.size(0) == 0)
        return {};
    return evaluate(model.impl().network, model.config(), model.heads(), lossExtras(model.heads()), rows.x, rows.ys,
                    prefix);
}

QString toKey(TrainingEnd end)
{
    switch (end) {
    case TrainingEnd::Finished:
        return QStringLiteral("finished");
    case TrainingEnd::EarlyStopped:
        return QStringLiteral("early stopped");
    case TrainingEnd::Cancelled:
        return QStringLiteral("cancelled");
    case TrainingEnd::Diverged:
        return QStringLiteral("diverged");
    }
    return {};
}

Result<TrainingOutcome> train(const TrainingConfig &config, const TrainingTensors &data, TrainingObserver &observer)
{
    const TrainingTensors::Impl &tensors = data.impl();
    const TrainingTensors::Impl::Part &training = tensors.part(data::SplitPart::Train);
    const TrainingTensors::Impl::Part &validation = tensors.part(data::SplitPart::Validation);
    try {
        torch::set_num_threads(config.threads > 0 ? config.threads : QThread::idealThreadCount());
        torch::manual_seed(config.seed);

        std::vector<int> outputs;
        for (const HeadSpec &head : tensors.heads)
            outputs.push_back(head.outputs);
        const std::vector<HeadLoss> extras = lossExtras(tensors.heads);
        Network network(config.model, tensors.featureCount, tensors.imageShape, outputs);
        std::unique_ptr<torch::optim::Optimizer> optimizer = makeOptimizer(config.optimizer, network);

        const bool hasValidation = validation.x.size(0) > 0;
        TrainingOutcome outcome;
        const QStringList available = epochMetricNames(tensors.heads, hasValidation);
        if (config.earlyStopping)
            outcome.monitor = currentEpochMetricName(config.earlyStopping->metric, available);
        else
            outcome.monitor = hasValidation ? QStringLiteral("validation/") + lossLeaf(tensors.heads)
                                            : QStringLiteral("epoch/train_loss");
        const bool monitorLowerIsBetter =
            config.earlyStopping ? config.earlyStopping->mode == StopMode::Min : lowerIsBetter(outcome.monitor);
        // Checked before any training, so a misnamed metric costs no time.
        if (!available.contains(outcome.monitor))
            return Error{
                !hasValidation && outcome.monitor.startsWith(QLatin1String("validation/"))
                    ? QStringLiteral("early_stopping.metric: the split has no validation rows, so there is no '%1'; "
                                     "use epoch/train_loss, or set early_stopping to null")
                          .arg(outcome.monitor)
                    : QStringLiteral("early_stopping.metric: this run has no metric '%1'; it has %2")
                          .arg(outcome.monitor, available.join(QStringLiteral(", ")))};
        if (!hasValidation)
            observer.log(
                QStringLiteral("the split has no validation rows: the best epoch is judged on the training loss"));

        const std::int64_t n = training.x.size(0);
        const std::int64_t batch = config.batchSize;
        // Batch norm cannot normalise a batch of one row; such a last batch is skipped.
        const bool skipSingleton = config.model.batchNorm && n % batch == 1 && n > 1;
        const std::int64_t stepsPerEpoch = (n + batch - 1) / batch - (skipSingleton ? 1 : 0);
        const double plannedSteps = double(stepsPerEpoch) * config.epochs;

        QElapsedTimer clock;
        clock.start();
        double best = 0;
        int epochsWithoutImprovement = 0;
        network->train();
        for (int epoch = 0; epoch < config.epochs; ++epoch) {
            const double rate = scheduledRate(config, epoch);
            for (auto &group : optimizer->param_groups())
                group.options().set_lr(rate);
            const torch::Tensor order = torch::randperm(n, torch::kInt64);
            double lossSum = 0;
            std::int64_t lossCount = 0;
            for (std::int64_t begin = 0; begin + (skipSingleton ? 1 : 0) < n; begin += batch) {
                const qint64 stepStart = clock.nsecsElapsed();
                const torch::Tensor rows = order.slice(0, begin, std::min(n, begin + batch));
                const torch::Tensor x = training.x.index_select(0, rows);
                std::vector<torch::Tensor> targets;
                for (const torch::Tensor &y : training.ys)
                    targets.push_back(y.index_select(0, rows));
                optimizer->zero_grad();
                const torch::Tensor loss = combinedLoss(config, tensors.heads, extras, network->forward(x), targets);
                const double value = loss.item<double>();
                const bool finite = std::isfinite(value);
                if (finite) {
                    loss.backward();
                    optimizer->step();
                    lossSum += value;
                    ++lossCount;
                }
                ++outcome.steps;
                const qint64 now = clock.nsecsElapsed();
                StepReport report;
                report.step = outcome.steps;
                report.epoch = epoch + 1;
                report.loss = value;
                report.learningRate = rate;
                report.samplesPerSecond = double(rows.size(0)) * 1e9 / double(std::max<qint64>(1, now - stepStart));
                report.wallSeconds = double(now) / 1e9;
                report.runFraction = double(outcome.steps) / plannedSteps;
                const bool goOn = observer.step(report);
                if (!finite) {
                    outcome.end = TrainingEnd::Diverged;
                    observer.log(QStringLiteral("the training loss became %1 at step %2 (epoch %3): the run diverged; "
                                                "try a smaller learning rate")
                                     .arg(value)
                                     .arg(outcome.steps)
                                     .arg(epoch + 1));
                    break;
                }
                if (!goOn) {
                    outcome.end = TrainingEnd::Cancelled;
                    break;
                }
            }
            if (outcome.end == TrainingEnd::Diverged || outcome.end == TrainingEnd::Cancelled)
                break;

            EpochReport report;
            report.epoch = epoch + 1;
            report.epochs = config.epochs;
            report.metrics << qMakePair(QStringLiteral("epoch/train_loss"),
                                        lossSum / double(std::max<std::int64_t>(1, lossCount)));
            if (hasValidation)
                report.metrics << evaluate(network, config, tensors.heads, extras, validation.x, validation.ys,
                                           QStringLiteral("validation"));
            const auto monitored = std::find_if(report.metrics.cbegin(), report.metrics.cend(),
                                                [&](const auto &m) { return m.first == outcome.monitor; });
            const double value = monitored->second;
            report.best = epoch == 0 || (monitorLowerIsBetter ? value < best : value > best);
            outcome.epochsDone = epoch + 1;
            outcome.lastMetrics = toJson(report.metrics);
            if (report.best) {
                best = value;
                epochsWithoutImprovement = 0;
                outcome.bestEpoch = epoch + 1;
                outcome.bestMetrics = outcome.lastMetrics;
                outcome.bestCheckpoint = serializeNetwork(network);
                outcome.bestMeta = checkpointMeta(config, data, epoch + 1, outcome.bestMetrics);
            } else {
                ++epochsWithoutImprovement;
            }
            observer.epoch(report);
            if (config.earlyStopping && epochsWithoutImprovement >= config.earlyStopping->patience) {
                outcome.end = TrainingEnd::EarlyStopped;
                observer.log(QStringLiteral("early stopping: %1 has not improved for %2 epochs; the best was epoch %3")
                                 .arg(outcome.monitor)
                                 .arg(epochsWithoutImprovement)
                                 .arg(outcome.bestEpoch));
                break;
            }
        }
        outcome.trainSeconds = double(clock.nsecsElapsed()) / 1e9;
        // The last checkpoint is the network as it ended; after a divergence its weights may be
        // broken, so only the best (from a completed epoch) is worth keeping then.
        if (outcome.end != TrainingEnd::Diverged && outcome.epochsDone > 0) {
            outcome.lastCheckpoint = serializeNetwork(network);
            outcome.lastMeta = checkpointMeta(config, data, outcome.epochsDone, outcome.lastMetrics);
        }
        return outcome;
    } catch (const std::exception &e) {
        // LibTorch reports shape and type problems as exceptions with a C++ backtrace; the first
        // line is the message.
        return Error{QStringLiteral("training failed: %1")
                         .arg(QString::fromLocal8Bit(e.what()).section(QLatin1Char('\n'), 0, 0))};
    }
}

} // namespace mb::training
