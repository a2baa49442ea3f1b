// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "db/RunRepository.h"

#include <QList>

#include <cstdint>

class QCheckBox;

namespace mb::db {
class Database;
}

namespace mb::ui {

// The one rule the Runs and Compare tables share for archived runs (db/RunArchive): hidden unless
// the page's "Archived" box (show archived runs) is ticked. Thread contract: GUI thread.

// The "Archived" check box (show archived runs), unticked, named `objectName` for tests.
QCheckBox *makeShowArchivedBox(const QString &objectName);
// `runs` (a project's) without the archived ones, unless `showArchived`.
Result<QList<db::RunRecord>> shownRuns(db::Database &database, std::int64_t projectId, QList<db::RunRecord> runs,
                                       bool showArchived);

} // namespace mb::ui
