// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QIcon>

namespace mb::ui {

// MetricBridge's icon, from the files bundled in the binary (resources/icons/, the same files the
// package installs into the icon theme), so the window has its icon when run from the build tree.
// GUI thread.
QIcon applicationIcon();

} // namespace mb::ui
