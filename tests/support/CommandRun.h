// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Runs the built `metricbridge` as a user would, for the end-to-end tests: arguments in, exit
// status and both output streams out. METRICBRIDGE_BINARY comes from tests/CMakeLists.txt.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QStringList>

namespace mbtest {

struct CommandRun {
    int exitCode = -1; // -1 when the program did not start or crashed
    QByteArray out;
    QByteArray err;
};

// `input` goes to stdin (for `-` file arguments); waits at most `timeoutMs`, since a demo trains.
inline CommandRun runMetricbridge(const QStringList &arguments, const QByteArray &input = {}, int timeoutMs = 240000)
{
    QProcess process;
    process.start(QStringLiteral(METRICBRIDGE_BINARY), arguments);
    if (!process.waitForStarted())
        return {};
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(timeoutMs);
    CommandRun run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

// The reasons the program gives: lines "metricbridge: <reason>" (Qt's own chatter aside).
inline QList<QByteArray> reasonLines(const CommandRun &run)
{
    QList<QByteArray> lines;
    for (const QByteArray &line : run.err.split('\n'))
        if (line.startsWith("metricbridge: "))
            lines << line;
    return lines;
}

// Errors are one line, "metricbridge: <reason>"; the first such line, or nothing.
inline QByteArray reasonLine(const CommandRun &run)
{
    const QList<QByteArray> lines = reasonLines(run);
    return lines.isEmpty() ? QByteArray() : lines.constFirst();
}

// The run id in `train`'s output: the worker's first line is {"event":"started","pid":...,"run":ID}.
// 0 when there is none.
inline qint64 startedRunId(const QByteArray &trainOutput)
{
    for (const QByteArray &line : trainOutput.split('\n')) {
        const QJsonObject event = QJsonDocument::fromJson(line).object();
        if (event.value(QStringLiteral("event")).toString() == QLatin1String("started"))
            return event.value(QStringLiteral("run")).toInteger();
    }
    return 0;
}

// A small linear model's run config for `train --config`: batches of 64, no early stopping, one
// thread; enough for a run that finishes and is evaluated. Callers add keys (such as `features`).
inline QJsonObject linearRunConfig(const QString &name, qint64 datasetVersion, qint64 split, const QString &task,
                                   const QString &target, int epochs = 1)
{
    return {{QStringLiteral("format"), QStringLiteral("metricbridge.run")},
            {QStringLiteral("format_version"), 1},
            {QStringLiteral("name"), name},
            {QStringLiteral("dataset_version"), datasetVersion},
            {QStringLiteral("split"), split},
            {QStringLiteral("task"), task},
            {QStringLiteral("targets"), QJsonArray{target}},
            {QStringLiteral("model"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("linear")}}},
            {QStringLiteral("epochs"), epochs},
            {QStringLiteral("batch_size"), 64},
            {QStringLiteral("early_stopping"), QJsonValue::Null},
            {QStringLiteral("threads"), 1}};
}

} // namespace mbtest
