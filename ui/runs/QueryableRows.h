// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/query/RunFields.h"

#include <vector>

namespace mb::ui {

// A table of runs that RunsFilterModel can run a query over (docs/QUERY.md): each row's fields
// and the fields there are. RunsTableModel and CompareTableModel provide it, so one query keeps
// the same runs on the Runs and Compare pages. Thread contract: GUI thread, like the models.
class QueryableRows {
public:
    virtual ~QueryableRows() = default;
    // The run of a source row; valid until the model changes.
    virtual const query::RunFields &queryFields(int row) const = 0;
    // What a query may name: the numbers and texts the rows have, and the statuses.
    virtual query::FieldCatalog queryCatalog() const = 0;
    // Every source row's sort number in `column` (NaN: none), when the column sorts by numbers and
    // the model keeps them ready; null otherwise, and RunsFilterModel asks each cell. Sorting
    // 10 000 runs compares ~140 000 pairs: a number each, not a QVariant each.
    virtual const std::vector<double> *sortKeys(int column) const
    {
        (void)column;
        return nullptr;
    }

protected:
    QueryableRows() = default;
    QueryableRows(const QueryableRows &) = default;
    QueryableRows &operator=(const QueryableRows &) = default;
};

} // namespace mb::ui
