// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/RunQueue.h"

#include "app/services/RunLiveness.h"
#include "db/Database.h"
#include "db/RunRepository.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QPointer>
#include <QSettings>
#include <QThread>
#include <QTimer>

#include <algorithm>

namespace mb::services {
namespace {

const QString kConcurrencyKey = QStringLiteral("runs/concurrency");
constexpr int kMaxConcurrency = 64;
// How often the open workspace is checked for runs whose worker died (a CLI worker killed while
// the window is open): half the heartbeat's staleness, so such a run reads as interrupted within
// 45 s of its last beat.
constexpr int kDeadRunCheckMs = kStaleHeartbeatSeconds * 1000 / 2;

} // namespace

RunQueue::RunQueue(QObject *parent) : QObject(parent)
{
    m_program = QCoreApplication::applicationFilePath();
    m_concurrency = std::clamp(QSettings().value(kConcurrencyKey, defaultConcurrency()).toInt(), 1, kMaxConcurrency);
    m_lookTimer = new QTimer(this);
    m_lookTimer->setInterval(kLookForQueuedMs);
    connect(m_lookTimer, &QTimer::timeout, this, &RunQueue::startQueued);
    m_deadRunTimer = new QTimer(this);
    m_deadRunTimer->setInterval(kDeadRunCheckMs);
    connect(m_deadRunTimer, &QTimer::timeout, this, &RunQueue::interruptDeadRuns);
}

RunQueue::~RunQueue()
{
    stopAll();
}

int RunQueue::defaultConcurrency()
{
    return std::max(1, QThread::idealThreadCount() / 2);
}

void RunQueue::setProgram(const QString &program)
{
    m_program = program;
}

void RunQueue::setWorkspace(db::Database *database, const QString &path)
{
    if (database == m_database && path == m_workspacePath)
        return;
    stopAll();
    m_database = database;
    m_workspacePath = path;
    m_lookTimer->stop();
    m_deadRunTimer->stop();
    if (!m_database)
        return;
    // Runs left "running" by a worker that died (a crash, a kill, a power loss) are interrupted.
    interruptDeadRuns();
    m_deadRunTimer->start();
    if (m_autoStart) {
        m_lookTimer->start();
        startQueued();
    }
}

void RunQueue::setConcurrency(int workers)
{
    m_concurrency = std::clamp(workers, 1, kMaxConcurrency);
    QSettings().setValue(kConcurrencyKey, m_concurrency);
    startQueued();
}

void RunQueue::setAutoStart(bool on)
{
    m_autoStart = on;
    if (on && m_database) {
        m_lookTimer->start();
        startQueued();
    } else {
        m_lookTimer->stop();
    }
}

void RunQueue::interruptDeadRuns()
{
    // A workspace opened read-only cannot record it; whoever may write records it when they open it.
    if (!m_database || !m_database->readOnlyReason().isEmpty())
        return;
    if (const Result<int> interrupted = services::interruptDeadRuns(*m_database); !interrupted)
        Q_EMIT errorOccurred(interrupted.error());
}

void RunQueue::startQueued()
{
    // A worker could store nothing in a workspace opened read-only: its queued runs wait for a
    // window that may write.
    if (!m_database || !m_autoStart || workerCount() >= m_concurrency || !m_database->readOnlyReason().isEmpty())
        return;
    Result<QList<std::int64_t>> queued = db::RunRepository(*m_database).queuedRunIds();
    if (!queued) {
        Q_EMIT errorOccurred(queued.error());
        return;
    }
    for (std::int64_t runId : *queued) {
        if (workerCount() >= m_concurrency)
            break;
        if (!m_workers.contains(runId))
            start(runId);
    }
}

void RunQueue::start(std::int64_t runId)
{
    auto *process = new QProcess(this);
    process->setProgram(m_program);
    process->setArguments({QStringLiteral("train"), QStringLiteral("--workspace"), m_workspacePath,
                           QStringLiteral("--run"), QString::number(runId)});
    process->setProcessChannelMode(QProcess::SeparateChannels);
    process->setStandardInputFile(QProcess::nullDevice());
    connect(process, &QProcess::readyReadStandardOutput, this, [this, runId] { onStdout(runId); });
    connect(process, &QProcess::readyReadStandardError, this, [this, runId] { onStderr(runId); });
    connect(process, &QProcess::finished, this,
            [this, runId](int code, QProcess::ExitStatus status) { onExited(runId, code, status); });
    connect(process, &QProcess::errorOccurred, this,
            [this, runId](QProcess::ProcessError error) { onProcessError(runId, error); });
    connect(process, &QProcess::started, this, [this, runId] {
        if (auto it = m_workers.find(runId); it != m_workers.end())
            it->pid = it->process->processId();
    });
    Worker worker;
    worker.process = process;
    m_workers.insert(runId, worker);
    process->start();
    Q_EMIT workersChanged(workerCount());
}

void RunQueue::onStdout(std::int64_t runId)
{
    auto it = m_workers.find(runId);
    if (it == m_workers.end())
        return;
    it->stdoutBuffer += it->process->readAllStandardOutput();
    // Lines are complete JSON objects; keep a partial last line for the next read.
    qsizetype newline;
    while ((newline = it->stdoutBuffer.indexOf('\n')) >= 0) {
        const QByteArray line = it->stdoutBuffer.left(newline).trimmed();
        it->stdoutBuffer.remove(0, newline + 1);
        if (!line.isEmpty())
            handleLine(runId, line);
        it = m_workers.find(runId); // a slot connected to a signal above may have changed the hash
        if (it == m_workers.end())
            return;
    }
}

void RunQueue::handleLine(std::int64_t runId, const QByteArray &line)
{
    const QJsonObject event = QJsonDocument::fromJson(line).object();
    const QString kind = event.value(QStringLiteral("event")).toString();
    if (kind == QLatin1String("started")) {
        Q_EMIT runStarted(runId, event.value(QStringLiteral("pid")).toInteger());
    } else if (kind == QLatin1String("progress")) {
        Q_EMIT runProgress(runId, event.value(QStringLiteral("epoch")).toInt(),
                           event.value(QStringLiteral("epochs")).toInt(),
                           event.value(QStringLiteral("fraction")).toDouble());
    } else if (kind == QLatin1String("epoch")) {
        Q_EMIT runEpoch(runId, event.value(QStringLiteral("epoch")).toInt(),
                        event.value(QStringLiteral("metrics")).toObject());
    } else if (kind == QLatin1String("finished")) {
        if (auto it = m_workers.find(runId); it != m_workers.end())
            it->reportedStatus = event.value(QStringLiteral("status")).toString();
    }
}

void RunQueue::onStderr(std::int64_t runId)
{
    auto it = m_workers.find(runId);
    if (it == m_workers.end())
        return;
    it->stderrTail += it->process->readAllStandardError();
    if (it->stderrTail.size() > kStderrTailBytes)
        it->stderrTail = it->stderrTail.right(kStderrTailBytes);
}

void RunQueue::onExited(std::int64_t runId, int exitCode, QProcess::ExitStatus exitStatus)
{
    if (!m_workers.contains(runId))
        return;
    onStdout(runId);
    onStderr(runId);
    const Worker worker = m_workers.value(runId);
    QString reason;
    if (exitStatus == QProcess::CrashExit)
        reason = worker.cancelRequested ? tr("the worker was stopped after the cancel request")
                                        : tr("the worker process crashed or was killed");
    else if (exitCode != 0)
        reason = tr("the worker exited with status %1").arg(exitCode);
    else
        reason = tr("the worker exited without recording a final status");
    settle(runId, worker, reason);
    release(runId);
}

void RunQueue::onProcessError(std::int64_t runId, QProcess::ProcessError error)
{
    // Only a failed start never emits finished(); the other errors are followed by it.
    if (error != QProcess::FailedToStart || !m_workers.contains(runId))
        return;
    const Worker worker = m_workers.value(runId);
    settle(runId, worker, tr("cannot start the worker %1: %2").arg(m_program, worker.process->errorString()));
    release(runId);
}

void RunQueue::settle(std::int64_t runId, const Worker &worker, const QString &reason)
{
    if (!m_database)
        return;
    db::RunRepository runs(*m_database);
    Result<db::RunRecord> run = runs.run(runId);
    if (!run) {
        Q_EMIT errorOccurred(run.error());
        return;
    }
    if (db::isFinal(run->status))
        return; // the worker recorded how it ended
    // Another process started this run first (two windows on one workspace): it is not ours.
    if (run->status == db::RunStatus::Running && run->workerPid && *run->workerPid != worker.pid)
        return;
    QString tail = QString::fromUtf8(worker.stderrTail).trimmed();
    tail += (tail.isEmpty() ? QString() : QStringLiteral("\n")) + QStringLiteral("[window] ") + reason;
    const db::RunStatus status =
        worker.cancelRequested || run->cancelRequested ? db::RunStatus::Cancelled : db::RunStatus::Failed;
    // The GUI thread: the dead worker's metric chunks are left unmerged (merging reads every point).
    if (const Status finished = runs.finish(runId, status, tail, db::RunRepository::ChunkMerge::Keep); !finished)
        Q_EMIT errorOccurred(finished.error());
}

void RunQueue::release(std::int64_t runId)
{
    const Worker worker = m_workers.take(runId);
    worker.process->disconnect(this);
    worker.process->deleteLater();
    Q_EMIT workersChanged(workerCount());
    Q_EMIT runExited(runId);
    // The freed slot goes to the next queued run, after the current signal has returned.
    QTimer::singleShot(0, this, &RunQueue::startQueued);
}

Status RunQueue::cancel(std::int64_t runId)
{
    if (!m_database)
        return Error{tr("no workspace is open")};
    if (Status requested = db::RunRepository(*m_database).requestCancel(runId); !requested)
        return requested;
    auto it = m_workers.find(runId);
    if (it == m_workers.end())
        return success(); // queued: cancelled in the store; another process's worker sees the flag
    it->cancelRequested = true;
    // SIGTERM: the worker stops at its next step and records "cancelled" itself.
    it->process->terminate();
    QPointer<QProcess> process = it->process;
    QTimer::singleShot(kKillAfterMs, process, [process] {
        if (process && process->state() != QProcess::NotRunning)
            process->kill();
    });
    return success();
}

void RunQueue::stopAll()
{
    const QList<std::int64_t> ids = m_workers.keys();
    for (std::int64_t runId : ids) {
        Worker worker = m_workers.take(runId);
        if (m_database)
            db::RunRepository(*m_database).requestCancel(runId);
        QProcess *process = worker.process;
        process->disconnect(this);
        process->terminate();
        // Let the worker record "cancelled" on its own; it outlives this queue, never the application.
        process->setParent(QCoreApplication::instance());
        m_stopping << QPointer<QProcess>(process);
        connect(process, &QProcess::finished, process, &QObject::deleteLater);
        QTimer::singleShot(kKillAfterMs, process, [process] {
            if (process->state() != QProcess::NotRunning)
                process->kill();
        });
    }
    if (!ids.isEmpty())
        Q_EMIT workersChanged(0);
}

void RunQueue::waitForStopped(int msecs)
{
    QDeadlineTimer deadline(msecs);
    for (const QPointer<QProcess> &process : std::as_const(m_stopping))
        if (process && process->state() != QProcess::NotRunning)
            process->waitForFinished(int(std::max<qint64>(1, deadline.remainingTime())));
    m_stopping.clear();
}

} // namespace mb::services
