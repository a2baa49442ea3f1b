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
    // A new demo gets the whole story. An existing framing is left as it is: the user may have
    // edited it, and rebuilding the demo must not revert that.
    Result<QList<db::FramingVersionInfo>> versions = framings.versions(framing->id);
    if (!versions)
        return Error{versions.error()};
    const QList<DemoFramingStep> steps = versions->isEmpty() ? demoNewsfeedHistory() : QList<DemoFramingStep>{};
    for (const DemoFramingStep &step : steps) {
        Result<db::SaveOutcome> saved = framings.save(framing->id, step.framing, step.note);
        if (!saved)
            return Error{saved.error()};
    }
    return success();
}

QString defaultDemoWorkspacePath()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(folder);
    return QDir(folder).filePath(QStringLiteral("demo.mbw"));
}

} // namespace mb::cli
