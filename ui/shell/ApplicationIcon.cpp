// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/shell/ApplicationIcon.h"

#include "resources/BundledResources.h"

namespace mb::ui {

QIcon applicationIcon()
{
    QIcon icon;
    // The SVG scales to every size; the PNG keeps an icon where Qt's SVG icon engine is missing.
    icon.addFile(resources::applicationIconSvgPath());
    icon.addFile(resources::applicationIconPngPath(), QSize(256, 256));
    return icon;
}

} // namespace mb::ui
