// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Framing.h"

#include <QList>
#include <QString>

namespace mb {

// One field that differs between two framings, named by its JSON path.
struct FramingChange {
    enum class Kind { Added, Removed, Changed };
    Kind kind = Kind::Changed;
    QString field;
    QString before; // empty for Added
    QString after;  // empty for Removed
};

// Field-by-field differences from `before` to `after`, in path order. Elements of lists whose
// entries have distinct names (metrics, aggregates, objectives) or roles (stakeholders) are
// addressed by it, as in business_metrics["revenue"].unit; other lists by position.
QList<FramingChange> diffFramings(const Framing &before, const Framing &after);

} // namespace mb
