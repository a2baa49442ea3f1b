// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/ExternalRun.h"

#include <QJsonArray>

namespace mb {
namespace {

QJsonObject modelOf(const QJsonObject &storedConfig)
{
    return storedConfig.value(QStringLiteral("model")).toObject();
}

} // namespace

QString externalModelKind()
{
    return QStringLiteral("external");
}

QJsonObject externalRunConfigToJson(const ExternalRunConfig &config)
{
    QJsonObject model{{QStringLiteral("kind"), externalModelKind()}};
    if (!config.tool.isEmpty())
        model.insert(QStringLiteral("tool"), config.tool);
    if (!config.toolVersion.isEmpty())
        model.insert(QStringLiteral("tool_version"), config.toolVersion);
    return {{QStringLiteral("name"), config.name},
            {QStringLiteral("dataset_version"), qint64(config.datasetVersion)},
            {QStringLiteral("split"), qint64(config.split)},
            {QStringLiteral("task"), toKey(config.task)},
            {QStringLiteral("targets"), QJsonArray::fromStringList(config.targets)},
            {QStringLiteral("model"), model},
            {QStringLiteral("params"), config.params},
            {QStringLiteral("tags"), QJsonArray::fromStringList(config.tags)}};
}

bool isExternalRun(const QJsonObject &storedConfig)
{
    return modelOf(storedConfig).value(QStringLiteral("kind")).toString() == externalModelKind();
}

QString externalToolText(const QJsonObject &storedConfig)
{
    const QJsonObject model = modelOf(storedConfig);
    const QString tool = model.value(QStringLiteral("tool")).toString();
    const QString version = model.value(QStringLiteral("tool_version")).toString();
    return version.isEmpty() ? tool : QStringLiteral("%1 %2").arg(tool, version).trimmed();
}

QString externalRunSummary(const QJsonObject &storedConfig)
{
    const QString tool = externalToolText(storedConfig);
    return tool.isEmpty() ? externalModelKind() : QStringLiteral("%1: %2").arg(externalModelKind(), tool);
}

} // namespace mb
