// SPDX-License-Identifier: GPL-3.0-or-later
// The stakeholder report at scale, offscreen:
//   report_pdf_100_runs_s   a project with the demo framing and 100 finished runs, each judged on
//                           10 000 held-out items (tests/benchmarks/SyntheticRuns.h): from the
//                           request, through services::buildReportContent (every run's business
//                           metrics from its stored predictions, the verdict, the chosen run's
//                           curves) and the layout with its plots, to the PDF written. The median
//                           of 3 (goal <= 2 s).
// Prints `name: value unit` lines.
#include "app/services/ReportBuilder.h"
#include "db/ProjectRepository.h"
#include "db/Workspace.h"
#include "tests/benchmarks/BenchmarkOutput.h"
#include "tests/benchmarks/SyntheticRuns.h"
#include "ui/report/ReportDocument.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>

using namespace mb;

namespace {

constexpr int kRuns = 100;
constexpr int kWrites = 3;

double writeSeconds(db::Database &database, std::int64_t projectId, const QString &path)
{
    QElapsedTimer timer;
    timer.start();
    services::ReportRequest request;
    request.projectId = projectId;
    const Result<services::ReportContent> content = services::buildReportContent(database, request);
    if (!content)
        qFatal("%s", qPrintable(content.error()));
    if (const Status written = ui::writeReport(*content, path, QPageSize::A4); !written)
        qFatal("%s", qPrintable(written.error()));
    const double seconds = timer.nsecsElapsed() / 1e9;
    if (content->runs.size() != kRuns || QFileInfo(path).size() == 0)
        qFatal("the report shows %d runs", int(content->runs.size()));
    return seconds;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QTemporaryDir dir;
    const auto workspace = mbbench::openSyntheticWorkspace(dir.filePath(QStringLiteral("report.mbw")), kRuns);
    const std::int64_t projectId = db::ProjectRepository(workspace->database()).find(demoProjectName())->id;
    std::vector<double> writes;
    for (int i = 0; i < kWrites; ++i)
        writes.push_back(writeSeconds(workspace->database(), projectId, dir.filePath(QStringLiteral("report.pdf"))));
    mbbench::printFigure("report_pdf_100_runs_s", mbbench::median(writes), "s");
    return 0;
}
