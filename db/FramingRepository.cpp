// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/FramingRepository.h"

#include "core/BuildInfo.h"
#include "core/Sha256.h"
#include "core/FramingJson.h"
#include "core/FramingValidator.h"
#include "db/Database.h"
#include "db/Guard.h"
#include "db/Timestamp.h"

namespace mb::db {
namespace {

constexpr const char *kVersionColumns = "id, framing_id, version, note, content_sha256, app_version, created_at";

FramingVersionInfo readVersionInfo(const Statement &row)
{
    FramingVersionInfo info;
    info.id = row.columnInt(0);
    info.framingId = row.columnInt(1);
    info.version = int(row.columnInt(2));
    info.note = row.columnText(3);
    info.contentSha256 = row.columnText(4);
    info.appVersion = row.columnText(5);
    info.createdAt = row.columnText(6);
    return info;
}

QByteArray versionQuery(const char *tail)
{
    return QByteArray("SELECT ") + kVersionColumns + ", content FROM framing_versions " + tail;
}

} // namespace

std::int64_t FramingRepository::insertFraming(Database &db, std::int64_t projectId, const QString &name)
{
    db.prepare("INSERT INTO framings(project_id, name, created_at) VALUES (?1, ?2, ?3)")
        .bind(1, projectId)
        .bind(2, name)
        .bind(3, utcTimestamp())
        .run();
    return db.lastInsertId();
}

Result<QList<FramingInfo>> FramingRepository::framings(std::int64_t projectId)
{
    return guarded(QStringLiteral("cannot list framings"), [&] {
        QList<FramingInfo> result;
        Statement query = m_db.prepare("SELECT id, project_id, name FROM framings WHERE project_id = ?1 ORDER BY id");
        query.bind(1, projectId);
        while (query.step())
            result << FramingInfo{query.columnInt(0), query.columnInt(1), query.columnText(2)};
        return result;
    });
}

Result<FramingInfo> FramingRepository::framing(std::int64_t projectId, const QString &name)
{
    const QString wanted = name.isEmpty() ? defaultFramingName() : name;
    Result<QList<FramingInfo>> all = framings(projectId);
    if (!all)
        return Error{all.error()};
    for (const FramingInfo &info : *all)
        if (info.name == wanted)
            return info;
    return Error{QStringLiteral("the project has no framing named '%1'").arg(wanted)};
}

Result<FramingInfo> FramingRepository::createFraming(std::int64_t projectId, const QString &name)
{
    if (name.trimmed().isEmpty())
        return Error{QStringLiteral("a framing needs a name")};
    if (framing(projectId, name.trimmed()))
        return Error{QStringLiteral("the project already has a framing named '%1'").arg(name.trimmed())};
    return guarded(QStringLiteral("cannot create framing '%1'").arg(name), [&] {
        Transaction transaction(m_db);
        const std::int64_t id = insertFraming(m_db, projectId, name.trimmed());
        transaction.commit();
        return FramingInfo{id, projectId, name.trimmed()};
    });
}

Result<SaveOutcome> FramingRepository::save(std::int64_t framingId, const Framing &framing, const QString &note)
{
    const QList<FramingProblem> problems = validateFraming(framing);
    if (!problems.isEmpty())
        return Error{QStringLiteral("the framing was not saved: %1").arg(describeProblems(problems))};

    const QByteArray content = framingToBytes(framing);
    const QString sha256 = mb::sha256Hex(content);

    return guarded(QStringLiteral("cannot save the framing"), [&] {
        Transaction transaction(m_db);
        Statement latest =
            m_db.prepare(versionQuery("WHERE framing_id = ?1 ORDER BY version DESC LIMIT 1").constData());
        latest.bind(1, framingId);
        int nextVersion = 1;
        if (latest.step()) {
            const FramingVersionInfo previous = readVersionInfo(latest);
            if (previous.contentSha256 == sha256)
                return SaveOutcome{previous, true};
            nextVersion = previous.version + 1;
        }
        FramingVersionInfo info;
        info.framingId = framingId;
        info.version = nextVersion;
        info.note = note;
        info.contentSha256 = sha256;
        info.appVersion = applicationVersion();
        info.createdAt = utcTimestamp();
        m_db.prepare("INSERT INTO framing_versions(framing_id, version, content, content_sha256, note, "
                     "app_version, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
            .bind(1, framingId)
            .bind(2, info.version)
            .bind(3, QString::fromUtf8(content))
            .bind(4, sha256)
            .bind(5, note)
            .bind(6, info.appVersion)
            .bind(7, info.createdAt)
            .run();
        info.id = m_db.lastInsertId();
        transaction.commit();
        return SaveOutcome{info, false};
    });
}

Result<QList<FramingVersionInfo>> FramingRepository::versions(std::int64_t framingId)
{
    return guarded(QStringLiteral("cannot list framing versions"), [&] {
        QList<FramingVersionInfo> result;
        Statement query = m_db.prepare(versionQuery("WHERE framing_id = ?1 ORDER BY version DESC").constData());
        query.bind(1, framingId);
        while (query.step())
            result << readVersionInfo(query);
        return result;
    });
}

Result<QHash<std::int64_t, FramingVersionName>> FramingRepository::versionNames(std::int64_t projectId)
{
    return guarded(QStringLiteral("cannot list framing versions"), [&] {
        QHash<std::int64_t, FramingVersionName> names;
        Statement query = m_db.prepare("SELECT v.id, f.name, v.version FROM framing_versions v "
                                       "JOIN framings f ON f.id = v.framing_id WHERE f.project_id = ?1");
        query.bind(1, projectId);
        while (query.step())
            names.insert(query.columnInt(0), FramingVersionName{query.columnText(1), int(query.columnInt(2))});
        return names;
    });
}

Result<std::optional<FramingVersion>> FramingRepository::load(std::int64_t framingId, int version)
{
    Result<std::optional<std::pair<FramingVersionInfo, QString>>> row =
        guarded(QStringLiteral("cannot load the framing"), [&] {
            Statement query = m_db.prepare(
                version > 0 ? versionQuery("WHERE framing_id = ?1 AND version = ?2").constData()
                            : versionQuery("WHERE framing_id = ?1 ORDER BY version DESC LIMIT 1").constData());
            query.bind(1, framingId);
            if (version > 0)
                query.bind(2, version);
            if (!query.step())
                return std::optional<std::pair<FramingVersionInfo, QString>>();
            return std::optional(std::make_pair(readVersionInfo(query), query.columnText(7)));
        });
    if (!row)
        return Error{row.error()};
    if (!row->has_value()) {
        if (version > 0)
            return Error{QStringLiteral("framing version %1 does not exist").arg(version)};
        return std::optional<FramingVersion>();
    }
    const auto &[info, content] = row->value();
    Result<Framing> framing = framingFromBytes(content.toUtf8());
    if (!framing)
        return Error{QStringLiteral("framing version %1 is stored in a form this build cannot read: %2")
                         .arg(info.version)
                         .arg(framing.error())};
    return std::optional(FramingVersion{info, *framing});
}

Result<std::optional<FramingVersion>> FramingRepository::current(std::int64_t projectId)
{
    const Result<FramingInfo> mainFraming = framing(projectId);
    if (!mainFraming)
        return Error{QStringLiteral("cannot read the current framing of project #%1: %2")
                         .arg(projectId)
                         .arg(mainFraming.error())};
    return load(mainFraming->id);
}

} // namespace mb::db
