// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/worker/TrainCommand.h"

#include "app/services/RunQueueing.h"
#include "app/worker/Heartbeat.h"
#include "app/worker/RunData.h"
#include "app/worker/RunEvaluation.h"
#include "app/worker/RunTracker.h"
#include "app/worker/StopRequest.h"
#include "core/ModelSize.h"
#include "core/data/EncodingSummary.h"
#include "core/training/Trainer.h"
#include "core/training/TrainingData.h"
#include "db/ArtifactStore.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>

namespace mb::worker {
namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int failWith(const QString &message)
{
    err() << "metricbridge train: " << message << '\n';
    err().flush();
    return 1;
}

// The run this process executes: the one named by --run, or a new one queued from --config.
Result<db::RunRecord> runToExecute(db::Database &db, const QCommandLineParser &parser)
{
    if (parser.isSet(QStringLiteral("run"))) {
        bool ok = false;
        const std::int64_t id = parser.value(QStringLiteral("run")).toLongLong(&ok);
        if (!ok)
            return Error{QStringLiteral("--run needs a run id, not '%1'").arg(parser.value(QStringLiteral("run")))};
        Result<db::RunRecord> run = db::RunRepository(db).run(id);
        if (run && run->status != db::RunStatus::Queued)
            return Error{QStringLiteral("run %1 is %2; only a queued run can be started (re-run it instead)")
                             .arg(id)
                             .arg(db::toKey(run->status))};
        return run;
    }
    if (!parser.isSet(QStringLiteral("project")) || !parser.isSet(QStringLiteral("config")))
        return Error{QStringLiteral("give --run ID, or --project P and --config run.json")};
    const QString path = parser.value(QStringLiteral("config"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read %1: %2").arg(path, file.errorString())};
    Result<TrainingConfig> config = trainingConfigFromBytes(file.readAll());
    if (!config)
        return Error{QStringLiteral("%1: %2").arg(path, config.error())};
    Result<db::Project> project = db::ProjectRepository(db).find(parser.value(QStringLiteral("project")));
    if (!project)
        return Error{project.error()};
    Result<db::RunRecord> queued = services::queueRun(db, project->id, *config);
    if (!queued)
        return Error{QStringLiteral("%1: %2").arg(path, queued.error())};
    return queued;
}

db::RunStatus statusOf(training::TrainingEnd end)
{
    switch (end) {
    case training::TrainingEnd::Finished:
    case training::TrainingEnd::EarlyStopped:
        return db::RunStatus::Finished;
    case training::TrainingEnd::Cancelled:
        return db::RunStatus::Cancelled;
    case training::TrainingEnd::Diverged:
        return db::RunStatus::Diverged;
    }
    return db::RunStatus::Failed;
}

// Stores the checkpoints as content-addressed artifacts of the run, each with its name at once.
Status storeCheckpoints(db::Database &db, std::int64_t runId, const training::TrainingOutcome &outcome,
                        RunTracker &tracker)
{
    db::ArtifactStore artifacts(db);
    const std::pair<QString, std::pair<const QByteArray *, const QJsonObject *>> checkpoints[] = {
        {QStringLiteral("best"), {&outcome.bestCheckpoint, &outcome.bestMeta}},
        {QStringLiteral("last"), {&outcome.lastCheckpoint, &outcome.lastMeta}}};
    for (const auto &[name, parts] : checkpoints) {
        if (parts.first->isEmpty())
            continue;
        if (Status stored =
                tracker.untilStored([&] { return toStatus(artifacts.store(runId, name, *parts.first, *parts.second)); },
                                    RunTracker::OnStop::KeepWaiting);
            !stored)
            return stored;
    }
    return success();
}

// Trains the running run `run` and records how it ended; returns the failure, if any.
Status execute(db::Database &db, const db::RunRecord &run, RunTracker &tracker)
{
    Result<TrainingConfig> config = trainingConfigFromJson(run.config);
    if (!config)
        return Error{QStringLiteral("the run's config: %1").arg(config.error())};
    Result<RunData> data = loadRunData(db, *config);
    if (!data)
        return Error{data.error()};
    // Stored before training: the model is only usable with the encoding it learned on, and
    // `evaluate --dataset-version` encodes other versions with it.
    if (Status stored = tracker.untilStored(
            [&] { return db::RunRepository(db).setFeatureEncoding(run.id, data->encoding.toJson()); });
        !stored)
        return stored;
    const training::TrainingTensors &tensors = data->tensors;
    const std::int64_t trainingRows = tensors.rowCount(data::SplitPart::Train);
    tracker.log(QStringLiteral("training on %1 rows, validating on %2, %3 features, %4 thread(s)")
                    .arg(trainingRows)
                    .arg(tensors.rowCount(data::SplitPart::Validation))
                    .arg(tensors.featureCount())
                    .arg(run.threads));
    // The options in one line, and every column whose rarer categories were merged into "other":
    // that is what a user raises max_categories for.
    const QStringList encodingLines = data::encodingSummaryLines(data->encoding);
    tracker.log(QStringLiteral("features: ") + encodingLines.constFirst());
    for (std::size_t i = 0; i < data->encoding.columns.size(); ++i)
        if (const data::FeatureEncoding::Column &c = data->encoding.columns[i];
            c.isOneHot() && c.trainCategories > c.categories.size())
            tracker.log(QStringLiteral("features: ") + encodingLines.value(qsizetype(i) + 1));
    if (tensors.rowsWithoutTarget() > 0)
        tracker.log(QStringLiteral("%1 rows without a target value were left out").arg(tensors.rowsWithoutTarget()));
    // Refused before a byte is allocated for the network: the kernel's OOM killer would end the
    // worker without a word, leaving the run for the liveness check to find.
    std::vector<int> headOutputs;
    for (const training::HeadSpec &head : tensors.heads())
        headOutputs.push_back(head.outputs);
    const ModelSize size = estimateModelSize(*config, tensors.featureCount(), tensors.imageShape(), headOutputs);
    if (Status fits = checkModelFits(size, physicalMemoryBytes()); !fits)
        return fits;
    TrainingConfig effective = *config;
    effective.threads = run.threads;
    Result<training::TrainingOutcome> outcome = training::train(effective, tensors, tracker);
    if (!outcome)
        return Error{outcome.error()};
    // From here on every write waits out a busy store, as the writes during training do: a run that
    // trained to its end is not failed by another process holding the lock as it finishes.
    const StoreAttempts untilStored = [&](const std::function<Status()> &write) {
        return tracker.untilStored(write, RunTracker::OnStop::KeepWaiting);
    };
    if (Status stored = storeCheckpoints(db, run.id, *outcome, tracker); !stored)
        return stored;
    QJsonObject summary = tracker.summary();
    // Only a run that ran its course is evaluated: a cancelled one should stop at once, and a
    // diverged one is not a model anyone should use.
    if (statusOf(outcome->end) == db::RunStatus::Finished) {
        tracker.log(
            QStringLiteral("evaluating the best checkpoint (epoch %1) on the held-out rows").arg(outcome->bestEpoch));
        Result<QJsonObject> evaluated = evaluateRun(db, run.id, *config, *data, *outcome, untilStored);
        if (!evaluated)
            return Error{evaluated.error()};
        for (auto it = evaluated->constBegin(); it != evaluated->constEnd(); ++it)
            summary.insert(it.key(), it.value());
        if (evaluated->contains(QStringLiteral("latency_p99_ms")))
            tracker.log(QStringLiteral("inference latency: p50 %1 ms, p99 %2 ms for one item")
                            .arg(evaluated->value(QStringLiteral("latency_p50_ms")).toDouble(), 0, 'g', 3)
                            .arg(evaluated->value(QStringLiteral("latency_p99_ms")).toDouble(), 0, 'g', 3));
    }
    summary.insert(QStringLiteral("end"), training::toKey(outcome->end));
    summary.insert(QStringLiteral("monitor"), outcome->monitor);
    summary.insert(QStringLiteral("best_epoch"), outcome->bestEpoch);
    summary.insert(QStringLiteral("best"), outcome->bestMetrics);
    summary.insert(QStringLiteral("steps"), qint64(outcome->steps));
    summary.insert(QStringLiteral("train_seconds"), outcome->trainSeconds);
    if (outcome->trainSeconds > 0)
        summary.insert(QStringLiteral("samples_per_s"),
                       double(trainingRows) * outcome->epochsDone / outcome->trainSeconds);
    db::RunRepository runs(db);
    if (Status updated = untilStored([&] { return runs.updateSummary(run.id, summary); }); !updated)
        return updated;
    if (Status flushed = untilStored([&] { return tracker.flush(); }); !flushed)
        return flushed;
    const db::RunStatus status = statusOf(outcome->end);
    if (Status finished = untilStored([&] { return runs.finish(run.id, status); }); !finished)
        return finished;
    tracker.emitEvent(
        {{QStringLiteral("event"), QStringLiteral("finished")}, {QStringLiteral("status"), db::toKey(status)}});
    return success();
}

} // namespace

int runTrainCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Trains one run and records it in the workspace."));
    parser.addHelpOption();
    parser.addOptions(
        {{QStringLiteral("workspace"), QStringLiteral("The workspace file (.mbw)."), QStringLiteral("W")},
         {QStringLiteral("run"), QStringLiteral("A queued run to execute."), QStringLiteral("ID")},
         {QStringLiteral("project"), QStringLiteral("The project, by name or id."), QStringLiteral("P")},
         {QStringLiteral("config"), QStringLiteral("A run config (docs/RUN-CONFIG.md)."), QStringLiteral("FILE")}});
    // The parser takes the first argument as the program name: drop the subcommand word.
    QStringList words = arguments;
    if (words.size() > 1 && words.at(1) == QLatin1String("train"))
        words.removeAt(1);
    if (!parser.parse(words))
        return failWith(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText().replace(QLatin1String("[options]"), QLatin1String("train [options]"));
        return 0;
    }
    if (parser.value(QStringLiteral("workspace")).isEmpty())
        return failWith(QStringLiteral("missing --workspace"));

    installStopHandlers();
    Result<std::unique_ptr<db::Workspace>> workspace = db::Workspace::open(parser.value(QStringLiteral("workspace")));
    if (!workspace)
        return failWith(workspace.error());
    db::Database &db = (*workspace)->database();
    Result<db::RunRecord> run = runToExecute(db, parser);
    if (!run)
        return failWith(run.error());
    db::RunRepository runs(db);
    if (Status started = runs.markRunning(run->id, QCoreApplication::applicationPid()); !started)
        return failWith(QStringLiteral("run %1: %2").arg(run->id).arg(started.error()));

    const Heartbeat heartbeat(parser.value(QStringLiteral("workspace")), run->id);
    RunTracker tracker(db, run->id, out());
    tracker.emitEvent({{QStringLiteral("event"), QStringLiteral("started")},
                       {QStringLiteral("pid"), QCoreApplication::applicationPid()}});
    if (Status done = execute(db, *run, tracker); !done) {
        // Keep the curves so far; the failure below is what matters, and a busy store must not
        // leave the run "running" without its reason.
        constexpr RunTracker::OnStop keepWaiting = RunTracker::OnStop::KeepWaiting;
        (void)tracker.untilStored([&] { return tracker.flush(); }, keepWaiting);
        (void)tracker.untilStored([&] { return runs.appendLog(run->id, done.error()); }, keepWaiting);
        (void)tracker.untilStored([&] { return runs.finish(run->id, db::RunStatus::Failed, done.error()); },
                                  keepWaiting);
        tracker.emitEvent({{QStringLiteral("event"), QStringLiteral("finished")},
                           {QStringLiteral("status"), QStringLiteral("failed")},
                           {QStringLiteral("message"), done.error()}});
        return failWith(QStringLiteral("run %1 failed: %2").arg(run->id).arg(done.error()));
    }
    return 0;
}

} // namespace mb::worker
