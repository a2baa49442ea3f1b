// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/RunsTableExport.h"

#include "app/services/CsvFile.h"
#include "app/services/RunMetrics.h"
#include "db/FramingRepository.h"
#include "db/RunArchive.h"
#include "db/RunRepository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>

#include <cmath>
#include <set>

namespace mb::services {
namespace {

QJsonValue optionalId(const std::optional<std::int64_t> &id)
{
    return id ? QJsonValue(qint64(*id)) : QJsonValue();
}

QJsonValue number(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue();
}

// What the record fields need besides the run: which runs are archived, and the framing versions
// as users know them (a framing's name and its version number, not the stored row id).
struct RecordContext {
    QSet<std::int64_t> archived;
    QHash<std::int64_t, db::FramingVersionName> framingVersions;
};

// The record fields both formats carry, in the CSV's column order.
QList<std::pair<QString, QJsonValue>> recordFields(const RunMetrics &m, const RecordContext &context)
{
    const db::RunRecord &r = m.run;
    const bool archived = context.archived.contains(r.id);
    const std::optional<db::FramingVersionName> framing =
        r.framingVersionId && context.framingVersions.contains(*r.framingVersionId)
            ? std::optional(context.framingVersions.value(*r.framingVersionId))
            : std::nullopt;
    return {{QStringLiteral("id"), qint64(r.id)},
            {QStringLiteral("name"), r.name},
            {QStringLiteral("status"), db::toKey(r.status)},
            {QStringLiteral("archived"), archived},
            {QStringLiteral("parent_run"), optionalId(r.parentRunId)},
            {QStringLiteral("dataset_version"), optionalId(r.datasetVersionId)},
            {QStringLiteral("split"), optionalId(r.splitId)},
            {QStringLiteral("framing"), framing ? QJsonValue(framing->framing) : QJsonValue()},
            {QStringLiteral("framing_version"), framing ? QJsonValue(framing->version) : QJsonValue()},
            {QStringLiteral("seed"), qint64(r.seed)},
            {QStringLiteral("config_sha256"), r.configSha256},
            {QStringLiteral("queued_at"), r.queuedAt},
            {QStringLiteral("finished_at"), r.finishedAt},
            {QStringLiteral("evaluation"), m.evaluation ? QJsonValue(qint64(m.evaluation->id)) : QJsonValue()}};
}

QJsonObject mlMetrics(const RunMetrics &m)
{
    QJsonObject metrics;
    if (m.evaluation)
        for (auto it = m.evaluation->metrics.constBegin(); it != m.evaluation->metrics.constEnd(); ++it)
            if (it.value().isDouble())
                metrics.insert(it.key(), it.value());
    return metrics;
}

Status writeJson(const QList<RunMetrics> &runs, const RecordContext &context, const QString &out)
{
    QJsonArray array;
    for (const RunMetrics &m : runs) {
        QJsonObject row;
        for (const auto &field : recordFields(m, context))
            row.insert(field.first, field.second);
        row.insert(QStringLiteral("config"), m.run.config.object());
        row.insert(QStringLiteral("ml_metrics"), mlMetrics(m));
        QJsonObject business;
        for (const BusinessMetricOutcome &b : m.businessMetrics)
            business.insert(b.name, b.value ? number(*b.value) : QJsonValue());
        row.insert(QStringLiteral("business_metrics"), business);
        array.append(row);
    }
    QSaveFile file(out);
    if (!file.open(QIODevice::WriteOnly))
        return Error{QStringLiteral("cannot write %1: %2").arg(out, file.errorString())};
    file.write(QJsonDocument(array).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return Error{QStringLiteral("cannot write %1: %2").arg(out, file.errorString())};
    return success();
}

Status writeCsv(const QList<RunMetrics> &runs, const RecordContext &context, const QStringList &businessNames,
                const QString &out)
{
    std::set<QString> mlKeys; // every run's keys, sorted: one column each
    for (const RunMetrics &m : runs)
        for (const QString &key : mlMetrics(m).keys())
            mlKeys.insert(key);
    CsvFile file(out);
    if (Status opened = file.open(); !opened)
        return opened;
    data::CsvWriter &csv = file.csv();
    if (!runs.isEmpty())
        for (const auto &field : recordFields(runs.constFirst(), context))
            csv.addField(field.first);
    for (const QString &key : mlKeys)
        csv.addField(QString(QStringLiteral("ml:") + key));
    for (const QString &name : businessNames)
        csv.addField(QString(QStringLiteral("business:") + name));
    if (Status ended = file.endRecord(); !ended)
        return ended;
    for (const RunMetrics &m : runs) {
        for (const auto &field : recordFields(m, context)) {
            const QJsonValue &v = field.second;
            if (v.isDouble())
                csv.addField(QString::number(v.toInteger()));
            else if (v.isBool())
                csv.addField(v.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
            else
                csv.addField(v.toString());
        }
        const QJsonObject ml = mlMetrics(m);
        for (const QString &key : mlKeys)
            csv.addNumber(ml.contains(key) ? ml.value(key).toDouble() : std::nan(""));
        for (const QString &name : businessNames) {
            double value = std::nan("");
            for (const BusinessMetricOutcome &b : m.businessMetrics)
                if (b.name == name && b.value)
                    value = *b.value;
            csv.addNumber(value);
        }
        if (Status ended = file.endRecord(); !ended)
            return ended;
    }
    return file.commit();
}

} // namespace

Result<int> exportRunsTable(db::Database &db, std::int64_t projectId, RunsTableFormat format, const QString &out)
{
    if (out.isEmpty())
        return Error{QStringLiteral("no file to export to")};
    const Result<std::optional<db::FramingVersion>> framing = db::FramingRepository(db).current(projectId);
    if (!framing)
        return Error{framing.error()};
    const Framing current = framing->has_value() ? framing->value().framing : Framing{};
    const Result<QList<db::RunRecord>> records = db::RunRepository(db).runs(projectId);
    if (!records)
        return Error{records.error()};
    RecordContext context;
    const Result<QSet<std::int64_t>> archived = db::RunArchive(db).archivedRunIds(projectId);
    if (!archived)
        return Error{archived.error()};
    context.archived = *archived;
    const Result<QHash<std::int64_t, db::FramingVersionName>> framingVersions =
        db::FramingRepository(db).versionNames(projectId);
    if (!framingVersions)
        return Error{framingVersions.error()};
    context.framingVersions = *framingVersions;
    QList<RunMetrics> runs;
    for (Result<RunMetrics> &m : computeProjectRunMetrics(db, projectId, *records, current)) {
        if (!m)
            return Error{m.error()};
        runs << std::move(m).value();
    }
    QStringList businessNames;
    for (const auto &metric : current.businessMetrics)
        businessNames << metric.name;
    const Status written = format == RunsTableFormat::Json ? writeJson(runs, context, out)
                                                           : writeCsv(runs, context, businessNames, out);
    if (!written)
        return Error{written.error()};
    return int(runs.size());
}

} // namespace mb::services
