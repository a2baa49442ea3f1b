// SPDX-License-Identifier: GPL-3.0-or-later
// Training while another process writes, one `name: value unit` line each, for ./scripts/bench:
//   concurrent_runs_during_import     of 4 `train` workers started together with a `dataset import`
//                                     of a 1 M-row CSV into the same workspace, how many did not end
//                                     finished with every step of their loss curve (target: 0)
//   concurrent_import_1m_rows_s       that import's wall time, beside the training
//   concurrent_training_s             from the start to the last worker's end
// The import holds the write lock for seconds at a time; each worker flushes its points every
// 500 ms with a 5 s busy timeout. The runs are linear models on a 10 000-row dataset, 40 epochs of
// batches of 32, long enough that the import ends while they train (said on stderr if not).
#include "core/TrainingConfig.h"
#include "db/MetricSeriesStore.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/benchmarks/BenchmarkOutput.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <memory>
#include <vector>

using namespace mb;

namespace {

constexpr int kWorkers = 4;
constexpr int kEpochs = 40;
constexpr int kTrainingRows = 10000;
constexpr int kImportRows = 1000000;

QByteArray csvOf(int rows, quint32 seed)
{
    QByteArray csv = "id,x1,x2,segment,label\n";
    csv.reserve(30 * qsizetype(rows));
    QRandomGenerator random(seed);
    for (int r = 0; r < rows; ++r) {
        const double x1 = random.bounded(1.0), x2 = random.bounded(1.0);
        csv += QByteArray::number(r) + ',' + QByteArray::number(x1, 'f', 4) + ',' + QByteArray::number(x2, 'f', 4) +
               ",s" + QByteArray::number(r % 20) + ',' + (x1 + x2 + random.bounded(0.5) > 1.25 ? '1' : '0') + '\n';
    }
    return csv;
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

std::unique_ptr<QProcess> start(const QString &program, const QStringList &arguments)
{
    auto process = std::make_unique<QProcess>();
    process->start(program, arguments);
    if (!process->waitForStarted())
        qFatal("cannot start %s", qPrintable(program));
    return process;
}

int runToEnd(const QString &program, const QStringList &arguments)
{
    auto process = start(program, arguments);
    process->waitForFinished(-1);
    return process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -1;
}

// Whether the run ended finished with each step of its loss curve, 1..n, n the last epoch's last step.
bool finishedWhole(db::Database &db, const db::RunRecord &run)
{
    if (run.status != db::RunStatus::Finished)
        return false;
    db::MetricSeriesReader reader(db);
    std::vector<std::int64_t> loss, lastSteps;
    const QList<db::MetricSeriesInfo> infos = reader.seriesOf(run.id).value();
    for (const db::MetricSeriesInfo &info : infos) {
        if (info.name == QLatin1String("train/loss"))
            loss = reader.read(info.id)->steps;
        if (info.name == QLatin1String("epoch/last_step")) {
            const db::MetricSeries series = *reader.read(info.id);
            for (double v : series.values)
                lastSteps.push_back(std::int64_t(v));
        }
    }
    if (int(lastSteps.size()) != kEpochs || std::int64_t(loss.size()) != lastSteps.back())
        return false;
    for (std::size_t i = 0; i < loss.size(); ++i)
        if (loss[i] != std::int64_t(i + 1))
            return false;
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString metricbridge = QCoreApplication::applicationDirPath() + QStringLiteral("/../bin/metricbridge");
    QTemporaryDir dir;
    const QString workspace = dir.filePath(QStringLiteral("shared.mbw"));
    const QString training = dir.filePath(QStringLiteral("training.csv"));
    const QString events = dir.filePath(QStringLiteral("events.csv"));
    writeFile(training, csvOf(kTrainingRows, 7));
    writeFile(events, csvOf(kImportRows, 20261207));
    if (runToEnd(metricbridge, {QStringLiteral("project"), QStringLiteral("create"), QStringLiteral("--workspace"),
                                workspace, QStringLiteral("--name"), QStringLiteral("bench")}) != 0 ||
        runToEnd(metricbridge, {QStringLiteral("dataset"), QStringLiteral("import"), QStringLiteral("--workspace"),
                                workspace, QStringLiteral("--project"), QStringLiteral("bench"),
                                QStringLiteral("--file"), training, QStringLiteral("--target"), QStringLiteral("label"),
                                QStringLiteral("--split"), QStringLiteral("random:0.2,0.2")}) != 0)
        qFatal("cannot set up the workspace");

    QElapsedTimer timer;
    timer.start();
    std::vector<std::unique_ptr<QProcess>> workers;
    for (int w = 0; w < kWorkers; ++w) {
        const QJsonObject config{
            {QStringLiteral("format"), QStringLiteral("metricbridge.run")},
            {QStringLiteral("format_version"), 1},
            {QStringLiteral("name"), QStringLiteral("concurrent %1").arg(w)},
            {QStringLiteral("dataset_version"), 1},
            {QStringLiteral("split"), 1},
            {QStringLiteral("task"), QStringLiteral("binary")},
            {QStringLiteral("targets"), QJsonArray{QStringLiteral("label")}},
            {QStringLiteral("model"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("linear")}}},
            {QStringLiteral("epochs"), kEpochs},
            {QStringLiteral("batch_size"), 32},
            {QStringLiteral("early_stopping"), QJsonValue::Null},
            {QStringLiteral("threads"), 1}};
        const QString file = dir.filePath(QStringLiteral("run%1.json").arg(w));
        writeFile(file, QJsonDocument(config).toJson());
        workers.push_back(start(metricbridge, {QStringLiteral("train"), QStringLiteral("--workspace"), workspace,
                                               QStringLiteral("--project"), QStringLiteral("bench"),
                                               QStringLiteral("--config"), file}));
    }
    auto import =
        start(metricbridge, {QStringLiteral("dataset"), QStringLiteral("import"), QStringLiteral("--workspace"),
                             workspace, QStringLiteral("--project"), QStringLiteral("bench"), QStringLiteral("--file"),
                             events, QStringLiteral("--target"), QStringLiteral("label")});
    import->waitForFinished(-1);
    const double importSeconds = timer.nsecsElapsed() / 1e9;
    bool overlapped = false;
    // Without an event loop a QProcess learns of its child's exit only when asked to wait for it.
    for (const auto &worker : workers)
        overlapped |= !worker->waitForFinished(0) && worker->state() != QProcess::NotRunning;
    for (const auto &worker : workers)
        worker->waitForFinished(-1);
    const double trainingSeconds = timer.nsecsElapsed() / 1e9;
    if (import->exitCode() != 0)
        qFatal("the import failed: %s", import->readAllStandardError().constData());
    if (!overlapped)
        qWarning("the workers ended before the import: the figure proves nothing about busy stores");

    auto opened = db::Workspace::open(workspace);
    if (!opened)
        qFatal("%s", qPrintable(opened.error()));
    db::Database &db = (*opened)->database();
    int failed = 0, seen = 0;
    const QList<db::RunRecord> runs = db::RunRepository(db).runs(1).value();
    for (const db::RunRecord &run : runs) {
        if (!run.name.startsWith(QLatin1String("concurrent ")))
            continue;
        ++seen;
        if (!finishedWhole(db, run)) {
            ++failed;
            qWarning("run %lld ended %s: %s", qint64(run.id), qPrintable(db::toKey(run.status)),
                     qPrintable(run.errorTail));
        }
    }
    failed += kWorkers - seen; // a worker that stored no run at all failed too
    mbbench::printFigure("concurrent_runs_during_import", failed, "failed_runs");
    mbbench::printFigure("concurrent_import_1m_rows_s", importSeconds, "s");
    mbbench::printFigure("concurrent_training_s", trainingSeconds, "s");
    return 0;
}
