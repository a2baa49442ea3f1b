// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/tradeoff/TradeoffPolicy.h"

#include <QList>
#include <QString>

#include <cstdint>
#include <optional>

namespace mb::db {

class Database;

// What the Trade-offs page (or `policy save`) asks to save.
struct PolicyDraft {
    QString name;
    PolicySettings settings;
    QString note;
    PolicyMetrics metrics; // what the settings gave when saved; may be empty
};

// One stored version of a policy.
struct PolicyRecord {
    std::int64_t id = 0;
    std::int64_t projectId = 0;
    QString name;
    int version = 0;
    PolicySettings settings;
    QString note;
    PolicyMetrics metrics;
    QString appVersion;
    QString createdAt; // ISO 8601, UTC
};

// A policy by name: its latest version and how many versions it has.
struct PolicySummary {
    PolicyRecord latest;
    int versionCount = 0;
};

struct PolicySaveOutcome {
    PolicyRecord policy;
    bool unchanged = false; // the settings equal the latest version's, so no version was added
};

// Versioned trade-off policies of a project. Saving under a name appends version N+1, or returns
// the latest version unchanged when its settings (runs, alpha, beta, normalisation, k) are
// identical, whatever the note or metric snapshot. Versions are never rewritten (a trigger
// refuses UPDATE). Names are unique per project ignoring case; a later save keeps the first
// spelling. A policy that fails checkPolicy, names a missing run or another project's run is
// refused with every problem named, and nothing is written.
// Thread contract: the thread that owns the Database.
class PolicyRepository {
public:
    explicit PolicyRepository(Database &db) : m_db(db) {}

    Result<PolicySaveOutcome> save(std::int64_t projectId, const PolicyDraft &draft);
    // What save would refuse the draft for (checkPolicy's problems, then a missing run or another
    // project's), writing nothing; empty when it would save.
    Result<QStringList> problems(std::int64_t projectId, const PolicyDraft &draft);
    // The latest version of each of the project's policies, by name.
    Result<QList<PolicySummary>> policies(std::int64_t projectId);
    // Every version of the named policy, newest first; empty when there is no such policy.
    Result<QList<PolicyRecord>> versions(std::int64_t projectId, const QString &name);
    Result<PolicyRecord> policy(std::int64_t policyId);
    // nullopt when the project has no policy of that name.
    Result<std::optional<PolicyRecord>> latest(std::int64_t projectId, const QString &name);
    // The named policy's version `version`, or its latest when `version` is 0; an unknown name
    // or version is an error naming what exists.
    Result<PolicyRecord> find(std::int64_t projectId, const QString &name, int version = 0);
    // The export form of a stored version, with the project's and the runs' names.
    Result<PolicyDocument> document(const PolicyRecord &record);

private:
    Database &m_db; // not owned
};

} // namespace mb::db
