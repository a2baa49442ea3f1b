// SPDX-License-Identifier: GPL-3.0-or-later
// Four training workers on one workspace while a 1 M-row import writes to it and commands read it
// every few hundred milliseconds, every one its own process, as a team shares a file: no run
// fails, no command meets "database is locked", no metric point is lost (every run has each step
// of its loss curve, 1..n, n being the last step of its last epoch), and the file passes SQLite's
// full integrity check. The import must overlap the training, or the test proves nothing.
#include "db/MetricSeriesStore.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/support/CommandRun.h"
#include "tests/support/DemoFixture.h"
#include "tests/support/TestSupport.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

using namespace mb;

namespace {

constexpr int kWorkers = 4;
constexpr int kEpochs = 8; // long enough that the import ends while they train
constexpr int kImportRows = 1000000;
const QString kProject = QStringLiteral("Newsfeed ranking");

QByteArray millionRowCsv()
{
    QByteArray csv = "id,x1,x2,segment,label\n";
    csv.reserve(30 * kImportRows);
    QRandomGenerator random(20261207);
    for (int r = 0; r < kImportRows; ++r)
        csv += QByteArray::number(r) + ',' + QByteArray::number(random.bounded(1.0), 'f', 4) + ',' +
               QByteArray::number(random.bounded(1.0), 'f', 4) + ",s" + QByteArray::number(r % 20) + ',' +
               QByteArray::number(random.bounded(2)) + '\n';
    return csv;
}

std::unique_ptr<QProcess> start(const QStringList &arguments)
{
    auto process = std::make_unique<QProcess>();
    process->start(QStringLiteral(METRICBRIDGE_BINARY), arguments);
    return process;
}

} // namespace

class tst_ConcurrentWriters : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fourWorkersAnImportAndReadersShareOneWorkspace();
};

void tst_ConcurrentWriters::fourWorkersAnImportAndReadersShareOneWorkspace()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString problem;
    const QString workspace = mbtest::copyDemoFixture(dir.path(), &problem);
    QVERIFY2(!workspace.isEmpty(), qPrintable(problem));
    const QString csv = dir.filePath(QStringLiteral("events.csv"));
    QVERIFY(mbtest::writeFile(csv, millionRowCsv()));

    std::vector<std::unique_ptr<QProcess>> workers;
    for (int w = 0; w < kWorkers; ++w) {
        QJsonObject config = mbtest::linearRunConfig(QStringLiteral("concurrent %1").arg(w), 1, 1,
                                                     QStringLiteral("binary"), QStringLiteral("quality"), kEpochs);
        config.insert(QStringLiteral("batch_size"), 32); // many points, flushed every 500 ms
        const QString file = dir.filePath(QStringLiteral("run%1.json").arg(w));
        QVERIFY(mbtest::writeFile(file, QJsonDocument(config).toJson()));
        workers.push_back(start({QStringLiteral("train"), QStringLiteral("--workspace"), workspace,
                                 QStringLiteral("--project"), kProject, QStringLiteral("--config"), file}));
    }
    auto import = start({QStringLiteral("dataset"), QStringLiteral("import"), QStringLiteral("--workspace"), workspace,
                         QStringLiteral("--project"), kProject, QStringLiteral("--file"), csv, QStringLiteral("--target"),
                         QStringLiteral("label")});

    // Readers, one command after another, until every writer is done.
    int reads = 0;
    QStringList readFailures;
    // Without an event loop a QProcess learns of its child's exit only when asked to wait for it.
    const auto running = [&] {
        bool any = !import->waitForFinished(0) && import->state() != QProcess::NotRunning;
        for (const auto &worker : workers)
            any |= !worker->waitForFinished(0) && worker->state() != QProcess::NotRunning;
        return any;
    };
    bool importEndedWhileWorkersRan = false;
    const QDeadlineTimer deadline(900000);
    while (running() && !deadline.hasExpired()) {
        const mbtest::CommandRun read = mbtest::runMetricbridge(
            {QStringLiteral("runs"), QStringLiteral("--workspace"), workspace, QStringLiteral("--project"), kProject,
             QStringLiteral("--json")});
        ++reads;
        if (read.exitCode != 0)
            readFailures << QString::fromUtf8(read.err);
        if (import->state() == QProcess::NotRunning)
            for (const auto &worker : workers)
                importEndedWhileWorkersRan |= worker->state() != QProcess::NotRunning;
        (void)running(); // so the states above are fresh on the next round
    }
    QVERIFY2(!deadline.hasExpired(), "the writers did not finish in 15 minutes");
    QVERIFY2(readFailures.isEmpty(), qPrintable(readFailures.join(QLatin1Char('\n'))));
    QVERIFY2(reads > 0, "no command read while the writers wrote");
    // Its own words, not just its exit code: under the sanitizers the reason is a report on stderr.
    QVERIFY2(import->exitStatus() == QProcess::NormalExit && import->exitCode() == 0,
             qPrintable(QStringLiteral("the import failed (exit %1): %2")
                            .arg(import->exitCode())
                            .arg(QString::fromUtf8(import->readAllStandardError().right(4000)))));
    QVERIFY2(importEndedWhileWorkersRan, "the import did not overlap the training: nothing was proven");
    for (auto &worker : workers) {
        const QByteArray out = worker->readAll();
        QVERIFY2(worker->exitCode() == 0, out.right(600).constData());
        QVERIFY2(out.contains("\"status\":\"finished\""), out.right(600).constData());
    }

    auto opened = db::Workspace::open(workspace);
    QVERIFY2(opened, opened ? "" : qPrintable(opened.error()));
    db::Database &db = (*opened)->database();
    QCOMPARE(db.queryText("PRAGMA integrity_check"), QStringLiteral("ok"));
    QCOMPARE(db.queryInt("SELECT count(*) FROM dataset_versions"), std::int64_t(2));
    db::MetricSeriesReader series(db);
    const Result<QList<db::RunRecord>> runs = db::RunRepository(db).runs(1);
    QVERIFY2(runs, runs ? "" : qPrintable(runs.error()));
    int checked = 0;
    for (const db::RunRecord &run : runs.value()) {
        if (!run.name.startsWith(QLatin1String("concurrent ")))
            continue;
        ++checked;
        QCOMPARE(run.status, db::RunStatus::Finished);
        std::optional<db::MetricSeries> loss, lastStep;
        const Result<QList<db::MetricSeriesInfo>> infos = series.seriesOf(run.id);
        QVERIFY2(infos, infos ? "" : qPrintable(infos.error()));
        for (const db::MetricSeriesInfo &info : infos.value()) {
            if (info.name == QLatin1String("train/loss"))
                loss = *series.read(info.id);
            if (info.name == QLatin1String("epoch/last_step"))
                lastStep = *series.read(info.id);
        }
        QVERIFY(loss && lastStep);
        QCOMPARE(int(lastStep->values.size()), kEpochs);
        const auto steps = std::int64_t(lastStep->values.back());
        QCOMPARE(std::int64_t(loss->steps.size()), steps);
        for (std::int64_t s = 0; s < steps; ++s)
            QCOMPARE(loss->steps[std::size_t(s)], s + 1);
    }
    QCOMPARE(checked, kWorkers);
    qInfo("%d commands read while %d workers trained and %d rows were imported", reads, kWorkers, kImportRows);
}

QTEST_GUILESS_MAIN(tst_ConcurrentWriters)
#include "tst_concurrentwriters.moc"
