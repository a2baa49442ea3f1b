// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/runs/LaunchRunDialog.h"

#include "app/services/RunQueueing.h"
#include "core/FramingValidator.h"
#include "db/FramingRepository.h"
#include "db/RunRepository.h"
#include "ui/shell/Theme.h"
#include "ui/widgets/PreciseSpinBox.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace mb::ui {
namespace {

template<typename E>
void addChoices(QComboBox *combo, std::initializer_list<E> values)
{
    for (E value : values)
        combo->addItem(toKey(value), int(value));
}

template<typename E>
E choiceOf(const QComboBox *combo)
{
    return E(combo->currentData().toInt());
}

void choose(QComboBox *combo, int value)
{
    combo->setCurrentIndex(std::max(0, combo->findData(value)));
}

QString joinNumbers(const QList<int> &values)
{
    QStringList parts;
    for (int v : values)
        parts << QString::number(v);
    return parts.join(QStringLiteral(", "));
}

// "64, 32" or "64 32": whole numbers; an Error names the field.
Result<QList<int>> parseNumbers(const QString &text, const QString &field)
{
    QList<int> values;
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    for (const QString &part : text.split(separators, Qt::SkipEmptyParts)) {
        bool ok = false;
        const int v = part.toInt(&ok);
        if (!ok)
            return Error{QObject::tr("%1: '%2' is not a whole number; list sizes such as 64, 32").arg(field, part)};
        values << v;
    }
    return values;
}

QStringList parseNames(const QString &text)
{
    QStringList names;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty())
            names << part.trimmed();
    return names;
}

PreciseSpinBox *numberBox(double min, double max, double step)
{
    auto *box = new PreciseSpinBox;
    box->setRange(min, max);
    box->setSingleStep(step);
    return box;
}

QSpinBox *integerBox(int min, int max)
{
    auto *box = new QSpinBox;
    box->setRange(min, max);
    return box;
}

} // namespace

LaunchRunDialog::LaunchRunDialog(db::Database &database, std::int64_t projectId, QWidget *parent)
    : QDialog(parent), m_database(database), m_projectId(projectId)
{
    setObjectName(QStringLiteral("launchRunDialog"));
    setWindowTitle(tr("Launch a training run"));
    auto *formPage = new QWidget;
    buildForm(formPage);

    m_json = new QPlainTextEdit;
    m_json->setObjectName(QStringLiteral("launchJson"));
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_json->setLineWrapMode(QPlainTextEdit::NoWrap);
    connect(m_json, &QPlainTextEdit::textChanged, this, &LaunchRunDialog::onJsonEdited);
    auto *jsonPage = new QWidget;
    auto *jsonLayout = new QVBoxLayout(jsonPage);
    auto *jsonHint = new QLabel(
        tr("The whole run config (docs/RUN-CONFIG.md). Keys the form does not show, such as "
           "class_weights, huber_delta or the features' log1p and ordinal, are edited here; the form follows."));
    jsonHint->setWordWrap(true);
    jsonLayout->addWidget(jsonHint);
    jsonLayout->addWidget(m_json, 1);

    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("launchTabs"));
    m_tabs->addTab(formPage, tr("Form"));
    m_tabs->addTab(jsonPage, tr("Advanced (JSON)"));

    m_problem = new QLabel;
    m_problem->setObjectName(QStringLiteral("launchProblem"));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Launch"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("launchButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &LaunchRunDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    resize(880, 660);

    loadProject();
}

void LaunchRunDialog::buildForm(QWidget *page)
{
    const auto edited = [this] { onFormEdited(); };

    m_name = new QLineEdit;
    m_name->setObjectName(QStringLiteral("launchName"));
    m_name->setPlaceholderText(tr("shown in the runs table, such as 'wider mlp'"));
    connect(m_name, &QLineEdit::textEdited, this, edited);
    m_version = new QComboBox;
    m_version->setObjectName(QStringLiteral("launchDatasetVersion"));
    connect(m_version, &QComboBox::activated, this, &LaunchRunDialog::onVersionChosen);
    m_split = new QComboBox;
    m_split->setObjectName(QStringLiteral("launchSplit"));
    connect(m_split, &QComboBox::activated, this, edited);
    m_task = new QComboBox;
    m_task->setObjectName(QStringLiteral("launchTask"));
    addChoices(m_task, {TaskType::Binary, TaskType::Multiclass, TaskType::Multilabel, TaskType::Regression,
                        TaskType::TwoObjectiveRanking});
    connect(m_task, &QComboBox::activated, this, &LaunchRunDialog::onTaskChosen);
    m_targets = new QLineEdit;
    m_targets->setObjectName(QStringLiteral("launchTargets"));
    m_targets->setPlaceholderText(tr("target column(s), separated by commas"));
    connect(m_targets, &QLineEdit::textEdited, this, edited);
    m_targetHint = new QLabel;
    m_versionNote = new QLabel;
    m_versionNote->setObjectName(QStringLiteral("launchVersionNote"));
    m_versionNote->setWordWrap(true);
    m_versionNote->hide();
    // The encoding's two common options, beside the task so the dialog keeps its height at
    // 1024x700; log1p columns and ordinal orders name columns, so they are edited in the JSON
    // (docs/RUN-CONFIG.md, `features`).
    m_maxCategories = integerBox(1, 10000);
    m_maxCategories->setObjectName(QStringLiteral("launchMaxCategories"));
    m_maxCategories->setToolTip(tr("The most frequent categories of the training rows get a column each; the rest "
                                   "share an \"other\" column. Raise it for columns with many levels."));
    connect(m_maxCategories, &QSpinBox::valueChanged, this, edited);
    m_standardize = new QCheckBox(tr("Standardise numbers"));
    m_standardize->setObjectName(QStringLiteral("launchStandardize"));
    m_standardize->setToolTip(tr("(x - mean) / standard deviation, both from the training rows"));
    connect(m_standardize, &QCheckBox::toggled, this, edited);
    // Words in a label, not in the spin box's prefix or suffix: a spin box sizes itself for its
    // number and would cut them off.
    auto *featuresLabel = new QLabel(tr("One-hot categories per column, at most:"));
    featuresLabel->setObjectName(QStringLiteral("launchMaxCategoriesLabel"));
    featuresLabel->setBuddy(m_maxCategories);
    featuresLabel->setToolTip(m_maxCategories->toolTip());
    auto *taskRow = new QHBoxLayout;
    taskRow->addWidget(m_task);
    taskRow->addSpacing(24);
    taskRow->addWidget(featuresLabel);
    taskRow->addWidget(m_maxCategories);
    taskRow->addSpacing(12);
    taskRow->addWidget(m_standardize);
    taskRow->addStretch();
    auto *dataForm = new QFormLayout;
    dataForm->addRow(tr("Name:"), m_name);
    dataForm->addRow(tr("Dataset version:"), m_version);
    dataForm->addRow(QString(), m_versionNote);
    dataForm->addRow(tr("Split:"), m_split);
    dataForm->addRow(tr("Task:"), taskRow);
    if (auto *taskLabel = qobject_cast<QLabel *>(dataForm->labelForField(taskRow)))
        taskLabel->setBuddy(m_task);
    dataForm->addRow(tr("Targets:"), m_targets);
    dataForm->addRow(QString(), m_targetHint);
    auto *dataGroup = new QGroupBox(tr("Data"));
    dataGroup->setLayout(dataForm);

    m_modelKind = new QComboBox;
    m_modelKind->setObjectName(QStringLiteral("launchModelKind"));
    addChoices(m_modelKind, {ModelKind::Linear, ModelKind::Mlp, ModelKind::Cnn});
    connect(m_modelKind, &QComboBox::activated, this, edited);
    m_hidden = new QLineEdit;
    m_hidden->setObjectName(QStringLiteral("launchHidden"));
    m_hidden->setToolTip(tr("Widths of the hidden layers, such as 64, 32"));
    connect(m_hidden, &QLineEdit::textEdited, this, edited);
    m_activation = new QComboBox;
    m_activation->setObjectName(QStringLiteral("launchActivation"));
    addChoices(m_activation, {Activation::Relu, Activation::Tanh, Activation::Gelu, Activation::Sigmoid});
    connect(m_activation, &QComboBox::activated, this, edited);
    m_dropout = numberBox(0, 0.95, 0.05);
    m_dropout->setObjectName(QStringLiteral("launchDropout"));
    connect(m_dropout, &QDoubleSpinBox::valueChanged, this, edited);
    m_batchNorm = new QCheckBox(tr("Batch normalisation"));
    m_batchNorm->setObjectName(QStringLiteral("launchBatchNorm"));
    connect(m_batchNorm, &QCheckBox::toggled, this, edited);
    m_channels = new QLineEdit;
    m_channels->setObjectName(QStringLiteral("launchChannels"));
    connect(m_channels, &QLineEdit::textEdited, this, edited);
    m_kernel = integerBox(1, 15);
    m_kernel->setSingleStep(2);
    m_kernel->setObjectName(QStringLiteral("launchKernel"));
    connect(m_kernel, &QSpinBox::valueChanged, this, edited);
    m_modelForm = new QFormLayout;
    m_modelForm->addRow(tr("Model:"), m_modelKind);
    m_modelForm->addRow(tr("Hidden sizes:"), m_hidden);
    m_modelForm->addRow(tr("Activation:"), m_activation);
    m_modelForm->addRow(tr("Dropout:"), m_dropout);
    m_modelForm->addRow(QString(), m_batchNorm);
    m_modelForm->addRow(tr("Channels:"), m_channels);
    m_modelForm->addRow(tr("Kernel:"), m_kernel);
    auto *modelGroup = new QGroupBox(tr("Model"));
    modelGroup->setLayout(m_modelForm);

    m_loss = new QComboBox;
    m_loss->setObjectName(QStringLiteral("launchLoss"));
    connect(m_loss, &QComboBox::activated, this, edited);
    m_loss2 = new QComboBox;
    m_loss2->setObjectName(QStringLiteral("launchLoss2"));
    connect(m_loss2, &QComboBox::activated, this, edited);
    m_posWeight = numberBox(0.0001, 1e6, 0.5);
    m_posWeight->setObjectName(QStringLiteral("launchPosWeight"));
    m_posWeight->setToolTip(tr("BCE weight of the positive examples: above 1 for a rare positive class"));
    connect(m_posWeight, &QDoubleSpinBox::valueChanged, this, edited);
    m_alpha = numberBox(0, 1e6, 0.1);
    m_alpha->setObjectName(QStringLiteral("launchAlpha"));
    connect(m_alpha, &QDoubleSpinBox::valueChanged, this, edited);
    m_beta = numberBox(0, 1e6, 0.1);
    m_beta->setObjectName(QStringLiteral("launchBeta"));
    connect(m_beta, &QDoubleSpinBox::valueChanged, this, edited);
    m_lossForm = new QFormLayout;
    m_lossForm->addRow(tr("Loss:"), m_loss);
    m_lossForm->addRow(tr("Second loss:"), m_loss2);
    m_lossForm->addRow(tr("Positive weight:"), m_posWeight);
    m_lossForm->addRow(tr("Alpha (first):"), m_alpha);
    m_lossForm->addRow(tr("Beta (second):"), m_beta);
    auto *lossGroup = new QGroupBox(tr("Objective"));
    lossGroup->setLayout(m_lossForm);

    m_optimizer = new QComboBox;
    m_optimizer->setObjectName(QStringLiteral("launchOptimizer"));
    addChoices(m_optimizer, {OptimizerKind::Sgd, OptimizerKind::Adam, OptimizerKind::AdamW});
    connect(m_optimizer, &QComboBox::activated, this, edited);
    m_learningRate = numberBox(1e-9, 10, 0.0005);
    m_learningRate->setObjectName(QStringLiteral("launchLearningRate"));
    connect(m_learningRate, &QDoubleSpinBox::valueChanged, this, edited);
    m_momentum = numberBox(0, 0.999, 0.05);
    m_momentum->setObjectName(QStringLiteral("launchMomentum"));
    connect(m_momentum, &QDoubleSpinBox::valueChanged, this, edited);
    m_weightDecay = numberBox(0, 1, 0.0001);
    m_weightDecay->setObjectName(QStringLiteral("launchWeightDecay"));
    connect(m_weightDecay, &QDoubleSpinBox::valueChanged, this, edited);
    m_schedule = new QComboBox;
    m_schedule->setObjectName(QStringLiteral("launchSchedule"));
    addChoices(m_schedule, {ScheduleKind::Constant, ScheduleKind::Step, ScheduleKind::Cosine});
    connect(m_schedule, &QComboBox::activated, this, edited);
    m_stepSize = integerBox(1, 100000);
    m_stepSize->setObjectName(QStringLiteral("launchStepSize"));
    connect(m_stepSize, &QSpinBox::valueChanged, this, edited);
    m_gamma = numberBox(0.0001, 1, 0.05);
    m_gamma->setObjectName(QStringLiteral("launchGamma"));
    connect(m_gamma, &QDoubleSpinBox::valueChanged, this, edited);
    m_batchSize = integerBox(1, 65536);
    m_batchSize->setObjectName(QStringLiteral("launchBatchSize"));
    connect(m_batchSize, &QSpinBox::valueChanged, this, edited);
    m_epochs = integerBox(1, 100000);
    m_epochs->setObjectName(QStringLiteral("launchEpochs"));
    connect(m_epochs, &QSpinBox::valueChanged, this, edited);
    m_earlyStopping = new QCheckBox(tr("Stop early when"));
    m_earlyStopping->setObjectName(QStringLiteral("launchEarlyStopping"));
    connect(m_earlyStopping, &QCheckBox::toggled, this, edited);
    m_stopMetric = new QLineEdit;
    m_stopMetric->setObjectName(QStringLiteral("launchStopMetric"));
    m_stopMetric->setMinimumWidth(180);
    m_stopMetric->setToolTip(tr("A validation series, such as validation/loss or validation/accuracy"));
    connect(m_stopMetric, &QLineEdit::textEdited, this, edited);
    m_stopMode = new QComboBox;
    addChoices(m_stopMode, {StopMode::Min, StopMode::Max});
    connect(m_stopMode, &QComboBox::activated, this, edited);
    m_patience = integerBox(1, 10000);
    m_patience->setObjectName(QStringLiteral("launchPatience"));
    m_patience->setSuffix(tr(" epochs"));
    connect(m_patience, &QSpinBox::valueChanged, this, edited);
    auto *stopping = new QHBoxLayout;
    stopping->addWidget(m_earlyStopping);
    stopping->addWidget(m_stopMetric, 1);
    stopping->addWidget(m_stopMode);
    stopping->addWidget(new QLabel(tr("has not improved for")));
    stopping->addWidget(m_patience);
    m_seed = new QLineEdit;
    m_seed->setObjectName(QStringLiteral("launchSeed"));
    connect(m_seed, &QLineEdit::textEdited, this, edited);
    m_threads = integerBox(0, 256);
    m_threads->setObjectName(QStringLiteral("launchThreads"));
    m_threads->setSpecialValueText(tr("one per core"));
    connect(m_threads, &QSpinBox::valueChanged, this, edited);
    m_trainingForm = new QFormLayout;
    m_trainingForm->addRow(tr("Optimizer:"), m_optimizer);
    m_trainingForm->addRow(tr("Learning rate:"), m_learningRate);
    m_trainingForm->addRow(tr("Momentum:"), m_momentum);
    m_trainingForm->addRow(tr("Weight decay:"), m_weightDecay);
    m_trainingForm->addRow(tr("LR schedule:"), m_schedule);
    m_trainingForm->addRow(tr("Step size (epochs):"), m_stepSize);
    m_trainingForm->addRow(tr("Gamma:"), m_gamma);
    auto *loopForm = new QFormLayout;
    loopForm->addRow(tr("Batch size:"), m_batchSize);
    loopForm->addRow(tr("Epochs:"), m_epochs);
    loopForm->addRow(tr("Seed:"), m_seed);
    loopForm->addRow(tr("Threads:"), m_threads);
    auto *trainingColumns = new QHBoxLayout;
    trainingColumns->addLayout(m_trainingForm, 1);
    trainingColumns->addSpacing(16);
    trainingColumns->addLayout(loopForm, 1);
    auto *trainingGroup = new QGroupBox(tr("Training"));
    auto *trainingLayout = new QVBoxLayout(trainingGroup);
    trainingLayout->addLayout(trainingColumns);
    trainingLayout->addLayout(stopping);

    // The data on top, full width: version and split descriptions are long.
    auto *middle = new QHBoxLayout;
    middle->addWidget(modelGroup, 1);
    middle->addWidget(lossGroup, 1);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(dataGroup);
    layout->addLayout(middle);
    layout->addWidget(trainingGroup);
    layout->addStretch();
}

void LaunchRunDialog::loadProject()
{
    if (Result<std::optional<db::FramingVersion>> latest = db::FramingRepository(m_database).current(m_projectId);
        latest && latest->has_value()) {
        m_framingTask = (*latest)->framing.taskType;
        m_framingTargets = (*latest)->framing.targetColumns;
    }
    db::DatasetRepository datasets(m_database);
    if (Result<QList<db::DatasetVersionInfo>> versions = datasets.versions(m_projectId))
        m_versions = *versions;
    if (Result<QList<db::RunRecord>> runs = db::RunRepository(m_database).runs(m_projectId))
        m_runsNewestFirst = *runs;
    QStringList unusable;
    for (const db::DatasetVersionInfo &v : m_versions) {
        const QString reason = unusableReason(v);
        m_version->addItem(tr("#%1  %2  (%3 rows)%4")
                               .arg(v.id)
                               .arg(v.name)
                               .arg(QLocale().toString(qlonglong(v.rowCount)))
                               .arg(reason.isEmpty() ? QString() : tr(" — not usable")),
                           qint64(v.id));
        m_version->setItemData(m_version->count() - 1, reason, Qt::ToolTipRole);
        if (!reason.isEmpty())
            unusable << tr("#%1: %2").arg(v.id).arg(reason);
    }
    // Why a version is not offered first, so no one has to find out at launch.
    m_versionNote->setVisible(!unusable.isEmpty());
    m_versionNote->setText(tr("Not usable for this framing: %1.").arg(unusable.join(QStringLiteral("; "))));

    TrainingConfig config = defaultTrainingConfig(m_framingTask);
    if (!m_versions.isEmpty()) {
        config.datasetVersion = startingVersion();
        fillSplits(config.datasetVersion, lastUsedSplit(config.datasetVersion));
        config.split = m_split->currentData().toLongLong();
        config.targets = defaultTargets(config.datasetVersion, config.task);
    }
    setStartingConfig(config);
}

void LaunchRunDialog::setStartingConfig(const TrainingConfig &config, std::optional<std::int64_t> parentRunId)
{
    m_parentRunId = parentRunId;
    if (parentRunId)
        setWindowTitle(tr("Fork run #%1: edit the config, then launch the child run").arg(*parentRunId));
    m_config = config;
    fillForm(config);
    m_updating = true;
    m_json->setPlainText(QString::fromUtf8(trainingConfigToBytes(config)));
    m_updating = false;
    showResult(config);
}

QString LaunchRunDialog::unusableReason(const db::DatasetVersionInfo &version)
{
    QStringList reasons;
    fillSplits(version.id, 0); // reads and keeps the version's splits
    if (m_splits.value(version.id).isEmpty())
        reasons << tr("it has no split (add one on the Data page)");
    const QStringList available = targetColumns(version.id);
    QStringList missing;
    for (const QString &target : std::as_const(m_framingTargets))
        if (!available.contains(target))
            missing << target;
    if (!missing.isEmpty())
        reasons
            << tr("it has no target column %1").arg(QStringLiteral("'%1'").arg(missing.join(QStringLiteral("', '"))));
    return reasons.join(tr(" and "));
}

std::int64_t LaunchRunDialog::startingVersion()
{
    // The version the project's newest run used, if it is still usable; else the newest usable one;
    // else the newest, whose problem the dialog then names.
    const std::int64_t lastUsed =
        m_runsNewestFirst.isEmpty() ? 0 : m_runsNewestFirst.constFirst().datasetVersionId.value_or(0);
    const auto usable = [this](std::int64_t id) {
        const int index = m_version->findData(qint64(id));
        return index >= 0 && m_version->itemData(index, Qt::ToolTipRole).toString().isEmpty();
    };
    if (lastUsed > 0 && usable(lastUsed))
        return lastUsed;
    for (const db::DatasetVersionInfo &v : std::as_const(m_versions))
        if (usable(v.id))
            return v.id;
    return m_versions.constFirst().id;
}

std::int64_t LaunchRunDialog::lastUsedSplit(std::int64_t versionId)
{
    fillSplits(versionId, 0); // reads and keeps the version's splits
    const QList<db::DatasetSplitInfo> &splits = m_splits[versionId];
    for (const db::RunRecord &run : std::as_const(m_runsNewestFirst))
        if (run.datasetVersionId == versionId && run.splitId)
            return std::any_of(splits.cbegin(), splits.cend(),
                               [&run](const db::DatasetSplitInfo &s) { return s.id == *run.splitId; })
                       ? *run.splitId
                       : 0;
    return 0;
}

QStringList LaunchRunDialog::targetColumns(std::int64_t versionId) const
{
    for (const db::DatasetVersionInfo &v : m_versions)
        if (v.id == versionId) {
            QStringList names;
            for (const data::ColumnSchema &c : v.schema)
                if (c.role == data::ColumnRole::Target)
                    names << c.name;
            return names;
        }
    return {};
}

// The framing's targets where the version has them, else the version's own target columns.
QStringList LaunchRunDialog::defaultTargets(std::int64_t versionId, TaskType task) const
{
    const QStringList available = targetColumns(versionId);
    QStringList targets;
    for (const QString &t : m_framingTargets)
        if (available.contains(t))
            targets << t;
    for (const QString &t : available)
        if (!targets.contains(t))
            targets << t;
    const int wanted = hasTwoObjectives(task) ? 2 : task == TaskType::Multilabel ? int(targets.size()) : 1;
    return targets.mid(0, wanted);
}

void LaunchRunDialog::fillSplits(std::int64_t versionId, std::int64_t select)
{
    if (!m_splits.contains(versionId)) {
        Result<QList<db::DatasetSplitInfo>> splits = db::DatasetRepository(m_database).splits(versionId);
        m_splits.insert(versionId, splits ? *splits : QList<db::DatasetSplitInfo>{});
    }
    m_split->clear();
    for (const db::DatasetSplitInfo &s : m_splits.value(versionId))
        m_split->addItem(tr("#%1  %2 · %3 / %4 / %5 rows")
                             .arg(s.id)
                             .arg(s.spec.describe())
                             .arg(QLocale().toString(qlonglong(s.counts.train)))
                             .arg(QLocale().toString(qlonglong(s.counts.validation)))
                             .arg(QLocale().toString(qlonglong(s.counts.test))),
                         qint64(s.id));
    if (m_split->count() == 0)
        m_split->addItem(tr("(this version has no split: add one on the Data page with Add split…)"), qint64(0));
    const int index = m_split->findData(qint64(select));
    m_split->setCurrentIndex(std::max(0, index));
}

void LaunchRunDialog::fillLosses(TaskType task)
{
    m_loss->clear();
    m_loss2->clear();
    for (Loss loss : lossesFor(task)) {
        m_loss->addItem(toKey(loss), int(loss));
        m_loss2->addItem(toKey(loss), int(loss));
    }
}

void LaunchRunDialog::fillForm(const TrainingConfig &c)
{
    m_updating = true;
    m_name->setText(c.name);
    const int version = m_version->findData(qint64(c.datasetVersion));
    if (version < 0 && c.datasetVersion > 0) // a version of another project, or gone: shown as it is
        m_version->addItem(tr("#%1 (not a version of this project)").arg(c.datasetVersion), qint64(c.datasetVersion));
    m_version->setCurrentIndex(std::max(0, m_version->findData(qint64(c.datasetVersion))));
    fillSplits(c.datasetVersion, c.split);
    if (m_split->findData(qint64(c.split)) < 0 && c.split > 0) {
        m_split->addItem(tr("#%1 (not a split of this version)").arg(c.split), qint64(c.split));
        m_split->setCurrentIndex(m_split->count() - 1);
    }
    choose(m_task, int(c.task));
    m_targets->setText(c.targets.join(QStringLiteral(", ")));
    const QStringList available = targetColumns(c.datasetVersion);
    m_targetHint->setText(available.isEmpty()
                              ? tr("This version has no target column: mark one when importing.")
                              : tr("Target columns of this version: %1").arg(available.join(QStringLiteral(", "))));
    m_maxCategories->setValue(c.features.maxCategories);
    m_standardize->setChecked(c.features.standardize);
    choose(m_modelKind, int(c.model.kind));
    m_hidden->setText(joinNumbers(c.model.hidden));
    choose(m_activation, int(c.model.activation));
    m_dropout->setValue(c.model.dropout);
    m_batchNorm->setChecked(c.model.batchNorm);
    m_channels->setText(joinNumbers(c.model.channels));
    m_kernel->setValue(c.model.kernel);
    fillLosses(c.task);
    if (!c.losses.isEmpty()) {
        choose(m_loss, int(c.losses.at(0).kind));
        m_posWeight->setValue(c.losses.at(0).positiveWeight);
    }
    if (c.losses.size() > 1)
        choose(m_loss2, int(c.losses.at(1).kind));
    m_alpha->setValue(c.alpha);
    m_beta->setValue(c.beta);
    choose(m_optimizer, int(c.optimizer.kind));
    m_learningRate->setValue(c.optimizer.learningRate);
    m_momentum->setValue(c.optimizer.momentum);
    m_weightDecay->setValue(c.optimizer.weightDecay);
    choose(m_schedule, int(c.schedule.kind));
    m_stepSize->setValue(c.schedule.stepSize);
    m_gamma->setValue(c.schedule.gamma);
    m_batchSize->setValue(c.batchSize);
    m_epochs->setValue(c.epochs);
    m_earlyStopping->setChecked(c.earlyStopping.has_value());
    const EarlyStopping stopping = c.earlyStopping.value_or(EarlyStopping{});
    m_stopMetric->setText(stopping.metric);
    choose(m_stopMode, int(stopping.mode));
    m_patience->setValue(stopping.patience);
    m_seed->setText(QString::number(c.seed));
    m_threads->setValue(c.threads);
    m_updating = false;
    updateVisibleRows();
}

void LaunchRunDialog::updateVisibleRows()
{
    const auto model = choiceOf<ModelKind>(m_modelKind);
    m_modelForm->setRowVisible(m_hidden, model != ModelKind::Linear);
    m_modelForm->setRowVisible(m_activation, model != ModelKind::Linear);
    m_modelForm->setRowVisible(m_dropout, model != ModelKind::Linear);
    m_modelForm->setRowVisible(m_batchNorm, model != ModelKind::Linear);
    m_modelForm->setRowVisible(m_channels, model == ModelKind::Cnn);
    m_modelForm->setRowVisible(m_kernel, model == ModelKind::Cnn);
    const bool two = hasTwoObjectives(choiceOf<TaskType>(m_task));
    // With two objectives, each loss says which target it learns.
    const QStringList targets = parseNames(m_targets->text());
    if (auto *label = qobject_cast<QLabel *>(m_lossForm->labelForField(m_loss)))
        label->setText(two && !targets.isEmpty() ? tr("Loss (%1):").arg(targets.value(0)) : tr("Loss:"));
    if (auto *label = qobject_cast<QLabel *>(m_lossForm->labelForField(m_loss2)))
        label->setText(targets.size() > 1 ? tr("Loss (%1):").arg(targets.value(1)) : tr("Second loss:"));
    m_lossForm->setRowVisible(m_loss2, two);
    m_lossForm->setRowVisible(m_alpha, two);
    m_lossForm->setRowVisible(m_beta, two);
    m_lossForm->setRowVisible(m_posWeight, choiceOf<Loss>(m_loss) == Loss::Bce);
    m_trainingForm->setRowVisible(m_momentum, choiceOf<OptimizerKind>(m_optimizer) == OptimizerKind::Sgd);
    const bool step = choiceOf<ScheduleKind>(m_schedule) == ScheduleKind::Step;
    m_trainingForm->setRowVisible(m_stepSize, step);
    m_trainingForm->setRowVisible(m_gamma, step);
    for (QWidget *w : std::initializer_list<QWidget *>{m_stopMetric, m_stopMode, m_patience})
        w->setEnabled(m_earlyStopping->isChecked());
}

Result<TrainingConfig> LaunchRunDialog::configFromForm() const
{
    TrainingConfig c = m_config;
    c.name = m_name->text().trimmed();
    c.datasetVersion = m_version->currentData().toLongLong();
    c.split = m_split->currentData().toLongLong();
    c.task = choiceOf<TaskType>(m_task);
    c.targets = parseNames(m_targets->text());
    c.features.maxCategories = m_maxCategories->value();
    c.features.standardize = m_standardize->isChecked();
    c.model.kind = choiceOf<ModelKind>(m_modelKind);
    Result<QList<int>> hidden = parseNumbers(m_hidden->text(), QStringLiteral("model.hidden"));
    if (!hidden)
        return Error{hidden.error()};
    c.model.hidden = *hidden;
    c.model.activation = choiceOf<Activation>(m_activation);
    c.model.dropout = m_dropout->value();
    c.model.batchNorm = m_batchNorm->isChecked();
    Result<QList<int>> channels = parseNumbers(m_channels->text(), QStringLiteral("model.channels"));
    if (!channels)
        return Error{channels.error()};
    c.model.channels = *channels;
    c.model.kernel = m_kernel->value();
    const int losses = hasTwoObjectives(c.task) ? 2 : 1;
    while (c.losses.size() < losses)
        c.losses << LossConfig{};
    c.losses = c.losses.mid(0, losses);
    c.losses[0].kind = choiceOf<Loss>(m_loss);
    c.losses[0].positiveWeight = m_posWeight->value();
    if (losses == 2)
        c.losses[1].kind = choiceOf<Loss>(m_loss2);
    c.alpha = m_alpha->value();
    c.beta = m_beta->value();
    c.optimizer.kind = choiceOf<OptimizerKind>(m_optimizer);
    c.optimizer.learningRate = m_learningRate->value();
    c.optimizer.momentum = m_momentum->value();
    c.optimizer.weightDecay = m_weightDecay->value();
    c.schedule.kind = choiceOf<ScheduleKind>(m_schedule);
    c.schedule.stepSize = m_stepSize->value();
    c.schedule.gamma = m_gamma->value();
    c.batchSize = m_batchSize->value();
    c.epochs = m_epochs->value();
    if (m_earlyStopping->isChecked())
        c.earlyStopping =
            EarlyStopping{m_stopMetric->text().trimmed(), choiceOf<StopMode>(m_stopMode), m_patience->value()};
    else
        c.earlyStopping.reset();
    bool seedOk = false;
    c.seed = m_seed->text().trimmed().toULongLong(&seedOk);
    if (!seedOk)
        return Error{tr("seed: expected a whole number, such as 42")};
    c.threads = m_threads->value();
    return c;
}

void LaunchRunDialog::onFormEdited()
{
    if (m_updating)
        return;
    updateVisibleRows();
    Result<TrainingConfig> form = configFromForm();
    if (!form) {
        showResult(form);
        return;
    }
    // The JSON follows the form; reading it back is what the worker will do with it.
    const QByteArray bytes = trainingConfigToBytes(*form);
    m_updating = true;
    m_json->setPlainText(QString::fromUtf8(bytes));
    m_updating = false;
    Result<TrainingConfig> read = trainingConfigFromBytes(bytes);
    if (read)
        m_config = *read;
    showResult(read);
}

void LaunchRunDialog::onJsonEdited()
{
    if (m_updating)
        return;
    Result<TrainingConfig> read = trainingConfigFromBytes(m_json->toPlainText().toUtf8());
    if (read) {
        m_config = *read;
        fillForm(m_config);
    }
    showResult(read);
}

void LaunchRunDialog::onVersionChosen()
{
    if (m_updating)
        return;
    const std::int64_t versionId = m_version->currentData().toLongLong();
    m_updating = true;
    fillSplits(versionId, lastUsedSplit(versionId));
    // Targets the new version does not have give way to its own.
    const QStringList available = targetColumns(versionId);
    const QStringList current = parseNames(m_targets->text());
    if (current.isEmpty() ||
        std::any_of(current.cbegin(), current.cend(), [&](const QString &t) { return !available.contains(t); }))
        m_targets->setText(defaultTargets(versionId, choiceOf<TaskType>(m_task)).join(QStringLiteral(", ")));
    m_targetHint->setText(available.isEmpty()
                              ? tr("This version has no target column: mark one when importing.")
                              : tr("Target columns of this version: %1").arg(available.join(QStringLiteral(", "))));
    m_updating = false;
    onFormEdited();
}

void LaunchRunDialog::onTaskChosen()
{
    if (m_updating)
        return;
    // A new task brings its own losses and number of targets; the rest of the config stays.
    const TaskType task = choiceOf<TaskType>(m_task);
    const TrainingConfig defaults = defaultTrainingConfig(task);
    m_config.task = task;
    m_config.losses = defaults.losses;
    m_updating = true;
    fillLosses(task);
    choose(m_loss, int(defaults.losses.at(0).kind));
    if (defaults.losses.size() > 1)
        choose(m_loss2, int(defaults.losses.at(1).kind));
    m_targets->setText(defaultTargets(m_version->currentData().toLongLong(), task).join(QStringLiteral(", ")));
    m_updating = false;
    onFormEdited();
}

Status LaunchRunDialog::checkAgainstProject(const TrainingConfig &c) const
{
    // queueRun's own checks, on what the dialog has loaded; Launch runs them again on the workspace.
    return services::checkRunAgainstData(c, m_versions, m_splits.value(c.datasetVersion));
}

void LaunchRunDialog::showResult(const Result<TrainingConfig> &config)
{
    m_current = config;
    QString problem;
    if (m_versions.isEmpty())
        problem = tr("This project has no dataset yet: import one on the Data page, then launch.");
    else if (!config)
        problem = config.error();
    else if (const Status checked = checkAgainstProject(*config); !checked)
        problem = checked.error();
    if (problem.isEmpty() && config)
        m_current = config;
    else
        m_current = Error{problem};
    m_problem->setText(problem.isEmpty() ? QString() : QStringLiteral("⚠ ") + problem);
    m_problem->setStyleSheet(problem.isEmpty() ? QString() : QStringLiteral("color: %1").arg(errorTextCss()));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

Result<TrainingConfig> LaunchRunDialog::config() const
{
    return m_current;
}

QString LaunchRunDialog::problem() const
{
    return m_current ? QString() : m_current.error();
}

bool LaunchRunDialog::canLaunch() const
{
    return m_current.ok();
}

void LaunchRunDialog::showJsonTab()
{
    m_tabs->setCurrentIndex(1);
}

void LaunchRunDialog::accept()
{
    if (!m_current)
        return;
    Result<db::RunRecord> queued = services::queueRun(m_database, m_projectId, *m_current, m_parentRunId);
    if (!queued) {
        showResult(Error{queued.error()});
        return;
    }
    m_launched = *queued;
    QDialog::accept();
}

} // namespace mb::ui
