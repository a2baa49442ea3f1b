// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/query/RunFields.h"

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

protected:
    QueryableRows() = default;
    QueryableRows(const QueryableRows &) = default;
    QueryableRows &operator=(const QueryableRows &) = default;
};

} // namespace mb::ui
