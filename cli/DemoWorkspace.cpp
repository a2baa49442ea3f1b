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
    // A new demo gets the whole story; an existing one only what it lacks, so a second run adds
    // nothing and a newer build brings an old demo up to date.
    Result<QList<db::FramingVersionInfo>> versions = framings.versions(framing->id);
    if (!versions)
        return Error{versions.error()};
    QList<DemoFramingStep> steps = demoNewsfeedHistory();
    if (!versions->isEmpty())
        steps = {steps.constLast()};
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
