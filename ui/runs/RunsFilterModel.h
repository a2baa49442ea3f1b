// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSortFilterProxyModel>
#include <QStringList>

namespace mb::ui {

// Sorts the runs table by RunsTableModel::Role::Sort (numbers numerically, runs without a value
// last in either order) and filters it by the words typed in the filter box: every word must
// match the row's status, name, model, optimizer or id; "key:text" (status:failed, model:mlp,
// name:baseline) matches one column only; "key>number" (also <, <=, >=, =) keeps rows whose value
// in that column compares so (test/roc_auc>0.75, lr<=0.001), and drops rows without a value.
// The source model provides RunsTableModel's roles (the Compare page's table does too).
// Thread contract: GUI thread.
class RunsFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit RunsFilterModel(QObject *parent = nullptr);

    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }
    // What is wrong with the filter ("No column is called 'acc': filter by …"), "" when nothing.
    QString problem() const { return m_problem; }

Q_SIGNALS:
    void problemChanged(const QString &problem);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    struct Term {
        int column = -1;    // -1: any of the indexed columns
        QString text;       // lowercased
        QString comparator; // "<", "<=", ">", ">=", "=", or empty for a text match
        double number = 0.0;
    };
    int columnWithKey(const QString &key) const; // lowercased key; -1 when no column has it
    static bool matches(double value, const Term &term);

    QString m_text;
    QString m_problem;
    QList<Term> m_terms;
};

} // namespace mb::ui
