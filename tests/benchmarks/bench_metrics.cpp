// SPDX-License-Identifier: GPL-3.0-or-later
// Metric series figures for ./scripts/bench, through the real writer and reader:
//   metric_ingest_points_per_s  1 000 000 points over 10 series, as a run logs them (target >= 1 M/s)
//   series_read_100k_ms         one 100 000-point series read back (target <= 10 ms)
#include "db/MetricSeriesStore.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/benchmarks/BenchmarkOutput.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace mb;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    auto workspace = db::Workspace::create(dir.filePath(QStringLiteral("metrics.mbw")));
    if (!workspace)
        qFatal("%s", qPrintable(workspace.error()));
    db::Database &database = (*workspace)->database();
    const db::Project project = *db::ProjectRepository(database).create(QStringLiteral("bench"));
    db::RunRecord draft;
    draft.projectId = project.id;
    draft.config = QJsonObject{{QStringLiteral("bench"), true}};
    const std::int64_t run = db::RunRepository(database).create(draft)->id;

    constexpr int kSeries = 10;
    constexpr std::int64_t kSteps = 100000;
    QElapsedTimer timer;
    timer.start();
    {
        db::MetricSeriesWriter writer(database, run);
        std::vector<int> handles;
        for (int s = 0; s < kSeries; ++s)
            handles.push_back(*writer.series(QStringLiteral("series/%1").arg(s)));
        for (std::int64_t step = 0; step < kSteps; ++step)
            for (int s = 0; s < kSeries; ++s)
                if (!writer.append(handles[std::size_t(s)], step, std::exp(-double(step) / 5000.0) + s))
                    qFatal("append failed");
        if (!writer.flush())
            qFatal("flush failed");
    }
    const double ingestSeconds = timer.nsecsElapsed() / 1e9;
    mbbench::printFigure("metric_ingest_points_per_s", double(kSeries * kSteps) / ingestSeconds, "points/s");

    db::MetricSeriesReader reader(database);
    const std::int64_t seriesId = reader.seriesOf(run)->first().id;
    std::vector<double> reads;
    for (int i = 0; i < 20; ++i) {
        timer.restart();
        const auto series = reader.read(seriesId);
        reads.push_back(timer.nsecsElapsed() / 1e6);
        if (!series || series->steps.size() != std::size_t(kSteps))
            qFatal("read back the wrong number of points");
    }
    std::sort(reads.begin(), reads.end());
    mbbench::printFigure("series_read_100k_ms", reads[reads.size() / 2], "ms");
    return 0;
}
