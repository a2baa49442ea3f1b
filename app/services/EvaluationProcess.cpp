// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/EvaluationProcess.h"

#include "app/services/TrainWorker.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace mb::services {

namespace {

// The worker's stderr line starts with the command's name (app/worker/EvaluateCommand).
const QString kWorkerPrefix = QStringLiteral("metricbridge evaluate: ");

} // namespace

EvaluationProcess::EvaluationProcess(QObject *parent) : QObject(parent) {}

EvaluationProcess::~EvaluationProcess()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(5000); // a killed process ends at once; no zombie left behind
    }
}

void EvaluationProcess::setProgram(const QString &program)
{
    m_program = program;
}

bool EvaluationProcess::start(const QString &workspacePath, std::int64_t runId, std::int64_t datasetVersion)
{
    if (m_process) {
        Q_EMIT failed(qint64(runId),
                      tr("run %1 is being evaluated on dataset version %2 already").arg(m_runId).arg(m_datasetVersion));
        return false;
    }
    const QString program = m_program.isEmpty() ? QCoreApplication::applicationFilePath() : m_program;
    const Result<QString> worker = trainWorkerPath(QFileInfo(program).absolutePath());
    if (!worker) {
        Q_EMIT failed(qint64(runId), worker.error());
        return false;
    }
    m_runId = runId;
    m_datasetVersion = datasetVersion;
    m_cancelling = false;
    preferPassiveOpenMpWaiting();
    m_process = new QProcess(this);
    connect(m_process, &QProcess::finished, this, &EvaluationProcess::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, &EvaluationProcess::onError);
    m_process->start(*worker,
                     {QStringLiteral("evaluate"), QStringLiteral("--workspace"), workspacePath, QStringLiteral("--run"),
                      QString::number(runId), QStringLiteral("--dataset-version"), QString::number(datasetVersion)});
    return true;
}

void EvaluationProcess::cancel()
{
    if (!m_process || m_cancelling)
        return;
    m_cancelling = true;
    // Not terminate(): the worker's SIGTERM handler only stops training, and a kill is safe here
    // (the evaluation is stored in one transaction or not at all).
    m_process->kill();
}

void EvaluationProcess::onFinished(int exitCode, QProcess::ExitStatus status)
{
    QProcess *process = m_process;
    m_process = nullptr;
    process->deleteLater();
    const std::int64_t runId = m_runId;
    if (m_cancelling) {
        Q_EMIT cancelled(qint64(runId));
        return;
    }
    if (status == QProcess::CrashExit) {
        Q_EMIT failed(qint64(runId), tr("the worker crashed or was killed; nothing was stored"));
        return;
    }
    if (exitCode != 0) {
        QString reason = QString::fromLocal8Bit(process->readAllStandardError()).trimmed().section(u'\n', -1);
        if (reason.startsWith(kWorkerPrefix))
            reason = reason.mid(kWorkerPrefix.size());
        Q_EMIT failed(qint64(runId), reason.isEmpty() ? tr("the worker exited with status %1").arg(exitCode) : reason);
        return;
    }
    // The last line is {"event": "evaluated", "evaluation": ID, "items": N}.
    const QByteArray out = process->readAllStandardOutput().trimmed();
    const QJsonObject line = QJsonDocument::fromJson(out.mid(out.lastIndexOf('\n') + 1)).object();
    const qint64 evaluationId = line.value(QStringLiteral("evaluation")).toInteger();
    if (evaluationId <= 0) {
        Q_EMIT failed(
            qint64(runId),
            tr("the worker did not say which evaluation it stored: %1").arg(QString::fromUtf8(out.right(200))));
        return;
    }
    Q_EMIT finished(qint64(runId), evaluationId);
}

void EvaluationProcess::onError(QProcess::ProcessError error)
{
    // A crash or kill also ends in finished(), which reports it; only a failed start does not.
    if (error != QProcess::FailedToStart || !m_process)
        return;
    QProcess *process = m_process;
    m_process = nullptr;
    process->deleteLater();
    Q_EMIT failed(qint64(m_runId),
                  tr("cannot start the worker %1: %2").arg(process->program(), process->errorString()));
}

} // namespace mb::services
