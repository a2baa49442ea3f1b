// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/ReportCommands.h"

#include "app/cli/CommandSupport.h"
#include "app/services/ReportBuilder.h"
#include "db/ProjectRepository.h"

#include <QFileInfo>

namespace mb::cli {

int reportCommand(const QStringList &arguments, const ReportWriter &write)
{
    Arguments a(arguments,
                {workspaceOption(), projectOption(),
                 {QStringLiteral("out"), QStringLiteral("The report file: .pdf or .html."), QStringLiteral("F")},
                 {QStringLiteral("runs"), QStringLiteral("Run ids, comma-separated (default: every run)."),
                  QStringLiteral("IDS")},
                 {QStringLiteral("policy"), QStringLiteral("The trade-off policy (default: the newest saved)."),
                  QStringLiteral("NAME")},
                 {QStringLiteral("page-size"), QStringLiteral("a4 or letter."), QStringLiteral("SIZE"),
                  QStringLiteral("a4")}},
                {QStringLiteral("workspace"), QStringLiteral("project"), QStringLiteral("out")});
    const QString path = a.value(QStringLiteral("out"));
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("pdf") && suffix != QLatin1String("html") && suffix != QLatin1String("htm"))
        throw CommandFailed{QStringLiteral("--out '%1': a report is a .pdf or an .html file").arg(path)};
    const QString pageSize = a.value(QStringLiteral("page-size")).toLower();
    if (pageSize != QLatin1String("a4") && pageSize != QLatin1String("letter"))
        throw CommandFailed{
            QStringLiteral("--page-size '%1': choose a4 or letter").arg(a.value(QStringLiteral("page-size")))};

    services::ReportRequest request;
    if (a.isSet(QStringLiteral("runs"))) {
        for (const QString &part : a.value(QStringLiteral("runs")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            bool ok = false;
            const qint64 id = part.trimmed().toLongLong(&ok);
            if (!ok || id < 1)
                throw CommandFailed{QStringLiteral("--runs expects run ids such as 1,2,5; '%1' is not one").arg(part)};
            request.runIds << id;
        }
        if (request.runIds.isEmpty())
            throw CommandFailed{QStringLiteral("--runs names no run; give run ids such as 1,2,5")};
    }
    request.policyName = a.value(QStringLiteral("policy"));
    const std::unique_ptr<db::Workspace> workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    const db::Project project =
        unwrap(db::ProjectRepository(workspace->database()).find(a.value(QStringLiteral("project"))));
    request.projectId = project.id;
    request.workspacePath = QFileInfo(a.value(QStringLiteral("workspace"))).absoluteFilePath();
    const services::ReportContent content = unwrap(services::buildReportContent(workspace->database(), request));
    if (const Status written = write(content, path, pageSize); !written)
        throw CommandFailed{written.error()};
    out() << QFileInfo(path).absoluteFilePath() << '\n';
    return 0;
}

} // namespace mb::cli
