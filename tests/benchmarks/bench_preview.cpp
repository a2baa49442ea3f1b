// SPDX-License-Identifier: GPL-3.0-or-later
// The Data page's preview at scale: a 1 000 000 x 100 dataset version, and the time the model
// takes to produce one screenful (40 rows x 12 columns) at a random scroll position, as a view
// asks while the user drags the scroll bar. Prints `name: value unit` lines.
#include "core/data/CsvImporter.h"
#include "core/data/DatasetProfile.h"
#include "db/DatasetRepository.h"
#include "db/ProjectRepository.h"
#include "db/Workspace.h"
#include "tests/benchmarks/BenchmarkOutput.h"
#include "ui/data/DatasetPreviewModel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <random>
#include <vector>

using namespace mb;

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    constexpr std::int64_t kRows = 1000000;
    constexpr int kColumns = 100;
    QTemporaryDir dir;
    auto workspace = db::Workspace::create(dir.filePath(QStringLiteral("preview.mbw")));
    if (!workspace)
        qFatal("%s", qPrintable(workspace.error()));
    db::Database &database = (*workspace)->database();
    const db::Project project = *db::ProjectRepository(database).create(QStringLiteral("bench"));

    data::ImportedDataset imported;
    std::mt19937_64 random(7);
    std::uniform_real_distribution<double> uniform(0, 1000);
    for (int c = 0; c < kColumns; ++c) {
        data::DatasetColumn column;
        column.name = QStringLiteral("f%1").arg(c);
        column.values.resize(kRows);
        for (double &v : column.values)
            v = uniform(random);
        imported.dataset.columns.push_back(std::move(column));
    }
    imported.versionSha256 = QStringLiteral("bench");
    imported.fileSha256 = QStringLiteral("bench");
    imported.sourceName = QStringLiteral("generated");
    QElapsedTimer timer;
    timer.start();
    const data::DatasetProfile profile = data::profileDataset(imported.dataset);
    const auto stored = db::DatasetRepository(database).store(project.id, QStringLiteral("bench"),
                                                              QStringLiteral("csv"), imported, profile);
    if (!stored)
        qFatal("%s", qPrintable(stored.error()));
    mbbench::printFigure("store_1m_x_100_s", timer.nsecsElapsed() / 1e9, "s");

    ui::DatasetPreviewModel model;
    model.setVersion(&database, stored->version.id, stored->version.schema, kRows);
    std::uniform_int_distribution<std::int64_t> position(0, kRows - 40);
    std::vector<double> screens;
    for (int jump = 0; jump < 200; ++jump) {
        const int top = int(position(random));
        const int left = int(jump % (kColumns - 12));
        timer.restart();
        for (int r = top; r < top + 40; ++r)
            for (int c = left; c < left + 12; ++c)
                model.data(model.index(r, c), Qt::DisplayRole);
        screens.push_back(timer.nsecsElapsed() / 1e6);
    }
    std::sort(screens.begin(), screens.end());
    mbbench::printFigure("preview_screen_1m_x_100_p50_ms", screens[screens.size() / 2], "ms");
    mbbench::printFigure("preview_screen_1m_x_100_p95_ms", screens[screens.size() * 95 / 100], "ms");
    return 0;
}
