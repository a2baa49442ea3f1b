// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/TradeoffSession.h"
#include "core/tradeoff/ScoreNormalisation.h"
#include "core/tradeoff/TradeoffEngine.h"

#include <QObject>
#include <QStringList>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

class QThread;

namespace mb::services {

// One item of the top-k list, its fields copied out of the engine's table for the GUI thread.
struct TopItem {
    std::uint32_t row = 0;
    std::int64_t itemId = 0;
    double score = 0.0; // alpha * a + beta * b
    double a = 0.0;     // the normalised scores it was ranked by
    double b = 0.0;
    std::vector<double> fields; // TradeoffResult::fieldNames' values
};

struct TradeoffResult {
    std::uint64_t generation = 0; // of the request it answers
    double alpha = 0.0;
    double beta = 0.0;
    std::size_t k = 0;
    QString error; // the whole update failed
    std::vector<tradeoff::RankedMetricValue> metrics; // on the rows weights are chosen on
    // The same weights on the reported rows (the held-out test rows), when the worker was given
    // them: what a policy at these weights is reported to give. Empty otherwise.
    std::vector<tradeoff::RankedMetricValue> reportedMetrics;
    // Whether the reported rows were updated: not while a slider is dragged (requestUpdate's
    // `report`), so that each move of a drag is one engine update, not two.
    bool reported = false;
    QStringList notes;
    QStringList fieldNames; // the items' named columns (targets, value columns)
    QList<TopItem> top;     // best first; at most kShownItems
    double elapsedMs = 0.0; // the engine's time for this update, painting excluded
};

struct SweepResult {
    std::uint64_t generation = 0;
    QString error;
    tradeoff::TradeoffSweep sweep;
    // The Approach-1 run's metrics at its training weights, when one was given: a point on the
    // same axes.
    std::optional<double> approachOneX, approachOneY;
};

// What the worker ranks, as loaded (TradeoffSession.h). `choosing` drives everything the user picks
// weights from: the sliders' metrics, the top-k list and the sweep (the validation predictions,
// when the runs have them). `reported`, when given, is updated at the same weights for the figures
// a policy is reported with (the test predictions); it is never swept. `approachOne` is the
// two-head run's pair on the same rows as `choosing`, ranked raw at its trainingWeights.
struct TradeoffInputs {
    TradeoffPair choosing;
    std::optional<TradeoffPair> reported;
    std::optional<TradeoffPair> approachOne;
};

// Runs the Trade-offs page's engine on its own thread, so that a slider never waits for it.
//
// Updates are coalesced: while one is computed, newer requests replace each other and only the
// newest is computed next, so a fast slider drag skips the positions it has already left (the
// stale results are never computed, and a result older than the page's latest request is never
// shown: the page compares generations). A sweep runs on a pool thread against the same engine
// (TradeoffEngine::sweep is const and may overlap update), is cancelled by a newer sweep or new
// data, and its result is dropped when a newer one was asked for.
// Thread contract: the public functions and signals are the GUI thread's.
class TradeoffWorker : public QObject {
    Q_OBJECT
public:
    static constexpr int kShownItems = 200; // rows of the top-k list copied to the GUI

    explicit TradeoffWorker(QObject *parent = nullptr);
    ~TradeoffWorker() override;

    // Normalises both runs' scores and builds the engines (the reported one normalised the same
    // way, over its own rows; the Approach-1 one from that run's raw two-head scores), off the GUI
    // thread. Emits engineReady.
    void setData(TradeoffInputs inputs, tradeoff::ScoreNormalisation normalisation);
    void clear();

    // Returns the request's generation; `updated` answers it (or a newer one). Without `report`
    // (a slider being dragged) only the rows weights are chosen on are updated: one engine update
    // per move; the reported rows follow when a request with `report` comes (the slider released).
    std::uint64_t requestUpdate(double alpha, double beta, std::size_t k, bool report = true);
    std::uint64_t requestSweep(const QString &xMetric, const QString &yMetric, std::size_t k);

    bool hasEngine() const { return m_engine != nullptr; }
    bool idle() const;
    // For tests and the screenshot command: processes events until nothing is pending or computing.
    bool waitForIdle(int timeoutMs = 10000);

Q_SIGNALS:
    void engineReady(const QStringList &rankedMetrics, const QStringList &skipped, const QString &error);
    void updated(const mb::services::TradeoffResult &result);
    void swept(const mb::services::SweepResult &result);

private:
    struct Engines;
    void startUpdate(std::uint64_t generation, double alpha, double beta, std::size_t k, bool report);
    void startSweep();

    QThread *m_thread = nullptr;
    QObject *m_context = nullptr; // lives on m_thread: queued work runs there
    std::shared_ptr<Engines> m_engine;
    std::uint64_t m_updateGeneration = 0;
    std::uint64_t m_sweepGeneration = 0;
    std::uint64_t m_dataGeneration = 0;
    bool m_building = false;
    bool m_updating = false;
    struct Pending {
        std::uint64_t generation;
        double alpha, beta;
        std::size_t k;
        bool report;
    };
    std::optional<Pending> m_pendingUpdate;
    struct SweepAsk {
        std::uint64_t generation;
        QString x, y;
        std::size_t k;
    };
    std::optional<SweepAsk> m_pendingSweep;
    int m_sweepsRunning = 0;
    std::shared_ptr<std::atomic<bool>> m_sweepCancel;
};

} // namespace mb::services

Q_DECLARE_METATYPE(mb::services::TradeoffResult)
Q_DECLARE_METATYPE(mb::services::SweepResult)
