// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/FramingValidator.h"

#include "core/ExpressionChecker.h"

#include <QSet>

#include <algorithm>
#include <cmath>

namespace mb {
namespace {

class ProblemList {
public:
    void add(const QString &field, const QString &message, int position = 0)
    {
        m_problems.append(FramingProblem{field, message, position});
    }
    void addExpression(const QString &field, const QString &expression, const QStringList &symbols)
    {
        const ExpressionCheck check = checkExpression(expression, symbols);
        if (!check.ok)
            add(field, check.message, check.position);
    }
    // Names become symbols in expressions, so they must be identifiers and unique.
    // `member` is ".name" when the names belong to objects in a list, so the path points at the field.
    void addNames(const QString &listField, const QStringList &names, const QString &what,
                  const QStringList &reserved = {}, const QString &member = {})
    {
        QSet<QString> seen;
        for (qsizetype i = 0; i < names.size(); ++i) {
            const QString field = QStringLiteral("%1[%2]%3").arg(listField).arg(i).arg(member);
            const QString &name = names.at(i);
            if (!isValidSymbolName(name))
                add(field, QStringLiteral("%1 '%2' must start with a letter or '_' and contain only "
                                          "letters, digits and '_'")
                               .arg(what, name));
            else if (seen.contains(name))
                add(field, QStringLiteral("%1 '%2' appears twice").arg(what, name));
            else if (reserved.contains(name))
                add(field, QStringLiteral("%1 '%2' is a reserved symbol").arg(what, name));
            seen.insert(name);
        }
    }
    QList<FramingProblem> take() { return std::move(m_problems); }

private:
    QList<FramingProblem> m_problems;
};

int expectedTargetCount(TaskType type)
{
    switch (type) {
    case TaskType::TwoObjectiveRanking:
        return 2;
    case TaskType::Multilabel:
        return -1; // one or more
    default:
        return 1;
    }
}

void validateTask(const Framing &f, ProblemList &problems)
{
    problems.addNames(QStringLiteral("target_columns"), f.targetColumns, QStringLiteral("target column"));
    const int expected = expectedTargetCount(f.taskType);
    if (f.targetColumns.isEmpty())
        problems.add(QStringLiteral("target_columns"), QStringLiteral("name the target column"));
    else if (expected > 0 && f.targetColumns.size() != expected)
        problems.add(QStringLiteral("target_columns"), QStringLiteral("a %1 task has %2 target column(s), found %3")
                                                           .arg(toKey(f.taskType))
                                                           .arg(expected)
                                                           .arg(f.targetColumns.size()));

    const QStringList reservedForValues = itemSymbols() + f.targetColumns;
    problems.addNames(QStringLiteral("value_columns"), f.valueColumns, QStringLiteral("value column"),
                      reservedForValues);

    const QString field = QStringLiteral("reframing");
    switch (f.reframing) {
    case Reframing::None:
        break;
    case Reframing::Buckets:
        if (f.taskType != TaskType::Multiclass && f.taskType != TaskType::Binary)
            problems.add(field, QStringLiteral("bucketing a numeric target gives classes: choose a "
                                               "binary or multiclass task"));
        if (f.bucketEdges.isEmpty())
            problems.add(QStringLiteral("reframing.bucket_edges"), QStringLiteral("give at least one bucket edge"));
        for (qsizetype i = 1; i < f.bucketEdges.size(); ++i)
            if (!(f.bucketEdges.at(i) > f.bucketEdges.at(i - 1)))
                problems.add(QStringLiteral("reframing.bucket_edges[%1]").arg(i),
                             QStringLiteral("bucket edges must be strictly ascending"));
        if (f.taskType == TaskType::Binary && f.bucketEdges.size() > 1)
            problems.add(
                QStringLiteral("reframing.bucket_edges"),
                QStringLiteral("a binary task takes one edge (two buckets), found %1").arg(f.bucketEdges.size()));
        break;
    case Reframing::Threshold:
        if (f.taskType != TaskType::Binary)
            problems.add(field, QStringLiteral("thresholding a score gives a yes/no decision: choose "
                                               "a binary task"));
        if (!std::isfinite(f.threshold))
            problems.add(QStringLiteral("reframing.threshold"), QStringLiteral("must be a number"));
        break;
    case Reframing::OneVsRest:
        if (f.taskType != TaskType::Multiclass && f.taskType != TaskType::Multilabel)
            problems.add(field, QStringLiteral("one-vs-rest splits several classes into binary "
                                               "problems: choose a multiclass or multilabel task"));
        break;
    }
}

void validateObjectives(const Framing &f, ProblemList &problems)
{
    const int expected = hasTwoObjectives(f.taskType) ? 2 : 1;
    if (f.objectives.size() != expected)
        problems.add(QStringLiteral("objectives"), QStringLiteral("a %1 task has %2 objective(s), found %3")
                                                       .arg(toKey(f.taskType))
                                                       .arg(expected)
                                                       .arg(f.objectives.size()));
    QStringList names;
    for (const Objective &o : f.objectives)
        names << o.name;
    problems.addNames(QStringLiteral("objectives"), names, QStringLiteral("objective name"), {},
                      QStringLiteral(".name"));

    const QList<Loss> fitting = lossesFor(f.taskType);
    for (qsizetype i = 0; i < f.objectives.size(); ++i) {
        if (!fitting.contains(f.objectives.at(i).loss)) {
            QStringList keys;
            for (Loss loss : fitting)
                keys << toKey(loss);
            problems.add(
                QStringLiteral("objectives[%1].loss").arg(i),
                QStringLiteral("%1 does not fit a %2 task; use %3")
                    .arg(toKey(f.objectives.at(i).loss), toKey(f.taskType), keys.join(QStringLiteral(" or "))));
        }
    }
    if (hasTwoObjectives(f.taskType)) {
        if (f.alpha < 0 || !std::isfinite(f.alpha))
            problems.add(QStringLiteral("alpha"), QStringLiteral("alpha must be zero or more"));
        else if (f.beta < 0 || !std::isfinite(f.beta))
            problems.add(QStringLiteral("beta"), QStringLiteral("beta must be zero or more"));
        else if (f.alpha + f.beta <= 0)
            problems.add(QStringLiteral("alpha"),
                         QStringLiteral("alpha and beta cannot both be zero: nothing would be ranked"));
    }
}

void validateMetric(const Framing &f, const BusinessMetric &m, const QString &at, ProblemList &problems)
{
    if (m.unit.trimmed().isEmpty())
        problems.add(at + QStringLiteral(".unit"),
                     QStringLiteral("give a unit, such as $, clicks or %, so that numbers are read right"));
    const QString param = at + QStringLiteral(".selection.parameter");
    if (!selectionParameterFits(m.selection, m.selectionParameter)) {
        switch (m.selection) {
        case Selection::All:
            break;
        case Selection::PredictedPositive:
            problems.add(param, QStringLiteral("the decision threshold must be between 0 and 1"));
            break;
        case Selection::TopK:
            problems.add(param, QStringLiteral("the budget k must be a whole number of items, 1 or more"));
            break;
        case Selection::TopFraction:
            problems.add(param, QStringLiteral("the fraction must be above 0 and at most 1"));
            break;
        }
    }

    QStringList names;
    for (const MetricAggregate &a : m.aggregates)
        names << a.name;
    problems.addNames(at + QStringLiteral(".aggregates"), names, QStringLiteral("aggregate name"), confusionSymbols(),
                      QStringLiteral(".name"));
    const QStringList symbols = itemSymbolsFor(f);
    for (qsizetype i = 0; i < m.aggregates.size(); ++i) {
        const MetricAggregate &a = m.aggregates.at(i);
        if (a.aggregate == Aggregate::Count && a.itemExpression.trimmed().isEmpty())
            continue;
        problems.addExpression(at + QStringLiteral(".aggregates[%1].expression").arg(i), a.itemExpression, symbols);
    }

    if (m.outerExpression.trimmed().isEmpty()) {
        if (m.aggregates.size() != 1)
            problems.add(
                at + QStringLiteral(".outer_expression"),
                QStringLiteral("with %1 aggregates, write an expression that combines them").arg(m.aggregates.size()));
    } else {
        problems.addExpression(at + QStringLiteral(".outer_expression"), m.outerExpression, outerSymbolsFor(m));
    }
}

void validateMetrics(const Framing &f, ProblemList &problems)
{
    QStringList names;
    for (const BusinessMetric &m : f.businessMetrics)
        names << m.name;
    problems.addNames(QStringLiteral("business_metrics"), names, QStringLiteral("metric name"), {},
                      QStringLiteral(".name"));
    for (qsizetype i = 0; i < f.businessMetrics.size(); ++i)
        validateMetric(f, f.businessMetrics.at(i), QStringLiteral("business_metrics[%1]").arg(i), problems);
}

void validateStakeholders(const Framing &f, ProblemList &problems)
{
    for (qsizetype i = 0; i < f.stakeholders.size(); ++i) {
        const Stakeholder &s = f.stakeholders.at(i);
        const QString at = QStringLiteral("stakeholders[%1]").arg(i);
        if (s.role.trimmed().isEmpty())
            problems.add(at + QStringLiteral(".role"), QStringLiteral("name the stakeholder's role"));
        if (!isRequirementMetricName(s.requirementMetric))
            problems.add(at + QStringLiteral(".requirement.metric"),
                         QStringLiteral("'%1' is not a metric name: a business metric (letters, digits and '_'), "
                                        "an ML metric as stored (test/roc_auc) or a latency (latency_p99_ms)")
                             .arg(s.requirementMetric));
        if (!std::isfinite(s.requirementValue))
            problems.add(at + QStringLiteral(".requirement.value"), QStringLiteral("must be a number"));
    }
}

} // namespace

bool isRequirementMetricName(const QString &name)
{
    const QStringList parts = name.split(QLatin1Char('/'));
    return std::all_of(parts.cbegin(), parts.cend(), [](const QString &part) { return isValidSymbolName(part); });
}

QStringList itemSymbolsFor(const Framing &framing)
{
    return itemSymbols() + framing.targetColumns + framing.valueColumns;
}

QStringList outerSymbolsFor(const BusinessMetric &metric)
{
    QStringList symbols = confusionSymbols();
    for (const MetricAggregate &a : metric.aggregates)
        symbols << a.name;
    return symbols;
}

bool selectionParameterFits(Selection selection, double parameter)
{
    switch (selection) {
    case Selection::All:
        return true;
    case Selection::PredictedPositive:
        return parameter >= 0 && parameter <= 1;
    case Selection::TopK:
        return parameter >= 1 && std::floor(parameter) == parameter && std::isfinite(parameter);
    case Selection::TopFraction:
        return parameter > 0 && parameter <= 1;
    }
    return false;
}

double defaultSelectionParameter(Selection selection)
{
    switch (selection) {
    case Selection::All:
        return 0;
    case Selection::PredictedPositive:
        return 0.5;
    case Selection::TopK:
        return 100;
    case Selection::TopFraction:
        return 0.1;
    }
    return 0;
}

QList<Loss> lossesFor(TaskType type)
{
    switch (type) {
    case TaskType::Binary:
        return {Loss::Bce, Loss::CrossEntropy};
    case TaskType::Multiclass:
        return {Loss::CrossEntropy};
    case TaskType::Multilabel:
        return {Loss::Bce};
    case TaskType::Regression:
        return {Loss::Mse, Loss::Mae, Loss::Huber};
    case TaskType::TwoObjectiveRanking:
        return {Loss::Bce, Loss::Mse, Loss::Mae, Loss::Huber, Loss::CrossEntropy};
    }
    return {};
}

QList<FramingProblem> validateFraming(const Framing &framing)
{
    ProblemList problems;
    if (framing.businessGoal.trimmed().isEmpty())
        problems.add(QStringLiteral("business_goal"),
                     QStringLiteral("say in words what the business wants from this project"));
    validateTask(framing, problems);
    validateObjectives(framing, problems);
    validateMetrics(framing, problems);
    validateStakeholders(framing, problems);
    for (qsizetype i = 0; i < framing.constraints.size(); ++i)
        if (framing.constraints.at(i).trimmed().isEmpty())
            problems.add(QStringLiteral("constraints[%1]").arg(i), QStringLiteral("is empty"));
    return problems.take();
}

QString describeProblems(const QList<FramingProblem> &problems)
{
    QStringList lines;
    for (const FramingProblem &p : problems)
        lines << QStringLiteral("%1: %2").arg(p.field, p.message);
    return lines.join(QLatin1Char('\n'));
}

} // namespace mb
