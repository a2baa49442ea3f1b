// SPDX-License-Identifier: GPL-3.0-or-later
// External runs through the real executable, as a tool's script calls it:
//   log_metrics_points_per_s   `log metrics` reading 2 M JSON lines from a file into the series
//                              store, process start to exit (goal: >= 1 M/s, the worker's writer)
//   log_predictions_1m_rows_s  `log predictions` of 1 M test rows: read, checked against the stored
//                              dataset, metrics computed, stored (goal: <= 2 s); median of 3
#include "core/data/CsvReader.h"
#include "tests/benchmarks/BenchmarkOutput.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <cmath>
#include <random>
#include <vector>

namespace {

QString g_metricbridge;

QByteArray run(const QStringList &arguments)
{
    QProcess process;
    process.start(g_metricbridge, arguments);
    process.waitForFinished(-1);
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        qFatal("metricbridge %s failed: %s", qPrintable(arguments.join(QLatin1Char(' '))),
               process.readAllStandardError().constData());
    return process.readAllStandardOutput();
}

double seconds(const QStringList &arguments)
{
    QElapsedTimer timer;
    timer.start();
    run(arguments);
    return double(timer.nsecsElapsed()) / 1e9;
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    g_metricbridge = QCoreApplication::applicationDirPath() + QStringLiteral("/../bin/metricbridge");
    QTemporaryDir dir;
    const QString workspace = dir.filePath(QStringLiteral("log.mbw"));
    const QStringList ws{QStringLiteral("--workspace"), workspace};

    // 1.25 M rows, 80 % of them test: 1 M rows to predict.
    constexpr int kRows = 1250000;
    std::mt19937_64 random(7);
    std::uniform_real_distribution<double> uniform(0, 1);
    QByteArray csv = "x,label\n";
    csv.reserve(qsizetype(kRows) * 24);
    for (int i = 0; i < kRows; ++i) {
        const double x = uniform(random);
        csv += QByteArray::number(x, 'g', 9) + ',' + (uniform(random) < x ? '1' : '0') + '\n';
    }
    writeFile(dir.filePath(QStringLiteral("data.csv")), csv);
    csv.clear();
    run(QStringList{"project", "create"} + ws + QStringList{"--name", "bench"});
    run(QStringList{"dataset", "import"} + ws +
        QStringList{"--project", "bench", "--file", dir.filePath("data.csv"), "--target", "label", "--split",
                    "random:0.1,0.8"});
    const QString exported = dir.filePath(QStringLiteral("test.csv"));
    run(QStringList{"dataset", "export"} + ws + QStringList{"--version", "1", "--part", "test", "--out", exported});

    // The predictions: the exported rows with a score from x.
    QByteArray predictions = "row,score:label\n";
    {
        QFile file(exported);
        if (!file.open(QIODevice::ReadOnly))
            qFatal("cannot read the export");
        mb::data::CsvReader reader(file, {});
        if (!reader.readHeader())
            qFatal("the export has no header");
        (void)reader.forEachRecord([&](const mb::data::CsvRecord &record) {
            predictions += QByteArray(record.fields[0].data(), qsizetype(record.fields[0].size())) + ',' +
                           QByteArray(record.fields[1].data(), qsizetype(record.fields[1].size())) + '\n';
            return true;
        });
    }
    const QString predictionsFile = dir.filePath(QStringLiteral("predictions.csv"));
    writeFile(predictionsFile, predictions);

    std::vector<double> times;
    for (int i = 0; i < 3; ++i) {
        const QString id =
            QString::fromUtf8(run(QStringList{"log", "start"} + ws +
                                  QStringList{"--project", "bench", "--name", QStringLiteral("bench %1").arg(i),
                                              "--dataset-version", "1", "--split", "1", "--target", "label"})
                                  .trimmed());
        times.push_back(seconds(QStringList{"log", "predictions"} + ws +
                                QStringList{"--run", id, "--part", "test", "--file", predictionsFile}));
    }
    mbbench::printFigure("log_predictions_1m_rows_s", mbbench::median(times), "s");

    constexpr int kPoints = 2000000;
    QByteArray lines;
    lines.reserve(qsizetype(kPoints) * 64);
    const char *names[] = {"train/loss", "train/accuracy", "lr", "validation/loss"};
    for (int i = 0; i < kPoints; ++i)
        lines += QByteArray(R"({"step": )") + QByteArray::number(i / 4) + R"(, "name": ")" + names[i % 4] +
                 R"(", "value": )" + QByteArray::number(1.0 / (i + 1), 'g', 17) + "}\n";
    const QString metricsFile = dir.filePath(QStringLiteral("metrics.jsonl"));
    writeFile(metricsFile, lines);
    const QString id = QString::fromUtf8(run(QStringList{"log", "start"} + ws +
                                             QStringList{"--project", "bench", "--name", "curves", "--dataset-version",
                                                         "1", "--split", "1", "--target", "label"})
                                             .trimmed());
    const double metricSeconds =
        seconds(QStringList{"log", "metrics"} + ws + QStringList{"--run", id, "--file", metricsFile});
    mbbench::printFigure("log_metrics_points_per_s", double(kPoints) / metricSeconds, "points/s");
    return 0;
}
