// SPDX-License-Identifier: GPL-3.0-or-later
// Workspace store figures, one `name: value unit` line each, for ./scripts/bench.
#include <DemoFraming.h>
#include <FramingRepository.h>
#include <ProjectRepository.h>
#include <Workspace.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <vector>

using namespace mb;

namespace {

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0.0 : values[values.size() / 2];
}

void print(const char *name, double value, const char *unit)
{
    QTextStream(stdout) << name << ": " << QString::number(value, 'f', 3) << ' ' << unit << '\n';
}

} // namespace

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
    print("workspace_create_ms", timer.nsecsElapsed() / 1e6, "ms");

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
    print("framing_save_median_ms", median(saveMs), "ms");

    std::vector<double> loadMs;
    for (int i = 1; i <= 200; ++i) {
        timer.restart();
        if (!framings.load(framingId, i))
            qFatal("load failed");
        loadMs.push_back(timer.nsecsElapsed() / 1e6);
    }
    print("framing_load_median_ms", median(loadMs), "ms");
    workspace = Error{QString()}; // close before reopening

    // Opening inspects the file (header, application id, schema, quick_check) before any write.
    std::vector<double> openMs;
    for (int i = 0; i < 20; ++i) {
        timer.restart();
        auto reopened = db::Workspace::open(path);
        if (!reopened)
            qFatal("%s", qPrintable(reopened.error()));
        openMs.push_back(timer.nsecsElapsed() / 1e6);
    }
    print("workspace_open_500_versions_ms", median(openMs), "ms");
    return 0;
}
