// SPDX-License-Identifier: GPL-3.0-or-later
// Dataset import figures for ./scripts/bench: a 1 000 000 x 20 numeric CSV imported by the real
// `metricbridge dataset import` in a child process, timed, with the child's peak memory; and the
// same CSV gzip-compressed (`gzip -6`), read through zlib as it streams.
#include "tests/benchmarks/BenchmarkOutput.h"
#include "tests/support/Gzip.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <sys/resource.h>

#include <cstdint>

namespace {

// Deterministic numbers with a realistic mix of lengths ("0.4187", "-12.5", "734").
QByteArray numericCsv(int rows, int columns)
{
    QByteArray csv;
    csv.reserve(qsizetype(rows) * columns * 8);
    for (int c = 0; c < columns; ++c)
        csv += (c ? "," : "") + QByteArray("f") + QByteArray::number(c);
    csv += '\n';
    std::uint64_t state = 12345;
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < columns; ++c) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            const double v = double(state >> 11) / double(1ULL << 53);
            if (c)
                csv += ',';
            if (c % 3 == 0)
                csv += QByteArray::number(v, 'f', 4);
            else if (c % 3 == 1)
                csv += QByteArray::number((v - 0.5) * 100, 'f', 1);
            else
                csv += QByteArray::number(int(v * 1000));
        }
        csv += '\n';
    }
    return csv;
}

int run(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(program, arguments);
    process.waitForFinished(-1);
    process.readAllStandardOutput();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

// Seconds for `dataset import` of `file` into a new workspace (an import of the same table into
// the same workspace would only find the stored version).
double importSeconds(const QString &metricbridge, const QString &file, const QString &workspace)
{
    if (run(metricbridge, {QStringLiteral("project"), QStringLiteral("create"), QStringLiteral("--workspace"),
                           workspace, QStringLiteral("--name"), QStringLiteral("bench")}) != 0)
        qFatal("cannot create the benchmark workspace");
    QElapsedTimer timer;
    timer.start();
    if (run(metricbridge, {QStringLiteral("dataset"), QStringLiteral("import"), QStringLiteral("--workspace"),
                           workspace, QStringLiteral("--project"), QStringLiteral("bench"), QStringLiteral("--file"),
                           file, QStringLiteral("--target"), QStringLiteral("f0"), QStringLiteral("--split"),
                           QStringLiteral("random:0.1,0.2")}) != 0)
        qFatal("the import failed");
    return timer.nsecsElapsed() / 1e9;
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) < 0)
        qFatal("cannot write %s", qPrintable(path));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString metricbridge = QCoreApplication::applicationDirPath() + QStringLiteral("/../bin/metricbridge");
    QTemporaryDir dir;
    const QString csvPath = dir.filePath(QStringLiteral("numeric.csv"));
    const QString gzPath = dir.filePath(QStringLiteral("numeric.csv.gz"));
    {
        const QByteArray csv = numericCsv(1000000, 20);
        writeFile(csvPath, csv);
        writeFile(gzPath, mbtest::gzip(csv, 6));
    }
    const double fileBytes = double(QFile(csvPath).size());

    const double seconds = importSeconds(metricbridge, csvPath, dir.filePath(QStringLiteral("plain.mbw")));
    struct rusage usage {};
    getrusage(RUSAGE_CHILDREN, &usage); // the largest child so far: the import (ru_maxrss in KiB)
    mbbench::printFigure("import_csv_1m_rows_s", seconds, "s");
    mbbench::printFigure("import_csv_1m_rows_mb_per_s", fileBytes / 1e6 / seconds, "MB/s");
    mbbench::printFigure("import_peak_rss_ratio", double(usage.ru_maxrss) * 1024.0 / fileBytes, "x file size");
    mbbench::printFigure("import_csv_gz_1m_rows_s",
                         importSeconds(metricbridge, gzPath, dir.filePath(QStringLiteral("gzip.mbw"))), "s");
    return 0;
}
