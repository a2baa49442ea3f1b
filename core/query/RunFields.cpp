// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/query/RunFields.h"

#include <QJsonArray>

namespace mb::query {
namespace {

QJsonValue findKey(const QJsonObject &object, const QString &key)
{
    if (const auto it = object.constFind(key); it != object.constEnd())
        return *it;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        if (it->isObject())
            if (const QJsonValue found = findKey(it->toObject(), key); !found.isUndefined())
                return found;
    return QJsonValue(QJsonValue::Undefined);
}

} // namespace

QStringList fixedFieldNames()
{
    return {QStringLiteral("id"),      QStringLiteral("name"),    QStringLiteral("status"), QStringLiteral("model"),
            QStringLiteral("tag"),     QStringLiteral("star"),    QStringLiteral("note"),   QStringLiteral("created"),
            QStringLiteral("started"), QStringLiteral("finished")};
}

QJsonValue configValue(const QJsonObject &config, const QStringList &path)
{
    if (path.isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    QJsonValue value = config;
    for (const QString &part : path) {
        if (!value.isObject())
            return QJsonValue(QJsonValue::Undefined);
        value = value.toObject().value(part);
        if (value.isUndefined())
            break;
    }
    if (value.isUndefined() && path.size() == 1)
        return findKey(config, path.constFirst());
    return value;
}

} // namespace mb::query
