// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/runs/RunLineageView.h"

#include "ui/shell/Theme.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace mb::ui {

RunLineageView::RunLineageView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("runLineage"));
    m_empty = new QLabel(tr("No re-runs or forks: Re-run (Ctrl+R) trains the same config again and says whether "
                            "the metrics come out identical; Fork… edits it first."));
    m_empty->setWordWrap(true);
    m_tree = new QTreeWidget;
    m_tree->setObjectName(QStringLiteral("runLineageTree"));
    m_tree->setHeaderLabels({tr("Run"), tr("Relation to its parent")});
    m_tree->setRootIsDecorated(true);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(0, 130);
    connect(m_tree, &QTreeWidget::itemDoubleClicked, this,
            [this](QTreeWidgetItem *item) { Q_EMIT runActivated(item->data(0, Qt::UserRole).toLongLong()); });
    // A fork's edits are the point of the tab: the chosen run's relation in full, wrapped, below.
    m_relation = new QLabel;
    m_relation->setObjectName(QStringLiteral("runLineageRelation"));
    m_relation->setWordWrap(true);
    m_relation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        m_relation->setText(item ? QStringLiteral("%1 — %2").arg(item->text(0), item->text(1)) : QString());
    });
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_empty);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_relation);
    showFamily({}, 0);
}

void RunLineageView::showFamily(const QList<LineageEntry> &family, std::int64_t currentRunId)
{
    m_tree->clear();
    m_relation->clear();
    m_empty->setVisible(family.size() <= 1);
    m_tree->setVisible(family.size() > 1);
    m_relation->setVisible(family.size() > 1);
    QTreeWidgetItem *current = nullptr;
    QList<QTreeWidgetItem *> parents; // by depth, the latest item there
    for (const LineageEntry &entry : family) {
        auto *item = new QTreeWidgetItem;
        item->setText(0, QStringLiteral("#%1 %2").arg(entry.run.id).arg(entry.run.name));
        const QString relation = lineageText(entry);
        item->setText(1, relation);
        item->setToolTip(1, relation);
        item->setData(0, Qt::UserRole, qint64(entry.run.id));
        if (entry.kind == LineageKind::Rerun && entry.comparable)
            item->setForeground(1, entry.metricDifferences.isEmpty() ? okTextColor() : errorTextColor());
        if (entry.run.id == currentRunId) {
            QFont bold = item->font(0);
            bold.setBold(true);
            item->setFont(0, bold);
            current = item;
        }
        parents.resize(entry.depth);
        if (entry.depth == 0 || parents.isEmpty())
            m_tree->addTopLevelItem(item);
        else
            parents.constLast()->addChild(item);
        parents << item;
    }
    m_tree->expandAll();
    if (current)
        m_tree->setCurrentItem(current);
}

} // namespace mb::ui
