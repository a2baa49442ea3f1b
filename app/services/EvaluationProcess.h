// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QProcess>
#include <QString>

#include <cstdint>

namespace mb::services {

// Evaluates a run's stored model on another dataset version in the training worker
// (`metricbridge-train evaluate --workspace W --run R --dataset-version V`, what the command line's
// `evaluate --dataset-version` runs), without waiting for it: the window stays responsive while
// LibTorch predicts, and a cancel kills the process. The worker stores the evaluation in one
// transaction, so a cancel or a crash at any moment stores nothing.
// Exactly one of finished / failed / cancelled follows each successful start().
// Thread contract: GUI thread (or any thread with an event loop); the worker has its own connection.
class EvaluationProcess : public QObject {
    Q_OBJECT
public:
    explicit EvaluationProcess(QObject *parent = nullptr);
    ~EvaluationProcess() override; // kills a worker still running: nothing is stored

    // The metricbridge executable whose worker to run (the worker sits beside it); the running
    // application by default.
    void setProgram(const QString &program);

    // Starts the worker. False, with failed emitted, when one is running already or the worker
    // cannot be found.
    bool start(const QString &workspacePath, std::int64_t runId, std::int64_t datasetVersion);
    // Kills the worker; cancelled follows. Nothing when none runs.
    void cancel();
    bool isRunning() const { return m_process != nullptr; }
    std::int64_t runId() const { return m_runId; }
    std::int64_t datasetVersion() const { return m_datasetVersion; }

Q_SIGNALS:
    void finished(qint64 runId, qint64 evaluationId);
    // The worker's one-line reason (an incompatible version names the column), without its prefix.
    void failed(qint64 runId, const QString &message);
    void cancelled(qint64 runId);

private:
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onError(QProcess::ProcessError error);

    QString m_program;
    QProcess *m_process = nullptr; // owned (child) while a worker runs
    bool m_cancelling = false;
    std::int64_t m_runId = 0;
    std::int64_t m_datasetVersion = 0;
};

} // namespace mb::services
