// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/RunDiff.h"

#include "core/FramingDiff.h"
#include "core/NumberText.h"
#include "core/TrainingSettingsInUse.h"
#include "core/evaluation/MetricDirection.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace mb::services {
namespace {

QString optionalId(const std::optional<std::int64_t> &id)
{
    return id ? QString::number(*id) : QStringLiteral("—");
}

QString evaluatedOn(const RunMetrics &run)
{
    return run.evaluation
               ? QStringLiteral("version %1, %2 part").arg(run.evaluation->datasetVersionId).arg(run.evaluation->part)
               : QStringLiteral("—");
}

RunDiffLine provenanceLine(const QString &field, const QString &first, const QString &second)
{
    const bool differs = first != second;
    return RunDiffLine{field, first, second, differs ? QStringLiteral("differs") : QStringLiteral("same"), 0, differs};
}

double valueOf(const RunMetrics &run, const QString &metric)
{
    return run.values.value(metric, std::nan(""));
}

// The fields of `config` that trainingSettingsInUse left out of `used`, as diffJson names them.
QSet<QString> unusedFields(const QJsonObject &config, const QJsonObject &used)
{
    QSet<QString> fields;
    for (const JsonChange &c : diffJson(used, config))
        if (c.kind == JsonChange::Kind::Added)
            fields.insert(c.field);
    return fields;
}

QJsonValue numberOrNull(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue();
}

} // namespace

RunDiff diffRuns(const RunMetrics &first, const RunMetrics &second, const Framing &framing, const QStringList &metrics,
                 const QHash<std::int64_t, db::FramingVersionName> &framingVersions)
{
    const auto framingVersion = [&framingVersions](const std::optional<std::int64_t> &id) {
        if (!id)
            return QStringLiteral("—");
        return framingVersions.contains(*id) ? framingVersions.value(*id).label() : QStringLiteral("#%1").arg(*id);
    };
    RunDiff diff;
    diff.provenance
        << provenanceLine(QStringLiteral("dataset version"), optionalId(first.run.datasetVersionId),
                          optionalId(second.run.datasetVersionId))
        << provenanceLine(QStringLiteral("split"), optionalId(first.run.splitId), optionalId(second.run.splitId))
        << provenanceLine(QStringLiteral("framing version"), framingVersion(first.run.framingVersionId),
                          framingVersion(second.run.framingVersionId))
        << provenanceLine(QStringLiteral("evaluated on"), evaluatedOn(first), evaluatedOn(second))
        << provenanceLine(QStringLiteral("seed"), QString::number(first.run.seed), QString::number(second.run.seed))
        << provenanceLine(QStringLiteral("build"), first.run.appVersion + QLatin1Char(' ') + first.run.buildCommit,
                          second.run.appVersion + QLatin1Char(' ') + second.run.buildCommit);

    // Only the settings each run's model uses: a linear model's unused default layers are no difference.
    const QJsonObject firstUsed = trainingSettingsInUse(first.run.config);
    const QJsonObject secondUsed = trainingSettingsInUse(second.run.config);
    const QSet<QString> firstUnused = unusedFields(first.run.config, firstUsed);
    const QSet<QString> secondUnused = unusedFields(second.run.config, secondUsed);
    const auto absent = [](const QSet<QString> &unused, const QString &field) {
        return unused.contains(field) ? QStringLiteral("(not used)") : QStringLiteral("(not set)");
    };
    for (const JsonChange &c : diffJson(firstUsed, secondUsed))
        diff.config << RunDiffLine{c.field,
                                   c.kind == JsonChange::Kind::Added ? absent(firstUnused, c.field) : c.before,
                                   c.kind == JsonChange::Kind::Removed ? absent(secondUnused, c.field) : c.after,
                                   {},
                                   0,
                                   true};

    for (const QString &metric : metrics) {
        const double a = valueOf(first, metric);
        const double b = valueOf(second, metric);
        if (std::isnan(a) && std::isnan(b))
            continue;
        RunDiffLine line{metric,
                         std::isnan(a) ? QStringLiteral("—") : formatNumber(a),
                         std::isnan(b) ? QStringLiteral("—") : formatNumber(b),
                         {},
                         0,
                         false};
        if (std::isfinite(a) && std::isfinite(b)) {
            const double d = b - a;
            line.change = formatDelta(d);
            if (const QString relative = formatRelativeChange(a, b); !relative.isEmpty())
                line.change += QStringLiteral("  (%1)").arg(relative);
            line.differs = d != 0;
            if (d != 0)
                line.better = (d > 0) == (evaluation::metricDirection(metric, framing) == Direction::Maximize) ? 1 : -1;
        } else {
            line.differs = true; // one run has it, the other not (or not finite)
        }
        diff.metrics << line;
    }
    return diff;
}

QStringList metricsOfEither(const RunMetrics &first, const RunMetrics &second)
{
    QSet<QString> names;
    for (auto it = first.values.constBegin(); it != first.values.constEnd(); ++it)
        names.insert(it.key());
    for (auto it = second.values.constBegin(); it != second.values.constEnd(); ++it)
        names.insert(it.key());
    QStringList sorted(names.cbegin(), names.cend());
    std::sort(sorted.begin(), sorted.end());
    return sorted;
}

QJsonObject runDiffJson(const RunMetrics &first, const RunMetrics &second, const RunDiff &diff)
{
    const auto fields = [](const QList<RunDiffLine> &lines) {
        QJsonArray array;
        for (const RunDiffLine &line : lines)
            array.append(QJsonObject{{QStringLiteral("field"), line.field},
                                     {QStringLiteral("first"), line.first},
                                     {QStringLiteral("second"), line.second},
                                     {QStringLiteral("differs"), line.differs}});
        return array;
    };
    QJsonArray metrics;
    for (const RunDiffLine &line : diff.metrics) {
        const double a = valueOf(first, line.field);
        const double b = valueOf(second, line.field);
        metrics.append(QJsonObject{{QStringLiteral("metric"), line.field},
                                   {QStringLiteral("first"), numberOrNull(a)},
                                   {QStringLiteral("second"), numberOrNull(b)},
                                   {QStringLiteral("delta"), numberOrNull(b - a)},
                                   {QStringLiteral("better"), line.better > 0   ? QStringLiteral("second")
                                                              : line.better < 0 ? QStringLiteral("first")
                                                                                : QStringLiteral("neither")}});
    }
    return QJsonObject{{QStringLiteral("first"), double(first.run.id)},
                       {QStringLiteral("second"), double(second.run.id)},
                       {QStringLiteral("provenance"), fields(diff.provenance)},
                       {QStringLiteral("config"), fields(diff.config)},
                       {QStringLiteral("metrics"), metrics}};
}

} // namespace mb::services
