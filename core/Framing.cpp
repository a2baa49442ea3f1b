// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/Framing.h"

#include "core/EnumKeys.h"

namespace mb {
namespace {

constexpr KeyTable<TaskType, 5> kTaskTypes{{{TaskType::Binary, "binary"},
                                            {TaskType::Multiclass, "multiclass"},
                                            {TaskType::Multilabel, "multilabel"},
                                            {TaskType::Regression, "regression"},
                                            {TaskType::TwoObjectiveRanking, "two_objective_ranking"}}};
constexpr KeyTable<Direction, 2> kDirections{{{Direction::Maximize, "maximize"}, {Direction::Minimize, "minimize"}}};
constexpr KeyTable<Reframing, 4> kReframings{{{Reframing::None, "none"},
                                              {Reframing::Buckets, "buckets"},
                                              {Reframing::Threshold, "threshold"},
                                              {Reframing::OneVsRest, "one_vs_rest"}}};
constexpr KeyTable<Loss, 5> kLosses{{{Loss::Mse, "mse"},
                                     {Loss::Mae, "mae"},
                                     {Loss::Huber, "huber"},
                                     {Loss::CrossEntropy, "cross_entropy"},
                                     {Loss::Bce, "bce"}}};
constexpr KeyTable<Approach, 2> kApproaches{
    {{Approach::CombinedLoss, "combined_loss"}, {Approach::ModelPerObjective, "model_per_objective"}}};
constexpr KeyTable<Selection, 4> kSelections{{{Selection::All, "all"},
                                              {Selection::PredictedPositive, "predicted_positive"},
                                              {Selection::TopK, "top_k"},
                                              {Selection::TopFraction, "top_fraction"}}};
constexpr KeyTable<Aggregate, 4> kAggregates{
    {{Aggregate::Sum, "sum"}, {Aggregate::Mean, "mean"}, {Aggregate::Count, "count"}, {Aggregate::Rate, "rate"}}};
constexpr KeyTable<Comparator, 5> kComparators{{{Comparator::Less, "<"},
                                                {Comparator::LessEqual, "<="},
                                                {Comparator::Greater, ">"},
                                                {Comparator::GreaterEqual, ">="},
                                                {Comparator::Equal, "=="}}};

} // namespace

#define MB_ENUM_KEYS(Type, table, fromKey, keys)                                                                       \
    QString toKey(Type value)                                                                                          \
    {                                                                                                                  \
        return keyOf(table, value);                                                                                    \
    }                                                                                                                  \
    std::optional<Type> fromKey(const QString &key)                                                                    \
    {                                                                                                                  \
        return valueOf(table, key);                                                                                    \
    }                                                                                                                  \
    QStringList keys()                                                                                                 \
    {                                                                                                                  \
        return keysOf(table);                                                                                          \
    }

MB_ENUM_KEYS(TaskType, kTaskTypes, taskTypeFromKey, taskTypeKeys)
MB_ENUM_KEYS(Direction, kDirections, directionFromKey, directionKeys)
MB_ENUM_KEYS(Reframing, kReframings, reframingFromKey, reframingKeys)
MB_ENUM_KEYS(Loss, kLosses, lossFromKey, lossKeys)
MB_ENUM_KEYS(Approach, kApproaches, approachFromKey, approachKeys)
MB_ENUM_KEYS(Selection, kSelections, selectionFromKey, selectionKeys)
MB_ENUM_KEYS(Aggregate, kAggregates, aggregateFromKey, aggregateKeys)
MB_ENUM_KEYS(Comparator, kComparators, comparatorFromKey, comparatorKeys)

#undef MB_ENUM_KEYS

bool hasTwoObjectives(TaskType type)
{
    return type == TaskType::TwoObjectiveRanking;
}

} // namespace mb
