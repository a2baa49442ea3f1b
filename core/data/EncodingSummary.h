// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/FeatureEncoder.h"

#include <QJsonObject>
#include <QStringList>

namespace mb::data {

// What a fitted encoding did to each column, as a reader of a run's record wants it: the kind
// (a standardised number, log1p, one-hot with N of M categories kept + other, ordinal), so that a
// user sees that a 40-level column kept 20. One home for the `runs --json` form and the Runs
// page's text, so the two cannot drift.
//
// JSON: {"max_categories", "standardize", "inputs", "columns": [{"column", "kind" (number,
// boolean, one_hot, ordinal), "inputs", "text", and per kind "log1p", "standardized",
// "kept", "train_categories", "other", "levels", "missing_indicator"}]}.
QJsonObject encodingSummary(const FeatureEncoding &encoding);

// "age: number, standardised", one line per column, after a first line with the options.
QStringList encodingSummaryLines(const FeatureEncoding &encoding);

} // namespace mb::data
