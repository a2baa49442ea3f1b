// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/shell/MainWindow.h"

#include "app/services/DemoWorkspace.h"
#include "app/services/RunQueue.h"
#include "db/ProjectRepository.h"
#include "db/Workspace.h"
#include "ui/compare/ComparePage.h"
#include "ui/data/DataPage.h"
#include "ui/framing/FramingPage.h"
#include "ui/runs/RunsPage.h"
#include "ui/shell/ErrorBanner.h"
#include "ui/shell/SessionMarks.h"
#include "ui/shell/UncleanCloseCheck.h"
#include "ui/shell/HelpMenu.h"
#include "ui/shell/RecentWorkspaces.h"
#include "ui/shell/SampleNotice.h"
#include "ui/shell/Theme.h"
#include "ui/shell/WelcomePage.h"
#include "ui/shell/WindowSettings.h"
#include "ui/widgets/NoticeBar.h"
#include "ui/widgets/UndoableDeletion.h"
#include "ui/report/ReportPage.h"
#include "ui/tradeoffs/TradeoffsPage.h"

#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace mb::ui {
namespace {

const QString kFileFilter = QStringLiteral("MetricBridge workspaces (*.mbw);;All files (*)");

} // namespace

template<typename Page>
void MainWindow::watchPage(Page *page, int statusMs)
{
    connect(page, &Page::statusMessage, this, [this, page, statusMs](const QString &message) {
        statusBar()->showMessage(message, statusMs);
        // The page's next action went through: its earlier error no longer describes the present.
        m_errorBanner->clearFrom(page);
    });
    connect(page, &Page::errorOccurred, this, [this, page](const QString &message) { showError(message, page); });
}

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    m_errorBanner = new ErrorBanner;

    m_welcome = new WelcomePage;
    connect(m_welcome, &WelcomePage::newWorkspaceRequested, this, &MainWindow::onNewWorkspace);
    connect(m_welcome, &WelcomePage::openWorkspaceRequested, this, &MainWindow::onOpenWorkspace);
    connect(m_welcome, &WelcomePage::openDemoRequested, this, &MainWindow::onOpenDemo);
    connect(m_welcome, &WelcomePage::recentWorkspaceRequested, this, &MainWindow::openWorkspace);

    buildWorkspaceView();
    m_stack = new QStackedWidget;
    m_stack->addWidget(m_welcome);
    m_stack->addWidget(m_workspaceView);

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_errorBanner);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);

    buildMenus();
    statusBar();
    m_integrityCheckStatus = new QLabel;
    m_integrityCheckStatus->setObjectName(QStringLiteral("integrityCheckStatus"));
    m_integrityCheckStatus->hide();
    statusBar()->addPermanentWidget(m_integrityCheckStatus);
    m_uncleanCloseCheck = new UncleanCloseCheck(this);
    connect(m_uncleanCloseCheck, &UncleanCloseCheck::passed, this, [this](const QString &path) {
        m_integrityCheckStatus->hide();
        statusBar()->showMessage(tr("Checked %1 after the last session's unclean close: no damage found")
                                     .arg(QFileInfo(path).fileName()),
                                 10000);
    });
    connect(m_uncleanCloseCheck, &UncleanCloseCheck::damaged, this,
            [this](const QString &path, const QStringList &problems) {
                m_integrityCheckStatus->hide();
                showError(tr("%1 is damaged: the check after the last session's unclean close found %n problem(s), "
                             "the first: %2. Copy the file before changing anything; `metricbridge workspace check "
                             "--workspace %1` lists them all.",
                             nullptr, int(problems.size()))
                              .arg(QFileInfo(path).fileName(), problems.value(0)));
            });
    connect(m_uncleanCloseCheck, &UncleanCloseCheck::failed, this,
            [this](const QString &path, const QString &message) {
                m_integrityCheckStatus->hide();
                showError(tr("%1 was not closed cleanly last time, and checking it failed: %2")
                              .arg(QFileInfo(path).fileName(), message));
            });
    resize(1280, 860);
    // Where the user left the window: its size, splitters and the page the next workspace opens on.
    m_startPage = WindowSettings::restore(*this);
    adoptWorkspace(nullptr);
}

MainWindow::~MainWindow()
{
    releaseWorkspace();
    // Before the workspace closes: the run queue lets go of its workers through the connection.
    m_runsPage->setProject(nullptr, QString(), 0);
    m_comparePage->setProject(nullptr, 0);
    m_tradeoffsPage->setProject(nullptr, 0);
    m_reportPage->setProject(nullptr, QString(), 0);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New Workspace…"), QKeySequence::New, this, &MainWindow::onNewWorkspace);
    file->addAction(tr("&Open Workspace…"), QKeySequence::Open, this, &MainWindow::onOpenWorkspace);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    file->addAction(tr("Open &Demo Workspace"), this, &MainWindow::onOpenDemo);
    m_closeAction = file->addAction(tr("&Close Workspace"), QKeySequence::Close, this, &MainWindow::closeWorkspace);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *project = menuBar()->addMenu(tr("&Project"));
    m_newProjectAction =
        project->addAction(tr("&New Project…"), QKeySequence(tr("Ctrl+Shift+N")), this, &MainWindow::onNewProject);
    m_saveAction =
        project->addAction(tr("&Save Framing Version"), QKeySequence::Save, this, [this] { m_framingPage->save(); });
    m_importAction = project->addAction(tr("&Import Dataset…"), QKeySequence(tr("Ctrl+I")), this, [this] {
        showPage(QStringLiteral("data"));
        m_dataPage->importInteractively();
    });
    m_launchAction = project->addAction(tr("&Launch Run…"), QKeySequence(tr("Ctrl+L")), this, [this] {
        showPage(QStringLiteral("runs"));
        m_runsPage->launchInteractively();
    });

    // The pages by number, as the navigation lists them (Ctrl+1 … Ctrl+6).
    QMenu *go = menuBar()->addMenu(tr("&Go"));
    const QStringList pages{tr("&Framing"), tr("&Data"), tr("&Runs"), tr("&Compare"), tr("&Trade-offs"), tr("R&eport")};
    for (int row = 0; row < pages.size(); ++row) {
        QAction *page = go->addAction(pages.at(row), QKeySequence(tr("Ctrl+%1").arg(row + 1)), this, [this, row] {
            if (!m_workspace)
                return;
            m_stack->setCurrentWidget(m_workspaceView);
            m_navigation->setCurrentRow(row);
        });
        m_pageActions << page;
    }

    addHelpMenu(this);
}

void MainWindow::buildWorkspaceView()
{
    m_projects = new QComboBox;
    m_projects->setObjectName(QStringLiteral("projectChoice"));
    m_projects->setToolTip(tr("The workspace's project every page shows"));
    m_projects->setMinimumWidth(220);
    connect(m_projects, &QComboBox::activated, this, &MainWindow::onProjectChosen);
    auto *newProject = new QPushButton(tr("New project…"));
    newProject->setObjectName(QStringLiteral("newProjectButton"));
    connect(newProject, &QPushButton::clicked, this, &MainWindow::onNewProject);
    m_deleteProject = new QPushButton(tr("Delete project…"));
    m_deleteProject->setObjectName(QStringLiteral("deleteProjectButton"));
    m_deleteProject->setToolTip(tr("Delete the project shown with its framings, datasets, runs and policies (asks "
                                   "first, naming what goes; Undo follows)"));
    connect(m_deleteProject, &QPushButton::clicked, this, [this] { deleteProjectInteractively(); });
    m_projectDeletion = new UndoableDeletion(this, QStringLiteral("projectDelete"));
    watchPage(m_projectDeletion, 8000);
    connect(m_projectDeletion, &UndoableDeletion::busyChanged, m_deleteProject, &QWidget::setDisabled);
    connect(m_projectDeletion, &UndoableDeletion::deleted, this, [this] {
        m_projectId = 0; // gone: the picker's next project is shown afresh
        reloadProjects();
    });
    connect(m_projectDeletion, &UndoableDeletion::restored, this, [this] {
        m_projectId = 0;
        reloadProjects(m_deletedProjectName);
    });

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Project:")));
    bar->addWidget(m_projects);
    bar->addWidget(newProject);
    bar->addWidget(m_deleteProject);
    bar->addStretch();

    m_navigation = new QListWidget;
    m_navigation->setObjectName(QStringLiteral("pageNavigation"));
    m_navigation->setFixedWidth(140);
    m_pages = new QStackedWidget;
    m_framingPage = new FramingPage;
    watchPage(m_framingPage, 8000);
    // The workflow's pages in order (Framing, Data, Runs, Compare, Trade-offs, Report); only the
    // pages that work are listed, and later ones join here.
    m_dataPage = new DataPage;
    watchPage(m_dataPage, 8000);
    connect(m_dataPage, &DataPage::storedWorkChanged, this, &MainWindow::reloadProjectPages);
    m_navigation->addItem(tr("1  Framing"));
    m_pages->addWidget(m_framingPage);
    m_navigation->addItem(tr("2  Data"));
    m_pages->addWidget(m_dataPage);
    m_runsPage = new RunsPage;
    watchPage(m_runsPage, 8000);
    m_navigation->addItem(tr("3  Runs"));
    m_pages->addWidget(m_runsPage);
    m_comparePage = new ComparePage;
    watchPage(m_comparePage, 5000);
    m_navigation->addItem(tr("4  Compare"));
    m_pages->addWidget(m_comparePage);
    m_tradeoffsPage = new TradeoffsPage;
    watchPage(m_tradeoffsPage, 5000);
    m_navigation->addItem(tr("5  Trade-offs"));
    m_pages->addWidget(m_tradeoffsPage);
    m_reportPage = new ReportPage;
    watchPage(m_reportPage, 8000);
    m_navigation->addItem(tr("6  Report"));
    m_pages->addWidget(m_reportPage);
    // The window's queue trains the demo's runs after the demo is built: its policy is saved once
    // the quality and engagement models have finished (addDemoPolicy does nothing otherwise).
    connect(m_runsPage->runQueue(), &services::RunQueue::runExited, this, [this] {
        if (!m_workspace || m_workspace->path() != services::defaultDemoWorkspacePath())
            return;
        if (const Status added = services::addDemoPolicy(m_workspace->path()); !added)
            showError(added.error(), m_tradeoffsPage);
        else
            m_tradeoffsPage->reload();
    });
    // A banner belongs to the page whose action raised it: another page does not carry it along.
    // Connected before the switch, so an error the new page raises as it shows stays.
    connect(m_navigation, &QListWidget::currentRowChanged, this, &MainWindow::clearError);
    connect(m_navigation, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);

    auto *body = new QHBoxLayout;
    body->addWidget(m_navigation);
    body->addWidget(m_pages, 1);

    m_sampleNotice = new SampleNotice;
    connect(m_sampleNotice, &SampleNotice::newWorkspaceRequested, this, &MainWindow::onNewWorkspace);

    m_workspaceView = new QWidget;
    auto *layout = new QVBoxLayout(m_workspaceView);
    layout->addWidget(m_sampleNotice);
    layout->addLayout(bar);
    layout->addWidget(m_projectDeletion->undoBar());
    layout->addLayout(body, 1);
}

QStringList MainWindow::pageKeys()
{
    return {QStringLiteral("welcome"),
            QStringLiteral("framing"),
            QStringLiteral("framing-history"),
            QStringLiteral("data"),
            QStringLiteral("data-columns"),
            QStringLiteral("data-balance"),
            QStringLiteral("runs"),
            QStringLiteral("runs-config"),
            QStringLiteral("runs-log"),
            QStringLiteral("runs-artifacts"),
            QStringLiteral("runs-evaluations"),
            QStringLiteral("compare"),
            QStringLiteral("compare-pareto"),
            QStringLiteral("compare-diff"),
            QStringLiteral("compare-run"),
            QStringLiteral("compare-evaluations"),
            QStringLiteral("tradeoffs"),
            QStringLiteral("tradeoffs-policies"),
            QStringLiteral("report")};
}

bool MainWindow::showPage(const QString &key)
{
    if (key == QLatin1String("welcome")) {
        m_welcome->refreshRecent();
        m_stack->setCurrentWidget(m_welcome);
        return true;
    }
    if (!m_workspace)
        return false;
    if (key.startsWith(QLatin1String("data"))) {
        m_stack->setCurrentWidget(m_workspaceView);
        m_navigation->setCurrentRow(1);
        m_dataPage->showTab(key == QLatin1String("data-columns")   ? QStringLiteral("columns")
                            : key == QLatin1String("data-balance") ? QStringLiteral("balance")
                                                                   : QStringLiteral("preview"));
        return true;
    }
    if (key.startsWith(QLatin1String("runs"))) {
        m_stack->setCurrentWidget(m_workspaceView);
        m_navigation->setCurrentRow(2);
        m_runsPage->showDetailTab(key == QLatin1String("runs") ? QStringLiteral("record") : key.mid(5));
        return true;
    }
    if (key.startsWith(QLatin1String("compare"))) {
        m_stack->setCurrentWidget(m_workspaceView);
        m_navigation->setCurrentRow(3);
        // A screenshot shows the runs, not the moment before the reader answered; then the run the
        // tab selects.
        m_comparePage->waitForLoaded();
        m_comparePage->showTab(key == QLatin1String("compare") ? QStringLiteral("scatter") : key.mid(8));
        m_comparePage->waitForLoaded();
        return true;
    }
    if (key.startsWith(QLatin1String("tradeoffs"))) {
        m_stack->setCurrentWidget(m_workspaceView);
        m_navigation->setCurrentRow(4);
        m_tradeoffsPage->showTab(key == QLatin1String("tradeoffs-policies") ? QStringLiteral("policies")
                                                                            : QStringLiteral("items"));
        // A screenshot shows the numbers, not the moment before the engine answered.
        m_tradeoffsPage->waitForIdle();
        return true;
    }
    if (key == QLatin1String("report")) {
        m_stack->setCurrentWidget(m_workspaceView);
        m_navigation->setCurrentRow(5);
        // A screenshot shows the preview, not the moment before it was built.
        m_reportPage->waitForPreview();
        return true;
    }
    if (key == QLatin1String("framing") || key == QLatin1String("framing-history")) {
        m_stack->setCurrentWidget(m_workspaceView);
        m_navigation->setCurrentRow(0);
        if (key == QLatin1String("framing"))
            m_framingPage->showEditorTab();
        else
            m_framingPage->showHistoryTab();
        return true;
    }
    return false;
}

void MainWindow::releaseWorkspace()
{
    m_uncleanCloseCheck->cancel();
    m_integrityCheckStatus->hide();
    if (m_workspace)
        SessionMarks::clear(m_workspace->path());
}

void MainWindow::startUncleanCloseCheck(const QString &path)
{
    m_integrityCheckStatus->setText(
        tr("Checking %1: the last session did not close cleanly…").arg(QFileInfo(path).fileName()));
    m_integrityCheckStatus->show();
    m_uncleanCloseCheck->start(path);
}

QString MainWindow::integrityCheckText() const
{
    return m_integrityCheckStatus->isHidden() ? QString() : m_integrityCheckStatus->text();
}

void MainWindow::adoptWorkspace(std::unique_ptr<db::Workspace> workspace)
{
    releaseWorkspace();
    m_framingPage->setProject(nullptr, 0);
    m_dataPage->setProject(nullptr, QString(), 0);
    m_runsPage->setProject(nullptr, QString(), 0);
    m_comparePage->setProject(nullptr, 0);
    m_tradeoffsPage->setProject(nullptr, 0);
    m_reportPage->setProject(nullptr, QString(), 0);
    m_workspace = std::move(workspace);
    m_projectId = 0;
    const bool open = m_workspace != nullptr;
    m_projectDeletion->setWorkspace(open ? m_workspace->path() : QString());
    m_closeAction->setEnabled(open);
    m_newProjectAction->setEnabled(open);
    m_saveAction->setEnabled(open);
    m_importAction->setEnabled(open);
    m_launchAction->setEnabled(open);
    for (QAction *page : std::as_const(m_pageActions))
        page->setEnabled(open);
    m_sampleNotice->setVisible(open && QFileInfo(m_workspace->path()).absoluteFilePath() ==
                                           QFileInfo(services::defaultDemoWorkspacePath()).absoluteFilePath());
    if (open) {
        RecentWorkspaces::add(m_workspace->path());
        // Opening checked only what it read; a session that ended without letting go of the file
        // may have left damage anywhere in it.
        if (SessionMarks::markOpen(m_workspace->path()))
            startUncleanCloseCheck(m_workspace->path());
        reloadProjects();
        m_stack->setCurrentWidget(m_workspaceView);
        // The first workspace of a session opens on the page last used; later ones on the framing.
        m_navigation->setCurrentRow(std::min(m_startPage, m_navigation->count() - 1));
        m_startPage = 0;
    } else {
        m_projects->clear();
        m_welcome->refreshRecent();
        m_stack->setCurrentWidget(m_welcome);
    }
    updateTitle();
}

bool MainWindow::openWorkspace(const QString &path)
{
    if (!confirmDiscardOrSave())
        return false;
    Result<std::unique_ptr<db::Workspace>> opened = db::Workspace::open(path);
    if (!opened) {
        showError(opened.error());
        return false;
    }
    clearError();
    const QString readOnly = (*opened)->readOnlyReason();
    adoptWorkspace(std::move(opened).value());
    statusBar()->showMessage(tr("Opened %1").arg(QFileInfo(path).absoluteFilePath()), 5000);
    // Everything reads; each change would be refused, so say so before the user tries one.
    if (!readOnly.isEmpty())
        showError(tr("Opened read-only: %1. You can read and compare everything; changes, imports and runs "
                     "need a copy of the file where you may write.")
                      .arg(readOnly));
    return true;
}

bool MainWindow::createWorkspace(const QString &path)
{
    if (!confirmDiscardOrSave())
        return false;
    QString target = path;
    if (QFileInfo(target).suffix().isEmpty())
        target += QStringLiteral(".mbw");
    Result<std::unique_ptr<db::Workspace>> created = db::Workspace::create(target);
    if (!created) {
        showError(created.error());
        return false;
    }
    clearError();
    adoptWorkspace(std::move(created).value());
    statusBar()->showMessage(tr("Created %1. Next: create a project and frame it.").arg(target), 8000);
    return true;
}

bool MainWindow::closeWorkspace()
{
    if (!confirmDiscardOrSave())
        return false;
    adoptWorkspace(nullptr);
    return true;
}

void MainWindow::reloadProjects(const QString &select)
{
    Result<QList<db::Project>> projects = db::ProjectRepository(m_workspace->database()).list();
    if (!projects) {
        showError(projects.error());
        return;
    }
    m_projects->clear();
    for (const db::Project &p : *projects)
        m_projects->addItem(p.name, qint64(p.id));
    if (projects->isEmpty()) {
        m_projects->addItem(tr("(no project yet: create one)"));
        m_projects->setEnabled(false);
        m_framingPage->setProject(nullptr, 0);
        m_dataPage->setProject(nullptr, QString(), 0);
        m_runsPage->setProject(nullptr, QString(), 0);
        m_comparePage->setProject(nullptr, 0);
        m_tradeoffsPage->setProject(nullptr, 0);
    m_reportPage->setProject(nullptr, QString(), 0);
        return;
    }
    m_projects->setEnabled(true);
    const int index = select.isEmpty() ? 0 : m_projects->findText(select, Qt::MatchFixedString);
    m_projects->setCurrentIndex(std::max(index, 0));
    onProjectChosen(m_projects->currentIndex());
}

void MainWindow::onProjectChosen(int index)
{
    const std::int64_t id = m_projects->itemData(index).toLongLong();
    if (id == m_projectId)
        return;
    if (!confirmDiscardOrSave()) {
        m_projects->setCurrentIndex(m_projects->findData(qint64(m_projectId)));
        return;
    }
    m_projectId = id;
    clearError(); // the previous project's errors are not this one's
    m_framingPage->setProject(&m_workspace->database(), id);
    m_dataPage->setProject(&m_workspace->database(), m_workspace->path(), id);
    m_runsPage->setProject(&m_workspace->database(), m_workspace->path(), id);
    m_comparePage->setProject(&m_workspace->database(), id);
    m_tradeoffsPage->setProject(&m_workspace->database(), id);
    m_reportPage->setProject(&m_workspace->database(), m_workspace->path(), id);
    updateTitle();
}

bool MainWindow::deleteProjectInteractively()
{
    if (!m_workspace || m_projectId == 0)
        return false;
    DeletionRequest request;
    request.what = tr("project '%1'").arg(m_projects->currentText());
    request.aside = tr("Its framings, dataset versions, runs, evaluations and policies all go.");
    const std::int64_t id = m_projectId;
    request.remove = [id](db::Deletion &deletion) { return deletion.deleteProject(id); };
    m_deletedProjectName = m_projects->currentText();
    return m_projectDeletion->start(request);
}

void MainWindow::reloadProjectPages()
{
    if (!m_workspace || m_projectId == 0)
        return;
    const std::int64_t id = m_projectId;
    m_runsPage->setProject(&m_workspace->database(), m_workspace->path(), id);
    m_comparePage->setProject(&m_workspace->database(), id);
    m_tradeoffsPage->setProject(&m_workspace->database(), id);
    m_reportPage->setProject(&m_workspace->database(), m_workspace->path(), id);
}

bool MainWindow::createProject(const QString &name)
{
    if (!m_workspace)
        return false;
    Result<db::Project> created = db::ProjectRepository(m_workspace->database()).create(name);
    if (!created) {
        showError(created.error());
        return false;
    }
    clearError();
    reloadProjects(created->name);
    statusBar()->showMessage(tr("Created project '%1'. Frame it: start with the business goal.").arg(created->name),
                             8000);
    return true;
}

bool MainWindow::selectProject(const QString &name)
{
    const int index = m_projects->findText(name, Qt::MatchFixedString);
    if (index < 0 || !m_projects->isEnabled())
        return false;
    m_projects->setCurrentIndex(index);
    onProjectChosen(index);
    return m_projectId == m_projects->itemData(index).toLongLong();
}

bool MainWindow::confirmDiscardOrSave()
{
    return m_framingPage->confirmLeave();
}

void MainWindow::onNewWorkspace()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("New workspace"), QString(), kFileFilter);
    if (!path.isEmpty())
        createWorkspace(path);
}

void MainWindow::onOpenWorkspace()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open workspace"), QString(), kFileFilter);
    if (!path.isEmpty())
        openWorkspace(path);
}

void MainWindow::onOpenDemo()
{
    const QString path = services::defaultDemoWorkspacePath();
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const Status built = services::buildDemoWorkspace(path);
    QApplication::restoreOverrideCursor();
    if (!built) {
        showError(built.error());
        return;
    }
    openWorkspace(path);
}

void MainWindow::onNewProject()
{
    if (!m_workspace)
        return;
    bool ok = false;
    const QString name =
        QInputDialog::getText(this, tr("New project"), tr("Project name:"), QLineEdit::Normal, QString(), &ok);
    if (ok)
        createProject(name);
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList paths = RecentWorkspaces::list();
    for (const QString &path : paths)
        m_recentMenu->addAction(QFileInfo(path).fileName() + QStringLiteral("  —  ") + path, this,
                                [this, path] { openWorkspace(path); });
    if (paths.isEmpty())
        m_recentMenu->addAction(tr("(none yet)"))->setEnabled(false);
}

void MainWindow::showError(const QString &message, const QObject *source)
{
    m_errorBanner->showError(message, source);
    statusBar()->showMessage(message, 10000);
}

void MainWindow::clearError()
{
    m_errorBanner->clear();
}

QString MainWindow::errorText() const
{
    return m_errorBanner->text();
}

QString MainWindow::workspacePath() const
{
    return m_workspace ? m_workspace->path() : QString();
}

void MainWindow::updateTitle()
{
    if (!m_workspace) {
        setWindowTitle(tr("MetricBridge"));
        return;
    }
    const QString project = m_projects->isEnabled() ? m_projects->currentText() : QString();
    const QString workspace = m_workspace->isReadOnly() ? tr("%1 (read-only)").arg(m_workspace->displayName())
                                                        : m_workspace->displayName();
    setWindowTitle(project.isEmpty() ? tr("%1 — MetricBridge").arg(workspace)
                                     : tr("%1 — %2 — MetricBridge").arg(project, workspace));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (confirmDiscardOrSave() && confirmStopRuns()) {
        WindowSettings::save(*this, *m_navigation);
        event->accept();
    } else {
        event->ignore();
    }
}

bool MainWindow::confirmStopRuns()
{
    // The workers are this window's children: closing stops them. Say so before it happens, since
    // a long run is hours of work (its curves and checkpoints so far are kept either way).
    const int training = m_runsPage->runQueue()->workerCount();
    if (training == 0)
        return true;
    QMessageBox box(QMessageBox::Question, tr("Runs are training"),
                    tr("%n run(s) are still training. Closing stops them: each is kept as cancelled, with its "
                       "curves so far.",
                       nullptr, training),
                    QMessageBox::NoButton, this);
    QPushButton *stop = box.addButton(tr("Stop runs and close"), QMessageBox::DestructiveRole);
    box.addButton(tr("Keep training"), QMessageBox::RejectRole);
    box.exec();
    if (box.clickedButton() != stop)
        return false;
    m_runsPage->runQueue()->stopAll();
    m_runsPage->runQueue()->waitForStopped(services::RunQueue::kKillAfterMs);
    return true;
}

} // namespace mb::ui
