// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

// The files compiled into the binary from resources/metricbridge.qrc. Thread-safe.
namespace mb::resources {

// Registers the bundled files with Qt's resource system (idempotent). A static library's resources
// are registered only when something calls this: the linker drops them otherwise.
void registerBundledResources();

// The bytes of a bundled file, by its path in metricbridge.qrc ("demo/newsfeed.framing.json"), or
// nothing when the build bundled no such file (tst_bundledresources reads every one).
std::optional<QByteArray> readBundledFile(const QString &path);

// The application icon (SVG, and a 256 px PNG for platforms without the SVG icon engine), as
// resource paths for QIcon.
QString applicationIconSvgPath();
QString applicationIconPngPath();

} // namespace mb::resources
