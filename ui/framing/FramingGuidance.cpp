// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/framing/FramingGuidance.h"

#include <QCoreApplication>

namespace mb::ui {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("FramingGuidance", text);
}

} // namespace

QString guidanceForGoal()
{
    return tr("Start from the business. A better accuracy matters only if it moves a business metric, "
              "so write down, in the business's own words, what this project should change.");
}

QString guidanceFor(TaskType type)
{
    switch (type) {
    case TaskType::Binary:
        return tr("One yes/no decision per item. Where to put the decision threshold is a business "
                  "choice: the cost of a false positive and of a false negative decide it.");
    case TaskType::Multiclass:
        return tr("One of several classes per item. Plan for at least 100 examples per class: 1 000 "
                  "classes need 100 000 examples. With many classes, consider a hierarchy.");
    case TaskType::Multilabel:
        return tr("Several labels per item. Annotators disagree more on multilabel data, and if "
                  "classes come and go, one binary prediction per class is easier to maintain.");
    case TaskType::Regression:
        return tr("Predict a number. If the business acts on ranges (cheap, mid, expensive), "
                  "bucketing the target into classes can be easier to learn and to explain.");
    case TaskType::TwoObjectiveRanking:
        return tr("Rank items by two objectives that pull apart, such as engagement and quality. "
                  "Keeping them decoupled lets the balance move when the business changes its mind.");
    }
    return {};
}

QString guidanceFor(Reframing reframing)
{
    switch (reframing) {
    case Reframing::None:
        return tr("Learn the target as it is.");
    case Reframing::Buckets:
        return tr("Cut a numeric target into classes at the edges below, as in predicting a house's "
                  "price band instead of its price.");
    case Reframing::Threshold:
        return tr("Learn a score and turn it into a yes/no decision at this threshold; the threshold "
                  "can be moved later without retraining.");
    case Reframing::OneVsRest:
        return tr("Learn one binary model per class. Classes can then be added or removed without "
                  "retraining the others.");
    }
    return {};
}

QString guidanceFor(Approach approach)
{
    switch (approach) {
    case Approach::CombinedLoss:
        return tr("Approach 1: one model trained on alpha·L1 + beta·L2. Simple to serve, but every "
                  "change of alpha or beta means training again.");
    case Approach::ModelPerObjective:
        return tr("Approach 2: one model per objective, ranked by alpha·a + beta·b at serving time. "
                  "Alpha and beta can be re-tuned without retraining, and each model can be "
                  "maintained on its own schedule.");
    }
    return {};
}

QString guidanceForBusinessMetrics()
{
    return tr("Each business metric is computed from a run's evaluated items: choose which items count "
              "(all, those predicted positive, or the top k of a budget), what each is worth, and how "
              "to aggregate. Aggregates can then be combined with the confusion counts tp, fp, fn, tn "
              "and n, as in 10*tp - 1*fp - 5*fn.");
}

QString guidanceForStakeholders()
{
    return tr("Each stakeholder judges the system by a different metric. Written down as a requirement, "
              "an argument becomes a pass/fail check on every run.");
}

QString guidanceForConstraints()
{
    return tr("What the system must live within: latency and memory budgets, privacy rules, how often "
              "it can be retrained. One per line.");
}

QString labelFor(TaskType type)
{
    switch (type) {
    case TaskType::Binary:
        return tr("Binary classification");
    case TaskType::Multiclass:
        return tr("Multiclass classification");
    case TaskType::Multilabel:
        return tr("Multilabel classification");
    case TaskType::Regression:
        return tr("Regression");
    case TaskType::TwoObjectiveRanking:
        return tr("Two-objective ranking");
    }
    return {};
}

QString labelFor(Reframing reframing)
{
    switch (reframing) {
    case Reframing::None:
        return tr("None");
    case Reframing::Buckets:
        return tr("Bucket a numeric target");
    case Reframing::Threshold:
        return tr("Threshold a score");
    case Reframing::OneVsRest:
        return tr("One-vs-rest binaries");
    }
    return {};
}

QString labelFor(Approach approach)
{
    switch (approach) {
    case Approach::CombinedLoss:
        return tr("Approach 1: one model, combined loss");
    case Approach::ModelPerObjective:
        return tr("Approach 2: one model per objective");
    }
    return {};
}

QString labelFor(Loss loss)
{
    switch (loss) {
    case Loss::Mse:
        return tr("Mean squared error");
    case Loss::Mae:
        return tr("Mean absolute error");
    case Loss::Huber:
        return tr("Huber");
    case Loss::CrossEntropy:
        return tr("Cross-entropy");
    case Loss::Bce:
        return tr("Binary cross-entropy");
    }
    return {};
}

QString labelFor(Selection selection)
{
    switch (selection) {
    case Selection::All:
        return tr("All items");
    case Selection::PredictedPositive:
        return tr("Predicted positive at threshold");
    case Selection::TopK:
        return tr("Top k by score (a budget)");
    case Selection::TopFraction:
        return tr("Top fraction by score");
    }
    return {};
}

QString labelFor(Aggregate aggregate)
{
    switch (aggregate) {
    case Aggregate::Sum:
        return tr("sum");
    case Aggregate::Mean:
        return tr("mean");
    case Aggregate::Count:
        return tr("count");
    case Aggregate::Rate:
        return tr("rate");
    }
    return {};
}

QString labelFor(Direction direction)
{
    switch (direction) {
    case Direction::Maximize:
        return tr("Higher is better");
    case Direction::Minimize:
        return tr("Lower is better");
    }
    return {};
}

} // namespace mb::ui
