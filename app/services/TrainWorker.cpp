// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/TrainWorker.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace mb::services {

// LibTorch's OpenMP threads spin while they wait for work. On a busy machine (two runs at once,
// the window, a build) spinning threads steal the cores their peers need: on 2 cores an epoch
// measured 20x slower. Passive waiting costs nothing measurable when the machine is idle. The
// variable must be in the environment before the worker loads libgomp, hence here. A value the
// user set is kept.
void preferPassiveOpenMpWaiting()
{
    if (qEnvironmentVariableIsEmpty("OMP_WAIT_POLICY"))
        qputenv("OMP_WAIT_POLICY", "PASSIVE");
}

Result<QString> trainWorkerPath()
{
    return trainWorkerPath(QCoreApplication::applicationDirPath());
}

Result<QString> trainWorkerPath(const QString &programDirectory)
{
    const QDir here(programDirectory);
    const QStringList candidates{here.filePath(QStringLiteral("metricbridge-train")),
                                 here.filePath(QStringLiteral("../libexec/metricbridge/metricbridge-train"))};
    for (const QString &candidate : candidates)
        if (QFileInfo(candidate).isExecutable())
            return QDir::cleanPath(candidate);
    return Error{
        QStringLiteral("the training worker is missing: looked for %1").arg(candidates.join(QStringLiteral(" and ")))};
}

Status execTrainWorker(const QStringList &arguments)
{
    Result<QString> worker = trainWorkerPath();
    if (!worker)
        return Error{worker.error()};
    std::vector<QByteArray> words{QFile::encodeName(*worker), QByteArrayLiteral("train")};
    for (const QString &argument : arguments)
        words.push_back(argument.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &word : words)
        argv.push_back(word.data());
    argv.push_back(nullptr);
    preferPassiveOpenMpWaiting();
    ::execv(argv.front(), argv.data());
    return Error{QStringLiteral("cannot start the training worker %1: %2")
                     .arg(*worker, QString::fromLocal8Bit(std::strerror(errno)))};
}

Status runTrainWorker(const QString &workspacePath, std::int64_t runId)
{
    return runWorker({QStringLiteral("train"), QStringLiteral("--workspace"), workspacePath, QStringLiteral("--run"),
                      QString::number(runId)});
}

Status runWorker(const QStringList &arguments)
{
    Result<QString> worker = trainWorkerPath();
    if (!worker)
        return Error{worker.error()};
    preferPassiveOpenMpWaiting();
    QProcess process;
    process.setStandardOutputFile(QProcess::nullDevice());
    process.start(*worker, arguments);
    if (!process.waitForStarted())
        return Error{QStringLiteral("cannot start the training worker %1: %2").arg(*worker, process.errorString())};
    process.waitForFinished(-1);
    if (process.exitStatus() == QProcess::CrashExit)
        return Error{QStringLiteral("the training worker crashed")};
    if (process.exitCode() != 0)
        return Error{QString::fromLocal8Bit(process.readAllStandardError()).trimmed().section(QLatin1Char('\n'), -1)};
    return success();
}

} // namespace mb::services
