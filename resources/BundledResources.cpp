// SPDX-License-Identifier: GPL-3.0-or-later
#include "resources/BundledResources.h"

#include <QFile>
#include <QFileInfo>

#include <mutex>

// Q_INIT_RESOURCE must be called from the global namespace.
static void initMetricbridgeResources()
{
    Q_INIT_RESOURCE(metricbridge);
}

namespace mb::resources {

void registerBundledResources()
{
    static std::once_flag once;
    std::call_once(once, initMetricbridgeResources);
}

std::optional<QByteArray> readBundledFile(const QString &path)
{
    registerBundledResources();
    QFile file(QStringLiteral(":/") + path);
    // A folder of the .qrc opens too, and reads as empty.
    if (!QFileInfo(file).isFile() || !file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return file.readAll();
}

QString applicationIconSvgPath()
{
    registerBundledResources();
    return QStringLiteral(":/icons/metricbridge.svg");
}

QString applicationIconPngPath()
{
    registerBundledResources();
    return QStringLiteral(":/icons/hicolor/256x256/metricbridge.png");
}

} // namespace mb::resources
