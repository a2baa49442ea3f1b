// SPDX-License-Identifier: GPL-3.0-or-later
// `runs lineage` and `runs diff` with the real `metricbridge`:
//  - lineage of a re-run and a fork (seeded in a fresh workspace): the re-run says "metrics identical",
//    the fork lists its config edit, by the Lineage tab's rules; --json says the same as values;
//  - diff of two demo runs: dataset version, split, framing version, build and seed, the config
//    settings that differ, and the judged metrics with deltas, as text and JSON;
//  - bad input (one run for diff, an unknown run, a word for an id) is one line and exit status 1.
#include "core/DemoFraming.h"
#include "core/TrainingConfig.h"
#include "db/FramingRepository.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/support/CommandRun.h"
#include "tests/support/DemoFixture.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using Run = mbtest::CommandRun;
using namespace mb;

class tst_RunHistoryCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void lineageOfAReRunAndAFork();
    void diffOfTwoDemoRuns();
    void diffListsOnlySettingsTheModelsUse();
    void runsExportNamesTheFramingVersionAsItsHistoryDoes();
    void badInputIsOneLine();

private:
    Run mb(QStringList arguments, const QString &workspace)
    {
        arguments << QStringLiteral("--workspace") << workspace;
        return mbtest::runMetricbridge(arguments);
    }
};

namespace {

std::int64_t seedRun(db::Database &database, std::int64_t projectId, const TrainingConfig &config, double loss,
                     std::optional<std::int64_t> parent)
{
    db::RunRepository runs(database);
    db::RunRecord draft;
    draft.projectId = projectId;
    draft.name = config.name;
    draft.config = trainingConfigToJson(config);
    draft.parentRunId = parent;
    const std::int64_t id = runs.create(draft)->id;
    runs.markRunning(id, QCoreApplication::applicationPid());
    runs.updateSummary(id, QJsonObject{{QStringLiteral("validation/loss"), loss}});
    runs.finish(id, db::RunStatus::Finished);
    return id;
}

std::int64_t seedRun(db::Database &database, std::int64_t projectId, OptimizerKind optimizer, double learningRate,
                     double loss, std::optional<std::int64_t> parent)
{
    TrainingConfig config = defaultTrainingConfig(TaskType::Binary);
    config.name = QStringLiteral("baseline");
    config.optimizer.kind = optimizer;
    config.optimizer.learningRate = learningRate;
    return seedRun(database, projectId, config, loss, parent);
}

// A new workspace file at `path` holding one project, `project`; null when it cannot be made.
std::unique_ptr<db::Workspace> workspaceWithProject(const QString &path, const QString &project,
                                                    std::int64_t &projectId)
{
    auto created = db::Workspace::create(path);
    if (!created)
        return nullptr;
    const Result<db::Project> made = db::ProjectRepository((*created)->database()).create(project);
    if (!made)
        return nullptr;
    projectId = made->id;
    return std::move(created).value();
}

// The config fields `runs diff --json` lists, each as "field: first -> second".
QStringList configLines(const QJsonObject &diff)
{
    QStringList lines;
    for (const QJsonValue &value : diff.value(QStringLiteral("config")).toArray()) {
        const QJsonObject line = value.toObject();
        lines << QStringLiteral("%1: %2 -> %3")
                     .arg(line.value(QStringLiteral("field")).toString(),
                          line.value(QStringLiteral("first")).toString(),
                          line.value(QStringLiteral("second")).toString());
    }
    return lines;
}

} // namespace

void tst_RunHistoryCli::lineageOfAReRunAndAFork()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("lineage.mbw"));
    std::int64_t base = 0, rerun = 0, fork = 0, project = 0;
    {
        const auto workspace = workspaceWithProject(path, QStringLiteral("Lineage"), project);
        QVERIFY(workspace);
        db::Database &database = workspace->database();
        base = seedRun(database, project, OptimizerKind::Adam, 0.001, 0.3, std::nullopt);
        rerun = seedRun(database, project, OptimizerKind::Adam, 0.001, 0.3, base);
        fork = seedRun(database, project, OptimizerKind::Sgd, 0.05, 0.25, base);
    }

    const Run text = mb({QStringLiteral("runs"), QStringLiteral("lineage"), QString::number(rerun)}, path);
    QVERIFY2(text.exitCode == 0, text.err.constData());
    const QStringList lines = QString::fromUtf8(text.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines.at(0), QStringLiteral("#%1 baseline: first of its line").arg(base));
    QCOMPARE(lines.at(1), QStringLiteral("  * #%1 baseline: re-run of #%2: metrics identical").arg(rerun).arg(base));
    QVERIFY2(lines.at(2).startsWith(QStringLiteral("  #%1 baseline: fork of #%2: ").arg(fork).arg(base)),
             qPrintable(lines.at(2)));
    QVERIFY2(lines.at(2).contains(QStringLiteral("optimizer.lr 0.001 → 0.05")), qPrintable(lines.at(2)));

    const Run json =
        mb({QStringLiteral("runs"), QStringLiteral("lineage"), QString::number(fork), QStringLiteral("--json")}, path);
    QVERIFY2(json.exitCode == 0, json.err.constData());
    const QJsonArray family = QJsonDocument::fromJson(json.out).array();
    QCOMPARE(family.size(), 3);
    const QJsonObject again = family.at(1).toObject();
    QCOMPARE(again.value(QStringLiteral("kind")).toString(), QStringLiteral("rerun"));
    QCOMPARE(again.value(QStringLiteral("parent")).toInteger(), qint64(base));
    QCOMPARE(again.value(QStringLiteral("metrics_identical")).toBool(), true);
    const QJsonObject forked = family.at(2).toObject();
    QCOMPARE(forked.value(QStringLiteral("kind")).toString(), QStringLiteral("fork"));
    QCOMPARE(forked.value(QStringLiteral("depth")).toInt(), 1);
    bool lrChanged = false;
    for (const QJsonValue &change : forked.value(QStringLiteral("config_changes")).toArray())
        lrChanged |= change.toObject().value(QStringLiteral("field")).toString() == QLatin1String("optimizer.lr") &&
                     change.toObject().value(QStringLiteral("after")).toString() == QLatin1String("0.05");
    QVERIFY2(lrChanged, json.out.constData());
}

void tst_RunHistoryCli::diffOfTwoDemoRuns()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString problem;
    const QString path = mbtest::copyDemoFixture(dir.path(), &problem);
    QVERIFY2(!path.isEmpty(), qPrintable(problem));

    const Run json = mb({QStringLiteral("runs"), QStringLiteral("diff"), QStringLiteral("1"), QStringLiteral("2"),
                         QStringLiteral("--json")},
                        path);
    QVERIFY2(json.exitCode == 0, json.err.constData());
    const QJsonObject diff = QJsonDocument::fromJson(json.out).object();
    QCOMPARE(diff.value(QStringLiteral("first")).toInteger(), qint64(1));
    QCOMPARE(diff.value(QStringLiteral("second")).toInteger(), qint64(2));
    QStringList provenance;
    for (const QJsonValue &line : diff.value(QStringLiteral("provenance")).toArray())
        provenance << line.toObject().value(QStringLiteral("field")).toString();
    for (const char *field : {"dataset version", "split", "framing version", "evaluated on", "seed", "build"})
        QVERIFY2(provenance.contains(QLatin1String(field)), field);
    // The framing version as `framing history` and the window name it, not the stored row id.
    const QJsonObject framingLine =
        diff.value(QStringLiteral("provenance")).toArray().at(provenance.indexOf(QStringLiteral("framing version"))).toObject();
    for (const char *side : {"first", "second"})
        QVERIFY2(QRegularExpression(QStringLiteral("^main, version \\d+$"))
                     .match(framingLine.value(QLatin1String(side)).toString())
                     .hasMatch(),
                 qPrintable(framingLine.value(QLatin1String(side)).toString()));
    QVERIFY(!diff.value(QStringLiteral("config")).toArray().isEmpty()); // the demo's runs differ in their models
    const QJsonArray metrics = diff.value(QStringLiteral("metrics")).toArray();
    QVERIFY(!metrics.isEmpty());
    bool checkedDelta = false;
    for (const QJsonValue &value : metrics) {
        const QJsonObject metric = value.toObject();
        const QJsonValue first = metric.value(QStringLiteral("first")), second = metric.value(QStringLiteral("second"));
        if (!first.isDouble() || !second.isDouble())
            continue;
        QVERIFY(std::abs(metric.value(QStringLiteral("delta")).toDouble() - (second.toDouble() - first.toDouble())) <
                1e-12);
        checkedDelta = true;
    }
    QVERIFY(checkedDelta);

    const Run text =
        mb({QStringLiteral("runs"), QStringLiteral("diff"), QStringLiteral("1"), QStringLiteral("2")}, path);
    QVERIFY2(text.exitCode == 0, text.err.constData());
    QVERIFY2(text.out.contains("data, framing and build:\n  dataset version\t"), text.out.constData());
    QVERIFY2(text.out.contains("\nmetrics:\n"), text.out.constData());
}

// Found by a user: a linear run against an MLP listed model.hidden[0] 64 -> 32, the linear model's
// unused default layers. Only the settings a run's model uses are compared (Compare's diff is the same
// services::diffRuns).
void tst_RunHistoryCli::diffListsOnlySettingsTheModelsUse()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("models.mbw"));
    std::int64_t linear = 0, otherLinear = 0, mlp = 0, project = 0;
    {
        const auto workspace = workspaceWithProject(path, QStringLiteral("Churn"), project);
        QVERIFY(workspace);
        db::Database &database = workspace->database();
        TrainingConfig config = defaultTrainingConfig(TaskType::Binary);
        config.name = QStringLiteral("model");
        config.model.kind = ModelKind::Linear;
        linear = seedRun(database, project, config, 0.5, std::nullopt);
        config.model.hidden = {8};
        config.model.dropout = 0.3;
        config.optimizer.momentum = 0.5; // Adam's run: SGD's momentum is unused too
        otherLinear = seedRun(database, project, config, 0.5, std::nullopt);
        config.model.kind = ModelKind::Mlp;
        config.model.hidden = {32, 16};
        config.model.dropout = 0;
        config.model.channels = {4};
        mlp = seedRun(database, project, config, 0.4, std::nullopt);
    }

    const auto diff = [&](std::int64_t first, std::int64_t second) {
        const Run run = mb({QStringLiteral("runs"), QStringLiteral("diff"), QString::number(first),
                            QString::number(second), QStringLiteral("--json")},
                           path);
        return run.exitCode == 0 ? configLines(QJsonDocument::fromJson(run.out).object()) : QStringList{run.err};
    };
    // Two linear runs whose unused layers and momentum differ have the same settings.
    QCOMPARE(diff(linear, otherLinear), QStringList());
    // Linear against MLP: the kind, and the MLP's layers against the linear model's none; never the
    // convolutions neither model has.
    QCOMPARE(diff(linear, mlp), (QStringList{QStringLiteral("model.activation: (not used) -> relu"),
                                             QStringLiteral("model.batch_norm: (not used) -> false"),
                                             QStringLiteral("model.dropout: (not used) -> 0"),
                                             QStringLiteral("model.hidden[0]: (not used) -> 32"),
                                             QStringLiteral("model.hidden[1]: (not used) -> 16"),
                                             QStringLiteral("model.kind: linear -> mlp")}));
}

void tst_RunHistoryCli::runsExportNamesTheFramingVersionAsItsHistoryDoes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("two projects.mbw"));
    {
        auto created = db::Workspace::create(path);
        QVERIFY(created);
        db::Database &database = (*created)->database();
        // The first project's framing takes the first stored row id, so the second project's
        // version 1 is stored as row 2: what users see must be the 1.
        db::FramingRepository framings(database);
        std::int64_t second = 0, secondVersion = 0;
        for (const QString &name : {QStringLiteral("first"), QStringLiteral("second")}) {
            const std::int64_t project = db::ProjectRepository(database).create(name)->id;
            const auto saved = framings.save(framings.framing(project)->id, demoNewsfeedFraming());
            QVERIFY(saved);
            second = project;
            secondVersion = saved->version.id;
        }
        QCOMPARE(secondVersion, std::int64_t(2));
        db::RunRecord draft;
        draft.projectId = second;
        draft.name = QStringLiteral("stamped");
        draft.config = trainingConfigToJson(defaultTrainingConfig(TaskType::Binary));
        draft.framingVersionId = secondVersion;
        QVERIFY(db::RunRepository(database).create(draft));
    }
    const QString out = dir.filePath(QStringLiteral("runs.json"));
    const Run exported = mb({QStringLiteral("runs"), QStringLiteral("export"), QStringLiteral("--project"),
                             QStringLiteral("second"), QStringLiteral("--format"), QStringLiteral("json"),
                             QStringLiteral("--out"), out},
                            path);
    QVERIFY2(exported.exitCode == 0, exported.err.constData());
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray runs = QJsonDocument::fromJson(file.readAll()).array();
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.at(0).toObject().value(QStringLiteral("framing")).toString(), QStringLiteral("main"));
    QCOMPARE(runs.at(0).toObject().value(QStringLiteral("framing_version")).toInteger(), qint64(1));
}

void tst_RunHistoryCli::badInputIsOneLine()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString problem;
    const QString path = mbtest::copyDemoFixture(dir.path(), &problem);
    QVERIFY2(!path.isEmpty(), qPrintable(problem));
    const auto refused = [&](const QStringList &arguments, const QByteArray &says) {
        const Run run = mb(arguments, path);
        QVERIFY2(run.exitCode == 1, run.err.constData());
        QVERIFY2(run.err.contains(says), run.err.constData());
        QCOMPARE(run.err.count('\n'), 1);
        QVERIFY(run.out.isEmpty());
    };
    refused({QStringLiteral("runs"), QStringLiteral("diff"), QStringLiteral("1")}, "name two runs");
    refused({QStringLiteral("runs"), QStringLiteral("lineage"), QStringLiteral("999")}, "run 999 does not exist");
    refused({QStringLiteral("runs"), QStringLiteral("lineage"), QStringLiteral("best")},
            "expected a run id (1, 2, ...), got 'best'");
    refused({QStringLiteral("runs"), QStringLiteral("diff"), QStringLiteral("1"), QStringLiteral("999")},
            "run 999 does not exist");
}

QTEST_GUILESS_MAIN(tst_RunHistoryCli)
#include "tst_runhistorycli.moc"
