// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoWorkspace.h"

#include "DatasetImport.h"

#include <DemoFraming.h>
#include <NewsfeedGenerator.h>
#include <FramingRepository.h>
#include <ProjectRepository.h>
#include <Workspace.h>

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace mb::cli {

namespace {

// The newsfeed posts go through the same CSV import as a user's file. The bytes are the same on
// every machine, so a second run finds the version already there and adds nothing.
Status importDemoData(db::Database &database, std::int64_t projectId)
{
    QTemporaryDir folder;
    if (!folder.isValid())
        return Error{QStringLiteral("cannot create a temporary folder for the demo data: %1").arg(folder.errorString())};
    const QString path = folder.filePath(QStringLiteral("newsfeed.csv"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)
        || file.write(data::generateNewsfeedCsv(data::kDemoNewsfeedRows, data::kDemoNewsfeedSeed)) < 0)
        return Error{QStringLiteral("cannot write the demo data: %1").arg(file.errorString())};
    file.close();

    DatasetImportRequest request;
    request.file = path;
    request.name = QStringLiteral("newsfeed posts");
    request.options.targets = {QStringLiteral("quality"), QStringLiteral("engagement")};
    request.options.valueColumns = {QStringLiteral("ad_value")};
    request.options.overrides[QStringLiteral("post_id")].ignore = true;
    // Train on the past, test on the most recent posts, as the seeds advise.
    request.split = data::SplitSpec::parse(QStringLiteral("ordered:posted_at:0.1,0.2"), 42).value();
    Result<DatasetImportOutcome> imported = importDataset(database, projectId, request);
    if (!imported)
        return Error{QStringLiteral("the demo data did not import: %1").arg(imported.error())};
    return success();
}

} // namespace

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
    return importDemoData(database, project->id);
}

QString defaultDemoWorkspacePath()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(folder);
    return QDir(folder).filePath(QStringLiteral("demo.mbw"));
}

} // namespace mb::cli
