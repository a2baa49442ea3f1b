// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/tradeoff/TradeoffPolicy.h"
#include "db/PolicyRepository.h"

#include <QString>

#include <cstdint>

namespace mb::db {
class Database;
}

namespace mb::services {

// What a caller asks to save. No metric snapshot: the service computes it, so that the window,
// the command line and the demo store the same one for the same setting.
struct PolicyRequest {
    QString name;
    PolicySettings settings;
    QString note;
};

// Saving a trade-off policy: the one use case behind the Trade-offs page's "Save setting as
// policy", `policy save` and the demo's "balanced feed". Only in a project whose current framing has
// two objectives (any other project is refused: it has no pair to weigh):
//  1. the runs must form a pair the Trade-offs page accepts (loadTradeoffPair: run A scores the
//     first objective and run B the second, over the same items: the pair rule);
//  2. the snapshot is the business metrics the setting gives (policyMetricsAt: the pair
//     normalised the policy's way, one engine update at its alpha, beta and k);
//  3. PolicyRepository::save appends version N+1, or returns the latest version unchanged when its
//     settings are the same.
// A request the repository would refuse (PolicyRepository::problems: checkPolicy, a missing run or
// another project's) is not weighed either: the repository refuses it naming every problem. Every refusal reads "the policy was not saved: ..." and writes nothing.
// Thread contract: the thread that owns the Database.
class PolicyService {
public:
    explicit PolicyService(db::Database &db) : m_db(db) {}

    Result<db::PolicySaveOutcome> save(std::int64_t projectId, const PolicyRequest &request);

private:
    db::Database &m_db; // not owned
};

} // namespace mb::services
