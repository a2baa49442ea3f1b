// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/ArtifactStore.h"

#include "core/Sha256.h"
#include "db/Database.h"
#include "db/Guard.h"
#include "db/Timestamp.h"

#include <QJsonDocument>

#include <optional>

namespace mb::db {
namespace {

constexpr const char *kArtifactColumns = "SELECT ra.run_id, ra.name, ra.sha256, a.size, ra.meta, ra.created_at "
                                         "FROM run_artifacts ra JOIN artifacts a ON a.sha256 = ra.sha256 ";

RunArtifact readArtifact(const Statement &row)
{
    RunArtifact artifact;
    artifact.runId = row.columnInt(0);
    artifact.name = row.columnText(1);
    artifact.sha256 = row.columnText(2);
    artifact.size = row.columnInt(3);
    artifact.meta = QJsonDocument::fromJson(row.columnText(4).toUtf8()).object();
    artifact.createdAt = row.columnText(5);
    return artifact;
}

// Stores `bytes` once under their SHA-256 inside the caller's transaction and returns the address.
// A damaged copy of the same address would make the caller report bytes that read() refuses, so it
// is replaced by these good ones; the copy cannot be updated (trigger), so it is deleted and
// inserted again, the runs naming it checked only at commit.
QString insertBytes(Database &db, const QByteArray &bytes)
{
    const QString sha = sha256Hex(bytes);
    const char *insert = "INSERT OR IGNORE INTO artifacts(sha256, size, data) VALUES (?1, ?2, ?3)";
    db.prepare(insert).bind(1, sha).bind(2, std::int64_t(bytes.size())).bind(3, bytes).run();
    if (db.changes() > 0)
        return sha;
    Statement stored = db.prepare("SELECT data FROM artifacts WHERE sha256 = ?1");
    stored.bind(1, sha);
    if (stored.step() && stored.columnBlob(0) == bytes)
        return sha;
    db.exec("PRAGMA defer_foreign_keys = ON"); // reset by SQLite when the transaction ends
    db.prepare("DELETE FROM artifacts WHERE sha256 = ?1").bind(1, sha).run();
    db.prepare(insert).bind(1, sha).bind(2, std::int64_t(bytes.size())).bind(3, bytes).run();
    return sha;
}

void insertAttachment(Database &db, std::int64_t runId, const QString &name, const QString &sha256,
                      const QJsonObject &meta)
{
    db.prepare("INSERT OR REPLACE INTO run_artifacts(run_id, name, sha256, meta, created_at) "
               "VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind(1, runId)
        .bind(2, name)
        .bind(3, sha256)
        .bind(4, QString::fromUtf8(QJsonDocument(meta).toJson(QJsonDocument::Compact)))
        .bind(5, utcTimestamp())
        .run();
}

} // namespace

Result<QString> ArtifactStore::put(const QByteArray &bytes)
{
    return guarded(QStringLiteral("cannot store the artifact"), [&] {
        Transaction transaction(m_db);
        const QString sha = insertBytes(m_db, bytes);
        transaction.commit();
        return sha;
    });
}

Status ArtifactStore::attach(std::int64_t runId, const QString &name, const QString &sha256, const QJsonObject &meta)
{
    return guarded(QStringLiteral("cannot attach artifact '%1' to run %2").arg(name).arg(runId), [&] {
        insertAttachment(m_db, runId, name, sha256, meta);
        return Done{};
    });
}

Result<QString> ArtifactStore::store(std::int64_t runId, const QString &name, const QByteArray &bytes,
                                     const QJsonObject &meta)
{
    return guarded(QStringLiteral("cannot store artifact '%1' of run %2").arg(name).arg(runId), [&] {
        Transaction transaction(m_db);
        const QString sha = insertBytes(m_db, bytes);
        insertAttachment(m_db, runId, name, sha, meta);
        transaction.commit();
        return sha;
    });
}

Result<QByteArray> ArtifactStore::read(const QString &sha256)
{
    Result<std::optional<QByteArray>> stored = guarded(QStringLiteral("cannot read artifact %1").arg(sha256), [&] {
        Statement query = m_db.prepare("SELECT data FROM artifacts WHERE sha256 = ?1");
        query.bind(1, sha256);
        return query.step() ? std::optional(query.columnBlob(0)) : std::nullopt;
    });
    if (!stored)
        return Error{stored.error()};
    if (!stored->has_value())
        return Error{QStringLiteral("artifact %1 is not in this workspace").arg(sha256)};
    const QString actual = sha256Hex(**stored);
    if (actual != sha256)
        return Error{QStringLiteral("artifact %1 is damaged: its bytes now hash to %2, so it was not loaded")
                         .arg(sha256, actual)};
    return **stored;
}

Result<QList<RunArtifact>> ArtifactStore::artifactsOf(std::int64_t runId)
{
    return guarded(QStringLiteral("cannot list the artifacts of run %1").arg(runId), [&] {
        QList<RunArtifact> artifacts;
        Statement query = m_db.prepare(
            QByteArray(QByteArray(kArtifactColumns) + "WHERE ra.run_id = ?1 ORDER BY ra.name").constData());
        query.bind(1, runId);
        while (query.step())
            artifacts << readArtifact(query);
        return artifacts;
    });
}

Result<RunArtifact> ArtifactStore::artifact(std::int64_t runId, const QString &name)
{
    Result<std::optional<RunArtifact>> found =
        guarded(QStringLiteral("cannot read the artifacts of run %1").arg(runId), [&] {
            Statement query = m_db.prepare(
                QByteArray(QByteArray(kArtifactColumns) + "WHERE ra.run_id = ?1 AND ra.name = ?2").constData());
            query.bind(1, runId).bind(2, name);
            return query.step() ? std::optional(readArtifact(query)) : std::nullopt;
        });
    if (!found)
        return Error{found.error()};
    if (!found->has_value())
        return Error{QStringLiteral("run %1 has no artifact named '%2'").arg(runId).arg(name)};
    return found->value();
}

} // namespace mb::db
