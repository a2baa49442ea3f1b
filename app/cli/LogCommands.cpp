// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/LogCommands.h"

#include "app/cli/CommandSupport.h"
#include "app/services/ExternalRuns.h"
#include "app/services/MetricLog.h"
#include "app/services/PredictionLog.h"
#include "core/JsonReader.h"
#include "core/TextList.h"
#include "core/evaluation/ReportedMetrics.h"
#include "db/ProjectRepository.h"

#include <QFile>

namespace mb::cli {
namespace {

QCommandLineOption fileOption(const QString &description)
{
    return {QStringLiteral("file"), description, QStringLiteral("F")};
}

QByteArray readFile(const QString &path, const QString &what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw CommandFailed{QStringLiteral("cannot read %1 '%2': %3").arg(what, path, file.errorString())};
    return file.readAll();
}

} // namespace

int logStartCommand(const QStringList &arguments)
{
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("The run's name."), QStringLiteral("N"));
    const QCommandLineOption version(QStringLiteral("dataset-version"),
                                     QStringLiteral("The dataset version it trains on."), QStringLiteral("V"));
    const QCommandLineOption split(QStringLiteral("split"), QStringLiteral("The split it trains on."),
                                   QStringLiteral("S"));
    const QCommandLineOption target(QStringLiteral("target"), QStringLiteral("The target column(s) it predicts."),
                                    QStringLiteral("T"));
    const QCommandLineOption task(QStringLiteral("task"),
                                  QStringLiteral("binary, multiclass, multilabel, regression "
                                                 "or two_objective_ranking."),
                                  QStringLiteral("K"));
    const QCommandLineOption tool(QStringLiteral("tool"), QStringLiteral("The tool, e.g. scikit-learn."),
                                  QStringLiteral("NAME"));
    const QCommandLineOption toolVersion(QStringLiteral("tool-version"), QStringLiteral("The tool's version."),
                                         QStringLiteral("V"));
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("The tool's parameters, a JSON object."),
                                    QStringLiteral("F"));
    const QCommandLineOption tags(QStringLiteral("tags"), QStringLiteral("Tags, comma separated."),
                                  QStringLiteral("A,B"));
    Arguments a(arguments,
                {workspaceOption(), projectOption(), name, version, split, target, task, tool, toolVersion, config,
                 tags, jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("project"), QStringLiteral("name"),
                 QStringLiteral("dataset-version"), QStringLiteral("split"), QStringLiteral("target")});
    services::ExternalRunStart start;
    start.name = a.value(QStringLiteral("name"));
    start.datasetVersion = idOption(a, QStringLiteral("dataset-version"), QStringLiteral("a dataset version id"));
    start.split = idOption(a, QStringLiteral("split"), QStringLiteral("a split id"));
    start.targets = splitCommaList(a.value(QStringLiteral("target")));
    if (a.isSet(QStringLiteral("task"))) {
        start.task = taskTypeFromKey(a.value(QStringLiteral("task")));
        if (!start.task)
            throw CommandFailed{QStringLiteral("--task: expected one of %1, got '%2'")
                                    .arg(taskTypeKeys().join(QStringLiteral(", ")), a.value(QStringLiteral("task")))};
    }
    start.tool = a.value(QStringLiteral("tool"));
    start.toolVersion = a.value(QStringLiteral("tool-version"));
    start.tags = splitCommaList(a.value(QStringLiteral("tags")));
    if (a.isSet(QStringLiteral("config"))) {
        const QString path = a.value(QStringLiteral("config"));
        Result<QJsonObject> params = parseJsonObject(readFile(path, QStringLiteral("the parameters")));
        if (!params)
            throw CommandFailed{QStringLiteral("%1: %2").arg(path, params.error())};
        start.params = *params;
    }
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    db::Database &database = workspace->database();
    const db::Project project = unwrap(db::ProjectRepository(database).find(a.value(QStringLiteral("project"))));
    const db::RunRecord run = unwrap(services::startExternalRun(database, project.id, start));
    if (a.isSet(QStringLiteral("json")))
        printJson(QJsonObject{{QStringLiteral("run"), qint64(run.id)},
                              {QStringLiteral("status"), db::toKey(run.status)},
                              {QStringLiteral("task"), run.config.value(QStringLiteral("task"))}});
    else
        out() << run.id << '\n';
    return 0;
}

int logMetricsCommand(const QStringList &arguments)
{
    Arguments a(
        arguments,
        {workspaceOption(), runOption(), fileOption(QStringLiteral("JSON lines; - or absent: stdin.")), jsonOption()},
        {QStringLiteral("workspace"), QStringLiteral("run")});
    const std::int64_t id = runId(a);
    const QString path = a.isSet(QStringLiteral("file")) ? a.value(QStringLiteral("file")) : QStringLiteral("-");
    QFile input;
    const bool opened = path == QLatin1String("-") ? input.open(stdin, QIODevice::ReadOnly)
                                                   : (input.setFileName(path), input.open(QIODevice::ReadOnly));
    if (!opened)
        throw CommandFailed{QStringLiteral("cannot read %1: %2").arg(path, input.errorString())};
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    Result<services::MetricLogOutcome> logged = services::logMetricLines(workspace->database(), id, input);
    if (!logged)
        throw CommandFailed{path == QLatin1String("-") ? logged.error()
                                                       : QStringLiteral("%1, %2").arg(path, logged.error())};
    if (a.isSet(QStringLiteral("json")))
        printJson(QJsonObject{{QStringLiteral("run"), qint64(id)},
                              {QStringLiteral("points"), qint64(logged->points)},
                              {QStringLiteral("series"), logged->series}});
    else
        out() << QStringLiteral("logged %1 points in %2 series to run %3\n")
                     .arg(logged->points)
                     .arg(logged->series)
                     .arg(id);
    return 0;
}

int logPredictionsCommand(const QStringList &arguments)
{
    const QCommandLineOption version(QStringLiteral("dataset-version"),
                                     QStringLiteral("The run's dataset version (checked)."), QStringLiteral("V"));
    const QCommandLineOption split(QStringLiteral("split"), QStringLiteral("The run's split (checked)."),
                                   QStringLiteral("S"));
    const QCommandLineOption part(QStringLiteral("part"), QStringLiteral("test or validation."),
                                  QStringLiteral("PART"));
    const QCommandLineOption latency(QStringLiteral("latency-ms"),
                                     QStringLiteral("Inference latency samples, milliseconds, one per line."),
                                     QStringLiteral("F"));
    const QCommandLineOption reported(QStringLiteral("reported"),
                                      QStringLiteral("The metrics the tool computed itself, a JSON object; shown "
                                                     "beside the app's and compared, never used instead."),
                                      QStringLiteral("F"));
    Arguments a(arguments,
                {workspaceOption(), runOption(), version, split, part,
                 fileOption(QStringLiteral("The predictions, CSV.")), latency, reported, jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("run"), QStringLiteral("part"), QStringLiteral("file")});
    services::PredictionLogRequest request;
    request.runId = runId(a);
    if (a.isSet(QStringLiteral("dataset-version")))
        request.datasetVersion = idOption(a, QStringLiteral("dataset-version"), QStringLiteral("a dataset version id"));
    if (a.isSet(QStringLiteral("split")))
        request.split = idOption(a, QStringLiteral("split"), QStringLiteral("a split id"));
    request.part = a.value(QStringLiteral("part"));
    request.file = a.value(QStringLiteral("file"));
    request.latencyFile = a.value(QStringLiteral("latency-ms"));
    request.reportedFile = a.value(QStringLiteral("reported"));
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    const services::PredictionLogOutcome logged = unwrap(services::logPredictions(workspace->database(), request));
    const db::EvaluationRecord &e = logged.evaluation;
    const QList<evaluation::ReportedMetric> compared = evaluation::compareReported(e.reportedMetrics, e.metrics);
    // A disagreement is stored and shown, not refused: the app's figures stand either way.
    for (const QString &sentence : evaluation::disagreementSentences(compared))
        err() << QStringLiteral("warning: %1\n").arg(sentence);
    if (a.isSet(QStringLiteral("json"))) {
        printJson(QJsonObject{{QStringLiteral("run"), qint64(e.runId)},
                              {QStringLiteral("evaluation"), qint64(e.id)},
                              {QStringLiteral("part"), e.part},
                              {QStringLiteral("items"), qint64(e.items)},
                              {QStringLiteral("rows_without_target"), qint64(logged.rowsWithoutTarget)},
                              {QStringLiteral("metrics"), e.metrics},
                              {QStringLiteral("reported_metrics"), evaluation::reportedComparisonJson(compared)}});
        return 0;
    }
    out()
        << QStringLiteral("stored evaluation %1 of run %2: %3 %4 rows").arg(e.id).arg(e.runId).arg(e.items).arg(e.part);
    if (logged.rowsWithoutTarget > 0)
        out() << QStringLiteral(" (%1 rows without a target value left out)").arg(logged.rowsWithoutTarget);
    out() << '\n';
    if (!compared.isEmpty()) {
        const qsizetype disagreeing = evaluation::disagreeingKeys(compared).size();
        out() << QStringLiteral("the tool reported %1 metrics: %2 disagree with the app's\n")
                     .arg(compared.size())
                     .arg(disagreeing);
    }
    return 0;
}

int logArtifactCommand(const QStringList &arguments)
{
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("The artifact's name; default: the file's."),
                                  QStringLiteral("N"));
    Arguments a(arguments,
                {workspaceOption(), runOption(), fileOption(QStringLiteral("The file.")), name, jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("run"), QStringLiteral("file")});
    const std::int64_t id = runId(a);
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    const db::RunArtifact artifact = unwrap(services::logExternalArtifact(
        workspace->database(), id, a.value(QStringLiteral("file")), a.value(QStringLiteral("name"))));
    if (a.isSet(QStringLiteral("json")))
        printJson(QJsonObject{{QStringLiteral("run"), qint64(id)},
                              {QStringLiteral("name"), artifact.name},
                              {QStringLiteral("sha256"), artifact.sha256},
                              {QStringLiteral("size"), qint64(artifact.size)}});
    else
        out() << QStringLiteral("stored artifact '%1' of run %2 (%3 bytes, sha256 %4)\n")
                     .arg(artifact.name)
                     .arg(id)
                     .arg(artifact.size)
                     .arg(artifact.sha256);
    return 0;
}

int logFinishCommand(const QStringList &arguments)
{
    const QCommandLineOption status(QStringLiteral("status"), QStringLiteral("finished (default) or failed."),
                                    QStringLiteral("S"));
    const QCommandLineOption reason(QStringLiteral("reason"), QStringLiteral("Why it failed."), QStringLiteral("TEXT"));
    Arguments a(arguments, {workspaceOption(), runOption(), status, reason},
                {QStringLiteral("workspace"), QStringLiteral("run")});
    const std::int64_t id = runId(a);
    const QString key =
        a.isSet(QStringLiteral("status")) ? a.value(QStringLiteral("status")) : QStringLiteral("finished");
    const std::optional<db::RunStatus> ending = db::runStatusFromKey(key);
    if (!ending || (*ending != db::RunStatus::Finished && *ending != db::RunStatus::Failed))
        throw CommandFailed{QStringLiteral("--status: expected finished or failed, got '%1'").arg(key)};
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    const Status finished =
        services::finishExternalRun(workspace->database(), id, *ending, a.value(QStringLiteral("reason")));
    if (!finished)
        throw CommandFailed{finished.error()};
    out() << QStringLiteral("run %1 %2\n").arg(id).arg(key);
    return 0;
}

} // namespace mb::cli
