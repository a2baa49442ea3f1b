// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/Predictor.h"

#include "core/training/TorchInternals_p.h"

#include <QElapsedTimer>

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace mb::training {
namespace {

std::vector<double> toDoubles(const torch::Tensor &column)
{
    const torch::Tensor contiguous = column.to(torch::kFloat64).contiguous();
    const double *data = contiguous.data_ptr<double>();
    return std::vector<double>(data, data + contiguous.numel());
}

// Times `calls` forward passes of `batch` rows taken round-robin from `x`, in milliseconds.
std::vector<double> timeCalls(Network &network, const torch::Tensor &x, std::int64_t batch, int calls, int warmUp)
{
    const std::int64_t n = x.size(0);
    std::vector<double> samples;
    samples.reserve(std::size_t(calls));
    QElapsedTimer clock;
    for (int call = -warmUp; call < calls; ++call) {
        const std::int64_t begin = (std::int64_t(call + warmUp) * batch) % std::max<std::int64_t>(1, n - batch + 1);
        const torch::Tensor input = x.slice(0, begin, std::min(n, begin + batch));
        clock.start();
        const std::vector<torch::Tensor> outputs = network->forward(input);
        const qint64 elapsed = clock.nsecsElapsed();
        if (call >= 0)
            samples.push_back(double(elapsed) / 1e6);
    }
    return samples;
}

} // namespace

std::vector<std::pair<QString, std::vector<double>>> predictionColumns(LoadedModel &model, const TrainingTensors &data,
                                                                       data::SplitPart part)
{
    const std::vector<HeadSpec> &heads = model.heads();
    const TrainingTensors::Impl::Part &rows = data.impl().part(part);
    const std::vector<torch::Tensor> &ys = rows.ys;
    torch::NoGradGuard noGrad;
    const std::vector<torch::Tensor> outputs = model.impl().network->predictAll(rows.x);
    std::vector<std::pair<QString, std::vector<double>>> columns;
    for (std::size_t h = 0; h < heads.size(); ++h) {
        const HeadSpec &head = heads[h];
        const torch::Tensor &out = outputs[h];
        if (head.loss.kind == Loss::CrossEntropy) {
            const QString &t = head.targets.constFirst();
            // Probabilities in the network's own float32, as it computes them: the store keeps them
            // exactly in 4 bytes (db/ColumnEncoding), so the metrics computed here from these values
            // are the ones any later reading of the stored predictions recomputes.
            const torch::Tensor probabilities = torch::softmax(out, 1);
            columns.emplace_back(QStringLiteral("label:") + t, toDoubles(ys[h]));
            const torch::Tensor score =
                head.classes == 2 ? probabilities.select(1, 1) : std::get<0>(probabilities.max(1));
            columns.emplace_back(QStringLiteral("score:") + t, toDoubles(score));
            columns.emplace_back(QStringLiteral("predicted:") + t, toDoubles(probabilities.argmax(1)));
            for (int k = 0; k < head.classes; ++k)
                columns.emplace_back(QStringLiteral("prob:%1:%2").arg(t).arg(k), toDoubles(probabilities.select(1, k)));
        } else if (head.loss.kind == Loss::Bce) {
            const torch::Tensor probabilities = torch::sigmoid(out); // float32, as for softmax above
            for (int j = 0; j < int(head.targets.size()); ++j) {
                const QString &t = head.targets.at(j);
                columns.emplace_back(QStringLiteral("label:") + t, toDoubles(ys[h].select(1, j)));
                columns.emplace_back(QStringLiteral("score:") + t, toDoubles(probabilities.select(1, j)));
                columns.emplace_back(QStringLiteral("predicted:") + t, toDoubles(probabilities.select(1, j).ge(0.5)));
            }
        } else {
            const QString &t = head.targets.constFirst();
            const torch::Tensor value = out.to(torch::kFloat64).select(1, 0) * head.targetScale + head.targetMean;
            columns.emplace_back(
                QStringLiteral("label:") + t,
                toDoubles(ys[h].to(torch::kFloat64).select(1, 0) * head.targetScale + head.targetMean));
            columns.emplace_back(QStringLiteral("score:") + t, toDoubles(value));
            columns.emplace_back(QStringLiteral("predicted:") + t, toDoubles(value));
        }
    }
    return columns;
}

LatencyProfile measureLatency(LoadedModel &model, const TrainingTensors &data, data::SplitPart part, qint64 modelBytes,
                              int calls)
{
    Network &network = model.impl().network;
    const torch::Tensor &x = data.impl().part(part).x;
    LatencyProfile profile;
    profile.modelBytes = modelBytes;
    if (x.size(0) == 0)
        return profile;
    torch::NoGradGuard noGrad;
    network->eval();
    profile.batch1Ms = timeCalls(network, x, 1, calls, 50);
    // Batches of 256 cost more per call: time as many as fit in about two seconds, at least 100.
    const std::vector<double> probe = timeCalls(network, x, 256, 10, 5);
    const double probeMs = std::max(1e-3, nearestRankPercentile(probe, 50));
    const int batchCalls = std::clamp(int(2000.0 / probeMs), 100, calls);
    profile.batch256Ms = timeCalls(network, x, 256, batchCalls, 5);
    const double rows = double(std::min<std::int64_t>(256, x.size(0)));
    profile.itemsPerSecond = rows / (nearestRankPercentile(profile.batch256Ms, 50) / 1e3);
    network->train();
    return profile;
}

} // namespace mb::training
