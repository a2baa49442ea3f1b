// SPDX-License-Identifier: GPL-3.0-or-later
// The training engine in-process, on tiny generated data: it learns what it should (a separable
// binary set, a regression, several classes, several labels, two objectives, small images), it is
// deterministic, it stops as it should (divergence, cancel, early stopping), every optimizer and
// schedule runs, bad data and bad settings are refused naming the field, and checkpoints load
// back to the same network while damaged ones are refused.
#include "core/TrainingConfig.h"
#include "core/data/Dataset.h"
#include "core/data/FeatureEncoder.h"
#include "core/data/Split.h"
#include "core/training/Checkpoint.h"
#include "core/training/Predictor.h"
#include "core/training/Trainer.h"
#include "core/training/TrainingData.h"
#include "tests/support/TestSupport.h"

#include <QJsonArray>
#include <QTest>

#include <cmath>
#include <functional>
#include <random>
#include <vector>

using namespace mb;
using namespace mb::training;
using data::ColumnRole;
using data::ColumnType;
using data::SplitPart;

Q_DECLARE_METATYPE(mb::OptimizerKind)
Q_DECLARE_METATYPE(mb::ScheduleKind)
Q_DECLARE_METATYPE(mb::StopMode)
Q_DECLARE_METATYPE(mb::TaskType)

namespace {

// A dataset with its split and import options, as the worker reads them from a workspace.
struct Table {
    data::Dataset dataset;
    std::vector<SplitPart> split;
    QJsonObject options;

    void add(const QString &name, std::vector<double> values, ColumnRole role = ColumnRole::Feature,
             QStringList categories = {})
    {
        data::DatasetColumn column;
        column.name = name;
        column.role = role;
        column.type = categories.isEmpty() ? ColumnType::Numeric : ColumnType::Categorical;
        column.categories = categories;
        column.values = std::move(values);
        dataset.columns.push_back(std::move(column));
    }
    std::vector<double> &values(const QString &name)
    {
        return dataset.columns[std::size_t(dataset.columnIndex(name))].values;
    }
};

// Of every ten rows, rows 0 and 5 validate, row 1 tests, the other seven train.
SplitPart partOf(std::size_t row)
{
    return row % 5 == 0 ? SplitPart::Validation : row % 10 == 1 ? SplitPart::Test : SplitPart::Train;
}

std::vector<SplitPart> splitOf(std::size_t rows)
{
    std::vector<SplitPart> split(rows);
    for (std::size_t r = 0; r < rows; ++r)
        split[r] = partOf(r);
    return split;
}

class Random {
public:
    explicit Random(std::uint64_t seed) : m_engine(seed) {}
    double uniform(double low, double high) { return low + (high - low) * double(m_engine() >> 11) * 0x1.0p-53; }
    double normal() // Box-Muller: the same numbers on every standard library
    {
        const double u = uniform(1e-12, 1.0), v = uniform(0.0, 1.0);
        return std::sqrt(-2 * std::log(u)) * std::cos(2 * M_PI * v);
    }

private:
    std::mt19937_64 m_engine;
};

// Two informative features and one of noise; label = x1 + 0.5*x2 > 0, with a margin around the
// boundary so that a linear model can be right on every row.
Table separable(std::size_t rows, std::uint64_t seed = 1)
{
    Random random(seed);
    std::vector<double> x1, x2, noise, label;
    while (x1.size() < rows) {
        const double a = random.uniform(-1, 1), b = random.uniform(-1, 1);
        if (std::abs(a + 0.5 * b) < 0.1)
            continue;
        x1.push_back(a);
        x2.push_back(b);
        noise.push_back(random.uniform(-1, 1));
        label.push_back(a + 0.5 * b > 0 ? 1 : 0);
    }
    Table table;
    table.add(QStringLiteral("x1"), x1);
    table.add(QStringLiteral("x2"), x2);
    table.add(QStringLiteral("noise"), noise);
    table.add(QStringLiteral("label"), label, ColumnRole::Target);
    table.split = splitOf(rows);
    return table;
}

// A smooth non-linear target in its own unit (around 1000, spread ~150) with a little noise.
Table regression(std::size_t rows)
{
    Random random(2);
    std::vector<double> x1, x2, y;
    for (std::size_t r = 0; r < rows; ++r) {
        const double a = random.uniform(-2, 2), b = random.uniform(-2, 2);
        x1.push_back(a);
        x2.push_back(b);
        y.push_back(1000 + 200 * std::sin(1.5 * a) + 40 * b * b + 5 * random.normal());
    }
    Table table;
    table.add(QStringLiteral("x1"), x1);
    table.add(QStringLiteral("x2"), x2);
    table.add(QStringLiteral("price"), y, ColumnRole::Target);
    table.split = splitOf(rows);
    return table;
}

// Three well separated blobs; the target is categorical with named classes.
Table blobs(std::size_t rows)
{
    Random random(3);
    const double centres[3][2] = {{-2, 0}, {2, 0}, {0, 2.5}};
    std::vector<double> x1, x2, colour;
    for (std::size_t r = 0; r < rows; ++r) {
        const int k = int(r % 3);
        x1.push_back(centres[k][0] + 0.5 * random.normal());
        x2.push_back(centres[k][1] + 0.5 * random.normal());
        colour.push_back(k);
    }
    Table table;
    table.add(QStringLiteral("x1"), x1);
    table.add(QStringLiteral("x2"), x2);
    table.add(QStringLiteral("colour"), colour, ColumnRole::Target,
              {QStringLiteral("red"), QStringLiteral("green"), QStringLiteral("blue")});
    table.split = splitOf(rows);
    return table;
}

// Two binary objectives on one set of features: y1 follows x1, y2 follows x2.
Table twoObjectives(std::size_t rows)
{
    Random random(4);
    std::vector<double> x1, x2, y1, y2, y3;
    for (std::size_t r = 0; r < rows; ++r) {
        const double a = random.uniform(-1, 1), b = random.uniform(-1, 1);
        x1.push_back(a);
        x2.push_back(b);
        y1.push_back(a > 0 ? 1 : 0);
        y2.push_back(b > 0 ? 1 : 0);
        y3.push_back(a + b > 0.5 ? 1 : 0);
    }
    Table table;
    table.add(QStringLiteral("x1"), x1);
    table.add(QStringLiteral("x2"), x2);
    table.add(QStringLiteral("y1"), y1, ColumnRole::Target);
    table.add(QStringLiteral("y2"), y2, ColumnRole::Target);
    table.add(QStringLiteral("y3"), y3, ColumnRole::Target);
    table.split = splitOf(rows);
    return table;
}

// 8x8 one-channel images of a bright bar on a noisy background: horizontal (class 0) or
// vertical (class 1), at a random row or column. Recorded as an IDX import records it.
Table bars(std::size_t rows)
{
    Random random(5);
    std::vector<std::vector<double>> pixels(64);
    std::vector<double> label;
    for (std::size_t r = 0; r < rows; ++r) {
        const int vertical = int(r % 2);
        const int at = int(random.uniform(0, 8)) % 8;
        for (int y = 0; y < 8; ++y)
            for (int x = 0; x < 8; ++x) {
                const bool lit = vertical ? x == at : y == at;
                pixels[std::size_t(y * 8 + x)].push_back((lit ? 1.0 : 0.0) + 0.15 * random.uniform(0, 1));
            }
        label.push_back(vertical);
    }
    Table table;
    for (int p = 0; p < 64; ++p)
        table.add(QStringLiteral("p%1").arg(p), pixels[std::size_t(p)]);
    table.add(QStringLiteral("label"), label, ColumnRole::Target);
    table.split = splitOf(rows);
    table.options = QJsonObject{{QStringLiteral("image_shape"), QJsonArray{8, 8}}};
    return table;
}

// Labels with no relation to the features: anything learned is memorised, so the validation
// loss soon rises.
Table noise(std::size_t rows)
{
    Random random(6);
    Table table;
    for (int f = 0; f < 8; ++f) {
        std::vector<double> x;
        for (std::size_t r = 0; r < rows; ++r)
            x.push_back(random.normal());
        table.add(QStringLiteral("f%1").arg(f), x);
    }
    std::vector<double> label;
    for (std::size_t r = 0; r < rows; ++r)
        label.push_back(random.uniform(0, 1) < 0.5 ? 0 : 1);
    table.add(QStringLiteral("label"), label, ColumnRole::Target);
    table.split = splitOf(rows);
    return table;
}

Result<TrainingTensors> tensorsOf(const Table &table, const TrainingConfig &config)
{
    Result<data::FeatureEncoding> encoding = data::fitFeatureEncoding(table.dataset, table.split);
    if (!encoding)
        return Error{encoding.error()};
    return buildTrainingTensors(table.dataset, table.split, *encoding, config, table.options);
}

// A small, quick configuration: no early stopping unless a test asks for it, one thread.
TrainingConfig configFor(TaskType task, const QStringList &targets)
{
    TrainingConfig config = defaultTrainingConfig(task);
    config.datasetVersion = 1;
    config.split = 1;
    config.targets = targets;
    config.model.hidden = {16};
    config.optimizer.learningRate = 0.01;
    config.batchSize = 32;
    config.epochs = 10;
    config.earlyStopping.reset();
    config.seed = 7;
    config.threads = 1;
    return config;
}

// Everything training reports, and an optional say on whether to go on.
class Recorder : public TrainingObserver {
public:
    std::vector<StepReport> steps;
    std::vector<EpochReport> epochs;
    QStringList lines;
    std::function<bool(const StepReport &)> goOn;

    bool step(const StepReport &report) override
    {
        steps.push_back(report);
        return goOn ? goOn(report) : true;
    }
    void epoch(const EpochReport &report) override { epochs.push_back(report); }
    void log(const QString &line) override { lines << line; }

    std::vector<double> losses() const
    {
        std::vector<double> values;
        for (const StepReport &s : steps)
            values.push_back(s.loss);
        return values;
    }
    // The value of `name` in epoch `epoch` (from 1); NaN when absent.
    double metric(int epoch, const QString &name) const
    {
        for (const auto &[key, value] : epochs.at(std::size_t(epoch - 1)).metrics)
            if (key == name)
                return value;
        return std::nan("");
    }
    double lastMetric(const QString &name) const { return metric(int(epochs.size()), name); }
};

// Where two series first differ, or nothing when they are equal bit for bit.
QString firstDifference(const std::vector<double> &a, const std::vector<double> &b)
{
    if (a.size() != b.size())
        return QStringLiteral("%1 values against %2").arg(a.size()).arg(b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!(a[i] == b[i]) && !(std::isnan(a[i]) && std::isnan(b[i])))
            return QStringLiteral("value %1: %2 against %3").arg(i).arg(a[i], 0, 'g', 17).arg(b[i], 0, 'g', 17);
    return {};
}

#define COMPARE_SERIES(actual, expected)                                                                               \
    do {                                                                                                               \
        const QString difference_ = firstDifference((actual), (expected));                                             \
        QVERIFY2(difference_.isEmpty(), qPrintable(difference_));                                                      \
    } while (false)

QString errorOf(const Result<TrainingOutcome> &r)
{
    return r.ok() ? QString() : r.error();
}
QString errorOf(const Result<TrainingTensors> &r)
{
    return r.ok() ? QString() : r.error();
}
QString errorOf(const Result<LoadedModel> &r)
{
    return r.ok() ? QString() : r.error();
}

QString describe(const Recorder &recorder)
{
    QStringList epochs;
    for (const EpochReport &e : recorder.epochs) {
        QStringList parts;
        for (const auto &[key, value] : e.metrics)
            parts << QStringLiteral("%1=%2").arg(key).arg(value, 0, 'g', 6);
        epochs << QStringLiteral("epoch %1: %2").arg(e.epoch).arg(parts.join(QLatin1Char(' ')));
    }
    return epochs.join(QLatin1Char('\n'));
}

using Columns = std::vector<std::pair<QString, std::vector<double>>>;

// The values of the prediction column `name`; empty when there is none.
std::vector<double> columnOf(const Columns &columns, const QString &name)
{
    for (const auto &[key, values] : columns)
        if (key == name)
            return values;
    return {};
}

// The values of the table's column `name` at `rows`.
std::vector<double> valuesOf(const Table &table, const QString &name, const std::vector<std::int64_t> &rows)
{
    const std::vector<double> &all = table.dataset.columns[std::size_t(table.dataset.columnIndex(name))].values;
    std::vector<double> values;
    for (std::int64_t row : rows)
        values.push_back(all[std::size_t(row)]);
    return values;
}

// The share of rows whose predicted class of `target` is its label.
double shareRight(const Columns &columns, const QString &target)
{
    const std::vector<double> labels = columnOf(columns, QStringLiteral("label:") + target);
    const std::vector<double> predicted = columnOf(columns, QStringLiteral("predicted:") + target);
    if (labels.empty() || predicted.size() != labels.size())
        return std::nan("");
    double right = 0;
    for (std::size_t i = 0; i < labels.size(); ++i)
        right += predicted[i] == labels[i] ? 1 : 0;
    return right / double(labels.size());
}

// Trains and fails the test (returning nothing) when training itself fails.
#define TRAIN(outcome, recorder, config, tensors)                                                                      \
    const Result<TrainingOutcome> outcome = train((config), (tensors), (recorder));                                    \
    QVERIFY2(outcome.ok(), qPrintable(errorOf(outcome)))

#define TENSORS(name, table, config)                                                                                   \
    const Result<TrainingTensors> name = tensorsOf((table), (config));                                                 \
    QVERIFY2(name.ok(), qPrintable(errorOf(name)))

} // namespace

class tst_Trainer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void logisticRegressionSeparatesASeparableSet();
    void mlpRegressionErrsFarLessThanTheTargetSpreads();
    void sameConfigAndDataGiveIdenticalRuns();
    void anotherSeedGivesAnotherRun();
    void aHugeLearningRateDivergesAndStopsAtOnce_data();
    void aHugeLearningRateDivergesAndStopsAtOnce();
    void anObserverSayingStopCancelsAtThatStep();
    void earlyStoppingStopsAfterPatienceAndKeepsTheBest_data();
    void earlyStoppingStopsAfterPatienceAndKeepsTheBest();
    void anUnknownEarlyStoppingMetricIsRefusedListingTheKnownOnes();
    void monitoringValidationWithoutValidationRowsIsRefusedBeforeTraining();
    void everyOptimizerAndScheduleTrains_data();
    void everyOptimizerAndScheduleTrains();
    void optimizersAreReallyDifferent();
    void multiclassCrossEntropyAppliesClassWeights();
    void aWeightedLossIsNamedApartFromTheEvaluationsLoss();
    void multiclassEpochsNameMacroF1AsTheEvaluationDoes();
    void classWeightsNotMatchingTheClassesAreRefused();
    void multilabelBceLearnsEveryLabel();
    void twoObjectivesTrainOnAlphaL1PlusBetaL2();
    void withBetaZeroTheSecondObjectiveDoesNotTrain();
    void smallCnnLearnsImages();
    void cnnWithoutImagesIsRefused_data();
    void cnnWithoutImagesIsRefused();
    void labelsThatDoNotFitTheLossAreRefusedNamingColumnAndRow_data();
    void labelsThatDoNotFitTheLossAreRefusedNamingColumnAndRow();
    void aClassSeenOnlyOutsideTrainingIsWithinTheNetworksRange();
    void checkpointLoadsBackToTheSameNetwork_data();
    void checkpointLoadsBackToTheSameNetwork();
    void damagedCheckpointsAreRefused_data();
    void damagedCheckpointsAreRefused();
};

void tst_Trainer::logisticRegressionSeparatesASeparableSet()
{
    const Table table = separable(400);
    TrainingConfig config = configFor(TaskType::Binary, {QStringLiteral("label")});
    config.model.kind = ModelKind::Linear;
    config.optimizer.learningRate = 0.05;
    config.epochs = 20;
    TENSORS(tensors, table, config);
    QCOMPARE(tensors->heads().size(), std::size_t(1));
    QCOMPARE(tensors->heads()[0].outputs, 1);
    QCOMPARE(tensors->rowCount(SplitPart::Train), std::int64_t(280));
    QCOMPARE(tensors->rowCount(SplitPart::Validation), std::int64_t(80));
    QCOMPARE(tensors->rowCount(SplitPart::Test), std::int64_t(40));

    Recorder recorder;
    TRAIN(outcome, recorder, config, *tensors);
    QCOMPARE(outcome->end, TrainingEnd::Finished);
    QCOMPARE(outcome->epochsDone, 20);
    QCOMPARE(recorder.epochs.size(), std::size_t(20));
    QVERIFY2(recorder.lastMetric(QStringLiteral("validation/accuracy")) >= 0.95, qPrintable(describe(recorder)));
    QVERIFY2(recorder.lastMetric(QStringLiteral("validation/loss")) <
                 0.5 * recorder.metric(1, QStringLiteral("validation/loss")),
             qPrintable(describe(recorder)));
    QCOMPARE(outcome->lastMetrics.value(QStringLiteral("validation/accuracy")).toDouble(),
             recorder.lastMetric(QStringLiteral("validation/accuracy")));

    // The steps: counted from 1 without gaps, 9 batches of 32 per epoch (280 rows), each with
    // its epoch, rate, throughput and a clock that never goes back; the last is 100% of the run.
    const std::size_t perEpoch = (280 + 31) / 32;
    QCOMPARE(recorder.steps.size(), perEpoch * 20);
    QCOMPARE(outcome->steps, std::int64_t(perEpoch * 20));
    double wall = 0;
    for (std::size_t i = 0; i < recorder.steps.size(); ++i) {
        const StepReport &s = recorder.steps[i];
        QCOMPARE(s.step, std::int64_t(i + 1));
        QCOMPARE(s.epoch, int(i / perEpoch) + 1);
        QVERIFY(std::isfinite(s.loss));
        QCOMPARE(s.learningRate, 0.05);
        QVERIFY(s.samplesPerSecond > 0);
        QVERIFY(s.wallSeconds >= wall);
        wall = s.wallSeconds;
    }
    QVERIFY(mbtest::fuzzyEqual(recorder.steps.back().runFraction, 1.0));
    QVERIFY(outcome->trainSeconds >= wall);
}

void tst_Trainer::mlpRegressionErrsFarLessThanTheTargetSpreads()
{
    const Table table = regression(500);
    TrainingConfig config = configFor(TaskType::Regression, {QStringLiteral("price")});
    config.model.hidden = {32, 32};
    config.model.activation = Activation::Tanh;
    config.epochs = 40;
    TENSORS(tensors, table, config);
    QCOMPARE(tensors->heads()[0].loss.kind, Loss::Mse);

    // The spread of the validation targets, in their own unit.
    double sum = 0, squares = 0, count = 0;
    for (std::size_t r = 0; r < table.split.size(); ++r)
        if (table.split[r] == SplitPart::Validation) {
            const double y = table.dataset.columns[2].values[r];
            sum += y;
            squares += y * y;
            ++count;
        }
    const double spread = std::sqrt(squares / count - (sum / count) * (sum / count));
    QVERIFY(spread > 100);

    Recorder recorder;
    TRAIN(outcome, recorder, config, *tensors);
    const double rmse = recorder.lastMetric(QStringLiteral("validation/rmse"));
    const double mae = recorder.lastMetric(QStringLiteral("validation/mae"));
    QVERIFY2(rmse < 0.25 * spread,
             qPrintable(QStringLiteral("rmse %1, spread %2\n%3").arg(rmse).arg(spread).arg(describe(recorder))));
    QVERIFY2(mae <= rmse && mae > 0, qPrintable(describe(recorder)));
    QVERIFY(recorder.metric(1, QStringLiteral("validation/rmse")) > rmse);

    // The reported error is in the target's own unit: predictions of the last network mapped back
    // with the head's mean and scale give the same RMSE against the raw values, row for row.
    Result<LoadedModel> loaded = loadCheckpoint(outcome->lastCheckpoint, outcome->lastMeta);
    QVERIFY2(loaded.ok(), qPrintable(errorOf(loaded)));
    const Columns columns = predictionColumns(loaded.value(), *tensors, SplitPart::Validation);
    const std::vector<double> predicted = columnOf(columns, QStringLiteral("predicted:price"));
    const std::vector<std::int64_t> &rows = tensors->datasetRows(SplitPart::Validation);
    double errors = 0;
    std::size_t i = 0;
    for (std::size_t r = 0; r < table.split.size(); ++r)
        if (table.split[r] == SplitPart::Validation) {
            QVERIFY(i < predicted.size());
            QCOMPARE(rows[i], std::int64_t(r));
            const double e = predicted[i++] - table.dataset.columns[2].values[r];
            errors += e * e;
        }
    QCOMPARE(i, predicted.size());
    QCOMPARE(rows.size(), predicted.size());
    const double independent = std::sqrt(errors / double(i));
    QVERIFY2(mbtest::fuzzyEqual(independent, rmse, 1e-4),
             qPrintable(QStringLiteral("%1 vs %2").arg(independent).arg(rmse)));
}

void tst_Trainer::sameConfigAndDataGiveIdenticalRuns()
{
    // Dropout and shuffling both draw random numbers: everything must come from the seed.
    const Table table = separable(300);
    TrainingConfig config = configFor(TaskType::Binary, {QStringLiteral("label")});
    config.model.hidden = {16, 8};
    config.model.dropout = 0.2;
    config.epochs = 5;
    config.threads = 2;
    TENSORS(tensors, table, config);

    Recorder first, second;
    TRAIN(a, first, config, *tensors);
    TRAIN(b, second, config, *tensors);
    QVERIFY(first.steps.size() > 20);
    COMPARE_SERIES(second.losses(), first.losses()); // exactly, not nearly
    QCOMPARE(second.epochs.size(), first.epochs.size());
    for (std::size_t e = 0; e < first.epochs.size(); ++e)
        QVERIFY2(second.epochs[e].metrics == first.epochs[e].metrics,
                 qPrintable(describe(second) + QLatin1Char('\n') + describe(first)));
    QCOMPARE(b->bestEpoch, a->bestEpoch);
    QVERIFY(!a->bestCheckpoint.isEmpty());
    QVERIFY(a->bestCheckpoint == b->bestCheckpoint);
    QVERIFY(a->lastCheckpoint == b->lastCheckpoint);
    QCOMPARE(b->bestMeta, a->bestMeta);
}

void tst_Trainer::anotherSeedGivesAnotherRun()
{
    const Table table = separable(300);
    TrainingConfig config = configFor(TaskType::Binary, {QStringLiteral("label")});
    config.epochs = 2;
    TENSORS(tensors, table, config);
    Recorder first, second;
    TRAIN(a, first, config, *tensors);
    config.seed = 8;
    TRAIN(b, second, config, *tensors);
    QCOMPARE(second.steps.size(), first.steps.size());
    // Another initialisation gives another loss from the very first step.
    QVERIFY(first.steps.front().loss != second.steps.front().loss);
    QVERIFY(first.losses() != second.losses());
    QVERIFY(a->lastCheckpoint != b->lastCheckpoint);
}

void tst_Trainer::aHugeLearningRateDivergesAndStopsAtOnce_data()
{
    QTest::addColumn<double>("learningRate");
    // 10 is the largest rate a run config accepts; 1e6 only a program can ask for.
    QTest::newRow("lr 10, the most a config allows") << 10.0;
    QTest::newRow("lr 1e6") << 1e6;
}

void tst_Trainer::aHugeLearningRateDivergesAndStopsAtOnce()
{
    QFETCH(double, learningRate);
    const Table table = regression(300);
    TrainingConfig config = configFor(TaskType::Regression, {QStringLiteral("price")});
    config.model.kind = ModelKind::Linear;
    config.optimizer.kind = OptimizerKind::Sgd;
    config.optimizer.learningRate = learningRate;
    config.epochs = 50;
    TENSORS(tensors, table, config);

    Recorder recorder;
    TRAIN(outcome, recorder, config, *tensors);
    QCOMPARE(outcome->end, TrainingEnd::Diverged);
    QVERIFY(!recorder.steps.empty());
    // The observer saw the step that broke, and nothing after it.
    QVERIFY2(!std::isfinite(recorder.steps.back().loss), qPrintable(QString::number(recorder.steps.back().loss)));
    for (std::size_t i = 0; i + 1 < recorder.steps.size(); ++i)
        QVERIFY(std::isfinite(recorder.steps[i].loss));
    QCOMPARE(outcome->steps, std::int64_t(recorder.steps.size()));
    QVERIFY(outcome->epochsDone < config.epochs);
    QCOMPARE(recorder.epochs.size(), std::size_t(outcome->epochsDone));
    // Broken weights are not kept as the last checkpoint.
    QVERIFY(outcome->lastCheckpoint.isEmpty());
    QVERIFY(outcome->lastMeta.isEmpty());
    QCOMPARE(outcome->bestCheckpoint.isEmpty(), outcome->epochsDone == 0);
    QVERIFY2(recorder.lines.filter(QStringLiteral("diverged")).size() == 1,
             qPrintable(recorder.lines.join(QLatin1Char('\n'))));
    QVERIFY(recorder.lines.filter(QStringLiteral("at step %1 ").arg(outcome->steps)).size() == 1);
}

void tst_Trainer::anObserverSayingStopCancelsAtThatStep()
{
    const Table table = separable(100); // 70 training rows: 5 batches of 16 per epoch
    TrainingConfig config = configFor(TaskType::Binary, {QStringLiteral("label")});
    config.batchSize = 16;
    config.epochs = 10;
    TENSORS(tensors, table, config);

    Recorder recorder;
    recorder.goOn = [](const StepReport &s) { return s.step < 7; };
    TRAIN(outcome, recorder, config, *tensors);
    QCOMPARE(outcome->end, TrainingEnd::Cancelled);
    QCOMPARE(outcome->steps, std::int64_t(7));
    QCOMPARE(recorder.steps.size(), std::size_t(7));
    QCOMPARE(recorder.steps.back().epoch, 2);
    // Epoch 1 completed, epoch 2 was cut short and reports nothing.
    QCOMPARE(outcome->epochsDone, 1);
    QCOMPARE(recorder.epochs.size(), std::size_t(1));
    QCOMPARE(outcome->bestEpoch, 1);
    QVERIFY(!outcome->bestCheckpoint.isEmpty());

    // Stopping at the very first step leaves no epoch and no checkpoint.
    Recorder early;
    early.goOn = [](const StepReport &) { return false; };
    TRAIN(stopped, early, config, *tensors);
    QCOMPARE(stopped->end, TrainingEnd::Cancelled);
    QCOMPARE(stopped->steps, std::int64_t(1));
    QCOMPARE(stopped->epochsDone, 0);
    QVERIFY(stopped->bestCheckpoint.isEmpty());
    QVERIFY(stopped->lastCheckpoint.isEmpty());
}

void tst_Trainer::earlyStoppingStopsAfterPatienceAndKeepsTheBest_data()
{
    QTest::addColumn<QString>("metric");
    QTest::addColumn<StopMode>("mode");
    QTest::addColumn<int>("patience");
    QTest::newRow("validation loss, min") << QStringLiteral("validation/loss") << StopMode::Min << 3;
    QTest::newRow("validation accuracy, max") << QStringLiteral("validation/accuracy") << StopMode::Max << 2;
    QTest::newRow("train loss, max (a nonsense goal still stops)")
        << QStringLiteral("epoch/train_loss") << StopMode::Max << 2;
}

void tst_Trainer::earlyStoppingStopsAfterPatienceAndKeepsTheBest()
{
    QFETCH(QString, metric);
    QFETCH(StopMode, mode);
    QFETCH(int, patience);
    const Table table = noise(200);
    TrainingConfig config = configFor(TaskType::Binary, {QStringLiteral("label")});
    config.model.hidden = {64, 64};
    config.batchSize = 16;
    config.epochs = 150;
    config.earlyStopping = EarlyStopping{metric, mode, patience};
    TENSORS(tensors, table, config);

    Recorder recorder;
    TRAIN(outcome, recorder, config, *tensors);
    QCOMPARE(outcome->end, TrainingEnd::EarlyStopped);
    QCOMPARE(outcome->monitor, metric);
    QVERIFY2(outcome->epochsDone < config.epochs, qPrintable(describe(recorder)));
    QCOMPARE(outcome->epochsDone, outcome->bestEpoch + patience);
    QCOMPARE(recorder.epochs.size(), std::size_t(outcome->epochsDone));
    QCOMPARE(recorder.steps.back().epoch, outcome->epochsDone);

    // The best epoch holds the best value of the whole run (the first such, on ties), and each
    // epoch was flagged best exactly when it beat every earlier one.
    const double best = recorder.metric(outcome->bestEpoch, metric);
    double bestSoFar = 0;
    for (int e = 1; e <= outcome->epochsDone; ++e) {
        const double value = recorder.metric(e, metric);
        const bool improved = e == 1 || (mode == StopMode::Min ? value < bestSoFar : value > bestSoFar);
        QCOMPARE(recorder.epochs[std::size_t(e - 1)].best, improved);
        if (improved)
            bestSoFar = value;
        if (e < outcome->bestEpoch)
            QVERIFY(mode == StopMode::Min ? value > best : value < best);
        else
            QVERIFY(mode == StopMode::Min ? value >= best : value <= best);
    }
    QCOMPARE(outcome->bestMetrics.value(metric).toDouble(), best);
    QCOMPARE(outcome->bestMeta.value(QStringLiteral("epoch")).toInt(), outcome->bestEpoch);
    QCOMPARE(outcome->lastMeta.value(QStringLiteral("epoch")).toInt(), outcome->epochsDone);
    QVERIFY(outcome->bestCheckpoint != outcome->lastCheckpoint);
    QVERIFY2(recorder.lines.filter(QStringLiteral("early stopping")).size() == 1,
             qPrintable(recorder.lines.join(QLatin1Char('\n'))));
}

void tst_Trainer::anUnknownEarlyStoppingMetricIsRefusedListingTheKnownOnes()
{
    const Table table = separable(100);
    TrainingConfig config = configFor(TaskType::Binary, {QStringLiteral("label")});
    config.epochs = 3;
    config.earlyStopping = EarlyStopping{QStringLiteral("validation/auc"), StopMode::Max, 2};
    TENSORS(tensors, table, config);
    Recorder recorder;
    const Result<TrainingOutcome> outcome = train(config, *tensors, recorder);
    QVERIFY(!outcome.ok());
    QVERIFY2(outcome.error().startsWith(QStringLiteral("early_stopping.metric: ")), qPrintable(outcome.error()));
    for (const char *name : {"'validation/auc'", "epoch/train_loss", "validation/loss", "validation/accuracy"})
        QVERIFY2(outcome.error().contains(QLatin1String(name)), qPrintable(outcome.error()));
    QVERIFY2(recorder.steps.empty(), "the misnamed metric was found only after training had started");
}

void tst_Trainer::monitoringValidationWithoutValidationRowsIsRefusedBeforeTraining()
{
    Table table = separable(60);
    TrainingConfig config = configFor(TaskType::Binary, {QStringLiteral("label")});
    config.epochs = 3;
    config.earlyStopping = EarlyStopping{}; // the default: validation/loss
    table.split.assign(table.split.size(), SplitPart::Train);
    const Result<TrainingTensors> tensors = tensorsOf(table, config);
    QVERIFY2(tensors.ok(), qPrintable(errorOf(tensors)));
    Recorder recorder;
    const Result<TrainingOutcome> outcome = train(config, *tensors, recorder);
    QVERIFY(!outcome.ok());
    QVERIFY2(outcome.error().startsWith(QStringLiteral("early_stopping.metric: the split has no validation rows")),
             qPrintable(outcome.error()));
    QVERIFY(recorder.steps.empty());

    config.earlyStopping = EarlyStopping{QStringLiteral("epoch/train_loss"), StopMode::Min, 2};
    const Result<TrainingOutcome> onTraining = train(config, *tensors, recorder);
    QVERIFY2(onTraining.ok(), qPrintable(errorOf(onTraining)));
    QCOMPARE(onTraining->monitor, QStringLiteral("epoch/train_loss"));
}

void tst_Trainer::everyOptimizerAndScheduleTrains_data()
{
    QTest::addColumn<OptimizerKind>("optimizer");
    QTest::addColumn<ScheduleKind>("schedule");
    for (OptimizerKind optimizer : {OptimizerKind::Sgd, OptimizerKind::Adam, OptimizerKind::AdamW})
        for (ScheduleKind schedule : {ScheduleKind::Constant, ScheduleKind::Step, ScheduleKind::Cosine})
            QTest::addRow("%s, %s", qPrintable(toKey(optimizer)), qPrintable(toKey(schedule))) << optimizer << schedule;
}

void tst_Trainer::everyOptimizerAndScheduleTrains()
{
    QFETCH(OptimizerKind, optimizer);
    QFETCH(ScheduleKind, schedule);
    const Table table = separable(200);
    TrainingConfig config = configFor(TaskType::Binary, {QStringLiteral("label")});
    config.optimizer.kind = optimizer;
    config.optimizer.learningRate = optimizer == OptimizerKind::Sgd ? 0.1 : 0.02;
    config.optimizer.weightDecay = 0.01;
    config.schedule = ScheduleConfig{schedule, 2, 0.5};
    config.epochs = 6;
    TENSORS(tensors, table, config);

    Recorder recorder;
    TRAIN(outcome, recorder, config, *tensors);
    QCOMPARE(outcome->end, TrainingEnd::Finished);
    QCOMPARE(recorder.epochs.size(), std::size_t(6));
    QVERIFY2(recorder.lastMetric(QStringLiteral("epoch/train_loss")) <
                 recorder.metric(1, QStringLiteral("epoch/train_loss")),
             qPrintable(describe(recorder)));
    QVERIFY2(recorder.lastMetric(QStringLiteral("validation/accuracy")) >= 0.9, qPrintable(describe(recorder)));

    // The rate each step reports follows the schedule, per epoch.
    const double base = config.optimizer.learningRate;
    for (const StepReport &s : recorder.steps) {
        const int e = s.epoch - 1;
        double expected = base;
        if (schedule == ScheduleKind::Step)
            expected = base * std::pow(0.5, e / 2); // step_size 2, gamma 0.5: .., .., /2, /2, /4, /4
        else if (schedule == ScheduleKind::Cosine)
            expected = base * 0.5 * (1 + std::cos(M_PI * e / 6));
        QVERIFY2(mbtest::fuzzyEqual(s.learningRate, expected, 1e-12),
                 qPrintable(QStringLiteral("step %1 (epoch %2): lr %3, expected %4")
                                .arg(s.step)
                                .arg(s.epoch)
                                .arg(s.learningRate)
                                .arg(expected)));
    }
    if (schedule == ScheduleKind::Step) {
        QCOMPARE(recorder.steps.front().learningRate, base);
        QCOMPARE(recorder.steps.back().learningRate, base * 0.25);
    }
}

void tst_Trainer::optimizersAreReallyDifferent()
{
    // Each kind trains the same network differently; AdamW differs from Adam by decoupling the
    // weight decay, so with a decay they must part ways.
    const Table table = separable(200);
    TrainingConfig config = configFor(TaskType::Binary, {QStringLiteral("label")});
    config.optimizer.weightDecay = 0.1;
    config.epochs = 2;
    TENSORS(tensors, table, config);
    std::vector<std::vector<double>> losses;
    for (OptimizerKind kind : {OptimizerKind::Sgd, OptimizerKind::Adam, OptimizerKind::AdamW}) {
        config.optimizer.kind = kind;
        Recorder recorder;
        TRAIN(outcome, recorder, config, *tensors);
        losses.push_back(recorder.losses());
        QCOMPARE(losses.back().front(), losses.front().front()); // the same start
    }
    QVERIFY(losses[0] != losses[1]);
    QVERIFY(losses[1] != losses[2]);
    QVERIFY(losses[0] != losses[2]);
}

void tst_Trainer::multiclassCrossEntropyAppliesClassWeights()
{
    const Table table = blobs(300);
    TrainingConfig config = configFor(TaskType::Multiclass, {QStringLiteral("colour")});
    QCOMPARE(config.losses[0].kind, Loss::CrossEntropy);
    config.epochs = 8;
    config.losses[0].classWeights = {1, 3, 1};
    TENSORS(tensors, table, config);
    QCOMPARE(tensors->heads()[0].classes, 3);
    QCOMPARE(tensors->heads()[0].outputs, 3);

    Recorder weighted;
    TRAIN(outcome, weighted, config, *tensors);
    QVERIFY2(weighted.lastMetric(QStringLiteral("validation/accuracy")) >= 0.95, qPrintable(describe(weighted)));
    // The targets are the class numbers themselves: each validation row's label is its class, and
    // the model gives a probability per class.
    Result<LoadedModel> loaded = loadCheckpoint(outcome->bestCheckpoint, outcome->bestMeta);
    QVERIFY2(loaded.ok(), qPrintable(errorOf(loaded)));
    const Columns columns = predictionColumns(loaded.value(), *tensors, SplitPart::Validation);
    QCOMPARE(columnOf(columns, QStringLiteral("label:colour")),
             valuesOf(table, QStringLiteral("colour"), tensors->datasetRows(SplitPart::Validation)));
    for (int k = 0; k < 3; ++k)
        QCOMPARE(columnOf(columns, QStringLiteral("prob:colour:%1").arg(k)).size(),
                 tensors->datasetRows(SplitPart::Validation).size());

    // The weights reach the loss: the same first batch through the same initial network gives
    // another loss without them. Equal weights give a weighted mean equal to the plain one.
    auto firstLoss = [&](QList<double> weights) {
        TrainingConfig c = config;
        c.epochs = 1;
        c.losses[0].classWeights = weights;
        Recorder r;
        r.goOn = [](const StepReport &) { return false; };
        const Result<TrainingTensors> t = tensorsOf(table, c);
        if (!t)
            return std::nan("");
        const Result<TrainingOutcome> o = train(c, *t, r);
        return o.ok() && !r.steps.empty() ? r.steps.front().loss : std::nan("");
    };
    const double plain = firstLoss({});
    QVERIFY(std::isfinite(plain));
    QVERIFY(firstLoss({1, 3, 1}) != plain);
    QVERIFY(mbtest::fuzzyEqual(firstLoss({2, 2, 2}), plain, 1e-6));
}

// Found by a user: `runs --json` held two validation/loss values for one checkpoint of a BCE run with
// pos_weight, the weighted training loss and the evaluation's plain log loss. The weighted one is
// validation/weighted_loss; configs that named it validation/loss still stop on it.
void tst_Trainer::aWeightedLossIsNamedApartFromTheEvaluationsLoss()
{
    const Table table = separable(200);
    TrainingConfig config = configFor(TaskType::Binary, {QStringLiteral("label")});
    config.epochs = 3;
    config.losses[0].positiveWeight = 5;
    TENSORS(tensors, table, config);
    Recorder recorder;
    TRAIN(outcome, recorder, config, *tensors);
    QVERIFY(std::isfinite(recorder.lastMetric(QStringLiteral("validation/weighted_loss"))));
    QVERIFY(std::isnan(recorder.lastMetric(QStringLiteral("validation/loss"))));
    QCOMPARE(outcome->monitor, QStringLiteral("validation/weighted_loss"));
    QVERIFY(outcome->bestMetrics.contains(QStringLiteral("validation/weighted_loss")));
    QVERIFY(!outcome->bestMetrics.contains(QStringLiteral("validation/loss")));

    // The stored model's evaluation: its own, unweighted loss, by the plain name.
    Result<LoadedModel> loaded = loadCheckpoint(outcome->bestCheckpoint, outcome->bestMeta);
    QVERIFY2(loaded.ok(), qPrintable(errorOf(loaded)));
    QStringList evaluated;
    for (const auto &[name, value] :
         evaluateModel(loaded.value(), *tensors, SplitPart::Validation, QStringLiteral("validation")))
        evaluated << name;
    QVERIFY2(evaluated.contains(QStringLiteral("validation/loss")), qPrintable(evaluated.join(QLatin1Char(' '))));
    QVERIFY(!evaluated.contains(QStringLiteral("validation/weighted_loss")));

    // A config written when the weighted loss was validation/loss stops on the same series.
    config.earlyStopping = EarlyStopping{}; // the default: validation/loss
    Recorder stopping;
    TRAIN(stopped, stopping, config, *tensors);
    QCOMPARE(stopped->monitor, QStringLiteral("validation/weighted_loss"));

    // Without weights nothing changes: validation/loss is the loss.
    config.losses[0].positiveWeight = 1;
    TENSORS(plainTensors, table, config); // the heads carry the loss
    Recorder plain;
    TRAIN(unweighted, plain, config, *plainTensors);
    QVERIFY(std::isfinite(plain.lastMetric(QStringLiteral("validation/loss"))));
    QCOMPARE(unweighted->monitor, QStringLiteral("validation/loss"));
}

// Found by a user: `evaluate` printed test/f1_macro and test/macro_f1, one number under two names.
// The epochs name it as the evaluation does; a config naming validation/macro_f1 still stops on it.
void tst_Trainer::multiclassEpochsNameMacroF1AsTheEvaluationDoes()
{
    const Table table = blobs(120);
    TrainingConfig config = configFor(TaskType::Multiclass, {QStringLiteral("colour")});
    config.epochs = 2;
    config.earlyStopping = EarlyStopping{QStringLiteral("validation/macro_f1"), StopMode::Max, 3};
    TENSORS(tensors, table, config);
    Recorder recorder;
    TRAIN(outcome, recorder, config, *tensors);
    QVERIFY(std::isfinite(recorder.lastMetric(QStringLiteral("validation/f1_macro"))));
    QVERIFY(std::isnan(recorder.lastMetric(QStringLiteral("validation/macro_f1"))));
    QCOMPARE(outcome->monitor, QStringLiteral("validation/f1_macro"));
}

void tst_Trainer::classWeightsNotMatchingTheClassesAreRefused()
{
    const Table table = blobs(60);
    TrainingConfig config = configFor(TaskType::Multiclass, {QStringLiteral("colour")});
    config.losses[0].classWeights = {1, 2};
    const Result<TrainingTensors> tensors = tensorsOf(table, config);
    QVERIFY(!tensors.ok());
    QVERIFY2(tensors.error().startsWith(QStringLiteral("losses[0].class_weights: ")), qPrintable(tensors.error()));
    QVERIFY2(tensors.error().contains(QStringLiteral("2 weight(s) for 3 classes of 'colour'")),
             qPrintable(tensors.error()));
}

void tst_Trainer::multilabelBceLearnsEveryLabel()
{
    const Table table = twoObjectives(300);
    TrainingConfig config =
        configFor(TaskType::Multilabel, {QStringLiteral("y1"), QStringLiteral("y2"), QStringLiteral("y3")});
    QCOMPARE(config.losses[0].kind, Loss::Bce);
    config.model.hidden = {32};
    config.epochs = 15;
    TENSORS(tensors, table, config);
    QCOMPARE(tensors->heads().size(), std::size_t(1));
    QCOMPARE(tensors->heads()[0].outputs, 3);

    Recorder recorder;
    TRAIN(outcome, recorder, config, *tensors);
    // The share of right labels over all three.
    QVERIFY2(recorder.lastMetric(QStringLiteral("validation/accuracy")) >= 0.9, qPrintable(describe(recorder)));
    // The one head learns the three columns: each has its labels, as in the data.
    Result<LoadedModel> loaded = loadCheckpoint(outcome->bestCheckpoint, outcome->bestMeta);
    QVERIFY2(loaded.ok(), qPrintable(errorOf(loaded)));
    const Columns columns = predictionColumns(loaded.value(), *tensors, SplitPart::Validation);
    for (const QString &target : config.targets)
        QCOMPARE(columnOf(columns, QStringLiteral("label:") + target),
                 valuesOf(table, target, tensors->datasetRows(SplitPart::Validation)));
    QVERIFY(recorder.lastMetric(QStringLiteral("validation/loss")) <
            recorder.metric(1, QStringLiteral("validation/loss")));
}

void tst_Trainer::twoObjectivesTrainOnAlphaL1PlusBetaL2()
{
    const Table table = twoObjectives(300);
    TrainingConfig config = configFor(TaskType::TwoObjectiveRanking, {QStringLiteral("y1"), QStringLiteral("y2")});
    QCOMPARE(config.losses.size(), qsizetype(2));
    config.alpha = 0.3;
    config.beta = 0.7;
    config.model.hidden = {32};
    config.epochs = 12;
    TENSORS(tensors, table, config);
    QCOMPARE(tensors->heads().size(), std::size_t(2));

    Recorder recorder;
    TRAIN(outcome, recorder, config, *tensors);
    for (int e = 1; e <= int(recorder.epochs.size()); ++e) {
        const double combined = recorder.metric(e, QStringLiteral("validation/loss"));
        const double l1 = recorder.metric(e, QStringLiteral("validation/y1/loss"));
        const double l2 = recorder.metric(e, QStringLiteral("validation/y2/loss"));
        QVERIFY2(mbtest::fuzzyEqual(combined, 0.3 * l1 + 0.7 * l2, 1e-6),
                 qPrintable(QStringLiteral("epoch %1: %2 vs 0.3*%3 + 0.7*%4").arg(e).arg(combined).arg(l1).arg(l2)));
    }
    QVERIFY2(recorder.lastMetric(QStringLiteral("validation/y1/accuracy")) >= 0.9, qPrintable(describe(recorder)));
    QVERIFY2(recorder.lastMetric(QStringLiteral("validation/y2/accuracy")) >= 0.9, qPrintable(describe(recorder)));
}

void tst_Trainer::withBetaZeroTheSecondObjectiveDoesNotTrain()
{
    // With beta = 0 the second head's labels cannot matter: scrambling them leaves every step
    // of training exactly as it was, through a trunk both heads share.
    Table table = twoObjectives(300);
    TrainingConfig config = configFor(TaskType::TwoObjectiveRanking, {QStringLiteral("y1"), QStringLiteral("y2")});
    config.alpha = 1;
    config.beta = 0;
    config.model.hidden = {16, 16};
    config.epochs = 4;
    TENSORS(tensors, table, config);
    Recorder recorder;
    TRAIN(outcome, recorder, config, *tensors);

    for (double &y : table.values(QStringLiteral("y2")))
        y = 1 - y;
    TENSORS(scrambled, table, config);
    Recorder other;
    TRAIN(otherOutcome, other, config, *scrambled);

    COMPARE_SERIES(other.losses(), recorder.losses());
    for (int e = 1; e <= config.epochs; ++e) {
        QCOMPARE(recorder.metric(e, QStringLiteral("validation/loss")),
                 recorder.metric(e, QStringLiteral("validation/y1/loss")));
        QCOMPARE(other.metric(e, QStringLiteral("validation/y1/loss")),
                 recorder.metric(e, QStringLiteral("validation/y1/loss")));
        QCOMPARE(other.metric(e, QStringLiteral("validation/y1/accuracy")),
                 recorder.metric(e, QStringLiteral("validation/y1/accuracy")));
        // The second head does see different labels: its own metrics differ.
        QVERIFY(other.metric(e, QStringLiteral("validation/y2/loss")) !=
                recorder.metric(e, QStringLiteral("validation/y2/loss")));
    }
}

void tst_Trainer::smallCnnLearnsImages()
{
    const Table table = bars(300);
    TrainingConfig config = configFor(TaskType::Binary, {QStringLiteral("label")});
    config.model.kind = ModelKind::Cnn;
    config.model.channels = {4, 8};
    config.model.hidden = {16};
    config.epochs = 8;
    TENSORS(tensors, table, config);
    QVERIFY(tensors->imageShape().has_value());
    QVERIFY(*tensors->imageShape() == (std::array<int, 3>{1, 8, 8}));

    Recorder recorder;
    TRAIN(outcome, recorder, config, *tensors);
    QVERIFY2(recorder.lastMetric(QStringLiteral("validation/accuracy")) >= 0.9, qPrintable(describe(recorder)));
    QCOMPARE(outcome->bestMeta.value(QStringLiteral("image_shape")).toArray(), (QJsonArray{1, 8, 8}));

    // The stored CNN loads back and sees the images as training did.
    Result<LoadedModel> loaded = loadCheckpoint(outcome->bestCheckpoint, outcome->bestMeta);
    QVERIFY2(loaded.ok(), qPrintable(errorOf(loaded)));
    const Columns columns = predictionColumns(loaded.value(), *tensors, SplitPart::Validation);
    QCOMPARE(shareRight(columns, QStringLiteral("label")),
             outcome->bestMetrics.value(QStringLiteral("validation/accuracy")).toDouble());
}

void tst_Trainer::cnnWithoutImagesIsRefused_data()
{
    QTest::addColumn<QJsonObject>("options");
    QTest::addColumn<QStringList>("mentions");
    QTest::newRow("no image shape") << QJsonObject{}
                                    << QStringList{QStringLiteral("model.kind: "), QStringLiteral("image")};
    QTest::newRow("a shape that is not the features")
        << QJsonObject{{QStringLiteral("image_shape"), QJsonArray{8, 7}}}
        << QStringList{QStringLiteral("model.kind: "), QStringLiteral("1x8x7 = 56"), QStringLiteral("64 columns")};
}

void tst_Trainer::cnnWithoutImagesIsRefused()
{
    QFETCH(QJsonObject, options);
    QFETCH(QStringList, mentions);
    Table table = bars(40);
    table.options = options;
    TrainingConfig config = configFor(TaskType::Binary, {QStringLiteral("label")});
    config.model.kind = ModelKind::Cnn;
    const Result<TrainingTensors> tensors = tensorsOf(table, config);
    QVERIFY(!tensors.ok());
    QVERIFY2(tensors.error().startsWith(mentions.first()), qPrintable(tensors.error()));
    for (const QString &mention : mentions)
        QVERIFY2(tensors.error().contains(mention), qPrintable(tensors.error()));
}

void tst_Trainer::labelsThatDoNotFitTheLossAreRefusedNamingColumnAndRow_data()
{
    QTest::addColumn<TaskType>("task");
    QTest::addColumn<int>("row"); // from 0
    QTest::addColumn<double>("value");
    QTest::addColumn<QStringList>("mentions");
    // Rows 17, 23 train, 20 validates, 21 tests (see partOf).
    const QStringList bce{QStringLiteral("binary cross-entropy needs labels 0 or 1")};
    const QStringList ce{QStringLiteral("cross-entropy needs class numbers")};
    QTest::newRow("bce: a 2 in a training row")
        << TaskType::Binary << 17 << 2.0 << QStringList{QStringLiteral("row 18 has 2")} + bce;
    QTest::newRow("bce: 0.5 in a validation row")
        << TaskType::Binary << 20 << 0.5 << QStringList{QStringLiteral("row 21 has 0.5")} + bce;
    QTest::newRow("bce: -1 in a test row")
        << TaskType::Binary << 21 << -1.0 << QStringList{QStringLiteral("row 22 has -1")} + bce;
    QTest::newRow("cross-entropy: 1.5 in a training row")
        << TaskType::Multiclass << 23 << 1.5 << QStringList{QStringLiteral("row 24 has 1.5")} + ce;
    QTest::newRow("cross-entropy: -1 in a training row")
        << TaskType::Multiclass << 17 << -1.0 << QStringList{QStringLiteral("row 18 has -1")} + ce;
    QTest::newRow("cross-entropy: 0.5 in a validation row")
        << TaskType::Multiclass << 20 << 0.5 << QStringList{QStringLiteral("row 21 has 0.5")} + ce;
    QTest::newRow("cross-entropy: a class number in the billions")
        << TaskType::Multiclass << 17 << 1e9 << QStringList{QStringLiteral("at most 10000 classes")};
    QTest::newRow("cross-entropy: 2.5 in a test row")
        << TaskType::Multiclass << 21 << 2.5 << QStringList{QStringLiteral("row 22 has 2.5")} + ce;
}

void tst_Trainer::labelsThatDoNotFitTheLossAreRefusedNamingColumnAndRow()
{
    QFETCH(TaskType, task);
    QFETCH(int, row);
    QFETCH(double, value);
    QFETCH(QStringList, mentions);
    Table table = separable(60);
    table.values(QStringLiteral("label"))[std::size_t(row)] = value;
    TrainingConfig config = configFor(task, {QStringLiteral("label")});
    const Result<TrainingTensors> tensors = tensorsOf(table, config);
    QVERIFY2(!tensors.ok(), "the labels were accepted");
    QVERIFY2(tensors.error().startsWith(QStringLiteral("target 'label': ")), qPrintable(tensors.error()));
    for (const QString &mention : mentions)
        QVERIFY2(tensors.error().contains(mention), qPrintable(tensors.error()));
}

void tst_Trainer::aClassSeenOnlyOutsideTrainingIsWithinTheNetworksRange()
{
    // Numeric class numbers 0..2 in training, and a 3 in one validation row: the network has an
    // output for it, and validating does not fail on a class out of range.
    Table table = blobs(90);
    data::DatasetColumn &colour = table.dataset.columns[2];
    colour.type = ColumnType::Numeric;
    colour.categories.clear();
    QCOMPARE(partOf(20), SplitPart::Validation);
    colour.values[20] = 3;
    TrainingConfig config = configFor(TaskType::Multiclass, {QStringLiteral("colour")});
    config.epochs = 2;
    TENSORS(tensors, table, config);
    QCOMPARE(tensors->heads()[0].classes, 4);
    Recorder recorder;
    TRAIN(outcome, recorder, config, *tensors);
    QCOMPARE(outcome->epochsDone, 2);
    QVERIFY(recorder.lastMetric(QStringLiteral("validation/accuracy")) < 1.0); // that row cannot be right
}

void tst_Trainer::checkpointLoadsBackToTheSameNetwork_data()
{
    QTest::addColumn<bool>("batchNorm");
    QTest::addColumn<double>("dropout");
    QTest::newRow("mlp") << false << 0.0;
    // Batch-norm statistics are buffers, and dropout must be off once loaded.
    QTest::newRow("mlp with batch norm and dropout") << true << 0.3;
}

void tst_Trainer::checkpointLoadsBackToTheSameNetwork()
{
    QFETCH(bool, batchNorm);
    QFETCH(double, dropout);
    const Table table = separable(300);
    TrainingConfig config = configFor(TaskType::Binary, {QStringLiteral("label")});
    config.model.hidden = {16, 8};
    config.model.batchNorm = batchNorm;
    config.model.dropout = dropout;
    config.epochs = 6;
    TENSORS(tensors, table, config);
    Recorder recorder;
    TRAIN(outcome, recorder, config, *tensors);

    for (const bool best : {true, false}) {
        const QByteArray &bytes = best ? outcome->bestCheckpoint : outcome->lastCheckpoint;
        const QJsonObject &meta = best ? outcome->bestMeta : outcome->lastMeta;
        const QJsonObject &metrics = best ? outcome->bestMetrics : outcome->lastMetrics;
        Result<LoadedModel> loaded = loadCheckpoint(bytes, meta);
        QVERIFY2(loaded.ok(), qPrintable(errorOf(loaded)));
        LoadedModel &model = loaded.value();
        QCOMPARE(trainingConfigToBytes(model.config()), trainingConfigToBytes(config));
        QCOMPARE(model.heads().size(), tensors->heads().size());
        QCOMPARE(model.heads()[0].toJson(), tensors->heads()[0].toJson());

        // The loaded network scores the validation rows exactly as the trained one did at that
        // epoch, twice over (evaluation mode: no dropout, frozen batch-norm statistics). The loss
        // and accuracy are computed here from its probabilities, independently of the trainer.
        const Columns columns = predictionColumns(model, *tensors, SplitPart::Validation);
        QVERIFY(predictionColumns(model, *tensors, SplitPart::Validation) == columns);
        const std::vector<double> labels = columnOf(columns, QStringLiteral("label:label"));
        const std::vector<double> probabilities = columnOf(columns, QStringLiteral("score:label"));
        QCOMPARE(std::int64_t(labels.size()), tensors->rowCount(SplitPart::Validation));
        QCOMPARE(probabilities.size(), labels.size());
        double loss = 0;
        for (std::size_t i = 0; i < labels.size(); ++i)
            loss -= labels[i] > 0.5 ? std::log(probabilities[i]) : std::log1p(-probabilities[i]);
        loss /= double(labels.size());
        const double trainedLoss = metrics.value(QStringLiteral("validation/loss")).toDouble();
        QVERIFY2(mbtest::fuzzyEqual(loss, trainedLoss, 1e-6),
                 qPrintable(QStringLiteral("%1 vs %2").arg(loss).arg(trainedLoss)));
        QCOMPARE(shareRight(columns, QStringLiteral("label")),
                 metrics.value(QStringLiteral("validation/accuracy")).toDouble());
        // Evaluating the loaded model gives the metrics training reported for that epoch.
        for (const auto &[name, value] :
             evaluateModel(model, *tensors, SplitPart::Validation, QStringLiteral("validation")))
            QCOMPARE(value, metrics.value(name).toDouble());
        // Saving it again gives the very same bytes.
        QVERIFY(model.serialize() == bytes);
    }
}

void tst_Trainer::damagedCheckpointsAreRefused_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("mention");
    QTest::newRow("truncated to half") << QStringLiteral("half") << QStringLiteral("cannot be loaded");
    QTest::newRow("last byte cut") << QStringLiteral("cut") << QStringLiteral("cannot be loaded");
    QTest::newRow("empty") << QStringLiteral("empty") << QStringLiteral("cannot be loaded");
    QTest::newRow("not an archive") << QStringLiteral("garbage") << QStringLiteral("cannot be loaded");
    QTest::newRow("meta of another format")
        << QStringLiteral("format") << QStringLiteral("not a MetricBridge checkpoint");
    QTest::newRow("meta of a newer version")
        << QStringLiteral("version") << QStringLiteral("version 2 is not supported");
    QTest::newRow("meta with a bad config") << QStringLiteral("config") << QStringLiteral("checkpoint config: ");
    QTest::newRow("meta of a network with more layers")
        << QStringLiteral("layers") << QStringLiteral("cannot be loaded");
    QTest::newRow("meta of a wider network") << QStringLiteral("wider") << QStringLiteral("cannot be loaded");
    QTest::newRow("meta of a linear model") << QStringLiteral("linear") << QStringLiteral("cannot be loaded");
    QTest::newRow("meta with more features") << QStringLiteral("features") << QStringLiteral("cannot be loaded");
}

void tst_Trainer::damagedCheckpointsAreRefused()
{
    QFETCH(QString, damage);
    QFETCH(QString, mention);
    const Table table = separable(60);
    TrainingConfig config = configFor(TaskType::Binary, {QStringLiteral("label")});
    config.epochs = 1;
    TENSORS(tensors, table, config);
    Recorder recorder;
    TRAIN(outcome, recorder, config, *tensors);
    QByteArray bytes = outcome->bestCheckpoint;
    QJsonObject meta = outcome->bestMeta;
    QVERIFY(loadCheckpoint(bytes, meta).ok());

    if (damage == QLatin1String("half"))
        bytes.truncate(bytes.size() / 2);
    else if (damage == QLatin1String("cut"))
        bytes.chop(1);
    else if (damage == QLatin1String("empty"))
        bytes.clear();
    else if (damage == QLatin1String("garbage"))
        bytes = QByteArray(4096, 'x');
    else if (damage == QLatin1String("format"))
        meta.insert(QStringLiteral("format"), QStringLiteral("something.else"));
    else if (damage == QLatin1String("version"))
        meta.insert(QStringLiteral("version"), 2);
    else if (damage == QLatin1String("config"))
        meta.insert(QStringLiteral("config"), QJsonObject{{QStringLiteral("epochs"), -1}});
    else if (damage == QLatin1String("features"))
        meta.insert(QStringLiteral("features"), meta.value(QStringLiteral("features")).toInt() + 1);
    else {
        QJsonObject c = meta.value(QStringLiteral("config")).toObject();
        QJsonObject model = c.value(QStringLiteral("model")).toObject();
        if (damage == QLatin1String("layers"))
            model.insert(QStringLiteral("hidden"), QJsonArray{16, 16});
        else if (damage == QLatin1String("wider"))
            model.insert(QStringLiteral("hidden"), QJsonArray{32});
        else
            model.insert(QStringLiteral("kind"), QStringLiteral("linear"));
        c.insert(QStringLiteral("model"), model);
        meta.insert(QStringLiteral("config"), c);
    }
    const Result<LoadedModel> loaded = loadCheckpoint(bytes, meta);
    QVERIFY2(!loaded.ok(), "a damaged checkpoint was loaded");
    QVERIFY2(loaded.error().contains(mention), qPrintable(loaded.error()));
}

QTEST_GUILESS_MAIN(tst_Trainer)
#include "tst_trainer.moc"
