// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

#include <cstdint>

class QThread;

namespace mb::ui {

// Writes a run's artifact to a file on a thread of its own (services::exportRunArtifact), with a
// connection of its own to the workspace: a checkpoint can be hundreds of megabytes, read, hashed
// again and written, and the window must not wait for that. One export at a time; the answer
// arrives as finished() or failed() on the GUI thread.
// Thread contract: created and used on the GUI thread; the work runs on a QThread it starts.
class CheckpointExport : public QObject {
    Q_OBJECT
public:
    explicit CheckpointExport(QObject *parent = nullptr);
    ~CheckpointExport() override;

    // False while an export is running.
    bool start(const QString &workspacePath, std::int64_t runId, const QString &name, const QString &out);
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void finished(const QString &out, const QString &sha256, qint64 bytes);
    void failed(const QString &message);

private:
    bool m_running = false;
    QThread *m_thread = nullptr; // the running export's; deleted when it ends
};

} // namespace mb::ui
