// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/shell/HelpMenu.h"

#include "app/services/VersionText.h"
#include "core/BuildInfo.h"

#include <QAction>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace mb::ui {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("HelpMenu", text);
}

void showShortcuts(QMainWindow *window)
{
    QList<QPair<QString, QString>> rows;
    for (const QAction *action : window->findChildren<QAction *>()) {
        if (action->shortcut().isEmpty())
            continue;
        rows.append({QString(action->text()).remove(QLatin1Char('&')).remove(QStringLiteral("…")),
                     action->shortcut().toString(QKeySequence::NativeText)});
    }
    std::sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) { return a.second < b.second; });
    auto *dialog = new QDialog(window);
    dialog->setObjectName(QStringLiteral("shortcutsDialog"));
    dialog->setWindowTitle(tr("Keyboard shortcuts"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto *table = new QTableWidget(int(rows.size()), 2);
    table->setObjectName(QStringLiteral("shortcutsTable"));
    table->setHorizontalHeaderLabels({tr("Action"), tr("Keys")});
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int r = 0; r < rows.size(); ++r) {
        table->setItem(r, 0, new QTableWidgetItem(rows.at(r).first));
        table->setItem(r, 1, new QTableWidgetItem(rows.at(r).second));
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(table);
    layout->addWidget(buttons);
    dialog->resize(420, 480);
    dialog->open();
}

} // namespace

QString documentationFolder()
{
    const QString installed =
        QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../share/doc/metricbridge"));
    for (const QString &folder : {installed, QStringLiteral(METRICBRIDGE_SOURCE_DIR)})
        if (QFileInfo::exists(QDir(folder).filePath(QStringLiteral("README.md"))))
            return QDir(folder).absolutePath();
    return {};
}

QMenu *addHelpMenu(QMainWindow *window)
{
    QMenu *help = window->menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Documentation"), QKeySequence::HelpContents, window, [window] {
        const QString folder = documentationFolder();
        if (folder.isEmpty() ||
            !QDesktopServices::openUrl(QUrl::fromLocalFile(QDir(folder).filePath(QStringLiteral("README.md")))))
            QMessageBox::information(window, tr("Documentation"),
                                     tr("The documentation is README.md and the docs/ folder of MetricBridge's "
                                        "sources%1.")
                                         .arg(folder.isEmpty() ? QString() : tr(", here: %1").arg(folder)));
    });
    help->addAction(tr("&Keyboard Shortcuts"), QKeySequence(tr("Ctrl+/")), window, [window] { showShortcuts(window); });
    help->addSeparator();
    help->addAction(tr("&About MetricBridge"), window, [window] {
        QMessageBox::about(window, tr("About MetricBridge"),
                           tr("<h3>MetricBridge %1</h3><p>Tie ML metrics to business metrics, with every "
                              "framing, run and dataset versioned in one workspace file.</p><pre>%2</pre>"
                              "<p>Licensed under the GNU GPL, version 3 or later.</p>")
                               .arg(applicationVersion(), services::versionText().toHtmlEscaped()));
    });
    return help;
}

} // namespace mb::ui
