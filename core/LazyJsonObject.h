// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

#include <memory>
#include <mutex>

namespace mb {

// A JSON object kept as the text it was stored as and parsed the first time it is read, so a list
// of 10 000 runs costs no JSON parsing for the columns its caller never looks at (a run's config,
// summary and fitted feature encoding). It reads like a const QJsonObject (value, contains,
// iteration, conversion to const QJsonObject &) and takes a QJsonObject by assignment. Copies share
// the text and the parse; a write (insert) gives the copy written to an object of its own.
// Thread contract: a const one may be read from several threads at once (the parse happens once).
class LazyJsonObject {
public:
    LazyJsonObject() = default;
    LazyJsonObject(QJsonObject object); // implicit: `record.config = QJsonObject{...}` reads as before
    // `utf8`: a JSON object's text; text that is not one reads as an empty object, as
    // QJsonDocument::fromJson(utf8).object() does.
    static LazyJsonObject fromText(QByteArray utf8);

    const QJsonObject &object() const;
    operator const QJsonObject &() const { return object(); }

    template<typename Key>
    QJsonValue value(const Key &key) const
    {
        return object().value(key);
    }
    template<typename Key>
    QJsonValue operator[](const Key &key) const
    {
        return object().value(key);
    }
    template<typename Key>
    bool contains(const Key &key) const
    {
        return object().contains(key);
    }
    bool isEmpty() const { return object().isEmpty(); }
    qsizetype size() const { return object().size(); }
    QStringList keys() const { return object().keys(); }
    QJsonObject::const_iterator begin() const { return object().constBegin(); }
    QJsonObject::const_iterator end() const { return object().constEnd(); }
    QJsonObject::const_iterator constBegin() const { return object().constBegin(); }
    QJsonObject::const_iterator constEnd() const { return object().constEnd(); }

    void insert(const QString &key, const QJsonValue &value);
    void remove(const QString &key);

    friend bool operator==(const LazyJsonObject &a, const LazyJsonObject &b) { return a.object() == b.object(); }
    friend bool operator==(const LazyJsonObject &a, const QJsonObject &b) { return a.object() == b; }
    friend bool operator==(const QJsonObject &a, const LazyJsonObject &b) { return a == b.object(); }
    friend bool operator!=(const LazyJsonObject &a, const LazyJsonObject &b) { return !(a == b); }
    friend bool operator!=(const LazyJsonObject &a, const QJsonObject &b) { return !(a == b); }
    friend bool operator!=(const QJsonObject &a, const LazyJsonObject &b) { return !(a == b); }

private:
    struct State {
        QByteArray text;
        mutable QJsonObject object;
        mutable std::once_flag parsed;
    };
    // The object to write to, no longer shared with any copy.
    QJsonObject &own();

    std::shared_ptr<State> m_state;
};

} // namespace mb
