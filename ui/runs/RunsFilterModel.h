// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/query/Query.h"

#include <QSortFilterProxyModel>
#include <QString>

namespace mb::ui {

class QueryableRows;

// Sorts the runs table by RunsTableModel::Role::Sort (numbers numerically, runs without a value
// last in either order) and filters it by the query typed in the filter box (docs/QUERY.md):
// `status = finished and test/roc_auc > 0.9 or tag = baseline`, plain words searched in the run's
// text, and the old key:text and key>number forms. A query that cannot be read keeps no row and
// says why (problem()): "col 10: expected a value after '='". The source model must be a
// QueryableRows (RunsTableModel, CompareTableModel); the query is compiled again when the source's
// columns change, since a metric a query names may arrive with a run.
// Thread contract: GUI thread.
class RunsFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit RunsFilterModel(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *source) override;
    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }
    // What is wrong with the query, with its column and the choices; "" when it reads.
    QString problem() const { return m_problem; }

Q_SIGNALS:
    void problemChanged(const QString &problem);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void compile();
    bool lessNumber(double x, double y) const; // numbers, runs without one (NaN) last


    const QueryableRows *m_rows = nullptr; // the source model, not owned
    QMetaObject::Connection m_resetConnection;
    QMetaObject::Connection m_columnsConnection;
    QString m_text;
    QString m_problem;
    query::Query m_query;
    bool m_broken = false; // the text does not read: no row is kept
};

} // namespace mb::ui
