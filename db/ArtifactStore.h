// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <cstdint>

namespace mb::db {

class Database;

struct RunArtifact {
    std::int64_t runId = 0;
    QString name;   // such as "best" or "last"
    QString sha256; // lowercase hex of the bytes
    std::int64_t size = 0;
    QJsonObject meta;
    QString createdAt;
};

// Content-addressed bytes, such as model checkpoints. Equal bytes are stored once. Every read
// hashes the bytes again and refuses them if they no longer match their address, so a damaged
// checkpoint is never handed to torch::load.
// Thread contract: the thread that owns the Database.
class ArtifactStore {
public:
    explicit ArtifactStore(Database &db) : m_db(db) {}

    // Stores `bytes` (once) and returns their SHA-256. A damaged stored copy of the same address
    // is replaced by these bytes.
    Result<QString> put(const QByteArray &bytes);
    // Names stored bytes as an artifact of a run; a second attach with the same name replaces it.
    Status attach(std::int64_t runId, const QString &name, const QString &sha256, const QJsonObject &meta = {});
    // put() and attach() in one transaction: a process killed in between leaves neither, never
    // bytes that no run names (which nothing would ever delete). Returns the SHA-256.
    Result<QString> store(std::int64_t runId, const QString &name, const QByteArray &bytes,
                          const QJsonObject &meta = {});
    // The verified bytes.
    Result<QByteArray> read(const QString &sha256);
    Result<QList<RunArtifact>> artifactsOf(std::int64_t runId);
    Result<RunArtifact> artifact(std::int64_t runId, const QString &name);

private:
    Database &m_db; // not owned
};

} // namespace mb::db
