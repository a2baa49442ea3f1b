// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/ReportContent.h"
#include "core/Result.h"

#include <QList>
#include <QString>

#include <cstdint>

namespace mb::db {
class Database;
}

namespace mb::services {

// Gathers what the stakeholder report says (ReportContent) from the workspace, with the rules the
// Compare and Trade-offs pages use: runs judged by computeProjectRunMetrics, the headline metrics
// and the verdict by core/business/RunComparison, thresholds chosen on validation
// (chooseThresholdOnValidation), the sweep by the policy's own engine. The `report` command and the
// Report page both call it; ui/report lays the result out.
// Thread contract: the thread that owns the Database (the page runs it on a worker thread with a
// connection of its own).

struct ReportRequest {
    std::int64_t projectId = 0;
    QList<std::int64_t> runIds; // empty: every run of the project
    QString policyName;         // empty: the project's most recently saved policy, if it has one
    bool withoutPolicy = false; // no policy section, whatever the project holds
    QString workspacePath;      // shown on the title page
};

// Errors, each one line: a project with no runs (or none of the requested ones), a run id that is
// not the project's (listing its runs), a policy name the project does not have (listing its
// policies), and the store's.
Result<ReportContent> buildReportContent(db::Database &db, const ReportRequest &request);

// The project's policy names, newest saved first: what the page offers and the error lists.
Result<QStringList> reportPolicyNames(db::Database &db, std::int64_t projectId);

} // namespace mb::services
