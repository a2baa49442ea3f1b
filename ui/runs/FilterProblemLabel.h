// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QLabel;

namespace mb::ui {

class RunsFilterModel;

// A label that says what is wrong with the filter typed (a key that names no column), shown only
// while something is: an empty table then has its reason beside it. Owned by whoever lays it out.
QLabel *filterProblemLabel(RunsFilterModel *filter);

} // namespace mb::ui
