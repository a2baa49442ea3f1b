// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/TrainingConfig.h"
#include "core/training/TrainingData.h"

#include <QByteArray>
#include <QJsonObject>

#include <memory>
#include <vector>

namespace mb::training {

constexpr int kCheckpointFormatVersion = 1;

// A checkpoint is two parts: the bytes of torch's archive of the network's parameters and
// buffers (stored as a content-addressed artifact), and a JSON description of what network
// those bytes fit and how to read its outputs (stored beside it).
QJsonObject checkpointMeta(const TrainingConfig &config, const TrainingTensors &data, int epoch,
                           const QJsonObject &metrics);

// A trained network loaded back from a checkpoint. Predicting, evaluating (Trainer.h) and timing
// it (Predictor.h) run it in evaluation mode (no dropout, frozen batch-norm statistics) and
// switch its mode to do so: one thread at a time. Move-only: it owns the network.
class LoadedModel {
public:
    struct Impl; // the network (TorchInternals_p.h)
    LoadedModel(TrainingConfig config, std::vector<HeadSpec> heads, std::unique_ptr<Impl> impl);
    ~LoadedModel();
    LoadedModel(LoadedModel &&) noexcept;
    LoadedModel &operator=(LoadedModel &&) noexcept;

    const TrainingConfig &config() const { return m_config; }
    const std::vector<HeadSpec> &heads() const { return m_heads; }
    // The network's bytes as a checkpoint stores them.
    QByteArray serialize();

    Impl &impl() { return *m_impl; }

private:
    TrainingConfig m_config;
    std::vector<HeadSpec> m_heads;
    std::unique_ptr<Impl> m_impl; // never null
};

// Rebuilds the network from `meta` and loads `bytes` into it. The bytes must already be verified
// against their SHA-256 (ArtifactStore::read does it); a damaged archive, or one whose tensors do
// not fit the network `meta` describes, is refused, not loaded.
Result<LoadedModel> loadCheckpoint(const QByteArray &bytes, const QJsonObject &meta);

} // namespace mb::training
