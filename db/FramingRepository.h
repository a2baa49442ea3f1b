// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"
#include "core/Result.h"

#include <QHash>
#include <QList>
#include <QString>

#include <cstdint>
#include <optional>

namespace mb::db {

class Database;

struct FramingInfo {
    std::int64_t id = 0;
    std::int64_t projectId = 0;
    QString name;
};

// How a user knows a stored framing version: its framing's name and its number in that framing
// ("main, version 4"), never the row id that runs record.
struct FramingVersionName {
    QString framing;
    int version = 0;
    QString label() const { return QStringLiteral("%1, version %2").arg(framing).arg(version); }
};

struct FramingVersionInfo {
    std::int64_t id = 0;
    std::int64_t framingId = 0;
    int version = 0;
    QString note;
    QString contentSha256;
    QString appVersion;
    QString createdAt; // ISO 8601, UTC
};

struct FramingVersion {
    FramingVersionInfo info;
    Framing framing;
};

struct SaveOutcome {
    FramingVersionInfo version;
    bool unchanged = false; // the framing equals the latest version, so no version was added
};

// Versioned framings. A save never overwrites: it appends version N+1, or returns the latest
// version unchanged when the content is identical. A framing that fails validation is refused.
// Thread contract: the thread that owns the Database.
class FramingRepository {
public:
    explicit FramingRepository(Database &db) : m_db(db) {}

    static QString defaultFramingName() { return QStringLiteral("main"); }

    Result<QList<FramingInfo>> framings(std::int64_t projectId);
    // The project's framing with this name (the default one when empty).
    Result<FramingInfo> framing(std::int64_t projectId, const QString &name = {});
    // An alternative framing of the same problem, starting empty.
    Result<FramingInfo> createFraming(std::int64_t projectId, const QString &name);

    Result<SaveOutcome> save(std::int64_t framingId, const Framing &framing, const QString &note = {});
    // Newest first.
    Result<QList<FramingVersionInfo>> versions(std::int64_t framingId);
    // Every version of every framing of the project, by row id (RunRecord::framingVersionId).
    Result<QHash<std::int64_t, FramingVersionName>> versionNames(std::int64_t projectId);
    // The version with this number, or the latest when `version` is 0; nullopt when there is none.
    Result<std::optional<FramingVersion>> load(std::int64_t framingId, int version = 0);
    // The project's current framing, the one runs are stamped with and judged by: the latest
    // version of its main framing; alternative framings are edited on the Framing page but judge no
    // run. Nullopt while the main framing has no saved version; an error when the project has no
    // main framing (an unknown project) or the store fails.
    Result<std::optional<FramingVersion>> current(std::int64_t projectId);

    // For ProjectRepository, inside its transaction.
    static std::int64_t insertFraming(Database &db, std::int64_t projectId, const QString &name);

private:
    Database &m_db; // not owned
};

} // namespace mb::db
