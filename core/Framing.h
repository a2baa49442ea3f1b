// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace mb {

// How an ML problem is framed: what the business wants, how the model is asked to help, and who
// judges the result. A Framing is a plain value; the store keeps every saved version of it.

enum class TaskType { Binary, Multiclass, Multilabel, Regression, TwoObjectiveRanking };
enum class Direction { Maximize, Minimize };
enum class Reframing { None, Buckets, Threshold, OneVsRest };
enum class Loss { Mse, Mae, Huber, CrossEntropy, Bce };
// Approach 1: one model trained on alpha*L1 + beta*L2. Approach 2: one model per objective,
// scores combined at ranking time, so alpha and beta can be re-tuned without retraining.
enum class Approach { CombinedLoss, ModelPerObjective };
enum class Selection { All, PredictedPositive, TopK, TopFraction };
enum class Aggregate { Sum, Mean, Count, Rate };
enum class Comparator { Less, LessEqual, Greater, GreaterEqual, Equal };

// A named aggregate over the selected items: aggregate(per-item expression).
struct MetricAggregate {
    QString name;
    // Over label, score, predicted, the target columns and the value columns. Count ignores it;
    // rate is the share of selected items where it is non-zero.
    QString itemExpression;
    Aggregate aggregate = Aggregate::Sum;
};

// A business metric as the stakeholders define it, computed later from a run's evaluated items.
struct BusinessMetric {
    QString name;
    QString unit;
    Direction direction = Direction::Maximize;
    QString description;
    Selection selection = Selection::All;
    double selectionParameter = 0.0; // threshold, k, or fraction, depending on selection
    QList<MetricAggregate> aggregates;
    // Over the aggregates' names and the confusion counts tp, fp, fn, tn, n. Empty means the
    // value of the single aggregate.
    QString outerExpression;
};

// One objective per target column, in the same order (objective i learns targetColumns[i]).
struct Objective {
    QString name;
    Loss loss = Loss::Bce;
};

// "product: latency_p99_ms <= 20".
struct Stakeholder {
    QString role;
    QString caresAbout;
    QString requirementMetric;
    Comparator comparator = Comparator::LessEqual;
    double requirementValue = 0.0;
    QString note;
};

struct Framing {
    QString businessGoal;
    QList<BusinessMetric> businessMetrics;
    TaskType taskType = TaskType::Binary;
    QStringList targetColumns;
    QStringList valueColumns; // dataset columns the business metrics may read per item
    Reframing reframing = Reframing::None;
    QList<double> bucketEdges; // ascending, for Reframing::Buckets
    double threshold = 0.5;    // for Reframing::Threshold
    QList<Objective> objectives;
    Approach approach = Approach::ModelPerObjective;
    double alpha = 0.5;
    double beta = 0.5;
    QList<Stakeholder> stakeholders;
    QStringList constraints;
};

// Stable keys used in JSON and in the store; never translated, never renamed.
QString toKey(TaskType value);
QString toKey(Direction value);
QString toKey(Reframing value);
QString toKey(Loss value);
QString toKey(Approach value);
QString toKey(Selection value);
QString toKey(Aggregate value);
QString toKey(Comparator value); // the operator itself: "<=", ">", ...

std::optional<TaskType> taskTypeFromKey(const QString &key);
std::optional<Direction> directionFromKey(const QString &key);
std::optional<Reframing> reframingFromKey(const QString &key);
std::optional<Loss> lossFromKey(const QString &key);
std::optional<Approach> approachFromKey(const QString &key);
std::optional<Selection> selectionFromKey(const QString &key);
std::optional<Aggregate> aggregateFromKey(const QString &key);
std::optional<Comparator> comparatorFromKey(const QString &key);

// All keys of an enum, in declaration order, for combo boxes and error messages.
QStringList taskTypeKeys();
QStringList directionKeys();
QStringList reframingKeys();
QStringList lossKeys();
QStringList approachKeys();
QStringList selectionKeys();
QStringList aggregateKeys();
QStringList comparatorKeys();

bool hasTwoObjectives(TaskType type);

} // namespace mb
