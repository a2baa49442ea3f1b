// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

#include <functional>

namespace mb::ui {

// Edits a metric name in a table cell with an editable combo box that offers the names that
// exist (asked of `names` each time the cell opens, so new business metrics are offered at
// once). Any text can still be typed: a metric may be measured only by runs still to come.
class MetricNameDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    MetricNameDelegate(std::function<QStringList()> names, QObject *parent = nullptr);

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;

private:
    std::function<QStringList()> m_names;
};

} // namespace mb::ui
