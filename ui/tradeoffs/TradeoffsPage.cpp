// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tradeoffs/TradeoffsPage.h"

#include "app/services/PolicyService.h"
#include "app/services/TradeoffSession.h"
#include "core/NumberText.h"
#include "core/business/RunComparison.h"
#include "core/business/StakeholderRequirements.h"
#include "core/tradeoff/ScoreNormalisation.h"
#include "app/services/StoreReader.h"
#include "db/Database.h"
#include "db/FramingRepository.h"
#include "db/PolicyRepository.h"
#include "db/RunRepository.h"
#include "ui/plots/TradeoffPlot.h"
#include "ui/shell/Theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <optional>

namespace mb::ui {

namespace {

QString normalisationLabel(const QString &key)
{
    if (key == QLatin1String("raw"))
        return QObject::tr("raw scores");
    if (key == QLatin1String("zscore"))
        return QObject::tr("z-score (mean 0, sd 1)");
    if (key == QLatin1String("rank"))
        return QObject::tr("rank (0 to 1)");
    return key;
}

// The framing's budget: the first top-k metric's k, which a page opening on the project starts at.
std::optional<int> framingTopK(const Framing &framing)
{
    for (const BusinessMetric &metric : framing.businessMetrics)
        if (metric.selection == Selection::TopK)
            return int(std::max<long long>(1, std::llround(metric.selectionParameter)));
    return std::nullopt;
}

QTableWidgetItem *numberItem(double value)
{
    auto *item = new QTableWidgetItem(formatNumber(value));
    item->setData(Qt::UserRole, value);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

TradeoffsPage::TradeoffsPage(QWidget *parent) : QWidget(parent)
{
    m_pairReader = new services::StoreReader(this);
    m_worker = new services::TradeoffWorker(this);
    connect(m_worker, &services::TradeoffWorker::engineReady, this, &TradeoffsPage::onEngineReady);
    connect(m_worker, &services::TradeoffWorker::updated, this, &TradeoffsPage::onUpdated);
    connect(m_worker, &services::TradeoffWorker::swept, this, &TradeoffsPage::onSwept);

    // The pair.
    m_runAChoice = new QComboBox;
    m_runAChoice->setObjectName(QStringLiteral("runAChoice"));
    m_runBChoice = new QComboBox;
    m_runBChoice->setObjectName(QStringLiteral("runBChoice"));
    for (QComboBox *box : {m_runAChoice, m_runBChoice}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(22);
        connect(box, &QComboBox::activated, this, [this] {
            setRuns(m_runAChoice->currentData().toLongLong(), m_runBChoice->currentData().toLongLong());
        });
    }
    m_pairStatus = new QLabel;
    m_pairStatus->setObjectName(QStringLiteral("pairStatus"));
    m_pairStatus->setWordWrap(true);

    // The weights: a slider and a number box each, and the lock.
    m_alphaSlider = new QSlider(Qt::Horizontal);
    m_alphaSlider->setObjectName(QStringLiteral("alphaSlider"));
    m_betaSlider = new QSlider(Qt::Horizontal);
    m_betaSlider->setObjectName(QStringLiteral("betaSlider"));
    m_alphaBox = new QDoubleSpinBox;
    m_alphaBox->setObjectName(QStringLiteral("alphaBox"));
    m_betaBox = new QDoubleSpinBox;
    m_betaBox->setObjectName(QStringLiteral("betaBox"));
    for (QWidget *alpha : std::initializer_list<QWidget *>{m_alphaSlider, m_alphaBox})
        alpha->setToolTip(tr("α: how much run A's objective counts. Items rank by α·a + β·b of the normalised scores"));
    for (QWidget *beta : std::initializer_list<QWidget *>{m_betaSlider, m_betaBox})
        beta->setToolTip(tr("β: how much run B's objective counts. Items rank by α·a + β·b of the normalised scores"));
    for (QSlider *slider : {m_alphaSlider, m_betaSlider}) {
        slider->setRange(0, kSliderSteps);
        slider->setPageStep(10);
        slider->setMinimumWidth(180);
    }
    for (QDoubleSpinBox *box : {m_alphaBox, m_betaBox}) {
        box->setRange(0.0, 1.0);
        box->setDecimals(3);
        box->setSingleStep(0.01);
        box->setKeyboardTracking(false);
    }
    connect(m_alphaSlider, &QSlider::valueChanged, this, &TradeoffsPage::onAlphaSlider);
    connect(m_betaSlider, &QSlider::valueChanged, this, &TradeoffsPage::onBetaSlider);
    // A drag updates only the rows weights are chosen on (one engine update per move); the reported
    // rows follow when the slider is let go.
    for (QSlider *slider : {m_alphaSlider, m_betaSlider})
        connect(slider, &QSlider::sliderReleased, this, &TradeoffsPage::requestUpdate);
    connect(m_alphaBox, &QDoubleSpinBox::valueChanged, this, &TradeoffsPage::onAlphaBox);
    connect(m_betaBox, &QDoubleSpinBox::valueChanged, this, &TradeoffsPage::onBetaBox);
    m_lock = new QCheckBox(tr("Lock α + β = 1"));
    m_lock->setObjectName(QStringLiteral("lockWeights"));
    m_lock->setChecked(true);
    connect(m_lock, &QCheckBox::toggled, this, [this](bool locked) {
        if (locked)
            setWeights(m_alpha, 1.0 - m_alpha);
    });
    m_normalisation = new QComboBox;
    m_normalisation->setObjectName(QStringLiteral("normalisationChoice"));
    for (const QString &key : tradeoff::scoreNormalisationKeys())
        m_normalisation->addItem(normalisationLabel(key), key);
    m_normalisation->setCurrentIndex(m_normalisation->findData(QStringLiteral("zscore")));
    m_normalisation->setToolTip(tr("How each run's scores are put on one scale before they are weighted: without it, "
                                   "a model whose scores spread wider gets more say than its weight"));
    connect(m_normalisation, &QComboBox::activated, this, [this] { loadPair(); });
    m_k = new QSpinBox;
    m_k->setObjectName(QStringLiteral("kChoice"));
    m_k->setRange(1, 1000000);
    m_k->setValue(100);
    m_k->setKeyboardTracking(false);
    m_k->setToolTip(tr("The budget: how many items the feed shows, and the top-k the metrics are computed over"));
    connect(m_k, &QSpinBox::valueChanged, this, [this] {
        updateBudgetNote();
        requestUpdate();
        requestSweep();
    });
    m_budgetNote = new QLabel;
    m_budgetNote->setObjectName(QStringLiteral("budgetNote"));
    m_budgetNote->setWordWrap(true);
    m_budgetNote->setStyleSheet(QStringLiteral("color: palette(placeholder-text)"));
    m_budgetNote->hide();

    auto *weights = new QGridLayout;
    weights->addWidget(new QLabel(tr("α (first objective)")), 0, 0);
    weights->addWidget(m_alphaSlider, 0, 1);
    weights->addWidget(m_alphaBox, 0, 2);
    weights->addWidget(new QLabel(tr("β (second objective)")), 1, 0);
    weights->addWidget(m_betaSlider, 1, 1);
    weights->addWidget(m_betaBox, 1, 2);
    weights->setColumnStretch(1, 1);
    auto *options = new QFormLayout;
    options->addRow(m_lock);
    options->addRow(tr("Normalisation"), m_normalisation);
    options->addRow(tr("k (top items)"), m_k);
    options->addRow(m_budgetNote);

    auto *pairRow = new QHBoxLayout;
    pairRow->addWidget(new QLabel(tr("Run A")));
    pairRow->addWidget(m_runAChoice);
    pairRow->addSpacing(8);
    pairRow->addWidget(new QLabel(tr("Run B")));
    pairRow->addWidget(m_runBChoice);
    pairRow->addSpacing(8);
    pairRow->addWidget(m_pairStatus, 1);

    auto *controls = new QHBoxLayout;
    controls->addLayout(weights, 3);
    controls->addSpacing(16);
    controls->addLayout(options, 1);

    // The live numbers.
    m_metricsPanel = new QGroupBox(tr("Business metrics of the top k"));
    m_metricsPanel->setObjectName(QStringLiteral("tradeoffMetrics"));
    m_metricsGrid = new QGridLayout(m_metricsPanel);
    m_timing = new QLabel;
    m_timing->setObjectName(QStringLiteral("tradeoffTiming"));
    m_timing->setStyleSheet(QStringLiteral("color: palette(placeholder-text)"));

    // The plot, with its axes' metrics.
    m_sweepX = new QComboBox;
    m_sweepX->setObjectName(QStringLiteral("sweepX"));
    m_sweepX->setToolTip(tr("The business metric on the plot's x axis"));
    m_sweepY = new QComboBox;
    m_sweepY->setObjectName(QStringLiteral("sweepY"));
    m_sweepY->setToolTip(tr("The business metric on the plot's y axis"));
    for (QComboBox *box : {m_sweepX, m_sweepY})
        connect(box, &QComboBox::activated, this, [this] { requestSweep(); });
    m_plot = new TradeoffPlot;
    m_plot->setObjectName(QStringLiteral("tradeoffPlot"));
    connect(m_plot, &TradeoffPlot::weightsClicked, this, [this](double a, double b) { setWeights(a, b); });
    connect(m_plot, &TradeoffPlot::errorOccurred, this, &TradeoffsPage::errorOccurred);
    auto *plotPanel = new QWidget;
    auto *axes = new QHBoxLayout;
    m_sweepTitle = new QLabel(tr("Sweep of α from 0 to 1 (β = 1 − α): x"));
    axes->addWidget(m_sweepTitle);
    axes->addWidget(m_sweepX);
    axes->addWidget(new QLabel(tr("y")));
    axes->addWidget(m_sweepY);
    axes->addStretch(1);
    auto *plotLayout = new QVBoxLayout(plotPanel);
    plotLayout->setContentsMargins(0, 0, 0, 0);
    plotLayout->addLayout(axes);
    plotLayout->addWidget(m_plot, 1);

    // The top-k list and the policies.
    m_items = new QTableWidget;
    m_items->setObjectName(QStringLiteral("topItems"));
    m_items->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_items->verticalHeader()->hide();
    m_items->verticalHeader()->setDefaultSectionSize(m_items->fontMetrics().height() + 6);
    m_items->setAlternatingRowColors(true);

    m_policies = new QTableWidget;
    m_policies->setObjectName(QStringLiteral("policiesTable"));
    m_policies->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_policies->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_policies->setSelectionMode(QAbstractItemView::SingleSelection);
    m_policies->verticalHeader()->hide();
    m_policyName = new QLineEdit;
    m_policyName->setObjectName(QStringLiteral("policyName"));
    m_policyName->setPlaceholderText(tr("Policy name, e.g. balanced feed"));
    m_policyNote = new QLineEdit;
    m_policyNote->setObjectName(QStringLiteral("policyNote"));
    m_policyNote->setPlaceholderText(tr("Why this setting"));
    auto *save = new QPushButton(tr("Save setting as policy"));
    save->setObjectName(QStringLiteral("savePolicyButton"));
    save->setToolTip(tr("Saves α, β, the normalisation, k and both runs as the next version of the named policy, "
                        "with the metrics it gives now on the held-out test items"));
    connect(save, &QPushButton::clicked, this, [this] { savePolicy(m_policyName->text(), m_policyNote->text()); });
    auto *apply = new QPushButton(tr("Apply selected"));
    apply->setObjectName(QStringLiteral("applyPolicyButton"));
    connect(apply, &QPushButton::clicked, this, [this] {
        const int row = m_policies->currentRow();
        if (row >= 0)
            if (const Status applied = applyPolicy(m_policies->item(row, 0)->text()); !applied)
                Q_EMIT errorOccurred(applied.error());
    });
    auto *exportButton = new QPushButton(tr("Export selected…"));
    exportButton->setObjectName(QStringLiteral("exportPolicyButton"));
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const int row = m_policies->currentRow();
        if (row < 0)
            return;
        const QString name = m_policies->item(row, 0)->text();
        const QString path = QFileDialog::getSaveFileName(this, tr("Export policy"), name + QStringLiteral(".json"),
                                                          tr("Policy JSON (*.json)"));
        if (!path.isEmpty())
            if (const Status written = exportPolicy(name, path); !written)
                Q_EMIT errorOccurred(written.error());
    });
    auto *policyPage = new QWidget;
    auto *saveRow = new QHBoxLayout;
    saveRow->addWidget(m_policyName, 1);
    saveRow->addWidget(m_policyNote, 2);
    saveRow->addWidget(save);
    auto *policyButtons = new QHBoxLayout;
    policyButtons->addStretch(1);
    policyButtons->addWidget(apply);
    policyButtons->addWidget(exportButton);
    auto *policyLayout = new QVBoxLayout(policyPage);
    policyLayout->addLayout(saveRow);
    policyLayout->addWidget(m_policies, 1);
    policyLayout->addLayout(policyButtons);

    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("tradeoffTabs"));
    m_tabs->addTab(m_items, tr("Top k items"));
    m_tabs->addTab(policyPage, tr("Policies"));

    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(plotPanel);
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(pairRow);
    layout->addLayout(controls);
    layout->addWidget(m_metricsPanel);
    layout->addWidget(m_timing);
    layout->addWidget(split, 1);
    syncWeightWidgets();
}

void TradeoffsPage::setProject(db::Database *database, std::int64_t projectId)
{
    // Another project's weights are no starting point: a policy or the even split is.
    if (database != m_database || projectId != m_projectId) {
        m_alpha = m_beta = 0.5;
        syncWeightWidgets();
        m_kFollowsFraming = true;
    }
    m_database = database;
    m_projectId = projectId;
    m_runA = m_runB = 0;
    reload();
}

void TradeoffsPage::showEvent(QShowEvent *event)
{
    // Runs finish while another page is shown: the run choices are read again.
    fillRunChoices();
    QWidget::showEvent(event);
}

void TradeoffsPage::reload()
{
    m_worker->clear();
    m_engineReady = false;
    m_hasFraming = false;
    if (m_database && m_projectId > 0) {
        const Result<std::optional<db::FramingVersion>> latest =
            db::FramingRepository(*m_database).current(m_projectId);
        if (latest && latest->has_value()) {
            m_framing = latest->value().framing;
            m_hasFraming = true;
        }
    }
    // A top-k metric names its budget (clicks_at_100): the page starts there, not at an arbitrary k.
    if (m_hasFraming && m_kFollowsFraming) {
        m_kFollowsFraming = false;
        if (const std::optional<int> k = framingTopK(m_framing)) {
            const QSignalBlocker quiet(m_k);
            m_k->setValue(*k);
        }
    }
    updateBudgetNote();
    fillRunChoices();
    reloadPolicies();
    if (!m_hasFraming || !hasTwoObjectives(m_framing.taskType)) {
        showMessage(tr("Trade-offs are for projects framed with two objectives (task: two-objective ranking). "
                       "Frame the project that way on the Framing page, train one run per objective, and come back."));
        return;
    }
    // The page opens on the newest saved policy, as it was saved; else on a suggested pair.
    if (m_runA == 0 || m_runB == 0) {
        const Result<QList<db::PolicySummary>> policies = db::PolicyRepository(*m_database).policies(m_projectId);
        if (policies && !policies->isEmpty()) {
            const db::PolicySummary *newest = &policies->constFirst();
            for (const db::PolicySummary &p : *policies)
                if (p.latest.createdAt > newest->latest.createdAt)
                    newest = &p;
            if (applyPolicy(newest->latest.name))
                return;
        }
    }
    if (m_runA == 0 || m_runB == 0) {
        const Result<QList<db::RunRecord>> runs = db::RunRepository(*m_database).runs(m_projectId);
        if (runs)
            if (const auto suggested = services::suggestedTradeoffRuns(*runs, m_framing)) {
                m_runA = suggested->first;
                m_runB = suggested->second;
            }
    }
    if (m_runA == 0 || m_runB == 0) {
        showMessage(tr("Train one run per objective (%1 and %2) on the same data, then choose them here.")
                        .arg(m_framing.targetColumns.value(0), m_framing.targetColumns.value(1)));
        return;
    }
    fillRunChoices();
    loadPair();
}

void TradeoffsPage::fillRunChoices()
{
    const QList<QComboBox *> boxes{m_runAChoice, m_runBChoice};
    for (QComboBox *box : boxes)
        box->clear();
    if (!m_database || m_projectId <= 0)
        return;
    const Result<QList<db::RunRecord>> runs = db::RunRepository(*m_database).runs(m_projectId);
    if (!runs)
        return;
    for (const db::RunRecord &run : *runs) {
        if (run.status != db::RunStatus::Finished)
            continue;
        const QString text = QStringLiteral("#%1 %2").arg(run.id).arg(run.name);
        for (QComboBox *box : boxes)
            box->addItem(text, qint64(run.id));
    }
    m_runAChoice->setCurrentIndex(m_runAChoice->findData(qint64(m_runA)));
    m_runBChoice->setCurrentIndex(m_runBChoice->findData(qint64(m_runB)));
    if (m_hasFraming && m_framing.targetColumns.size() >= 2) {
        m_runAChoice->setToolTip(
            tr("The run whose scores stand for %1 (weighted by α)").arg(m_framing.targetColumns.at(0)));
        m_runBChoice->setToolTip(
            tr("The run whose scores stand for %1 (weighted by β)").arg(m_framing.targetColumns.at(1)));
    }
}

bool TradeoffsPage::setRuns(std::int64_t runA, std::int64_t runB)
{
    m_runA = runA;
    m_runB = runB;
    m_runAChoice->setCurrentIndex(m_runAChoice->findData(qint64(runA)));
    m_runBChoice->setCurrentIndex(m_runBChoice->findData(qint64(runB)));
    if (!m_database || !m_hasFraming)
        return false;
    loadPair();
    return true;
}

void TradeoffsPage::showMessage(const QString &text)
{
    m_pairReader->cancel(); // a pair still being read must not replace the message
    m_message = text;
    m_worker->clear();
    m_engineReady = false;
    m_last.reset();
    m_choosingPart.clear();
    m_reportedPart.clear();
    m_pairStatus->setText(text);
    m_pairStatus->setToolTip(text);
    m_pairStatus->setStyleSheet(text.isEmpty() ? QString() : QStringLiteral("color: %1").arg(errorTextCss()));
    m_plot->setMessage(text);
    m_items->setRowCount(0);
    m_items->setColumnCount(0); // the columns are the pair's item columns
    clearMetricPanel();
    m_timing->clear();
}

void TradeoffsPage::clearMetricPanel()
{
    // The metrics are those of the pair last loaded, maybe another project's: without a pair the
    // panel and the sweep's axes offer none.
    m_metricLabels.clear();
    m_reportedLabels.clear();
    while (QLayoutItem *item = m_metricsGrid->takeAt(0)) {
        delete item->widget(); // now, not later: no signal of theirs is being handled
        delete item;
    }
    for (QComboBox *box : {m_sweepX, m_sweepY})
        box->clear();
    m_plot->clear();
    m_plot->setAxes(QString(), QString());
}

// What loadPair reads on the pair reader's thread.
struct TradeoffsPage::PairLoad {
    std::optional<Result<services::TradeoffPairs>> pairs;
    std::optional<services::TradeoffPair> approachOne;
    std::int64_t approachRun = 0;

    static PairLoad read(services::ReadContext &context, const Framing &framing, std::int64_t projectId,
                         std::int64_t runA, std::int64_t runB)
    {
        PairLoad load;
        const Result<db::Database *> connection = context.database();
        if (!connection) {
            load.pairs = Result<services::TradeoffPairs>(Error{connection.error()});
            return load;
        }
        db::Database &database = **connection;
        load.pairs = services::loadTradeoffPairs(database, framing, runA, runB);
        if (!*load.pairs)
            return load;
        const services::TradeoffPairs &pairs = load.pairs->value();
        // The Approach-1 run, where one exists: the newest finished run that learnt both objectives,
        // on the same rows as the sweep it is drawn with. Only two-target runs can be one: the others
        // are passed over without reading their evaluations.
        const services::PairPart part = pairs.choosing ? services::PairPart::Choosing : services::PairPart::Reported;
        const Result<QList<db::RunRecord>> runs = db::RunRepository(database).runs(projectId);
        if (!runs)
            return load;
        for (const db::RunRecord &run : *runs) {
            if (context.cancelled())
                return load;
            if (run.status != db::RunStatus::Finished ||
                run.config.value(QStringLiteral("targets")).toArray().size() < 2)
                continue;
            Result<services::TradeoffPair> one = services::loadApproachOnePair(database, framing, run.id, part);
            if (!one || !one->trainingWeights || one->datasetVersionId != pairs.reported.datasetVersionId)
                continue;
            load.approachOne = std::move(one).value();
            load.approachRun = run.id;
            break;
        }
        return load;
    }
};

void TradeoffsPage::loadPair()
{
    if (!m_database || !m_hasFraming)
        return;
    m_worker->clear();
    m_engineReady = false;
    m_pairStatus->setStyleSheet(QString());
    m_pairStatus->setText(tr("Reading the predictions of runs #%1 and #%2…").arg(m_runA).arg(m_runB));
    m_pairReader->read<PairLoad>(
        m_database->path(),
        [framing = m_framing, projectId = m_projectId, runA = m_runA, runB = m_runB](services::ReadContext &context) {
            return PairLoad::read(context, framing, projectId, runA, runB);
        },
        [this](PairLoad &load) { applyPair(load); });
}

void TradeoffsPage::applyPair(PairLoad &load)
{
    Result<services::TradeoffPairs> &pairs = *load.pairs;
    if (!pairs) {
        showMessage(tr("This pair cannot be combined: %1").arg(pairs.error()));
        return;
    }
    m_message.clear();
    services::TradeoffInputs inputs;
    // Weights are explored and chosen on the validation predictions and reported on the test ones,
    // as a decision threshold is. Runs without validation predictions can still be explored, with
    // the warning that the rows shown are the rows a choice would be reported on.
    const services::TradeoffPair &reported = pairs->reported;
    m_choosingPart = pairs->choosing ? pairs->choosing->part : reported.part;
    m_reportedPart = pairs->choosing ? reported.part : QString();
    if (pairs->choosing) {
        m_pairStatus->setStyleSheet(QString());
        m_pairStatus->setText(tr("Weights are chosen on %1 %2 items and reported on %3 %4 items of dataset version %5, "
                                 "scored by both runs.")
                                  .arg(pairs->choosing->data.a.size())
                                  .arg(m_choosingPart)
                                  .arg(reported.data.a.size())
                                  .arg(m_reportedPart)
                                  .arg(reported.datasetVersionId));
    } else {
        m_pairStatus->setStyleSheet(QStringLiteral("color: %1").arg(warningTextCss()));
        m_pairStatus->setText(tr("Only %1 predictions: %2. The numbers below are on the %3 %1 items of dataset "
                                 "version %4, the rows a choice is reported on, so a weighting picked here is "
                                 "picked on them. Re-run both models to get validation predictions.")
                                  .arg(reported.part, pairs->noChoosingReason)
                                  .arg(reported.data.a.size())
                                  .arg(reported.datasetVersionId));
    }
    m_pairStatus->setToolTip(m_pairStatus->text());
    m_sweepTitle->setText(tr("Sweep of α from 0 to 1 (β = 1 − α) on the %1 rows: x").arg(m_choosingPart));
    m_tabs->setTabText(m_tabs->indexOf(m_items), tr("Top k %1 items").arg(m_choosingPart));

    m_approachName.clear();
    if (load.approachOne) {
        m_approachName = tr("Approach 1: run #%1, one model trained at α %2, β %3")
                             .arg(load.approachRun)
                             .arg(formatNumber(load.approachOne->trainingWeights->alpha),
                                  formatNumber(load.approachOne->trainingWeights->beta));
        inputs.approachOne = std::move(load.approachOne);
    }
    // Moved, not copied: a pair holds every item's scores and columns.
    services::TradeoffPairs &loaded = pairs.value();
    if (loaded.choosing) {
        inputs.choosing = std::move(*loaded.choosing);
        inputs.reported = std::move(loaded.reported);
    } else {
        inputs.choosing = std::move(loaded.reported);
    }
    const auto how =
        tradeoff::scoreNormalisationFromKey(normalisation()).value_or(tradeoff::ScoreNormalisation::ZScore);
    m_engineReady = false;
    m_worker->setData(std::move(inputs), how);
}

void TradeoffsPage::onEngineReady(const QStringList &ranked, const QStringList &skipped, const QString &error)
{
    if (!error.isEmpty()) {
        showMessage(error);
        return;
    }
    m_engineReady = true;
    // One column per ranked metric, with its stakeholder requirement when there is one: a row of
    // values on the rows weights are chosen on, and one on the rows they are reported on.
    m_metricLabels.clear();
    m_reportedLabels.clear();
    while (QLayoutItem *item = m_metricsGrid->takeAt(0)) {
        if (item->widget())
            item->widget()->deleteLater();
        delete item;
    }
    const bool reports = !m_reportedPart.isEmpty();
    const auto rowTitle = [this](const QString &text, const QString &tip, int row) {
        auto *title = new QLabel(text);
        title->setToolTip(tip);
        title->setStyleSheet(QStringLiteral("color: palette(placeholder-text)"));
        m_metricsGrid->addWidget(title, row, 0);
    };
    rowTitle(reports ? tr("%1 (choose on)").arg(m_choosingPart) : tr("%1 (no validation)").arg(m_choosingPart),
             reports ? tr("The items the sliders and the sweep rank: weights are chosen on them")
                     : tr("These runs have no validation predictions, so the only rows to rank are the test rows"),
             1);
    if (reports)
        rowTitle(tr("%1 (reported)").arg(m_reportedPart),
                 tr("The same weights on the held-out %1 items: what a policy saved now records").arg(m_reportedPart), 2);
    int column = 1;
    for (const QString &name : ranked) {
        auto *title = new QLabel(metricLabel(name));
        title->setToolTip(tr("%1 over the top k items").arg(name));
        auto *value = new QLabel(QStringLiteral("—"));
        value->setObjectName(QStringLiteral("metric:") + name);
        QFont big = value->font();
        big.setPointSizeF(big.pointSizeF() * 1.5);
        big.setBold(true);
        value->setFont(big);
        m_metricsGrid->addWidget(title, 0, column);
        m_metricsGrid->addWidget(value, 1, column);
        m_metricLabels.insert(name, value);
        if (reports) {
            auto *reported = new QLabel(QStringLiteral("—"));
            reported->setObjectName(QStringLiteral("reported:") + name);
            m_metricsGrid->addWidget(reported, 2, column);
            m_reportedLabels.insert(name, reported);
        }
        ++column;
    }
    if (!skipped.isEmpty()) {
        auto *note = new QLabel(tr("Not weighted here: %1").arg(skipped.join(QStringLiteral("; "))));
        note->setWordWrap(true);
        note->setStyleSheet(QStringLiteral("color: palette(placeholder-text)"));
        m_metricsGrid->addWidget(note, 3, 0, 1, column);
    }
    // The sweep's axes: the first two ranked metrics unless the user chose others.
    for (QComboBox *box : {m_sweepX, m_sweepY}) {
        const QString current = box->currentData().toString();
        box->clear();
        for (const QString &name : ranked)
            box->addItem(metricLabel(name), name);
        const int keep = box->findData(current);
        box->setCurrentIndex(keep >= 0 ? keep : (box == m_sweepX ? 0 : std::min<int>(1, int(ranked.size()) - 1)));
    }
    requestUpdate();
    requestSweep();
}

void TradeoffsPage::showMetricValue(QLabel *label, const tradeoff::RankedMetricValue &metric) const
{
    if (!metric.value) {
        label->setText(tr("n/a"));
        label->setToolTip(metric.value.error());
        return;
    }
    // A stakeholder's requirement on this metric colours it.
    QString text = formatNumber(metric.value->value);
    for (const Stakeholder &s : m_framing.stakeholders)
        if (s.requirementMetric == metric.name) {
            const bool met = business::meetsRequirement(metric.value->value, s.comparator, s.requirementValue);
            text = QStringLiteral("<span style=\"color:%1\">%2</span> <small>%3 %4 %5</small>")
                       .arg(met ? okTextCss() : errorTextCss(), text, s.role.toHtmlEscaped(),
                            toKey(s.comparator).toHtmlEscaped(), formatNumber(s.requirementValue));
        }
    label->setText(text);
    label->setToolTip(metric.value->notes.join(QLatin1Char('\n')));
}

QString TradeoffsPage::metricLabel(const QString &metric) const
{
    return business::metricLabel(metric, m_framing);
}

void TradeoffsPage::requestUpdate()
{
    if (!m_engineReady)
        return;
    const bool dragging = m_alphaSlider->isSliderDown() || m_betaSlider->isSliderDown();
    m_worker->requestUpdate(m_alpha, m_beta, std::size_t(m_k->value()), !dragging);
}

void TradeoffsPage::requestSweep()
{
    if (!m_engineReady || m_sweepX->count() == 0)
        return;
    m_plot->setAxes(m_sweepX->currentText(), m_sweepY->currentText());
    m_worker->requestSweep(m_sweepX->currentData().toString(), m_sweepY->currentData().toString(),
                           std::size_t(m_k->value()));
}

void TradeoffsPage::onUpdated(const services::TradeoffResult &result)
{
    // A copy: onSwept hands in m_last itself.
    const std::optional<services::TradeoffResult> previous = m_last;
    m_last = result;
    if (!result.error.isEmpty()) {
        m_timing->setText(result.error);
        return;
    }
    for (const tradeoff::RankedMetricValue &m : result.metrics)
        if (QLabel *label = m_metricLabels.value(m.name))
            showMetricValue(label, m);
    if (result.reported) {
        for (QLabel *label : std::as_const(m_reportedLabels)) {
            label->setText(QStringLiteral("—"));
            label->setEnabled(true);
        }
        for (const tradeoff::RankedMetricValue &m : result.reportedMetrics)
            if (QLabel *label = m_reportedLabels.value(m.name))
                showMetricValue(label, m);
    } else {
        // Mid-drag: the reported row is the last position's until the slider is let go.
        for (QLabel *label : std::as_const(m_reportedLabels))
            label->setEnabled(false);
        if (previous)
            m_last->reportedMetrics = previous->reportedMetrics;
    }
    m_timing->setText(tr("α %1, β %2, top %3 of the items re-ranked in %4 ms.")
                          .arg(formatNumber(result.alpha), formatNumber(result.beta))
                          .arg(result.k)
                          .arg(QString::number(result.elapsedMs, 'f', 2)));

    // The top-k list.
    QStringList headers{tr("Rank"), tr("Item"), tr("Score"), tr("a"), tr("b")};
    headers += result.fieldNames;
    m_items->setColumnCount(int(headers.size()));
    m_items->setHorizontalHeaderLabels(headers);
    m_items->setRowCount(int(result.top.size()));
    for (int r = 0; r < result.top.size(); ++r) {
        const services::TopItem &item = result.top.at(r);
        m_items->setItem(r, 0, numberItem(r + 1));
        m_items->setItem(r, 1, numberItem(double(item.itemId)));
        m_items->setItem(r, 2, numberItem(item.score));
        m_items->setItem(r, 3, numberItem(item.a));
        m_items->setItem(r, 4, numberItem(item.b));
        for (std::size_t f = 0; f < item.fields.size(); ++f)
            m_items->setItem(r, 5 + int(f), numberItem(item.fields[f]));
    }
    m_items->resizeColumnsToContents();

    // The current point on the plot: this update's values of the sweep's two metrics.
    std::optional<double> x, y;
    for (const tradeoff::RankedMetricValue &m : result.metrics) {
        if (!m.value)
            continue;
        if (m.name == m_sweepX->currentData().toString())
            x = m.value->value;
        if (m.name == m_sweepY->currentData().toString())
            y = m.value->value;
    }
    m_plot->setCurrent(x && y ? std::optional<QPointF>(QPointF(*x, *y)) : std::nullopt,
                       tr("α %1, β %2").arg(formatNumber(result.alpha), formatNumber(result.beta)));
}

void TradeoffsPage::onSwept(const services::SweepResult &result)
{
    if (!result.error.isEmpty()) {
        m_plot->setMessage(result.error);
        return;
    }
    m_plot->setAxes(metricLabel(result.sweep.xMetric), metricLabel(result.sweep.yMetric));
    m_plot->setApproachOne(result.approachOneX && result.approachOneY
                               ? std::optional<QPointF>(QPointF(*result.approachOneX, *result.approachOneY))
                               : std::nullopt,
                           m_approachName);
    m_plot->setSweep(result.sweep);
    // The sweep rebuilt the plot: the current point goes back on it.
    if (m_last)
        onUpdated(*m_last);
}

void TradeoffsPage::setWeights(double alpha, double beta)
{
    m_alpha = std::clamp(alpha, 0.0, 1.0);
    m_beta = std::clamp(beta, 0.0, 1.0);
    syncWeightWidgets();
    requestUpdate();
}

void TradeoffsPage::setLocked(bool locked)
{
    m_lock->setChecked(locked);
}

void TradeoffsPage::syncWeightWidgets()
{
    m_syncing = true;
    m_alphaSlider->setValue(int(std::lround(m_alpha * kSliderSteps)));
    m_betaSlider->setValue(int(std::lround(m_beta * kSliderSteps)));
    m_alphaBox->setValue(m_alpha);
    m_betaBox->setValue(m_beta);
    m_syncing = false;
}

void TradeoffsPage::onAlphaSlider(int value)
{
    if (m_syncing)
        return;
    const double alpha = double(value) / kSliderSteps;
    setWeights(alpha, m_lock->isChecked() ? 1.0 - alpha : m_beta);
}

void TradeoffsPage::onBetaSlider(int value)
{
    if (m_syncing)
        return;
    const double beta = double(value) / kSliderSteps;
    setWeights(m_lock->isChecked() ? 1.0 - beta : m_alpha, beta);
}

void TradeoffsPage::onAlphaBox(double value)
{
    if (!m_syncing)
        setWeights(value, m_lock->isChecked() ? 1.0 - value : m_beta);
}

void TradeoffsPage::onBetaBox(double value)
{
    if (!m_syncing)
        setWeights(m_lock->isChecked() ? 1.0 - value : m_alpha, value);
}

void TradeoffsPage::setNormalisation(const QString &key)
{
    const int index = m_normalisation->findData(key);
    if (index < 0 || index == m_normalisation->currentIndex())
        return;
    m_normalisation->setCurrentIndex(index);
    loadPair();
}

void TradeoffsPage::updateBudgetNote()
{
    // The page evaluates every top-k metric on its own k (docs/TRADEOFFS.md): a metric whose
    // budget differs would otherwise show a figure its name contradicts.
    QStringList overridden;
    if (m_hasFraming)
        for (const BusinessMetric &metric : std::as_const(m_framing.businessMetrics))
            if (metric.selection == Selection::TopK && std::llround(metric.selectionParameter) != m_k->value())
                overridden << tr("%1 (its own: %2)")
                                  .arg(metric.name, QLocale().toString(std::llround(metric.selectionParameter)));
    m_budgetNote->setText(overridden.isEmpty() ? QString()
                                               : tr("Top-k metrics count the top %1 items here, not their own "
                                                    "budget: %2.")
                                                     .arg(QLocale().toString(m_k->value()), overridden.join(QStringLiteral(", "))));
    m_budgetNote->setVisible(!overridden.isEmpty());
}

void TradeoffsPage::setK(int k)
{
    m_k->setValue(k);
}

void TradeoffsPage::setSweepMetrics(const QString &x, const QString &y)
{
    if (const int i = m_sweepX->findData(x); i >= 0)
        m_sweepX->setCurrentIndex(i);
    if (const int i = m_sweepY->findData(y); i >= 0)
        m_sweepY->setCurrentIndex(i);
    requestSweep();
}

double TradeoffsPage::alpha() const
{
    return m_alpha;
}

double TradeoffsPage::beta() const
{
    return m_beta;
}

int TradeoffsPage::k() const
{
    return m_k->value();
}

QString TradeoffsPage::normalisation() const
{
    return m_normalisation->currentData().toString();
}

QString TradeoffsPage::message() const
{
    return m_message;
}

QString TradeoffsPage::metricText(const QString &metric) const
{
    const QLabel *label = m_metricLabels.value(metric);
    return label ? label->text() : QString();
}

namespace {

std::optional<double> valueOf(const std::vector<tradeoff::RankedMetricValue> &metrics, const QString &metric)
{
    for (const tradeoff::RankedMetricValue &m : metrics)
        if (m.name == metric && m.value)
            return m.value->value;
    return std::nullopt;
}

} // namespace

std::optional<double> TradeoffsPage::metricValue(const QString &metric) const
{
    return m_last ? valueOf(m_last->metrics, metric) : std::nullopt;
}

QString TradeoffsPage::reportedText(const QString &metric) const
{
    const QLabel *label = m_reportedLabels.value(metric);
    return label ? label->text() : QString();
}

std::optional<double> TradeoffsPage::reportedValue(const QString &metric) const
{
    return m_last ? valueOf(m_last->reportedMetrics, metric) : std::nullopt;
}

QString TradeoffsPage::pairStatus() const
{
    return m_pairStatus->text();
}

bool TradeoffsPage::waitForIdle(int timeoutMs)
{
    // The pair first: its answer gives the engine its data.
    return m_pairReader->waitForIdle(timeoutMs) && m_worker->waitForIdle(timeoutMs);
}

void TradeoffsPage::showTab(const QString &key)
{
    m_tabs->setCurrentIndex(key == QLatin1String("policies") ? 1 : 0);
}

Status TradeoffsPage::savePolicy(const QString &name, const QString &note)
{
    if (!m_database || m_runA == 0 || m_runB == 0 || !m_message.isEmpty()) {
        const Error error{tr("Choose two runs that can be combined before saving a policy.")};
        Q_EMIT errorOccurred(error.message);
        return error;
    }
    services::PolicyRequest request;
    request.name = name.trimmed();
    request.note = note.trimmed();
    request.settings.runA = m_runA;
    request.settings.runB = m_runB;
    request.settings.alpha = m_alpha;
    request.settings.beta = m_beta;
    request.settings.normalisation = normalisation();
    request.settings.k = m_k->value();
    // The service checks the pair and computes the snapshot from these settings, not from what the
    // worker last showed, so a slider still moving cannot slip a stale snapshot in.
    const Result<db::PolicySaveOutcome> saved = services::PolicyService(*m_database).save(m_projectId, request);
    if (!saved) {
        Q_EMIT errorOccurred(saved.error());
        return Error{saved.error()};
    }
    reloadPolicies();
    Q_EMIT statusMessage(saved->unchanged
                             ? tr("Policy '%1' already has these settings as version %2: nothing added.")
                                   .arg(saved->policy.name)
                                   .arg(saved->policy.version)
                             : tr("Saved policy '%1' version %2.").arg(saved->policy.name).arg(saved->policy.version));
    return success();
}

Status TradeoffsPage::applyPolicy(const QString &name)
{
    if (!m_database)
        return Error{tr("No workspace is open.")};
    const Result<db::PolicyRecord> policy = db::PolicyRepository(*m_database).find(m_projectId, name);
    if (!policy)
        return Error{policy.error()};
    const PolicySettings &s = policy->settings;
    m_lock->blockSignals(true);
    m_lock->setChecked(std::abs(s.alpha + s.beta - 1.0) < 1e-9);
    m_lock->blockSignals(false);
    m_alpha = s.alpha;
    m_beta = s.beta;
    syncWeightWidgets();
    m_k->blockSignals(true);
    m_k->setValue(s.k);
    m_k->blockSignals(false);
    updateBudgetNote();
    m_normalisation->setCurrentIndex(m_normalisation->findData(s.normalisation));
    fillRunChoices();
    setRuns(s.runA, s.runB);
    return success();
}

Status TradeoffsPage::exportPolicy(const QString &name, const QString &path)
{
    if (!m_database)
        return Error{tr("No workspace is open.")};
    db::PolicyRepository policies(*m_database);
    const Result<db::PolicyRecord> policy = policies.find(m_projectId, name);
    if (!policy)
        return Error{policy.error()};
    const Result<PolicyDocument> document = policies.document(*policy);
    if (!document)
        return Error{document.error()};
    QSaveFile file(path);
    const QByteArray bytes = policyToBytes(*document);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error{tr("Cannot write %1: %2").arg(path, file.errorString())};
    Q_EMIT statusMessage(tr("Exported policy '%1' to %2").arg(name, path));
    return success();
}

void TradeoffsPage::reloadPolicies()
{
    m_policies->clear();
    m_policies->setRowCount(0);
    if (!m_database || m_projectId <= 0)
        return;
    const Result<QList<db::PolicySummary>> summaries = db::PolicyRepository(*m_database).policies(m_projectId);
    if (!summaries)
        return;
    // One column per metric any policy recorded: policies side by side.
    QStringList metricNames;
    for (const db::PolicySummary &s : *summaries)
        for (auto it = s.latest.metrics.constBegin(); it != s.latest.metrics.constEnd(); ++it)
            if (!metricNames.contains(it.key()))
                metricNames << it.key();
    QStringList headers{tr("Policy"), tr("Version"), tr("Runs"), tr("α"), tr("β"), tr("Normalisation"), tr("k")};
    for (const QString &m : metricNames)
        headers << metricLabel(m);
    headers << tr("Note") << tr("Saved");
    m_policies->setColumnCount(int(headers.size()));
    m_policies->setHorizontalHeaderLabels(headers);
    m_policies->setRowCount(int(summaries->size()));
    for (int r = 0; r < summaries->size(); ++r) {
        const db::PolicyRecord &p = summaries->at(r).latest;
        int c = 0;
        m_policies->setItem(r, c++, new QTableWidgetItem(p.name));
        m_policies->setItem(r, c++,
                            new QTableWidgetItem(tr("%1 of %2").arg(p.version).arg(summaries->at(r).versionCount)));
        m_policies->setItem(
            r, c++, new QTableWidgetItem(QStringLiteral("#%1 + #%2").arg(p.settings.runA).arg(p.settings.runB)));
        m_policies->setItem(r, c++, numberItem(p.settings.alpha));
        m_policies->setItem(r, c++, numberItem(p.settings.beta));
        m_policies->setItem(r, c++, new QTableWidgetItem(p.settings.normalisation));
        m_policies->setItem(r, c++, numberItem(p.settings.k));
        for (const QString &m : metricNames)
            m_policies->setItem(r, c++, p.metrics.contains(m) ? numberItem(p.metrics.value(m)) : new QTableWidgetItem);
        m_policies->setItem(r, c++, new QTableWidgetItem(p.note));
        m_policies->setItem(r, c++, new QTableWidgetItem(p.createdAt));
    }
    m_policies->resizeColumnsToContents();
}

} // namespace mb::ui
