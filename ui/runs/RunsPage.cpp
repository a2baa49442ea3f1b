// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/runs/RunsPage.h"

#include "app/services/RunQueue.h"
#include "app/services/RunQueueing.h"
#include "core/ExternalRun.h"
#include "core/TrainingConfig.h"
#include "db/RunAnnotationRepository.h"
#include "db/RunRepository.h"
#include "db/SavedViewRepository.h"
#include "ui/plots/RunCurvesPanels.h"
#include "ui/plots/RunCurvesPlot.h"
#include "ui/runs/ArchivedRunsToggle.h"
#include "ui/runs/FilterProblemLabel.h"
#include "ui/runs/LaunchRunDialog.h"
#include "ui/runs/RunAnnotationsEditor.h"
#include "ui/runs/RunDetailView.h"
#include "ui/runs/RunEvaluationsList.h"
#include "ui/runs/RunLifecycleActions.h"
#include "ui/runs/RunLineageView.h"
#include "ui/runs/RunsFilterModel.h"
#include "ui/runs/RunsTableModel.h"
#include "ui/runs/SavedViewsBar.h"
#include "ui/widgets/NoticeBar.h"
#include "ui/widgets/UndoableDeletion.h"

#include <QAction>
#include <QCheckBox>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace mb::ui {
namespace {

// Overlaying more would make a plot nobody can read, and a replot the window waits for.
constexpr int kMaxCurves = 100;

QString runLabel(const QAbstractItemModel *model, int sourceRow)
{
    const QString name = model->index(sourceRow, RunsTableModel::Name).data().toString();
    return QStringLiteral("#%1 %2").arg(model->index(sourceRow, RunsTableModel::Id).data().toString(), name);
}

} // namespace

RunsPage::RunsPage(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("runsPage"));
    m_queue = new services::RunQueue(this);
    connect(m_queue, &services::RunQueue::runProgress, this,
            [this](qint64 runId, int epoch, int epochs, double fraction) {
                m_model->setProgress(runId, epoch, epochs, fraction);
            });
    connect(m_queue, &services::RunQueue::runEpoch, this, [this](qint64 runId) { onRunEpoch(runId); });
    connect(m_queue, &services::RunQueue::runStarted, this, [this] { QTimer::singleShot(0, this, &RunsPage::poll); });
    connect(m_queue, &services::RunQueue::runExited, this, [this] { QTimer::singleShot(0, this, &RunsPage::poll); });
    connect(m_queue, &services::RunQueue::workersChanged, this, [this] {
        updateSummary();
        schedulePoll();
    });
    connect(m_queue, &services::RunQueue::errorOccurred, this, &RunsPage::errorOccurred);

    m_pollTimer = new QTimer(this);
    m_pollTimer->setSingleShot(true);
    connect(m_pollTimer, &QTimer::timeout, this, &RunsPage::poll);
    m_epochRefreshTimer = new QTimer(this);
    m_epochRefreshTimer->setSingleShot(true);
    m_epochRefreshTimer->setInterval(kEpochRefreshMs);
    connect(m_epochRefreshTimer, &QTimer::timeout, this, [this] {
        if (m_database)
            m_curves->refresh(); // reads only what the live runs wrote since the last read
    });

    m_launchButton = new QPushButton(tr("Launch…"));
    m_launchButton->setObjectName(QStringLiteral("launchRunButton"));
    m_launchButton->setToolTip(tr("Describe a training run and queue it (Ctrl+L)"));
    connect(m_launchButton, &QPushButton::clicked, this, [this] { launchInteractively(); });
    m_cancelButton = new QPushButton(tr("Cancel run"));
    m_cancelButton->setObjectName(QStringLiteral("cancelRunButton"));
    m_cancelButton->setToolTip(tr("Stop the current run: a queued run never starts, a running one stops at its next "
                                  "step (Ctrl+Shift+X)"));
    connect(m_cancelButton, &QPushButton::clicked, this, [this] { cancelInteractively(currentRunId()); });
    m_rerunButton = new QPushButton(tr("Re-run"));
    m_rerunButton->setObjectName(QStringLiteral("rerunButton"));
    m_rerunButton->setToolTip(tr("Queue the same config again, as a child of the current run (Ctrl+R)"));
    connect(m_rerunButton, &QPushButton::clicked, this, [this] { rerun(currentRunId()); });
    m_forkButton = new QPushButton(tr("Fork…"));
    m_forkButton->setObjectName(QStringLiteral("forkButton"));
    m_forkButton->setToolTip(tr("Edit the current run's config, then launch it as a child run (Ctrl+Shift+R)"));
    connect(m_forkButton, &QPushButton::clicked, this, [this] { forkInteractively(currentRunId()); });
    const auto addShortcut = [this](const QKeySequence &keys, QPushButton *button) {
        auto *action = new QAction(this);
        action->setShortcut(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, button, &QPushButton::click);
        addAction(action);
    };
    addShortcut(QKeySequence(tr("Ctrl+Shift+X")), m_cancelButton);
    addShortcut(QKeySequence(tr("Ctrl+R")), m_rerunButton);
    addShortcut(QKeySequence(tr("Ctrl+Shift+R")), m_forkButton);

    m_lifecycle = new RunLifecycleActions(this);
    // After an archive, a delete or an undo the runs still there stay selected (a deleted evaluation
    // leaves its run's record in view, its list read again); with none left, reload's newest runs.
    connect(m_lifecycle, &RunLifecycleActions::changed, this, [this] {
        const QList<std::int64_t> selected = selectedRunIds();
        reload();
        QList<std::int64_t> kept;
        for (const std::int64_t id : selected)
            if (m_model->rowOf(id) >= 0)
                kept << id;
        if (!kept.isEmpty())
            selectRuns(kept, false);
        m_detail->evaluationsList()->setRun(m_database, m_detail->runId());
    });
    connect(m_lifecycle, &RunLifecycleActions::errorOccurred, this, &RunsPage::errorOccurred);
    connect(m_lifecycle, &RunLifecycleActions::statusMessage, this, &RunsPage::statusMessage);

    m_filterEdit = new QLineEdit;
    m_filterEdit->setObjectName(QStringLiteral("runsFilter"));
    m_filterEdit->setToolTip(
        tr("A query (docs/QUERY.md): comparisons = != < <= > >= and ~ (contains) on status, name, model, tag, star, "
           "note, created, config.x.y and any metric column, joined by and, or, not and parentheses, such as\n"
           "status = finished and test/roc_auc > 0.9 and (config.lr < 0.01 or tag = baseline)\n"
           "Plain words are looked for in the run's name, status, model, tags and note."));
    m_filterEdit->setPlaceholderText(tr("Filter: words, or a query such as status = finished and tag = baseline"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setMinimumWidth(120); // the bar fits a 1024-pixel window
    connect(m_filterEdit, &QLineEdit::textChanged, this,
            [this](const QString &text) { m_filter->setFilterText(text); });

    m_concurrency = new QSpinBox;
    m_concurrency->setObjectName(QStringLiteral("runsConcurrency"));
    m_concurrency->setRange(1, 64);
    m_concurrency->setValue(m_queue->concurrency());
    m_concurrency->setToolTip(tr("How many runs train at the same time; the others wait in the queue"));
    connect(m_concurrency, &QSpinBox::valueChanged, m_queue, &services::RunQueue::setConcurrency);
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("runsSummary"));
    m_views = new SavedViewsBar([this] { return currentView(); });
    connect(m_views, &SavedViewsBar::viewChosen, this, &RunsPage::applyView);
    connect(m_views, &SavedViewsBar::errorOccurred, this, &RunsPage::errorOccurred);

    // Two rows, so the page fits a 1024-pixel window: what to do with runs, then which runs to show
    // (the query, beside the saved views it comes from, and whether archived runs are among them).
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_launchButton);
    bar->addWidget(m_rerunButton);
    bar->addWidget(m_forkButton);
    bar->addWidget(m_cancelButton);
    bar->addWidget(m_lifecycle->archiveButton());
    bar->addWidget(m_lifecycle->deleteButton());
    bar->addStretch(1);
    bar->addWidget(new QLabel(tr("Parallel runs:")));
    bar->addWidget(m_concurrency);
    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filterEdit, 1);
    filterRow->addSpacing(8);
    filterRow->addWidget(m_views);
    filterRow->addWidget(m_lifecycle->showArchivedBox());
    filterRow->addSpacing(8);
    filterRow->addWidget(m_summary);

    m_model = new RunsTableModel(this);
    m_filter = new RunsFilterModel(this);
    m_filter->setSourceModel(m_model);
    m_view = new QTableView;
    m_view->setObjectName(QStringLiteral("runsTable"));
    m_view->setModel(m_filter);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(RunsTableModel::Id, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    // Fixed sizes, never sized to contents: 10 000 runs must not be measured one by one.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(22);
    m_view->horizontalHeader()->setDefaultSectionSize(76);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    // The header's menu shows and hides columns; a saved view keeps the choice.
    m_view->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view->horizontalHeader(), &QHeaderView::customContextMenuRequested, this, &RunsPage::showColumnMenu);
    connect(m_view, &QTableView::clicked, this, &RunsPage::onCellClicked);
    for (QPushButton *button : {m_rerunButton, m_forkButton, m_cancelButton, m_lifecycle->archiveButton()}) {
        auto *action = new QAction(button->text(), m_view);
        connect(action, &QAction::triggered, button, &QPushButton::click);
        m_view->addAction(action);
    }
    m_view->addAction(m_lifecycle->deleteAction()); // the Delete key works in the table too
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunsPage::onSelectionChanged);
    // A new metric column arrives unselected in the selected rows: select it there too.
    connect(m_filter, &QAbstractItemModel::columnsInserted, this, [this](const QModelIndex &, int first, int last) {
        sizeMetricColumns(first, last);
        const QList<std::int64_t> selected = selectedRunIds();
        const std::int64_t current = currentRunId();
        QList<std::int64_t> ordered = selected;
        if (ordered.removeAll(current) > 0)
            ordered.prepend(current);
        selectRuns(ordered, false);
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &RunsPage::onSelectionChanged);

    auto *curvePanels = new RunCurvesPanels; // the page drives the first; the others follow it
    m_curves = curvePanels->primary();
    connect(m_curves, &RunCurvesPlot::errorOccurred, this, &RunsPage::errorOccurred);
    m_detail = new RunDetailView;
    connect(m_detail, &RunDetailView::errorOccurred, this, &RunsPage::errorOccurred);
    // An evaluation is deleted by the page's one delete-with-undo flow, its bar shared with runs'.
    connect(m_detail->evaluationsList(), &RunEvaluationsList::deleteRequested, this,
            [this](std::int64_t evaluationId, const QString &description) {
                DeletionRequest request;
                request.what = description;
                request.remove = [evaluationId](db::Deletion &deletion) {
                    return deletion.deleteEvaluation(evaluationId);
                };
                m_lifecycle->deletion()->start(request);
            });
    connect(m_detail->lineageView(), &RunLineageView::runActivated, this,
            [this](qint64 runId) { selectRuns({runId}); });
    connect(m_detail->annotationsEditor(), &RunAnnotationsEditor::annotationsChanged, this,
            [this](qint64 runId, const db::RunAnnotations &annotations) {
                m_model->setRunAnnotations(runId, annotations);
            });

    auto *bottom = new QSplitter(Qt::Horizontal);
    bottom->setObjectName(QStringLiteral("runsBottomSplitter"));
    bottom->addWidget(curvePanels);
    bottom->addWidget(m_detail);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    bottom->setSizes({600, 420});
    auto *content = new QSplitter(Qt::Vertical);
    content->setObjectName(QStringLiteral("runsSplitter"));
    content->addWidget(m_view);
    content->addWidget(bottom);
    content->setStretchFactor(0, 2);
    content->setStretchFactor(1, 3);
    content->setChildrenCollapsible(false);

    m_emptyState = new QLabel;
    m_emptyState->setObjectName(QStringLiteral("runsEmptyState"));
    m_emptyState->setWordWrap(true);
    m_emptyState->setAlignment(Qt::AlignCenter);
    m_emptyState->setMargin(40);

    m_stack = new QStackedWidget;
    m_stack->addWidget(m_emptyState);
    m_stack->addWidget(content);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addLayout(filterRow);
    layout->addWidget(filterProblemLabel(m_filter));
    layout->addWidget(m_lifecycle->undoBar());
    layout->addWidget(m_lifecycle->deletion()->undoBar());
    layout->addWidget(m_stack, 1);
    setEnabled(false);
    updateActions();
}

RunsPage::~RunsPage() = default;

void RunsPage::setProject(db::Database *database, const QString &workspacePath, std::int64_t projectId)
{
    if (m_dialog)
        m_dialog->reject();
    m_database = database;
    m_workspacePath = workspacePath;
    m_projectId = database ? projectId : 0;
    m_queue->setWorkspace(database, database ? workspacePath : QString());
    m_curves->setDatabase(database);
    m_detail->setRun(nullptr, 0);
    m_lifecycle->setDatabase(database, workspacePath, m_projectId);
    m_views->setProject(database, m_projectId);
    setEnabled(database != nullptr);
    reload();
}

void RunsPage::reload()
{
    m_pollTimer->stop();
    if (!m_database) {
        m_model->clear();
        m_stack->setCurrentIndex(0);
        updateSummary();
        updateActions();
        return;
    }
    Result<QList<db::RunRecord>> all = db::RunRepository(*m_database).runs(m_projectId);
    if (!all) {
        Q_EMIT errorOccurred(all.error());
        return;
    }
    const Result<QList<db::RunRecord>> runs =
        shownRuns(*m_database, m_projectId, std::move(all).value(), m_lifecycle->showArchived());
    if (!runs) {
        Q_EMIT errorOccurred(runs.error());
        return;
    }
    readAnnotations();
    m_model->setRuns(*runs);
    sizeColumns();
    QList<std::int64_t> newest;
    for (int r = 0; r < m_model->rowCount() && newest.size() < kInitialCurves; ++r)
        newest << m_model->runIdAt(r);
    selectRuns(newest);
    updateSummary();
    updateActions();
    schedulePoll();
}

void RunsPage::sizeColumns()
{
    // By what the columns hold, never by measuring rows (a reset forgets the widths).
    QHeaderView *header = m_view->horizontalHeader();
    header->resizeSection(RunsTableModel::Id, 40);
    header->resizeSection(RunsTableModel::Star, 26);
    header->resizeSection(RunsTableModel::Tags, 90);
    header->resizeSection(RunsTableModel::Status, 92);
    header->resizeSection(RunsTableModel::Name, 130);
    header->resizeSection(RunsTableModel::Model, 92);
    header->resizeSection(RunsTableModel::Optimizer, 70);
    header->resizeSection(RunsTableModel::LearningRate, 56);
    header->resizeSection(RunsTableModel::Batch, 50);
    header->resizeSection(RunsTableModel::Epochs, 58);
    header->resizeSection(m_model->durationColumn(), 74);
    header->resizeSection(m_model->startedColumn(), 90);
    sizeMetricColumns(RunsTableModel::FixedCount, m_model->durationColumn() - 1);
}

void RunsPage::sizeMetricColumns(int first, int last)
{
    // As wide as the longer line of the header, never by reading the rows.
    const QFontMetrics metrics(m_view->horizontalHeader()->font());
    for (int c = first; c <= last; ++c) {
        int width = 0;
        for (const QString &line :
             m_model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString().split(QLatin1Char('\n')))
            width = std::max(width, metrics.horizontalAdvance(line));
        m_view->horizontalHeader()->resizeSection(c, std::max(62, width + 18));
    }
}

void RunsPage::updateSummary()
{
    int running = 0, queued = 0;
    for (std::int64_t id : m_model->activeRunIds())
        (m_model->statusAt(m_model->rowOf(id)) == db::RunStatus::Running ? running : queued) += 1;
    const int total = m_model->rowCount();
    m_summary->setText(total == 0 ? QString()
                                  : tr("%1 running · %2 queued · %n run(s)", nullptr, total).arg(running).arg(queued));
    if (total > 0) {
        m_stack->setCurrentIndex(1);
        return;
    }
    m_stack->setCurrentIndex(0);
    m_emptyState->setText(
        tr("<h3>No runs yet</h3><p><b>Launch…</b> (Ctrl+L) trains a model on one of the project's dataset versions, "
           "with defaults for the project's task. Each run trains in a worker process of its own, so a crash or a "
           "cancel never touches the window; its loss and metric curves stream in here as it trains.</p>"
           "<p>Every run keeps its config, the dataset version, split and framing version it used, the build, its "
           "metrics at every step, and its best and last checkpoints, so it can be compared, re-run and forked.</p>"));
}

void RunsPage::schedulePoll()
{
    if (!m_database)
        return;
    const bool live = !m_model->activeRunIds().isEmpty() || m_queue->workerCount() > 0;
    m_pollTimer->start(live ? m_livePollMs : m_idlePollMs);
}

void RunsPage::setPollIntervals(int liveMs, int idleMs)
{
    m_livePollMs = std::max(1, liveMs);
    m_idlePollMs = std::max(1, idleMs);
    if (m_pollTimer->isActive())
        schedulePoll();
}

// The worker writes an epoch's points and commits them before it prints the epoch line
// (app/worker/RunTracker::epoch flushes, then emits the event), so the store holds them when the
// line arrives and reading now draws the whole epoch. Should a flush fail, the run stops with that
// error and the poll, which stays, reads whatever was stored.
void RunsPage::onRunEpoch(std::int64_t runId)
{
    if (m_database && m_curves->runIds().contains(runId) && !m_epochRefreshTimer->isActive())
        m_epochRefreshTimer->start();
}

void RunsPage::poll()
{
    if (!m_database) {
        m_pollTimer->stop();
        return;
    }
    db::RunRepository runs(*m_database);
    // Runs created elsewhere (the command line, another window), oldest first so the newest ends on top.
    if (Result<QList<db::RunRecord>> fresh = runs.runsAfter(m_projectId, m_model->newestRunId()); fresh) {
        for (auto it = fresh->crbegin(); it != fresh->crend(); ++it)
            m_model->updateRun(*it);
    } else {
        Q_EMIT errorOccurred(fresh.error());
    }
    // Tags, notes and stars added elsewhere (`runs tag`, another window); only changed rows update.
    readAnnotations();
    const QList<std::int64_t> active = m_model->activeRunIds();
    for (std::int64_t id : active)
        if (Result<db::RunRecord> run = runs.run(id))
            m_model->updateRun(*run);
    // The live flags follow the statuses just read; a run that has just ended gets its last points.
    updateCurves();
    m_curves->refresh();
    if (active.contains(m_detail->runId()))
        m_detail->refresh();
    updateSummary();
    updateActions();
    schedulePoll();
}

QList<std::int64_t> RunsPage::selectedRunIds() const
{
    // Rows with any selected cell: a metric column inserted later is not selected in them (Qt
    // splits the ranges around new columns), so selectedRows() would lose the runs.
    std::vector<int> rows;
    const QItemSelection selection = m_view->selectionModel()->selection();
    for (const QItemSelectionRange &range : selection)
        for (int r = range.top(); r <= range.bottom(); ++r)
            rows.push_back(r);
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    QList<std::int64_t> ids;
    for (int r : rows)
        ids << m_filter->index(r, 0).data(int(RunsTableModel::Role::RunId)).toLongLong();
    return ids;
}

std::int64_t RunsPage::currentRunId() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    return current.isValid() ? current.data(int(RunsTableModel::Role::RunId)).toLongLong() : 0;
}

void RunsPage::selectRuns(const QList<std::int64_t> &runIds, bool scroll)
{
    QItemSelection selection;
    QModelIndex first;
    for (std::int64_t id : runIds) {
        const int row = m_model->rowOf(id);
        if (row < 0)
            continue;
        const QModelIndex index = m_filter->mapFromSource(m_model->index(row, 0));
        if (!index.isValid())
            continue; // filtered out
        selection.select(index, index.siblingAtColumn(m_filter->columnCount() - 1));
        if (!first.isValid())
            first = index;
    }
    QItemSelectionModel *model = m_view->selectionModel();
    model->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (first.isValid()) {
        model->setCurrentIndex(first, QItemSelectionModel::NoUpdate);
        if (scroll)
            m_view->scrollTo(first);
    }
    onSelectionChanged();
}

void RunsPage::onSelectionChanged()
{
    updateCurves();
    const std::int64_t current = currentRunId();
    const QList<std::int64_t> selected = selectedRunIds();
    // The detail follows the current row, or the single selected run.
    const std::int64_t shown = selected.contains(current) ? current : selected.value(0, 0);
    if (shown != m_detail->runId()) {
        m_detail->setRun(m_database, shown);
        m_detail->lineageView()->showFamily(runFamily(m_model->lineageRuns(), shown), shown);
    }
    updateActions();
}

void RunsPage::updateCurves()
{
    QList<RunCurvesPlot::Source> sources;
    const QList<std::int64_t> ids = selectedRunIds();
    for (std::int64_t id : ids) {
        if (sources.size() >= kMaxCurves)
            break;
        const int row = m_model->rowOf(id);
        sources << RunCurvesPlot::Source{id, runLabel(m_model, row), !db::isFinal(m_model->statusAt(row))};
    }
    if (ids.size() > kMaxCurves)
        Q_EMIT statusMessage(tr("%1 runs selected: the plot overlays the first %2").arg(ids.size()).arg(kMaxCurves));
    m_curves->setRuns(sources);
}

void RunsPage::updateActions()
{
    const std::int64_t current = currentRunId();
    const int row = m_model->rowOf(current);
    const bool has = m_database && row >= 0;
    m_launchButton->setEnabled(m_database != nullptr);
    m_cancelButton->setEnabled(has && !db::isFinal(m_model->statusAt(row)));
    m_rerunButton->setEnabled(has);
    m_forkButton->setEnabled(has);
    m_lifecycle->setSelection(m_database ? selectedRunIds() : QList<std::int64_t>{});
    // The context menu's actions mirror the buttons, in the order they were added (Delete… last,
    // its own action).
    const QList<QAction *> actions = m_view->actions();
    const QList<QPushButton *> buttons{m_rerunButton, m_forkButton, m_cancelButton, m_lifecycle->archiveButton()};
    for (int i = 0; i < actions.size() && i < buttons.size(); ++i) {
        actions.at(i)->setEnabled(buttons.at(i)->isEnabled());
        actions.at(i)->setText(buttons.at(i)->text());
    }
}

LaunchRunDialog *RunsPage::openDialog(LaunchRunDialog *dialog)
{
    if (m_dialog)
        m_dialog->reject();
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { adoptLaunched(dialog->launched().id); });
    m_dialog = dialog;
    dialog->open();
    return dialog;
}

LaunchRunDialog *RunsPage::launchInteractively()
{
    if (!m_database)
        return nullptr;
    return openDialog(new LaunchRunDialog(*m_database, m_projectId, this));
}

LaunchRunDialog *RunsPage::forkInteractively(std::int64_t runId)
{
    if (!m_database || runId == 0)
        return nullptr;
    Result<db::RunRecord> run = db::RunRepository(*m_database).run(runId);
    if (!run) {
        Q_EMIT errorOccurred(run.error());
        return nullptr;
    }
    Result<TrainingConfig> config = trainingConfigFromJson(run->config);
    auto *dialog = new LaunchRunDialog(*m_database, m_projectId, this);
    if (config) {
        TrainingConfig forked = *config;
        forked.name = run->name.isEmpty() ? tr("fork of #%1").arg(runId) : tr("%1 (fork)").arg(run->name);
        dialog->setStartingConfig(forked, runId);
    } else {
        // A config this build cannot read (an older format): start from the defaults, say why.
        Q_EMIT errorOccurred(tr("Run #%1's config cannot be read by this build: %2").arg(runId).arg(config.error()));
    }
    return openDialog(dialog);
}

bool RunsPage::rerun(std::int64_t runId)
{
    if (!m_database || runId == 0)
        return false;
    Result<db::RunRecord> run = db::RunRepository(*m_database).run(runId);
    if (!run) {
        Q_EMIT errorOccurred(run.error());
        return false;
    }
    if (isExternalRun(run->config)) {
        Q_EMIT errorOccurred(tr("Cannot re-run #%1: it is an external run, trained by %2 and logged back; train it "
                                "again there and log it as a new run")
                                 .arg(runId)
                                 .arg(externalRunSummary(run->config)));
        return false;
    }
    Result<TrainingConfig> config = trainingConfigFromJson(run->config);
    if (!config) {
        Q_EMIT errorOccurred(tr("Cannot re-run #%1: %2").arg(runId).arg(config.error()));
        return false;
    }
    Result<db::RunRecord> queued = services::queueRun(*m_database, m_projectId, *config, runId);
    if (!queued) {
        Q_EMIT errorOccurred(tr("Cannot re-run #%1: %2").arg(runId).arg(queued.error()));
        return false;
    }
    adoptLaunched(queued->id);
    return true;
}

bool RunsPage::cancelInteractively(std::int64_t runId)
{
    const int row = m_model->rowOf(runId);
    if (!m_database || row < 0)
        return false;
    const bool running = m_model->statusAt(row) == db::RunStatus::Running;
    const QString name = m_model->index(row, RunsTableModel::Name).data().toString();
    const auto choice = QMessageBox::question(
        this, tr("Cancel run"),
        running ? tr("Stop run #%1 \"%2\"? It stops at its next step. Its curves so far are kept, but it is not "
                     "evaluated and cannot be resumed: training it again starts from the beginning.")
                      .arg(runId)
                      .arg(name)
                : tr("Cancel run #%1 \"%2\"? It will never start; Re-run queues its config again.")
                      .arg(runId)
                      .arg(name),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    return choice == QMessageBox::Yes && cancelRun(runId);
}

bool RunsPage::cancelRun(std::int64_t runId)
{
    if (!m_database || runId == 0)
        return false;
    if (const Status cancelled = m_queue->cancel(runId); !cancelled) {
        Q_EMIT errorOccurred(cancelled.error());
        return false;
    }
    Q_EMIT statusMessage(tr("Cancelling run #%1…").arg(runId));
    poll();
    return true;
}

void RunsPage::adoptLaunched(std::int64_t runId)
{
    if (!m_database || runId == 0)
        return;
    if (Result<db::RunRecord> run = db::RunRepository(*m_database).run(runId)) {
        m_model->updateRun(*run);
        // The new run joins the overlay and becomes the current run.
        QList<std::int64_t> selection = selectedRunIds();
        selection.removeAll(runId);
        selection.prepend(runId);
        selectRuns(selection);
        const QString parent = run->parentRunId ? tr(" (child of #%1)").arg(*run->parentRunId) : QString();
        Q_EMIT statusMessage(tr("Queued run #%1%2").arg(runId).arg(parent));
        Q_EMIT runLaunched(runId);
    }
    updateSummary();
    m_queue->startQueued();
    schedulePoll();
}

void RunsPage::setFilterText(const QString &text)
{
    m_filterEdit->setText(text);
}

void RunsPage::readAnnotations()
{
    if (!m_database)
        return;
    Result<QHash<std::int64_t, db::RunAnnotations>> annotations =
        db::RunAnnotationRepository(*m_database).annotationsOfProject(m_projectId);
    if (annotations)
        m_model->setAnnotations(*annotations);
    else
        Q_EMIT errorOccurred(annotations.error());
}

void RunsPage::onCellClicked(const QModelIndex &index)
{
    if (!m_database || index.column() != RunsTableModel::Star)
        return;
    const std::int64_t runId = index.data(int(RunsTableModel::Role::RunId)).toLongLong();
    db::RunAnnotations annotations = m_model->annotationsOf(runId);
    annotations.starred = !annotations.starred;
    if (Status saved = db::RunAnnotationRepository(*m_database).setStarred(runId, annotations.starred); !saved) {
        Q_EMIT errorOccurred(saved.error());
        return;
    }
    m_model->setRunAnnotations(runId, annotations);
    if (m_detail->runId() == runId)
        m_detail->annotationsEditor()->setRun(m_database, runId);
}

void RunsPage::showColumnMenu(const QPoint &position)
{
    QHeaderView *header = m_view->horizontalHeader();
    QMenu menu(this);
    for (int c = 0; c < m_model->columnCount(); ++c) {
        QString title = m_model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
        title.replace(QLatin1Char('\n'), QLatin1Char(' '));
        QAction *action = menu.addAction(title);
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(c));
        action->setEnabled(c != RunsTableModel::Id); // a row always says which run it is
        connect(action, &QAction::toggled, this, [header, c](bool shown) { header->setSectionHidden(c, !shown); });
    }
    menu.exec(header->mapToGlobal(position));
}

db::SavedView RunsPage::currentView() const
{
    db::SavedView view;
    view.projectId = m_projectId;
    view.query = m_filterEdit->text().trimmed();
    const QHeaderView *header = m_view->horizontalHeader();
    QStringList shown;
    bool anyHidden = false;
    for (int c = 0; c < m_model->columnCount(); ++c) {
        const QString key = m_model->headerData(c, Qt::Horizontal, int(RunsTableModel::Role::Key)).toString();
        if (header->isSectionHidden(c))
            anyHidden = true;
        else
            shown << key;
    }
    if (anyHidden)
        view.columns = shown;
    view.sortColumn =
        m_model->headerData(header->sortIndicatorSection(), Qt::Horizontal, int(RunsTableModel::Role::Key)).toString();
    view.sortDescending = header->sortIndicatorOrder() == Qt::DescendingOrder;
    return view;
}

void RunsPage::applyView(const db::SavedView &view)
{
    setFilterText(view.query);
    QHeaderView *header = m_view->horizontalHeader();
    for (int c = 0; c < m_model->columnCount(); ++c) {
        const QString key = m_model->headerData(c, Qt::Horizontal, int(RunsTableModel::Role::Key)).toString();
        header->setSectionHidden(c, c != RunsTableModel::Id && !view.columns.isEmpty() && !view.columns.contains(key));
    }
    for (int c = 0; c < m_model->columnCount(); ++c)
        if (!view.sortColumn.isEmpty() &&
            m_model->headerData(c, Qt::Horizontal, int(RunsTableModel::Role::Key)).toString() == view.sortColumn)
            m_view->sortByColumn(c, view.sortDescending ? Qt::DescendingOrder : Qt::AscendingOrder);
}

void RunsPage::showDetailTab(const QString &key)
{
    m_detail->showTab(key);
}

} // namespace mb::ui
