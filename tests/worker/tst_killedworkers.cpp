// SPDX-License-Identifier: GPL-3.0-or-later
// Training workers killed with SIGKILL at random moments across a run's phases (before it starts,
// while it loads its data, mid-epoch, just after an epoch's points are committed, while it writes
// its checkpoints and evaluates, anywhere), on a copy of the demo workspace. After every kill:
//  - SQLite's full integrity check passes;
//  - every metric point committed before the kill is still there: at least the steps of every
//    epoch the worker announced (it announces an epoch only after committing it), numbered 1..n;
//  - once its heartbeat is stale, `runs --json` reports the run interrupted (or how it really
//    ended, if the kill came after its end), never running;
//  - no artifact is half-written (every named checkpoint reads back with its hash) and no stored
//    bytes are left that no run names.
// MB_KILLS sets how many kills (10 here; ./scripts/stress runs 50), MB_KILL_SEED the moments.
#include "db/ArtifactStore.h"
#include "db/Database.h"
#include "db/MetricSeriesStore.h"
#include "db/RunRepository.h"
#include "db/Timestamp.h"
#include "db/Workspace.h"
#include "tests/support/CommandRun.h"
#include "tests/support/DemoFixture.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace mb;

namespace {

constexpr int kEpochs = 4;

enum class Phase { BeforeStart, LoadingData, MidEpoch, AfterAnEpoch, CheckpointsAndEvaluation, Anywhere };
constexpr int kPhases = 6;

const char *phaseName(Phase phase)
{
    switch (phase) {
    case Phase::BeforeStart:
        return "before it starts";
    case Phase::LoadingData:
        return "loading its data";
    case Phase::MidEpoch:
        return "mid-epoch";
    case Phase::AfterAnEpoch:
        return "just after an epoch";
    case Phase::CheckpointsAndEvaluation:
        return "writing checkpoints and evaluating";
    case Phase::Anywhere:
        return "anywhere";
    }
    return "";
}

QList<QJsonObject> eventsOf(const QByteArray &out)
{
    QList<QJsonObject> events;
    for (const QByteArray &line : out.split('\n'))
        if (!line.trimmed().isEmpty())
            events << QJsonDocument::fromJson(line).object();
    return events;
}

} // namespace

class tst_KilledWorkers : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyKillLeavesAConsistentWorkspace();

private:
    // Starts a run and kills it in `phase`; returns what the worker printed before it died.
    QByteArray trainAndKill(Phase phase, QRandomGenerator &random);
    // The checks after a kill; `out` is what the worker printed.
    void checkAfterKill(const QByteArray &out, const QString &what);

    QTemporaryDir m_dir;
    QString m_path;
    QString m_config;
    qint64 m_unkilledMs = 0; // one whole run, measured: the span random moments are drawn from
};

void tst_KilledWorkers::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString problem;
    m_path = mbtest::copyDemoFixture(m_dir.path(), &problem);
    QVERIFY2(!m_path.isEmpty(), qPrintable(problem));
    QJsonObject config = mbtest::linearRunConfig(QStringLiteral("killed"), 1, 1, QStringLiteral("binary"),
                                                 QStringLiteral("engagement"), kEpochs);
    config.insert(QStringLiteral("model"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("mlp")},
                                                       {QStringLiteral("hidden"), QJsonArray{32}}});
    m_config = m_dir.filePath(QStringLiteral("killed.json"));
    QFile file(m_config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(config).toJson());
    file.close();
    // One run to its end, to know the span kills are spread over.
    QElapsedTimer timer;
    timer.start();
    const mbtest::CommandRun whole = mbtest::runMetricbridge(
        {QStringLiteral("train"), QStringLiteral("--workspace"), m_path, QStringLiteral("--project"),
         QStringLiteral("Newsfeed ranking"), QStringLiteral("--config"), m_config});
    QVERIFY2(whole.exitCode == 0, whole.err.constData());
    m_unkilledMs = std::max<qint64>(timer.elapsed(), 200);
}

QByteArray tst_KilledWorkers::trainAndKill(Phase phase, QRandomGenerator &random)
{
    QProcess worker;
    worker.start(QStringLiteral(METRICBRIDGE_BINARY),
                 {QStringLiteral("train"), QStringLiteral("--workspace"), m_path, QStringLiteral("--project"),
                  QStringLiteral("Newsfeed ranking"), QStringLiteral("--config"), m_config});
    if (!worker.waitForStarted(60000))
        return {};
    QByteArray out;
    // Reads the worker's lines until `done` says so, the worker ends, or a minute passes.
    const auto readUntil = [&](const std::function<bool()> &done) {
        QDeadlineTimer deadline(60000);
        while (!done() && worker.state() == QProcess::Running && !deadline.hasExpired()) {
            worker.waitForReadyRead(50);
            out += worker.readAllStandardOutput();
        }
    };
    const auto count = [&](const QString &event) {
        qsizetype n = 0;
        for (const QJsonObject &e : eventsOf(out))
            n += e.value(QStringLiteral("event")).toString() == event ? 1 : 0;
        return n;
    };
    const auto sleepUpTo = [&](qint64 ms) {
        QDeadlineTimer pause(random.bounded(std::max<qint64>(ms, 1)));
        while (!pause.hasExpired() && worker.state() == QProcess::Running) {
            worker.waitForReadyRead(int(std::min<qint64>(pause.remainingTime(), 20)));
            out += worker.readAllStandardOutput();
        }
    };
    const qint64 epochMs = m_unkilledMs / (kEpochs + 2);
    switch (phase) {
    case Phase::BeforeStart:
        sleepUpTo(epochMs / 2);
        break;
    case Phase::LoadingData:
        readUntil([&] { return count(QStringLiteral("started")) > 0; });
        sleepUpTo(epochMs / 2);
        break;
    case Phase::MidEpoch:
        readUntil([&] { return count(QStringLiteral("started")) > 0; });
        sleepUpTo(epochMs * kEpochs);
        break;
    case Phase::AfterAnEpoch: {
        const int epoch = 1 + int(random.bounded(kEpochs - 1));
        readUntil([&] { return count(QStringLiteral("epoch")) >= epoch; });
        sleepUpTo(10);
        break;
    }
    case Phase::CheckpointsAndEvaluation:
        readUntil([&] { return count(QStringLiteral("epoch")) >= kEpochs; });
        sleepUpTo(epochMs * 2);
        break;
    case Phase::Anywhere:
        sleepUpTo(m_unkilledMs);
        break;
    }
    worker.kill(); // SIGKILL: no handler runs
    worker.waitForFinished(60000);
    out += worker.readAllStandardOutput();
    return out;
}

void tst_KilledWorkers::checkAfterKill(const QByteArray &out, const QString &what)
{
    const QList<QJsonObject> events = eventsOf(out);
    std::int64_t runId = 0;
    int epochsAnnounced = 0;
    for (const QJsonObject &e : events) {
        if (e.value(QStringLiteral("event")).toString() == QLatin1String("started"))
            runId = e.value(QStringLiteral("run")).toInteger();
        if (e.value(QStringLiteral("event")).toString() == QLatin1String("epoch"))
            epochsAnnounced = e.value(QStringLiteral("epoch")).toInt();
    }

    Result<std::unique_ptr<db::Workspace>> opened = db::Workspace::open(m_path);
    QVERIFY2(opened, qPrintable(QStringLiteral("%1: %2").arg(what, opened ? QString() : opened.error())));
    std::unique_ptr<db::Workspace> workspace = std::move(opened).value();
    db::Database &db = workspace->database();
    QCOMPARE(db.queryText("PRAGMA integrity_check"), QStringLiteral("ok"));

    // No bytes that no run names, and every named checkpoint whole.
    QCOMPARE(db.queryInt("SELECT count(*) FROM artifacts WHERE sha256 NOT IN (SELECT sha256 FROM run_artifacts)"),
             std::int64_t(0));
    db::ArtifactStore artifacts(db);
    db::Statement named = db.prepare("SELECT DISTINCT sha256 FROM run_artifacts");
    while (named.step()) {
        const Result<QByteArray> bytes = artifacts.read(named.columnText(0));
        QVERIFY2(bytes, qPrintable(QStringLiteral("%1: %2").arg(what, bytes ? QString() : bytes.error())));
    }
    if (runId == 0)
        return; // killed before its worker took the run: it is still queued, to be started again

    // Every point of every announced epoch, numbered without a gap.
    db::MetricSeriesReader reader(db);
    QHash<QString, db::MetricSeries> series;
    const Result<QList<db::MetricSeriesInfo>> infos = reader.seriesOf(runId);
    QVERIFY2(infos, qPrintable(what));
    for (const db::MetricSeriesInfo &info : *infos) {
        Result<db::MetricSeries> points = reader.read(info.id);
        QVERIFY2(points, qPrintable(what));
        series.insert(info.name, std::move(points).value());
    }
    const db::MetricSeries &epochs = series[QStringLiteral("epoch/last_step")];
    QVERIFY2(std::int64_t(epochs.steps.size()) >= epochsAnnounced, qPrintable(what));
    const db::MetricSeries &loss = series[QStringLiteral("train/loss")];
    if (epochsAnnounced > 0)
        QVERIFY2(double(loss.steps.size()) >= epochs.values[std::size_t(epochsAnnounced - 1)], qPrintable(what));
    for (std::size_t i = 0; i < loss.steps.size(); ++i)
        QCOMPARE(loss.steps[i], std::int64_t(i + 1));

    // Silent for a minute, as anyone opening the workspace later sees it: never left running.
    db.prepare("UPDATE runs SET heartbeat_at = ?2 WHERE id = ?1 AND status = 'running'")
        .bind(1, runId)
        .bind(2, db::utcTimestamp(-60))
        .run();
    workspace.reset(); // the command below opens it on its own
    const mbtest::CommandRun listed = mbtest::runMetricbridge({QStringLiteral("runs"), QStringLiteral("--workspace"),
                                                               m_path, QStringLiteral("--project"),
                                                               QStringLiteral("Newsfeed ranking"),
                                                               QStringLiteral("--json")});
    QVERIFY2(listed.exitCode == 0, listed.err.constData());
    bool found = false;
    for (const QJsonValue &run : QJsonDocument::fromJson(listed.out).array()) {
        if (run.toObject().value(QStringLiteral("id")).toInteger() != runId)
            continue;
        found = true;
        const QString status = run.toObject().value(QStringLiteral("status")).toString();
        QVERIFY2(status == QLatin1String("interrupted") || status == QLatin1String("finished"),
                 qPrintable(QStringLiteral("%1: run %2 is %3").arg(what).arg(runId).arg(status)));
    }
    QVERIFY(found);
}

void tst_KilledWorkers::everyKillLeavesAConsistentWorkspace()
{
    const int kills = qEnvironmentVariableIsSet("MB_KILLS") ? qEnvironmentVariableIntValue("MB_KILLS") : 10;
    const quint32 seed = qEnvironmentVariableIsSet("MB_KILL_SEED") ? quint32(qEnvironmentVariableIntValue("MB_KILL_SEED"))
                                                                    : 20261207u;
    QRandomGenerator random(seed);
    int interrupted = 0;
    for (int i = 0; i < kills; ++i) {
        const Phase phase = Phase(i % kPhases);
        const QString what = QStringLiteral("kill %1 of %2 (%3, seed %4)").arg(i + 1).arg(kills).arg(phaseName(phase)).arg(seed);
        const QByteArray out = trainAndKill(phase, random);
        checkAfterKill(out, what);
        if (QTest::currentTestFailed())
            return;
        interrupted += out.contains("\"started\"") && !out.contains("\"finished\"") ? 1 : 0;
    }
    qInfo("%d kills, %d of them mid-run; every one left a consistent workspace", kills, interrupted);
}

QTEST_GUILESS_MAIN(tst_KilledWorkers)
#include "tst_killedworkers.moc"
