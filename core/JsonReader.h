// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace mb {

// Parses JSON text into an object; a syntax error names the line and column.
Result<QJsonObject> parseJsonObject(const QByteArray &text);

// Reads a JSON object strictly: every problem names the field by its path
// ("business_metrics[1].direction"), unknown keys are refused, and the first error wins so that
// the message the user sees points at one thing to fix.
class JsonObjectReader {
public:
    explicit JsonObjectReader(QJsonObject object, QString path = {});

    bool has(const QString &key) const { return m_object.contains(key); }
    QString string(const QString &key, const QString &fallback = {});
    bool boolean(const QString &key, bool fallback);
    double number(const QString &key, double fallback);
    // A free-form object whose names are data (a policy's metric values), not fields: every entry
    // must be a finite number or null, which reads as `nullValue`.
    QMap<QString, double> numberEntries(double nullValue);
    QStringList stringList(const QString &key);
    QList<double> numberList(const QString &key);
    // A string that must be one of `allowed`; returns `fallback` when the key is absent.
    QString choice(const QString &key, const QStringList &allowed, const QString &fallback);
    // Nested objects and arrays of objects share this reader's error.
    JsonObjectReader object(const QString &key);
    QList<JsonObjectReader> objectList(const QString &key);

    // Call after reading every known key: any other key is an error naming it.
    void rejectUnknownKeys();
    // Reports a semantic problem with a field of this object.
    void fail(const QString &key, const QString &message);

    bool failed() const { return !m_error->isEmpty(); }
    const QString &error() const { return *m_error; }

private:
    JsonObjectReader(QJsonObject object, QString path, std::shared_ptr<QString> error);
    QString pathOf(const QString &key) const;
    QJsonValue take(const QString &key);
    double numberValue(const QString &key, const QJsonValue &value, double fallback);

    QJsonObject m_object;
    QString m_path;
    QSet<QString> m_seen;
    std::shared_ptr<QString> m_error; // shared by the whole tree of readers
};

} // namespace mb
