// SPDX-License-Identifier: GPL-3.0-or-later
#include "RunsFilterModel.h"

#include "RunsTableModel.h"

#include <QRegularExpression>

#include <cmath>

namespace mb::ui {

RunsFilterModel::RunsFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(int(RunsTableModel::Role::Sort));
    setSortCaseSensitivity(Qt::CaseInsensitive);
    // Status and summary change while runs train: keep the order and the filter current.
    setDynamicSortFilter(true);
}

void RunsFilterModel::setFilterText(const QString &text)
{
    m_text = text;
    QList<Term> terms;
    static const QRegularExpression space(QStringLiteral("\\s+"));
    const QStringList words = text.trimmed().toLower().split(space, Qt::SkipEmptyParts);
    for (const QString &word : words) {
        Term term{-1, word};
        const qsizetype colon = word.indexOf(QLatin1Char(':'));
        if (colon > 0 && sourceModel()) {
            const QString key = word.left(colon);
            for (int c = 0; c < sourceModel()->columnCount(); ++c) {
                if (sourceModel()->headerData(c, Qt::Horizontal, int(RunsTableModel::Role::Key)).toString().toLower() == key) {
                    term = Term{c, word.mid(colon + 1)};
                    break;
                }
            }
        }
        terms << term;
    }
    m_terms = terms;
    invalidateRowsFilter();
}

bool RunsFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_terms.isEmpty())
        return true;
    const QAbstractItemModel *model = sourceModel();
    const QString search = model->index(sourceRow, 0, sourceParent).data(int(RunsTableModel::Role::Search)).toString();
    for (const Term &term : m_terms) {
        if (term.column < 0) {
            if (!search.contains(term.text))
                return false;
        } else if (!model->index(sourceRow, term.column, sourceParent).data().toString().toLower().contains(term.text)) {
            return false;
        }
    }
    return true;
}

bool RunsFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant a = left.data(sortRole());
    const QVariant b = right.data(sortRole());
    if (a.typeId() == QMetaType::Double && b.typeId() == QMetaType::Double) {
        const double x = a.toDouble(), y = b.toDouble();
        // Runs without a value go last whichever way the column is sorted.
        if (std::isnan(x) || std::isnan(y)) {
            if (std::isnan(x) == std::isnan(y))
                return false;
            return std::isnan(y) == (sortOrder() == Qt::AscendingOrder);
        }
        return x < y;
    }
    return a.toString().localeAwareCompare(b.toString()) < 0;
}

} // namespace mb::ui
