// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/training/Trainer.h"
#include "db/MetricSeriesStore.h"
#include "db/RunRepository.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QTextStream>

#include <cstdint>
#include <functional>

namespace mb::worker {

// Records a run as it trains: every step's loss, learning rate, samples/s and wall time and every
// epoch's metrics go to the workspace's metric series; the summary and the log keep the window
// informed (the heartbeat has its own thread: Heartbeat); progress goes to stdout as JSON lines. Writes are batched in
// time (points buffered, flushed a few times a second) so tracking costs almost nothing per step. It also asks training
// to stop when a cancel arrives, by signal or through the workspace.
class RunTracker : public training::TrainingObserver {
public:
    RunTracker(db::Database &db, std::int64_t runId, QTextStream &progress);

    bool step(const training::StepReport &report) override;
    void epoch(const training::EpochReport &report) override;
    void log(const QString &line) override;

    // Writes everything buffered; the error, if any, names what could not be stored.
    Status flush();
    // What a wait for a busy store does when the worker is asked to stop (SIGTERM, a cancel).
    enum class OnStop { GiveUp, KeepWaiting };
    // Tries `write` until it is stored, waiting out a busy store: another process holding the write
    // lock (an import, a backup, a long evaluation) is not a failure until it has held it for ten
    // minutes. Every write of a run goes through here, mid-run and at its end (checkpoints,
    // evaluation, summary, final status), so a busy store never fails a run. The writes that
    // record how a run ended KeepWaiting: a cancelled run must still be stored as cancelled.
    Status untilStored(const std::function<Status()> &write, OnStop onStop = OnStop::GiveUp);
    QJsonObject summary() const { return m_summary; }
    void emitEvent(QJsonObject event);

private:
    // Keeps the first failure to store, which stops training; a busy store is a failure only once
    // it has been busy for ten minutes.
    Status record(Status status);

    db::Database &m_db;
    db::RunRepository m_runs;
    db::MetricSeriesWriter m_writer;
    std::int64_t m_runId;
    QTextStream &m_progress;
    int m_loss = 0, m_rate = 0, m_throughput = 0, m_wall = 0; // series handles
    std::int64_t m_lastStep = 0;                              // the global step of the latest step report
    QElapsedTimer m_sinceFlush, m_sinceCancelPoll, m_sinceProgress;
    QJsonObject m_summary;
    bool m_cancelled = false;
    QString m_storageError; // the first failure to store; training stops on it
    QElapsedTimer m_busySince; // valid while the store has been busy since the last write it took
};

} // namespace mb::worker
