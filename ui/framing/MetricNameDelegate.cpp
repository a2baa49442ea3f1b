// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/framing/MetricNameDelegate.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QCompleter>
#include <QLineEdit>

namespace mb::ui {

MetricNameDelegate::MetricNameDelegate(std::function<QStringList()> names, QObject *parent)
    : QStyledItemDelegate(parent), m_names(std::move(names))
{
}

QWidget *MetricNameDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem & /*option*/,
                                          const QModelIndex & /*index*/) const
{
    auto *combo = new QComboBox(parent);
    combo->setObjectName(QStringLiteral("requirementMetricEditor"));
    combo->setEditable(true);
    combo->setInsertPolicy(QComboBox::NoInsert);
    combo->addItems(m_names());
    // The list opens as wide as its longest name (test/engagement/average_precision), not the cell.
    combo->view()->setMinimumWidth(combo->view()->sizeHintForColumn(0) + 24);
    // Completes inline as the user types, with no popup over the neighbouring cells.
    combo->completer()->setCompletionMode(QCompleter::InlineCompletion);
    combo->completer()->setCaseSensitivity(Qt::CaseSensitive);
    return combo;
}

void MetricNameDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    auto *combo = static_cast<QComboBox *>(editor);
    combo->setEditText(index.data(Qt::EditRole).toString());
    combo->lineEdit()->selectAll();
}

void MetricNameDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    model->setData(index, static_cast<QComboBox *>(editor)->currentText().trimmed(), Qt::EditRole);
}

} // namespace mb::ui
