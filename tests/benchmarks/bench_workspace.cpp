// SPDX-License-Identifier: GPL-3.0-or-later
// Workspace store figures, one `name: value unit` line each, for ./scripts/bench.
#include "core/DemoFraming.h"
#include "db/FramingRepository.h"
#include "db/ProjectRepository.h"
#include "db/Workspace.h"
#include "tests/benchmarks/BenchmarkOutput.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <vector>

using namespace mb;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bench.mbw"));

    QElapsedTimer timer;
    timer.start();
    auto workspace = db::Workspace::create(path);
    if (!workspace)
        qFatal("%s", qPrintable(workspace.error()));
    mbbench::printFigure("workspace_create_ms", timer.nsecsElapsed() / 1e6, "ms");

    db::ProjectRepository projects((*workspace)->database());
    db::FramingRepository framings((*workspace)->database());
    const db::Project project = *projects.create(QStringLiteral("bench"));
    const std::int64_t framingId = framings.framing(project.id)->id;

    // Each save validates (muparser on every expression), serialises, hashes and commits.
    constexpr int kSaves = 500;
    Framing framing = demoNewsfeedFraming();
    std::vector<double> saveMs;
    for (int i = 0; i < kSaves; ++i) {
        framing.alpha = 0.001 * i;
        timer.restart();
        if (!framings.save(framingId, framing))
            qFatal("save failed");
        saveMs.push_back(timer.nsecsElapsed() / 1e6);
    }
    mbbench::printFigure("framing_save_median_ms", mbbench::median(saveMs), "ms");

    std::vector<double> loadMs;
    for (int i = 1; i <= 200; ++i) {
        timer.restart();
        if (!framings.load(framingId, i))
            qFatal("load failed");
        loadMs.push_back(timer.nsecsElapsed() / 1e6);
    }
    mbbench::printFigure("framing_load_median_ms", mbbench::median(loadMs), "ms");
    workspace = Error{QString()}; // close before reopening

    // Opening inspects the file (header, application id, schema and, a file this small, every page
    // with SQLite's quick check) before any write.
    std::vector<double> openMs;
    for (int i = 0; i < 20; ++i) {
        timer.restart();
        auto reopened = db::Workspace::open(path);
        if (!reopened)
            qFatal("%s", qPrintable(reopened.error()));
        openMs.push_back(timer.nsecsElapsed() / 1e6);
    }
    mbbench::printFigure("workspace_open_500_versions_ms", mbbench::median(openMs), "ms");
    return 0;
}
