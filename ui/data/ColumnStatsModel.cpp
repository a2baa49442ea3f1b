// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/data/ColumnStatsModel.h"

#include "core/NumberText.h"

#include <QApplication>
#include <QDateTime>
#include <QLocale>
#include <QPainter>

#include <algorithm>

namespace mb::ui {
namespace {

QString number(const data::ColumnProfile &c, double value)
{
    if (c.type == data::ColumnType::DateTime)
        return QDateTime::fromSecsSinceEpoch(qint64(value), Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    return formatNumber(value);
}

// Min, max and mean mean something for ordered values that are present at all.
bool hasRange(const data::ColumnProfile &c)
{
    return c.type != data::ColumnType::Categorical && !c.histogram.empty();
}

} // namespace

ColumnStatsModel::ColumnStatsModel(QObject *parent) : QAbstractTableModel(parent) {}

void ColumnStatsModel::setProfile(const data::DatasetProfile &profile)
{
    beginResetModel();
    m_profile = profile;
    endResetModel();
}

int ColumnStatsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_profile.columns.size());
}

int ColumnStatsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ColumnStatsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const data::ColumnProfile &c = m_profile.columns[std::size_t(index.row())];
    if (role == int(DataRole::Histogram) && index.column() == Histogram) {
        QVariantList counts;
        for (std::int64_t h : c.histogram)
            counts << qlonglong(h);
        return counts;
    }
    if (role == Qt::ToolTipRole && index.column() == Histogram) {
        QStringList lines;
        for (std::size_t i = 0; i < c.histogram.size() && i < std::size_t(c.histogramLabels.size()); ++i)
            lines << QStringLiteral("%1: %2").arg(c.histogramLabels.at(qsizetype(i))).arg(c.histogram[i]);
        return lines.join(QLatin1Char('\n'));
    }
    if (role == Qt::TextAlignmentRole && index.column() >= Missing)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    const bool numeric = hasRange(c);
    switch (index.column()) {
    case Name:
        return c.name;
    case Type:
        return data::toKey(c.type);
    case Role:
        return data::toKey(c.role);
    case Missing:
        return formatPercent(c.missingPercent / 100);
    case Min:
        return numeric ? number(c, c.min) : QString();
    case Max:
        return numeric ? number(c, c.max) : QString();
    case Mean:
        return numeric && c.type == data::ColumnType::Numeric ? number(c, c.mean) : QString();
    case Distinct:
        return c.distinctCapped ? tr("> %1").arg(QLocale().toString(qlonglong(data::kDistinctCap)))
                                : QLocale().toString(qlonglong(c.distinct));
    default:
        return {};
    }
}

QVariant ColumnStatsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::ToolTipRole) {
        static const char *const tips[] = {
            QT_TR_NOOP("The column's name in the file"),
            QT_TR_NOOP("Inferred from every value (or chosen at import): numeric, boolean, categorical or datetime"),
            QT_TR_NOOP("Feature (the models learn from it), target (they predict it), value (business metrics read "
                       "it) or ignored"),
            QT_TR_NOOP("Rows without a value, and their share"),
            QT_TR_NOOP("The smallest value"),
            QT_TR_NOOP("The largest value"),
            QT_TR_NOOP("The mean of the values present"),
            QT_TR_NOOP("How many different values"),
            QT_TR_NOOP("How the values spread from the minimum to the maximum (hover a row for the counts)")};
        return tr(tips[section]);
    }
    if (role != Qt::DisplayRole)
        return {};
    static const char *const titles[] = {QT_TR_NOOP("Column"),  QT_TR_NOOP("Type"),     QT_TR_NOOP("Role"),
                                         QT_TR_NOOP("Missing"), QT_TR_NOOP("Min"),      QT_TR_NOOP("Max"),
                                         QT_TR_NOOP("Mean"),    QT_TR_NOOP("Distinct"), QT_TR_NOOP("Distribution")};
    return tr(titles[section]);
}

void HistogramDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyledItemDelegate::paint(painter, option, QModelIndex()); // background and selection only
    const QVariantList counts = index.data(int(ColumnStatsModel::DataRole::Histogram)).toList();
    if (counts.isEmpty())
        return;
    qlonglong highest = 1;
    for (const QVariant &c : counts)
        highest = std::max(highest, c.toLongLong());
    const QRectF area = QRectF(option.rect).adjusted(4, 3, -4, -3);
    const double width = area.width() / double(counts.size());
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    QColor bar = option.palette.color(QPalette::Highlight);
    if (option.state & QStyle::State_Selected)
        bar = option.palette.color(QPalette::HighlightedText);
    painter->setPen(Qt::NoPen);
    painter->setBrush(bar);
    for (int i = 0; i < counts.size(); ++i) {
        const double height = area.height() * double(counts.at(i).toLongLong()) / double(highest);
        painter->drawRect(
            QRectF(area.left() + i * width + 0.5, area.bottom() - height, std::max(1.0, width - 1.0), height));
    }
    painter->restore();
}

QSize HistogramDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return QStyledItemDelegate::sizeHint(option, index).expandedTo(QSize(160, 28));
}

} // namespace mb::ui
