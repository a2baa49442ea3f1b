// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/DemoWorkspace.h"

#include "app/services/DatasetImport.h"
#include "app/services/PolicyService.h"
#include "app/services/RunQueueing.h"
#include "app/services/TradeoffSession.h"
#include "app/services/TrainWorker.h"
#include "core/DemoFraming.h"
#include "core/NumberText.h"
#include "core/TrainingConfig.h"
#include "core/business/StakeholderRequirements.h"
#include "core/data/NewsfeedGenerator.h"
#include "db/FramingRepository.h"
#include "db/PolicyRepository.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <optional>

namespace mb::services {

namespace {

// The demo's two models per objective, found again by these names for its policy.
QString qualityModelName()
{
    return QStringLiteral("quality model");
}

QString engagementModelName()
{
    return QStringLiteral("engagement model");
}

// The newsfeed posts go through the same CSV import as a user's file. The bytes are the same on
// every machine, so a second run finds the version already there and adds nothing.
Result<DatasetImportOutcome> importDemoData(db::Database &database, std::int64_t projectId)
{
    QTemporaryDir folder;
    if (!folder.isValid())
        return Error{
            QStringLiteral("cannot create a temporary folder for the demo data: %1").arg(folder.errorString())};
    const QString path = folder.filePath(QStringLiteral("newsfeed.csv"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(data::generateNewsfeedCsv(data::demoNewsfeedParameters())) < 0)
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
    return {binary(qualityModelName(), QStringLiteral("quality")),
            binary(engagementModelName(), QStringLiteral("engagement")), combined, baseline};
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

// The demo policy: z-scores, so that a weight trades one model's spread for the other's (the two
// models' raw scores spread differently), over the framing's budget of 100 posts.
constexpr int kDemoPolicyK = 100;
// The weightings tried, as the Trade-offs page's sweep: alpha = i / 100, beta = 1 - alpha.
constexpr int kDemoWeightSteps = 100;

QString demoPolicyName()
{
    return QStringLiteral("balanced feed");
}

std::optional<std::int64_t> newestFinishedRun(const QList<db::RunRecord> &runsNewestFirst, const QString &name)
{
    for (const db::RunRecord &run : runsNewestFirst)
        if (run.name == name && run.status == db::RunStatus::Finished)
            return run.id;
    return std::nullopt;
}

struct DemoWeighting {
    double alpha = 0.5;
    double beta = 0.5;
    QString note;
};

// "trust & safety's low_quality_share <= 10"
QString requirementText(const Stakeholder &s)
{
    return QStringLiteral("%1's %2 %3 %4")
        .arg(s.role, s.requirementMetric, toKey(s.comparator), formatNumber(s.requirementValue));
}

// The weights the demo saves, chosen with the engine as a user would on the Trade-offs page, on the
// models' VALIDATION predictions (the policy's stored metrics are then the test rows' values at
// those weights): of the weightings alpha = i / 100, beta = 1 - alpha, the one with the most clicks
// in the top 100 among those meeting every stakeholder requirement the ranking moves besides
// clicks (the demo framing's trust & safety: low_quality_share <= 10). Ties go to the larger alpha,
// the more cautious feed. When no weighting meets them, or there are no validation predictions to
// choose on, equal weights.
Result<DemoWeighting> chooseDemoWeighting(const TradeoffPairs &pairs, const Framing &framing)
{
    if (!pairs.choosing)
        return DemoWeighting{0.5, 0.5,
                             QStringLiteral("Equal weights, a starting point to re-tune: nothing was chosen, because %1.")
                                 .arg(pairs.noChoosingReason)};
    Result<tradeoff::TradeoffEngine> engine = tradeoffEngine(*pairs.choosing, tradeoff::ScoreNormalisation::ZScore);
    if (!engine)
        return Error{engine.error()};
    const QString maximised = QStringLiteral("clicks_at_100");
    QStringList ranked;
    for (const BusinessMetric &metric : engine->rankedMetrics())
        ranked << metric.name;
    QList<Stakeholder> constraints;
    QStringList constraintTexts;
    for (const Stakeholder &s : framing.stakeholders)
        if (s.requirementMetric != maximised && ranked.contains(s.requirementMetric)) {
            constraints << s;
            constraintTexts << requirementText(s);
        }
    const QString required = constraints.isEmpty() ? QStringLiteral("no requirement the ranking moves")
                                                   : constraintTexts.join(QStringLiteral(" and "));

    std::optional<DemoWeighting> best;
    PolicyMetrics bestValues;
    for (int i = kDemoWeightSteps; i >= 0; --i) {
        const double alpha = double(i) / kDemoWeightSteps;
        const double beta = double(kDemoWeightSteps - i) / kDemoWeightSteps;
        const Result<tradeoff::TradeoffUpdate> update = engine.value().update(alpha, beta, kDemoPolicyK);
        if (!update)
            return Error{update.error()};
        const PolicyMetrics values = policyMetricsOf(*update);
        if (!values.contains(maximised))
            continue;
        bool meets = true;
        for (const Stakeholder &s : constraints)
            meets = meets && business::evaluateRequirement(s, values).outcome == business::RequirementOutcome::Pass;
        if (meets && (!best || values.value(maximised) > bestValues.value(maximised))) {
            best = DemoWeighting{alpha, beta, {}};
            bestValues = values;
        }
    }
    const QString tried =
        QStringLiteral("Chosen when the demo was built, with the Trade-offs engine on the validation rows: of the "
                       "weightings alpha = 0, 0.01, ..., 1 (beta = 1 - alpha) on z-scored scores, top %1")
            .arg(kDemoPolicyK);
    if (!best)
        return DemoWeighting{0.5, 0.5,
                             QStringLiteral("%1, none had %2 while meeting %3, so equal weights: a starting point "
                                            "to re-tune.")
                                 .arg(tried, maximised, required)};
    QStringList reached;
    for (const Stakeholder &s : constraints)
        reached << QStringLiteral("%1 = %2").arg(s.requirementMetric,
                                                 formatNumber(bestValues.value(s.requirementMetric)));
    best->note =
        QStringLiteral("%1, the one with the most %2 on validation (%3) among those meeting %4 there%5. Ties go to the larger "
                       "alpha, the more cautious feed.")
            .arg(tried, maximised, formatNumber(bestValues.value(maximised)), required,
                 reached.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(reached.join(QStringLiteral(", "))));
    return *best;
}

// Saves the demo's policy once its quality and engagement models are trained. A project with any
// policy (an earlier demo's, the user's) is left as it is, so rebuilding the demo adds nothing;
// so is one whose models are not trained yet or whose framing lost its second objective.
Status saveDemoPolicy(db::Database &database, std::int64_t projectId)
{
    db::PolicyRepository policies(database);
    Result<QList<db::PolicySummary>> existing = policies.policies(projectId);
    if (!existing)
        return Error{existing.error()};
    if (!existing->isEmpty())
        return success();
    Result<QList<db::RunRecord>> runs = db::RunRepository(database).runs(projectId);
    if (!runs)
        return Error{runs.error()};
    const std::optional<std::int64_t> quality = newestFinishedRun(*runs, qualityModelName());
    const std::optional<std::int64_t> engagement = newestFinishedRun(*runs, engagementModelName());
    if (!quality || !engagement)
        return success();

    Result<std::optional<db::FramingVersion>> current = db::FramingRepository(database).current(projectId);
    if (!current)
        return Error{current.error()};
    if (!current->has_value() || (*current)->framing.targetColumns.size() < 2)
        return success();
    const Framing &framing = (*current)->framing;

    const auto failed = [](const QString &why) { return Error{QStringLiteral("the demo policy: %1").arg(why)}; };
    const Result<TradeoffPairs> pairs = loadTradeoffPairs(database, framing, *quality, *engagement);
    if (!pairs)
        return failed(pairs.error());
    const Result<DemoWeighting> weighting = chooseDemoWeighting(*pairs, framing);
    if (!weighting)
        return failed(weighting.error());

    PolicyRequest request;
    request.name = demoPolicyName();
    request.settings.runA = *quality;
    request.settings.runB = *engagement;
    request.settings.alpha = weighting->alpha;
    request.settings.beta = weighting->beta;
    request.settings.normalisation = tradeoff::toKey(tradeoff::ScoreNormalisation::ZScore);
    request.settings.k = kDemoPolicyK;
    request.note = weighting->note;
    // Saved as the window and `policy save` save one: the same pair rule and metric snapshot.
    const Result<db::PolicySaveOutcome> saved = PolicyService(database).save(projectId, request);
    if (!saved)
        return failed(saved.error());
    return success();
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
        project =
            projects.create(demoProjectName(), QStringLiteral("The seeds' example: rank a newsfeed for engagement "
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
    Result<QList<std::int64_t>> queued = queueDemoRuns(database, project->id, *data);
    if (!queued)
        return queued;
    // Models the window's queue trained since the demo was last opened.
    if (Status policy = saveDemoPolicy(database, project->id); !policy)
        return Error{policy.error()};
    return queued;
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
    return queued.isEmpty() ? success() : addDemoPolicy(path);
}

Status addDemoPolicy(const QString &path)
{
    Result<std::unique_ptr<db::Workspace>> workspace = db::Workspace::open(path);
    if (!workspace)
        return Error{workspace.error()};
    db::Database &database = (*workspace)->database();
    Result<db::Project> project = db::ProjectRepository(database).find(demoProjectName());
    if (!project)
        return Error{project.error()};
    return saveDemoPolicy(database, project->id);
}

QString defaultDemoWorkspacePath()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(folder);
    return QDir(folder).filePath(QStringLiteral("demo.mbw"));
}

} // namespace mb::services
