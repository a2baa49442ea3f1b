// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/DatasetProfile.h"

#include <QAbstractTableModel>
#include <QStyledItemDelegate>

namespace mb::ui {

// One row per column of a dataset version: its type, role and statistics, and its histogram
// (drawn by HistogramDelegate from HistogramRole).
class ColumnStatsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Type, Role, Missing, Min, Max, Mean, Distinct, Histogram, ColumnCount };
    enum class DataRole { Histogram = Qt::UserRole + 1 };

    explicit ColumnStatsModel(QObject *parent = nullptr);
    void setProfile(const data::DatasetProfile &profile);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    data::DatasetProfile m_profile;
};

// Paints a small bar histogram from a list of counts, so the shape of every column is seen at once.
class HistogramDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace mb::ui
