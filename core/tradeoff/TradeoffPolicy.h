// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

namespace mb {

// A trade-off policy: a setting chosen on the Trade-offs page, saved under a name and versioned
// by the store (db/PolicyRepository). This file holds what needs no store: the settings, their
// checks, the comparison of two versions and the export format (docs/CLI.md, "The policy file
// format"). Thread contract: value types and pure functions, reentrant.

// What a policy chooses. Two versions with equal settings are the same policy: saving them again
// adds no version, whatever the note or the metric snapshot.
struct PolicySettings {
    std::int64_t runA = 0; // the run scoring the framing's first objective (quality)
    std::int64_t runB = 0; // the run scoring the second (engagement)
    double alpha = 0.5;    // items rank by alpha * a + beta * b, on normalised scores
    double beta = 0.5;
    QString normalisation = QStringLiteral("raw"); // a key of tradeoff::ScoreNormalisation
    int k = 100;                                   // the top-k budget the business metrics are computed over

    bool operator==(const PolicySettings &other) const; // exact, number for number
    bool operator!=(const PolicySettings &other) const { return !(*this == other); }
};

// The business-metric values a policy gave when it was saved, by metric name. A metric that had
// no value for the policy is left out.
using PolicyMetrics = QMap<QString, double>;

// Everything wrong with a policy that can be told without the store, each as "field: message"
// (fields as in the policy JSON: name, alpha, beta, normalisation, k, run_a, run_b,
// metrics.<name>). Empty when it may be saved, runs permitting.
QStringList checkPolicy(const QString &name, const PolicySettings &settings, const PolicyMetrics &metrics);

// One saved policy version as exported: self-contained, so it reads without the workspace.
struct PolicyDocument {
    QString project;
    QString name;
    int version = 0;
    PolicySettings settings;
    QString runAName; // the runs by name too, for the reader
    QString runBName;
    QString note;
    PolicyMetrics metrics;
    QString createdAt; // ISO 8601, UTC
};

constexpr int kPolicyFormatVersion = 1;

QJsonObject policyToJson(const PolicyDocument &policy);
// Strict, like the framing reader: a wrong type, a missing or unknown key, a newer
// format_version or a policy failing checkPolicy is refused naming the field.
Result<PolicyDocument> policyFromJson(const QJsonObject &object);
// Canonical bytes: keys sorted, indented; equal documents give equal bytes.
QByteArray policyToBytes(const PolicyDocument &policy);
Result<PolicyDocument> policyFromBytes(const QByteArray &bytes);

// One field that differs between two versions of a policy. `delta` is after - before for numbers
// present in both; `before` or `after` is empty for a metric only one version has.
struct PolicyChange {
    QString field; // run_a, run_b, alpha, beta, normalisation, k, note, metrics.<name>
    QString before;
    QString after;
    std::optional<double> delta;
};

// What changed from `before` to `after`: settings first, in the order above, then the note, then
// the metric snapshot by name.
QList<PolicyChange> diffPolicies(const PolicyDocument &before, const PolicyDocument &after);

// A number as policies show it: exactly as stored (shortest text that reads back the same).
QString policyNumber(double value);

} // namespace mb
