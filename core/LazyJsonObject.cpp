// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/LazyJsonObject.h"

#include <QJsonDocument>

namespace mb {

namespace {

const QJsonObject &emptyObject()
{
    static const QJsonObject empty;
    return empty;
}

} // namespace

LazyJsonObject::LazyJsonObject(QJsonObject object) : m_state(std::make_shared<State>())
{
    std::call_once(m_state->parsed, [&] { m_state->object = std::move(object); });
}

LazyJsonObject LazyJsonObject::fromText(QByteArray utf8)
{
    LazyJsonObject lazy;
    lazy.m_state = std::make_shared<State>();
    lazy.m_state->text = std::move(utf8);
    return lazy;
}

const QJsonObject &LazyJsonObject::object() const
{
    if (!m_state)
        return emptyObject();
    State &state = *m_state;
    std::call_once(state.parsed, [&state] {
        state.object = QJsonDocument::fromJson(state.text).object();
        state.text.clear(); // parsed once: the object is what is kept
    });
    return state.object;
}

QJsonObject &LazyJsonObject::own()
{
    QJsonObject copy = object();
    m_state = std::make_shared<State>();
    std::call_once(m_state->parsed, [&] { m_state->object = std::move(copy); });
    return m_state->object;
}

void LazyJsonObject::insert(const QString &key, const QJsonValue &value)
{
    own().insert(key, value);
}

void LazyJsonObject::remove(const QString &key)
{
    own().remove(key);
}

} // namespace mb
