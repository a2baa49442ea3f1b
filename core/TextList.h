// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace mb {

// "a, b,,c " -> {"a", "b", "c"}: how column lists are typed in the forms and on the command line.
inline QStringList splitCommaList(const QString &text)
{
    QStringList items;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty())
            items << part.trimmed();
    return items;
}

} // namespace mb
