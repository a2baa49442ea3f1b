// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/PolicyRepository.h"

#include "core/BuildInfo.h"
#include "db/Database.h"
#include "db/Guard.h"
#include "db/Timestamp.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace mb::db {
namespace {

constexpr const char *kColumns = "SELECT id, project_id, name, version, run_a, run_b, alpha, beta, normalisation, k, "
                                 "note, metrics, app_version, created_at";

QByteArray query(const char *tail)
{
    return QByteArray(kColumns) + " FROM policies " + tail;
}

PolicyRecord readPolicy(const Statement &row)
{
    PolicyRecord r;
    r.id = row.columnInt(0);
    r.projectId = row.columnInt(1);
    r.name = row.columnText(2);
    r.version = int(row.columnInt(3));
    r.settings.runA = row.columnInt(4);
    r.settings.runB = row.columnInt(5);
    r.settings.alpha = row.columnDouble(6);
    r.settings.beta = row.columnDouble(7);
    r.settings.normalisation = row.columnText(8);
    r.settings.k = int(row.columnInt(9));
    r.note = row.columnText(10);
    const QJsonObject metrics = QJsonDocument::fromJson(row.columnText(11).toUtf8()).object();
    for (auto it = metrics.constBegin(); it != metrics.constEnd(); ++it)
        r.metrics.insert(it.key(), it.value().toDouble());
    r.appVersion = row.columnText(12);
    r.createdAt = row.columnText(13);
    return r;
}

QString metricsText(const PolicyMetrics &metrics)
{
    QJsonObject json;
    for (auto it = metrics.constBegin(); it != metrics.constEnd(); ++it)
        json.insert(it.key(), it.value());
    return QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
}

std::optional<QString> projectName(Database &db, std::int64_t projectId)
{
    Statement q = db.prepare("SELECT name FROM projects WHERE id = ?1");
    q.bind(1, projectId);
    return q.step() ? std::optional(q.columnText(0)) : std::nullopt;
}

// What the store knows against a draft: the project and both runs must exist, and the runs must
// be the project's.
QStringList storeProblems(Database &db, std::int64_t projectId, const PolicySettings &settings)
{
    const std::optional<QString> project = projectName(db, projectId);
    if (!project)
        return {QStringLiteral("project %1 does not exist").arg(projectId)};
    QStringList problems;
    for (const auto &[field, runId] :
         {std::pair{QStringLiteral("run_a"), settings.runA}, std::pair{QStringLiteral("run_b"), settings.runB}}) {
        if (runId < 1)
            continue; // already named by checkPolicy
        Statement run = db.prepare("SELECT r.project_id, p.name FROM runs r JOIN projects p ON p.id = r.project_id "
                                   "WHERE r.id = ?1");
        run.bind(1, runId);
        if (!run.step())
            problems << QStringLiteral("%1: run %2 does not exist").arg(field).arg(runId);
        else if (run.columnInt(0) != projectId)
            problems << QStringLiteral("%1: run %2 belongs to project '%3', not to '%4'")
                            .arg(field)
                            .arg(runId)
                            .arg(run.columnText(1), *project);
    }
    return problems;
}

} // namespace

Result<QStringList> PolicyRepository::problems(std::int64_t projectId, const PolicyDraft &draft)
{
    QStringList problems = checkPolicy(draft.name.trimmed(), draft.settings, draft.metrics);
    Result<QStringList> found = guarded(QStringLiteral("cannot check the policy"),
                                        [&] { return storeProblems(m_db, projectId, draft.settings); });
    if (!found)
        return Error{found.error()};
    return problems << *found;
}

Result<PolicySaveOutcome> PolicyRepository::save(std::int64_t projectId, const PolicyDraft &draft)
{
    const QString name = draft.name.trimmed();
    const Result<QStringList> problems = this->problems(projectId, draft);
    if (!problems)
        return Error{problems.error()};
    if (!problems->isEmpty())
        return Error{QStringLiteral("the policy was not saved: %1").arg(problems->join(QStringLiteral("; ")))};

    return guarded(QStringLiteral("cannot save policy '%1'").arg(name), [&] {
        Transaction transaction(m_db);
        Statement latest =
            m_db.prepare(query("WHERE project_id = ?1 AND name = ?2 ORDER BY version DESC LIMIT 1").constData());
        latest.bind(1, projectId).bind(2, name);
        PolicyRecord record;
        record.projectId = projectId;
        record.name = name;
        record.version = 1;
        if (latest.step()) {
            const PolicyRecord previous = readPolicy(latest);
            if (previous.settings == draft.settings)
                return PolicySaveOutcome{previous, true};
            record.name = previous.name; // the first spelling stays
            record.version = previous.version + 1;
        }
        record.settings = draft.settings;
        record.note = draft.note;
        record.metrics = draft.metrics;
        record.appVersion = applicationVersion();
        record.createdAt = utcTimestamp();
        m_db.prepare("INSERT INTO policies(project_id, name, version, run_a, run_b, alpha, beta, normalisation, k, "
                     "note, metrics, app_version, created_at) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)")
            .bind(1, projectId)
            .bind(2, record.name)
            .bind(3, record.version)
            .bind(4, record.settings.runA)
            .bind(5, record.settings.runB)
            .bind(6, record.settings.alpha)
            .bind(7, record.settings.beta)
            .bind(8, record.settings.normalisation)
            .bind(9, record.settings.k)
            .bind(10, record.note)
            .bind(11, metricsText(record.metrics))
            .bind(12, record.appVersion)
            .bind(13, record.createdAt)
            .run();
        record.id = m_db.lastInsertId();
        transaction.commit();
        return PolicySaveOutcome{record, false};
    });
}

Result<QList<PolicySummary>> PolicyRepository::policies(std::int64_t projectId)
{
    return guarded(QStringLiteral("cannot list policies"), [&] {
        QList<PolicySummary> result;
        const QByteArray sql =
            QByteArray(kColumns) +
            ", (SELECT count(*) FROM policies o WHERE o.project_id = p.project_id AND o.name = p.name) "
            "FROM policies p WHERE project_id = ?1 AND version = "
            "(SELECT max(version) FROM policies o WHERE o.project_id = p.project_id AND o.name = p.name) "
            "ORDER BY name";
        Statement q = m_db.prepare(sql.constData());
        q.bind(1, projectId);
        while (q.step())
            result << PolicySummary{readPolicy(q), int(q.columnInt(14))};
        return result;
    });
}

Result<QList<PolicyRecord>> PolicyRepository::versions(std::int64_t projectId, const QString &name)
{
    return guarded(QStringLiteral("cannot list the versions of policy '%1'").arg(name), [&] {
        QList<PolicyRecord> result;
        Statement q = m_db.prepare(query("WHERE project_id = ?1 AND name = ?2 ORDER BY version DESC").constData());
        q.bind(1, projectId).bind(2, name.trimmed());
        while (q.step())
            result << readPolicy(q);
        return result;
    });
}

Result<PolicyRecord> PolicyRepository::policy(std::int64_t policyId)
{
    Result<std::optional<PolicyRecord>> found = guarded(QStringLiteral("cannot read policy %1").arg(policyId), [&] {
        Statement q = m_db.prepare(query("WHERE id = ?1").constData());
        q.bind(1, policyId);
        return q.step() ? std::optional(readPolicy(q)) : std::nullopt;
    });
    if (!found)
        return Error{found.error()};
    if (!found->has_value())
        return Error{QStringLiteral("policy %1 does not exist").arg(policyId)};
    return found->value();
}

Result<std::optional<PolicyRecord>> PolicyRepository::latest(std::int64_t projectId, const QString &name)
{
    return guarded(QStringLiteral("cannot read policy '%1'").arg(name), [&] {
        Statement q =
            m_db.prepare(query("WHERE project_id = ?1 AND name = ?2 ORDER BY version DESC LIMIT 1").constData());
        q.bind(1, projectId).bind(2, name.trimmed());
        return q.step() ? std::optional(readPolicy(q)) : std::nullopt;
    });
}

Result<PolicyRecord> PolicyRepository::find(std::int64_t projectId, const QString &name, int version)
{
    Result<QList<PolicyRecord>> all = versions(projectId, name);
    if (!all)
        return Error{all.error()};
    if (all->isEmpty()) {
        Result<QList<PolicySummary>> existing = policies(projectId);
        if (!existing)
            return Error{existing.error()};
        QStringList names;
        for (const PolicySummary &s : *existing)
            names << s.latest.name;
        return Error{names.isEmpty() ? QStringLiteral("no policy named '%1': the project has no policies yet").arg(name)
                                     : QStringLiteral("no policy named '%1'; the project's policies: %2")
                                           .arg(name, names.join(QStringLiteral(", ")))};
    }
    if (version == 0)
        return all->constFirst();
    for (const PolicyRecord &r : *all)
        if (r.version == version)
            return r;
    return Error{QStringLiteral("policy '%1' has no version %2; it has versions 1 to %3")
                     .arg(all->constFirst().name)
                     .arg(version)
                     .arg(all->constFirst().version)};
}

Result<PolicyDocument> PolicyRepository::document(const PolicyRecord &record)
{
    return guarded(QStringLiteral("cannot export policy '%1'").arg(record.name), [&] {
        auto runName = [&](std::int64_t runId) {
            Statement q = m_db.prepare("SELECT name FROM runs WHERE id = ?1");
            q.bind(1, runId);
            return q.step() ? q.columnText(0) : QString();
        };
        PolicyDocument d;
        d.project = projectName(m_db, record.projectId).value_or(QString());
        d.name = record.name;
        d.version = record.version;
        d.settings = record.settings;
        d.runAName = runName(record.settings.runA);
        d.runBName = runName(record.settings.runB);
        d.note = record.note;
        d.metrics = record.metrics;
        d.createdAt = record.createdAt;
        return d;
    });
}

} // namespace mb::db
