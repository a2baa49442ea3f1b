// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/framing/FramingEditor.h"

#include "core/TextList.h"
#include "ui/framing/BusinessMetricEditor.h"
#include "ui/framing/FramingGuidance.h"
#include "ui/framing/MetricNameDelegate.h"
#include "ui/shell/Theme.h"
#include "ui/widgets/PreciseSpinBox.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace mb::ui {
namespace {

enum ObjectiveColumn { ObjectiveName, ObjectiveTarget, ObjectiveLoss };
enum StakeholderColumn {
    Role,
    CaresAbout,
    RequirementMetric,
    RequirementComparator,
    RequirementValue,
    Note,
    StakeholderColumns
};

QLabel *guidanceLabel(const QString &text = {})
{
    auto *label = new QLabel(text);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

QGroupBox *section(const QString &title, QLabel *guidance, QLayout *content)
{
    auto *box = new QGroupBox(title);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(guidance);
    layout->addLayout(content);
    return box;
}

QString joinNumbers(const QList<double> &numbers)
{
    QStringList parts;
    for (double n : numbers)
        parts << QString::number(n, 'g', 12);
    return parts.join(QStringLiteral(", "));
}

template<typename E>
void selectKey(QComboBox *combo, E value)
{
    combo->setCurrentIndex(combo->findData(toKey(value)));
}

QTableWidgetItem *textItem(const QString &text)
{
    return new QTableWidgetItem(text);
}

QString cellText(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text().trimmed() : QString();
}

} // namespace

FramingEditor::FramingEditor(QWidget *parent) : QWidget(parent)
{
    m_metrics = new BusinessMetricEditor;
    auto *metricLayout = new QVBoxLayout;
    metricLayout->addWidget(m_metrics);
    QGroupBox *metricSection =
        section(tr("Business metrics"), guidanceLabel(guidanceForBusinessMetrics()), metricLayout);
    connect(m_metrics, &BusinessMetricEditor::changed, this, &FramingEditor::emitChanged);

    auto *left = new QVBoxLayout;
    left->addWidget(buildGoalSection());
    left->addWidget(buildTaskSection());
    left->addWidget(buildObjectiveSection());
    left->addWidget(buildConstraintSection());
    left->addStretch();

    auto *right = new QVBoxLayout;
    right->addWidget(metricSection, 3);
    right->addWidget(buildStakeholderSection(), 2);

    auto *columns = new QHBoxLayout(this);
    columns->addLayout(left, 4);
    columns->addLayout(right, 5);
    setFraming(Framing{});
}

QWidget *FramingEditor::buildGoalSection()
{
    m_goal = new QPlainTextEdit;
    m_goal->setObjectName(QStringLiteral("businessGoal"));
    m_goal->setPlaceholderText(tr("e.g. Keep users engaged without spreading low-quality posts."));
    m_goal->setFixedHeight(72);
    connect(m_goal, &QPlainTextEdit::textChanged, this, &FramingEditor::emitChanged);
    auto *layout = new QVBoxLayout;
    layout->addWidget(m_goal);
    return section(tr("Business goal"), guidanceLabel(guidanceForGoal()), layout);
}

QWidget *FramingEditor::buildTaskSection()
{
    m_taskType = new QComboBox;
    m_taskType->setObjectName(QStringLiteral("taskType"));
    m_taskType->setToolTip(tr("What the model predicts: which losses and ML metrics fit, and whether the Trade-offs "
                              "page applies (two objectives)"));
    for (const QString &key : taskTypeKeys())
        m_taskType->addItem(labelFor(*taskTypeFromKey(key)), key);
    m_taskGuidance = guidanceLabel();
    m_targets = new QLineEdit;
    m_targets->setObjectName(QStringLiteral("targetColumns"));
    m_targets->setPlaceholderText(tr("column name(s), comma-separated"));
    m_targets->setToolTip(tr("The dataset column(s) the model learns to predict; two for a two-objective ranking, "
                             "the first being α's objective"));
    m_valueColumns = new QLineEdit;
    m_valueColumns->setObjectName(QStringLiteral("valueColumns"));
    m_valueColumns->setPlaceholderText(tr("e.g. order_value, cost — usable in business metrics"));
    m_valueColumns->setToolTip(tr("Dataset columns that are not features but what an item is worth: business metrics "
                                  "read them by name, and runs store them with their predictions"));
    m_reframing = new QComboBox;
    m_reframing->setObjectName(QStringLiteral("reframing"));
    m_reframing->setToolTip(tr("Learn the target as it is, or reframed: a number turned into buckets (by the edges "
                               "below) or into yes/no above a threshold"));
    for (const QString &key : reframingKeys())
        m_reframing->addItem(labelFor(*reframingFromKey(key)), key);
    m_reframingGuidance = guidanceLabel();
    m_bucketEdges = new QLineEdit;
    m_bucketEdges->setObjectName(QStringLiteral("bucketEdges"));
    m_bucketEdges->setPlaceholderText(tr("ascending edges, e.g. 100000, 250000, 500000"));
    m_bucketEdges->setToolTip(tr("Bucket boundaries for a number reframed as classes: n edges make n + 1 classes"));
    m_threshold = new PreciseSpinBox;
    m_threshold->setObjectName(QStringLiteral("threshold"));
    m_threshold->setToolTip(tr("A number reframed as yes/no: values at or above this are yes"));
    m_threshold->setRange(-1e12, 1e12);
    m_threshold->setSingleStep(0.05);

    auto *form = new QFormLayout;
    form->addRow(tr("Task:"), m_taskType);
    form->addRow(QString(), m_taskGuidance);
    form->addRow(tr("Target column(s):"), m_targets);
    form->addRow(tr("Value columns:"), m_valueColumns);
    form->addRow(tr("Reframing:"), m_reframing);
    form->addRow(QString(), m_reframingGuidance);
    form->addRow(tr("Bucket edges:"), m_bucketEdges);
    form->addRow(tr("Threshold:"), m_threshold);

    connect(m_taskType, &QComboBox::currentIndexChanged, this, &FramingEditor::onTaskTypeChanged);
    connect(m_reframing, &QComboBox::currentIndexChanged, this, &FramingEditor::updateDependentWidgets);
    connect(m_reframing, &QComboBox::currentIndexChanged, this, &FramingEditor::emitChanged);
    for (QLineEdit *edit : {m_targets, m_valueColumns, m_bucketEdges})
        connect(edit, &QLineEdit::textEdited, this, &FramingEditor::emitChanged);
    connect(m_targets, &QLineEdit::textEdited, this, &FramingEditor::updateDependentWidgets);
    connect(m_valueColumns, &QLineEdit::textEdited, this, &FramingEditor::updateDependentWidgets);
    connect(m_threshold, &QDoubleSpinBox::valueChanged, this, &FramingEditor::emitChanged);

    auto *box = new QGroupBox(tr("Task and target"));
    box->setLayout(form);
    return box;
}

QWidget *FramingEditor::buildObjectiveSection()
{
    m_objectives = new QTableWidget(0, 3);
    m_objectives->setObjectName(QStringLiteral("objectivesTable"));
    m_objectives->setHorizontalHeaderLabels({tr("Objective"), tr("Learns"), tr("Loss")});
    m_objectives->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_objectives->verticalHeader()->hide();
    m_objectives->setFixedHeight(96);
    connect(m_objectives, &QTableWidget::itemChanged, this, &FramingEditor::emitChanged);

    m_approach = new QComboBox;
    m_approach->setObjectName(QStringLiteral("approach"));
    m_approach->setToolTip(tr("Two objectives: one model per objective re-weighted live on the Trade-offs page "
                              "(Approach 2), or one model trained on α·L1 + β·L2 (Approach 1)"));
    // Sized to a short entry, not the longest: the guidance below says what each means.
    m_approach->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_approach->setMinimumContentsLength(16);
    for (const QString &key : approachKeys())
        m_approach->addItem(labelFor(*approachFromKey(key)), key);
    m_approachGuidance = guidanceLabel();
    m_alpha = new PreciseSpinBox;
    m_alpha->setObjectName(QStringLiteral("alpha"));
    m_alpha->setToolTip(tr("α: the first objective's weight in the combined loss or ranking"));
    m_beta = new PreciseSpinBox;
    m_beta->setObjectName(QStringLiteral("beta"));
    m_beta->setToolTip(tr("β: the second objective's weight in the combined loss or ranking"));
    for (QDoubleSpinBox *spin : {m_alpha, m_beta}) {
        spin->setRange(0, 1e6); // as the framing format allows
        spin->setSingleStep(0.05);
        connect(spin, &QDoubleSpinBox::valueChanged, this, &FramingEditor::emitChanged);
    }
    connect(m_approach, &QComboBox::currentIndexChanged, this, &FramingEditor::updateDependentWidgets);
    connect(m_approach, &QComboBox::currentIndexChanged, this, &FramingEditor::emitChanged);

    m_twoObjectiveBox = new QWidget;
    auto *twoForm = new QFormLayout(m_twoObjectiveBox);
    twoForm->setContentsMargins(0, 0, 0, 0);
    twoForm->addRow(tr("Approach:"), m_approach);
    twoForm->addRow(QString(), m_approachGuidance);
    // One weight a row: side by side they made the form wider than a 1024-pixel window allows.
    twoForm->addRow(tr("alpha (objective 1):"), m_alpha);
    twoForm->addRow(tr("beta (objective 2):"), m_beta);

    auto *layout = new QVBoxLayout;
    layout->addWidget(m_objectives);
    layout->addWidget(m_twoObjectiveBox);
    return section(tr("Objectives"),
                   guidanceLabel(tr("The loss each model minimises. It stands in for the business "
                                    "metric during training, so choose it to fit the task.")),
                   layout);
}

QWidget *FramingEditor::buildStakeholderSection()
{
    m_stakeholders = new QTableWidget(0, StakeholderColumns);
    m_stakeholders->setObjectName(QStringLiteral("stakeholdersTable"));
    m_stakeholders->setHorizontalHeaderLabels(
        {tr("Role"), tr("Cares about"), tr("Metric"), tr("Must be"), tr("Value"), tr("Note")});
    m_stakeholders->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_stakeholders->horizontalHeader()->setStretchLastSection(true);
    m_stakeholders->verticalHeader()->hide();
    m_stakeholders->setColumnWidth(Role, 110);
    m_stakeholders->setColumnWidth(CaresAbout, 110);
    m_stakeholders->setColumnWidth(RequirementMetric, 130);
    m_stakeholders->setColumnWidth(RequirementComparator, 60);
    m_stakeholders->setColumnWidth(RequirementValue, 60);
    m_stakeholders->horizontalHeaderItem(RequirementMetric)
        ->setToolTip(tr("The number the requirement judges: a business metric of this framing, an ML metric as "
                        "runs store it (test/roc_auc) or a latency percentile (latency_p99_ms)."));
    m_stakeholders->horizontalHeaderItem(RequirementComparator)
        ->setToolTip(tr("How the run's value must compare with the Value to pass."));
    m_stakeholders->setItemDelegateForColumn(
        RequirementMetric, new MetricNameDelegate([this] { return requirementMetricChoices(); }, m_stakeholders));
    connect(m_stakeholders, &QTableWidget::itemChanged, this, &FramingEditor::emitChanged);
    m_requirementCheck = guidanceLabel();
    m_requirementCheck->setObjectName(QStringLiteral("requirementCheck"));
    m_requirementCheck->setFixedHeight(m_requirementCheck->fontMetrics().lineSpacing() * 2 + 4);

    auto *add = new QPushButton(tr("Add stakeholder"));
    add->setObjectName(QStringLiteral("addStakeholderButton"));
    auto *remove = new QPushButton(tr("Remove"));
    connect(add, &QPushButton::clicked, this, [this] {
        // A name that exists, so the new row is judged from the start; the cell offers the others.
        addStakeholderRow(Stakeholder{tr("role"),
                                      {},
                                      requirementMetricChoices().value(0, QStringLiteral("metric")),
                                      Comparator::GreaterEqual,
                                      0,
                                      {}});
        emitChanged();
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_stakeholders->currentRow() >= 0) {
            m_stakeholders->removeRow(m_stakeholders->currentRow());
            emitChanged();
        }
    });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto *layout = new QVBoxLayout;
    layout->addWidget(m_stakeholders);
    layout->addWidget(m_requirementCheck);
    layout->addLayout(buttons);
    return section(tr("Stakeholders"), guidanceLabel(guidanceForStakeholders()), layout);
}

QWidget *FramingEditor::buildConstraintSection()
{
    m_constraints = new QPlainTextEdit;
    m_constraints->setObjectName(QStringLiteral("constraints"));
    m_constraints->setFixedHeight(80);
    m_constraints->setPlaceholderText(tr("e.g. p99 latency under 20 ms"));
    connect(m_constraints, &QPlainTextEdit::textChanged, this, &FramingEditor::emitChanged);
    auto *layout = new QVBoxLayout;
    layout->addWidget(m_constraints);
    return section(tr("Constraints"), guidanceLabel(guidanceForConstraints()), layout);
}

void FramingEditor::addStakeholderRow(const Stakeholder &s)
{
    const QSignalBlocker blocker(m_stakeholders);
    const int row = m_stakeholders->rowCount();
    m_stakeholders->insertRow(row);
    m_stakeholders->setItem(row, Role, textItem(s.role));
    m_stakeholders->setItem(row, CaresAbout, textItem(s.caresAbout));
    m_stakeholders->setItem(row, RequirementMetric, textItem(s.requirementMetric));
    m_stakeholders->setItem(row, RequirementValue, textItem(QString::number(s.requirementValue, 'g', 12)));
    m_stakeholders->setItem(row, Note, textItem(s.note));
    auto *comparator = new QComboBox;
    comparator->setToolTip(tr("How the metric must compare with the required value for this stakeholder to pass"));
    comparator->addItems(comparatorKeys());
    comparator->setCurrentText(toKey(s.comparator));
    connect(comparator, &QComboBox::currentIndexChanged, this, &FramingEditor::emitChanged);
    m_stakeholders->setCellWidget(row, RequirementComparator, comparator);
}

void FramingEditor::resizeObjectives(const QList<Objective> &objectives)
{
    const TaskType task = *taskTypeFromKey(m_taskType->currentData().toString());
    const int rows = hasTwoObjectives(task) ? 2 : 1;
    const QSignalBlocker blocker(m_objectives);
    m_objectives->setRowCount(rows);
    const QList<Loss> losses = lossesFor(task);
    for (int row = 0; row < rows; ++row) {
        const Objective objective = row < objectives.size()
                                        ? objectives.at(row)
                                        : Objective{QStringLiteral("objective_%1").arg(row + 1), losses.constFirst()};
        m_objectives->setItem(row, ObjectiveName, textItem(objective.name));
        auto *learns = textItem({});
        learns->setFlags(Qt::ItemIsEnabled);
        m_objectives->setItem(row, ObjectiveTarget, learns);
        auto *loss = new QComboBox;
        loss->setToolTip(tr("The loss this objective is trained with; only the losses that fit the task are offered"));
        for (Loss l : losses)
            loss->addItem(labelFor(l), toKey(l));
        const int index = loss->findData(toKey(objective.loss));
        loss->setCurrentIndex(index >= 0 ? index : 0);
        connect(loss, &QComboBox::currentIndexChanged, this, &FramingEditor::emitChanged);
        m_objectives->setCellWidget(row, ObjectiveLoss, loss);
    }
}

void FramingEditor::onTaskTypeChanged()
{
    // Keep what the user typed where it still fits the new task.
    resizeObjectives(framing().objectives);
    updateDependentWidgets();
    emitChanged();
}

void FramingEditor::updateDependentWidgets()
{
    const TaskType task = *taskTypeFromKey(m_taskType->currentData().toString());
    const Reframing reframing = *reframingFromKey(m_reframing->currentData().toString());
    const Approach approach = *approachFromKey(m_approach->currentData().toString());
    m_taskGuidance->setText(guidanceFor(task));
    m_reframingGuidance->setText(guidanceFor(reframing));
    m_approachGuidance->setText(guidanceFor(approach));
    m_bucketEdges->setEnabled(reframing == Reframing::Buckets);
    m_threshold->setEnabled(reframing == Reframing::Threshold);
    m_twoObjectiveBox->setVisible(hasTwoObjectives(task));

    const QStringList targets = splitCommaList(m_targets->text());
    const QSignalBlocker blocker(m_objectives);
    for (int row = 0; row < m_objectives->rowCount(); ++row) {
        QString learns = hasTwoObjectives(task) ? targets.value(row) : targets.join(QStringLiteral(", "));
        if (QTableWidgetItem *item = m_objectives->item(row, ObjectiveTarget))
            item->setText(learns.isEmpty() ? tr("(name the target)") : learns);
    }
    Framing current;
    current.targetColumns = targets;
    current.valueColumns = splitCommaList(m_valueColumns->text());
    m_metrics->setItemSymbols(itemSymbolsFor(current));
}

void FramingEditor::emitChanged()
{
    if (m_loading)
        return;
    flagUnknownRequirementMetrics();
    Q_EMIT changed();
}

void FramingEditor::setMeasuredMetricNames(const QStringList &names)
{
    m_measuredNames = names;
    flagUnknownRequirementMetrics();
}

QStringList FramingEditor::requirementMetricChoices() const
{
    QStringList names;
    for (const BusinessMetric &m : m_metrics->metrics())
        if (!m.name.isEmpty())
            names << m.name;
    names << m_measuredNames;
    names.removeDuplicates();
    return names;
}

void FramingEditor::flagUnknownRequirementMetrics()
{
    // A name no run can have would read "unknown" on every run, silently: say so where it is typed.
    // Not a reason to refuse the framing: an ML metric may come with a run still to be trained.
    const QStringList known = requirementMetricChoices();
    QStringList unknown;
    const QSignalBlocker blocker(m_stakeholders);
    for (int row = 0; row < m_stakeholders->rowCount(); ++row) {
        QTableWidgetItem *item = m_stakeholders->item(row, RequirementMetric);
        if (!item)
            continue;
        const QString name = item->text().trimmed();
        const bool isKnown = name.isEmpty() || known.contains(name);
        item->setForeground(isKnown ? palette().brush(QPalette::Text) : QBrush(errorTextColor()));
        item->setToolTip(isKnown ? QString()
                                 : tr("'%1' is not a business metric of this framing, a latency percentile or an ML "
                                      "metric of any evaluated run of this project.")
                                       .arg(name));
        if (!isKnown)
            unknown << name;
    }
    // Always there, two lines high: a note that came and went would move the buttons below it.
    if (unknown.isEmpty()) {
        m_requirementCheck->setText(tr("A requirement judges a business metric, a latency (latency_p99_ms) or "
                                       "an ML metric as runs store it (test/roc_auc): the Metric cell offers them."));
        m_requirementCheck->setForegroundRole(QPalette::PlaceholderText);
        return;
    }
    m_requirementCheck->setForegroundRole(QPalette::WindowText);
    unknown.removeDuplicates();
    m_requirementCheck->setText(
        QStringLiteral("<span style='color:%1'>⚠ %2</span>")
            .arg(errorTextCss(), tr("No run has %1: pick a name the Metric cell offers (ML metrics read as stored, "
                                    "e.g. test/roc_auc).")
                                     .arg(QStringLiteral("'%1'").arg(unknown.join(QStringLiteral("', '"))))
                                     .toHtmlEscaped()));
}

void FramingEditor::setFraming(const Framing &f)
{
    m_loading = true;
    m_goal->setPlainText(f.businessGoal);
    selectKey(m_taskType, f.taskType);
    m_targets->setText(f.targetColumns.join(QStringLiteral(", ")));
    m_valueColumns->setText(f.valueColumns.join(QStringLiteral(", ")));
    selectKey(m_reframing, f.reframing);
    m_bucketEdges->setText(joinNumbers(f.bucketEdges));
    m_threshold->setValue(f.threshold);
    resizeObjectives(f.objectives);
    selectKey(m_approach, f.approach);
    m_alpha->setValue(f.alpha);
    m_beta->setValue(f.beta);
    m_metrics->setMetrics(f.businessMetrics);
    m_stakeholders->setRowCount(0);
    for (const Stakeholder &s : f.stakeholders)
        addStakeholderRow(s);
    m_constraints->setPlainText(f.constraints.join(QLatin1Char('\n')));
    updateDependentWidgets();
    m_loading = false;
    flagUnknownRequirementMetrics();
}

Framing FramingEditor::framing() const
{
    Framing f;
    f.businessGoal = m_goal->toPlainText().trimmed();
    f.taskType = *taskTypeFromKey(m_taskType->currentData().toString());
    f.targetColumns = splitCommaList(m_targets->text());
    f.valueColumns = splitCommaList(m_valueColumns->text());
    f.reframing = *reframingFromKey(m_reframing->currentData().toString());
    for (const QString &part : splitCommaList(m_bucketEdges->text())) {
        bool ok = false;
        const double edge = part.toDouble(&ok);
        if (ok)
            f.bucketEdges << edge;
    }
    f.threshold = m_threshold->value();
    for (int row = 0; row < m_objectives->rowCount(); ++row) {
        Objective o;
        o.name = cellText(m_objectives, row, ObjectiveName);
        if (auto *loss = qobject_cast<QComboBox *>(m_objectives->cellWidget(row, ObjectiveLoss)))
            o.loss = *lossFromKey(loss->currentData().toString());
        f.objectives << o;
    }
    f.approach = *approachFromKey(m_approach->currentData().toString());
    f.alpha = m_alpha->value();
    f.beta = m_beta->value();
    f.businessMetrics = m_metrics->metrics();
    for (int row = 0; row < m_stakeholders->rowCount(); ++row) {
        Stakeholder s;
        s.role = cellText(m_stakeholders, row, Role);
        s.caresAbout = cellText(m_stakeholders, row, CaresAbout);
        s.requirementMetric = cellText(m_stakeholders, row, RequirementMetric);
        if (auto *comparator = qobject_cast<QComboBox *>(m_stakeholders->cellWidget(row, RequirementComparator)))
            s.comparator = comparatorFromKey(comparator->currentText()).value_or(Comparator::LessEqual);
        s.requirementValue = cellText(m_stakeholders, row, RequirementValue).toDouble();
        s.note = cellText(m_stakeholders, row, Note);
        f.stakeholders << s;
    }
    for (const QString &line : m_constraints->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        if (!line.trimmed().isEmpty())
            f.constraints << line.trimmed();
    return f;
}

QList<FramingProblem> FramingEditor::inputProblems() const
{
    QList<FramingProblem> problems;
    const QStringList edges = splitCommaList(m_bucketEdges->text());
    if (m_bucketEdges->isEnabled()) {
        for (qsizetype i = 0; i < edges.size(); ++i) {
            bool ok = false;
            edges.at(i).toDouble(&ok);
            if (!ok)
                problems << FramingProblem{QStringLiteral("reframing.bucket_edges[%1]").arg(i),
                                           tr("'%1' is not a number").arg(edges.at(i))};
        }
    }
    for (int row = 0; row < m_stakeholders->rowCount(); ++row) {
        bool ok = false;
        cellText(m_stakeholders, row, RequirementValue).toDouble(&ok);
        if (!ok)
            problems << FramingProblem{QStringLiteral("stakeholders[%1].requirement.value").arg(row),
                                       tr("'%1' is not a number").arg(cellText(m_stakeholders, row, RequirementValue))};
    }
    return problems;
}

} // namespace mb::ui
