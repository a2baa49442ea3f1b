// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/JsonReader.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

namespace mb {

Result<QJsonObject> parseJsonObject(const QByteArray &input)
{
    // Editors on Windows often save JSON with a UTF-8 byte order mark.
    const QByteArray text = input.startsWith("\xEF\xBB\xBF") ? input.mid(3) : input;
    const QByteArray trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return Error{QStringLiteral("the file is empty; expected a JSON object")};
    // Qt rejects a top-level scalar as an "illegal value"; say what is really wrong.
    if (!trimmed.startsWith('{') && !trimmed.startsWith('['))
        return Error{QStringLiteral("expected a JSON object at the top level")};
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Qt's offset is just past the character it could not accept, except for text after the
        // object, where it is that text's first character; point at the character itself.
        int position = parseError.offset;
        if (parseError.error != QJsonParseError::GarbageAtEnd && position > 0)
            --position;
        const QByteArray before = text.left(position);
        const int line = before.count('\n') + 1;
        // Columns count characters, not UTF-8 bytes, as an editor shows them.
        const int column = int(QString::fromUtf8(before.mid(before.lastIndexOf('\n') + 1)).size()) + 1;
        return Error{QStringLiteral("JSON syntax error at line %1, column %2: %3")
                         .arg(line)
                         .arg(column)
                         .arg(parseError.errorString())};
    }
    if (!document.isObject())
        return Error{QStringLiteral("expected a JSON object at the top level")};
    return document.object();
}

JsonObjectReader::JsonObjectReader(QJsonObject object, QString path)
    : JsonObjectReader(std::move(object), std::move(path), std::make_shared<QString>())
{
}

JsonObjectReader::JsonObjectReader(QJsonObject object, QString path, std::shared_ptr<QString> error)
    : m_object(std::move(object)), m_path(std::move(path)), m_error(std::move(error))
{
}

QString JsonObjectReader::pathOf(const QString &key) const
{
    return m_path.isEmpty() ? key : m_path + QLatin1Char('.') + key;
}

QJsonValue JsonObjectReader::take(const QString &key)
{
    m_seen.insert(key);
    return m_object.value(key);
}

void JsonObjectReader::fail(const QString &key, const QString &message)
{
    if (m_error->isEmpty())
        *m_error = QStringLiteral("%1: %2").arg(key.isEmpty() ? m_path : pathOf(key), message);
}

QString JsonObjectReader::string(const QString &key, const QString &fallback)
{
    const QJsonValue value = take(key);
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (!value.isString()) {
        fail(key, QStringLiteral("expected a string"));
        return fallback;
    }
    return value.toString();
}

bool JsonObjectReader::boolean(const QString &key, bool fallback)
{
    const QJsonValue value = take(key);
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (!value.isBool()) {
        fail(key, QStringLiteral("expected true or false"));
        return fallback;
    }
    return value.toBool();
}

double JsonObjectReader::number(const QString &key, double fallback)
{
    const QJsonValue value = take(key);
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (!value.isDouble() || !std::isfinite(value.toDouble())) {
        fail(key, QStringLiteral("expected a finite number"));
        return fallback;
    }
    return value.toDouble();
}

QStringList JsonObjectReader::stringList(const QString &key)
{
    const QJsonValue value = take(key);
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isArray()) {
        fail(key, QStringLiteral("expected an array of strings"));
        return {};
    }
    QStringList result;
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isString()) {
            fail(QStringLiteral("%1[%2]").arg(key).arg(i), QStringLiteral("expected a string"));
            return {};
        }
        result << array.at(i).toString();
    }
    return result;
}

QList<double> JsonObjectReader::numberList(const QString &key)
{
    const QJsonValue value = take(key);
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isArray()) {
        fail(key, QStringLiteral("expected an array of numbers"));
        return {};
    }
    QList<double> result;
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isDouble()) {
            fail(QStringLiteral("%1[%2]").arg(key).arg(i), QStringLiteral("expected a number"));
            return {};
        }
        result << array.at(i).toDouble();
    }
    return result;
}

QString JsonObjectReader::choice(const QString &key, const QStringList &allowed, const QString &fallback)
{
    const QString value = string(key, fallback);
    if (!allowed.contains(value)) {
        fail(key, QStringLiteral("expected one of %1, got '%2'").arg(allowed.join(QStringLiteral(", ")), value));
        return fallback;
    }
    return value;
}

JsonObjectReader JsonObjectReader::object(const QString &key)
{
    const QJsonValue value = take(key);
    if (!value.isUndefined() && !value.isNull() && !value.isObject())
        fail(key, QStringLiteral("expected an object"));
    return JsonObjectReader(value.toObject(), pathOf(key), m_error);
}

QList<JsonObjectReader> JsonObjectReader::objectList(const QString &key)
{
    const QJsonValue value = take(key);
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isArray()) {
        fail(key, QStringLiteral("expected an array of objects"));
        return {};
    }
    QList<JsonObjectReader> readers;
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString itemPath = QStringLiteral("%1[%2]").arg(pathOf(key)).arg(i);
        if (!array.at(i).isObject()) {
            if (m_error->isEmpty())
                *m_error = itemPath + QStringLiteral(": expected an object");
            return {};
        }
        readers.append(JsonObjectReader(array.at(i).toObject(), itemPath, m_error));
    }
    return readers;
}

void JsonObjectReader::rejectUnknownKeys()
{
    for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
        if (!m_seen.contains(it.key())) {
            fail(it.key(), QStringLiteral("unknown key"));
            return;
        }
    }
}

} // namespace mb
