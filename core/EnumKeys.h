// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <array>
#include <optional>
#include <utility>

namespace mb {

// One table per enum keeps the value <-> stable key mapping in a single place. Keys are what
// JSON and the store hold: never translated, never renamed.
template<typename E, std::size_t N>
using KeyTable = std::array<std::pair<E, const char *>, N>;

template<typename E, std::size_t N>
QString keyOf(const KeyTable<E, N> &table, E value)
{
    for (const auto &[v, key] : table)
        if (v == value)
            return QString::fromLatin1(key);
    return {};
}

template<typename E, std::size_t N>
std::optional<E> valueOf(const KeyTable<E, N> &table, const QString &key)
{
    for (const auto &[v, k] : table)
        if (key == QLatin1String(k))
            return v;
    return std::nullopt;
}

template<typename E, std::size_t N>
QStringList keysOf(const KeyTable<E, N> &table)
{
    QStringList keys;
    for (const auto &entry : table)
        keys << QString::fromLatin1(entry.second);
    return keys;
}

} // namespace mb
