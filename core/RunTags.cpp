// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/RunTags.h"

#include <QRegularExpression>

namespace mb {

QString tagProblem(const QString &tag)
{
    constexpr int kLongest = 64;
    if (tag.isEmpty())
        return QStringLiteral("a tag cannot be empty");
    if (tag.size() > kLongest)
        return QStringLiteral("tag '%1…' is longer than %2 characters").arg(tag.left(20)).arg(kLongest);
    for (const QChar c : tag) {
        if (c.isSpace())
            return QStringLiteral("tag '%1' has a space: tags are single words").arg(tag);
        if (c == QLatin1Char(','))
            return QStringLiteral("tag '%1' has a comma: tags are separated by commas").arg(tag);
    }
    return {};
}

QStringList splitTags(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    QStringList tags;
    for (const QString &tag : text.split(separators, Qt::SkipEmptyParts))
        if (!tags.contains(tag, Qt::CaseInsensitive))
            tags << tag;
    return tags;
}

} // namespace mb
