// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/PolicyService.h"

#include "app/services/TradeoffSession.h"
#include "core/Framing.h"
#include "db/FramingRepository.h"

#include <optional>
#include <utility>

namespace mb::services {

namespace {

Error refused(const QString &why)
{
    return Error{QStringLiteral("the policy was not saved: %1").arg(why)};
}

} // namespace

Result<db::PolicySaveOutcome> PolicyService::save(std::int64_t projectId, const PolicyRequest &request)
{
    db::PolicyDraft draft;
    draft.name = request.name;
    draft.settings = request.settings;
    draft.note = request.note;
    // The engine refuses bad settings too; checkPolicy names them all, so only a valid draft is weighed.
    if (checkPolicy(draft.name.trimmed(), draft.settings, {}).isEmpty()) {
        const Result<std::optional<db::FramingVersion>> framing = db::FramingRepository(m_db).current(projectId);
        if (!framing)
            return refused(framing.error());
        if (framing->has_value() && hasTwoObjectives((*framing)->framing.taskType)) {
            const Result<TradeoffPair> pair =
                loadTradeoffPair(m_db, (*framing)->framing, draft.settings.runA, draft.settings.runB);
            if (!pair)
                return refused(pair.error());
            Result<PolicyMetrics> metrics = policyMetricsAt(*pair, draft.settings);
            if (!metrics)
                return refused(metrics.error());
            draft.metrics = std::move(metrics).value();
        }
    }
    return db::PolicyRepository(m_db).save(projectId, draft);
}

} // namespace mb::services
