// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/runs/CheckpointExport.h"

#include "app/services/ArtifactExport.h"
#include "db/Database.h"

#include <QPointer>
#include <QThread>

namespace mb::ui {

CheckpointExport::CheckpointExport(QObject *parent) : QObject(parent) {}

CheckpointExport::~CheckpointExport()
{
    // The thread holds no pointer to this object once it is told not to report (the QPointer
    // below); waiting keeps a closing window from leaving a half-written file behind a live thread.
    if (m_thread)
        m_thread->wait();
}

bool CheckpointExport::start(const QString &workspacePath, std::int64_t runId, const QString &name,
                             const QString &out)
{
    if (m_running)
        return false;
    m_running = true;
    QPointer<CheckpointExport> self(this);
    m_thread = QThread::create([self, workspacePath, runId, name, out] {
        QString error, sha;
        qint64 bytes = 0;
        try {
            db::Database database(workspacePath, db::Database::Mode::ReadOnly);
            database.exec("PRAGMA busy_timeout = 5000");
            const Result<db::RunArtifact> written = services::exportRunArtifact(database, runId, name, out);
            if (written) {
                sha = written->sha256;
                bytes = written->size;
            } else {
                error = written.error();
            }
        } catch (const db::SqlError &e) {
            error = QStringLiteral("cannot read the workspace: %1").arg(e.message());
        }
        QMetaObject::invokeMethod(
            self.data(),
            [self, error, sha, bytes, out] {
                if (!self)
                    return;
                self->m_running = false;
                if (error.isEmpty())
                    Q_EMIT self->finished(out, sha, bytes);
                else
                    Q_EMIT self->failed(error);
            },
            Qt::QueuedConnection);
    });
    connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
    connect(m_thread, &QThread::finished, this, [this] { m_thread = nullptr; });
    m_thread->start();
    return true;
}

} // namespace mb::ui
