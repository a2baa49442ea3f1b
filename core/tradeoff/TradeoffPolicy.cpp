// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/tradeoff/TradeoffPolicy.h"

#include "core/JsonReader.h"
#include "core/tradeoff/ScoreNormalisation.h"

#include <QJsonDocument>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <limits>

namespace mb {
namespace {

const QString kFormatName = QStringLiteral("metricbridge.policy");

QJsonObject runJson(std::int64_t id, const QString &name)
{
    return {{QStringLiteral("id"), qint64(id)}, {QStringLiteral("name"), name}};
}

// A whole number >= `minimum` under `key`; the key must be there.
std::int64_t wholeNumber(JsonObjectReader &r, const QString &key, std::int64_t minimum)
{
    if (!r.has(key)) {
        r.fail(key, QStringLiteral("missing"));
        return minimum;
    }
    const double value = r.number(key, double(minimum));
    // 2^53: beyond it a double no longer holds every whole number.
    if (value != std::floor(value) || value < double(minimum) || value > 9007199254740992.0) {
        r.fail(key, QStringLiteral("expected a whole number >= %1, got %2").arg(minimum).arg(policyNumber(value)));
        return minimum;
    }
    return std::int64_t(value);
}

double requiredNumber(JsonObjectReader &r, const QString &key)
{
    if (!r.has(key))
        r.fail(key, QStringLiteral("missing"));
    return r.number(key, 0.0);
}

QString requiredString(JsonObjectReader &r, const QString &key)
{
    if (!r.has(key))
        r.fail(key, QStringLiteral("missing"));
    return r.string(key);
}

std::int64_t readRun(JsonObjectReader &r, const QString &key, QString *name)
{
    if (!r.has(key))
        r.fail(key, QStringLiteral("missing"));
    JsonObjectReader run = r.object(key);
    const std::int64_t id = wholeNumber(run, QStringLiteral("id"), 1);
    *name = run.string(QStringLiteral("name"));
    run.rejectUnknownKeys();
    return id;
}

QString runText(std::int64_t id, const QString &name)
{
    return name.isEmpty() ? QString::number(id) : QStringLiteral("%1 '%2'").arg(id).arg(name);
}

PolicyChange numberChange(const QString &field, double before, double after)
{
    return {field, policyNumber(before), policyNumber(after), after - before};
}

} // namespace

bool PolicySettings::operator==(const PolicySettings &other) const
{
    return runA == other.runA && runB == other.runB && alpha == other.alpha && beta == other.beta &&
           normalisation == other.normalisation && k == other.k;
}

QStringList checkPolicy(const QString &name, const PolicySettings &s, const PolicyMetrics &metrics)
{
    QStringList problems;
    if (name.trimmed().isEmpty())
        problems << QStringLiteral("name: a policy needs a name");
    if (s.runA < 1)
        problems << QStringLiteral("run_a: expected a run id (1, 2, ...), got %1").arg(s.runA);
    if (s.runB < 1)
        problems << QStringLiteral("run_b: expected a run id (1, 2, ...), got %1").arg(s.runB);
    if (s.runA >= 1 && s.runA == s.runB)
        problems << QStringLiteral("run_b: must be another run than run_a (both are run %1): one run scores each "
                                   "objective")
                        .arg(s.runA);
    if (!std::isfinite(s.alpha))
        problems << QStringLiteral("alpha: must be a finite number, got %1").arg(policyNumber(s.alpha));
    if (!std::isfinite(s.beta))
        problems << QStringLiteral("beta: must be a finite number, got %1").arg(policyNumber(s.beta));
    if (s.alpha == 0 && s.beta == 0)
        problems << QStringLiteral("alpha, beta: must not both be 0, or every item would score the same");
    if (!tradeoff::scoreNormalisationKeys().contains(s.normalisation))
        problems << QStringLiteral("normalisation: expected one of %1, got '%2'")
                        .arg(tradeoff::scoreNormalisationKeys().join(QStringLiteral(", ")), s.normalisation);
    if (s.k < 1)
        problems << QStringLiteral("k: the top-k budget must be at least 1, got %1").arg(s.k);
    for (auto it = metrics.constBegin(); it != metrics.constEnd(); ++it) {
        if (it.key().trimmed().isEmpty())
            problems << QStringLiteral("metrics: a metric needs a name");
        else if (it.key().startsWith(QChar(0xFEFF)))
            // Written out, the mark would be dropped when the file is read again: another name.
            problems << QStringLiteral("metrics.%1: a metric name must not start with an invisible byte-order "
                                       "mark (U+FEFF)")
                            .arg(it.key().mid(1));
        else if (!std::isfinite(it.value()))
            problems << QStringLiteral("metrics.%1: must be a finite number, got %2")
                            .arg(it.key(), policyNumber(it.value()));
    }
    return problems;
}

QJsonObject policyToJson(const PolicyDocument &p)
{
    QJsonObject metrics;
    for (auto it = p.metrics.constBegin(); it != p.metrics.constEnd(); ++it)
        metrics.insert(it.key(), it.value());
    return {{QStringLiteral("format"), kFormatName},
            {QStringLiteral("format_version"), kPolicyFormatVersion},
            {QStringLiteral("project"), p.project},
            {QStringLiteral("name"), p.name},
            {QStringLiteral("version"), p.version},
            {QStringLiteral("run_a"), runJson(p.settings.runA, p.runAName)},
            {QStringLiteral("run_b"), runJson(p.settings.runB, p.runBName)},
            {QStringLiteral("alpha"), p.settings.alpha},
            {QStringLiteral("beta"), p.settings.beta},
            {QStringLiteral("normalisation"), p.settings.normalisation},
            {QStringLiteral("k"), p.settings.k},
            {QStringLiteral("note"), p.note},
            {QStringLiteral("metrics"), metrics},
            {QStringLiteral("created_at"), p.createdAt}};
}

Result<PolicyDocument> policyFromJson(const QJsonObject &object)
{
    JsonObjectReader r(object);
    const QString format = requiredString(r, QStringLiteral("format"));
    if (!r.failed() && format != kFormatName)
        r.fail(QStringLiteral("format"), QStringLiteral("expected \"%1\", got \"%2\"").arg(kFormatName, format));
    const std::int64_t formatVersion = wholeNumber(r, QStringLiteral("format_version"), 1);
    if (formatVersion > kPolicyFormatVersion)
        r.fail(QStringLiteral("format_version"),
               QStringLiteral("this build reads policy format version %1, the file has version %2")
                   .arg(kPolicyFormatVersion)
                   .arg(formatVersion));
    if (r.failed())
        return Error{r.error()};

    PolicyDocument p;
    p.project = requiredString(r, QStringLiteral("project"));
    p.name = requiredString(r, QStringLiteral("name"));
    p.version = int(wholeNumber(r, QStringLiteral("version"), 1));
    p.settings.runA = readRun(r, QStringLiteral("run_a"), &p.runAName);
    p.settings.runB = readRun(r, QStringLiteral("run_b"), &p.runBName);
    p.settings.alpha = requiredNumber(r, QStringLiteral("alpha"));
    p.settings.beta = requiredNumber(r, QStringLiteral("beta"));
    if (!r.has(QStringLiteral("normalisation")))
        r.fail(QStringLiteral("normalisation"), QStringLiteral("missing"));
    p.settings.normalisation =
        r.choice(QStringLiteral("normalisation"), tradeoff::scoreNormalisationKeys(), QStringLiteral("raw"));
    p.settings.k = int(std::min<std::int64_t>(wholeNumber(r, QStringLiteral("k"), 1), std::numeric_limits<int>::max()));
    p.note = r.string(QStringLiteral("note"));
    p.metrics = r.object(QStringLiteral("metrics")).numberEntries(std::nan("")); // null: refused below
    p.createdAt = r.string(QStringLiteral("created_at"));
    r.rejectUnknownKeys();
    if (r.failed())
        return Error{r.error()};
    const QStringList problems = checkPolicy(p.name, p.settings, p.metrics);
    if (!problems.isEmpty())
        return Error{problems.join(QStringLiteral("; "))};
    return p;
}

QByteArray policyToBytes(const PolicyDocument &policy)
{
    // QJsonObject keeps keys sorted, so the output is canonical.
    return QJsonDocument(policyToJson(policy)).toJson(QJsonDocument::Indented);
}

Result<PolicyDocument> policyFromBytes(const QByteArray &bytes)
{
    Result<QJsonObject> object = parseJsonObject(bytes);
    if (!object)
        return Error{object.error()};
    return policyFromJson(*object);
}

QList<PolicyChange> diffPolicies(const PolicyDocument &before, const PolicyDocument &after)
{
    QList<PolicyChange> changes;
    const PolicySettings &b = before.settings;
    const PolicySettings &a = after.settings;
    if (b.runA != a.runA)
        changes << PolicyChange{
            QStringLiteral("run_a"), runText(b.runA, before.runAName), runText(a.runA, after.runAName), {}};
    if (b.runB != a.runB)
        changes << PolicyChange{
            QStringLiteral("run_b"), runText(b.runB, before.runBName), runText(a.runB, after.runBName), {}};
    if (b.alpha != a.alpha)
        changes << numberChange(QStringLiteral("alpha"), b.alpha, a.alpha);
    if (b.beta != a.beta)
        changes << numberChange(QStringLiteral("beta"), b.beta, a.beta);
    if (b.normalisation != a.normalisation)
        changes << PolicyChange{QStringLiteral("normalisation"), b.normalisation, a.normalisation, {}};
    if (b.k != a.k)
        changes << numberChange(QStringLiteral("k"), b.k, a.k);
    if (before.note != after.note)
        changes << PolicyChange{QStringLiteral("note"), before.note, after.note, {}};

    QStringList names = before.metrics.keys() + after.metrics.keys();
    names.sort();
    names.removeDuplicates();
    for (const QString &name : names) {
        const QString field = QStringLiteral("metrics.") + name;
        const bool inBefore = before.metrics.contains(name);
        const bool inAfter = after.metrics.contains(name);
        if (inBefore && inAfter) {
            if (before.metrics.value(name) != after.metrics.value(name))
                changes << numberChange(field, before.metrics.value(name), after.metrics.value(name));
        } else {
            changes << PolicyChange{field,
                                    inBefore ? policyNumber(before.metrics.value(name)) : QString(),
                                    inAfter ? policyNumber(after.metrics.value(name)) : QString(),
                                    {}};
        }
    }
    return changes;
}

QString policyNumber(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

} // namespace mb
