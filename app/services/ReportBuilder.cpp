// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/ReportBuilder.h"

#include "app/services/ChoosingMetrics.h"
#include "app/services/TradeoffSession.h"
#include "core/BuildInfo.h"
#include "core/business/BusinessMetricEngine.h"
#include "core/business/ParetoFront.h"
#include "core/business/RunComparison.h"
#include "core/evaluation/MetricDirection.h"
#include "core/tradeoff/ScoreNormalisation.h"
#include "db/Database.h"
#include "db/DatasetRepository.h"
#include "db/EvaluationRepository.h"
#include "db/FramingRepository.h"
#include "db/PolicyRepository.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"

#include <QObject>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace mb::services {
namespace {

QList<business::ComparedRun> comparedRuns(const QList<RunMetrics> &runs)
{
    QList<business::ComparedRun> compared;
    for (const RunMetrics &r : runs)
        compared.append({r.run.id, r.run.name, r.values});
    return compared;
}

QString runList(const QList<db::RunRecord> &runs)
{
    QStringList ids;
    for (const db::RunRecord &r : runs)
        ids << QString::number(r.id);
    std::sort(ids.begin(), ids.end(), [](const QString &a, const QString &b) { return a.toLongLong() < b.toLongLong(); });
    return ids.join(QStringLiteral(", "));
}

// The runs the request names, by id ascending (the Compare table's default order).
Result<QList<db::RunRecord>> chosenRuns(db::Database &db, const db::Project &project, const ReportRequest &request)
{
    Result<QList<db::RunRecord>> all = db::RunRepository(db).runs(project.id);
    if (!all)
        return Error{all.error()};
    if (all->isEmpty())
        return Error{QObject::tr("project '%1' has no runs to report: train or log one first").arg(project.name)};
    QList<db::RunRecord> chosen;
    for (std::int64_t id : request.runIds) {
        const auto found = std::find_if(all->cbegin(), all->cend(), [id](const db::RunRecord &r) { return r.id == id; });
        if (found == all->cend())
            return Error{QObject::tr("run %1 is not a run of project '%2'; its runs: %3")
                             .arg(id)
                             .arg(project.name, runList(*all))};
        if (std::none_of(chosen.cbegin(), chosen.cend(), [id](const db::RunRecord &r) { return r.id == id; }))
            chosen.append(*found);
    }
    if (request.runIds.isEmpty())
        chosen = *all;
    std::sort(chosen.begin(), chosen.end(), [](const db::RunRecord &a, const db::RunRecord &b) { return a.id < b.id; });
    return chosen;
}

// Runs of two metrics as points: the runs that have both values.
ReportScatter scatterOf(const QList<RunMetrics> &runs, const QString &x, const QString &y, const Framing &framing,
                        std::vector<double> &xs, std::vector<double> &ys)
{
    ReportScatter scatter;
    scatter.xMetric = x;
    scatter.yMetric = y;
    scatter.xLabel = business::metricLabel(x, framing);
    scatter.yLabel = business::metricLabel(y, framing);
    for (const RunMetrics &r : runs) {
        const double a = r.values.value(x, std::nan(""));
        const double b = r.values.value(y, std::nan(""));
        if (!std::isfinite(a) || !std::isfinite(b))
            continue;
        scatter.points.append({r.run.id, r.run.name, a, b});
        xs.push_back(a);
        ys.push_back(b);
    }
    return scatter;
}

void fillVerdict(ReportContent &content, const Framing &framing)
{
    const QList<business::ComparedRun> compared = comparedRuns(content.runs);
    QStringList businessNames;
    for (const BusinessMetric &m : framing.businessMetrics)
        businessNames << m.name;
    ReportVerdict &v = content.verdict;
    v.mlMetric = business::headlineMlMetric(content.mlMetrics);
    v.businessMetric = business::headlineBusinessMetric(compared, v.mlMetric, businessNames, framing);
    const Direction mlDirection = evaluation::metricDirection(v.mlMetric, framing);
    const Direction businessDirection = evaluation::metricDirection(v.businessMetric, framing);
    v.bestByMl = business::bestRunIndex(compared, v.mlMetric, mlDirection);
    v.bestByBusiness = business::bestRunIndex(compared, v.businessMetric, businessDirection);
    for (const QString &name : businessNames)
        v.bestByEachMetric.append(
            {name, business::bestRunIndex(compared, name, evaluation::metricDirection(name, framing))});
    const auto d = business::bestRunsDisagree(compared, v.mlMetric, mlDirection, v.businessMetric, businessDirection);
    if (d) {
        const business::DisagreementText text =
            business::describeDisagreement(compared, *d, v.mlMetric, v.businessMetric, framing);
        v.disagreementHeadline = text.headline;
        v.disagreementDetail = text.detail;
    }

    if (v.mlMetric.isEmpty() || v.businessMetric.isEmpty())
        return;
    std::vector<double> xs, ys;
    ReportScatter scatter = scatterOf(content.runs, v.mlMetric, v.businessMetric, framing, xs, ys);
    if (scatter.points.isEmpty())
        return;
    scatter.caption = business::rankAgreement(xs, ys, v.mlMetric, v.businessMetric, framing).sentence;
    if (d)
        scatter.highlighted = {content.runs.at(d->bestByMl).run.id, content.runs.at(d->bestByBusiness).run.id};
    content.scatter = std::move(scatter);
}

// ReportVerdict::chosenForBusiness: each run's headline business metric on its validation
// predictions, and the best of those. Choosing on the test rows would pick the run the test rows
// happen to favour, and then report that same luck as its result.
void chooseOnValidation(db::Database &db, std::int64_t projectId, ReportContent &content, const Framing &framing)
{
    ReportVerdict &v = content.verdict;
    if (v.businessMetric.isEmpty())
        return;
    QList<db::RunRecord> runs;
    for (const RunMetrics &run : content.runs)
        runs << run.run;
    QList<business::ComparedRun> onValidation;
    for (const Result<RunMetrics> &run : computeProjectChoosingMetrics(db, projectId, runs, framing)) {
        business::ComparedRun compared;
        if (run && run->values.contains(v.businessMetric))
            compared.values.insert(v.businessMetric, run->values.value(v.businessMetric));
        onValidation.append(std::move(compared));
    }
    v.chosenForBusiness =
        business::bestRunIndex(onValidation, v.businessMetric, evaluation::metricDirection(v.businessMetric, framing));
    if (v.chosenForBusiness)
        v.chosenValidationValue = onValidation.at(*v.chosenForBusiness).values.value(v.businessMetric);
}

// The front of runs in the Compare page's default metrics: the first two business metrics, or the
// first business metric against the first latency percentile.
void fillPareto(ReportContent &content, const Framing &framing)
{
    const QString x = framing.businessMetrics.isEmpty() ? content.verdict.mlMetric
                                                        : framing.businessMetrics.at(0).name;
    const QString y = framing.businessMetrics.size() > 1 ? framing.businessMetrics.at(1).name
                                                         : content.latencyMetrics.value(0);
    if (x.isEmpty() || y.isEmpty())
        return;
    std::vector<double> xs, ys;
    ReportScatter pareto = scatterOf(content.runs, x, y, framing, xs, ys);
    if (pareto.points.size() < 2)
        return;
    const Direction dx = evaluation::metricDirection(x, framing);
    const Direction dy = evaluation::metricDirection(y, framing);
    pareto.front = business::paretoFront(xs, dx, ys, dy);
    QStringList names;
    for (std::size_t i : pareto.front)
        names << QStringLiteral("#%1").arg(pareto.points.at(qsizetype(i)).runId);
    pareto.caption = business::paretoFrontSentence(x, dx, y, dy, names);
    content.pareto = std::move(pareto);
}

void fillCurves(db::Database &db, ReportContent &content, const Framing &framing)
{
    const ReportVerdict &v = content.verdict;
    const auto metric = std::find_if(framing.businessMetrics.cbegin(), framing.businessMetrics.cend(),
                                     [&v](const BusinessMetric &m) { return m.name == v.businessMetric; });
    if (!v.chosenForBusiness || metric == framing.businessMetrics.cend())
        return;
    const RunMetrics &run = content.runs.at(*v.chosenForBusiness);
    if (!run.evaluation)
        return;
    ReportRunCurves curves;
    curves.runId = run.run.id;
    curves.runName = run.run.name;
    curves.metric = *metric;
    const QStringList declared = business::declaredItemColumns(framing);
    const Result<business::PredictionTable> test = loadJudgedPredictions(db, run.evaluation->id, framing);
    if (!test) {
        curves.thresholdNote = curves.gainNote = test.error();
        content.curves = std::move(curves);
        return;
    }
    curves.testItems = test->size();

    if (const QString why = business::notAYesNoDecision(*test); !why.isEmpty()) {
        curves.thresholdNote = why;
    } else if (Result<business::ThresholdCurve> curve = business::thresholdCurve(*metric, *test, declared); !curve) {
        curves.thresholdNote = curve.error();
    } else {
        curves.testCurve = std::move(curve).value();
        const Result<QList<db::EvaluationRecord>> evaluations = db::EvaluationRepository(db).evaluationsOf(run.run.id);
        const std::optional<db::EvaluationRecord> choosing =
            evaluations ? choosingEvaluation(*evaluations, *run.evaluation) : std::nullopt;
        if (!choosing) {
            curves.thresholdNote = QObject::tr("No threshold is chosen: this run has no stored validation predictions, "
                                               "and a threshold chosen on the test rows would overstate what it does "
                                               "there.");
        } else if (const Result<business::PredictionTable> validation = loadJudgedPredictions(db, choosing->id, framing);
                   !validation) {
            curves.thresholdNote = validation.error();
        } else {
            curves.validationItems = validation->size();
            Result<business::ValidatedThreshold> chosen =
                business::chooseThresholdOnValidation(*metric, *validation, *test, declared);
            if (!chosen)
                curves.thresholdNote = chosen.error();
            else
                curves.threshold = std::move(chosen).value();
        }
    }

    curves.gainExpression = business::gainValueExpression(&*metric);
    if (Result<business::GainCurve> gain = business::gainCurve(*test, curves.gainExpression, 100, declared); gain)
        curves.gain = std::move(gain).value();
    else
        curves.gainNote = gain.error();
    content.curves = std::move(curves);
}

// The sweep the policy was chosen from, on the test rows at the policy's normalisation and k, in
// the verdict's business metric and the next one the engine ranks; and the Approach-1 run there.
void fillSweep(db::Database &db, ReportPolicy &policy, const ReportContent &content, const Framing &framing)
{
    const PolicySettings &settings = policy.record.settings;
    const Result<TradeoffPair> pair = loadTradeoffPair(db, framing, settings.runA, settings.runB);
    const std::optional<tradeoff::ScoreNormalisation> how = tradeoff::scoreNormalisationFromKey(settings.normalisation);
    if (!pair || !how) {
        policy.sweepNote = pair ? QObject::tr("unknown normalisation '%1'").arg(settings.normalisation) : pair.error();
        return;
    }
    const Result<tradeoff::TradeoffEngine> engine = tradeoffEngine(*pair, *how);
    if (!engine) {
        policy.sweepNote = engine.error();
        return;
    }
    QStringList ranked;
    for (const BusinessMetric &m : engine->rankedMetrics())
        ranked << m.name;
    if (ranked.size() < 2) {
        policy.sweepNote = QObject::tr("the sweep needs two business metrics the policy ranks by");
        return;
    }
    const QString x = ranked.contains(content.verdict.businessMetric) ? content.verdict.businessMetric : ranked.at(0);
    const QString y = ranked.at(ranked.at(0) == x ? 1 : 0);
    tradeoff::SweepRequest request;
    request.xMetric = x;
    request.yMetric = y;
    request.k = std::size_t(std::max(1, settings.k));
    Result<tradeoff::TradeoffSweep> sweep = engine->sweep(request);
    if (!sweep) {
        policy.sweepNote = sweep.error();
        return;
    }
    policy.sweep = std::move(sweep).value();

    for (const RunMetrics &run : content.runs) {
        const Result<TradeoffPair> one = loadApproachOnePair(db, framing, run.run.id);
        if (!one || !one->trainingWeights)
            continue;
        Result<tradeoff::TradeoffEngine> raw = tradeoffEngine(*one, tradeoff::ScoreNormalisation::Raw);
        if (!raw)
            continue;
        const Result<tradeoff::TradeoffUpdate> update =
            raw.value().update(one->trainingWeights->alpha, one->trainingWeights->beta, request.k);
        if (!update)
            continue;
        const PolicyMetrics values = policyMetricsOf(*update);
        if (!values.contains(x) || !values.contains(y))
            continue;
        policy.approachOneRun = run.run.id;
        policy.approachOneName = run.run.name;
        policy.approachOneX = values.value(x);
        policy.approachOneY = values.value(y);
        policy.approachOneAlpha = one->trainingWeights->alpha;
        policy.approachOneBeta = one->trainingWeights->beta;
        break;
    }
}

Result<std::optional<ReportPolicy>> chosenPolicy(db::Database &db, const db::Project &project,
                                                 const ReportRequest &request)
{
    if (request.withoutPolicy)
        return std::optional<ReportPolicy>();
    db::PolicyRepository policies(db);
    const Result<QStringList> names = reportPolicyNames(db, project.id);
    if (!names)
        return Error{names.error()};
    if (request.policyName.isEmpty() && names->isEmpty())
        return std::optional<ReportPolicy>();
    if (!request.policyName.isEmpty() &&
        std::none_of(names->cbegin(), names->cend(),
                     [&request](const QString &n) { return n.compare(request.policyName, Qt::CaseInsensitive) == 0; }))
        return Error{names->isEmpty()
                         ? QObject::tr("project '%1' has no policy named '%2'; it has no saved policies")
                               .arg(project.name, request.policyName)
                         : QObject::tr("project '%1' has no policy named '%2'; its policies: %3")
                               .arg(project.name, request.policyName, names->join(QStringLiteral(", ")))};
    const Result<db::PolicyRecord> record =
        policies.find(project.id, request.policyName.isEmpty() ? names->constFirst() : request.policyName);
    if (!record)
        return Error{record.error()};
    const Result<PolicyDocument> document = policies.document(*record);
    if (!document)
        return Error{document.error()};
    ReportPolicy policy;
    policy.record = *record;
    policy.runAName = document->runAName;
    policy.runBName = document->runBName;
    return std::optional<ReportPolicy>(std::move(policy));
}

Status fillDatasets(db::Database &db, ReportContent &content)
{
    db::DatasetRepository datasets(db);
    for (const RunMetrics &r : content.runs) {
        if (!r.run.datasetVersionId)
            continue;
        const std::int64_t versionId = *r.run.datasetVersionId;
        auto known = std::find_if(content.datasets.begin(), content.datasets.end(),
                                  [versionId](const ReportDataset &d) { return d.version.id == versionId; });
        if (known != content.datasets.end()) {
            known->runIds << r.run.id;
            continue;
        }
        ReportDataset dataset;
        const Result<db::DatasetVersionInfo> version = datasets.version(versionId);
        if (!version)
            return Error{version.error()};
        dataset.version = *version;
        if (Result<data::DatasetProfile> profile = datasets.profile(versionId); profile)
            dataset.profile = std::move(profile).value();
        else
            return Error{profile.error()};
        if (r.run.splitId) {
            const Result<QList<db::DatasetSplitInfo>> splits = datasets.splits(versionId);
            if (!splits)
                return Error{splits.error()};
            if (const Result<db::DatasetSplitInfo> split = db::findSplitOfVersion(*splits, *r.run.splitId, versionId))
                dataset.split = *split;
        }
        dataset.runIds << r.run.id;
        content.datasets.append(std::move(dataset));
    }
    return success();
}

QString shortHash(const QString &sha256)
{
    return sha256.left(12);
}

void fillProvenance(db::Database &db, ReportContent &content)
{
    QHash<std::int64_t, db::FramingVersionName> versionNames;
    if (!content.runs.isEmpty())
        if (const auto names = db::FramingRepository(db).versionNames(content.runs.constFirst().run.projectId))
            versionNames = *names;
    for (const RunMetrics &r : content.runs) {
        ReportProvenance p;
        p.runId = r.run.id;
        if (r.run.framingVersionId)
            p.framingVersion = versionNames.contains(*r.run.framingVersionId)
                                   ? versionNames.value(*r.run.framingVersionId).label()
                                   : QObject::tr("stored framing version #%1").arg(*r.run.framingVersionId);
        for (const ReportDataset &d : content.datasets)
            if (r.run.datasetVersionId && d.version.id == *r.run.datasetVersionId) {
                p.datasetVersion = QObject::tr("#%1 %2 (%3 rows, SHA-256 %4…)")
                                       .arg(d.version.id)
                                       .arg(d.version.name)
                                       .arg(d.version.rowCount)
                                       .arg(shortHash(d.version.sha256));
                if (d.split && r.run.splitId && d.split->id == *r.run.splitId)
                    p.split = QObject::tr("split #%1: %2").arg(d.split->id).arg(d.split->spec.describe());
                else if (r.run.splitId)
                    p.split = QObject::tr("split #%1").arg(*r.run.splitId);
            }
        if (r.evaluation)
            p.evaluation = QObject::tr("evaluation #%1 on the %2 rows of dataset version #%3 (%4 items)")
                               .arg(r.evaluation->id)
                               .arg(r.evaluation->part)
                               .arg(r.evaluation->datasetVersionId)
                               .arg(r.evaluation->items);
        content.provenance.append(p);
    }
}

} // namespace

Result<QStringList> reportPolicyNames(db::Database &db, std::int64_t projectId)
{
    Result<QList<db::PolicySummary>> stored = db::PolicyRepository(db).policies(projectId);
    if (!stored)
        return Error{stored.error()};
    QList<db::PolicySummary> summaries = std::move(stored).value();
    // Newest saved first: the policy a report shows when none is named is the latest decision.
    std::stable_sort(summaries.begin(), summaries.end(), [](const db::PolicySummary &a, const db::PolicySummary &b) {
        return a.latest.createdAt > b.latest.createdAt ||
               (a.latest.createdAt == b.latest.createdAt && a.latest.id > b.latest.id);
    });
    QStringList names;
    for (const db::PolicySummary &s : summaries)
        names << s.latest.name;
    return names;
}

Result<ReportContent> buildReportContent(db::Database &db, const ReportRequest &request)
{
    const Result<db::Project> project = db::ProjectRepository(db).find(QString::number(request.projectId));
    if (!project)
        return Error{project.error()};
    ReportContent content;
    content.projectName = project->name;
    content.projectDescription = project->description;
    content.workspacePath = request.workspacePath;
    content.generatedAt = QDateTime::currentDateTimeUtc();
    content.appVersion = applicationVersion();
    content.buildCommit = buildCommit();

    const Result<QList<db::RunRecord>> runs = chosenRuns(db, *project, request);
    if (!runs)
        return Error{runs.error()};
    Result<std::optional<ReportPolicy>> policy = chosenPolicy(db, *project, request);
    if (!policy)
        return Error{policy.error()};

    db::FramingRepository framings(db);
    const Result<std::optional<db::FramingVersion>> current = framings.current(project->id);
    if (!current)
        return Error{current.error()};
    std::int64_t framingId = 0;
    if (current->has_value()) {
        const db::FramingVersion &version = current->value();
        framingId = version.info.framingId;
        ReportFraming framing{db::FramingRepository::defaultFramingName(), version.info.version,
                              version.info.createdAt, version.framing};
        if (const Result<QList<db::FramingInfo>> all = framings.framings(project->id))
            for (const db::FramingInfo &f : *all)
                if (f.id == framingId)
                    framing.name = f.name;
        content.framing = std::move(framing);
    }

    if (content.framing) {
        for (Result<RunMetrics> &metrics :
             computeProjectRunMetrics(db, project->id, *runs, content.framing->framing)) {
            if (!metrics)
                return Error{metrics.error()};
            content.runs.append(std::move(metrics).value());
        }
    } else {
        for (const db::RunRecord &run : *runs)
            content.runs.append(RunMetrics{run, std::nullopt, {}, {}, {}});
    }
    const Framing framing = content.framing ? content.framing->framing : Framing{};
    const business::ComparedMetricNames names = business::comparedMetricNames(comparedRuns(content.runs), framing);
    content.mlMetrics = names.ml;
    // The table keeps the two percentiles a latency requirement is usually written on.
    for (const QString &name : {QStringLiteral("latency_p50_ms"), QStringLiteral("latency_p99_ms")})
        if (names.latency.contains(name))
            content.latencyMetrics << name;

    if (const Status filled = fillDatasets(db, content); !filled)
        return Error{filled.error()};
    if (content.framing) {
        fillVerdict(content, framing);
        chooseOnValidation(db, project->id, content, framing);
        fillPareto(content, framing);
        fillCurves(db, content, framing);
        if (policy->has_value()) {
            ReportPolicy chosen = std::move(policy->value());
            fillSweep(db, chosen, content, framing);
            content.policy = std::move(chosen);
        }
    } else if (policy->has_value()) {
        content.policy = std::move(policy->value());
    }
    fillProvenance(db, content);
    return content;
}

} // namespace mb::services
