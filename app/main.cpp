// SPDX-License-Identifier: GPL-3.0-or-later
// Entry point: headless subcommands run under QCoreApplication (no widgets, so training workers
// never load the GUI stack); `screenshot`, `report` and the window need a QApplication.
#include "app/cli/Cli.h"
#include "app/services/DemoWorkspace.h"
#include "core/BuildInfo.h"
#include "ui/report/ReportDocument.h"
#include "ui/shell/ApplicationIcon.h"
#include "ui/shell/MainWindow.h"
#include "ui/shell/RecentWorkspaces.h"
#include "ui/shell/ScreenshotCommand.h"
#include "ui/shell/Theme.h"

#include <QApplication>
#include <QFileInfo>

namespace {

void describeApplication()
{
    // Settings and the demo workspace live under XDG paths named after these.
    QCoreApplication::setOrganizationName(QStringLiteral("MetricBridge"));
    QCoreApplication::setApplicationName(QStringLiteral("MetricBridge"));
    QCoreApplication::setApplicationVersion(mb::applicationVersion());
}

QStringList argumentsOf(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    return arguments;
}

} // namespace

int main(int argc, char **argv)
{
    const QStringList arguments = argumentsOf(argc, argv);
    describeApplication();

    if (mb::cli::isHeadless(arguments)) {
        QCoreApplication app(argc, argv);
        return mb::cli::runHeadless(arguments);
    }
    if (arguments.value(1) == QLatin1String("screenshot")) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QApplication app(argc, argv);
        mb::ui::applySystemColorScheme(app);
        return mb::ui::runScreenshotCommand(arguments);
    }

    if (mb::cli::isReport(arguments)) {
        // The document and its plots need a QApplication; no window is shown.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QApplication app(argc, argv);
        return mb::cli::runReport(arguments, [](const mb::services::ReportContent &content, const QString &path,
                                                const QString &pageSize) {
            return mb::ui::writeReport(content, path, mb::ui::reportPaperFromKey(pageSize).value_or(QPageSize::A4));
        });
    }

    QApplication app(argc, argv);
    // Ties the window to its desktop entry (its icon and name on Wayland and in task switchers).
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.metricbridge.MetricBridge"));
    mb::ui::applySystemColorScheme(app);
    QApplication::setWindowIcon(mb::ui::applicationIcon());
    mb::ui::MainWindow window;
    // An explicit path, else the last workspace, else the demo, so there is always something true to see.
    QString path = arguments.value(1);
    if (path.isEmpty())
        path = mb::ui::RecentWorkspaces::last();
    if (path.isEmpty()) {
        path = mb::services::defaultDemoWorkspacePath();
        if (const mb::Status built = mb::services::buildDemoWorkspace(path); !built)
            path.clear();
    }
    if (!path.isEmpty())
        window.openWorkspace(path);
    window.show();
    return QApplication::exec();
}
