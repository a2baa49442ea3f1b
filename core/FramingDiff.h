// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace mb {

// One field that differs between two JSON documents (two framings, two run configs), named by its
// path.
struct JsonChange {
    enum class Kind { Added, Removed, Changed };
    Kind kind = Kind::Changed;
    QString field;
    QString before; // empty for Added
    QString after;  // empty for Removed
};

using FramingChange = JsonChange;

// Field-by-field differences from `before` to `after`, in path order. Elements of lists whose
// entries have distinct names (metrics, aggregates, objectives) or roles (stakeholders) are
// addressed by it, as in business_metrics["revenue"].unit; other lists by position.
QList<FramingChange> diffFramings(const Framing &before, const Framing &after);
// The same for any two JSON objects: what the Compare page's diff shows for two run configs.
QList<JsonChange> diffJson(const QJsonObject &before, const QJsonObject &after);

} // namespace mb
