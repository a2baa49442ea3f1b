// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/TrainingConfig.h"
#include "core/training/Network.h"
#include "core/training/TrainingData.h"

#include <QByteArray>
#include <QJsonObject>

namespace mb::training {

constexpr int kCheckpointFormatVersion = 1;

// A checkpoint is two parts: the bytes of torch's archive of the network's parameters and
// buffers (stored as a content-addressed artifact), and a JSON description of what network
// those bytes fit and how to read its outputs (stored beside it).
QByteArray serializeNetwork(Network &network);
QJsonObject checkpointMeta(const TrainingConfig &config, const TrainingTensors &data, int epoch,
                           const QJsonObject &metrics);

struct LoadedModel {
    TrainingConfig config;
    std::vector<HeadSpec> heads;
    Network network{nullptr};
};

// Rebuilds the network from `meta` and loads `bytes` into it. The bytes must already be verified
// against their SHA-256 (ArtifactStore::read does it); a damaged archive, or one whose tensors do
// not fit the network `meta` describes, is refused, not loaded.
Result<LoadedModel> loadCheckpoint(const QByteArray &bytes, const QJsonObject &meta);

} // namespace mb::training
