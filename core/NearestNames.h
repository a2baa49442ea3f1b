// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace mb {

// The valid choices a message offers for a name that is not one of them, the nearest first: by
// edit distance (Levenshtein, ignoring case), ties in the given order. "retention_valu" puts
// "retention_value" first, so the likely typo's fix leads the list however long it is.
QStringList nearestFirst(const QString &name, const QStringList &choices);

// nearestFirst joined for a message: "retention_value, clicks_at_100".
QString nearestFirstText(const QString &name, const QStringList &choices);

} // namespace mb
