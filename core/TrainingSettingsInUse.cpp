// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/TrainingSettingsInUse.h"

#include "core/ExternalRun.h"
#include "core/Framing.h"
#include "core/TrainingConfig.h"

#include <QJsonArray>
#include <QStringList>

namespace mb {
namespace {

// `object`'s entry `key`, an object, without `unused`.
void removeFrom(QJsonObject &config, const QString &key, const QStringList &unused)
{
    if (!config.contains(key))
        return;
    QJsonObject object = config.value(key).toObject();
    for (const QString &name : unused)
        object.remove(name);
    config.insert(key, object);
}

QStringList unusedModelSettings(const QString &kind)
{
    if (kind == toKey(ModelKind::Linear))
        return {QStringLiteral("hidden"),     QStringLiteral("activation"), QStringLiteral("dropout"),
                QStringLiteral("batch_norm"), QStringLiteral("channels"),   QStringLiteral("kernel")};
    if (kind == toKey(ModelKind::Mlp))
        return {QStringLiteral("channels"), QStringLiteral("kernel")};
    return {};
}

QJsonObject lossInUse(QJsonObject loss)
{
    const QString kind = loss.value(QStringLiteral("kind")).toString();
    if (kind != toKey(Loss::Bce))
        loss.remove(QStringLiteral("pos_weight"));
    if (kind != toKey(Loss::CrossEntropy))
        loss.remove(QStringLiteral("class_weights"));
    if (kind != toKey(Loss::Huber))
        loss.remove(QStringLiteral("huber_delta"));
    return loss;
}

} // namespace

QJsonObject trainingSettingsInUse(const QJsonObject &storedConfig)
{
    if (isExternalRun(storedConfig))
        return storedConfig;
    QJsonObject config = storedConfig;
    const QString modelKind = config.value(QStringLiteral("model")).toObject().value(QStringLiteral("kind")).toString();
    removeFrom(config, QStringLiteral("model"), unusedModelSettings(modelKind));

    if (config.contains(QStringLiteral("losses"))) {
        QJsonArray losses;
        for (const QJsonValue &loss : config.value(QStringLiteral("losses")).toArray())
            losses.append(lossInUse(loss.toObject()));
        config.insert(QStringLiteral("losses"), losses);
    }
    if (config.value(QStringLiteral("task")).toString() != toKey(TaskType::TwoObjectiveRanking)) {
        config.remove(QStringLiteral("alpha"));
        config.remove(QStringLiteral("beta"));
    }
    if (config.value(QStringLiteral("optimizer")).toObject().value(QStringLiteral("kind")).toString() !=
        toKey(OptimizerKind::Sgd))
        removeFrom(config, QStringLiteral("optimizer"), {QStringLiteral("momentum")});
    if (config.value(QStringLiteral("schedule")).toObject().value(QStringLiteral("kind")).toString() !=
        toKey(ScheduleKind::Step))
        removeFrom(config, QStringLiteral("schedule"), {QStringLiteral("step_size"), QStringLiteral("gamma")});
    return config;
}

} // namespace mb
