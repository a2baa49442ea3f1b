// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/framing/BusinessMetricEditor.h"

#include "core/ExpressionChecker.h"
#include "core/FramingValidator.h"
#include "ui/framing/FramingGuidance.h"
#include "ui/shell/Theme.h"
#include "ui/widgets/PreciseSpinBox.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace mb::ui {
namespace {

enum AggregateColumn { NameColumn, ExpressionColumn, AggregateColumn, ColumnCount };

// The expression with a caret under the problem, so the position is seen, not counted.
QString markedExpression(const QString &expression, const ExpressionCheck &check)
{
    QString html = QStringLiteral("<pre style='margin:0'>%1").arg(expression.toHtmlEscaped());
    if (check.position > 0)
        html += QLatin1Char('\n') + QString(check.position - 1, QLatin1Char(' ')) + QLatin1Char('^');
    return html + QStringLiteral("</pre>");
}

QString errorHtml(const QString &where, const QString &expression, const ExpressionCheck &check)
{
    return QStringLiteral("<span style='color:%1'>✗ %2: %3</span>%4")
        .arg(errorTextCss(), where.toHtmlEscaped(), check.message.toHtmlEscaped(), markedExpression(expression, check));
}

} // namespace

BusinessMetricEditor::BusinessMetricEditor(QWidget *parent) : QWidget(parent)
{
    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("metricList"));
    m_list->setMaximumWidth(150); // the form fits a 1024-pixel window
    m_list->setMaximumHeight(170);
    auto *add = new QPushButton(tr("Add metric"));
    add->setObjectName(QStringLiteral("addMetricButton"));
    m_remove = new QPushButton(tr("Remove"));
    m_remove->setObjectName(QStringLiteral("removeMetricButton"));
    connect(add, &QPushButton::clicked, this, &BusinessMetricEditor::addMetric);
    connect(m_remove, &QPushButton::clicked, this, &BusinessMetricEditor::removeMetric);
    connect(m_list, &QListWidget::currentRowChanged, this, &BusinessMetricEditor::showMetric);

    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(add);
    listButtons->addWidget(m_remove);
    auto *left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    left->addLayout(listButtons);

    m_name = new QLineEdit;
    m_name->setObjectName(QStringLiteral("metricName"));
    m_name->setPlaceholderText(tr("e.g. revenue_per_1000"));
    m_name->setToolTip(tr("The metric's name: letters, digits and underscores; stakeholders' requirements and the "
                          "command line refer to it"));
    m_unit = new QLineEdit;
    m_unit->setObjectName(QStringLiteral("metricUnit"));
    m_unit->setPlaceholderText(tr("e.g. $, clicks, %"));
    m_unit->setToolTip(tr("Shown after every value of the metric"));
    m_direction = new QComboBox;
    m_direction->setObjectName(QStringLiteral("metricDirection"));
    m_direction->setToolTip(tr("Whether more or less is better: decides the best run, the Pareto front and the best "
                               "threshold"));
    for (const QString &key : directionKeys())
        m_direction->addItem(labelFor(*directionFromKey(key)), key);
    m_description = new QLineEdit;
    m_description->setObjectName(QStringLiteral("metricDescription"));
    m_description->setToolTip(tr("What the metric means to the business, in a sentence: shown with it everywhere"));
    m_selection = new QComboBox;
    m_selection->setObjectName(QStringLiteral("metricSelection"));
    m_selection->setToolTip(tr("Which items the metric is computed over: all, those the model predicts positive, "
                               "the top k by score (a contact budget), or a top fraction"));
    for (const QString &key : selectionKeys())
        m_selection->addItem(labelFor(*selectionFromKey(key)), key);
    m_parameter = new PreciseSpinBox;
    m_parameter->setObjectName(QStringLiteral("metricParameter"));

    // Combos sized to their longest entry would make the form wider than its column.
    for (QComboBox *combo : {m_direction, m_selection}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(10);
    }
    m_parameter->setRange(0, 1e7);

    m_aggregates = new QTableWidget(0, ColumnCount);
    m_aggregates->setObjectName(QStringLiteral("aggregateTable"));
    m_aggregates->setHorizontalHeaderLabels({tr("Name"), tr("Per-item expression"), tr("Aggregate")});
    m_aggregates->horizontalHeader()->setSectionResizeMode(ExpressionColumn, QHeaderView::Stretch);
    m_aggregates->setColumnWidth(NameColumn, 110);
    m_aggregates->setColumnWidth(AggregateColumn, 100);
    m_aggregates->verticalHeader()->hide();
    m_aggregates->setFixedHeight(112);
    connect(m_aggregates, &QTableWidget::itemChanged, this, &BusinessMetricEditor::storeAggregates);
    auto *addAggregate = new QPushButton(tr("Add aggregate"));
    addAggregate->setObjectName(QStringLiteral("addAggregateButton"));
    auto *removeAggregate = new QPushButton(tr("Remove aggregate"));
    connect(addAggregate, &QPushButton::clicked, this, &BusinessMetricEditor::addAggregate);
    connect(removeAggregate, &QPushButton::clicked, this, &BusinessMetricEditor::removeAggregate);
    auto *aggregateButtons = new QHBoxLayout;
    aggregateButtons->addWidget(addAggregate);
    aggregateButtons->addWidget(removeAggregate);
    aggregateButtons->addStretch();

    m_outer = new QLineEdit;
    m_outer->setObjectName(QStringLiteral("outerExpression"));
    m_outer->setPlaceholderText(tr("e.g. 1000 * revenue / shown, or 10*tp - 1*fp - 5*fn"));
    m_outer->setToolTip(tr("The metric from the aggregates by name and the confusion counts tp, fp, fn, tn, n; "
                           "empty when there is one aggregate. docs/BUSINESS-METRICS.md has the grammar"));
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_outer->setFont(mono);

    m_check = new QLabel;
    m_check->setObjectName(QStringLiteral("expressionCheck"));
    m_check->setTextFormat(Qt::RichText);
    m_check->setWordWrap(true);
    m_symbols = new QLabel;
    m_symbols->setObjectName(QStringLiteral("symbolHint"));
    m_symbols->setWordWrap(true);
    m_symbols->setForegroundRole(QPalette::PlaceholderText);

    // Top: the list beside the metric's basic fields. Below, full width: the aggregates and the
    // combined expression, which need the room.
    auto *basics = new QFormLayout;
    basics->setContentsMargins(0, 0, 0, 0);
    basics->addRow(tr("Name:"), m_name);
    basics->addRow(tr("Unit:"), m_unit);
    basics->addRow(tr("Direction:"), m_direction);
    basics->addRow(tr("Description:"), m_description);
    basics->addRow(tr("Items counted:"), m_selection);
    basics->addRow(tr("Cut-off:"), m_parameter);
    m_parameter->setToolTip(tr("k for the top k, the decision threshold for predicted positive, the "
                               "fraction for the top fraction"));

    m_detail = new QWidget;
    auto *detail = new QVBoxLayout(m_detail);
    detail->setContentsMargins(0, 0, 0, 0);
    detail->addWidget(new QLabel(tr("Aggregates over the counted items:")));
    detail->addWidget(m_aggregates);
    detail->addLayout(aggregateButtons);
    auto *outerForm = new QFormLayout;
    outerForm->addRow(tr("Combined as:"), m_outer);
    detail->addLayout(outerForm);
    detail->addWidget(m_symbols);
    detail->addWidget(m_check);

    for (QLineEdit *edit : {m_name, m_unit, m_description, m_outer})
        connect(edit, &QLineEdit::textEdited, this, &BusinessMetricEditor::storeField);
    connect(m_direction, &QComboBox::currentIndexChanged, this, &BusinessMetricEditor::storeField);
    connect(m_selection, &QComboBox::currentIndexChanged, this, &BusinessMetricEditor::onSelectionChosen);
    connect(m_parameter, &QDoubleSpinBox::valueChanged, this, &BusinessMetricEditor::storeField);

    auto *basicsWidget = new QWidget;
    basicsWidget->setLayout(basics);
    m_basics = basicsWidget;
    auto *top = new QHBoxLayout;
    top->addLayout(left);
    top->addWidget(basicsWidget, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_detail);
    showMetric(-1);
}

void BusinessMetricEditor::setMetrics(const QList<BusinessMetric> &metrics)
{
    m_metrics = metrics;
    rebuildList();
    m_list->setCurrentRow(m_metrics.isEmpty() ? -1 : 0);
    showMetric(m_list->currentRow());
}

void BusinessMetricEditor::setItemSymbols(const QStringList &symbols)
{
    m_itemSymbols = symbols;
    recheck();
}

void BusinessMetricEditor::rebuildList()
{
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    for (const BusinessMetric &m : m_metrics)
        m_list->addItem(m.name.isEmpty() ? tr("(unnamed)") : m.name);
}

void BusinessMetricEditor::fillAggregateRow(int row, const MetricAggregate &aggregate)
{
    m_aggregates->setItem(row, NameColumn, new QTableWidgetItem(aggregate.name));
    m_aggregates->setItem(row, ExpressionColumn, new QTableWidgetItem(aggregate.itemExpression));
    auto *combo = new QComboBox;
    combo->setToolTip(tr("How the item expression's values over the selected items become one number"));
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo->setMinimumContentsLength(5);
    for (const QString &key : aggregateKeys())
        combo->addItem(labelFor(*aggregateFromKey(key)), key);
    combo->setCurrentIndex(int(aggregateKeys().indexOf(toKey(aggregate.aggregate))));
    connect(combo, &QComboBox::currentIndexChanged, this, &BusinessMetricEditor::storeAggregates);
    m_aggregates->setCellWidget(row, AggregateColumn, combo);
}

void BusinessMetricEditor::showMetric(int row)
{
    m_current = row;
    const bool valid = row >= 0 && row < m_metrics.size();
    m_detail->setEnabled(valid);
    m_basics->setEnabled(valid);
    m_remove->setEnabled(valid);
    m_loading = true;
    const BusinessMetric metric = valid ? m_metrics.at(row) : BusinessMetric{};
    m_name->setText(metric.name);
    m_unit->setText(metric.unit);
    m_direction->setCurrentIndex(int(directionKeys().indexOf(toKey(metric.direction))));
    m_description->setText(metric.description);
    m_selection->setCurrentIndex(int(selectionKeys().indexOf(toKey(metric.selection))));
    m_parameter->setValue(metric.selectionParameter);
    {
        const QSignalBlocker blocker(m_aggregates);
        m_aggregates->setRowCount(int(metric.aggregates.size()));
        for (int i = 0; i < metric.aggregates.size(); ++i)
            fillAggregateRow(i, metric.aggregates.at(i));
    }
    m_outer->setText(metric.outerExpression);
    for (QLineEdit *edit : {m_name, m_unit, m_description, m_outer})
        edit->setCursorPosition(0); // show the start of long text, not its end
    m_loading = false;
    recheck();
}

void BusinessMetricEditor::storeField()
{
    if (m_loading || m_current < 0 || m_current >= m_metrics.size())
        return;
    BusinessMetric &metric = m_metrics[m_current];
    metric.name = m_name->text().trimmed();
    metric.unit = m_unit->text().trimmed();
    metric.direction = *directionFromKey(m_direction->currentData().toString());
    metric.description = m_description->text();
    metric.selection = *selectionFromKey(m_selection->currentData().toString());
    metric.selectionParameter = m_parameter->value();
    metric.outerExpression = m_outer->text();
    m_parameter->setEnabled(metric.selection != Selection::All);
    if (QListWidgetItem *item = m_list->item(m_current))
        item->setText(metric.name.isEmpty() ? tr("(unnamed)") : metric.name);
    recheck();
    Q_EMIT changed();
}

void BusinessMetricEditor::onSelectionChosen()
{
    // A cut-off that made sense for the previous selection (0 for "all items") would be invalid
    // for the new one at once; offer the new selection's usual cut-off instead.
    const Selection selection = *selectionFromKey(m_selection->currentData().toString());
    if (!m_loading && !selectionParameterFits(selection, m_parameter->value())) {
        const QSignalBlocker blocker(m_parameter);
        m_parameter->setValue(defaultSelectionParameter(selection));
    }
    storeField();
}

void BusinessMetricEditor::storeAggregates()
{
    if (m_loading || m_current < 0 || m_current >= m_metrics.size())
        return;
    QList<MetricAggregate> aggregates;
    for (int row = 0; row < m_aggregates->rowCount(); ++row) {
        MetricAggregate a;
        if (QTableWidgetItem *item = m_aggregates->item(row, NameColumn))
            a.name = item->text().trimmed();
        if (QTableWidgetItem *item = m_aggregates->item(row, ExpressionColumn))
            a.itemExpression = item->text();
        if (auto *combo = qobject_cast<QComboBox *>(m_aggregates->cellWidget(row, AggregateColumn)))
            a.aggregate = *aggregateFromKey(combo->currentData().toString());
        aggregates << a;
    }
    m_metrics[m_current].aggregates = aggregates;
    recheck();
    Q_EMIT changed();
}

void BusinessMetricEditor::addMetric()
{
    BusinessMetric metric;
    metric.name = QStringLiteral("metric_%1").arg(m_metrics.size() + 1);
    metric.unit = QStringLiteral("$");
    metric.aggregates = {{QStringLiteral("value"), QStringLiteral("label"), Aggregate::Sum}};
    m_metrics << metric;
    rebuildList();
    m_list->setCurrentRow(int(m_metrics.size()) - 1);
    Q_EMIT changed();
}

void BusinessMetricEditor::removeMetric()
{
    if (m_current < 0 || m_current >= m_metrics.size())
        return;
    m_metrics.removeAt(m_current);
    rebuildList();
    m_list->setCurrentRow(std::min(m_current, int(m_metrics.size()) - 1));
    showMetric(m_list->currentRow());
    Q_EMIT changed();
}

void BusinessMetricEditor::addAggregate()
{
    if (m_current < 0)
        return;
    const int row = m_aggregates->rowCount();
    {
        const QSignalBlocker blocker(m_aggregates);
        m_aggregates->insertRow(row);
        fillAggregateRow(row, {QStringLiteral("a%1").arg(row + 1), QStringLiteral("label"), Aggregate::Sum});
    }
    storeAggregates();
    m_aggregates->setCurrentCell(row, ExpressionColumn);
}

void BusinessMetricEditor::removeAggregate()
{
    const int row = m_aggregates->currentRow();
    if (row < 0)
        return;
    m_aggregates->removeRow(row);
    storeAggregates();
}

void BusinessMetricEditor::recheck()
{
    if (m_current < 0 || m_current >= m_metrics.size()) {
        m_check->setText(m_metrics.isEmpty()
                             ? tr("No business metric yet. Add one: it is how this project will be judged.")
                             : QString());
        m_symbols->clear();
        return;
    }
    const BusinessMetric &metric = m_metrics.at(m_current);
    const QStringList outer = outerSymbolsFor(metric);
    m_symbols->setText(tr("Per item: %1.  Combined: %2.")
                           .arg(m_itemSymbols.join(QStringLiteral(", ")), outer.join(QStringLiteral(", "))));

    QStringList problems;
    for (const MetricAggregate &a : metric.aggregates) {
        if (a.aggregate == Aggregate::Count && a.itemExpression.trimmed().isEmpty())
            continue;
        const ExpressionCheck check = checkExpression(a.itemExpression, m_itemSymbols);
        if (!check.ok)
            problems << errorHtml(tr("aggregate '%1'").arg(a.name), a.itemExpression, check);
    }
    if (!metric.outerExpression.trimmed().isEmpty()) {
        const ExpressionCheck check = checkExpression(metric.outerExpression, outer);
        if (!check.ok)
            problems << errorHtml(tr("combined expression"), metric.outerExpression, check);
    } else if (metric.aggregates.size() != 1) {
        problems << QStringLiteral("<span style='color:%1'>✗ %2</span>")
                        .arg(errorTextCss(), tr("with %1 aggregates, write an expression that combines them")
                                                 .arg(metric.aggregates.size())
                                                 .toHtmlEscaped());
    }
    m_check->setText(problems.isEmpty() ? QStringLiteral("<span style='color:%1'>✓ %2</span>")
                                              .arg(okTextCss(), tr("Every expression checks out with muparser."))
                                        : problems.join(QString()));
}

} // namespace mb::ui
