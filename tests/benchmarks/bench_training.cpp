// SPDX-License-Identifier: GPL-3.0-or-later
// Training figures for ./scripts/bench, through the worker's own code (data loading, trainer,
// tracker writing to a real workspace):
//   tracking_overhead_pct         the demo's newsfeed MLP trained with tracking on versus off
//                                 (target <= 2 %)
//   train_epoch_ratio_vs_pytorch  one epoch of an MLP 784-256-128-10, batch 128, Adam, on
//                                 Fashion-MNIST, in our worker versus Debian's python3-torch on
//                                 the same LibTorch and thread count (target <= 1.0)
// Each side runs several times, alternating, and the fastest run counts: the minimum is the
// least disturbed by whatever else the machine does.
#include "app/services/DatasetImport.h"
#include "app/services/DemoWorkspace.h"
#include "app/services/RunQueueing.h"
#include "app/worker/RunData.h"
#include "app/worker/RunTracker.h"
#include "core/training/Trainer.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/benchmarks/BenchmarkOutput.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <limits>

using namespace mb;

namespace {

constexpr int kThreads = 2;
constexpr int kRepeats = 5;

class Untracked : public training::TrainingObserver {
public:
    bool step(const training::StepReport &report) override
    {
        if (report.epoch == 1)
            firstEpochSeconds = report.wallSeconds;
        return true;
    }
    void epoch(const training::EpochReport &) override {}
    void log(const QString &) override {}
    double firstEpochSeconds = 0;
};

// The real tracker, also noting when the first epoch's last step ended.
class Tracked : public worker::RunTracker {
public:
    using RunTracker::RunTracker;
    bool step(const training::StepReport &report) override
    {
        if (report.epoch == 1)
            firstEpochSeconds = report.wallSeconds;
        return RunTracker::step(report);
    }
    double firstEpochSeconds = 0;
};

[[noreturn]] void fail(const QString &message)
{
    qFatal("bench_training: %s", qPrintable(message));
}

template<typename T>
T unwrap(Result<T> result)
{
    if (!result)
        fail(result.error());
    return std::move(result).value();
}

struct Setup {
    std::unique_ptr<db::Workspace> workspace;
    std::int64_t projectId = 0;
    TrainingConfig config;
    training::TrainingTensors tensors;
};

// Trains once with the real tracker on a fresh run; returns the seconds of the whole training.
double trackedSeconds(Setup &setup, double *firstEpoch = nullptr)
{
    db::Database &db = setup.workspace->database();
    const db::RunRecord run = unwrap(services::queueRun(db, setup.projectId, setup.config));
    unwrap(db::RunRepository(db).markRunning(run.id, QCoreApplication::applicationPid()));
    QFile sink(QStringLiteral("/dev/null"));
    sink.open(QIODevice::WriteOnly);
    QTextStream progress(&sink);
    Tracked tracker(db, run.id, progress);
    const training::TrainingOutcome outcome = unwrap(training::train(setup.config, setup.tensors, tracker));
    unwrap(tracker.flush());
    if (firstEpoch)
        *firstEpoch = tracker.firstEpochSeconds;
    return outcome.trainSeconds;
}

double untrackedSeconds(Setup &setup)
{
    Untracked observer;
    return unwrap(training::train(setup.config, setup.tensors, observer)).trainSeconds;
}

void trackingOverhead(const QTemporaryDir &dir)
{
    Setup setup;
    const QString path = dir.filePath(QStringLiteral("demo.mbw"));
    unwrap(services::buildDemoWorkspace(path));
    setup.workspace = unwrap(db::Workspace::open(path));
    db::Database &db = setup.workspace->database();
    setup.projectId = unwrap(db::ProjectRepository(db).find(QStringLiteral("Newsfeed ranking"))).id;
    setup.config = defaultTrainingConfig(TaskType::Binary);
    setup.config.datasetVersion = 1;
    setup.config.split = 1;
    setup.config.targets = {QStringLiteral("engagement")};
    setup.config.epochs = 3;
    setup.config.earlyStopping.reset();
    setup.config.threads = kThreads;
    setup.tensors = unwrap(worker::loadTrainingTensors(db, setup.config));
    double on = std::numeric_limits<double>::max(), off = on;
    for (int i = 0; i < kRepeats; ++i) {
        off = std::min(off, untrackedSeconds(setup));
        on = std::min(on, trackedSeconds(setup));
    }
    mbbench::printFigure("tracking_overhead_pct", (on - off) / off * 100.0, "%");
}

void epochVersusPytorch(const QTemporaryDir &dir)
{
    const QString images = QStringLiteral("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
    const QString labels = QStringLiteral("/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz");
    const QString script = QStringLiteral(METRICBRIDGE_BENCH_DIR "/pytorch_mlp_epoch.py");
    if (!QFileInfo::exists(images)) {
        QTextStream(stderr) << "bench_training: Fashion-MNIST is not installed (dataset-fashion-mnist); skipped\n";
        return;
    }
    Setup setup;
    setup.workspace = unwrap(db::Workspace::create(dir.filePath(QStringLiteral("fashion.mbw"))));
    db::Database &db = setup.workspace->database();
    setup.projectId = unwrap(db::ProjectRepository(db).create(QStringLiteral("fashion"))).id;
    services::DatasetImportRequest request;
    request.file = images;
    request.labelsFile = labels;
    request.options.targets = {QStringLiteral("label")};
    request.split = unwrap(data::SplitSpec::parse(QStringLiteral("random:0,0"), 42)); // all 60 000 rows train
    const services::DatasetImportOutcome imported = unwrap(services::importDataset(db, setup.projectId, request));
    setup.config = defaultTrainingConfig(TaskType::Multiclass);
    setup.config.datasetVersion = imported.version.id;
    setup.config.split = imported.split->id;
    setup.config.targets = {QStringLiteral("label")};
    setup.config.model.kind = ModelKind::Mlp;
    setup.config.model.hidden = {256, 128};
    setup.config.model.dropout = 0;
    setup.config.optimizer.kind = OptimizerKind::Adam;
    setup.config.optimizer.learningRate = 1e-3;
    setup.config.batchSize = 128;
    setup.config.epochs = 1;
    setup.config.earlyStopping.reset();
    setup.config.threads = kThreads;
    setup.tensors = unwrap(worker::loadTrainingTensors(db, setup.config));

    double ours = std::numeric_limits<double>::max(), theirs = ours;
    for (int i = 0; i < kRepeats; ++i) {
        double epoch = 0;
        trackedSeconds(setup, &epoch);
        ours = std::min(ours, epoch);
        QProcess python;
        // Debian's interpreter, whose python3-torch runs on the same LibTorch (not a python3 first in PATH).
        python.start(QStringLiteral("/usr/bin/python3"),
                     {script, QString::number(kThreads), images, labels, QStringLiteral("42")});
        if (!python.waitForFinished(600000) || python.exitCode() != 0) {
            QTextStream(stderr) << "bench_training: the PyTorch reference failed (is python3-torch installed?): "
                                << python.readAllStandardError() << '\n';
            return;
        }
        theirs = std::min(theirs, python.readAllStandardOutput().trimmed().toDouble());
    }
    mbbench::printFigure("train_epoch_seconds_ours", ours, "s");
    mbbench::printFigure("train_epoch_seconds_pytorch", theirs, "s");
    mbbench::printFigure("train_epoch_ratio_vs_pytorch", ours / theirs, "ratio");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    trackingOverhead(dir);
    epochVersusPytorch(dir);
    return 0;
}
