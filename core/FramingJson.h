// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"
#include "core/Result.h"

#include <QByteArray>
#include <QJsonObject>

namespace mb {

// The framing file format (docs/CLI.md): a JSON object tagged with "format" and
// "format_version". Reading is strict: an unknown key, a wrong type or an unknown enum value
// is refused with a message naming the field.
constexpr int kFramingFormatVersion = 1;

QJsonObject framingToJson(const Framing &framing);
Result<Framing> framingFromJson(const QJsonObject &object);

// Canonical bytes: keys sorted, indented. Equal framings give equal bytes, so the bytes can be
// hashed and compared.
QByteArray framingToBytes(const Framing &framing);
Result<Framing> framingFromBytes(const QByteArray &bytes);

bool sameFraming(const Framing &a, const Framing &b);

} // namespace mb
