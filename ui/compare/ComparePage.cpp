// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compare/ComparePage.h"

#include "app/services/BusinessValueWriter.h"
#include "app/services/ChoosingMetrics.h"
#include "app/services/RunMetrics.h"
#include "app/services/StoreReader.h"
#include "core/EveryCore.h"
#include "core/FramingJson.h"
#include "core/NumberText.h"
#include "core/business/ParetoFront.h"
#include "core/business/RunComparison.h"
#include "core/evaluation/MetricDirection.h"
#include "db/BusinessValueRepository.h"
#include "db/Database.h"
#include "db/FramingRepository.h"
#include "db/RunAnnotationRepository.h"
#include "db/RunRepository.h"
#include "ui/compare/CompareTableModel.h"
#include "ui/compare/MetricDefinitionDialog.h"
#include "ui/compare/RunDiffView.h"
#include "ui/compare/RunEvaluationView.h"
#include "ui/plots/QCustomPlotInclude.h"
#include "ui/plots/RunScatterPlot.h"
#include "ui/runs/ArchivedRunsToggle.h"
#include "ui/runs/EditTagsAction.h"
#include "ui/runs/FilterProblemLabel.h"
#include "ui/runs/RunsFilterModel.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

namespace mb::ui {

namespace {

// Whether two loads of the runs show the same: the same runs in the same order, with the same
// fields on the page (the table, the diff) and judged by the same evaluation. Stored predictions
// never change, so with the same framing their metrics are the same too.
bool sameShownRuns(const QList<services::RunMetrics> &a, const QList<services::RunMetrics> &b)
{
    if (a.size() != b.size())
        return false;
    const auto evaluationId = [](const services::RunMetrics &m) { return m.evaluation ? m.evaluation->id : 0; };
    for (qsizetype i = 0; i < a.size(); ++i) {
        const db::RunRecord &x = a.at(i).run;
        const db::RunRecord &y = b.at(i).run;
        if (x.id != y.id || x.name != y.name || x.status != y.status || x.configSha256 != y.configSha256 ||
            x.datasetVersionId != y.datasetVersionId || x.splitId != y.splitId ||
            x.framingVersionId != y.framingVersionId || x.seed != y.seed || x.appVersion != y.appVersion ||
            x.buildCommit != y.buildCommit || evaluationId(a.at(i)) != evaluationId(b.at(i)))
            return false;
    }
    return true;
}

// The runs that have a finite value of both metrics, as the scatters draw them, and those values.
struct PlottedRuns {
    QList<RunScatterPlot::Point> points;
    std::vector<double> xs, ys;
};

PlottedRuns plottedRuns(const CompareTableModel &model, const QString &x, const QString &y)
{
    const std::vector<double> &xValues = model.metricColumns().values(x);
    const std::vector<double> &yValues = model.metricColumns().values(y);
    const QList<business::ComparedRun> &runs = model.comparedRuns();
    PlottedRuns plotted;
    for (qsizetype i = 0; i < runs.size(); ++i) {
        const double a = xValues[std::size_t(i)], b = yValues[std::size_t(i)];
        if (!std::isfinite(a) || !std::isfinite(b))
            continue;
        plotted.points.append({runs.at(i).id, runs.at(i).name, a, b});
        plotted.xs.push_back(a);
        plotted.ys.push_back(b);
    }
    return plotted;
}

// Shows `content` in `model`; the rows it replaces are freed on `keeping`: freeing 10 000 runs' rows
// takes longer than a frame (a new load's answer, or the page set to another project).
void showContent(CompareTableModel &model, QThreadPool &keeping, CompareTableModel::Content content)
{
    auto replaced = std::make_shared<CompareTableModel::Content>(model.setContent(std::move(content)));
    keeping.start([replaced = std::move(replaced)]() mutable { replaced.reset(); });
}

// Parses every run's config and summary JSON on every core (a LazyJsonObject parses once, from
// any thread): for 10 000 runs that is about a third of a load, and the rows are built on one thread.
void parseRunsJson(const QList<db::RunRecord> &runs)
{
    constexpr std::size_t kRunsToShare = 256; // fewer parse faster than a thread starts
    forEachOnEveryCore(std::size_t(runs.size()), kRunsToShare, [&runs](std::size_t i) {
        (void)runs.at(qsizetype(i)).config.object();
        (void)runs.at(qsizetype(i)).summary.object();
    });
}

// The name a metric of the test rows has on the validation rows (test/roc_auc: validation/roc_auc),
// where runs are chosen; empty for a metric that is not a test row's.
QString onValidationRows(const QString &testMetric)
{
    const QLatin1String test("test/");
    return testMetric.startsWith(test) ? QStringLiteral("validation/") + testMetric.mid(test.size()) : QString();
}

// A load past this is offered a Cancel button: shorter ones would only flash it.
constexpr int kCancelAfterMs = 1000;

} // namespace

// What reload() reads, on the reader's thread with the reader's connection.
struct ComparePage::Load {
    bool hasFraming = false;
    std::int64_t framingId = 0;
    std::int64_t framingVersionId = 0;
    Framing framing;
    QList<services::RunMetrics> rows;
    std::optional<QHash<std::int64_t, db::RunAnnotations>> annotations;
    // The table to show, built here rather than on the GUI thread; none when the rows are the ones
    // shown (applyLoad then keeps the table as it is).
    std::optional<CompareTableModel::Content> content;
    QStringList errors;
    QList<db::StoredBusinessValue> computed; // values computed from predictions, to keep
    // Every row's figures on its validation predictions (computeProjectChoosingMetrics), in the rows'
    // order: what the banner chooses on. A run without them has no values.
    QList<services::RunMetrics> onValidation;
    QList<business::ComparedRun> validationRuns; // the same as the banner compares them
    business::MetricColumns validationColumns;
    QHash<std::int64_t, db::FramingVersionName> framingVersions; // how the diff names framing versions

    // `shownFraming` and `shown`: what the page shows now, reused for runs judged as then;
    // `shownAnnotations`: the tags shown, kept if they cannot be read.
    // `shownOnValidation`: the validation figures shown with them, reused the same way.
    static Load read(services::ReadContext &context, std::int64_t projectId, bool showArchived,
                     const Framing &shownFraming, const QList<services::RunMetrics> &shown,
                     const QList<services::RunMetrics> &shownOnValidation,
                     const QHash<std::int64_t, db::RunAnnotations> &shownAnnotations)
    {
        Load load;
        const Result<db::Database *> connection = context.database();
        if (!connection) {
            load.errors << connection.error();
            return load;
        }
        db::Database &database = **connection;
        const Result<std::optional<db::FramingVersion>> latest = db::FramingRepository(database).current(projectId);
        if (!latest) {
            load.errors << latest.error();
        } else if (latest->has_value()) {
            load.framingId = latest->value().info.framingId;
            load.framingVersionId = latest->value().info.id;
            load.framing = latest->value().framing;
            load.hasFraming = true;
        }
        Result<QList<db::RunRecord>> all = db::RunRepository(database).runs(projectId);
        const Result<QList<db::RunRecord>> runs =
            all ? shownRuns(database, projectId, std::move(all).value(), showArchived)
                : Result<QList<db::RunRecord>>(Error{all.error()});
        if (!runs) {
            load.errors << runs.error();
        } else {
            parseRunsJson(*runs);
            // Without a framing the runs still compare by their ML metrics; the framing adds the
            // business columns.
            services::ProjectRunMetricsOptions options;
            // The runs shown were computed with this framing: those judged by the same evaluation
            // as then are taken as they are.
            if (sameFraming(shownFraming, load.framing))
                options.previous = shown;
            // Values kept for this framing version spare reading the predictions at all.
            if (Result<QHash<std::int64_t, QList<db::StoredBusinessValue>>> stored =
                    db::BusinessValueRepository(database).valuesOf(load.framingVersionId))
                options.stored = std::move(stored).value();
            options.cancel = context.cancelFlag();
            options.progress = [&context](int done, int total) { context.reportProgress(done, total); };
            options.computed = &load.computed;
            QList<Result<services::RunMetrics>> reported =
                services::computeProjectRunMetrics(database, projectId, *runs, load.framing, options);
            // The same runs on the rows they are chosen on; values kept per evaluation serve both.
            options.progress = nullptr;
            if (sameFraming(shownFraming, load.framing))
                options.previous = shownOnValidation;
            QList<Result<services::RunMetrics>> onValidation =
                services::computeProjectChoosingMetrics(database, projectId, *runs, load.framing, options);
            for (qsizetype i = 0; i < reported.size(); ++i) {
                if (!reported[i]) {
                    if (!context.cancelled())
                        load.errors << reported[i].error();
                    continue;
                }
                load.rows.append(std::move(reported[i]).value());
                load.onValidation.append(onValidation[i] ? std::move(onValidation[i]).value()
                                                         : services::RunMetrics{load.rows.constLast().run, {}, {}, {}, {}});
            }
        }
        load.validationRuns.reserve(load.onValidation.size());
        for (const services::RunMetrics &run : std::as_const(load.onValidation))
            load.validationRuns.append({run.run.id, run.run.name, run.values});
        load.validationColumns = business::MetricColumns(load.validationRuns);
        if (Result<QHash<std::int64_t, db::FramingVersionName>> names =
                db::FramingRepository(database).versionNames(projectId))
            load.framingVersions = std::move(names).value();
        else
            load.errors << names.error();
        // Tags, notes and stars for the filter's query (`tag = baseline`).
        if (Result<QHash<std::int64_t, db::RunAnnotations>> annotations =
                db::RunAnnotationRepository(database).annotationsOfProject(projectId))
            load.annotations = std::move(annotations).value();
        else
            load.errors << annotations.error();
        const Framing tableFraming = load.hasFraming ? load.framing : Framing{};
        if (!context.cancelled() && !(sameFraming(shownFraming, tableFraming) && sameShownRuns(shown, load.rows)))
            load.content = CompareTableModel::contentOf(load.rows, tableFraming,
                                                        load.annotations.value_or(shownAnnotations));
        return load;
    }
};

ComparePage::ComparePage(QWidget *parent) : QWidget(parent)
{
    m_reader = new services::StoreReader(this);
    connect(m_reader, &services::StoreReader::progress, this, &ComparePage::showProgress);
    m_keeping.setMaxThreadCount(1); // one transaction at a time; they would only wait for each other
    m_model = new CompareTableModel(this);
    m_filter = new RunsFilterModel(this);
    m_filter->setSourceModel(m_model);

    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("compareSummary"));
    m_ml = new QComboBox;
    m_ml->setObjectName(QStringLiteral("mlMetricChoice"));
    m_ml->setToolTip(tr("The ML metric the scatter's x axis and the banner compare by"));
    m_business = new QComboBox;
    m_business->setObjectName(QStringLiteral("businessMetricChoice"));
    m_business->setToolTip(tr("The business metric the scatter's y axis and the banner compare by"));
    for (QComboBox *box : {m_ml, m_business}) {
        // Long metric names must not widen the window: the list pops up as wide as it needs.
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(14); // the page fits a 1024-pixel window; the list opens wider
        connect(box, &QComboBox::currentIndexChanged, this, [this] {
            if (!m_filling)
                updateComparison();
        });
    }
    auto *define = new QPushButton(tr("Business metrics…"));
    define->setObjectName(QStringLiteral("defineMetricsButton"));
    define->setToolTip(tr("Add or edit the framing's business metrics; every run is recomputed from its stored "
                          "predictions"));
    connect(define, &QPushButton::clicked, this, [this] { defineMetricsInteractively(); });
    auto *exportButton = new QPushButton(tr("Export table…"));
    exportButton->setObjectName(QStringLiteral("exportTableButton"));
    exportButton->setToolTip(tr("Save the table as CSV or JSON"));
    connect(exportButton, &QPushButton::clicked, this, &ComparePage::exportTableInteractively);

    auto *choices = new QHBoxLayout;
    choices->addStretch(1);
    choices->addWidget(new QLabel(tr("ML metric")));
    choices->addWidget(m_ml);
    choices->addSpacing(8);
    choices->addWidget(new QLabel(tr("Business metric")));
    choices->addWidget(m_business);
    choices->addSpacing(8);
    choices->addWidget(define);
    choices->addWidget(exportButton);

    m_banner = new QLabel;
    m_banner->setObjectName(QStringLiteral("compareBanner"));
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::RichText);
    // Amber on any palette: the banner is a warning, not an error.
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: rgba(249, 168, 37, 0.22); border: 1px solid "
                                           "rgba(249, 168, 37, 0.9); border-radius: 4px; padding: 8px; }"));
    m_banner->hide();

    m_filterEdit = new QLineEdit;
    m_filterEdit->setObjectName(QStringLiteral("compareFilter"));
    m_filterEdit->setToolTip(
        tr("A query (docs/QUERY.md), as on the Runs page: comparisons = != < <= > >= and ~ (contains) on status, "
           "name, tag, star, config.x.y, any ML or business metric column, joined by and, or, not and parentheses, "
           "such as\ntest/roc_auc > 0.75 and (clicks_at_100 >= 30 or tag = baseline)\nPlain words are looked for in "
           "the run's name, status, model, tags and note."));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setPlaceholderText(tr("Filter: words, or a query such as test/roc_auc > 0.75 and tag = baseline"));
    connect(m_filterEdit, &QLineEdit::textChanged, m_filter, &RunsFilterModel::setFilterText);

    m_view = new QTableView;
    m_view->setObjectName(QStringLiteral("compareTable"));
    m_view->setModel(m_filter);
    m_view->setSortingEnabled(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->horizontalHeader()->setStretchLastSection(true);
    // Column widths from the first 50 rows: measuring every row of 1000 runs cost ~180 ms of the
    // page's opening, and 200 rows of 10 000 still ~60 ms of one frame on a loaded machine. A
    // column's numbers share their format, so 50 rows size it; the user can still widen a column.
    m_view->horizontalHeader()->setResizeContentsPrecision(50);
    m_view->sortByColumn(0, Qt::AscendingOrder);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ComparePage::onSelectionChanged);
    m_editTags = new EditTagsAction(m_view);
    connect(m_editTags, &EditTagsAction::errorOccurred, this, &ComparePage::errorOccurred);
    connect(m_editTags, &EditTagsAction::tagsChanged, this, [this](std::int64_t runId, const QStringList &tags) {
        // Only the annotations change: the filter looks again, nothing is recomputed.
        if (Result<QHash<std::int64_t, db::RunAnnotations>> annotations =
                db::RunAnnotationRepository(*m_database).annotationsOfProject(m_projectId))
            m_model->setAnnotations(*annotations);
        Q_EMIT statusMessage(tr("Run #%1 tags: %2")
                                 .arg(runId)
                                 .arg(tags.isEmpty() ? tr("none") : tags.join(QStringLiteral(", "))));
    });

    m_scatter = new RunScatterPlot;
    m_scatter->setObjectName(QStringLiteral("mlVsBusinessPlot"));
    m_pareto = new RunScatterPlot;
    m_pareto->setObjectName(QStringLiteral("paretoPlot"));
    for (RunScatterPlot *plot : {m_scatter, m_pareto}) {
        connect(plot, &RunScatterPlot::runClicked, this, [this](qint64 runId) { selectRuns({runId}); });
        connect(plot, &RunScatterPlot::errorOccurred, this, &ComparePage::errorOccurred);
    }
    m_paretoX = new QComboBox;
    m_paretoX->setObjectName(QStringLiteral("paretoX"));
    m_paretoY = new QComboBox;
    m_paretoY->setObjectName(QStringLiteral("paretoY"));
    for (QComboBox *box : {m_paretoX, m_paretoY}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(20);
        connect(box, &QComboBox::currentIndexChanged, this, [this] {
            if (!m_filling)
                updatePareto();
        });
    }
    auto *paretoPage = new QWidget;
    auto *paretoChoices = new QHBoxLayout;
    paretoChoices->addWidget(new QLabel(tr("x")));
    paretoChoices->addWidget(m_paretoX);
    paretoChoices->addSpacing(8);
    paretoChoices->addWidget(new QLabel(tr("y")));
    paretoChoices->addWidget(m_paretoY);
    paretoChoices->addStretch(1);
    auto *paretoLayout = new QVBoxLayout(paretoPage);
    paretoLayout->addLayout(paretoChoices);
    paretoLayout->addWidget(m_pareto, 1);

    m_diff = new RunDiffView;
    m_evaluation = new RunEvaluationView;
    connect(m_evaluation, &RunEvaluationView::errorOccurred, this, &ComparePage::errorOccurred);

    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("compareTabs"));
    m_tabs->addTab(m_scatter, tr("ML vs business"));
    m_tabs->addTab(paretoPage, tr("Pareto front"));
    m_tabs->addTab(m_diff, tr("Diff of two runs"));
    m_tabs->addTab(m_evaluation, tr("Run evaluation"));

    auto *top = new QWidget;
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filterEdit, 1);
    m_showArchived = makeShowArchivedBox(QStringLiteral("compareShowArchived"));
    connect(m_showArchived, &QCheckBox::toggled, this, &ComparePage::reload);
    filterRow->addWidget(m_showArchived);
    filterRow->addWidget(m_summary);
    m_progress = new QLabel;
    m_progress->setObjectName(QStringLiteral("compareLoading"));
    m_progress->hide();
    m_cancelLoad = new QPushButton(tr("Cancel"));
    m_cancelLoad->setObjectName(QStringLiteral("compareCancelLoading"));
    m_cancelLoad->setToolTip(tr("Stop loading; the table keeps what it showed before"));
    m_cancelLoad->hide();
    connect(m_cancelLoad, &QPushButton::clicked, this, &ComparePage::cancelLoading);
    filterRow->addWidget(m_progress);
    filterRow->addWidget(m_cancelLoad);
    topLayout->addLayout(filterRow);
    topLayout->addWidget(filterProblemLabel(m_filter));
    topLayout->addWidget(m_view, 1);
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(top);
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(choices);
    layout->addWidget(m_banner);
    layout->addWidget(split, 1);
}

void ComparePage::setProject(db::Database *database, std::int64_t projectId)
{
    // What is shown belongs to the previous project: reload() must not take its runs' metrics.
    if (database != m_database || projectId != m_projectId) {
        showContent(*m_model, m_keeping, CompareTableModel::contentOf({}, Framing{}, m_model->annotations()));
        m_onValidation.clear();
        m_validationRuns.clear();
        m_validationColumns = {};
        m_hasFraming = false;
        m_summary->clear();
        updateComparison();
        updatePareto();
    }
    m_database = database;
    m_projectId = projectId;
    m_evaluation->setDatabase(database);
    m_editTags->setDatabase(database);
    reload();
}

void ComparePage::showEvent(QShowEvent *event)
{
    // Runs finish while another page is shown: the table is read again when the page is (unless a
    // load is already on its way: setProject just started one).
    if (!isLoading())
        reload();
    QWidget::showEvent(event);
}

void ComparePage::reload()
{
    if (!m_database || m_projectId <= 0) {
        m_reader->cancel(); // an answer on its way belongs to the workspace closed
        endProgress();
        Load nothing;
        applyLoad(nothing);
        return;
    }
    startLoad();
}

void ComparePage::startLoad()
{
    const std::int64_t projectId = m_projectId;
    const bool showArchived = m_showArchived->isChecked();
    const Framing shownFraming = m_model->framing();
    const QList<services::RunMetrics> shown = m_model->runs();
    const QList<services::RunMetrics> shownOnValidation = m_onValidation;
    const QHash<std::int64_t, db::RunAnnotations> shownAnnotations = m_model->annotations();
    m_loadClock.start();
    showProgress(0, 0);
    m_reader->read<Load>(
        m_database->path(),
        [projectId, showArchived, shownFraming, shown, shownOnValidation,
         shownAnnotations](services::ReadContext &context) {
            return Load::read(context, projectId, showArchived, shownFraming, shown, shownOnValidation,
                              shownAnnotations);
        },
        [this](Load &load) { applyLoad(load); });
    QTimer::singleShot(kCancelAfterMs, this, [this, generation = m_reader->generation()] {
        if (isLoading() && m_reader->generation() == generation)
            m_cancelLoad->show();
    });
}

bool ComparePage::isLoading() const
{
    return m_reader->isBusy();
}

bool ComparePage::waitForLoaded(int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    const auto left = [&] { return int(std::max<qint64>(0, timeoutMs - clock.elapsed())); };
    // The table first: its answer selects runs, and the selected run's evaluation is read next.
    return m_reader->waitForIdle(timeoutMs) && m_evaluation->waitForLoaded(left()) && m_keeping.waitForDone(left());
}

void ComparePage::cancelLoading()
{
    if (!isLoading())
        return;
    m_reader->cancel();
    endProgress();
    Q_EMIT statusMessage(tr("Loading cancelled: the table shows what it showed before."));
}

QString ComparePage::loadingText() const
{
    return m_progress->isHidden() ? QString() : m_progress->text();
}

void ComparePage::showProgress(int done, int total)
{
    m_progress->setText(total > 0 ? tr("Loading runs… %1 of %2").arg(done).arg(total) : tr("Loading runs…"));
    m_progress->show();
}

void ComparePage::endProgress()
{
    m_progress->hide();
    m_cancelLoad->hide();
}

void ComparePage::applyLoad(Load &load)
{
    endProgress();
    for (const QString &error : std::as_const(load.errors))
        Q_EMIT errorOccurred(error);
    if (!load.computed.isEmpty() && m_database && m_database->readOnlyReason().isEmpty())
        // Kept off the GUI thread; if it cannot be written now, the values are computed again next time.
        m_keeping.start([path = m_database->path(), version = load.framingVersionId,
                         values = std::move(load.computed)] { (void)services::storeBusinessValues(path, version, values); });
    m_framingVersions = std::move(load.framingVersions);
    {
        // The validation figures replaced are freed on `m_keeping`, as the table's are (showContent).
        auto replaced = std::make_shared<std::tuple<QList<services::RunMetrics>, QList<business::ComparedRun>,
                                                    business::MetricColumns>>(
            std::exchange(m_onValidation, std::move(load.onValidation)),
            std::exchange(m_validationRuns, std::move(load.validationRuns)),
            std::exchange(m_validationColumns, std::move(load.validationColumns)));
        m_keeping.start([replaced = std::move(replaced)]() mutable { replaced.reset(); });
    }
    const bool hadFraming = m_hasFraming;
    m_hasFraming = load.hasFraming;
    if (load.hasFraming) {
        m_framingId = load.framingId;
        m_framing = load.framing;
    }
    if (hadFraming && m_hasFraming && sameFraming(m_model->framing(), m_framing) &&
        sameShownRuns(m_model->runs(), load.rows)) {
        // Nothing the table and plots show has changed (a page switch while no run finished): they
        // stay as they are, with the user's column widths, zoom and scroll position. The selected
        // runs' views read their run again; tags may have changed.
        if (load.annotations)
            m_model->setAnnotations(*load.annotations);
        onSelectionChanged();
        Q_EMIT loaded();
        return;
    }
    const QList<std::int64_t> selected = selectedRunIds();
    showContent(*m_model, m_keeping,
                load.content ? std::move(*load.content)
                             : CompareTableModel::contentOf(load.rows, m_hasFraming ? m_framing : Framing{},
                                                            load.annotations.value_or(m_model->annotations())));
    int evaluated = 0;
    for (const services::RunMetrics &r : std::as_const(load.rows))
        evaluated += r.evaluation.has_value();
    m_summary->setText(!m_database || m_projectId <= 0 ? QString()
                       : !m_hasFraming ? tr("Frame the problem first: business metrics come from the framing.")
                                       : tr("%n run(s), %1 evaluated", nullptr, int(load.rows.size())).arg(evaluated));
    m_view->resizeColumnsToContents();
    fillMetricChoices();
    updateComparison();
    updatePareto();
    selectRuns(selected);
    Q_EMIT loaded();
}

void ComparePage::fillMetricChoices()
{
    m_filling = true;
    const auto refill = [this](QComboBox *box, const QStringList &names, const QString &fallback) {
        const QString current = box->currentData().toString();
        box->clear();
        for (const QString &name : names)
            box->addItem(m_model->metricLabel(name), name);
        const int keep = box->findData(current.isEmpty() ? fallback : current);
        box->setCurrentIndex(keep >= 0 ? keep : box->findData(fallback));
    };
    const QStringList ml = m_model->mlMetrics();
    const QStringList business = m_model->businessMetrics();
    const QString ml0 = business::headlineMlMetric(ml);
    // The page opens on a disagreement when there is one.
    const QString business0 = business::headlineBusinessMetric(m_model->metricColumns(), ml0, business, m_framing);
    refill(m_ml, ml, ml0);
    refill(m_business, business, business0);
    const QStringList all = m_model->allMetrics();
    refill(m_paretoX, all, business.value(0, ml0));
    refill(m_paretoY, all, business.value(1, m_model->latencyMetrics().value(0)));
    m_filling = false;
}

void ComparePage::setComparedMetrics(const QString &mlMetric, const QString &businessMetric)
{
    m_filling = true;
    if (const int i = m_ml->findData(mlMetric); i >= 0)
        m_ml->setCurrentIndex(i);
    if (const int i = m_business->findData(businessMetric); i >= 0)
        m_business->setCurrentIndex(i);
    m_filling = false;
    updateComparison();
}

QString ComparePage::mlMetric() const
{
    return m_ml->currentData().toString();
}

QString ComparePage::businessMetric() const
{
    return m_business->currentData().toString();
}

void ComparePage::setParetoMetrics(const QString &x, const QString &y)
{
    m_filling = true;
    if (const int i = m_paretoX->findData(x); i >= 0)
        m_paretoX->setCurrentIndex(i);
    if (const int i = m_paretoY->findData(y); i >= 0)
        m_paretoY->setCurrentIndex(i);
    m_filling = false;
    updatePareto();
}

void ComparePage::updateComparison()
{
    const QString ml = mlMetric();
    const QString business = businessMetric();
    const QList<business::ComparedRun> &compared = m_model->comparedRuns();
    const auto [points, xs, ys] = plottedRuns(*m_model, ml, business);
    const std::optional<business::BestRunDisagreement> d = disagreementOnValidation();

    // The banner and the caption first: showing or rewording them resizes the scatter, and a
    // resized plot draws again, which costs little while it still holds the points before.
    if (const QString text = bannerHtml(d); !text.isEmpty()) {
        m_banner->setText(text);
        m_banner->show();
    } else {
        m_banner->hide();
        m_banner->clear();
    }
    if (points.isEmpty())
        m_scatter->setCaption(tr("Each point is a run with both metrics."));
    else
        m_scatter->setCaption(business::rankAgreement(xs, ys, ml, business, m_framing).sentence);

    // Each call rebuilds the plot: the axes and the rings first, while the plot may still be empty,
    // then the points, so a first load draws the runs once, not twice.
    m_scatter->setAxes(ml, m_model->metricLabel(business));
    m_scatter->setHighlighted(d ? QList<std::int64_t>{compared.at(d->bestByMl).id, compared.at(d->bestByBusiness).id}
                                : QList<std::int64_t>{});
    m_scatter->setPoints(points, ml.isEmpty() || business.isEmpty()
                                     ? tr("No run has an ML metric and a business metric to compare yet.")
                                     : tr("No run has both %1 and %2 yet.").arg(ml, business));
}

std::optional<business::BestRunDisagreement> ComparePage::disagreementOnValidation() const
{
    const QString ml = onValidationRows(mlMetric());
    const QString business = businessMetric();
    if (ml.isEmpty() || business.isEmpty() || m_validationRuns.size() != m_model->comparedRuns().size())
        return std::nullopt;
    return business::bestRunsDisagree(m_validationColumns, ml, evaluation::metricDirection(ml, m_framing), business,
                                      evaluation::metricDirection(business, m_framing));
}

QString ComparePage::bannerHtml(const std::optional<business::BestRunDisagreement> &onValidation) const
{
    const QString ml = mlMetric();
    const QString business = businessMetric();
    const QList<business::ComparedRun> &compared = m_model->comparedRuns();
    if (!onValidation) {
        // The test rows may still disagree: say why no run is named rather than stay silent.
        const bool testDisagrees =
            business::bestRunsDisagree(m_model->metricColumns(), ml, evaluation::metricDirection(ml, m_framing),
                                       business, evaluation::metricDirection(business, m_framing))
                .has_value();
        const std::vector<double> &chosenOn = m_validationColumns.values(business);
        const bool anyValidation = std::any_of(chosenOn.cbegin(), chosenOn.cend(), [](double v) { return std::isfinite(v); });
        if (!testDisagrees || anyValidation)
            return {};
        return QStringLiteral("<b>%1</b> %2").arg(
            tr("No run is chosen here.").toHtmlEscaped(),
            tr("On the test rows the best run by %1 is not the best by %2, but no run has validation predictions to "
               "choose on, and a run chosen on the test rows is the one they happen to favour.")
                .arg(ml, business)
                .toHtmlEscaped());
    }
    const QString mlOnValidation = onValidationRows(ml);
    const business::DisagreementText chosen =
        business::describeDisagreement(m_validationRuns, *onValidation, mlOnValidation, business, m_framing);
    // The same two runs on the test rows, reported, never chosen on.
    const QString unit = business::metricUnit(business, m_framing);
    const auto figure = [](const business::ComparedRun &run, const QString &metric, const QString &unitOf) {
        const double v = run.values.value(metric, std::nan(""));
        return std::isfinite(v) ? QStringLiteral("%1 %2").arg(metric, formatWithUnit(v, unitOf))
                                : tr("no %1").arg(metric);
    };
    const auto onTest = [&](int index) {
        const business::ComparedRun &run = compared.at(index);
        return tr("#%1: %2, %3").arg(run.id).arg(figure(run, ml, QString()), figure(run, business, unit));
    };
    const QString detail = tr("On the validation rows, where runs are chosen: %1 On the test rows, reported only: %2; %3.")
                               .arg(chosen.detail, onTest(onValidation->bestByMl), onTest(onValidation->bestByBusiness));
    return QStringLiteral("<b>%1</b> %2").arg(chosen.headline.toHtmlEscaped(), detail.toHtmlEscaped());
}

void ComparePage::updatePareto()
{
    const QString x = m_paretoX->currentData().toString();
    const QString y = m_paretoY->currentData().toString();
    const auto [points, xs, ys] = plottedRuns(*m_model, x, y);
    const Direction dx = evaluation::metricDirection(x, m_framing);
    const Direction dy = evaluation::metricDirection(y, m_framing);
    const std::vector<std::size_t> front = business::paretoFront(xs, dx, ys, dy);
    m_pareto->setAxes(m_model->metricLabel(x), m_model->metricLabel(y));
    m_pareto->setPoints(points, tr("No run has both metrics yet."), front);
    if (points.isEmpty()) {
        m_pareto->setCaption(tr("Choose two metrics: the runs no other run beats on both form the front."));
        return;
    }
    QStringList names;
    for (std::size_t i : front)
        names << QStringLiteral("#%1").arg(points.at(int(i)).runId);
    m_pareto->setCaption(business::paretoFrontSentence(x, dx, y, dy, names));
}

void ComparePage::selectRuns(const QList<std::int64_t> &runIds)
{
    QItemSelection selection;
    for (std::int64_t id : runIds) {
        const int row = m_model->rowOf(id);
        if (row < 0)
            continue;
        const QModelIndex index = m_filter->mapFromSource(m_model->index(row, 0));
        if (index.isValid())
            selection.select(index, index.siblingAtColumn(m_filter->columnCount() - 1));
    }
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (!selection.isEmpty())
        m_view->scrollTo(selection.indexes().constFirst());
    onSelectionChanged();
}

QList<std::int64_t> ComparePage::selectedRunIds() const
{
    QList<std::int64_t> ids;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        ids << index.data(int(CompareTableModel::Role::RunId)).toLongLong();
    return ids;
}

void ComparePage::onSelectionChanged()
{
    const QList<std::int64_t> ids = selectedRunIds();
    if (ids.size() == 2) {
        const services::RunMetrics &a = m_model->runs().at(m_model->rowOf(std::min(ids.at(0), ids.at(1))));
        const services::RunMetrics &b = m_model->runs().at(m_model->rowOf(std::max(ids.at(0), ids.at(1))));
        m_diff->showRuns(a, b, m_framing, m_model->allMetrics(), m_framingVersions);
    } else {
        m_diff->showMessage(tr("Select two runs in the table (Ctrl+click) to compare them field by field."));
    }
    if (ids.size() == 1 && m_hasFraming)
        m_evaluation->showRun(ids.constFirst(), m_framing, businessMetric());
    else
        m_evaluation->clear();
}

void ComparePage::setFilterText(const QString &text)
{
    m_filterEdit->setText(text);
}

void ComparePage::showTab(const QString &key)
{
    // "evaluations": the run tab with its evaluations side by side (the stale-model check) in front.
    if (key == QLatin1String("evaluations")) {
        showTab(QStringLiteral("run"));
        m_evaluation->showTab(QStringLiteral("evaluations"));
        return;
    }
    static const QStringList keys{QStringLiteral("scatter"), QStringLiteral("pareto"), QStringLiteral("diff"),
                                  QStringLiteral("run")};
    const int i = int(keys.indexOf(key));
    if (i < 0)
        return;
    m_tabs->setCurrentIndex(i);
    // Opened with nothing to show, the diff takes the two runs the banner names (else the first
    // two) and the evaluation the best run for the business.
    const QList<business::ComparedRun> &runs = m_model->comparedRuns();
    const QString business = businessMetric();
    const Direction businessDirection = evaluation::metricDirection(business, m_framing);
    if (key == QLatin1String("diff") && selectedRunIds().size() != 2 && runs.size() >= 2) {
        const auto d = disagreementOnValidation();
        selectRuns(d ? QList<std::int64_t>{runs.at(d->bestByMl).id, runs.at(d->bestByBusiness).id}
                     : QList<std::int64_t>{runs.at(0).id, runs.at(1).id});
    } else if (key == QLatin1String("run") && selectedRunIds().size() != 1 && !runs.isEmpty()) {
        // The run chosen for the business on the validation rows, as the banner names it.
        const std::optional<int> best =
            m_validationRuns.size() == runs.size()
                ? business::bestRunIndex(m_validationColumns, business, businessDirection)
                : std::nullopt;
        selectRuns({runs.at(best.value_or(0)).id});
    }
}

bool ComparePage::bannerVisible() const
{
    return !m_banner->isHidden();
}

QString ComparePage::bannerText() const
{
    return m_banner->text();
}

MetricDefinitionDialog *ComparePage::defineMetricsInteractively()
{
    if (!m_database || !m_hasFraming) {
        Q_EMIT errorOccurred(
            tr("Frame the problem on the Framing page first: business metrics are part of the framing."));
        return nullptr;
    }
    if (m_dialog)
        m_dialog->close();
    m_dialog = new MetricDefinitionDialog(*m_database, m_framingId, m_framing, this);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &MetricDefinitionDialog::saved, this, [this](int version) {
        reload();
        Q_EMIT statusMessage(tr("Business metrics saved as framing version %1; every run recomputed.").arg(version));
    });
    m_dialog->open();
    return m_dialog;
}

Status ComparePage::exportTable(const QString &path) const
{
    return m_model->exportTo(path);
}

void ComparePage::exportTableInteractively()
{
    QString selected;
    QString path = QFileDialog::getSaveFileName(this, tr("Export comparison"), QStringLiteral("comparison"),
                                                tr("CSV table (*.csv);;JSON (*.json)"), &selected);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += selected.contains(QLatin1String("json")) ? QStringLiteral(".json") : QStringLiteral(".csv");
    if (const Status written = exportTable(path); !written)
        Q_EMIT errorOccurred(written.error());
    else
        Q_EMIT statusMessage(tr("Exported %1").arg(path));
}

} // namespace mb::ui
