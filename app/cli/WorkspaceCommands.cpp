// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/WorkspaceCommands.h"

#include "app/cli/CommandSupport.h"
#include "app/services/AbandonedImports.h"
#include "db/WorkspaceBackup.h"
#include "db/WorkspaceCheck.h"
#include "db/WorkspaceVacuum.h"

namespace mb::cli {

int workspaceCheckCommand(const QStringList &arguments)
{
    Arguments a(arguments, {workspaceOption(), jsonOption()}, {QStringLiteral("workspace")});
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    const db::WorkspaceCheckReport report = unwrap(db::checkWorkspace(workspace->database()));
    if (a.isSet(QStringLiteral("json"))) {
        printJson(QJsonObject{{QStringLiteral("sound"), report.sound()},
                              {QStringLiteral("checked"), QJsonArray::fromStringList(report.checked)},
                              {QStringLiteral("problems"), QJsonArray::fromStringList(report.problems)},
                              {QStringLiteral("notices"), QJsonArray::fromStringList(report.notices)}});
    } else {
        for (const QString &line : report.checked)
            out() << "ok: " << line << '\n';
        for (const QString &line : report.notices)
            out() << "notice: " << line << '\n';
        for (const QString &line : report.problems)
            out() << "problem: " << line << '\n';
        out() << (report.sound() ? QStringLiteral("the workspace is sound\n")
                                 : QStringLiteral("%1 problem(s) found\n").arg(report.problems.size()));
    }
    if (!report.sound())
        throw CommandFailed{QStringLiteral("workspace check found %1 problem(s), the first: %2")
                                .arg(report.problems.size())
                                .arg(report.problems.constFirst())};
    return 0;
}

int workspaceVacuumCommand(const QStringList &arguments)
{
    Arguments a(arguments, {workspaceOption(), jsonOption()}, {QStringLiteral("workspace")});
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    const int abandoned = unwrap(services::discardAbandonedImports(workspace->database()));
    const db::VacuumOutcome outcome = unwrap(db::vacuumWorkspace(workspace->database()));
    if (a.isSet(QStringLiteral("json")))
        printJson(QJsonObject{{QStringLiteral("bytes_before"), qint64(outcome.bytesBefore)},
                              {QStringLiteral("bytes_after"), qint64(outcome.bytesAfter)},
                              {QStringLiteral("dropped_artifacts"), qint64(outcome.droppedArtifacts)},
                              {QStringLiteral("discarded_imports"), abandoned},
                              {QStringLiteral("merged_runs"), qint64(outcome.mergedRuns)}});
    else
        out() << QStringLiteral("vacuumed: %1 bytes before, %2 bytes after (%3 unnamed artifact(s) dropped, %4 "
                                "abandoned import(s) discarded, the metric chunks of %5 ended run(s) merged)\n")
                     .arg(outcome.bytesBefore)
                     .arg(outcome.bytesAfter)
                     .arg(outcome.droppedArtifacts)
                     .arg(abandoned)
                     .arg(outcome.mergedRuns);
    return 0;
}

int workspaceBackupCommand(const QStringList &arguments)
{
    const QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("The new file for the copy."),
                                       QStringLiteral("F"));
    Arguments a(arguments, {workspaceOption(), outOption, jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("out")});
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    const QString target = a.value(QStringLiteral("out"));
    const db::BackupOutcome outcome = unwrap(db::backupWorkspace(workspace->database(), target));
    if (a.isSet(QStringLiteral("json")))
        printJson(QJsonObject{{QStringLiteral("out"), target},
                              {QStringLiteral("pages"), qint64(outcome.pages)},
                              {QStringLiteral("bytes"), qint64(outcome.bytes)}});
    else
        out() << QStringLiteral("backed up to %1: %2 pages, %3 bytes\n")
                     .arg(target)
                     .arg(outcome.pages)
                     .arg(outcome.bytes);
    return 0;
}

} // namespace mb::cli
