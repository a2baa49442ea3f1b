// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/FramingDiff.h"

#include "core/FramingJson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QMap>

namespace mb {
namespace {

QString scalarText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double:
        // Shortest text that reads back as the same double: two different numbers never print alike.
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return {};
    }
}

// The key that identifies each element of an array of objects ("name", or "role" for
// stakeholders) when every element has one; empty otherwise. Keyed elements make a diff say
// "metric X was added" rather than "every metric after X changed".
QString identityKey(const QJsonArray &array)
{
    for (const QString &key : {QStringLiteral("name"), QStringLiteral("role")}) {
        bool usable = !array.isEmpty();
        for (const QJsonValue &element : array)
            if (!element.isObject() || element.toObject().value(key).toString().isEmpty())
                usable = false;
        if (usable)
            return key;
    }
    return {};
}

// Element labels: the key's value, with "#2", "#3" for repeats, so two stakeholders with the same
// role keep stable labels too.
QStringList elementLabels(const QJsonArray &array, const QString &key)
{
    QStringList labels;
    QMap<QString, int> seen;
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (key.isEmpty()) {
            labels << QString::number(i);
            continue;
        }
        const QString id = array.at(i).toObject().value(key).toString();
        const int occurrence = ++seen[id];
        labels << (occurrence == 1 ? QStringLiteral("\"%1\"").arg(id)
                                   : QStringLiteral("\"%1\"#%2").arg(id).arg(occurrence));
    }
    return labels;
}

// Flattens nested JSON into path -> text, so that two framings compare field by field.
void flatten(const QJsonValue &value, const QString &path, QMap<QString, QString> &out)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            flatten(it.value(), path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key(), out);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        const QStringList labels = elementLabels(array, identityKey(array));
        for (qsizetype i = 0; i < array.size(); ++i)
            flatten(array.at(i), QStringLiteral("%1[%2]").arg(path, labels.at(i)), out);
    } else {
        out.insert(path, scalarText(value));
    }
}

} // namespace

QList<FramingChange> diffFramings(const Framing &before, const Framing &after)
{
    return diffJson(framingToJson(before), framingToJson(after));
}

QList<JsonChange> diffJson(const QJsonObject &before, const QJsonObject &after)
{
    QMap<QString, QString> a;
    QMap<QString, QString> b;
    flatten(before, {}, a);
    flatten(after, {}, b);

    QList<FramingChange> changes;
    for (auto it = a.constBegin(); it != a.constEnd(); ++it) {
        const auto other = b.constFind(it.key());
        if (other == b.constEnd())
            changes.append({FramingChange::Kind::Removed, it.key(), it.value(), {}});
        else if (other.value() != it.value())
            changes.append({FramingChange::Kind::Changed, it.key(), it.value(), other.value()});
    }
    for (auto it = b.constBegin(); it != b.constEnd(); ++it)
        if (!a.contains(it.key()))
            changes.append({FramingChange::Kind::Added, it.key(), {}, it.value()});
    std::stable_sort(changes.begin(), changes.end(),
                     [](const FramingChange &x, const FramingChange &y) { return x.field < y.field; });
    return changes;
}

} // namespace mb
