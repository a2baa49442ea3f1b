// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/runs/RunEvaluationsList.h"

#include "db/EvaluationRepository.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace mb::ui {
namespace {

enum Column { Id, Version, Part, Items, Created, ColumnCount };

} // namespace

RunEvaluationsList::RunEvaluationsList(QWidget *parent) : QWidget(parent)
{
    m_table = new QTableWidget(0, ColumnCount);
    m_table->setObjectName(QStringLiteral("runEvaluationsTable"));
    m_table->setHorizontalHeaderLabels({tr("Evaluation"), tr("Dataset version"), tr("Part"), tr("Items"), tr("Made")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_empty = new QLabel(tr("No evaluations yet: a run is evaluated on its test part when it finishes, and on other "
                            "dataset versions from Compare's Run evaluation."));
    m_empty->setWordWrap(true);
    m_delete = new QPushButton(tr("Delete evaluation…"));
    m_delete->setObjectName(QStringLiteral("deleteEvaluationButton"));
    m_delete->setToolTip(tr("Delete the chosen evaluation with its stored predictions (asks first; Undo follows)"));
    m_delete->setEnabled(false);
    connect(m_table, &QTableWidget::itemSelectionChanged, this,
            [this] { m_delete->setEnabled(selectedEvaluation() != 0); });
    connect(m_delete, &QPushButton::clicked, this, [this] {
        if (const std::int64_t id = selectedEvaluation())
            Q_EMIT deleteRequested(id, describe(m_table->currentRow()));
    });

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_delete);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_empty);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
}

void RunEvaluationsList::setRun(db::Database *database, std::int64_t runId)
{
    const std::int64_t chosen = runId == m_runId ? selectedEvaluation() : 0;
    m_runId = runId;
    m_table->setRowCount(0);
    QList<db::EvaluationRecord> evaluations;
    if (database && runId != 0) {
        Result<QList<db::EvaluationRecord>> read = db::EvaluationRepository(*database).evaluationsOf(runId);
        if (!read)
            Q_EMIT errorOccurred(read.error());
        else
            evaluations = std::move(read).value();
    }
    for (const db::EvaluationRecord &e : std::as_const(evaluations)) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto *id = new QTableWidgetItem(tr("#%1").arg(e.id));
        id->setData(Qt::UserRole, qint64(e.id));
        m_table->setItem(row, Id, id);
        m_table->setItem(row, Version, new QTableWidgetItem(tr("#%1").arg(e.datasetVersionId)));
        m_table->setItem(row, Part, new QTableWidgetItem(e.part));
        m_table->setItem(row, Items, new QTableWidgetItem(QString::number(e.items)));
        m_table->setItem(row, Created, new QTableWidgetItem(e.createdAt));
    }
    m_empty->setVisible(evaluations.isEmpty());
    m_table->setVisible(!evaluations.isEmpty());
    m_delete->setEnabled(false);
    if (chosen != 0)
        selectEvaluation(chosen);
}

void RunEvaluationsList::selectEvaluation(std::int64_t evaluationId)
{
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (m_table->item(row, Id)->data(Qt::UserRole).toLongLong() == evaluationId)
            m_table->selectRow(row);
}

std::int64_t RunEvaluationsList::selectedEvaluation() const
{
    const QList<QTableWidgetItem *> chosen = m_table->selectedItems();
    return chosen.isEmpty() ? 0 : m_table->item(chosen.first()->row(), Id)->data(Qt::UserRole).toLongLong();
}

QString RunEvaluationsList::describe(int row) const
{
    return tr("evaluation %1 (dataset version %2, %3 part) of run #%4")
        .arg(m_table->item(row, Id)->text(), m_table->item(row, Version)->text(), m_table->item(row, Part)->text())
        .arg(m_runId);
}

} // namespace mb::ui
