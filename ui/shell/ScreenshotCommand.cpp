// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/shell/ScreenshotCommand.h"

#include "app/services/RunQueue.h"
#include "core/data/NewsfeedGenerator.h"
#include "ui/data/ImportDatasetDialog.h"
#include "ui/plots/QCustomPlotInclude.h"
#include "ui/runs/LaunchRunDialog.h"
#include "ui/runs/RunsPage.h"
#include "ui/shell/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QPixmap>
#include <QPointer>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextStream>

namespace mb::ui {
namespace {

int fail(const QString &reason)
{
    QTextStream(stderr) << "metricbridge: " << reason << '\n';
    return 1;
}

} // namespace

int runScreenshotCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption workspace(QStringLiteral("workspace"), QString(), QStringLiteral("W"));
    const QCommandLineOption project(QStringLiteral("project"), QString(), QStringLiteral("P"));
    const QCommandLineOption page(QStringLiteral("page"), QString(), QStringLiteral("NAME"));
    const QCommandLineOption out(QStringLiteral("out"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption size(QStringLiteral("size"), QString(), QStringLiteral("WxH"), QStringLiteral("1280x860"));
    parser.addOptions({workspace, project, page, out, size});
    // arguments: program name, "screenshot", options...
    if (!parser.parse(QStringList{arguments.value(0)} + arguments.mid(2)))
        return fail(parser.errorText());
    for (const QCommandLineOption *required : {&workspace, &page, &out})
        if (parser.value(*required).isEmpty())
            return fail(QStringLiteral("missing --%1").arg(required->names().constFirst()));
    const QString pageName = parser.value(page);
    const QString dialogPage = QStringLiteral("data-import");
    const QString launchPage = QStringLiteral("runs-launch");
    if (!MainWindow::pageKeys().contains(pageName) && pageName != dialogPage && pageName != launchPage)
        return fail(QStringLiteral("unknown page '%1'; pages: %2, %3, %4")
                        .arg(pageName, MainWindow::pageKeys().join(QStringLiteral(", ")), dialogPage, launchPage));
    static const QRegularExpression sizePattern(QStringLiteral("^(\\d{2,5})x(\\d{2,5})$"));
    const QRegularExpressionMatch sizeMatch = sizePattern.match(parser.value(size));
    if (!sizeMatch.hasMatch())
        return fail(QStringLiteral("--size expects WIDTHxHEIGHT, such as 1280x860, got '%1'").arg(parser.value(size)));

    // A screenshot is not a visit: keep the user's recent workspaces out of it and untouched.
    QTemporaryDir settings;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings.path());
    // The curves as the README shows them: three panels, the per-step loss smoothed.
    QSettings().setValue(QStringLiteral("curves/panels"), 3);
    QSettings().setValue(QStringLiteral("curves/smoothing"), 0.6);

    MainWindow window;
    // A screenshot shows the runs as they are: queued runs must not start training.
    window.runsPage()->runQueue()->setAutoStart(false);
    window.resize(sizeMatch.captured(1).toInt(), sizeMatch.captured(2).toInt());
    if (!window.openWorkspace(parser.value(workspace)))
        return fail(window.errorText().remove(0, 2)); // the banner starts with a warning sign
    if (parser.isSet(project) && !window.selectProject(parser.value(project)))
        return fail(QStringLiteral("no project named '%1' in the workspace").arg(parser.value(project)));
    // The import dialog, as it looks once a file (a sample of the demo's posts) is chosen.
    std::unique_ptr<ImportDatasetDialog> dialog;
    if (pageName == dialogPage) {
        const QString sample = settings.filePath(QStringLiteral("newsfeed-sample.csv"));
        QFile file(sample);
        if (!file.open(QIODevice::WriteOnly) ||
            file.write(data::generateNewsfeedCsv(200, data::demoNewsfeedParameters().seed)) < 0)
            return fail(QStringLiteral("cannot write the sample file: %1").arg(file.errorString()));
        file.close();
        dialog = std::make_unique<ImportDatasetDialog>();
        dialog->setFile(sample);
        dialog->resize(720, 760);
    }
    window.showPage(pageName == dialogPage   ? QStringLiteral("data")
                    : pageName == launchPage ? QStringLiteral("runs")
                                             : pageName);
    window.show();
    // Let layouts settle and replaced cell widgets be deleted before the grab, as a few event-loop
    // turns of a real window would.
    for (int turn = 0; turn < 3; ++turn) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QApplication::processEvents();
    }
    if (dialog) {
        dialog->show();
        QApplication::processEvents();
    }
    // The launch dialog as it opens for the project: its task's defaults and newest dataset version.
    QPointer<LaunchRunDialog> launch;
    if (pageName == launchPage) {
        launch = window.runsPage()->launchInteractively();
        if (!launch)
            return fail(QStringLiteral("no project is open to launch a run in"));
        launch->setFixedSize(880, 700); // the offscreen platform otherwise keeps the size it first gave
        for (int turn = 0; turn < 3; ++turn)
            QApplication::processEvents();
    }
    // A plot resized by the last layout pass redraws on a queued refresh, which a real window
    // gets to before anyone looks; here it is drawn at its final size now.
    for (QCustomPlot *plot : window.findChildren<QCustomPlot *>())
        if (plot->isVisible())
            plot->replot(QCustomPlot::rpImmediateRefresh);
    const QPixmap pixmap = dialog ? dialog->grab() : launch ? launch->grab() : window.grab();
    if (!pixmap.save(parser.value(out), "PNG"))
        return fail(QStringLiteral("cannot write %1").arg(parser.value(out)));
    QTextStream(stdout) << QFileInfo(parser.value(out)).absoluteFilePath() << '\n';
    return 0;
}

} // namespace mb::ui
