// SPDX-License-Identifier: GPL-3.0-or-later
// Training runs as the window starts them: real `metricbridge train` processes on a real
// workspace. A run finishes with every point, its summary, log and verified checkpoints stored;
// a damaged checkpoint is refused; SIGTERM and a cancel request end it as cancelled with its curve
// kept; a killed worker leaves a run that the heartbeat rule marks interrupted; a huge learning
// rate ends as diverged; bad configs and bad data fail with the reason named; and the same config
// gives the same numbers twice.
#include "app/services/DatasetImport.h"
#include "app/services/RunLiveness.h"
#include "app/services/RunQueueing.h"
#include "core/Sha256.h"
#include "core/TrainingConfig.h"
#include "core/training/Checkpoint.h"
#include "db/ArtifactStore.h"
#include "db/Database.h"
#include "db/DatasetRepository.h"
#include "db/EvaluationRepository.h"
#include "db/MetricSeriesStore.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Timestamp.h"
#include "db/Workspace.h"
#include "tests/support/FileDamage.h"
#include "tests/support/TestSupport.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>
#include <cmath>
#include <memory>

using namespace mb;
using namespace mb::db;

namespace {

// 240 rows: three numeric features; "label" (0/1) follows x1 + x2, "level" (0..5) follows x1.
QByteArray shopCsv()
{
    QByteArray csv = "x1,x2,x3,label,level\n";
    std::uint32_t state = 12345;
    auto next = [&] { // a small LCG: the same file everywhere
        state = state * 1664525u + 1013904223u;
        return double(state >> 8) / double(1u << 24) * 2 - 1;
    };
    for (int r = 0; r < 240; ++r) {
        const double x1 = next(), x2 = next(), x3 = next();
        csv += QByteArray::number(x1, 'f', 4) + ',' + QByteArray::number(x2, 'f', 4) + ',' +
               QByteArray::number(x3, 'f', 4) + ',' + (x1 + x2 > 0 ? "1" : "0") + ',' +
               QByteArray::number(std::min(5, int((x1 + 1) * 3))) + '\n';
    }
    return csv;
}

struct Finished {
    int exitCode = -1;
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    QByteArray out;
    QByteArray err;
};

// The JSON lines a worker printed; an unparsable line is returned as {"unparsable": line}.
QList<QJsonObject> eventsOf(const QByteArray &out)
{
    QList<QJsonObject> events;
    for (const QByteArray &line : out.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject())
            events << QJsonObject{{QStringLiteral("unparsable"), QString::fromUtf8(line)}};
        else
            events << document.object();
    }
    return events;
}

QList<QJsonObject> eventsNamed(const QList<QJsonObject> &events, const QString &name)
{
    QList<QJsonObject> named;
    for (const QJsonObject &event : events)
        if (event.value(QStringLiteral("event")).toString() == name)
            named << event;
    return named;
}

bool hasEvent(const QByteArray &out, const QString &name)
{
    return !eventsNamed(eventsOf(out), name).isEmpty();
}

// With the write lock just taken by the caller: reads the worker's lines until it says the store
// is busy, then for another busy timeout and more, in which the run must not end. True when it
// said so and stayed.
bool waitsOutTheLock(QProcess &process, QByteArray &out)
{
    const qsizetype lockedAt = out.size();
    const QDeadlineTimer deadline(120000);
    const auto busySaid = [&] { return out.mid(lockedAt).contains("the workspace is busy"); };
    while (!busySaid() && !deadline.hasExpired() && process.state() == QProcess::Running) {
        process.waitForReadyRead(1000);
        out += process.readAllStandardOutput();
    }
    if (!busySaid() || process.waitForFinished(6000))
        return false;
    out += process.readAllStandardOutput();
    return !hasEvent(out, QStringLiteral("finished"));
}

template<typename T>
QString errorOf(const Result<T> &r)
{
    return r.ok() ? QString() : r.error();
}

} // namespace

class tst_TrainWorker : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void aTinyRunFinishesWithEverythingStored();
    void aFlippedByteInACheckpointIsRefusedBeforeLoading();
    void sigtermCancelsAndKeepsTheCurve();
    void aCancelRequestThroughTheWorkspaceStopsTheRun();
    void aKilledWorkerIsFoundInterruptedByItsStaleHeartbeat();
    void aStoppedWorkerKeepsItsRunAndItsOwnEndWins();
    void aStoreLockedPastTheBusyTimeoutDoesNotFailTheRun();
    void aStoreLockedAsTheRunFinishesDoesNotFailIt();
    void aHugeLearningRateEndsAsDivergedWithTheBreakKept();
    void aModelTooLargeForTheMachineFailsBeforeTraining();
    void aFlippedBitInADatasetChunkIsRefusedNotTrainedOn();
    void badConfigsAreRefusedAndStoreNoRun_data();
    void badConfigsAreRefusedAndStoreNoRun();
    void onlyAQueuedRunCanBeStarted();
    void dataThatDoNotFitTheLossFailTheRunWithTheReason();
    void theSameConfigTwiceGivesTheSameNumbers();

private:
    Database &db() { return m_workspace->database(); }
    QString workspacePath() const { return m_dir->filePath(QStringLiteral("shop.mbw")); }
    // A quick binary MLP run: 3 epochs of batches of 16, one thread, no early stopping.
    QJsonObject tinyConfig() const;
    // A run that would take minutes: for cancels and crashes.
    QJsonObject longConfig() const;
    QString writeConfig(const QJsonObject &config);
    QStringList trainArguments(const QJsonObject &config);
    Finished train(const QStringList &arguments);
    // Starts a long run and returns once its first epoch is stored; the run id in `runId`.
    bool startLongRun(QProcess &process, QByteArray &out, std::int64_t *runId);
    QHash<QString, MetricSeries> series(std::int64_t runId);
    std::int64_t runCount() { return db().queryInt("SELECT count(*) FROM runs"); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    std::int64_t m_projectId = 0, m_versionId = 0, m_splitId = 0, m_trainRows = 0;
    int m_configs = 0;
    // Started by a test, killed by cleanup() if still running. Guarded: a test's own QProcess on
    // its stack is gone by cleanup() (the sanitized build caught the call through the dangling pointer).
    QList<QPointer<QProcess>> m_processes;
};

void tst_TrainWorker::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto created = Workspace::create(workspacePath());
    QVERIFY2(created.ok(), qPrintable(errorOf(created)));
    m_workspace = std::move(created).value();
    m_projectId = ProjectRepository(db()).create(QStringLiteral("Shop"))->id;

    const QString csv = m_dir->filePath(QStringLiteral("shop.csv"));
    QVERIFY(mbtest::writeFile(csv, shopCsv()));
    services::DatasetImportRequest request;
    request.file = csv;
    request.options.targets = {QStringLiteral("label"), QStringLiteral("level")};
    const Result<data::SplitSpec> spec = data::SplitSpec::parse(QStringLiteral("random:0.2,0.2"), 7);
    QVERIFY(spec.ok());
    request.split = *spec;
    const Result<services::DatasetImportOutcome> imported = services::importDataset(db(), m_projectId, request);
    QVERIFY2(imported.ok(), qPrintable(errorOf(imported)));
    QVERIFY(imported->split.has_value());
    m_versionId = imported->version.id;
    m_splitId = imported->split->id;
    m_trainRows = imported->split->counts.train;
    QVERIFY(m_trainRows > 100);
}

void tst_TrainWorker::cleanup()
{
    for (const QPointer<QProcess> &process : std::as_const(m_processes)) {
        if (process && process->state() != QProcess::NotRunning) {
            process->kill();
            process->waitForFinished(5000);
        }
    }
    m_processes.clear();
    m_workspace.reset();
    m_dir.reset();
}

QJsonObject tst_TrainWorker::tinyConfig() const
{
    return QJsonObject{{QStringLiteral("format"), QStringLiteral("metricbridge.run")},
                       {QStringLiteral("format_version"), 1},
                       {QStringLiteral("name"), QStringLiteral("tiny")},
                       {QStringLiteral("dataset_version"), qint64(m_versionId)},
                       {QStringLiteral("split"), qint64(m_splitId)},
                       {QStringLiteral("task"), QStringLiteral("binary")},
                       {QStringLiteral("targets"), QJsonArray{QStringLiteral("label")}},
                       {QStringLiteral("model"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("mlp")},
                                                             {QStringLiteral("hidden"), QJsonArray{8}}}},
                       {QStringLiteral("optimizer"),
                        QJsonObject{{QStringLiteral("kind"), QStringLiteral("adam")}, {QStringLiteral("lr"), 0.01}}},
                       {QStringLiteral("batch_size"), 16},
                       {QStringLiteral("epochs"), 3},
                       {QStringLiteral("early_stopping"), QJsonValue::Null},
                       {QStringLiteral("seed"), QStringLiteral("11")},
                       {QStringLiteral("threads"), 1}};
}

QJsonObject tst_TrainWorker::longConfig() const
{
    QJsonObject config = tinyConfig();
    config.insert(QStringLiteral("name"), QStringLiteral("long"));
    config.insert(QStringLiteral("batch_size"), 2);
    config.insert(QStringLiteral("epochs"), 5000);
    return config;
}

QString tst_TrainWorker::writeConfig(const QJsonObject &config)
{
    const QString path = m_dir->filePath(QStringLiteral("run%1.json").arg(++m_configs));
    mbtest::writeFile(path, QJsonDocument(config).toJson());
    return path;
}

QStringList tst_TrainWorker::trainArguments(const QJsonObject &config)
{
    return {QStringLiteral("train"), QStringLiteral("--workspace"), workspacePath(),    QStringLiteral("--project"),
            QStringLiteral("Shop"),  QStringLiteral("--config"),    writeConfig(config)};
}

Finished tst_TrainWorker::train(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(METRICBRIDGE_BINARY), arguments);
    Finished finished;
    if (!process.waitForStarted() || !process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        return finished;
    }
    finished.exitCode = process.exitCode();
    finished.exitStatus = process.exitStatus();
    finished.out = process.readAllStandardOutput();
    finished.err = process.readAllStandardError();
    return finished;
}

bool tst_TrainWorker::startLongRun(QProcess &process, QByteArray &out, std::int64_t *runId)
{
    m_processes << &process;
    process.start(QStringLiteral(METRICBRIDGE_BINARY), trainArguments(longConfig()));
    if (!process.waitForStarted())
        return false;
    // The first epoch is stored (the tracker flushes at every epoch), so there is a curve to keep.
    QDeadlineTimer deadline(30000);
    while (!hasEvent(out, QStringLiteral("epoch")) && !deadline.hasExpired() && process.state() == QProcess::Running) {
        process.waitForReadyRead(int(std::min<qint64>(deadline.remainingTime(), 1000)));
        out += process.readAllStandardOutput();
    }
    const QList<QJsonObject> started = eventsNamed(eventsOf(out), QStringLiteral("started"));
    if (started.isEmpty() || !hasEvent(out, QStringLiteral("epoch"))) {
        qWarning("the run did not start: %s\n%s", out.constData(), process.readAllStandardError().constData());
        return false;
    }
    *runId = started.first().value(QStringLiteral("run")).toInteger();
    return true;
}

QHash<QString, MetricSeries> tst_TrainWorker::series(std::int64_t runId)
{
    QHash<QString, MetricSeries> all;
    MetricSeriesReader reader(db());
    const Result<QList<MetricSeriesInfo>> infos = reader.seriesOf(runId);
    if (!infos)
        return all;
    for (const MetricSeriesInfo &info : *infos) {
        Result<MetricSeries> points = reader.read(info.id);
        if (points)
            all.insert(info.name, *points);
    }
    return all;
}

void tst_TrainWorker::aTinyRunFinishesWithEverythingStored()
{
    const Finished run = train(trainArguments(tinyConfig()));
    QVERIFY2(run.exitCode == 0 && run.exitStatus == QProcess::NormalExit, run.err.constData());

    // Progress: every line is JSON; started first, the epochs in order, finished last.
    const QList<QJsonObject> events = eventsOf(run.out);
    QVERIFY(!events.isEmpty());
    for (const QJsonObject &event : events) {
        QVERIFY2(!event.contains(QStringLiteral("unparsable")),
                 qPrintable(event.value(QStringLiteral("unparsable")).toString()));
        QVERIFY(event.contains(QStringLiteral("event")));
    }
    QCOMPARE(events.first().value(QStringLiteral("event")).toString(), QStringLiteral("started"));
    QCOMPARE(events.last().value(QStringLiteral("event")).toString(), QStringLiteral("finished"));
    QCOMPARE(events.last().value(QStringLiteral("status")).toString(), QStringLiteral("finished"));
    const std::int64_t runId = events.first().value(QStringLiteral("run")).toInteger();
    QVERIFY(runId > 0);
    for (const QJsonObject &event : events)
        QCOMPARE(event.value(QStringLiteral("run")).toInteger(), runId);
    const QList<QJsonObject> epochs = eventsNamed(events, QStringLiteral("epoch"));
    QCOMPARE(epochs.size(), 3);
    for (int e = 0; e < 3; ++e) {
        QCOMPARE(epochs[e].value(QStringLiteral("epoch")).toInt(), e + 1);
        QCOMPARE(epochs[e].value(QStringLiteral("epochs")).toInt(), 3);
    }

    // The record.
    RunRepository runs(db());
    const Result<RunRecord> record = runs.run(runId);
    QVERIFY2(record.ok(), qPrintable(errorOf(record)));
    QCOMPARE(record->status, RunStatus::Finished);
    QCOMPARE(record->name, QStringLiteral("tiny"));
    QCOMPARE(record->workerPid, std::optional<std::int64_t>(events.first().value(QStringLiteral("pid")).toInteger()));
    QCOMPARE(record->threads, 1);
    QCOMPARE(record->seed, std::int64_t(11));
    QCOMPARE(record->datasetVersionId, std::optional(m_versionId));
    QCOMPARE(record->splitId, std::optional(m_splitId));
    QVERIFY(!record->startedAt.isEmpty());
    QVERIFY(record->finishedAt >= record->startedAt);
    QVERIFY(!record->libtorchVersion.isEmpty());
    QVERIFY(record->errorTail.isEmpty());

    // Every step and every epoch stored, nothing sampled away.
    const std::int64_t steps = 3 * ((m_trainRows + 15) / 16);
    const QHash<QString, MetricSeries> stored = series(runId);
    for (const char *name : {"train/loss", "lr", "samples_per_s", "wall_time_s"}) {
        const MetricSeries s = stored.value(QLatin1String(name));
        QCOMPARE(std::int64_t(s.steps.size()), steps);
        for (std::size_t i = 0; i < s.steps.size(); ++i) {
            QCOMPARE(s.steps[i], std::int64_t(i + 1));
            QVERIFY2(std::isfinite(s.values[i]), name);
        }
    }
    for (double lr : stored.value(QStringLiteral("lr")).values)
        QCOMPARE(lr, 0.01);
    const std::vector<double> &wall = stored.value(QStringLiteral("wall_time_s")).values;
    QVERIFY(std::is_sorted(wall.begin(), wall.end()));
    // The headline metrics of a yes/no target too, so early stopping and the curves can use them.
    for (const char *name : {"epoch/train_loss", "validation/loss", "validation/accuracy", "validation/roc_auc",
                             "validation/average_precision"}) {
        const MetricSeries s = stored.value(QLatin1String(name));
        QCOMPARE(s.steps, (std::vector<std::int64_t>{1, 2, 3}));
        // The store holds what the progress lines said.
        for (int e = 0; e < 3; ++e)
            QCOMPARE(s.values[std::size_t(e)],
                     epochs[e].value(QStringLiteral("metrics")).toObject().value(QLatin1String(name)).toDouble());
    }
    QVERIFY(stored.value(QStringLiteral("validation/loss")).values.back() <
            stored.value(QStringLiteral("validation/loss")).values.front());

    // Summary and log.
    const QJsonObject summary = record->summary;
    QCOMPARE(summary.value(QStringLiteral("end")).toString(), QStringLiteral("finished"));
    QCOMPARE(summary.value(QStringLiteral("epochs_done")).toInt(), 3);
    QCOMPARE(summary.value(QStringLiteral("steps")).toInteger(), steps);
    QCOMPARE(summary.value(QStringLiteral("monitor")).toString(), QStringLiteral("validation/loss"));
    QCOMPARE(summary.value(QStringLiteral("validation/accuracy")).toDouble(),
             stored.value(QStringLiteral("validation/accuracy")).values.back());
    QVERIFY(summary.value(QStringLiteral("samples_per_s")).toDouble() > 0);
    const int bestEpoch = summary.value(QStringLiteral("best_epoch")).toInt();
    QVERIFY(bestEpoch >= 1 && bestEpoch <= 3);
    const Result<QStringList> log = runs.logTail(runId, 100);
    QVERIFY(log.ok());
    const QString text = log->join(QLatin1Char('\n'));
    QVERIFY2(text.contains(QStringLiteral("training on %1 rows").arg(m_trainRows)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("epoch 3/3")), qPrintable(text));

    // Checkpoints: best and last, verified by their hash, loadable.
    ArtifactStore artifacts(db());
    const Result<QList<RunArtifact>> list = artifacts.artifactsOf(runId);
    QVERIFY(list.ok());
    QCOMPARE(list->size(), 2);
    for (const RunArtifact &artifact : *list) {
        QVERIFY(artifact.name == QLatin1String("best") || artifact.name == QLatin1String("last"));
        const Result<QByteArray> bytes = artifacts.read(artifact.sha256);
        QVERIFY2(bytes.ok(), qPrintable(errorOf(bytes)));
        QCOMPARE(sha256Hex(*bytes), artifact.sha256);
        QCOMPARE(std::int64_t(bytes->size()), artifact.size);
        QCOMPARE(artifact.meta.value(QStringLiteral("epoch")).toInt(),
                 artifact.name == QLatin1String("best") ? bestEpoch : 3);
        const Result<training::LoadedModel> model = training::loadCheckpoint(*bytes, artifact.meta);
        QVERIFY2(model.ok(), qPrintable(errorOf(model)));
        QCOMPARE(model->heads().size(), std::size_t(1));
        QCOMPARE(model->config().epochs, 3);
    }

    // The best checkpoint's predictions for every test row, stored for business metrics.
    EvaluationRepository evaluations(db());
    const Result<QList<EvaluationRecord>> stored_ = evaluations.evaluationsOf(runId);
    QVERIFY(stored_.ok());
    // Newest first: the test part it is judged by, and the validation part thresholds are chosen on.
    QCOMPARE(stored_->size(), 2);
    const EvaluationRecord evaluation = stored_->constFirst();
    QCOMPARE(evaluation.part, QStringLiteral("test"));
    const EvaluationRecord validation = stored_->at(1);
    QCOMPARE(validation.part, QStringLiteral("validation"));
    QCOMPARE(validation.splitId, evaluation.splitId);
    QVERIFY(validation.metrics.contains(QStringLiteral("validation/roc_auc")));
    QVERIFY(validation.latency.isEmpty()); // measured once, on the test rows
    QCOMPARE(evaluation.checkpoint, QStringLiteral("best"));
    const Result<std::vector<data::SplitPart>> assignment = DatasetRepository(db()).splitAssignment(m_splitId);
    QVERIFY(assignment.ok());
    const auto testRows = std::count(assignment->cbegin(), assignment->cend(), data::SplitPart::Test);
    QVERIFY(testRows > 0);
    QCOMPARE(evaluation.items, std::int64_t(testRows));
    QCOMPARE(validation.items,
             std::int64_t(std::count(assignment->cbegin(), assignment->cend(), data::SplitPart::Validation)));
    const std::vector<double> rows = *evaluations.column(evaluation.id, QStringLiteral("row"));
    const std::vector<double> labels = *evaluations.column(evaluation.id, QStringLiteral("label:label"));
    const std::vector<double> scores = *evaluations.column(evaluation.id, QStringLiteral("score:label"));
    const std::vector<double> predicted = *evaluations.column(evaluation.id, QStringLiteral("predicted:label"));
    QCOMPARE(std::int64_t(rows.size()), evaluation.items);
    int correct = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        QCOMPARE((*assignment)[std::size_t(rows[i])], data::SplitPart::Test);
        QVERIFY(scores[i] >= 0 && scores[i] <= 1);
        QCOMPARE(predicted[i], scores[i] >= 0.5 ? 1.0 : 0.0);
        correct += predicted[i] == labels[i];
    }
    QCOMPARE(evaluation.metrics.value(QStringLiteral("test/accuracy")).toDouble(),
             double(correct) / double(rows.size()));
    QCOMPARE(summary.value(QStringLiteral("test/accuracy")).toDouble(), double(correct) / double(rows.size()));
    const QJsonObject single = evaluation.latency.value(QStringLiteral("batch_1")).toObject();
    QCOMPARE(single.value(QStringLiteral("calls")).toInt(), 1000);
    QVERIFY(single.value(QStringLiteral("p50_ms")).toDouble() > 0);
    QVERIFY(single.value(QStringLiteral("p50_ms")).toDouble() <= single.value(QStringLiteral("p99_ms")).toDouble());
    QCOMPARE(evaluation.latency.value(QStringLiteral("batch_1_samples_ms")).toArray().size(), 1000);
    QCOMPARE(summary.value(QStringLiteral("latency_p99_ms")).toDouble(),
             single.value(QStringLiteral("p99_ms")).toDouble());
}

void tst_TrainWorker::aFlippedByteInACheckpointIsRefusedBeforeLoading()
{
    const Finished run = train(trainArguments(tinyConfig()));
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const std::int64_t runId = eventsOf(run.out).first().value(QStringLiteral("run")).toInteger();
    ArtifactStore artifacts(db());
    const Result<RunArtifact> best = artifacts.artifact(runId, QStringLiteral("best"));
    QVERIFY2(best.ok(), qPrintable(errorOf(best)));
    const Result<QByteArray> good = artifacts.read(best->sha256);
    QVERIFY(good.ok());

    // Damage one byte of the stored copy, as a disk might: the store's own trigger would refuse
    // the update, so it goes first.
    QByteArray damaged = *good;
    damaged[damaged.size() / 2] = char(damaged.at(damaged.size() / 2) ^ 0x01);
    db().exec("DROP TRIGGER artifacts_are_immutable");
    db().prepare("UPDATE artifacts SET data = ?2 WHERE sha256 = ?1").bind(1, best->sha256).bind(2, damaged).run();
    QCOMPARE(db().changes(), 1);

    const Result<QByteArray> read = artifacts.read(best->sha256);
    QVERIFY2(!read.ok(), "damaged bytes were handed out");
    QVERIFY2(read.error().contains(QStringLiteral("damaged")), qPrintable(read.error()));
    QVERIFY2(read.error().contains(best->sha256), qPrintable(read.error()));
    QVERIFY2(read.error().contains(sha256Hex(damaged)), qPrintable(read.error()));
    // The other checkpoint is untouched and still loads.
    const Result<RunArtifact> last = artifacts.artifact(runId, QStringLiteral("last"));
    QVERIFY(last.ok());
    if (last->sha256 != best->sha256) {
        const Result<QByteArray> lastBytes = artifacts.read(last->sha256);
        QVERIFY2(lastBytes.ok(), qPrintable(errorOf(lastBytes)));
        QVERIFY(training::loadCheckpoint(*lastBytes, last->meta).ok());
    }
}

void tst_TrainWorker::sigtermCancelsAndKeepsTheCurve()
{
    QProcess process;
    QByteArray out;
    std::int64_t runId = 0;
    QVERIFY(startLongRun(process, out, &runId));
    process.terminate(); // SIGTERM, as the window's cancel sends it
    QVERIFY2(process.waitForFinished(15000), "the worker did not stop on SIGTERM");
    out += process.readAllStandardOutput();
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());

    const QList<QJsonObject> events = eventsOf(out);
    QCOMPARE(events.last().value(QStringLiteral("event")).toString(), QStringLiteral("finished"));
    QCOMPARE(events.last().value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
    const Result<RunRecord> record = RunRepository(db()).run(runId);
    QCOMPARE(record->status, RunStatus::Cancelled);
    QCOMPARE(record->summary.value(QStringLiteral("end")).toString(), QStringLiteral("cancelled"));
    QVERIFY(record->summary.value(QStringLiteral("epochs_done")).toInt() >= 1);

    // The curve so far is kept, every step of it.
    const QHash<QString, MetricSeries> stored = series(runId);
    const MetricSeries loss = stored.value(QStringLiteral("train/loss"));
    QVERIFY(!loss.steps.empty());
    QCOMPARE(std::int64_t(loss.steps.size()), record->summary.value(QStringLiteral("steps")).toInteger());
    QCOMPARE(loss.steps.back(), std::int64_t(loss.steps.size()));
    QVERIFY(stored.value(QStringLiteral("validation/loss")).steps.size() >= 1);
    QCOMPARE(stored.value(QStringLiteral("lr")).steps.size(), loss.steps.size());
    // The epochs completed before the cancel left their checkpoints.
    QVERIFY(ArtifactStore(db()).artifact(runId, QStringLiteral("best")).ok());
}

void tst_TrainWorker::aCancelRequestThroughTheWorkspaceStopsTheRun()
{
    QProcess process;
    QByteArray out;
    std::int64_t runId = 0;
    QVERIFY(startLongRun(process, out, &runId));
    RunRepository runs(db());
    QVERIFY(runs.requestCancel(runId).ok());
    QCOMPARE(runs.run(runId)->status, RunStatus::Running); // the worker decides when it stops
    // The worker looks at the flag with its heartbeat, every 2 s; the deadline is generous so a
    // loaded machine passes too (how fast is a benchmark's question, not this test's).
    QVERIFY2(process.waitForFinished(60000), "the worker did not see the cancel request");
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    const Result<RunRecord> record = runs.run(runId);
    QCOMPARE(record->status, RunStatus::Cancelled);
    QVERIFY(record->cancelRequested);
    QVERIFY(!series(runId).value(QStringLiteral("train/loss")).steps.empty());
}

void tst_TrainWorker::aKilledWorkerIsFoundInterruptedByItsStaleHeartbeat()
{
    QProcess process;
    QByteArray out;
    std::int64_t runId = 0;
    QVERIFY(startLongRun(process, out, &runId));
    process.kill(); // SIGKILL: no handler runs, nothing is finished
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitStatus(), QProcess::CrashExit);

    RunRepository runs(db());
    QCOMPARE(runs.run(runId)->status, RunStatus::Running);
    // Its heartbeat is fresh, so nobody can tell it from a live run yet.
    QCOMPARE(*services::interruptDeadRuns(db()), 0);
    QCOMPARE(runs.run(runId)->status, RunStatus::Running);

    // An hour later, as any command sees it when it opens the workspace again: `runs --json`
    // reports it interrupted, and records that once.
    db().prepare("UPDATE runs SET heartbeat_at = ?2 WHERE id = ?1").bind(1, runId).bind(2, utcTimestamp(-3600)).run();
    m_workspace.reset();
    QProcess list;
    list.start(QStringLiteral(METRICBRIDGE_BINARY),
               {QStringLiteral("runs"), QStringLiteral("--workspace"), workspacePath(), QStringLiteral("--project"),
                QStringLiteral("Shop"), QStringLiteral("--json")});
    QVERIFY(list.waitForFinished(60000));
    QVERIFY2(list.exitCode() == 0, list.readAllStandardError().constData());
    bool listed = false;
    for (const QJsonValue &run : QJsonDocument::fromJson(list.readAllStandardOutput()).array())
        if (run.toObject().value(QStringLiteral("id")).toInteger() == runId) {
            listed = true;
            QCOMPARE(run.toObject().value(QStringLiteral("status")).toString(), QStringLiteral("interrupted"));
        }
    QVERIFY(listed);
    auto reopened = Workspace::open(workspacePath());
    QVERIFY2(reopened.ok(), qPrintable(errorOf(reopened)));
    m_workspace = std::move(reopened).value();
    RunRepository again(db());
    const Result<RunRecord> record = again.run(runId);
    QCOMPARE(record->status, RunStatus::Interrupted);
    QVERIFY(!record->finishedAt.isEmpty());
    QVERIFY2(record->errorTail.contains(QStringLiteral("no heartbeat since")), qPrintable(record->errorTail));
    // What the worker stored before it died is still there.
    QVERIFY(!series(runId).value(QStringLiteral("train/loss")).steps.empty());
    QCOMPARE(*services::interruptDeadRuns(db()), 0); // once
}

void tst_TrainWorker::aStoreLockedPastTheBusyTimeoutDoesNotFailTheRun()
{
    // Another process (an import, a backup) held the write lock for 40 s: the run failed with
    // "cannot write metric points: database is locked" and none of its 834 steps was stored.
    QProcess process;
    QByteArray out;
    std::int64_t runId = 0;
    QVERIFY(startLongRun(process, out, &runId));
    {
        Database locker(workspacePath(), Database::Mode::ReadWrite);
        locker.exec("BEGIN IMMEDIATE");
        // Held past the worker's 5 s busy timeout: it says the store is busy, keeps its points
        // buffered, and trains on to its epoch's end, where it waits for the store.
        QVERIFY2(waitsOutTheLock(process, out), out.right(800).constData());
        locker.exec("ROLLBACK");
    }
    // Freed, the store takes what was buffered: the next epoch is stored and announced.
    const int epochsBefore = int(eventsNamed(eventsOf(out), QStringLiteral("epoch")).size());
    QDeadlineTimer deadline(120000);
    while (int(eventsNamed(eventsOf(out), QStringLiteral("epoch")).size()) <= epochsBefore && !deadline.hasExpired() &&
           process.state() == QProcess::Running) {
        process.waitForReadyRead(1000);
        out += process.readAllStandardOutput();
    }
    process.terminate();
    QVERIFY2(process.waitForFinished(60000), "the worker did not stop on SIGTERM");
    out += process.readAllStandardOutput();
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(RunRepository(db()).run(runId)->status, RunStatus::Cancelled);
    // Every step of the loss curve is stored, 1..n, through the epochs announced.
    const MetricSeries loss = series(runId).value(QStringLiteral("train/loss"));
    const MetricSeries lastStep = series(runId).value(QStringLiteral("epoch/last_step"));
    QVERIFY(int(lastStep.values.size()) > epochsBefore);
    QVERIFY(std::int64_t(loss.steps.size()) >= std::int64_t(lastStep.values.back()));
    for (std::size_t i = 0; i < loss.steps.size(); ++i)
        QCOMPARE(loss.steps[i], std::int64_t(i + 1));
}

void tst_TrainWorker::aStoreLockedAsTheRunFinishesDoesNotFailIt()
{
    // The end of a run (checkpoints, evaluation, summary, final status) once failed when another
    // process held the write lock past the 5 s busy timeout right then, though every epoch waited.
    // The lock is taken as the last epoch is announced; the run must still be writing its end then
    // (read under the lock), else the worker outran the test and the round is tried again.
    constexpr int kRounds = 3;
    for (int round = 1; round <= kRounds; ++round) {
        QProcess process; // its destructor kills it if a check below returns early
        process.start(QStringLiteral(METRICBRIDGE_BINARY), trainArguments(tinyConfig()));
        QVERIFY(process.waitForStarted());
        QByteArray out;
        QDeadlineTimer deadline(120000);
        const auto lastEpochAnnounced = [&] {
            for (const QJsonObject &epoch : eventsNamed(eventsOf(out), QStringLiteral("epoch")))
                if (epoch.value(QStringLiteral("epoch")).toInt() == 3)
                    return true;
            return false;
        };
        while (!lastEpochAnnounced() && !deadline.hasExpired() && process.state() == QProcess::Running) {
            process.waitForReadyRead(100);
            out += process.readAllStandardOutput();
        }
        QVERIFY2(lastEpochAnnounced(), out.right(800).constData());
        const std::int64_t runId = eventsNamed(eventsOf(out), QStringLiteral("started"))
                                       .constFirst()
                                       .value(QStringLiteral("run"))
                                       .toInteger();
        bool heldWhileFinishing = false;
        {
            Database locker(workspacePath(), Database::Mode::ReadWrite);
            locker.exec("PRAGMA busy_timeout = 60000");
            locker.exec("BEGIN IMMEDIATE");
            {
                Statement status = locker.prepare("SELECT status FROM runs WHERE id = ?1");
                status.bind(1, runId);
                QVERIFY(status.step());
                heldWhileFinishing = status.columnText(0) == QLatin1String("running");
            }
            if (heldWhileFinishing) // past the worker's busy timeout: it says the store is busy and waits
                QVERIFY2(waitsOutTheLock(process, out), out.right(800).constData());
            locker.exec("ROLLBACK");
        }
        QVERIFY2(process.waitForFinished(120000), "the worker did not finish once the store was free");
        out += process.readAllStandardOutput();
        QCOMPARE(process.exitCode(), 0);
        if (!heldWhileFinishing) {
            qWarning("round %d: the run had finished before the lock was taken; trying again", round);
            continue;
        }
        // Finished, with every point, its evaluations and its checkpoints.
        const QList<QJsonObject> finished = eventsNamed(eventsOf(out), QStringLiteral("finished"));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().value(QStringLiteral("status")).toString(), QStringLiteral("finished"));
        QCOMPARE(RunRepository(db()).run(runId)->status, RunStatus::Finished);
        const std::int64_t steps = 3 * ((m_trainRows + 15) / 16);
        const MetricSeries loss = series(runId).value(QStringLiteral("train/loss"));
        QCOMPARE(std::int64_t(loss.steps.size()), steps);
        for (std::size_t i = 0; i < loss.steps.size(); ++i)
            QCOMPARE(loss.steps[i], std::int64_t(i + 1));
        QCOMPARE(series(runId).value(QStringLiteral("validation/loss")).steps, (std::vector<std::int64_t>{1, 2, 3}));
        const Result<QList<EvaluationRecord>> evaluations = EvaluationRepository(db()).evaluationsOf(runId);
        QVERIFY(evaluations);
        QCOMPARE(evaluations->size(), 2);
        QCOMPARE(evaluations->constFirst().part, QStringLiteral("test"));
        const Result<QList<RunArtifact>> checkpoints = ArtifactStore(db()).artifactsOf(runId);
        QVERIFY(checkpoints);
        QCOMPARE(checkpoints->size(), 2);
        return;
    }
    QFAIL("in every round the worker finished before the test could take the lock");
}

void tst_TrainWorker::aStoppedWorkerKeepsItsRunAndItsOwnEndWins()
{
    QProcess process;
    QByteArray out;
    std::int64_t runId = 0;
    QVERIFY(startLongRun(process, out, &runId));
    const pid_t pid = pid_t(process.processId());
    QCOMPARE(::kill(pid, SIGSTOP), 0);
    RunRepository runs(db());
    // Silent for an hour, as after `kill -STOP` or a suspended laptop, but alive: not declared dead.
    db().prepare("UPDATE runs SET heartbeat_at = ?2 WHERE id = ?1").bind(1, runId).bind(2, utcTimestamp(-3600)).run();
    QVERIFY(!services::workerIsGone(*runs.run(runId)));
    QCOMPARE(*services::interruptDeadRuns(db()), 0);
    QCOMPARE(runs.run(runId)->status, RunStatus::Running);

    // Another machine, which cannot see this process, declares it interrupted on the stale heartbeat...
    const Result<RunRecord> stale = runs.run(runId);
    QVERIFY(*runs.markInterrupted(*stale));
    QCOMPARE(runs.run(runId)->status, RunStatus::Interrupted);
    // ...and the worker, continued, takes its run back (with its next heartbeat, or by finishing
    // first on a fast machine) and ends it itself: the store says what the worker says.
    QCOMPARE(::kill(pid, SIGCONT), 0);
    QTRY_VERIFY_WITH_TIMEOUT(runs.run(runId)->status != RunStatus::Interrupted, 60000);
    process.terminate();
    QVERIFY2(process.waitForFinished(60000), "the worker did not stop on SIGTERM");
    out += process.readAllStandardOutput();
    QCOMPARE(process.exitCode(), 0);
    const QList<QJsonObject> finished = eventsNamed(eventsOf(out), QStringLiteral("finished"));
    QCOMPARE(finished.size(), 1);
    const RunRecord record = *runs.run(runId);
    QCOMPARE(db::toKey(record.status), finished.first().value(QStringLiteral("status")).toString());
    QVERIFY(record.status == RunStatus::Cancelled || record.status == RunStatus::Finished);
    QVERIFY2(!record.errorTail.contains(QLatin1String("no heartbeat")), qPrintable(record.errorTail));
}

void tst_TrainWorker::aFlippedBitInADatasetChunkIsRefusedNotTrainedOn()
{
    // The case: one bit of a stored value flipped on disk (490 became 1.7e-307), which
    // SQLite's checks pass and the worker used to train on. The bit is flipped in x1's first chunk
    // as stored, whatever its layout (x1 has four decimals: decimal32).
    QByteArray bytes;
    {
        Statement chunk = db().prepare("SELECT data FROM dataset_chunks WHERE version_id = ?1 AND column_index = 0 "
                                       "AND chunk_index = 0");
        chunk.bind(1, m_versionId);
        QVERIFY(chunk.step());
        bytes = chunk.columnBlob(0);
    }
    const QByteArray pattern = bytes.mid(bytes.size() / 2, 24); // a run of values found once in the file
    m_workspace.reset(); // closed: the WAL is checkpointed into the file
    QVERIFY(mbtest::flipBitOfUniquePattern(workspacePath(), pattern, 7, 6));
    auto reopened = Workspace::open(workspacePath());
    QVERIFY2(reopened.ok(), qPrintable(errorOf(reopened)));
    m_workspace = std::move(reopened).value();

    const Finished run = train(trainArguments(tinyConfig()));
    QCOMPARE(run.exitCode, 1);
    const QByteArray expected =
        QStringLiteral("dataset version %1 is corrupt: chunk 0 of column 'x1'").arg(m_versionId).toUtf8();
    QVERIFY2(run.err.contains(expected), run.err.constData());
    QCOMPARE(db().queryInt("SELECT count(*) FROM metric_chunks"), std::int64_t(0)); // not one step trained
    QCOMPARE(db().queryInt("SELECT count(*) FROM runs WHERE status IN ('queued', 'running', 'finished')"),
             std::int64_t(0));
}

void tst_TrainWorker::aModelTooLargeForTheMachineFailsBeforeTraining()
{
    // 4.3 billion weights between the two hidden layers: the kernel used to kill the worker while
    // it allocated them, with the run left running.
    QJsonObject config = tinyConfig();
    config.insert(QStringLiteral("model"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("mlp")},
                                                       {QStringLiteral("hidden"), QJsonArray{65536, 65536}}});
    const Finished run = train(trainArguments(config));
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("the model would need about") && run.err.contains("GB to train"), run.err.constData());
    const QList<QJsonObject> started = eventsNamed(eventsOf(run.out), QStringLiteral("started"));
    QCOMPARE(started.size(), 1);
    const RunRecord record = *RunRepository(db()).run(started.first().value(QStringLiteral("run")).toInteger());
    QCOMPARE(record.status, RunStatus::Failed);
    QVERIFY2(record.errorTail.contains(QLatin1String("model.hidden")), qPrintable(record.errorTail));
    QVERIFY(series(record.id).value(QStringLiteral("train/loss")).steps.empty()); // not one step trained
}

void tst_TrainWorker::aHugeLearningRateEndsAsDivergedWithTheBreakKept()
{
    QJsonObject config = tinyConfig();
    config.insert(QStringLiteral("task"), QStringLiteral("regression"));
    config.insert(QStringLiteral("targets"), QJsonArray{QStringLiteral("level")});
    config.insert(QStringLiteral("model"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("linear")}});
    config.insert(QStringLiteral("optimizer"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("sgd")},
                                                           {QStringLiteral("lr"), 10},
                                                           {QStringLiteral("momentum"), 0.9}});
    config.insert(QStringLiteral("epochs"), 50);
    const Finished run = train(trainArguments(config));
    QVERIFY2(run.exitCode == 0 && run.exitStatus == QProcess::NormalExit, run.err.constData());
    const QList<QJsonObject> events = eventsOf(run.out);
    QCOMPARE(events.last().value(QStringLiteral("status")).toString(), QStringLiteral("diverged"));
    const std::int64_t runId = events.first().value(QStringLiteral("run")).toInteger();

    const Result<RunRecord> record = RunRepository(db()).run(runId);
    QCOMPARE(record->status, RunStatus::Diverged);
    QCOMPARE(record->summary.value(QStringLiteral("end")).toString(), QStringLiteral("diverged"));
    const MetricSeries loss = series(runId).value(QStringLiteral("train/loss"));
    QVERIFY(loss.values.size() >= 2);
    QVERIFY2(!std::isfinite(loss.values.back()), qPrintable(QString::number(loss.values.back())));
    for (std::size_t i = 0; i + 1 < loss.values.size(); ++i)
        QVERIFY(std::isfinite(loss.values[i]));
    QCOMPARE(std::int64_t(loss.values.size()), record->summary.value(QStringLiteral("steps")).toInteger());
    QVERIFY(RunRepository(db()).logTail(runId, 50)->join(QLatin1Char('\n')).contains(QStringLiteral("diverged")));
    QVERIFY(!ArtifactStore(db()).artifact(runId, QStringLiteral("last")).ok());
}

void tst_TrainWorker::badConfigsAreRefusedAndStoreNoRun_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QStringList>("mentions");
    QTest::newRow("a feature column as target")
        << QStringLiteral("targets") << QJsonValue(QJsonArray{QStringLiteral("x1")})
        << QStringList{QStringLiteral("targets: "), QStringLiteral("'x1' is not a target")};
    QTest::newRow("an unknown column as target")
        << QStringLiteral("targets") << QJsonValue(QJsonArray{QStringLiteral("labels")})
        << QStringList{QStringLiteral("targets: "), QStringLiteral("'labels'")};
    QTest::newRow("an unknown key") << QStringLiteral("optimiser") << QJsonValue(QJsonObject{})
                                    << QStringList{QStringLiteral("optimiser")};
    QTest::newRow("a learning rate out of range")
        << QStringLiteral("optimizer") << QJsonValue(QJsonObject{{QStringLiteral("lr"), 100}})
        << QStringList{QStringLiteral("optimizer.lr: 100 is out of range")};
    QTest::newRow("a split of no version")
        << QStringLiteral("split") << QJsonValue(999) << QStringList{QStringLiteral("split: split 999")};
}

void tst_TrainWorker::badConfigsAreRefusedAndStoreNoRun()
{
    QFETCH(QString, key);
    QFETCH(QJsonValue, value);
    QFETCH(QStringList, mentions);
    QJsonObject config = tinyConfig();
    config.insert(key, value);
    const Finished run = train(trainArguments(config));
    QCOMPARE(run.exitStatus, QProcess::NormalExit);
    QCOMPARE(run.exitCode, 1);
    const QString err = QString::fromUtf8(run.err);
    QVERIFY2(err.startsWith(QStringLiteral("metricbridge train: ")), qPrintable(err));
    for (const QString &mention : mentions)
        QVERIFY2(err.contains(mention), qPrintable(err));
    QCOMPARE(runCount(), std::int64_t(0));
    QVERIFY(!hasEvent(run.out, QStringLiteral("started")));
}

void tst_TrainWorker::onlyAQueuedRunCanBeStarted()
{
    Result<TrainingConfig> config = trainingConfigFromJson(tinyConfig());
    QVERIFY2(config.ok(), qPrintable(errorOf(config)));
    const Result<RunRecord> queued = services::queueRun(db(), m_projectId, *config);
    QVERIFY2(queued.ok(), qPrintable(errorOf(queued)));
    RunRepository runs(db());
    QVERIFY(runs.markRunning(queued->id, 1).ok());
    QVERIFY(runs.finish(queued->id, RunStatus::Finished).ok());
    const QString finishedAt = runs.run(queued->id)->finishedAt;

    const Finished again = train({QStringLiteral("train"), QStringLiteral("--workspace"), workspacePath(),
                                  QStringLiteral("--run"), QString::number(queued->id)});
    QCOMPARE(again.exitCode, 1);
    const QString err = QString::fromUtf8(again.err);
    QVERIFY2(err.contains(QStringLiteral("run %1 is finished; only a queued run can be started").arg(queued->id)),
             qPrintable(err));
    QCOMPARE(runs.run(queued->id)->status, RunStatus::Finished);
    QCOMPARE(runs.run(queued->id)->finishedAt, finishedAt);
    QVERIFY(series(queued->id).isEmpty());

    const Finished unknown = train({QStringLiteral("train"), QStringLiteral("--workspace"), workspacePath(),
                                    QStringLiteral("--run"), QStringLiteral("999")});
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY2(unknown.err.contains("run 999 does not exist"), unknown.err.constData());

    // A queued one runs.
    const Result<RunRecord> second = services::queueRun(db(), m_projectId, *config);
    QVERIFY(second.ok());
    const Finished started = train({QStringLiteral("train"), QStringLiteral("--workspace"), workspacePath(),
                                    QStringLiteral("--run"), QString::number(second->id)});
    QVERIFY2(started.exitCode == 0, started.err.constData());
    QCOMPARE(runs.run(second->id)->status, RunStatus::Finished);
}

void tst_TrainWorker::dataThatDoNotFitTheLossFailTheRunWithTheReason()
{
    // "level" is a target (so the config is queued), but it holds 0..5, not the 0/1 of BCE.
    QJsonObject config = tinyConfig();
    config.insert(QStringLiteral("targets"), QJsonArray{QStringLiteral("level")});
    config.insert(QStringLiteral("losses"), QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("bce")}}});
    const Finished run = train(trainArguments(config));
    QCOMPARE(run.exitStatus, QProcess::NormalExit);
    QCOMPARE(run.exitCode, 1);
    const QString err = QString::fromUtf8(run.err);
    QVERIFY2(err.contains(QStringLiteral("target 'level'")) && err.contains(QStringLiteral("labels 0 or 1")),
             qPrintable(err));

    QCOMPARE(runCount(), std::int64_t(1));
    const std::int64_t runId = db().queryInt("SELECT id FROM runs");
    const Result<RunRecord> record = RunRepository(db()).run(runId);
    QCOMPARE(record->status, RunStatus::Failed);
    QVERIFY2(record->errorTail.contains(QStringLiteral("target 'level': row ")), qPrintable(record->errorTail));
    QVERIFY2(record->errorTail.contains(QStringLiteral("binary cross-entropy needs labels 0 or 1")),
             qPrintable(record->errorTail));
    QVERIFY(!record->finishedAt.isEmpty());
    QVERIFY(RunRepository(db()).logTail(runId, 10)->join(QLatin1Char('\n')).contains(QStringLiteral("labels 0 or 1")));
    const QList<QJsonObject> events = eventsOf(run.out);
    QCOMPARE(events.last().value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
    QVERIFY(events.last().value(QStringLiteral("message")).toString().contains(QStringLiteral("target 'level'")));
}

void tst_TrainWorker::theSameConfigTwiceGivesTheSameNumbers()
{
    QJsonObject config = tinyConfig();
    config.insert(QStringLiteral("threads"), 2);
    config.insert(QStringLiteral("model"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("mlp")},
                                                       {QStringLiteral("hidden"), QJsonArray{16, 8}},
                                                       {QStringLiteral("dropout"), 0.2}});
    std::int64_t ids[2] = {};
    for (std::int64_t &id : ids) {
        const Finished run = train(trainArguments(config));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        id = eventsOf(run.out).first().value(QStringLiteral("run")).toInteger();
    }
    QVERIFY(ids[0] != ids[1]);
    RunRepository runs(db());
    QCOMPARE(runs.run(ids[1])->configSha256, runs.run(ids[0])->configSha256);

    const QHash<QString, MetricSeries> first = series(ids[0]), second = series(ids[1]);
    QCOMPARE(second.keys().size(), first.keys().size());
    int compared = 0;
    for (auto s = first.cbegin(); s != first.cend(); ++s) {
        if (s.key() == QLatin1String("samples_per_s") || s.key() == QLatin1String("wall_time_s"))
            continue; // clocks
        QVERIFY2(second.contains(s.key()), qPrintable(s.key()));
        QCOMPARE(second.value(s.key()).steps, s->steps);
        QVERIFY2(second.value(s.key()).values == s->values, qPrintable(s.key()));
        ++compared;
    }
    QVERIFY(compared >= 5); // train/loss, lr, epoch/train_loss, validation/loss, validation/accuracy
    // Equal weights, so one stored checkpoint serves both runs.
    ArtifactStore artifacts(db());
    QCOMPARE(artifacts.artifact(ids[1], QStringLiteral("best"))->sha256,
             artifacts.artifact(ids[0], QStringLiteral("best"))->sha256);
}

QTEST_GUILESS_MAIN(tst_TrainWorker)
#include "tst_trainworker.moc"
