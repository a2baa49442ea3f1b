// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoWorkspace.h"

#include "DatasetImport.h"
#include "RunQueueing.h"
#include "TrainWorker.h"

#include <DemoFraming.h>
#include <NewsfeedGenerator.h>
#include <FramingRepository.h>
#include <ProjectRepository.h>
#include <RunRepository.h>
#include <TrainingConfig.h>
#include <Workspace.h>

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace mb::cli {

namespace {

// The newsfeed posts go through the same CSV import as a user's file. The bytes are the same on
// every machine, so a second run finds the version already there and adds nothing.
Result<DatasetImportOutcome> importDemoData(db::Database &database, std::int64_t projectId)
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
    return imported;
}

// The seeds' two models per objective (Approach 2), the one model on a combined loss
// (Approach 1), and a simple baseline to beat. Small and few epochs, so the demo trains in seconds.
QList<TrainingConfig> demoRunConfigs(std::int64_t datasetVersion, std::int64_t split)
{
    auto binary = [&](const QString &name, const QString &target) {
        TrainingConfig config = defaultTrainingConfig(TaskType::Binary);
        config.name = name;
        config.datasetVersion = datasetVersion;
        config.split = split;
        config.targets = {target};
        config.model.hidden = {32, 16};
        config.epochs = 8;
        config.batchSize = 256;
        return config;
    };
    TrainingConfig combined = defaultTrainingConfig(TaskType::TwoObjectiveRanking);
    combined.name = QStringLiteral("combined loss 0.5·quality + 0.5·engagement");
    combined.datasetVersion = datasetVersion;
    combined.split = split;
    combined.targets = {QStringLiteral("quality"), QStringLiteral("engagement")};
    combined.model.hidden = {32, 16};
    combined.epochs = 8;
    combined.batchSize = 256;
    TrainingConfig baseline = binary(QStringLiteral("engagement baseline (logistic)"), QStringLiteral("engagement"));
    baseline.model.kind = ModelKind::Linear;
    baseline.epochs = 4;
    return {binary(QStringLiteral("quality model"), QStringLiteral("quality")),
            binary(QStringLiteral("engagement model"), QStringLiteral("engagement")), combined, baseline};
}

// Queues the demo runs unless the project has runs already (the user's or an earlier demo's).
Result<QList<std::int64_t>> queueDemoRuns(db::Database &database, std::int64_t projectId,
                                          const DatasetImportOutcome &data)
{
    db::RunRepository runs(database);
    Result<QList<db::RunRecord>> existing = runs.runs(projectId);
    if (!existing)
        return Error{existing.error()};
    QList<std::int64_t> queued;
    for (const db::RunRecord &run : *existing)
        if (run.status == db::RunStatus::Queued)
            queued.prepend(run.id); // oldest first
    if (!existing->isEmpty() || !data.split)
        return queued;
    for (const TrainingConfig &config : demoRunConfigs(data.version.id, data.split->id)) {
        Result<db::RunRecord> run = queueRun(database, projectId, config);
        if (!run)
            return Error{QStringLiteral("the demo run '%1' cannot be queued: %2").arg(config.name, run.error())};
        queued << run->id;
    }
    return queued;
}

// The project, framing, data and queued runs; returns the queued runs, oldest first. The
// workspace is closed on return, so workers can have it to themselves.
Result<QList<std::int64_t>> buildDemoContent(const QString &path)
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
    Result<DatasetImportOutcome> data = importDemoData(database, project->id);
    if (!data)
        return Error{data.error()};
    return queueDemoRuns(database, project->id, *data);
}

} // namespace

Status buildDemoWorkspace(const QString &path, DemoTraining training)
{
    QList<std::int64_t> queued;
    {
        Result<QList<std::int64_t>> built = buildDemoContent(path);
        if (!built)
            return Error{built.error()};
        queued = *built;
    }
    if (training == DemoTraining::Queue)
        return success();
    for (std::int64_t run : queued)
        if (Status trained = runTrainWorker(path, run); !trained)
            return Error{QStringLiteral("demo run %1: %2").arg(run).arg(trained.error())};
    return success();
}

QString defaultDemoWorkspacePath()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(folder);
    return QDir(folder).filePath(QStringLiteral("demo.mbw"));
}

} // namespace mb::cli
