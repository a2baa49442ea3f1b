// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/RunQueryFields.h"

#include "core/ExternalRun.h"
#include "core/NumberText.h"

#include <QDateTime>

#include <cmath>
#include <vector>

namespace mb::services {
namespace {

double secondsOf(const QString &iso)
{
    if (iso.isEmpty())
        return query::RunFields::kMissing;
    const QDateTime time = QDateTime::fromString(iso, Qt::ISODateWithMs);
    return time.isValid() ? double(time.toMSecsSinceEpoch()) / 1000.0 : query::RunFields::kMissing;
}

} // namespace

bool isSummaryMetric(const QString &key, const QJsonValue &value)
{
    return value.isDouble() && (key.contains(QLatin1Char('/')) || key == QLatin1String("best_epoch") ||
                                key == QLatin1String("samples_per_s"));
}

QJsonObject summaryOfKeptModel(const QJsonObject &summary)
{
    QJsonObject kept = summary;
    const QJsonObject best = summary.value(QStringLiteral("best")).toObject();
    for (auto it = best.constBegin(); it != best.constEnd(); ++it)
        if (it.key().startsWith(QLatin1String("validation/")) && it.value().isDouble())
            kept.insert(it.key(), it.value());
    return kept;
}

QStringList runStatusKeys()
{
    QStringList keys;
    for (db::RunStatus status :
         {db::RunStatus::Queued, db::RunStatus::Running, db::RunStatus::Finished, db::RunStatus::Failed,
          db::RunStatus::Cancelled, db::RunStatus::Diverged, db::RunStatus::Interrupted})
        keys << db::toKey(status);
    return keys;
}

query::RunFields runQueryFields(const db::RunRecord &run, const db::RunAnnotations &annotations)
{
    query::RunFields fields;
    fields.id = run.id;
    fields.name = run.name;
    fields.status = db::toKey(run.status);
    const QJsonObject model = run.config.value(QStringLiteral("model")).toObject();
    fields.model = model.value(QStringLiteral("kind")).toString(QStringLiteral("mlp"));
    fields.tags = annotations.tags;
    fields.note = annotations.note;
    fields.starred = annotations.starred;
    fields.createdSeconds = secondsOf(run.queuedAt);
    fields.startedSeconds = secondsOf(run.startedAt);
    fields.finishedSeconds = secondsOf(run.finishedAt);
    fields.config = run.config;
    const QJsonObject summary = summaryOfKeptModel(run.summary);
    for (auto it = summary.constBegin(); it != summary.constEnd(); ++it)
        if (isSummaryMetric(it.key(), it.value()))
            fields.numbers.insert(it.key(), it.value().toDouble());
    const QJsonObject optimizer = run.config.value(QStringLiteral("optimizer")).toObject();
    if (optimizer.value(QStringLiteral("lr")).isDouble())
        fields.numbers.insert(QStringLiteral("lr"), optimizer.value(QStringLiteral("lr")).toDouble());
    for (const char *key : {"batch_size", "epochs"})
        if (run.config.value(QLatin1String(key)).isDouble())
            fields.numbers.insert(QLatin1String(key) == QLatin1String("batch_size") ? QStringLiteral("batch")
                                                                                    : QStringLiteral("epochs"),
                                  run.config.value(QLatin1String(key)).toDouble());
    const QString optimizerKind = optimizer.value(QStringLiteral("kind")).toString();
    if (!optimizerKind.isEmpty())
        fields.texts.insert(QStringLiteral("optimizer"), optimizerKind);
    // As the old filter searched: id, status, name, model and optimizer; now tags and note too.
    QStringList words{QStringLiteral("#%1").arg(run.id), fields.status, run.name,
                      isExternalRun(run.config) ? externalRunSummary(run.config) : fields.model, optimizerKind};
    if (optimizer.value(QStringLiteral("lr")).isDouble())
        words << formatNumber(optimizer.value(QStringLiteral("lr")).toDouble());
    words << annotations.tags << annotations.note;
    fields.searchText = words.join(QLatin1Char(' ')).toLower();
    return fields;
}

void addJudgedValues(query::RunFields &fields, const RunMetrics &metrics)
{
    for (auto it = metrics.values.constBegin(); it != metrics.values.constEnd(); ++it)
        if (std::isfinite(it.value()))
            fields.numbers.insert(it.key(), it.value());
}

Result<QList<RunMetrics>> runsMatching(const QList<RunMetrics> &runs,
                                       const QHash<std::int64_t, db::RunAnnotations> &annotations, const QString &where)
{
    std::vector<query::RunFields> fields;
    fields.reserve(std::size_t(runs.size()));
    for (const RunMetrics &m : runs) {
        fields.push_back(runQueryFields(m.run, annotations.value(m.run.id)));
        addJudgedValues(fields.back(), m);
    }
    Result<query::Query> compiled = query::Query::compile(where, query::catalogOf(fields, runStatusKeys()));
    if (!compiled)
        return Error{compiled.error()};
    QList<RunMetrics> kept;
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (compiled->matches(fields[i]))
            kept << runs.at(qsizetype(i));
    return kept;
}

} // namespace mb::services
