// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"

#include <QString>

namespace mb::ui {

// The form's name for a field that the validator names by its JSON path: what a user reads on
// screen ("Business metric 'revenue' › Cut-off") rather than what the file format calls it
// ("business_metrics[0].selection.parameter"). `framing` supplies the names of list entries.
// A path the form does not know is returned as it is, so nothing is ever hidden.
QString fieldLabel(const QString &path, const Framing &framing);

} // namespace mb::ui
