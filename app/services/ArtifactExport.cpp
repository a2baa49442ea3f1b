// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/ArtifactExport.h"

#include <QSaveFile>
#include <QStringList>

namespace mb::services {

Result<db::RunArtifact> exportRunArtifact(db::Database &db, std::int64_t runId, const QString &name,
                                          const QString &out)
{
    if (out.isEmpty())
        return Error{QStringLiteral("no file to write the artifact to")};
    db::ArtifactStore store(db);
    Result<db::RunArtifact> artifact = store.artifact(runId, name);
    if (!artifact) {
        const Result<QList<db::RunArtifact>> all = store.artifactsOf(runId);
        QStringList names;
        if (all)
            for (const db::RunArtifact &a : *all)
                names << a.name;
        return Error{names.isEmpty()
                         ? QStringLiteral("run %1 has no artifacts").arg(runId)
                         : QStringLiteral("run %1 has no artifact '%2'; it has: %3")
                               .arg(runId)
                               .arg(name, names.join(QStringLiteral(", ")))};
    }
    const Result<QByteArray> bytes = store.read(artifact->sha256);
    if (!bytes)
        return Error{bytes.error()};
    QSaveFile file(out);
    if (!file.open(QIODevice::WriteOnly))
        return Error{QStringLiteral("cannot write %1: %2").arg(out, file.errorString())};
    if (file.write(*bytes) != bytes->size() || !file.commit())
        return Error{QStringLiteral("cannot write %1: %2").arg(out, file.errorString())};
    return artifact;
}

} // namespace mb::services
