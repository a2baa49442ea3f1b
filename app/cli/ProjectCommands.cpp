// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/ProjectCommands.h"

#include "app/cli/CommandSupport.h"
#include "db/ProjectRepository.h"

#include <QJsonObject>

namespace mb::cli {
namespace {

QJsonObject projectJson(const db::Project &p)
{
    return {{QStringLiteral("id"), qint64(p.id)},
            {QStringLiteral("name"), p.name},
            {QStringLiteral("description"), p.description},
            {QStringLiteral("created_at"), p.createdAt}};
}

} // namespace

int projectCreateCommand(const QStringList &args)
{
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("Project name."), QStringLiteral("NAME"));
    const QCommandLineOption description(QStringLiteral("description"), QStringLiteral("What it is about."),
                                         QStringLiteral("TEXT"));
    Arguments a(args, {workspaceOption(), name, description, jsonOption()}, {QStringLiteral("workspace")});
    QString projectName = a.value(QStringLiteral("name"));
    if (projectName.isEmpty() && !a.positional().isEmpty())
        projectName = a.positional().constFirst();
    if (projectName.isEmpty())
        throw CommandFailed{QStringLiteral("missing --name")};
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")), true);
    const db::Project project = unwrap(
        db::ProjectRepository(workspace->database()).create(projectName, a.value(QStringLiteral("description"))));
    if (a.isSet(QStringLiteral("json")))
        printJson(projectJson(project));
    else
        out() << QStringLiteral("created project %1 '%2'\n").arg(project.id).arg(project.name);
    return 0;
}

int projectListCommand(const QStringList &args)
{
    Arguments a(args, {workspaceOption(), jsonOption()}, {QStringLiteral("workspace")});
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    const QList<db::Project> projects = unwrap(db::ProjectRepository(workspace->database()).list());
    printList(a.isSet(QStringLiteral("json")), projects, projectJson,
              [](const db::Project &p) { return QStringLiteral("%1\t%2").arg(p.id).arg(p.name); });
    return 0;
}

} // namespace mb::cli
