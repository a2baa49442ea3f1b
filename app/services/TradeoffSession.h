// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"
#include "core/Result.h"
#include "core/tradeoff/ScoreNormalisation.h"
#include "core/tradeoff/TradeoffEngine.h"
#include "core/tradeoff/TradeoffPolicy.h"
#include "db/RunRepository.h"

#include <QList>
#include <QString>

#include <cstdint>
#include <optional>
#include <utility>

namespace mb::db {
class Database;
}

namespace mb::services {

// What the Trade-offs page and the demo load from the store before core/tradeoff takes over
// (docs/TRADEOFFS.md, "Loading a pair"): two runs' evaluations of one part (PairPart), checked by
// the pair rule (tradeoff::checkPair), each run's score for the
// objective it stands for, and the items' target and value columns. Widget-free, so the page, the
// demo builder and the command line share it. Thread contract: the loaders use the Database on
// the thread that owns it; the rest are pure functions, reentrant.

// Which evaluation of each run a pair reads. Weights are chosen on validation predictions and
// reported on the held-out test ones, as a decision threshold is (docs/TRADEOFFS.md, "Chosen on
// validation, reported on test").
enum class PairPart {
    Reported, // the judged evaluation (RunMetrics.h's judgedEvaluation): the held-out test rows
    Choosing, // the same checkpoint's validation evaluation (choosingEvaluation)
};

// One side of a pair: the run, the evaluation its scores come from and which stored column.
struct TradeoffSide {
    std::int64_t runId = 0;
    QString runName;
    std::int64_t evaluationId = 0;
    QString scoreColumn; // "score:quality": the framing's first target for side a, second for b
};

// A training run's loss weights (TrainingConfig::alpha, beta), for the Approach-1 point.
struct TrainingWeights {
    double alpha = 0.5;
    double beta = 0.5;
};

// Everything a tradeoff::TradeoffEngine is built from, with where it came from.
struct TradeoffPair {
    TradeoffSide a; // scores the framing's first objective (the demo's quality)
    TradeoffSide b; // scores the second (engagement)
    // data.a and data.b hold the RAW stored scores, not yet normalised: tradeoffEngine() (or the
    // caller, with tradeoff::normaliseScores) applies the chosen normalisation, so the page can
    // switch it without reading the store again. data.items: item ids, `label` (the first
    // target's), every target's label and the value columns; no score or predicted.
    tradeoff::TradeoffData data;
    std::int64_t datasetVersionId = 0; // where both evaluations ran
    std::optional<std::int64_t> splitId;
    QString part; // test, validation or all
    // Approach 1 only (loadApproachOnePair, one two-head run on both sides): the weights it was
    // trained with, where the page draws its point.
    std::optional<TrainingWeights> trainingWeights;
};

// Approach 2: run A's score for the framing's first target and run B's for its second, over the
// same items. Errors, each naming the run: a run that does not exist; the same run on both sides;
// a framing without two targets; a run with no evaluation yet; a run whose judged predictions lack
// the score column of the objective it stands for ("run 'engagement model' cannot stand for
// 'quality' ... no column 'score:quality'"), as when the two runs are swapped; the pair rule
// (checkPair: dataset version, split, part, item count, item ids); item columns both runs hold
// with different values (mergeItemColumns).
// `part` Choosing adds one error: a run with no validation predictions (trained before they were
// kept, or on a split without a validation part), named.
Result<TradeoffPair> loadTradeoffPair(db::Database &db, const Framing &framing, std::int64_t runA, std::int64_t runB,
                                      PairPart part = PairPart::Reported);

// Approach 1: the same from ONE two-head run, a = its score for the first target, b = for the
// second, both from its judged evaluation, with the weights from its training config. Its point
// ranks by the model's own outputs: build its engine with ScoreNormalisation::Raw and call
// update(trainingWeights->alpha, trainingWeights->beta, k). Errors: as above, and a run that
// lacks either score column (a one-objective run) or has no weights in its config.
Result<TradeoffPair> loadApproachOnePair(db::Database &db, const Framing &framing, std::int64_t combinedRun,
                                         PairPart part = PairPart::Reported);

// Both parts of a pair, as the page and the demo need them: `reported` always (its errors are the
// call's), `choosing` when both runs have validation predictions, and otherwise the reason why not.
// Without `choosing`, nothing may be chosen for this pair: weights picked on its only predictions
// would be picked on the rows they are reported on.
struct TradeoffPairs {
    TradeoffPair reported;
    std::optional<TradeoffPair> choosing;
    QString noChoosingReason;
};
Result<TradeoffPairs> loadTradeoffPairs(db::Database &db, const Framing &framing, std::int64_t runA, std::int64_t runB);

// The pair's scores normalised `how`, and the engine over them. The pair is copied, so it can
// serve the next normalisation too; the second form takes it over instead (a million items' columns
// are not copied). Errors: normaliseScores's (a non-finite score, by row) and TradeoffEngine::create's.
Result<tradeoff::TradeoffEngine> tradeoffEngine(const TradeoffPair &pair, tradeoff::ScoreNormalisation how);
Result<tradeoff::TradeoffEngine> tradeoffEngine(TradeoffPair &&pair, tradeoff::ScoreNormalisation how);

// The metric snapshot a policy stores (PolicyDraft::metrics): every ranked metric of the update
// with a finite value, by name. A metric the engine could not evaluate is left out, as
// PolicyMetrics says.
PolicyMetrics policyMetricsOf(const tradeoff::TradeoffUpdate &update);

// The snapshot for `settings` from scratch: the pair normalised the policy's way, one update at
// its alpha, beta and k. Errors: an unknown normalisation key, the engine's errors.
Result<PolicyMetrics> policyMetricsAt(const TradeoffPair &pair, const PolicySettings &settings);

// The pair the page preselects: the newest finished run that predicts only the framing's first
// target and the newest that predicts only its second, trained on the same dataset version and
// split. Among several such pairs, the one whose older run is the newest. `runsNewestFirst` is
// RunRepository::runs's order. nullopt when the framing has fewer than two targets or no such
// pair exists.
std::optional<std::pair<std::int64_t, std::int64_t>> suggestedTradeoffRuns(const QList<db::RunRecord> &runsNewestFirst,
                                                                           const Framing &framing);

} // namespace mb::services
