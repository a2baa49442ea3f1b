// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compare/RunDiffView.h"

#include "core/FramingDiff.h"
#include "core/NumberText.h"
#include "core/evaluation/MetricDirection.h"
#include "ui/shell/Theme.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace mb::ui {

namespace {

QString optionalId(const std::optional<std::int64_t> &id)
{
    return id ? QString::number(*id) : QStringLiteral("—");
}

} // namespace

RunDiffView::RunDiffView(QWidget *parent) : QWidget(parent)
{
    m_heading = new QLabel;
    m_heading->setObjectName(QStringLiteral("diffHeading"));
    m_heading->setWordWrap(true);
    m_table = new QTableWidget(0, 4);
    m_table->setObjectName(QStringLiteral("diffTable"));
    m_table->setHorizontalHeaderLabels({tr("Field"), tr("First run"), tr("Second run"), tr("Change")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(3, QHeaderView::ResizeToContents);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_heading);
    layout->addWidget(m_table, 1);
    showMessage(tr("Select two runs in the table to compare them field by field."));
}

QString RunDiffView::heading() const
{
    return m_heading->text();
}

void RunDiffView::showMessage(const QString &message)
{
    m_heading->setText(message);
    m_table->setRowCount(0);
}

void RunDiffView::addSection(const QString &title)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto *item = new QTableWidgetItem(title);
    QFont font = item->font();
    font.setBold(true);
    item->setFont(font);
    m_table->setItem(row, 0, item);
    m_table->setSpan(row, 0, 1, 4);
}

void RunDiffView::addRow(const QString &field, const QString &first, const QString &second, const QString &delta,
                         int better)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, new QTableWidgetItem(field));
    m_table->setItem(row, 1, new QTableWidgetItem(first));
    m_table->setItem(row, 2, new QTableWidgetItem(second));
    auto *change = new QTableWidgetItem(delta);
    if (better > 0)
        change->setForeground(okTextColor());
    else if (better < 0)
        change->setForeground(errorTextColor());
    m_table->setItem(row, 3, change);
}

void RunDiffView::showRuns(const services::RunMetrics &first, const services::RunMetrics &second,
                           const Framing &framing, const QStringList &metrics)
{
    m_table->setRowCount(0);
    m_table->clearSpans();
    m_heading->setText(
        tr("#%1 %2  →  #%3 %4").arg(first.run.id).arg(first.run.name).arg(second.run.id).arg(second.run.name));

    addSection(tr("Data, framing and build"));
    const auto same = [&](const QString &field, const QString &a, const QString &b) {
        addRow(field, a, b, a == b ? tr("same") : tr("differs"));
    };
    same(tr("dataset version"), optionalId(first.run.datasetVersionId), optionalId(second.run.datasetVersionId));
    same(tr("split"), optionalId(first.run.splitId), optionalId(second.run.splitId));
    same(tr("framing version"), optionalId(first.run.framingVersionId), optionalId(second.run.framingVersionId));
    same(tr("evaluated on"),
         first.evaluation
             ? tr("version %1, %2 part").arg(first.evaluation->datasetVersionId).arg(first.evaluation->part)
             : tr("—"),
         second.evaluation
             ? tr("version %1, %2 part").arg(second.evaluation->datasetVersionId).arg(second.evaluation->part)
             : tr("—"));
    same(tr("seed"), QString::number(first.run.seed), QString::number(second.run.seed));
    same(tr("build"), first.run.appVersion + QLatin1Char(' ') + first.run.buildCommit,
         second.run.appVersion + QLatin1Char(' ') + second.run.buildCommit);

    const QList<JsonChange> changes = diffJson(first.run.config, second.run.config);
    addSection(changes.isEmpty() ? tr("Config: identical")
                                 : tr("Config: %n setting(s) differ", nullptr, int(changes.size())));
    for (const JsonChange &c : changes)
        addRow(c.field, c.kind == JsonChange::Kind::Added ? tr("(not set)") : c.before,
               c.kind == JsonChange::Kind::Removed ? tr("(not set)") : c.after);

    addSection(tr("Metrics"));
    for (const QString &metric : metrics) {
        const double a = first.values.value(metric, std::nan(""));
        const double b = second.values.value(metric, std::nan(""));
        if (std::isnan(a) && std::isnan(b))
            continue;
        QString delta;
        int better = 0;
        if (std::isfinite(a) && std::isfinite(b)) {
            const double d = b - a;
            delta = formatDelta(d);
            if (const QString relative = formatRelativeChange(a, b); !relative.isEmpty())
                delta += QStringLiteral("  (%1)").arg(relative);
            if (d != 0)
                better = (d > 0) == (evaluation::metricDirection(metric, framing) == Direction::Maximize) ? 1 : -1;
        }
        addRow(metric, std::isnan(a) ? tr("—") : formatNumber(a), std::isnan(b) ? tr("—") : formatNumber(b), delta,
               better);
    }
}

} // namespace mb::ui
