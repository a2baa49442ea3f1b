// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoWorkspace.h"

#include <DemoFraming.h>
#include <FramingRepository.h>
#include <ProjectRepository.h>
#include <Workspace.h>

#include <QDir>
#include <QStandardPaths>

namespace mb::cli {

Status buildDemoWorkspace(const QString &path)
{
    Result<std::unique_ptr<db::Workspace>> workspace = db::Workspace::openOrCreate(path);
    if (!workspace)
        return Error{workspace.error()};
    db::Database &database = (*workspace)->database();

    db::ProjectRepository projects(database);
    Result<db::Project> project = projects.find(demoProjectName());
    if (!project)
        project = projects.create(demoProjectName(),
                                  QStringLiteral("The seeds' example: rank a newsfeed for engagement "
                                                 "while keeping post quality."));
    if (!project)
        return Error{project.error()};

    db::FramingRepository framings(database);
    Result<db::FramingInfo> framing = framings.framing(project->id);
    if (!framing)
        return Error{framing.error()};
    Result<db::SaveOutcome> saved = framings.save(framing->id, demoNewsfeedFraming(),
                                                  QStringLiteral("Demo framing"));
    if (!saved)
        return Error{saved.error()};
    return success();
}

QString defaultDemoWorkspacePath()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(folder);
    return QDir(folder).filePath(QStringLiteral("demo.mbw"));
}

} // namespace mb::cli
