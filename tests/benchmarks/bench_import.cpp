// SPDX-License-Identifier: GPL-3.0-or-later
// Dataset import figures for ./scripts/bench: a 1 000 000 x 20 numeric CSV imported by the real
// `metricbridge dataset import` in a child process, timed, with the child's peak memory; and the
// same CSV gzip-compressed (`gzip -6`), read through zlib as it streams. While the plain import
// runs, a second connection asks for the write lock (BEGIN IMMEDIATE) again and again and keeps the
// longest wait: how long the import kept every other writer (a training worker) out at a stretch.
#include "db/Database.h"
#include "tests/benchmarks/BenchmarkOutput.h"
#include "tests/support/Gzip.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <sqlite3.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <thread>

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

// The longest a writer waited for the lock of `workspace` while it probed, in ms: a thread with its
// own connection runs BEGIN IMMEDIATE; COMMIT every 2 ms. Its busy handler polls every 0.2 ms
// (SQLite's default one sleeps up to 100 ms at a time, which would blur the figure).
class LockProbe {
public:
    explicit LockProbe(const QString &workspace)
        : m_thread([this, workspace] {
              mb::db::Database db(workspace, mb::db::Database::Mode::ReadWrite);
              sqlite3_busy_handler(
                  db.handle(),
                  [](void *, int) {
                      std::this_thread::sleep_for(std::chrono::microseconds(200));
                      return 1;
                  },
                  nullptr);
              while (!m_stop.load()) {
                  const auto asked = std::chrono::steady_clock::now();
                  db.exec("BEGIN IMMEDIATE");
                  const double waited =
                      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - asked).count();
                  db.exec("COMMIT");
                  m_longestMs = std::max(m_longestMs.load(), waited);
                  std::this_thread::sleep_for(std::chrono::milliseconds(2));
              }
          })
    {
    }
    double stop()
    {
        m_stop = true;
        m_thread.join();
        return m_longestMs.load();
    }

private:
    std::atomic<bool> m_stop{false};
    std::atomic<double> m_longestMs{0};
    std::thread m_thread;
};

// CPU seconds (user and system) of every child that has ended so far.
double childrenCpuSeconds()
{
    struct rusage usage {};
    getrusage(RUSAGE_CHILDREN, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Seconds for `dataset import` of `file` into a new workspace (an import of the same table into
// the same workspace would only find the stored version).
double importSeconds(const QString &metricbridge, const QString &file, const QString &workspace,
                     double *longestLockWaitMs = nullptr, double *cpuSeconds = nullptr)
{
    if (run(metricbridge, {QStringLiteral("project"), QStringLiteral("create"), QStringLiteral("--workspace"),
                           workspace, QStringLiteral("--name"), QStringLiteral("bench")}) != 0)
        qFatal("cannot create the benchmark workspace");
    std::optional<LockProbe> probe;
    if (longestLockWaitMs)
        probe.emplace(workspace);
    const double cpuBefore = childrenCpuSeconds();
    QElapsedTimer timer;
    timer.start();
    if (run(metricbridge, {QStringLiteral("dataset"), QStringLiteral("import"), QStringLiteral("--workspace"),
                           workspace, QStringLiteral("--project"), QStringLiteral("bench"), QStringLiteral("--file"),
                           file, QStringLiteral("--target"), QStringLiteral("f0"), QStringLiteral("--split"),
                           QStringLiteral("random:0.1,0.2")}) != 0)
        qFatal("the import failed");
    const double seconds = timer.nsecsElapsed() / 1e9;
    if (cpuSeconds)
        *cpuSeconds = childrenCpuSeconds() - cpuBefore;
    if (probe)
        *longestLockWaitMs = probe->stop();
    return seconds;
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

    double longestLockWaitMs = 0, cpuSeconds = 0;
    const double seconds = importSeconds(metricbridge, csvPath, dir.filePath(QStringLiteral("plain.mbw")),
                                         &longestLockWaitMs, &cpuSeconds);
    struct rusage usage {};
    getrusage(RUSAGE_CHILDREN, &usage); // the largest child so far: the import (ru_maxrss in KiB)
    mbbench::printFigure("import_csv_1m_rows_s", seconds, "s");
    mbbench::printFigure("import_csv_1m_rows_cpu_s", cpuSeconds, "s");
    mbbench::printFigure("import_longest_lock_wait_ms", longestLockWaitMs, "ms");
    mbbench::printFigure("import_csv_1m_rows_mb_per_s", fileBytes / 1e6 / seconds, "MB/s");
    mbbench::printFigure("import_peak_rss_ratio", double(usage.ru_maxrss) * 1024.0 / fileBytes, "x file size");
    mbbench::printFigure("import_csv_gz_1m_rows_s",
                         importSeconds(metricbridge, gzPath, dir.filePath(QStringLiteral("gzip.mbw"))), "s");
    return 0;
}
