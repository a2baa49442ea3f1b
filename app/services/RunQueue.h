// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QProcess>

#include <cstdint>

class QTimer;

namespace mb::db {
class Database;
}

namespace mb::services {

// Starts the workspace's queued runs, oldest first, each in a worker process
// (`<program> train --workspace W --run ID`), at most concurrency() at a time. The worker writes
// the run's status, metrics and artifacts to the workspace itself; the queue reads its JSON lines
// for live progress and keeps the last few KB of its stderr. A worker that crashes, is killed or
// exits with an error while its run is not final in the store gets the run marked failed, with
// that stderr tail. Cancel asks through the store, then terminates the worker, then kills it.
// Nothing here waits for a worker: every step is driven by QProcess signals and timers.
// Thread contract: GUI thread; uses the window's connection.
class RunQueue : public QObject {
    Q_OBJECT
public:
    static constexpr int kStderrTailBytes = 4096;
    static constexpr int kKillAfterMs = 5000;     // after terminate(), a worker still running is killed
    static constexpr int kLookForQueuedMs = 2000; // runs queued by another process (the CLI) start too

    explicit RunQueue(QObject *parent = nullptr);
    ~RunQueue() override;

    // max(1, ideal thread count / 2): each worker trains with several threads of its own.
    static int defaultConcurrency();

    // The executable to run as a worker; the running application by default.
    void setProgram(const QString &program);
    QString program() const { return m_program; }
    // The workspace whose queued runs to start. Workers of the previous workspace are cancelled.
    void setWorkspace(db::Database *database, const QString &path);
    // Saved in QSettings ("runs/concurrency").
    void setConcurrency(int workers);
    int concurrency() const { return m_concurrency; }
    // Off: queued runs wait (a screenshot must not train anything).
    void setAutoStart(bool on);
    bool autoStart() const { return m_autoStart; }

    // Starts queued runs while fewer than concurrency() workers run.
    void startQueued();
    // Marks interrupted the workspace's runs whose worker died (services::interruptDeadRuns); runs
    // when a workspace is set and every kStaleHeartbeatSeconds / 2 while it is open.
    void interruptDeadRuns();
    // A queued run is cancelled at once; a running one is asked to stop, then terminated.
    Status cancel(std::int64_t runId);
    bool isWorking(std::int64_t runId) const { return m_workers.contains(runId); }
    int workerCount() const { return int(m_workers.size()); }
    // Cancels every worker and lets go of them without waiting; they finish or are killed later.
    void stopAll();
    // After stopAll(), when the application is about to quit: gives the stopped workers up to
    // `msecs` to record "cancelled" themselves before quitting kills them. Blocks; shutdown only.
    void waitForStopped(int msecs);

Q_SIGNALS:
    void runStarted(qint64 runId, qint64 pid);
    void runProgress(qint64 runId, int epoch, int epochs, double fraction);
    void runEpoch(qint64 runId, int epoch, const QJsonObject &metrics);
    // The worker has exited and the run is final in the store (or was left to another worker).
    void runExited(qint64 runId);
    void workersChanged(int count);
    void errorOccurred(const QString &message);

private:
    struct Worker {
        QProcess *process = nullptr; // owned (parented to this)
        std::int64_t pid = 0;
        QByteArray stdoutBuffer; // an incomplete last line
        QByteArray stderrTail;
        bool cancelRequested = false;
        QString reportedStatus; // from the "finished" line
    };
    void start(std::int64_t runId);
    void onStdout(std::int64_t runId);
    void onStderr(std::int64_t runId);
    void onExited(std::int64_t runId, int exitCode, QProcess::ExitStatus exitStatus);
    void onProcessError(std::int64_t runId, QProcess::ProcessError error);
    void handleLine(std::int64_t runId, const QByteArray &line);
    // Marks the run failed (or cancelled) unless it is final or another worker owns it.
    void settle(std::int64_t runId, const Worker &worker, const QString &reason);
    void release(std::int64_t runId);

    db::Database *m_database = nullptr; // not owned
    QString m_workspacePath;
    QString m_program;
    int m_concurrency = 1;
    bool m_autoStart = true;
    QHash<std::int64_t, Worker> m_workers;
    QList<QPointer<QProcess>> m_stopping; // stopped by stopAll(), possibly still running
    QTimer *m_lookTimer = nullptr;        // owned (child)
    QTimer *m_deadRunTimer = nullptr;     // owned (child): interruptDeadRuns
};

} // namespace mb::services
