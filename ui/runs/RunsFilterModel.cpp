// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/runs/RunsFilterModel.h"

#include "ui/runs/QueryableRows.h"
#include "ui/runs/RunsTableModel.h"

#include <cmath>

namespace mb::ui {

RunsFilterModel::RunsFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(int(RunsTableModel::Role::Sort));
    setSortCaseSensitivity(Qt::CaseInsensitive);
    // Status and summary change while runs train: keep the order and the filter current.
    setDynamicSortFilter(true);
}

void RunsFilterModel::setSourceModel(QAbstractItemModel *source)
{
    // Only this class's own connections: the proxy keeps its own to the same source.
    disconnect(m_resetConnection);
    disconnect(m_columnsConnection);
    QSortFilterProxyModel::setSourceModel(source);
    m_rows = dynamic_cast<const QueryableRows *>(source);
    if (source) {
        // A field the query names may arrive with a run (a new metric column) or go with a reset.
        m_resetConnection = connect(source, &QAbstractItemModel::modelReset, this, &RunsFilterModel::compile);
        m_columnsConnection = connect(source, &QAbstractItemModel::columnsInserted, this, &RunsFilterModel::compile);
    }
    compile();
}

void RunsFilterModel::setFilterText(const QString &text)
{
    m_text = text;
    compile();
}

void RunsFilterModel::compile()
{
    QString problem;
    m_broken = false;
    m_query = query::Query();
    if (m_rows) {
        Result<query::Query> compiled = query::Query::compile(m_text, m_rows->queryCatalog());
        if (compiled) {
            m_query = std::move(compiled).value();
        } else {
            problem = compiled.error();
            m_broken = true;
        }
    }
    if (problem != m_problem) {
        m_problem = problem;
        Q_EMIT problemChanged(m_problem);
    }
    invalidateRowsFilter();
}

bool RunsFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    if (m_broken)
        return false;
    if (!m_rows || m_query.isEmpty())
        return true;
    return m_query.matches(m_rows->queryFields(sourceRow));
}

bool RunsFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (m_rows && sortRole() == int(RunsTableModel::Role::Sort) && left.column() == right.column())
        if (const std::vector<double> *keys = m_rows->sortKeys(left.column()))
            return lessNumber(keys->at(std::size_t(left.row())), keys->at(std::size_t(right.row())));
    const QVariant a = left.data(sortRole());
    const QVariant b = right.data(sortRole());
    if (a.typeId() == QMetaType::Double && b.typeId() == QMetaType::Double)
        return lessNumber(a.toDouble(), b.toDouble());
    return a.toString().localeAwareCompare(b.toString()) < 0;
}

bool RunsFilterModel::lessNumber(double x, double y) const
{
    // Runs without a value go last whichever way the column is sorted.
    if (std::isnan(x) || std::isnan(y)) {
        if (std::isnan(x) == std::isnan(y))
            return false;
        return std::isnan(y) == (sortOrder() == Qt::AscendingOrder);
    }
    return x < y;
}

} // namespace mb::ui
