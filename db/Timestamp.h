// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

namespace mb::db {

// Every time the store writes: UTC, ISO 8601 with milliseconds. One format everywhere, so
// timestamps also compare correctly as text in SQL (heartbeats, for one).
inline QString utcTimestamp(qint64 secondsFromNow = 0)
{
    return QDateTime::currentDateTimeUtc().addSecs(secondsFromNow).toString(Qt::ISODateWithMs);
}

} // namespace mb::db
