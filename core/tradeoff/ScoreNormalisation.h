// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace mb::tradeoff {

// How each model's scores are put on a common scale before the Trade-offs page weights them.
// Items are ranked by alpha * a + beta * b, and the weights only say "alpha parts of a for beta
// parts of b" when a and b vary on comparable scales. Two models' raw scores need not: a quality
// model may score every post between 0.2 and 0.4 while the engagement model spans 0 to 1, and
// then beta = alpha still hands the ranking to engagement. So the choice is the user's, shown on
// the page and saved with a policy:
//
//   raw     the scores as the models gave them: right when both are probabilities (or values) the
//           user wants to add as they are;
//   zscore  (x - mean) / standard deviation, the population one (divided by n): every column gets
//           mean 0 and spread 1, so a weight trades standard deviations of one model's score for
//           standard deviations of the other's. A constant column becomes all zeros: it cannot
//           tell items apart, so it adds nothing to the ranking whatever its weight;
//   rank    the item's rank among the column's scores, 1 for the lowest, ties sharing the mean of
//           their ranks, scaled to [0, 1] as (rank - 1) / (n - 1) (a single item gets 0): only
//           each model's order counts, not its calibration or its outliers.
//
// Higher stays better under every normalisation. Keys are stable ("raw", "zscore", "rank"): what
// a policy stores. Thread contract: pure functions, reentrant.
enum class ScoreNormalisation { Raw, ZScore, Rank };

QString toKey(ScoreNormalisation value);
std::optional<ScoreNormalisation> scoreNormalisationFromKey(const QString &key);
QStringList scoreNormalisationKeys(); // in declaration order

// The normalised column, one value per score in the same order. Errors: a score that is not a
// finite number, named by its row (counted from 1). O(n) for raw and zscore, O(n log n) for rank.
Result<std::vector<double>> normaliseScores(const std::vector<double> &scores, ScoreNormalisation how);

} // namespace mb::tradeoff
