// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/FramingJson.h"

#include "core/JsonReader.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace mb {
namespace {

const QString kFormatName = QStringLiteral("metricbridge.framing");

QJsonArray toArray(const QStringList &strings)
{
    return QJsonArray::fromStringList(strings);
}

QJsonArray toArray(const QList<double> &numbers)
{
    QJsonArray array;
    for (double n : numbers)
        array.append(n);
    return array;
}

QJsonObject metricToJson(const BusinessMetric &metric)
{
    QJsonArray aggregates;
    for (const MetricAggregate &a : metric.aggregates)
        aggregates.append(QJsonObject{{QStringLiteral("name"), a.name},
                                      {QStringLiteral("expression"), a.itemExpression},
                                      {QStringLiteral("aggregate"), toKey(a.aggregate)}});
    return QJsonObject{
        {QStringLiteral("name"), metric.name},
        {QStringLiteral("unit"), metric.unit},
        {QStringLiteral("direction"), toKey(metric.direction)},
        {QStringLiteral("description"), metric.description},
        {QStringLiteral("selection"), QJsonObject{{QStringLiteral("kind"), toKey(metric.selection)},
                                                  {QStringLiteral("parameter"), metric.selectionParameter}}},
        {QStringLiteral("aggregates"), aggregates},
        {QStringLiteral("outer_expression"), metric.outerExpression},
    };
}

BusinessMetric metricFromJson(JsonObjectReader &r)
{
    BusinessMetric m;
    m.name = r.string(QStringLiteral("name"));
    m.unit = r.string(QStringLiteral("unit"));
    m.direction = *directionFromKey(r.choice(QStringLiteral("direction"), directionKeys(), toKey(Direction::Maximize)));
    m.description = r.string(QStringLiteral("description"));
    JsonObjectReader selection = r.object(QStringLiteral("selection"));
    m.selection = *selectionFromKey(selection.choice(QStringLiteral("kind"), selectionKeys(), toKey(Selection::All)));
    m.selectionParameter = selection.number(QStringLiteral("parameter"), 0.0);
    selection.rejectUnknownKeys();
    for (JsonObjectReader &a : r.objectList(QStringLiteral("aggregates"))) {
        MetricAggregate aggregate;
        aggregate.name = a.string(QStringLiteral("name"));
        aggregate.itemExpression = a.string(QStringLiteral("expression"));
        aggregate.aggregate =
            *aggregateFromKey(a.choice(QStringLiteral("aggregate"), aggregateKeys(), toKey(Aggregate::Sum)));
        a.rejectUnknownKeys();
        m.aggregates << aggregate;
    }
    m.outerExpression = r.string(QStringLiteral("outer_expression"));
    r.rejectUnknownKeys();
    return m;
}

} // namespace

QJsonObject framingToJson(const Framing &framing)
{
    QJsonArray metrics;
    for (const BusinessMetric &m : framing.businessMetrics)
        metrics.append(metricToJson(m));

    QJsonArray objectives;
    for (const Objective &o : framing.objectives)
        objectives.append(QJsonObject{{QStringLiteral("name"), o.name}, {QStringLiteral("loss"), toKey(o.loss)}});

    QJsonArray stakeholders;
    for (const Stakeholder &s : framing.stakeholders)
        stakeholders.append(
            QJsonObject{{QStringLiteral("role"), s.role},
                        {QStringLiteral("cares_about"), s.caresAbout},
                        {QStringLiteral("requirement"), QJsonObject{{QStringLiteral("metric"), s.requirementMetric},
                                                                    {QStringLiteral("comparator"), toKey(s.comparator)},
                                                                    {QStringLiteral("value"), s.requirementValue}}},
                        {QStringLiteral("note"), s.note}});

    return QJsonObject{
        {QStringLiteral("format"), kFormatName},
        {QStringLiteral("format_version"), kFramingFormatVersion},
        {QStringLiteral("business_goal"), framing.businessGoal},
        {QStringLiteral("business_metrics"), metrics},
        {QStringLiteral("task_type"), toKey(framing.taskType)},
        {QStringLiteral("target_columns"), toArray(framing.targetColumns)},
        {QStringLiteral("value_columns"), toArray(framing.valueColumns)},
        {QStringLiteral("reframing"), QJsonObject{{QStringLiteral("kind"), toKey(framing.reframing)},
                                                  {QStringLiteral("bucket_edges"), toArray(framing.bucketEdges)},
                                                  {QStringLiteral("threshold"), framing.threshold}}},
        {QStringLiteral("objectives"), objectives},
        {QStringLiteral("approach"), toKey(framing.approach)},
        {QStringLiteral("alpha"), framing.alpha},
        {QStringLiteral("beta"), framing.beta},
        {QStringLiteral("stakeholders"), stakeholders},
        {QStringLiteral("constraints"), toArray(framing.constraints)},
    };
}

Result<Framing> framingFromJson(const QJsonObject &object)
{
    JsonObjectReader r(object);
    const QString format = r.string(QStringLiteral("format"), kFormatName);
    if (format != kFormatName)
        r.fail(QStringLiteral("format"), QStringLiteral("expected \"%1\", got \"%2\"").arg(kFormatName, format));
    // Checked as the number it is: int() of one beyond int's range is undefined behaviour
    // (confirmed with fuzz_framingjson: "format_version": 1e30).
    const double version = r.number(QStringLiteral("format_version"), kFramingFormatVersion);
    if (version > kFramingFormatVersion || version < 1 || version != std::floor(version))
        r.fail(QStringLiteral("format_version"),
               QStringLiteral("this build reads framing format version %1, the file has version %2")
                   .arg(kFramingFormatVersion)
                   .arg(QString::number(version, 'g', 15)));
    if (r.failed())
        return Error{r.error()};

    Framing f;
    f.businessGoal = r.string(QStringLiteral("business_goal"));
    for (JsonObjectReader &m : r.objectList(QStringLiteral("business_metrics")))
        f.businessMetrics << metricFromJson(m);
    f.taskType = *taskTypeFromKey(r.choice(QStringLiteral("task_type"), taskTypeKeys(), toKey(TaskType::Binary)));
    f.targetColumns = r.stringList(QStringLiteral("target_columns"));
    f.valueColumns = r.stringList(QStringLiteral("value_columns"));

    JsonObjectReader reframing = r.object(QStringLiteral("reframing"));
    f.reframing = *reframingFromKey(reframing.choice(QStringLiteral("kind"), reframingKeys(), toKey(Reframing::None)));
    f.bucketEdges = reframing.numberList(QStringLiteral("bucket_edges"));
    f.threshold = reframing.number(QStringLiteral("threshold"), 0.5);
    reframing.rejectUnknownKeys();

    for (JsonObjectReader &o : r.objectList(QStringLiteral("objectives"))) {
        Objective objective;
        objective.name = o.string(QStringLiteral("name"));
        objective.loss = *lossFromKey(o.choice(QStringLiteral("loss"), lossKeys(), toKey(Loss::Bce)));
        o.rejectUnknownKeys();
        f.objectives << objective;
    }
    f.approach =
        *approachFromKey(r.choice(QStringLiteral("approach"), approachKeys(), toKey(Approach::ModelPerObjective)));
    f.alpha = r.number(QStringLiteral("alpha"), 0.5);
    f.beta = r.number(QStringLiteral("beta"), 0.5);

    for (JsonObjectReader &s : r.objectList(QStringLiteral("stakeholders"))) {
        Stakeholder stakeholder;
        stakeholder.role = s.string(QStringLiteral("role"));
        stakeholder.caresAbout = s.string(QStringLiteral("cares_about"));
        JsonObjectReader requirement = s.object(QStringLiteral("requirement"));
        stakeholder.requirementMetric = requirement.string(QStringLiteral("metric"));
        stakeholder.comparator = *comparatorFromKey(
            requirement.choice(QStringLiteral("comparator"), comparatorKeys(), toKey(Comparator::LessEqual)));
        stakeholder.requirementValue = requirement.number(QStringLiteral("value"), 0.0);
        requirement.rejectUnknownKeys();
        stakeholder.note = s.string(QStringLiteral("note"));
        s.rejectUnknownKeys();
        f.stakeholders << stakeholder;
    }
    f.constraints = r.stringList(QStringLiteral("constraints"));
    r.rejectUnknownKeys();

    if (r.failed())
        return Error{r.error()};
    return f;
}

QByteArray framingToBytes(const Framing &framing)
{
    // QJsonObject keeps keys sorted, so the output is canonical.
    return QJsonDocument(framingToJson(framing)).toJson(QJsonDocument::Indented);
}

Result<Framing> framingFromBytes(const QByteArray &bytes)
{
    Result<QJsonObject> object = parseJsonObject(bytes);
    if (!object)
        return Error{object.error()};
    return framingFromJson(*object);
}

bool sameFraming(const Framing &a, const Framing &b)
{
    return framingToJson(a) == framingToJson(b);
}

} // namespace mb
