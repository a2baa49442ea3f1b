// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/runs/RunsFilterModel.h"

#include "ui/runs/RunsTableModel.h"

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
    static const QRegularExpression comparison(QStringLiteral("^(.+?)(<=|>=|<|>|=)([-+]?[0-9.]+(?:e[-+]?[0-9]+)?)$"));
    // A key that names no column would match nothing and leave an empty table with no reason
    // given: it is named, with the keys there are.
    static const QRegularExpression keyShape(QStringLiteral("^[a-z_][a-z0-9_/]*$"));
    QStringList unknownKeys;
    for (const QString &word : words) {
        Term term{-1, word, {}, 0.0};
        if (const QRegularExpressionMatch m = comparison.match(word); m.hasMatch() && sourceModel()) {
            const int column = columnWithKey(m.captured(1));
            if (column >= 0) {
                terms << Term{column, {}, m.captured(2), m.captured(3).toDouble()};
                continue;
            }
            if (keyShape.match(m.captured(1)).hasMatch())
                unknownKeys << m.captured(1);
        }
        const qsizetype colon = word.indexOf(QLatin1Char(':'));
        if (colon > 0 && sourceModel()) {
            if (const int column = columnWithKey(word.left(colon)); column >= 0)
                term = Term{column, word.mid(colon + 1), {}, 0.0};
            else if (keyShape.match(word.left(colon)).hasMatch())
                unknownKeys << word.left(colon);
        }
        terms << term;
    }
    m_terms = terms;
    QString problem;
    if (!unknownKeys.isEmpty()) {
        QStringList keys;
        for (int c = 0; c < sourceModel()->columnCount(); ++c)
            keys << sourceModel()->headerData(c, Qt::Horizontal, int(RunsTableModel::Role::Key)).toString();
        keys.removeAll(QString());
        problem = tr("No column is called %1: filter by %2.")
                      .arg(QStringLiteral("'%1'").arg(unknownKeys.join(QStringLiteral("', '"))),
                           keys.join(QStringLiteral(", ")));
    }
    if (problem != m_problem) {
        m_problem = problem;
        Q_EMIT problemChanged(m_problem);
    }
    invalidateRowsFilter();
}

bool RunsFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_terms.isEmpty())
        return true;
    const QAbstractItemModel *model = sourceModel();
    const QString search = model->index(sourceRow, 0, sourceParent).data(int(RunsTableModel::Role::Search)).toString();
    for (const Term &term : m_terms) {
        if (!term.comparator.isEmpty()) {
            const QVariant value =
                model->index(sourceRow, term.column, sourceParent).data(int(RunsTableModel::Role::Sort));
            if (value.typeId() != QMetaType::Double || !matches(value.toDouble(), term))
                return false;
        } else if (term.column < 0) {
            if (!search.contains(term.text))
                return false;
        } else if (!model->index(sourceRow, term.column, sourceParent)
                        .data()
                        .toString()
                        .toLower()
                        .contains(term.text)) {
            return false;
        }
    }
    return true;
}

int RunsFilterModel::columnWithKey(const QString &key) const
{
    for (int c = 0; c < sourceModel()->columnCount(); ++c)
        if (sourceModel()->headerData(c, Qt::Horizontal, int(RunsTableModel::Role::Key)).toString().toLower() == key)
            return c;
    return -1;
}

bool RunsFilterModel::matches(double value, const Term &term)
{
    if (std::isnan(value))
        return false;
    if (term.comparator == QLatin1String("<"))
        return value < term.number;
    if (term.comparator == QLatin1String("<="))
        return value <= term.number;
    if (term.comparator == QLatin1String(">"))
        return value > term.number;
    if (term.comparator == QLatin1String(">="))
        return value >= term.number;
    return value == term.number;
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
