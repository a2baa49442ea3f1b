// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/worker/EvaluateCommand.h"

#include "app/services/RunEncoding.h"
#include "app/services/RunMetrics.h"
#include "app/worker/RunData.h"
#include "app/worker/RunEvaluation.h"
#include "core/training/Checkpoint.h"
#include "db/ArtifactStore.h"
#include "db/DatasetRepository.h"
#include "db/EvaluationRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace mb::worker {
namespace {

// `metricbridge evaluate` shows this line without the prefix (cli/RunCommands.cpp).
int failWith(const QString &message)
{
    QTextStream err(stderr);
    err << "metricbridge evaluate: " << message << '\n';
    return 1;
}

std::optional<std::int64_t> idOption(const QCommandLineParser &parser, const QString &name)
{
    bool ok = false;
    const std::int64_t id = parser.value(name).toLongLong(&ok);
    return ok && id > 0 ? std::optional(id) : std::nullopt;
}

// Predicts every row of `datasetVersion` with the run's best checkpoint and stores it, unless that
// evaluation is stored already (then it is returned).
Result<db::EvaluationRecord> evaluateOnVersion(db::Database &db, std::int64_t runId, std::int64_t datasetVersion)
{
    Result<db::RunRecord> run = db::RunRepository(db).run(runId);
    if (!run)
        return Error{run.error()};
    // As when queueing a run: a model is evaluated on its own project's data only.
    Result<db::DatasetVersionInfo> version = db::DatasetRepository(db).version(datasetVersion);
    if (!version)
        return Error{version.error()};
    if (version->projectId != run->projectId)
        return Error{
            QStringLiteral("dataset version %1 belongs to another project than run %2").arg(datasetVersion).arg(runId)};
    Result<QList<db::EvaluationRecord>> evaluations = db::EvaluationRepository(db).evaluationsOf(runId);
    if (!evaluations)
        return Error{evaluations.error()};
    if (std::optional<db::EvaluationRecord> stored = services::evaluationOnVersion(*evaluations, datasetVersion))
        return *stored;
    Result<TrainingConfig> config = trainingConfigFromJson(run->config);
    if (!config)
        return Error{QStringLiteral("run %1's config: %2").arg(runId).arg(config.error())};
    db::ArtifactStore artifacts(db);
    Result<db::RunArtifact> best = artifacts.artifact(runId, QStringLiteral("best"));
    if (!best)
        return Error{QStringLiteral("run %1 has no model to evaluate (status %2): %3")
                         .arg(runId)
                         .arg(db::toKey(run->status), best.error())};
    Result<QByteArray> bytes = artifacts.read(best->sha256); // verified against its SHA-256
    if (!bytes)
        return Error{bytes.error()};
    Result<training::LoadedModel> loaded = training::loadCheckpoint(*bytes, best->meta);
    if (!loaded)
        return Error{QStringLiteral("run %1's best checkpoint cannot be loaded: %2").arg(runId).arg(loaded.error())};
    training::LoadedModel model = std::move(loaded).value();

    // The run's own encoding: the model reads its inputs as it learned them.
    Result<services::RunEncoding> encoding = services::runFeatureEncoding(db, *run);
    if (!encoding)
        return Error{encoding.error()};
    Result<RunData> data = loadOtherVersionData(db, *config, encoding->encoding, datasetVersion);
    if (!data)
        return Error{data.error()};
    const QString misfit = QStringLiteral("dataset version %1 does not fit the run's model: ").arg(datasetVersion);
    Result<training::TrainingTensors> scaled = training::inModelScaling(data->tensors, model.heads());
    if (!scaled)
        return Error{misfit + scaled.error()};

    EvaluationInput input;
    input.runId = runId;
    input.datasetVersionId = datasetVersion;
    input.part = QStringLiteral("all");
    input.multilabel = config->task == TaskType::Multilabel;
    input.modelBytes = bytes->size();
    input.tensors = &*scaled;
    input.rows = data::SplitPart::Train; // every row of the version (loadOtherVersionData)
    input.itemColumns = &data->itemColumns;
    input.exactIds = &data->exactIds;
    return storeEvaluation(db, model, input, storeOnce);
}

} // namespace

int runEvaluateCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("workspace"), QStringLiteral("The workspace file (.mbw)."), QStringLiteral("W")},
                       {QStringLiteral("run"), QStringLiteral("The run's id."), QStringLiteral("R")},
                       {QStringLiteral("dataset-version"), QStringLiteral("The dataset version to evaluate on."),
                        QStringLiteral("V")}});
    // The parser takes the first argument as the program name: drop the subcommand word.
    QStringList words = arguments;
    if (words.size() > 1 && words.at(1) == QLatin1String("evaluate"))
        words.removeAt(1);
    if (!parser.parse(words))
        return failWith(parser.errorText());
    const QString workspacePath = parser.value(QStringLiteral("workspace"));
    if (workspacePath.isEmpty())
        return failWith(QStringLiteral("missing --workspace"));
    const std::optional<std::int64_t> runId = idOption(parser, QStringLiteral("run"));
    if (!runId)
        return failWith(
            QStringLiteral("--run expects a run id (1, 2, ...), got '%1'").arg(parser.value(QStringLiteral("run"))));
    const std::optional<std::int64_t> version = idOption(parser, QStringLiteral("dataset-version"));
    if (!version)
        return failWith(QStringLiteral("--dataset-version expects a dataset version id, got '%1'")
                            .arg(parser.value(QStringLiteral("dataset-version"))));
    Result<std::unique_ptr<db::Workspace>> workspace = db::Workspace::open(workspacePath);
    if (!workspace)
        return failWith(workspace.error());
    Result<db::EvaluationRecord> stored = evaluateOnVersion((*workspace)->database(), *runId, *version);
    if (!stored)
        return failWith(stored.error());
    QTextStream out(stdout);
    out << QJsonDocument(QJsonObject{{QStringLiteral("event"), QStringLiteral("evaluated")},
                                     {QStringLiteral("evaluation"), qint64(stored->id)},
                                     {QStringLiteral("items"), qint64(stored->items)}})
               .toJson(QJsonDocument::Compact)
        << '\n';
    return 0;
}

} // namespace mb::worker
