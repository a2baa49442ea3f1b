// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/business/StakeholderRequirements.h"

#include "core/business/ValueText.h"

#include <algorithm>
#include <cmath>

namespace mb::business {
bool meetsRequirement(double actual, Comparator comparator, double required)
{
    switch (comparator) {
    case Comparator::Less:
        return actual < required;
    case Comparator::LessEqual:
        return actual <= required;
    case Comparator::Greater:
        return actual > required;
    case Comparator::GreaterEqual:
        return actual >= required;
    case Comparator::Equal:
        return std::abs(actual - required) <= 1e-9 * std::max({1.0, std::abs(actual), std::abs(required)});
    }
    return false;
}

QString toKey(RequirementOutcome outcome)
{
    switch (outcome) {
    case RequirementOutcome::Pass:
        return QStringLiteral("pass");
    case RequirementOutcome::Fail:
        return QStringLiteral("fail");
    case RequirementOutcome::Unknown:
        return QStringLiteral("unknown");
    }
    return {};
}

RequirementResult evaluateRequirement(const Stakeholder &stakeholder, const QMap<QString, double> &values)
{
    RequirementResult result;
    result.stakeholder = stakeholder;
    const QString required =
        QStringLiteral("%1 %2").arg(toKey(stakeholder.comparator), valueText(stakeholder.requirementValue));
    const auto found = values.constFind(stakeholder.requirementMetric);
    if (found == values.constEnd()) {
        result.message = QStringLiteral("%1: unknown metric '%2': no value was measured for it (required %3)")
                             .arg(stakeholder.role, stakeholder.requirementMetric, required);
        return result;
    }
    result.actual = found.value();
    if (!std::isfinite(found.value())) {
        result.message =
            QStringLiteral("%1: %2 is %3, not a measurement (required %4)")
                .arg(stakeholder.role, stakeholder.requirementMetric, valueText(found.value()), required);
        return result;
    }
    const bool pass = meetsRequirement(found.value(), stakeholder.comparator, stakeholder.requirementValue);
    result.outcome = pass ? RequirementOutcome::Pass : RequirementOutcome::Fail;
    result.message = QStringLiteral("%1: %2 = %3, required %4: %5")
                         .arg(stakeholder.role, stakeholder.requirementMetric, valueText(found.value()), required,
                              toKey(result.outcome));
    return result;
}

QList<RequirementResult> evaluateRequirements(const QList<Stakeholder> &stakeholders,
                                              const QMap<QString, double> &values)
{
    QList<RequirementResult> results;
    for (const Stakeholder &s : stakeholders)
        results << evaluateRequirement(s, values);
    return results;
}

} // namespace mb::business
