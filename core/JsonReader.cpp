// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/JsonReader.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

namespace mb {

namespace {

// "line 3, column 5" of byte `offset` in `text`, columns counted in characters as an editor shows them.
QString lineAndColumn(const QByteArray &text, qsizetype offset)
{
    const QByteArray before = text.left(offset);
    const qsizetype line = before.count('\n') + 1;
    const qsizetype column = QString::fromUtf8(before.mid(before.lastIndexOf('\n') + 1)).size() + 1;
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

// The first key that appears twice in one object of `text`, which is valid JSON. Qt keeps the last
// value of a repeated key without a word, so `{"lr": 0.1, "lr": 10}` would train at 10 while the
// file seems to say 0.1 at a glance. Keys are compared as written (an escaped spelling of the same
// key is not caught).
std::optional<QString> duplicateKey(const QByteArray &text)
{
    struct Scope {
        bool object = false;
        QSet<QByteArray> keys;
    };
    QList<Scope> scopes;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text.at(i);
        if (c == '{' || c == '[') {
            scopes.append(Scope{c == '{', {}});
        } else if (c == '}' || c == ']') {
            if (!scopes.isEmpty())
                scopes.removeLast();
        } else if (c == '"') {
            const qsizetype start = i;
            for (++i; i < text.size() && text.at(i) != '"'; ++i)
                if (text.at(i) == '\\')
                    ++i;
            const QByteArray string = text.mid(start + 1, i - start - 1);
            qsizetype next = i + 1;
            while (next < text.size() && QChar::isSpace(uchar(text.at(next))))
                ++next;
            const bool isKey = next < text.size() && text.at(next) == ':' && !scopes.isEmpty() && scopes.last().object;
            if (isKey && !scopes.last().keys.contains(string))
                scopes.last().keys.insert(string);
            else if (isKey)
                return QStringLiteral("the key \"%1\" appears twice in one object (again at %2); keep one")
                    .arg(QString::fromUtf8(string), lineAndColumn(text, start));
        }
    }
    return std::nullopt;
}

} // namespace

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
        return Error{
            QStringLiteral("JSON syntax error at %1: %2").arg(lineAndColumn(text, position), parseError.errorString())};
    }
    if (!document.isObject())
        return Error{QStringLiteral("expected a JSON object at the top level")};
    if (const std::optional<QString> duplicate = duplicateKey(text))
        return Error{*duplicate};
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
    return numberValue(key, take(key), fallback);
}

QMap<QString, double> JsonObjectReader::numberEntries(double nullValue)
{
    QMap<QString, double> entries;
    // Each value as iterated, never looked up by its name: Qt drops a leading U+FEFF from a name
    // when it decodes one, so a lookup by the decoded name would miss (found by fuzz_tradeoffpolicy).
    for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
        m_seen.insert(it.key());
        entries.insert(it.key(), numberValue(it.key(), it.value(), nullValue));
    }
    return entries;
}

double JsonObjectReader::numberValue(const QString &key, const QJsonValue &value, double fallback)
{
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
