// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/RunCommands.h"

#include "app/cli/CommandSupport.h"
#include "app/services/PredictionExport.h"
#include "app/services/RunDiff.h"
#include "app/services/RunFamily.h"
#include "app/services/RunLiveness.h"
#include "app/services/RunMetrics.h"
#include "app/services/RunQueryFields.h"
#include "app/services/TrainWorker.h"
#include "core/FramingJson.h"
#include "core/FramingValidator.h"
#include "core/JsonReader.h"
#include "core/NumberText.h"
#include "core/TrainingConfig.h"
#include "core/data/CsvWriter.h"
#include "core/data/EncodingSummary.h"
#include "core/evaluation/ReportedMetrics.h"
#include "db/EvaluationRepository.h"
#include "db/FramingRepository.h"
#include "db/MetricSeriesStore.h"
#include "db/ProjectRepository.h"
#include "db/RunAnnotationRepository.h"
#include "db/RunRepository.h"
#include "db/SavedViewRepository.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <optional>

namespace mb::cli {

namespace {

// The project's current framing, as FramingRepository::current decides it (nullopt before one was
// saved, so a project without a framing still lists its runs).
struct CurrentFraming {
    std::optional<db::FramingVersion> version;
    Framing framing() const { return version ? version->framing : Framing{}; }
};

CurrentFraming currentFraming(db::Database &database, std::int64_t projectId)
{
    return CurrentFraming{unwrap(db::FramingRepository(database).current(projectId))};
}

QJsonValue jsonNumber(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue();
}

QJsonObject businessMetricJson(const services::BusinessMetricOutcome &m)
{
    QJsonObject json{{QStringLiteral("unit"), m.unit}, {QStringLiteral("direction"), toKey(m.direction)}};
    if (m.value) {
        json.insert(QStringLiteral("value"), jsonNumber(*m.value));
        json.insert(QStringLiteral("selected"), qint64(m.selected));
        if (!m.notes.isEmpty())
            json.insert(QStringLiteral("notes"), QJsonArray::fromStringList(m.notes));
    } else {
        json.insert(QStringLiteral("error"), m.error);
    }
    return json;
}

// Keyed by the metric's name, so a script reads run["business_metrics"]["clicks_at_100"]["value"].
QJsonObject businessMetricsJson(const QList<services::BusinessMetricOutcome> &metrics)
{
    QJsonObject json;
    for (const services::BusinessMetricOutcome &m : metrics)
        json.insert(m.name, businessMetricJson(m));
    return json;
}

QJsonArray requirementsJson(const QList<business::RequirementResult> &results)
{
    QJsonArray array;
    for (const business::RequirementResult &r : results)
        array.append(QJsonObject{{QStringLiteral("role"), r.stakeholder.role},
                                 {QStringLiteral("metric"), r.stakeholder.requirementMetric},
                                 {QStringLiteral("comparator"), toKey(r.stakeholder.comparator)},
                                 {QStringLiteral("required"), r.stakeholder.requirementValue},
                                 {QStringLiteral("actual"), r.actual ? jsonNumber(*r.actual) : QJsonValue()},
                                 {QStringLiteral("outcome"), business::toKey(r.outcome)},
                                 {QStringLiteral("message"), r.message}});
    return array;
}

// The ML metrics as stored: numbers, null where undefined, and the evaluation's notes.
QJsonObject mlMetricsJson(const services::RunMetrics &m)
{
    return m.evaluation ? m.evaluation->metrics : QJsonObject{};
}

QJsonObject latencyJson(const QJsonObject &latency)
{
    QJsonObject json;
    const QMap<QString, double> values = services::latencyValues(latency);
    for (auto it = values.constBegin(); it != values.constEnd(); ++it)
        json.insert(it.key().mid(QStringLiteral("latency_").size()), it.value()); // p50_ms, ...
    return json;
}

// How training went, from the summary the worker keeps: epochs, the best epoch and its metrics
// (chosen on validation), how it ended; and, while it runs, how far it is.
QJsonObject trainingJson(const db::RunRecord &run)
{
    QJsonObject json;
    for (const char *key : {"epochs_done", "epochs", "best_epoch", "end", "monitor", "best", "train_seconds"})
        if (run.summary.contains(QLatin1String(key)))
            json.insert(QLatin1String(key), run.summary.value(QLatin1String(key)));
    const double epochs = run.summary.value(QStringLiteral("epochs")).toDouble();
    if (run.status == db::RunStatus::Running && epochs > 0)
        json.insert(QStringLiteral("progress"), run.summary.value(QStringLiteral("epochs_done")).toDouble() / epochs);
    return json;
}

// What the run's own encoding did to each column (data::encodingSummary); null for a run not
// started yet and for runs stored before runs fitted their own encoding (they read their split's,
// which `dataset show` prints).
QJsonValue featuresJson(const db::RunRecord &run)
{
    if (run.featureEncoding.isEmpty())
        return QJsonValue();
    const Result<data::FeatureEncoding> encoding = data::FeatureEncoding::fromJson(run.featureEncoding);
    return encoding ? QJsonValue(data::encodingSummary(*encoding)) : QJsonValue(encoding.error());
}

QJsonObject runJson(const services::RunMetrics &m, const QJsonObject &validationMetrics,
                    const db::RunAnnotations &annotations)
{
    const db::RunRecord &run = m.run;
    QJsonObject json{{QStringLiteral("id"), qint64(run.id)},
                     {QStringLiteral("name"), run.name},
                     {QStringLiteral("status"), db::toKey(run.status)},
                     {QStringLiteral("tags"), QJsonArray::fromStringList(annotations.tags)},
                     {QStringLiteral("starred"), annotations.starred},
                     {QStringLiteral("note"), annotations.note},
                     {QStringLiteral("config"), trainingConfigSummary(run.config)},
                     {QStringLiteral("dataset_version"),
                      run.datasetVersionId ? QJsonValue(qint64(*run.datasetVersionId)) : QJsonValue()},
                     {QStringLiteral("evaluation"), m.evaluation ? QJsonValue(qint64(m.evaluation->id)) : QJsonValue()},
                     {QStringLiteral("metrics"), mlMetricsJson(m)},
                     {QStringLiteral("validation_metrics"), validationMetrics},
                     {QStringLiteral("training"), trainingJson(run)},
                     {QStringLiteral("features"), featuresJson(run)},
                     {QStringLiteral("latency"), m.evaluation ? latencyJson(m.evaluation->latency) : QJsonObject{}},
                     {QStringLiteral("business_metrics"), businessMetricsJson(m.businessMetrics)},
                     {QStringLiteral("stakeholders"), requirementsJson(m.requirements)}};
    // What an external run's tool reported for its judged predictions, beside the app's figures.
    if (m.evaluation && !m.evaluation->reportedMetrics.isEmpty()) {
        const QList<evaluation::ReportedMetric> compared =
            evaluation::compareReported(m.evaluation->reportedMetrics, m.evaluation->metrics);
        json.insert(QStringLiteral("reported_metrics"), evaluation::reportedComparisonJson(compared));
        json.insert(QStringLiteral("reported_disagreements"),
                    QJsonArray::fromStringList(evaluation::disagreeingKeys(compared)));
    }
    if (!run.errorTail.isEmpty())
        json.insert(QStringLiteral("error"), run.errorTail);
    return json;
}

// The headline ML metrics of a text line: the quality of each target (ROC AUC, accuracy, RMSE,
// R²), not every stored number; --json has them all.
QStringList headlineMetrics(const QJsonObject &metrics)
{
    static const QStringList kHeadline{QStringLiteral("roc_auc"), QStringLiteral("average_precision"),
                                       QStringLiteral("accuracy"), QStringLiteral("rmse"), QStringLiteral("r2")};
    QStringList parts;
    for (auto it = metrics.constBegin(); it != metrics.constEnd(); ++it) {
        const QString leaf = it.key().section(QLatin1Char('/'), -1);
        if (it.value().isDouble() && kHeadline.contains(leaf))
            parts << QStringLiteral("%1 %2").arg(it.key(), formatNumber(it.value().toDouble()));
    }
    return parts;
}

QString businessText(const services::BusinessMetricOutcome &m)
{
    if (!m.value)
        return QStringLiteral("%1 n/a").arg(m.name);
    return QStringLiteral("%1 %2 %3").arg(m.name, formatNumber(*m.value), m.unit);
}

// "★ baseline, sweep; note: first pass": what people added to the run, "" when nothing.
QString annotationText(const db::RunAnnotations &annotations)
{
    QStringList parts;
    if (annotations.starred)
        parts << QStringLiteral("★");
    if (!annotations.tags.isEmpty())
        parts << QStringLiteral("tags %1").arg(annotations.tags.join(QLatin1Char(',')));
    if (!annotations.note.isEmpty())
        parts << QStringLiteral("note: %1").arg(annotations.note.section(QLatin1Char('\n'), 0, 0));
    return parts.join(QStringLiteral("; "));
}

QString runLine(const services::RunMetrics &m, const db::RunAnnotations &annotations)
{
    QStringList fields{QString::number(m.run.id), db::toKey(m.run.status), m.run.name,
                       trainingConfigSummary(m.run.config)};
    if (const QString added = annotationText(annotations); !added.isEmpty())
        fields << added;
    if (!m.evaluation) {
        fields << QStringLiteral("no evaluation yet");
        return fields.join(QLatin1Char('\t'));
    }
    fields << headlineMetrics(m.evaluation->metrics).join(QStringLiteral(", "));
    QStringList business;
    for (const services::BusinessMetricOutcome &b : m.businessMetrics)
        business << businessText(b);
    fields << business.join(QStringLiteral(", "));
    const QMap<QString, double> latency = services::latencyValues(m.evaluation->latency);
    // An external run logged without --latency-ms has no timings: say so rather than "nan ms".
    if (latency.isEmpty())
        fields << QStringLiteral("latency not measured");
    else
        fields << QStringLiteral("p50 %1 ms, p90 %2 ms, p95 %3 ms, p99 %4 ms")
                      .arg(formatNumber(latency.value(QStringLiteral("latency_p50_ms"), std::nan(""))),
                           formatNumber(latency.value(QStringLiteral("latency_p90_ms"), std::nan(""))),
                           formatNumber(latency.value(QStringLiteral("latency_p95_ms"), std::nan(""))),
                           formatNumber(latency.value(QStringLiteral("latency_p99_ms"), std::nan(""))));
    int passed = 0;
    for (const business::RequirementResult &r : m.requirements)
        passed += r.outcome == business::RequirementOutcome::Pass ? 1 : 0;
    if (!m.requirements.isEmpty())
        fields << QStringLiteral("stakeholders %1/%2 pass").arg(passed).arg(m.requirements.size());
    return fields.join(QLatin1Char('\t'));
}

// ---- metrics define ------------------------------------------------------------------------

QByteArray readInput(const QString &path)
{
    QFile input;
    const bool opened = path == QLatin1String("-") ? input.open(stdin, QIODevice::ReadOnly)
                                                   : (input.setFileName(path), input.open(QIODevice::ReadOnly));
    if (!opened)
        throw CommandFailed{QStringLiteral("cannot read %1: %2").arg(path, input.errorString())};
    return input.readAll();
}

// A problem found in the whole framing, named as in the metric's own file when it is about the
// metric ("business_metrics[3].aggregates[0].expression" -> "aggregates[0].expression").
QString metricPath(const QString &message, int index)
{
    const QString prefix = QStringLiteral("business_metrics[%1]").arg(index);
    if (message.startsWith(prefix + QLatin1Char('.')))
        return message.mid(prefix.size() + 1);
    if (message.startsWith(prefix + QLatin1Char(':')))
        return message.mid(prefix.size() + 2);
    return message;
}

// The framing with `metricJson` in place of the metric of the same name, else appended: read
// by the framing's strict reader and checked by its validator, so a metric saved here is exactly
// one the Framing page would save. Sets `replaced` and the metric's index.
Result<Framing> withMetric(const Framing &current, const QJsonObject &metricJson, bool *replaced, int *index)
{
    QJsonObject framingJson = framingToJson(current);
    QJsonArray metrics = framingJson.value(QStringLiteral("business_metrics")).toArray();
    const QString name = metricJson.value(QStringLiteral("name")).toString();
    *index = int(metrics.size());
    for (int i = 0; i < metrics.size(); ++i)
        if (!name.isEmpty() && metrics.at(i).toObject().value(QStringLiteral("name")).toString() == name)
            *index = i;
    *replaced = *index < metrics.size();
    if (*replaced)
        metrics.replace(*index, metricJson);
    else
        metrics.append(metricJson);
    framingJson.insert(QStringLiteral("business_metrics"), metrics);
    Result<Framing> framing = framingFromJson(framingJson);
    if (!framing)
        return Error{metricPath(framing.error(), *index)};
    QStringList problems;
    for (const FramingProblem &p : validateFraming(*framing))
        problems << metricPath(QStringLiteral("%1: %2").arg(p.field, p.message), *index);
    if (!problems.isEmpty())
        return Error{problems.join(QStringLiteral("; "))};
    return framing;
}

// The workspace of a command that shows runs, with the runs whose worker died marked interrupted
// first, so a killed worker's run never reads as running forever to someone without the window.
// Recording that is best effort: on a workspace this process cannot write, the command still
// shows what is stored, and the next writer records it.
std::unique_ptr<db::Workspace> openRunsWorkspace(const QString &path)
{
    std::unique_ptr<db::Workspace> workspace = openWorkspace(path);
    if (!workspace->isReadOnly())
        (void)services::interruptDeadRuns(workspace->database());
    return workspace;
}

// The project's runs; on a workspace this user may not write, a dead worker's run reads as
// interrupted here, as a writer would have recorded it.
QList<db::RunRecord> runsAsRecorded(db::Workspace &workspace, std::int64_t projectId)
{
    QList<db::RunRecord> runs = unwrap(db::RunRepository(workspace.database()).runs(projectId));
    if (workspace.isReadOnly()) {
        QSet<std::int64_t> dead;
        for (const db::RunRecord &run : unwrap(services::deadRuns(workspace.database())))
            dead.insert(run.id);
        for (db::RunRecord &run : runs)
            if (dead.contains(run.id))
                run.status = db::RunStatus::Interrupted;
    }
    return runs;
}

} // namespace

int runsCommand(const QStringList &arguments)
{
    const QCommandLineOption where(QStringLiteral("where"),
                                   QStringLiteral("Only the runs a query keeps (docs/QUERY.md)."),
                                   QStringLiteral("QUERY"));
    const QCommandLineOption view(QStringLiteral("view"), QStringLiteral("Only the runs a saved view's query keeps."),
                                  QStringLiteral("NAME"));
    Arguments a(arguments, {workspaceOption(), projectOption(), where, view, jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("project")});
    if (a.isSet(QStringLiteral("where")) && a.isSet(QStringLiteral("view")))
        throw CommandFailed{QStringLiteral("give --where or --view, not both")};
    auto workspace = openRunsWorkspace(a.value(QStringLiteral("workspace")));
    db::Database &database = workspace->database();
    const db::Project project = unwrap(db::ProjectRepository(database).find(a.value(QStringLiteral("project"))));
    const Framing framing = currentFraming(database, project.id).framing();
    QList<services::RunMetrics> runs;
    for (const db::RunRecord &run : runsAsRecorded(*workspace, project.id))
        runs << unwrap(services::computeRunMetrics(database, run, framing));
    const QHash<std::int64_t, db::RunAnnotations> annotations =
        unwrap(db::RunAnnotationRepository(database).annotationsOfProject(project.id));
    QString query = a.value(QStringLiteral("where"));
    QString queryOption = QStringLiteral("--where");
    if (a.isSet(QStringLiteral("view"))) {
        query = unwrap(db::SavedViewRepository(database).find(project.id, a.value(QStringLiteral("view")))).query;
        queryOption = QStringLiteral("view '%1'").arg(a.value(QStringLiteral("view")));
    }
    if (Result<QList<services::RunMetrics>> kept = services::runsMatching(runs, annotations, query); kept)
        runs = std::move(kept).value();
    else // a query that cannot be read: exit status 2, the column and the choices in the one line
        throw CommandFailed{QStringLiteral("%1: %2").arg(queryOption, kept.error()), 2};
    // The metrics of the validation predictions the run's operating choices are made on.
    QHash<std::int64_t, QJsonObject> validationMetrics;
    if (a.isSet(QStringLiteral("json"))) {
        // Which evaluation chooses, from the project's light summaries in one query; then only
        // those evaluations' metrics, batched.
        db::EvaluationRepository evaluations(database);
        const QHash<std::int64_t, QList<db::EvaluationRecord>> summaries =
            unwrap(evaluations.evaluationSummariesOfProject(project.id));
        QHash<std::int64_t, std::int64_t> choosingOf; // run -> evaluation
        for (const services::RunMetrics &m : runs)
            if (m.evaluation)
                if (const std::optional<db::EvaluationRecord> choosing =
                        services::choosingEvaluation(summaries.value(m.run.id), *m.evaluation))
                    choosingOf.insert(m.run.id, choosing->id);
        const QHash<std::int64_t, db::EvaluationRecord> chosen =
            unwrap(evaluations.evaluationsWithoutSamples(choosingOf.values()));
        for (auto it = choosingOf.cbegin(); it != choosingOf.cend(); ++it)
            validationMetrics.insert(it.key(), chosen.value(it.value()).metrics);
    }
    printList(
        a.isSet(QStringLiteral("json")), runs,
        [&](const services::RunMetrics &m) {
            return runJson(m, validationMetrics.value(m.run.id), annotations.value(m.run.id));
        },
        [&](const services::RunMetrics &m) { return runLine(m, annotations.value(m.run.id)); });
    return 0;
}

int metricsExportCommand(const QStringList &arguments)
{
    const QCommandLineOption series(QStringLiteral("series"), QStringLiteral("One series by name; default: all."),
                                    QStringLiteral("NAME"));
    const QCommandLineOption outFile(QStringLiteral("out"), QStringLiteral("The file to write; default: stdout."),
                                     QStringLiteral("F"));
    Arguments a(arguments, {workspaceOption(), runOption(), series, outFile, jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("run")});
    const std::int64_t id = runId(a);
    auto workspace = openRunsWorkspace(a.value(QStringLiteral("workspace")));
    db::Database &database = workspace->database();
    const db::RunRecord run = unwrap(db::RunRepository(database).run(id));
    db::MetricSeriesReader reader(database);
    QList<db::MetricSeriesInfo> chosen = unwrap(reader.seriesOf(run.id));
    if (a.isSet(QStringLiteral("series"))) {
        const QString name = a.value(QStringLiteral("series"));
        QStringList names;
        for (const db::MetricSeriesInfo &info : chosen)
            names << info.name;
        const auto found = std::find_if(chosen.cbegin(), chosen.cend(),
                                        [&name](const db::MetricSeriesInfo &info) { return info.name == name; });
        if (found == chosen.cend())
            throw CommandFailed{names.isEmpty() ? QStringLiteral("run %1 has no stored curves yet (status %2)")
                                                      .arg(run.id)
                                                      .arg(db::toKey(run.status))
                                                : QStringLiteral("run %1 has no series '%2'; its series are %3")
                                                      .arg(run.id)
                                                      .arg(name, names.join(QStringLiteral(", ")))};
        chosen = {*found};
    }

    QByteArray bytes;
    if (a.isSet(QStringLiteral("json"))) {
        QJsonArray all;
        for (const db::MetricSeriesInfo &info : chosen) {
            const db::MetricSeries points = unwrap(reader.read(info.id));
            QJsonArray steps, values;
            for (std::size_t i = 0; i < points.steps.size(); ++i) {
                steps.append(qint64(points.steps[i]));
                values.append(jsonNumber(points.values[i]));
            }
            all.append(QJsonObject{{QStringLiteral("name"), info.name},
                                   {QStringLiteral("steps"), steps},
                                   {QStringLiteral("values"), values}});
        }
        bytes = QJsonDocument(QJsonObject{{QStringLiteral("run"), qint64(run.id)}, {QStringLiteral("series"), all}})
                    .toJson(QJsonDocument::Indented);
    } else {
        // Long form, one point per record: what a spreadsheet or pandas pivots as it likes.
        data::CsvWriter csv;
        csv.addRecord({QStringLiteral("series"), QStringLiteral("step"), QStringLiteral("value")});
        for (const db::MetricSeriesInfo &info : chosen) {
            const db::MetricSeries points = unwrap(reader.read(info.id));
            for (std::size_t i = 0; i < points.steps.size(); ++i) {
                csv.addField(info.name);
                csv.addNumber(double(points.steps[i]));
                csv.addNumber(points.values[i]);
                csv.endRecord();
            }
        }
        bytes = csv.take();
    }
    if (!a.isSet(QStringLiteral("out"))) {
        out() << QString::fromUtf8(bytes);
        return 0;
    }
    const QString path = a.value(QStringLiteral("out"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        throw CommandFailed{QStringLiteral("cannot write '%1': %2").arg(path, file.errorString())};
    out() << QStringLiteral("wrote %1 series of run %2 to %3\n").arg(chosen.size()).arg(run.id).arg(path);
    return 0;
}

int evaluateCommand(const QStringList &arguments)
{
    const QCommandLineOption datasetVersion(
        QStringLiteral("dataset-version"), QStringLiteral("Evaluate on another dataset version."), QStringLiteral("V"));
    Arguments a(arguments, {workspaceOption(), runOption(), datasetVersion, jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("run")});
    const std::int64_t id = runId(a);
    // Predicting needs the network, so LibTorch, which this process never loads: the worker
    // predicts and stores a new evaluation, shown below.
    if (a.isSet(QStringLiteral("dataset-version"))) {
        const QString version = a.value(QStringLiteral("dataset-version"));
        bool ok = false;
        if (version.toLongLong(&ok) < 1 || !ok)
            throw CommandFailed{
                QStringLiteral("--dataset-version expects a dataset version id, got '%1'").arg(version)};
        const Status evaluated = services::runWorker(
            {QStringLiteral("evaluate"), QStringLiteral("--workspace"), a.value(QStringLiteral("workspace")),
             QStringLiteral("--run"), QString::number(id), QStringLiteral("--dataset-version"), version});
        if (!evaluated)
            throw CommandFailed{evaluated.error().startsWith(QLatin1String("metricbridge evaluate: "))
                                    ? evaluated.error().mid(QStringLiteral("metricbridge evaluate: ").size())
                                    : evaluated.error()};
    }
    auto workspace = openRunsWorkspace(a.value(QStringLiteral("workspace")));
    db::Database &database = workspace->database();
    const db::RunRecord run = unwrap(db::RunRepository(database).run(id));
    const CurrentFraming framing = currentFraming(database, run.projectId);
    // After --dataset-version, the evaluation on that version (just made, or found stored);
    // otherwise the one the run is judged by.
    const QList<db::EvaluationRecord> evaluations = unwrap(db::EvaluationRepository(database).evaluationsOf(run.id));
    const std::optional<db::EvaluationRecord> onVersion =
        a.isSet(QStringLiteral("dataset-version"))
            ? services::evaluationOnVersion(evaluations, a.value(QStringLiteral("dataset-version")).toLongLong())
            : std::nullopt;
    const services::RunMetrics m =
        onVersion ? unwrap(services::computeRunMetrics(database, run, framing.framing(), onVersion->id))
                  : unwrap(services::computeRunMetrics(database, run, framing.framing()));
    if (!m.evaluation)
        throw CommandFailed{QStringLiteral("run %1 '%2' has no stored evaluation (status %3): a run's predictions are "
                                           "evaluated and stored when it finishes")
                                .arg(run.id)
                                .arg(run.name, db::toKey(run.status))};
    const db::EvaluationRecord &e = *m.evaluation;

    if (a.isSet(QStringLiteral("json"))) {
        QJsonObject latency = e.latency;
        latency.remove(QStringLiteral("batch_1_samples_ms")); // the raw timings, for the histogram
        printJson(QJsonObject{{QStringLiteral("run"), qint64(run.id)},
                              {QStringLiteral("name"), run.name},
                              {QStringLiteral("status"), db::toKey(run.status)},
                              {QStringLiteral("evaluation"), qint64(e.id)},
                              {QStringLiteral("checkpoint"), e.checkpoint},
                              {QStringLiteral("dataset_version"), qint64(e.datasetVersionId)},
                              {QStringLiteral("split"), e.splitId ? QJsonValue(qint64(*e.splitId)) : QJsonValue()},
                              {QStringLiteral("part"), e.part},
                              {QStringLiteral("items"), qint64(e.items)},
                              {QStringLiteral("created_at"), e.createdAt},
                              {QStringLiteral("metrics"), e.metrics},
                              {QStringLiteral("latency"), latency},
                              {QStringLiteral("framing_version"),
                               framing.version ? QJsonValue(framing.version->info.version) : QJsonValue()},
                              {QStringLiteral("business_metrics"), businessMetricsJson(m.businessMetrics)},
                              {QStringLiteral("stakeholders"), requirementsJson(m.requirements)}});
        return 0;
    }
    out() << QStringLiteral(
                 "run %1 '%2' (%3): evaluation %4 of the %5 checkpoint on dataset version %6, %7 part, %8 items\n")
                 .arg(run.id)
                 .arg(run.name, db::toKey(run.status))
                 .arg(e.id)
                 .arg(e.checkpoint)
                 .arg(e.datasetVersionId)
                 .arg(e.part)
                 .arg(e.items);
    out() << "ML metrics:\n";
    for (auto it = e.metrics.constBegin(); it != e.metrics.constEnd(); ++it)
        if (it.value().isDouble() || it.value().isNull())
            out() << "  " << it.key() << "  "
                  << (it.value().isDouble() ? formatNumber(it.value().toDouble()) : QStringLiteral("undefined"))
                  << '\n';
    for (const QJsonValue &note : e.metrics.value(QStringLiteral("notes")).toArray())
        out() << "  note: " << note.toString() << '\n';
    auto percentiles = [](const QJsonObject &p) {
        return QStringLiteral("p50 %1 ms, p90 %2 ms, p95 %3 ms, p99 %4 ms")
            .arg(formatNumber(p.value(QStringLiteral("p50_ms")).toDouble(std::nan(""))),
                 formatNumber(p.value(QStringLiteral("p90_ms")).toDouble(std::nan(""))),
                 formatNumber(p.value(QStringLiteral("p95_ms")).toDouble(std::nan(""))),
                 formatNumber(p.value(QStringLiteral("p99_ms")).toDouble(std::nan(""))));
    };
    out() << "latency:\n"
          << "  batch 1    " << percentiles(e.latency.value(QStringLiteral("batch_1")).toObject()) << '\n'
          << "  batch 256  " << percentiles(e.latency.value(QStringLiteral("batch_256")).toObject()) << '\n'
          << QStringLiteral("  %1 items/s, model %2 bytes\n")
                 .arg(formatNumber(e.latency.value(QStringLiteral("items_per_s")).toDouble(std::nan(""))))
                 .arg(qint64(e.latency.value(QStringLiteral("model_bytes")).toDouble()));
    if (framing.version)
        out() << QStringLiteral("business metrics (framing version %1):\n").arg(framing.version->info.version);
    for (const services::BusinessMetricOutcome &b : m.businessMetrics) {
        if (b.value)
            out() << "  " << b.name << "  " << formatNumber(*b.value) << ' ' << b.unit << " (" << toKey(b.direction)
                  << ", " << b.selected << " items selected)\n";
        else
            out() << "  " << b.name << "  error: " << b.error << '\n';
        for (const QString &note : b.notes)
            out() << "    note: " << note << '\n';
    }
    if (!m.requirements.isEmpty())
        out() << "stakeholders:\n";
    for (const business::RequirementResult &r : m.requirements)
        out() << "  " << business::toKey(r.outcome) << "  " << r.message << '\n';
    return 0;
}

int metricsDefineCommand(const QStringList &arguments)
{
    const QCommandLineOption file(QStringLiteral("file"), QStringLiteral("Business metric JSON; '-' reads stdin."),
                                  QStringLiteral("FILE"));
    Arguments a(arguments, {workspaceOption(), projectOption(), file, jsonOption()},
                {QStringLiteral("workspace"), QStringLiteral("project"), QStringLiteral("file")});
    const QString path = a.value(QStringLiteral("file"));
    Result<QJsonObject> metricJson = parseJsonObject(readInput(path));
    if (!metricJson)
        throw CommandFailed{QStringLiteral("%1: %2").arg(path, metricJson.error())};

    auto workspace = openRunsWorkspace(a.value(QStringLiteral("workspace")));
    db::Database &database = workspace->database();
    const db::Project project = unwrap(db::ProjectRepository(database).find(a.value(QStringLiteral("project"))));
    const CurrentFraming current = currentFraming(database, project.id);
    if (!current.version)
        throw CommandFailed{
            QStringLiteral("project '%1' has no framing yet; save one with `framing set` first").arg(project.name)};
    bool replaced = false;
    int index = 0;
    Result<Framing> framing = withMetric(current.framing(), *metricJson, &replaced, &index);
    if (!framing)
        throw CommandFailed{QStringLiteral("%1: the metric was not saved: %2").arg(path, framing.error())};
    const BusinessMetric &metric = framing->businessMetrics.at(index);
    const QString note =
        (replaced ? QStringLiteral("metric '%1' redefined") : QStringLiteral("metric '%1' defined")).arg(metric.name);
    const db::SaveOutcome saved =
        unwrap(db::FramingRepository(database).save(current.version->info.framingId, *framing, note));

    // Recomputed from every run's stored predictions: nothing is retrained.
    QList<services::RunMetrics> runs;
    for (const db::RunRecord &run : unwrap(db::RunRepository(database).runs(project.id))) {
        services::RunMetrics m = unwrap(services::computeRunMetrics(database, run, *framing, {metric.name}));
        if (m.evaluation)
            runs << m;
    }
    if (a.isSet(QStringLiteral("json"))) {
        QJsonArray values;
        for (const services::RunMetrics &m : runs) {
            QJsonObject value = businessMetricJson(m.businessMetrics.constFirst());
            value.insert(QStringLiteral("run"), qint64(m.run.id));
            value.insert(QStringLiteral("name"), m.run.name);
            values.append(value);
        }
        printJson(QJsonObject{{QStringLiteral("metric"), metric.name},
                              {QStringLiteral("replaced"), replaced && !saved.unchanged},
                              {QStringLiteral("unchanged"), saved.unchanged},
                              {QStringLiteral("framing_version"), saved.version.version},
                              {QStringLiteral("runs"), values}});
        return 0;
    }
    if (saved.unchanged)
        out() << QStringLiteral("unchanged: metric '%1' is already defined so in framing version %2\n")
                     .arg(metric.name)
                     .arg(saved.version.version);
    else
        out() << QStringLiteral("saved framing version %1: %2\n").arg(saved.version.version).arg(note);
    if (runs.isEmpty())
        out() << "no run has stored predictions yet\n";
    for (const services::RunMetrics &m : runs) {
        const services::BusinessMetricOutcome &b = m.businessMetrics.constFirst();
        out() << QStringLiteral("run %1 '%2': ").arg(m.run.id).arg(m.run.name)
              << (b.value ? QStringLiteral("%1 %2").arg(formatNumber(*b.value), b.unit)
                          : QStringLiteral("error: ") + b.error)
              << '\n';
    }
    return 0;
}

int exportPredictionsCommand(const QStringList &arguments)
{
    const QCommandLineOption outFile(QStringLiteral("out"), QStringLiteral("The CSV file to write."),
                                     QStringLiteral("F"));
    const QCommandLineOption evaluationOption(QStringLiteral("evaluation"),
                                              QStringLiteral("The evaluation to export (default: the judged one)."),
                                              QStringLiteral("E"));
    const QCommandLineOption versionOption(QStringLiteral("dataset-version"),
                                           QStringLiteral("Export the run's evaluation on this dataset version."),
                                           QStringLiteral("V"));
    Arguments a(arguments, {workspaceOption(), runOption(), evaluationOption, versionOption, outFile},
                {QStringLiteral("workspace"), QStringLiteral("run"), QStringLiteral("out")});
    const std::int64_t id = runId(a);
    const auto positiveId = [&](const QString &option, const QString &what) -> std::optional<std::int64_t> {
        if (!a.isSet(option))
            return std::nullopt;
        bool ok = false;
        const qint64 value = a.value(option).toLongLong(&ok);
        if (!ok || value < 1)
            throw CommandFailed{QStringLiteral("--%1 expects %2 id, got '%3'").arg(option, what, a.value(option))};
        return value;
    };
    const std::optional<std::int64_t> evaluationId =
        positiveId(QStringLiteral("evaluation"), QStringLiteral("an evaluation"));
    const std::optional<std::int64_t> datasetVersion =
        positiveId(QStringLiteral("dataset-version"), QStringLiteral("a dataset version"));
    auto workspace = openRunsWorkspace(a.value(QStringLiteral("workspace")));
    db::Database &database = workspace->database();
    const db::RunRecord run = unwrap(db::RunRepository(database).run(id));
    const QList<db::EvaluationRecord> evaluations = unwrap(db::EvaluationRepository(database).evaluationsOf(run.id));
    if (evaluations.isEmpty())
        throw CommandFailed{QStringLiteral("run %1 '%2' has no stored predictions (status %3)")
                                .arg(run.id)
                                .arg(run.name, db::toKey(run.status))};
    const db::EvaluationRecord e =
        unwrap(services::chooseEvaluation(evaluations, run.id, evaluationId, datasetVersion));
    const services::StoredPredictions predictions = unwrap(services::loadPredictionColumns(database, e.id));
    const QString path = a.value(QStringLiteral("out"));
    unwrap(services::writePredictionsCsv(path, predictions));
    out() << QStringLiteral("wrote %1 items x %2 columns of run %3 (%4) to %5\n")
                 .arg(e.items)
                 .arg(predictions.columns.size())
                 .arg(run.id)
                 .arg(services::describeEvaluation(e), path);
    return 0;
}

namespace {

// A run named by a positional word (`runs lineage 7`), or a refusal saying what was expected.
std::int64_t positionalRunId(const QString &word, const QString &usage)
{
    bool ok = false;
    const qint64 id = word.toLongLong(&ok);
    if (!ok || id < 1)
        throw CommandFailed{QStringLiteral("expected a run id (1, 2, ...), got '%1'; usage: %2").arg(word, usage)};
    return id;
}

} // namespace

int runsLineageCommand(const QStringList &arguments)
{
    const QString usage = QStringLiteral("runs lineage --workspace W RUN [--json]");
    Arguments a(arguments, {workspaceOption(), jsonOption()}, {QStringLiteral("workspace")});
    if (a.positional().size() != 1)
        throw CommandFailed{QStringLiteral("name one run; usage: %1").arg(usage)};
    const std::int64_t id = positionalRunId(a.positional().first(), usage);
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    const QList<LineageEntry> family = unwrap(services::storedRunFamily(workspace->database(), id));
    if (a.isSet(QStringLiteral("json"))) {
        printJson(services::lineageJson(family));
        return 0;
    }
    for (const LineageEntry &entry : family)
        out() << QString(entry.depth * 2, QLatin1Char(' ')) << (entry.run.id == id ? QStringLiteral("* ") : QString())
              << QStringLiteral("#%1 %2: %3\n").arg(entry.run.id).arg(entry.run.name, lineageText(entry));
    return 0;
}

int runsDiffCommand(const QStringList &arguments)
{
    const QString usage = QStringLiteral("runs diff --workspace W A B [--json]");
    Arguments a(arguments, {workspaceOption(), jsonOption()}, {QStringLiteral("workspace")});
    if (a.positional().size() != 2)
        throw CommandFailed{QStringLiteral("name two runs; usage: %1").arg(usage)};
    const std::int64_t firstId = positionalRunId(a.positional().at(0), usage);
    const std::int64_t secondId = positionalRunId(a.positional().at(1), usage);
    auto workspace = openWorkspace(a.value(QStringLiteral("workspace")));
    db::Database &database = workspace->database();
    db::RunRepository repository(database);
    const db::RunRecord firstRun = unwrap(repository.run(firstId));
    const db::RunRecord secondRun = unwrap(repository.run(secondId));
    // Metric directions (and business metrics) come from the first run's project's current framing.
    const Framing framing = currentFraming(database, firstRun.projectId).framing();
    const services::RunMetrics first = unwrap(services::computeRunMetrics(database, firstRun, framing));
    const services::RunMetrics second = unwrap(services::computeRunMetrics(database, secondRun, framing));
    QHash<std::int64_t, db::FramingVersionName> framingVersions;
    for (const std::int64_t project : {firstRun.projectId, secondRun.projectId})
        framingVersions.insert(unwrap(db::FramingRepository(database).versionNames(project)));
    const services::RunDiff diff =
        services::diffRuns(first, second, framing, services::metricsOfEither(first, second), framingVersions);
    if (a.isSet(QStringLiteral("json"))) {
        printJson(services::runDiffJson(first, second, diff));
        return 0;
    }
    out() << QStringLiteral("#%1 %2  ->  #%3 %4\n").arg(firstId).arg(first.run.name).arg(secondId).arg(second.run.name);
    const auto section = [](const QString &title, const QList<services::RunDiffLine> &lines) {
        out() << title << QLatin1Char('\n');
        for (const services::RunDiffLine &line : lines) {
            out() << QStringLiteral("  %1\t%2\t%3").arg(line.field, line.first, line.second);
            if (!line.change.isEmpty())
                out() << QLatin1Char('\t') << line.change
                      << (line.better > 0   ? QStringLiteral(" (better)")
                          : line.better < 0 ? QStringLiteral(" (worse)")
                                            : QString());
            out() << QLatin1Char('\n');
        }
    };
    section(QStringLiteral("data, framing and build:"), diff.provenance);
    section(diff.config.isEmpty() ? QStringLiteral("config: identical")
                                  : QStringLiteral("config: %1 setting(s) differ:").arg(diff.config.size()),
            diff.config);
    section(QStringLiteral("metrics:"), diff.metrics);
    return 0;
}

} // namespace mb::cli
