// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/LifecycleCommands.h"

#include "app/cli/CommandSupport.h"
#include "app/services/ArtifactExport.h"
#include "app/services/RunLiveness.h"
#include "db/Deletion.h"
#include "db/ProjectRepository.h"
#include "db/RunArchive.h"

namespace mb::cli {
namespace {

QCommandLineOption runsOption()
{
    return {QStringLiteral("run"), QStringLiteral("The run's id, or several separated by commas."),
            QStringLiteral("R[,R...]")};
}

QList<std::int64_t> runIds(const Arguments &a)
{
    QList<std::int64_t> ids;
    for (const QString &part : a.value(QStringLiteral("run")).split(QLatin1Char(','))) {
        bool ok = false;
        const qint64 id = part.trimmed().toLongLong(&ok);
        if (!ok || id < 1)
            throw CommandFailed{QStringLiteral("--run expects run ids (1, 2, ...) separated by commas, got '%1'")
                                    .arg(a.value(QStringLiteral("run")))};
        if (!ids.contains(id))
            ids << id;
    }
    return ids;
}

QString idText(const QList<std::int64_t> &ids)
{
    QStringList text;
    for (const std::int64_t id : ids)
        text << QString::number(id);
    return text.join(QStringLiteral(", "));
}

QJsonArray idArray(const QList<std::int64_t> &ids)
{
    QJsonArray array;
    for (const std::int64_t id : ids)
        array.append(qint64(id));
    return array;
}

// Runs left "running" by a dead worker are marked interrupted first, so they can be deleted;
// a live worker's run stays running and is refused.
std::unique_ptr<db::Workspace> openForDeletion(const Arguments &a)
{
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    (void)services::interruptDeadRuns(workspace->database());
    return workspace;
}

void printDeletion(const Arguments &a, const QString &what, const db::DeletionOutcome &outcome)
{
    if (a.isSet(QStringLiteral("json"))) {
        printJson(QJsonObject{{QStringLiteral("deleted"), what},
                              {QStringLiteral("runs"), idArray(outcome.runs)},
                              {QStringLiteral("evaluations"), qint64(outcome.evaluations)},
                              {QStringLiteral("dropped_artifacts"), qint64(outcome.droppedArtifacts)}});
        return;
    }
    out() << QStringLiteral("deleted %1").arg(what);
    if (!outcome.runs.isEmpty())
        out() << QStringLiteral(" with run(s) %1").arg(idText(outcome.runs));
    out() << QStringLiteral(": %1 evaluation(s), %2 artifact(s) no other run names\n")
                 .arg(outcome.evaluations)
                 .arg(outcome.droppedArtifacts);
}

int setArchived(const QStringList &arguments, bool archived)
{
    Arguments a(arguments, {workspaceOption(), runsOption(), jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("run")});
    const QList<std::int64_t> ids = runIds(a);
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    db::RunArchive archive(workspace->database());
    unwrap(archived ? archive.archive(ids) : archive.unarchive(ids));
    if (a.isSet(QStringLiteral("json")))
        printJson(QJsonObject{{archived ? QStringLiteral("archived") : QStringLiteral("unarchived"), idArray(ids)}});
    else
        out() << QStringLiteral("%1 run(s) %2\n").arg(archived ? QStringLiteral("archived") : QStringLiteral("unarchived"),
                                                      idText(ids));
    return 0;
}

} // namespace

int runsArchiveCommand(const QStringList &arguments)
{
    return setArchived(arguments, true);
}

int runsUnarchiveCommand(const QStringList &arguments)
{
    return setArchived(arguments, false);
}

int runsDeleteCommand(const QStringList &arguments)
{
    Arguments a(arguments, {workspaceOption(), runsOption(), jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("run")});
    const QList<std::int64_t> ids = runIds(a);
    auto workspace = openForDeletion(a);
    const db::DeletionOutcome outcome = unwrap(db::Deletion(workspace->database()).deleteRuns(ids));
    printDeletion(a, QStringLiteral("run(s) %1").arg(idText(ids)), outcome);
    return 0;
}

int evaluationDeleteCommand(const QStringList &arguments)
{
    const QCommandLineOption evaluation(QStringLiteral("evaluation"), QStringLiteral("The evaluation's id."),
                                        QStringLiteral("E"));
    Arguments a(arguments, {workspaceOption(), evaluation, jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("evaluation")});
    const std::int64_t id = idOption(a, QStringLiteral("evaluation"), QStringLiteral("an evaluation id"));
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    const db::DeletionOutcome outcome = unwrap(db::Deletion(workspace->database()).deleteEvaluation(id));
    printDeletion(a, QStringLiteral("evaluation %1").arg(id), outcome);
    return 0;
}

int datasetDeleteCommand(const QStringList &arguments)
{
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Dataset version id."),
                                     QStringLiteral("V"));
    const QCommandLineOption force(QStringLiteral("force"),
                                   QStringLiteral("Also delete the runs trained on it and the evaluations on it."));
    Arguments a(arguments, {workspaceOption(), version, force, jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("version")});
    const std::int64_t id = idOption(a, QStringLiteral("version"), QStringLiteral("a dataset version id"));
    auto workspace = openForDeletion(a);
    const db::DeletionOutcome outcome =
        unwrap(db::Deletion(workspace->database()).deleteDatasetVersion(id, a.isSet(QStringLiteral("force"))));
    printDeletion(a, QStringLiteral("dataset version %1").arg(id), outcome);
    return 0;
}

int projectDeleteCommand(const QStringList &arguments)
{
    Arguments a(arguments, {workspaceOption(), projectOption(), jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("project")});
    auto workspace = openForDeletion(a);
    const db::Project project =
        unwrap(db::ProjectRepository(workspace->database()).find(a.value(QStringLiteral("project"))));
    const db::DeletionOutcome outcome = unwrap(db::Deletion(workspace->database()).deleteProject(project.id));
    printDeletion(a, QStringLiteral("project %1 '%2'").arg(project.id).arg(project.name), outcome);
    return 0;
}

int runsArtifactCommand(const QStringList &arguments)
{
    if (arguments.value(0) != QLatin1String("export"))
        throw CommandFailed{QStringLiteral("'runs artifact' knows one subcommand, export; got '%1'")
                                .arg(arguments.value(0))};
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("The artifact's name; default: best."),
                                  QStringLiteral("NAME"), QStringLiteral("best"));
    const QCommandLineOption outFile(QStringLiteral("out"), QStringLiteral("The file to write."), QStringLiteral("F"));
    Arguments a(arguments.mid(1), {workspaceOption(), runOption(), name, outFile, jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("run"), QStringLiteral("out")});
    const std::int64_t run = runId(a);
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    const QString path = a.value(QStringLiteral("out"));
    const db::RunArtifact written =
        unwrap(services::exportRunArtifact(workspace->database(), run, a.value(QStringLiteral("name")), path));
    if (a.isSet(QStringLiteral("json")))
        printJson(QJsonObject{{QStringLiteral("run"), qint64(run)},
                              {QStringLiteral("name"), written.name},
                              {QStringLiteral("sha256"), written.sha256},
                              {QStringLiteral("bytes"), qint64(written.size)},
                              {QStringLiteral("file"), path}});
    else
        out() << QStringLiteral("wrote artifact '%1' of run %2 (%3 bytes, sha256 %4) to %5\n")
                     .arg(written.name)
                     .arg(run)
                     .arg(written.size)
                     .arg(written.sha256, path);
    return 0;
}

} // namespace mb::cli
