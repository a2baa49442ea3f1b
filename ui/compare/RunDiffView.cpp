// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compare/RunDiffView.h"

#include "app/services/RunDiff.h"
#include "ui/shell/Theme.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace mb::ui {

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
                           const Framing &framing, const QStringList &metrics,
                           const QHash<std::int64_t, db::FramingVersionName> &framingVersions)
{
    m_table->setRowCount(0);
    m_table->clearSpans();
    m_heading->setText(
        tr("#%1 %2  →  #%3 %4").arg(first.run.id).arg(first.run.name).arg(second.run.id).arg(second.run.name));

    const services::RunDiff diff = services::diffRuns(first, second, framing, metrics, framingVersions);
    const auto addLines = [this](const QList<services::RunDiffLine> &lines) {
        for (const services::RunDiffLine &line : lines)
            addRow(line.field, line.first, line.second, line.change, line.better);
    };
    addSection(tr("Data, framing and build"));
    addLines(diff.provenance);
    addSection(diff.config.isEmpty() ? tr("Config: identical")
                                     : tr("Config: %n setting(s) differ", nullptr, int(diff.config.size())));
    addLines(diff.config);
    addSection(tr("Metrics"));
    addLines(diff.metrics);
}

} // namespace mb::ui
