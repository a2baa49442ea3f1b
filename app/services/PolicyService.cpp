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
    // A policy weighs one run per objective; in a project not framed with two there is nothing to
    // weigh, and a stored one would be listed by a Trade-offs page that refuses to open.
    const Result<std::optional<db::FramingVersion>> framing = db::FramingRepository(m_db).current(projectId);
    if (!framing)
        return refused(framing.error());
    if (!framing->has_value())
        return refused(QStringLiteral("the project has no framing yet: a policy weighs the runs of a project framed "
                                      "with two objectives (task %1)")
                           .arg(toKey(TaskType::TwoObjectiveRanking)));
    const TaskType task = (*framing)->framing.taskType;
    if (!hasTwoObjectives(task))
        return refused(QStringLiteral("the project is framed with task %1, one objective: a policy weighs the runs "
                                      "of a project framed with two objectives (task %2)")
                           .arg(toKey(task), toKey(TaskType::TwoObjectiveRanking)));

    db::PolicyDraft draft;
    draft.name = request.name;
    draft.settings = request.settings;
    draft.note = request.note;
    // The store's checks name every problem (a missing run, another project's) before the pair is
    // loaded, so only a valid draft is weighed; the repository refuses the others, naming them all.
    const Result<QStringList> problems = db::PolicyRepository(m_db).problems(projectId, draft);
    if (!problems)
        return refused(problems.error());
    if (problems->isEmpty()) {
        const Result<TradeoffPair> pair =
            loadTradeoffPair(m_db, (*framing)->framing, draft.settings.runA, draft.settings.runB);
        if (!pair)
            return refused(pair.error());
        Result<PolicyMetrics> metrics = policyMetricsAt(*pair, draft.settings);
        if (!metrics)
            return refused(metrics.error());
        draft.metrics = std::move(metrics).value();
    }
    return db::PolicyRepository(m_db).save(projectId, draft);
}

} // namespace mb::services
