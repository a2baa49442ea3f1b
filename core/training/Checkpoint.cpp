// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/Checkpoint.h"

#include "core/training/TorchInternals_p.h"

#include <QJsonArray>

#include <torch/torch.h>

#include <sstream>

namespace mb::training {
namespace {

using Shapes = std::vector<std::pair<std::string, std::vector<std::int64_t>>>;

// The name and shape of every parameter and buffer, in the network's order.
Shapes shapesOf(Network &network)
{
    Shapes shapes;
    for (const auto &parameter : network->named_parameters())
        shapes.emplace_back(parameter.key(), parameter.value().sizes().vec());
    for (const auto &buffer : network->named_buffers())
        shapes.emplace_back(buffer.key(), buffer.value().sizes().vec());
    return shapes;
}

QString shapeText(const std::vector<std::int64_t> &sizes)
{
    QStringList parts;
    for (std::int64_t size : sizes)
        parts << QString::number(size);
    return parts.isEmpty() ? QStringLiteral("a scalar") : parts.join(QLatin1Char('x'));
}

} // namespace

QByteArray serializeNetwork(Network &network)
{
    torch::serialize::OutputArchive archive;
    network->save(archive);
    std::ostringstream stream;
    archive.save_to(stream);
    const std::string bytes = stream.str();
    return QByteArray(bytes.data(), qsizetype(bytes.size()));
}

QJsonObject checkpointMeta(const TrainingConfig &config, const TrainingTensors &data, int epoch,
                           const QJsonObject &metrics)
{
    QJsonArray heads;
    for (const HeadSpec &head : data.heads())
        heads.append(head.toJson());
    QJsonObject meta{{QStringLiteral("format"), QStringLiteral("metricbridge.checkpoint")},
                     {QStringLiteral("version"), kCheckpointFormatVersion},
                     {QStringLiteral("config"), trainingConfigToJson(config)},
                     {QStringLiteral("features"), data.featureCount()},
                     {QStringLiteral("heads"), heads},
                     {QStringLiteral("epoch"), epoch},
                     {QStringLiteral("metrics"), metrics}};
    if (const std::optional<std::array<int, 3>> shape = data.imageShape())
        meta.insert(QStringLiteral("image_shape"), QJsonArray{(*shape)[0], (*shape)[1], (*shape)[2]});
    return meta;
}

Result<LoadedModel> loadCheckpoint(const QByteArray &bytes, const QJsonObject &meta)
{
    if (meta.value(QStringLiteral("format")).toString() != QLatin1String("metricbridge.checkpoint"))
        return Error{QStringLiteral("this artifact is not a MetricBridge checkpoint")};
    if (meta.value(QStringLiteral("version")).toInt() != kCheckpointFormatVersion)
        return Error{QStringLiteral("checkpoint format version %1 is not supported; this build reads version %2")
                         .arg(meta.value(QStringLiteral("version")).toInt())
                         .arg(kCheckpointFormatVersion)};
    Result<TrainingConfig> config = trainingConfigFromJson(meta.value(QStringLiteral("config")).toObject());
    if (!config)
        return Error{QStringLiteral("checkpoint config: %1").arg(config.error())};
    std::vector<HeadSpec> heads;
    std::vector<int> outputs;
    for (const QJsonValue &value : meta.value(QStringLiteral("heads")).toArray()) {
        Result<HeadSpec> head = HeadSpec::fromJson(value.toObject());
        if (!head)
            return Error{head.error()};
        outputs.push_back(head->outputs);
        heads.push_back(*head);
    }
    std::optional<std::array<int, 3>> imageShape;
    if (const QJsonArray shape = meta.value(QStringLiteral("image_shape")).toArray(); shape.size() == 3)
        imageShape = std::array<int, 3>{shape.at(0).toInt(), shape.at(1).toInt(), shape.at(2).toInt()};
    auto impl = std::make_unique<LoadedModel::Impl>();
    Network &network = impl->network;
    try {
        network = Network(config->model, meta.value(QStringLiteral("features")).toInt(), imageShape, outputs);
        const Shapes expected = shapesOf(network);
        torch::serialize::InputArchive archive;
        std::istringstream stream(bytes.toStdString());
        archive.load_from(stream);
        network->load(archive);
        // Loading replaces each tensor with the stored one whatever its shape, so bytes that do
        // not fit the network the meta describes would load, then fail (or mislead) when used.
        const Shapes actual = shapesOf(network);
        for (std::size_t i = 0; i < expected.size() && i < actual.size(); ++i)
            if (actual[i].second != expected[i].second)
                return Error{
                    QStringLiteral("the checkpoint cannot be loaded: it does not fit the network its description "
                                   "names (%1 is %2 in the file, %3 in the network)")
                        .arg(QString::fromStdString(expected[i].first), shapeText(actual[i].second),
                             shapeText(expected[i].second))};
    } catch (const std::exception &e) {
        return Error{QStringLiteral("the checkpoint cannot be loaded: %1")
                         .arg(QString::fromLocal8Bit(e.what()).section(QLatin1Char('\n'), 0, 0))};
    }
    network->eval();
    return LoadedModel(*config, std::move(heads), std::move(impl));
}

LoadedModel::LoadedModel(TrainingConfig config, std::vector<HeadSpec> heads, std::unique_ptr<Impl> impl)
    : m_config(std::move(config)), m_heads(std::move(heads)), m_impl(std::move(impl))
{
}

LoadedModel::~LoadedModel() = default;
LoadedModel::LoadedModel(LoadedModel &&) noexcept = default;
LoadedModel &LoadedModel::operator=(LoadedModel &&) noexcept = default;

QByteArray LoadedModel::serialize()
{
    return serializeNetwork(m_impl->network);
}

} // namespace mb::training
