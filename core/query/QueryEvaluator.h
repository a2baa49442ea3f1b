// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/query/QueryBinding.h"
#include "core/query/RunFields.h"

namespace mb::query {

// A condition's truth for one run, in three values (Kleene logic, as SQL's): a comparison on a
// value the run lacks is Unknown, "not Unknown" stays Unknown, and only True matches. So a run
// without test/roc_auc matches neither "test/roc_auc > 0.9" nor "not test/roc_auc > 0.9".
enum class Truth { False, True, Unknown };

Truth evaluate(const Condition &condition, const RunFields &run);

} // namespace mb::query
