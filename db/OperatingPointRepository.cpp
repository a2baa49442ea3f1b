// SPDX-License-Identifier: GPL-3.0-or-later
#include "db/OperatingPointRepository.h"

#include "core/BuildInfo.h"
#include "db/Database.h"
#include "db/Guard.h"
#include "db/Timestamp.h"

#include <cmath>

namespace mb::db {

namespace {

constexpr const char *kColumns =
    "SELECT id, run_id, metric, threshold, value, app_version, created_at FROM operating_points ";

OperatingPoint readPoint(const Statement &row)
{
    OperatingPoint p;
    p.id = row.columnInt(0);
    p.runId = row.columnInt(1);
    p.metric = row.columnText(2);
    p.threshold = row.columnDouble(3);
    if (!row.columnIsNull(4))
        p.value = row.columnDouble(4);
    p.appVersion = row.columnText(5);
    p.createdAt = row.columnText(6);
    return p;
}

} // namespace

Result<OperatingPoint> OperatingPointRepository::choose(std::int64_t runId, const QString &metric, double threshold,
                                                        std::optional<double> value)
{
    if (metric.trimmed().isEmpty())
        return Error{QStringLiteral("an operating point names the business metric it was chosen by")};
    if (!std::isfinite(threshold))
        return Error{QStringLiteral("an operating point's threshold must be a number, not %1").arg(threshold)};
    const QString what = QStringLiteral("cannot store the operating point of run %1").arg(runId);
    const Result<bool> exists = guarded(what, [&] {
        Statement run = m_db.prepare("SELECT 1 FROM runs WHERE id = ?1");
        run.bind(1, runId);
        return run.step();
    });
    if (!exists)
        return Error{exists.error()};
    if (!*exists)
        return Error{QStringLiteral("%1: there is no run %2").arg(what).arg(runId)};
    return guarded(what, [&] {
        Transaction transaction(m_db);
        OperatingPoint p;
        p.runId = runId;
        p.metric = metric.trimmed();
        p.threshold = threshold;
        p.value = value && std::isfinite(*value) ? value : std::nullopt;
        p.appVersion = applicationVersion();
        p.createdAt = utcTimestamp();
        Statement insert = m_db.prepare("INSERT INTO operating_points(run_id, metric, threshold, value, app_version, "
                                        "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        insert.bind(1, runId).bind(2, p.metric).bind(3, p.threshold);
        if (p.value)
            insert.bind(4, *p.value);
        else
            insert.bindNull(4);
        insert.bind(5, p.appVersion).bind(6, p.createdAt).run();
        p.id = m_db.lastInsertId();
        transaction.commit();
        return p;
    });
}

Result<std::optional<OperatingPoint>> OperatingPointRepository::current(std::int64_t runId)
{
    return guarded(QStringLiteral("cannot read the operating point of run %1").arg(runId), [&] {
        Statement q =
            m_db.prepare(QByteArray(QByteArray(kColumns) + "WHERE run_id = ?1 ORDER BY id DESC LIMIT 1").constData());
        q.bind(1, runId);
        return q.step() ? std::optional<OperatingPoint>(readPoint(q)) : std::nullopt;
    });
}

Result<QList<OperatingPoint>> OperatingPointRepository::history(std::int64_t runId)
{
    return guarded(QStringLiteral("cannot read the operating points of run %1").arg(runId), [&] {
        QList<OperatingPoint> points;
        Statement q = m_db.prepare(QByteArray(QByteArray(kColumns) + "WHERE run_id = ?1 ORDER BY id DESC").constData());
        q.bind(1, runId);
        while (q.step())
            points << readPoint(q);
        return points;
    });
}

} // namespace mb::db
