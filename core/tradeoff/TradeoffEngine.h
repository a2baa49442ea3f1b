// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"
#include "core/Result.h"
#include "core/business/BusinessMetricEngine.h"
#include "core/business/PredictionTable.h"
#include "core/tradeoff/WeightedRanking.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace mb::tradeoff {

// The engine behind the Trade-offs page (docs/TRADEOFFS.md). Two models, one per objective, have
// scored the same items (RunPair.h checks that); their scores a and b, normalised
// (ScoreNormalisation.h), are kept, and items are re-ranked by alpha * a + beta * b as the user
// moves the sliders, without retraining.
//
// update(alpha, beta, k) selects the top k by the weighted scores with WeightedRanking (one pass
// over float32 copies of a and b that finds a few candidates, whose exact double scores then
// decide: the same rows as business::topKRows over every item's exact score, without computing
// them; a full sort of a million items costs ~80 ms, five frames), ranks only those k for the
// list, and evaluates the framing's business metrics on the selection with
// business::evaluateBusinessMetricOn. Ties rank the lower row first, as everywhere else, so the
// same weights always give the same top k.
//
// Which metrics, and on which items:
//   top_k         on the page's top k: the page's k replaces the metric's own. The page shows one
//                 list and one k, and the numbers beside it must describe that list; a metric
//                 named "clicks_at_100" then reads "clicks in the top k", which the page says.
//   top_fraction  on its own fraction of the same weighted ranking (ceil(fraction * n) items): a
//                 fraction is a share of the feed, not a budget the k slider sets. One more O(n)
//                 selection per distinct size (none when it equals k).
//   all, predicted_positive
//                 not evaluated, listed in skipped() with the reason: every item, or a threshold
//                 on one model's score, does not move with the weights.
// A metric whose item expressions read `score` or `predicted` is skipped too: those are one
// model's outputs, and a weighted ranking of two models has neither. Metrics read the targets'
// labels and the value columns (and `label`, the first target's).
//
// The sweep: `steps + 1` weightings alpha = i / steps, beta = 1 - alpha (the page's "lock
// alpha + beta = 1"), each giving two chosen metrics x and y, and the Pareto front of those points
// (business::paretoFront). Scaling both weights by the same positive factor does not change the
// ranking (up to rounding of near-ties), so the sweep covers every non-negative (alpha, beta):
// an unlocked setting sits at alpha / (alpha + beta). Negative weights are outside it; the page's
// current point always comes from update(), never from the sweep.
//
// The Approach-1 point (one model trained on alpha * L1 + beta * L2, two heads) needs no code of
// its own: the page builds a second engine from that run's two head scores, normalised `raw` (the
// model ranks by its own outputs, as business::judgedPredictionTable ranks a two-head run on the
// other pages) with the same item columns, and calls update(training alpha, training beta, k); the
// x and y metric values of that update are the point.
//
// Costs: creation O(n) plus one muparser compile per item expression, and 8 bytes per item for
// the float32 copies; update one pass over those copies (on two threads where there are two
// cores) for the selection, plus the k items' muparser evaluations per metric (and O(n) for a
// metric whose outer expression reads the confusion counts); sweep (steps + 1) times that, split
// over `threads` threads.
//
// Thread contract: update() is for one thread at a time (it writes the engine's buffers). sweep()
// is const and may run on another thread while update() runs; it starts and joins its own
// threads. Neither may overlap moving or destroying the engine.

// What the engine is built from.
struct TradeoffData {
    std::vector<double> a; // the first objective's normalised scores, one per item
    std::vector<double> b; // the second objective's, the same items in the same order
    // The items' columns (RunPair.h's mergeItemColumns): item ids, `label` (the first target's),
    // and named columns for each target's label and the value columns. `score` and `predicted`
    // are ignored: the engine replaces them with its own working columns.
    business::PredictionTable items;
    QList<BusinessMetric> metrics; // the framing's business metrics
    QStringList declaredColumns;   // business::declaredItemColumns(framing)
};

// One metric's value for a weighting, or why it has none (an error naming the metric).
struct RankedMetricValue {
    QString name;
    Result<business::MetricValue> value;
};

struct TradeoffUpdate {
    double alpha = 0.0;
    double beta = 0.0;
    std::size_t k = 0;                      // the items ranked: the requested k, at most every item
    std::vector<std::uint32_t> topRows;     // the top k rows of items(), best first
    std::vector<double> topScores;          // alpha * a + beta * b of each, in the same order
    std::vector<RankedMetricValue> metrics; // one per rankedMetrics() entry, in that order
    QStringList notes;                      // k capped to the items, ties split at the boundary
};

struct SweepRequest {
    QString xMetric; // two of rankedMetrics() by name (may be the same)
    QString yMetric;
    std::size_t k = 100; // as in update()
    int steps = 100;     // alpha = i / steps for i = 0 .. steps: steps + 1 points, 1 or more steps
    int threads = 0;     // 0: one per core
};

struct SweepPoint {
    double alpha = 0.0;
    double beta = 0.0;
    double x = 0.0;
    double y = 0.0;
    bool dominated = false; // another point is at least as good in both metrics, better in one
};

struct TradeoffSweep {
    QString xMetric;
    QString yMetric;
    Direction xDirection = Direction::Maximize;
    Direction yDirection = Direction::Maximize;
    std::vector<SweepPoint> points; // alpha ascending
    std::vector<std::size_t> front; // indices into points of the non-dominated ones, x ascending
};

class TradeoffEngine {
public:
    // Errors: a and b of different lengths, or not the items' length; no items; a score that is
    // not finite; a malformed items table (PredictionTable::check).
    static Result<TradeoffEngine> create(TradeoffData data);

    TradeoffEngine(TradeoffEngine &&other) noexcept = default;
    TradeoffEngine &operator=(TradeoffEngine &&other) noexcept = default;
    TradeoffEngine(const TradeoffEngine &) = delete;
    TradeoffEngine &operator=(const TradeoffEngine &) = delete;

    // The metrics update() evaluates, in the framing's order, and one line per metric it does not
    // ("'x' selects every item: ...").
    const QList<BusinessMetric> &rankedMetrics() const { return m_metrics; }
    const QStringList &skipped() const { return m_skipped; }

    std::size_t size() const { return m_ranking.size(); }
    // The scores the engine ranks by (normalised, as given), one per item.
    const std::vector<double> &a() const { return m_ranking.a(); }
    const std::vector<double> &b() const { return m_ranking.b(); }
    // The item columns, for the fields of the top-k list. Its `score` is a working buffer of
    // update() (not the weighted scores) and its `predicted` is unused; read the top k's scores
    // from TradeoffUpdate.
    const business::PredictionTable &items() const { return m_items; }

    // Errors: alpha or beta not a finite number, k = 0, a weighted score that overflows. A metric
    // that cannot be evaluated is an error in its own entry; the others still have values.
    Result<TradeoffUpdate> update(double alpha, double beta, std::size_t k);

    // Errors: an x or y that is not a ranked metric, steps below 1, an error in any point's metric
    // (naming the weights), and a cancel (checked between points).
    Result<TradeoffSweep> sweep(const SweepRequest &request, const std::atomic<bool> *cancel = nullptr) const;

private:
    TradeoffEngine() = default;

    WeightedRanking m_ranking;         // a and b, and the top k by any weights
    business::PredictionTable m_items; // m_items.score: a working buffer, see items()
    QList<BusinessMetric> m_metrics;
    QStringList m_skipped;
    QStringList m_declaredColumns;
};

} // namespace mb::tradeoff
