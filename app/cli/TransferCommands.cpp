// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/TransferCommands.h"

#include "app/cli/CommandSupport.h"
#include "app/services/ProjectTransfer.h"
#include "app/services/RunsTableExport.h"
#include "db/ProjectRepository.h"

namespace mb::cli {
namespace {

QCommandLineOption outOption(const QString &what)
{
    return {QStringLiteral("out"), what, QStringLiteral("F")};
}

QList<std::int64_t> runList(const QString &text)
{
    QList<std::int64_t> ids;
    if (text.isEmpty())
        return ids;
    for (const QString &part : text.split(QLatin1Char(','))) {
        bool ok = false;
        const qint64 id = part.trimmed().toLongLong(&ok);
        if (!ok || id < 1)
            throw CommandFailed{QStringLiteral("--runs expects run ids (1, 2, ...) separated by commas, got '%1'")
                                    .arg(text)};
        ids << id;
    }
    return ids;
}

QJsonObject outcomeJson(const db::ProjectCopyOutcome &o)
{
    return {{QStringLiteral("project"), o.project},
            {QStringLiteral("project_id"), qint64(o.destinationProjectId)},
            {QStringLiteral("project_created"), o.projectCreated},
            {QStringLiteral("runs_copied"), o.runsCopied},
            {QStringLiteral("runs_already_there"), o.runsAlreadyThere},
            {QStringLiteral("dataset_versions_copied"), o.datasetVersionsCopied},
            {QStringLiteral("dataset_versions_already_there"), o.datasetVersionsAlreadyThere},
            {QStringLiteral("framing_versions_copied"), o.framingVersionsCopied},
            {QStringLiteral("evaluations_copied"), o.evaluationsCopied},
            {QStringLiteral("artifacts_copied"), o.artifactsCopied},
            {QStringLiteral("policies_copied"), o.policiesCopied},
            {QStringLiteral("notes"), QJsonArray::fromStringList(o.notes)}};
}

QString outcomeLine(const db::ProjectCopyOutcome &o)
{
    QString line = QStringLiteral("project '%1'%2: %3 run(s) copied, %4 already there; %5 dataset version(s) "
                                  "copied, %6 already there; %7 evaluation(s), %8 new artifact(s), %9 policy "
                                  "version(s)")
                       .arg(o.project, o.projectCreated ? QStringLiteral(" (new)") : QString())
                       .arg(o.runsCopied)
                       .arg(o.runsAlreadyThere)
                       .arg(o.datasetVersionsCopied)
                       .arg(o.datasetVersionsAlreadyThere)
                       .arg(o.evaluationsCopied)
                       .arg(o.artifactsCopied)
                       .arg(o.policiesCopied);
    for (const QString &note : o.notes)
        line += QStringLiteral("\n  note: ") + note;
    return line;
}

} // namespace

int projectExportCommand(const QStringList &arguments)
{
    const QCommandLineOption runs(QStringLiteral("runs"), QStringLiteral("Only these runs (ids, comma-separated)."),
                                  QStringLiteral("R1,R2"));
    Arguments a(arguments, {workspaceOption(), projectOption(), runs, outOption(QStringLiteral("The new workspace file.")),
                            jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("project"), QStringLiteral("out")});
    const QList<std::int64_t> runIds = runList(a.value(QStringLiteral("runs")));
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    const db::Project project =
        unwrap(db::ProjectRepository(workspace->database()).find(a.value(QStringLiteral("project"))));
    const QString target = a.value(QStringLiteral("out"));
    const db::ProjectCopyOutcome outcome =
        unwrap(services::exportProject(workspace->database(), project.id, runIds, target));
    if (a.isSet(QStringLiteral("json"))) {
        QJsonObject json = outcomeJson(outcome);
        json.insert(QStringLiteral("file"), target);
        printJson(json);
    } else {
        out() << QStringLiteral("exported to %1: ").arg(target) << outcomeLine(outcome) << '\n';
    }
    return 0;
}

int projectImportCommand(const QStringList &arguments)
{
    const QCommandLineOption file(QStringLiteral("file"), QStringLiteral("The workspace file to import."),
                                  QStringLiteral("F"));
    Arguments a(arguments, {workspaceOption(), file, jsonOption()}, {QStringLiteral("workspace"), QStringLiteral("file")});
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")), true);
    const QList<db::ProjectCopyOutcome> outcomes =
        unwrap(services::importWorkspaceFile(workspace->database(), a.value(QStringLiteral("file"))));
    printList(a.isSet(QStringLiteral("json")), outcomes, outcomeJson,
              [](const db::ProjectCopyOutcome &o) -> QString { return QStringLiteral("imported ") + outcomeLine(o); });
    return 0;
}

int runsExportCommand(const QStringList &arguments)
{
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("csv or json."), QStringLiteral("FORMAT"));
    Arguments a(arguments, {workspaceOption(), projectOption(), format, outOption(QStringLiteral("The file to write."))},
                {QStringLiteral("workspace"), QStringLiteral("project"), QStringLiteral("format"), QStringLiteral("out")});
    const QString kind = a.value(QStringLiteral("format")).toLower();
    if (kind != QLatin1String("csv") && kind != QLatin1String("json"))
        throw CommandFailed{QStringLiteral("--format: expected csv or json, got '%1'").arg(a.value(QStringLiteral("format")))};
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    const db::Project project =
        unwrap(db::ProjectRepository(workspace->database()).find(a.value(QStringLiteral("project"))));
    const QString target = a.value(QStringLiteral("out"));
    const int written = unwrap(services::exportRunsTable(
        workspace->database(), project.id,
        kind == QLatin1String("csv") ? services::RunsTableFormat::Csv : services::RunsTableFormat::Json, target));
    out() << QStringLiteral("wrote %1 run(s) of project '%2' to %3\n").arg(written).arg(project.name, target);
    return 0;
}

} // namespace mb::cli
