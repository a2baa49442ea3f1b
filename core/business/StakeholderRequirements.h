// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"

#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace mb::business {

// Stakeholder requirements ("product: latency_p99_ms <= 20") judged against a run's measured
// values: business metrics by their names, and whatever else the evaluation measured (ML metrics,
// latency percentiles) by the names the framing uses for them.
//
// <, <=, >, >= compare exactly: a requirement is a line someone drew, and 20.0000001 ms is over
// 20 ms. == allows a relative 1e-9, so a value computed as 0.1 + 0.2 still equals 0.3.
// A value that is absent or not a number (NaN, inf) gives Unknown, never a pass or a fail.

enum class RequirementOutcome { Pass, Fail, Unknown };

struct RequirementResult {
    Stakeholder stakeholder;
    RequirementOutcome outcome = RequirementOutcome::Unknown;
    std::optional<double> actual; // the value judged, when there was one
    QString message;              // "product: latency_p99_ms = 18.2, required <= 20: pass"
};

RequirementResult evaluateRequirement(const Stakeholder &stakeholder, const QMap<QString, double> &values);
QList<RequirementResult> evaluateRequirements(const QList<Stakeholder> &stakeholders,
                                              const QMap<QString, double> &values);

bool meetsRequirement(double actual, Comparator comparator, double required);

QString toKey(RequirementOutcome outcome); // "pass", "fail", "unknown"

} // namespace mb::business
