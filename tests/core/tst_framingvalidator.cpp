// SPDX-License-Identifier: GPL-3.0-or-later
// What stops a framing from being saved: each rule yields one problem naming the field by its
// JSON path, and a valid framing yields none.

#include "core/DemoFraming.h"
#include "core/FramingValidator.h"

#include <QTest>

#include <cmath>
#include <functional>
#include <limits>

using namespace mb;

namespace {

// A small valid binary framing; each row changes one thing.
Framing fraudFraming()
{
    Framing f;
    f.businessGoal = QStringLiteral("Stop fraudulent orders before they ship.");
    f.taskType = TaskType::Binary;
    f.targetColumns = {QStringLiteral("is_fraud")};
    f.valueColumns = {QStringLiteral("amount")};
    f.objectives = {Objective{QStringLiteral("fraud"), Loss::Bce}};
    BusinessMetric caught;
    caught.name = QStringLiteral("caught_amount");
    caught.unit = QStringLiteral("$");
    caught.selection = Selection::TopK;
    caught.selectionParameter = 100;
    caught.aggregates = {{QStringLiteral("caught"), QStringLiteral("label * amount"), Aggregate::Sum}};
    f.businessMetrics = {caught};
    f.stakeholders = {Stakeholder{QStringLiteral("risk"),
                                  QStringLiteral("losses"),
                                  QStringLiteral("caught_amount"),
                                  Comparator::GreaterEqual,
                                  1000,
                                  {}}};
    f.constraints = {QStringLiteral("Decide within 50 ms.")};
    return f;
}

Framing twoObjectiveFraming()
{
    Framing f = fraudFraming();
    f.taskType = TaskType::TwoObjectiveRanking;
    f.targetColumns = {QStringLiteral("is_fraud"), QStringLiteral("chargeback")};
    f.objectives = {Objective{QStringLiteral("fraud"), Loss::Bce}, Objective{QStringLiteral("chargeback"), Loss::Mse}};
    return f;
}

Framing withTask(Framing f, TaskType type, Loss loss)
{
    f.taskType = type;
    f.objectives = {Objective{QStringLiteral("fraud"), loss}};
    return f;
}

QString describe(const QList<FramingProblem> &problems)
{
    QStringList lines;
    for (const FramingProblem &p : problems)
        lines << QStringLiteral("%1 [%2]: %3").arg(p.field).arg(p.position).arg(p.message);
    return lines.join(QStringLiteral("\n"));
}

} // namespace

using Mutation = std::function<Framing()>;
Q_DECLARE_METATYPE(Mutation)
Q_DECLARE_METATYPE(mb::TaskType)
Q_DECLARE_METATYPE(mb::Loss)

class tst_FramingValidator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void demoFramingIsValid();
    void validVariants_data();
    void validVariants();
    void oneProblem_data();
    void oneProblem();
    void invalidColumnNameIsReportedOnce();
    void negativeBetaNamesBeta();
    void problemsComeInFieldOrderAndAreDescribed();
    void lossesForEachTask_data();
    void lossesForEachTask();
    void symbolsForExpressions();
};

void tst_FramingValidator::demoFramingIsValid()
{
    const QList<FramingProblem> problems = validateFraming(demoNewsfeedFraming());
    QVERIFY2(problems.isEmpty(), qPrintable(describe(problems)));
    QCOMPARE(describeProblems(problems), QString());
    // Every step of the demo's history is saved by the demo builder, so each must be valid.
    for (const DemoFramingStep &step : demoNewsfeedHistory()) {
        const QList<FramingProblem> stepProblems = validateFraming(step.framing);
        QVERIFY2(stepProblems.isEmpty(), qPrintable(step.note + QLatin1Char('\n') + describe(stepProblems)));
    }
}

void tst_FramingValidator::validVariants_data()
{
    QTest::addColumn<Mutation>("framing");
    auto row = [](const char *name, Mutation m) { QTest::newRow(name) << m; };

    row("fraud base", [] { return fraudFraming(); });
    row("two objectives", [] { return twoObjectiveFraming(); });
    row("multilabel with three targets", [] {
        Framing f = withTask(fraudFraming(), TaskType::Multilabel, Loss::Bce);
        f.targetColumns = {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
        return f;
    });
    row("regression with huber", [] { return withTask(fraudFraming(), TaskType::Regression, Loss::Huber); });
    row("binary with cross entropy", [] { return withTask(fraudFraming(), TaskType::Binary, Loss::CrossEntropy); });
    row("multiclass buckets ascending", [] {
        Framing f = withTask(fraudFraming(), TaskType::Multiclass, Loss::CrossEntropy);
        f.reframing = Reframing::Buckets;
        f.bucketEdges = {-10, 0, 10.5};
        return f;
    });
    row("binary one bucket edge", [] {
        Framing f = fraudFraming();
        f.reframing = Reframing::Buckets;
        f.bucketEdges = {250};
        return f;
    });
    // Requirements judged on stored ML metrics, as docs/CLI.md writes them.
    row("requirement on a stored ML metric", [] {
        Framing f = fraudFraming();
        f.stakeholders[0].requirementMetric = QStringLiteral("test/roc_auc");
        return f;
    });
    row("requirement on one target's ML metric", [] {
        Framing f = fraudFraming();
        f.stakeholders[0].requirementMetric = QStringLiteral("test/engagement/accuracy");
        return f;
    });
    row("binary threshold", [] {
        Framing f = fraudFraming();
        f.reframing = Reframing::Threshold;
        f.threshold = 0.8;
        return f;
    });
    row("multilabel one-vs-rest", [] {
        Framing f = withTask(fraudFraming(), TaskType::Multilabel, Loss::Bce);
        f.reframing = Reframing::OneVsRest;
        return f;
    });
    row("alpha ignored with one objective", [] {
        Framing f = fraudFraming();
        f.alpha = -1;
        f.beta = 0;
        return f;
    });
    row("alpha zero, beta positive", [] {
        Framing f = twoObjectiveFraming();
        f.alpha = 0;
        f.beta = 1;
        return f;
    });
    row("top_k of one", [] {
        Framing f = fraudFraming();
        f.businessMetrics[0].selectionParameter = 1;
        return f;
    });
    row("top_fraction of one", [] {
        Framing f = fraudFraming();
        f.businessMetrics[0].selection = Selection::TopFraction;
        f.businessMetrics[0].selectionParameter = 1;
        return f;
    });
    row("predicted_positive at zero", [] {
        Framing f = fraudFraming();
        f.businessMetrics[0].selection = Selection::PredictedPositive;
        f.businessMetrics[0].selectionParameter = 0;
        return f;
    });
    row("outer expression over confusion counts only", [] {
        Framing f = fraudFraming();
        f.businessMetrics[0].aggregates.clear();
        f.businessMetrics[0].outerExpression = QStringLiteral("tp / (tp + fp)");
        return f;
    });
    row("count aggregate needs no expression", [] {
        Framing f = fraudFraming();
        f.businessMetrics[0].aggregates << MetricAggregate{QStringLiteral("shown"), QString(), Aggregate::Count};
        f.businessMetrics[0].outerExpression = QStringLiteral("caught / shown");
        return f;
    });
    row("item expression over every item symbol", [] {
        Framing f = fraudFraming();
        f.businessMetrics[0].aggregates[0].itemExpression =
            QStringLiteral("label * score * predicted * is_fraud * amount");
        return f;
    });
    row("no metrics, stakeholders or constraints", [] {
        Framing f = fraudFraming();
        f.businessMetrics.clear();
        f.stakeholders.clear();
        f.constraints.clear();
        return f;
    });
    row("requirement on a metric defined elsewhere", [] {
        // Stakeholders may name operational metrics (latency) that no business metric defines.
        Framing f = fraudFraming();
        f.stakeholders[0].requirementMetric = QStringLiteral("latency_p99_ms");
        return f;
    });
}

void tst_FramingValidator::validVariants()
{
    QFETCH(Mutation, framing);
    const QList<FramingProblem> problems = validateFraming(framing());
    QVERIFY2(problems.isEmpty(), qPrintable(describe(problems)));
}

void tst_FramingValidator::oneProblem_data()
{
    QTest::addColumn<Mutation>("framing");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message"); // a fragment of the message
    QTest::addColumn<int>("position");

    auto row = [](const char *name, Mutation m, const char *field, const QString &message, int position = 0) {
        QTest::newRow(name) << m << QString::fromLatin1(field) << message << position;
    };

    // The goal.
    row(
        "empty goal",
        [] {
            Framing f = fraudFraming();
            f.businessGoal.clear();
            return f;
        },
        "business_goal", QStringLiteral("say in words what the business wants"));
    row(
        "blank goal",
        [] {
            Framing f = fraudFraming();
            f.businessGoal = QStringLiteral(" \n\t");
            return f;
        },
        "business_goal", QStringLiteral("say in words what the business wants"));

    // Targets.
    row(
        "no target",
        [] {
            Framing f = fraudFraming();
            f.targetColumns.clear();
            return f;
        },
        "target_columns", QStringLiteral("name the target column"));
    row(
        "binary with two targets",
        [] {
            Framing f = fraudFraming();
            f.targetColumns << QStringLiteral("chargeback");
            return f;
        },
        "target_columns", QStringLiteral("a binary task has 1 target column(s), found 2"));
    row(
        "regression with two targets",
        [] {
            Framing f = withTask(fraudFraming(), TaskType::Regression, Loss::Mse);
            f.targetColumns << QStringLiteral("chargeback");
            return f;
        },
        "target_columns", QStringLiteral("a regression task has 1 target column(s), found 2"));
    row(
        "two objectives with one target",
        [] {
            Framing f = twoObjectiveFraming();
            f.targetColumns.removeLast();
            return f;
        },
        "target_columns", QStringLiteral("a two_objective_ranking task has 2 target column(s), found 1"));
    row(
        "two objectives with three targets",
        [] {
            Framing f = twoObjectiveFraming();
            f.targetColumns << QStringLiteral("refund");
            return f;
        },
        "target_columns", QStringLiteral("a two_objective_ranking task has 2 target column(s), found 3"));
    row(
        "multilabel without targets",
        [] {
            Framing f = withTask(fraudFraming(), TaskType::Multilabel, Loss::Bce);
            f.targetColumns.clear();
            return f;
        },
        "target_columns", QStringLiteral("name the target column"));
    row(
        "duplicate target",
        [] {
            Framing f = withTask(fraudFraming(), TaskType::Multilabel, Loss::Bce);
            f.targetColumns = {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("a")};
            return f;
        },
        "target_columns[2]", QStringLiteral("target column 'a' appears twice"));

    // Value columns.
    row(
        "value column named label",
        [] {
            Framing f = fraudFraming();
            f.valueColumns << QStringLiteral("label");
            return f;
        },
        "value_columns[1]", QStringLiteral("value column 'label' is a reserved symbol"));
    row(
        "value column named score",
        [] {
            Framing f = fraudFraming();
            f.valueColumns.prepend(QStringLiteral("score"));
            return f;
        },
        "value_columns[0]", QStringLiteral("value column 'score' is a reserved symbol"));
    row(
        "value column named like the target",
        [] {
            Framing f = fraudFraming();
            f.valueColumns << QStringLiteral("is_fraud");
            return f;
        },
        "value_columns[1]", QStringLiteral("value column 'is_fraud' is a reserved symbol"));
    row(
        "duplicate value column",
        [] {
            Framing f = fraudFraming();
            f.valueColumns << QStringLiteral("amount");
            return f;
        },
        "value_columns[1]", QStringLiteral("value column 'amount' appears twice"));

    // Metric names.
    row(
        "duplicate metric name",
        [] {
            Framing f = fraudFraming();
            f.businessMetrics << f.businessMetrics.first();
            return f;
        },
        "business_metrics[1].name", QStringLiteral("metric name 'caught_amount' appears twice"));
    row(
        "metric name with a space",
        [] {
            Framing f = fraudFraming();
            f.businessMetrics[0].name = QStringLiteral("caught amount");
            return f;
        },
        "business_metrics[0].name",
        QStringLiteral("metric name 'caught amount' must start with a letter or '_' and contain only "
                       "letters, digits and '_'"));
    row(
        "empty metric name",
        [] {
            Framing f = fraudFraming();
            f.businessMetrics[0].name.clear();
            return f;
        },
        "business_metrics[0].name", QStringLiteral("metric name '' must start with a letter"));

    // Objectives.
    row(
        "duplicate objective name",
        [] {
            Framing f = twoObjectiveFraming();
            f.objectives[1].name = QStringLiteral("fraud");
            return f;
        },
        "objectives[1].name", QStringLiteral("objective name 'fraud' appears twice"));
    row(
        "objective name starting with a digit",
        [] {
            Framing f = fraudFraming();
            f.objectives[0].name = QStringLiteral("1st");
            return f;
        },
        "objectives[0].name", QStringLiteral("objective name '1st' must start with a letter"));
    row(
        "binary with two objectives",
        [] {
            Framing f = fraudFraming();
            f.objectives << Objective{QStringLiteral("other"), Loss::Bce};
            return f;
        },
        "objectives", QStringLiteral("a binary task has 1 objective(s), found 2"));
    row(
        "two-objective task with one objective",
        [] {
            Framing f = twoObjectiveFraming();
            f.objectives.removeLast();
            return f;
        },
        "objectives", QStringLiteral("a two_objective_ranking task has 2 objective(s), found 1"));
    row(
        "no objective",
        [] {
            Framing f = fraudFraming();
            f.objectives.clear();
            return f;
        },
        "objectives", QStringLiteral("a binary task has 1 objective(s), found 0"));

    // Losses that do not fit the task name the ones that do.
    row(
        "mse on binary", [] { return withTask(fraudFraming(), TaskType::Binary, Loss::Mse); }, "objectives[0].loss",
        QStringLiteral("mse does not fit a binary task; use bce or cross_entropy"));
    row(
        "bce on regression", [] { return withTask(fraudFraming(), TaskType::Regression, Loss::Bce); },
        "objectives[0].loss", QStringLiteral("bce does not fit a regression task; use mse or mae or huber"));
    row(
        "bce on multiclass", [] { return withTask(fraudFraming(), TaskType::Multiclass, Loss::Bce); },
        "objectives[0].loss", QStringLiteral("bce does not fit a multiclass task; use cross_entropy"));
    row(
        "cross entropy on multilabel",
        [] { return withTask(fraudFraming(), TaskType::Multilabel, Loss::CrossEntropy); }, "objectives[0].loss",
        QStringLiteral("cross_entropy does not fit a multilabel task; use bce"));
    row(
        "huber on second binary-task objective",
        [] {
            Framing f = fraudFraming();
            f.objectives[0].loss = Loss::Huber;
            return f;
        },
        "objectives[0].loss", QStringLiteral("huber does not fit a binary task"));

    // Reframing.
    row(
        "bucket edges descending",
        [] {
            Framing f = withTask(fraudFraming(), TaskType::Multiclass, Loss::CrossEntropy);
            f.reframing = Reframing::Buckets;
            f.bucketEdges = {0, 10, 5};
            return f;
        },
        "reframing.bucket_edges[2]", QStringLiteral("bucket edges must be strictly ascending"));
    row(
        "bucket edges repeated",
        [] {
            Framing f = withTask(fraudFraming(), TaskType::Multiclass, Loss::CrossEntropy);
            f.reframing = Reframing::Buckets;
            f.bucketEdges = {0, 10, 10, 20};
            return f;
        },
        "reframing.bucket_edges[2]", QStringLiteral("bucket edges must be strictly ascending"));
    row(
        "bucket edges missing",
        [] {
            Framing f = withTask(fraudFraming(), TaskType::Multiclass, Loss::CrossEntropy);
            f.reframing = Reframing::Buckets;
            return f;
        },
        "reframing.bucket_edges", QStringLiteral("give at least one bucket edge"));
    row(
        "buckets on a regression task",
        [] {
            Framing f = withTask(fraudFraming(), TaskType::Regression, Loss::Mse);
            f.reframing = Reframing::Buckets;
            f.bucketEdges = {10};
            return f;
        },
        "reframing", QStringLiteral("choose a binary or multiclass task"));
    row(
        "binary with two bucket edges",
        [] {
            Framing f = fraudFraming();
            f.reframing = Reframing::Buckets;
            f.bucketEdges = {10, 20};
            return f;
        },
        "reframing.bucket_edges", QStringLiteral("a binary task takes one edge (two buckets), found 2"));
    row(
        "threshold on multiclass",
        [] {
            Framing f = withTask(fraudFraming(), TaskType::Multiclass, Loss::CrossEntropy);
            f.reframing = Reframing::Threshold;
            return f;
        },
        "reframing", QStringLiteral("choose a binary task"));
    row(
        "threshold on regression",
        [] {
            Framing f = withTask(fraudFraming(), TaskType::Regression, Loss::Mae);
            f.reframing = Reframing::Threshold;
            return f;
        },
        "reframing", QStringLiteral("thresholding a score gives a yes/no decision"));
    row(
        "threshold not a number",
        [] {
            Framing f = fraudFraming();
            f.reframing = Reframing::Threshold;
            f.threshold = std::numeric_limits<double>::quiet_NaN();
            return f;
        },
        "reframing.threshold", QStringLiteral("must be a number"));
    row(
        "one-vs-rest on binary",
        [] {
            Framing f = fraudFraming();
            f.reframing = Reframing::OneVsRest;
            return f;
        },
        "reframing", QStringLiteral("choose a multiclass or multilabel task"));

    // Alpha and beta.
    row(
        "alpha and beta both zero",
        [] {
            Framing f = twoObjectiveFraming();
            f.alpha = 0;
            f.beta = 0;
            return f;
        },
        "alpha", QStringLiteral("alpha and beta cannot both be zero"));
    row(
        "negative alpha",
        [] {
            Framing f = twoObjectiveFraming();
            f.alpha = -0.5;
            return f;
        },
        "alpha", QStringLiteral("alpha must be zero or more"));
    row(
        "infinite alpha",
        [] {
            Framing f = twoObjectiveFraming();
            f.alpha = std::numeric_limits<double>::infinity();
            return f;
        },
        "alpha", QStringLiteral("must be zero or more"));

    // Metrics.
    row(
        "metric without unit",
        [] {
            Framing f = fraudFraming();
            f.businessMetrics[0].unit = QStringLiteral("  ");
            return f;
        },
        "business_metrics[0].unit", QStringLiteral("give a unit"));
    row(
        "top_k with k=0",
        [] {
            Framing f = fraudFraming();
            f.businessMetrics[0].selectionParameter = 0;
            return f;
        },
        "business_metrics[0].selection.parameter", QStringLiteral("whole number of items, 1 or more"));
    row(
        "top_k with fractional k",
        [] {
            Framing f = fraudFraming();
            f.businessMetrics[0].selectionParameter = 2.5;
            return f;
        },
        "business_metrics[0].selection.parameter", QStringLiteral("whole number of items, 1 or more"));
    row(
        "top_k with negative k",
        [] {
            Framing f = fraudFraming();
            f.businessMetrics[0].selectionParameter = -3;
            return f;
        },
        "business_metrics[0].selection.parameter", QStringLiteral("whole number of items, 1 or more"));
    row(
        "top_fraction zero",
        [] {
            Framing f = fraudFraming();
            f.businessMetrics[0].selection = Selection::TopFraction;
            f.businessMetrics[0].selectionParameter = 0;
            return f;
        },
        "business_metrics[0].selection.parameter", QStringLiteral("above 0 and at most 1"));
    row(
        "top_fraction above one",
        [] {
            Framing f = fraudFraming();
            f.businessMetrics[0].selection = Selection::TopFraction;
            f.businessMetrics[0].selectionParameter = 1.5;
            return f;
        },
        "business_metrics[0].selection.parameter", QStringLiteral("above 0 and at most 1"));
    row(
        "top_fraction not a number",
        [] {
            Framing f = fraudFraming();
            f.businessMetrics[0].selection = Selection::TopFraction;
            f.businessMetrics[0].selectionParameter = std::numeric_limits<double>::quiet_NaN();
            return f;
        },
        "business_metrics[0].selection.parameter", QStringLiteral("above 0 and at most 1"));
    row(
        "predicted_positive threshold above one",
        [] {
            Framing f = fraudFraming();
            f.businessMetrics[0].selection = Selection::PredictedPositive;
            f.businessMetrics[0].selectionParameter = 1.5;
            return f;
        },
        "business_metrics[0].selection.parameter", QStringLiteral("between 0 and 1"));
    row(
        "two aggregates, no outer expression",
        [] {
            Framing f = fraudFraming();
            f.businessMetrics[0].aggregates << MetricAggregate{QStringLiteral("shown"), {}, Aggregate::Count};
            return f;
        },
        "business_metrics[0].outer_expression",
        QStringLiteral("with 2 aggregates, write an expression that combines them"));
    row(
        "no aggregates, no outer expression",
        [] {
            Framing f = fraudFraming();
            f.businessMetrics[0].aggregates.clear();
            return f;
        },
        "business_metrics[0].outer_expression",
        QStringLiteral("with 0 aggregates, write an expression that combines them"));
    row(
        "aggregate named tp",
        [] {
            Framing f = fraudFraming();
            f.businessMetrics[0].aggregates[0].name = QStringLiteral("tp");
            return f;
        },
        "business_metrics[0].aggregates[0].name", QStringLiteral("aggregate name 'tp' is a reserved symbol"));
    row(
        "aggregate named n",
        [] {
            Framing f = fraudFraming();
            f.businessMetrics[0].aggregates[0].name = QStringLiteral("n");
            return f;
        },
        "business_metrics[0].aggregates[0].name", QStringLiteral("aggregate name 'n' is a reserved symbol"));
    row(
        "duplicate aggregate names",
        [] {
            Framing f = fraudFraming();
            f.businessMetrics[0].aggregates << MetricAggregate{QStringLiteral("caught"), {}, Aggregate::Count};
            f.businessMetrics[0].outerExpression = QStringLiteral("caught / 2");
            return f;
        },
        "business_metrics[0].aggregates[1].name", QStringLiteral("aggregate name 'caught' appears twice"));
    row(
        "unknown symbol in item expression",
        [] {
            Framing f = fraudFraming();
            f.businessMetrics[0].aggregates[0].itemExpression = QStringLiteral("label * amout");
            return f;
        },
        "business_metrics[0].aggregates[0].expression", QStringLiteral("unknown symbol 'amout' at position 9"), 9);
    row(
        "item expression may not use aggregate names",
        [] {
            Framing f = fraudFraming();
            f.businessMetrics[0].aggregates[0].itemExpression = QStringLiteral("caught + 1");
            return f;
        },
        "business_metrics[0].aggregates[0].expression", QStringLiteral("unknown symbol 'caught'"), 1);
    row(
        "syntax error in item expression",
        [] {
            Framing f = fraudFraming();
            f.businessMetrics[0].aggregates[0].itemExpression = QStringLiteral("label +* amount");
            return f;
        },
        "business_metrics[0].aggregates[0].expression", QStringLiteral("at position 8"), 8);
    row(
        "empty sum expression",
        [] {
            Framing f = fraudFraming();
            f.businessMetrics[0].aggregates[0].itemExpression.clear();
            return f;
        },
        "business_metrics[0].aggregates[0].expression", QStringLiteral("the expression is empty"));
    row(
        "unknown symbol in outer expression",
        [] {
            Framing f = fraudFraming();
            f.businessMetrics[0].outerExpression = QStringLiteral("caught / shwn");
            return f;
        },
        "business_metrics[0].outer_expression", QStringLiteral("unknown symbol 'shwn' at position 10"), 10);
    row(
        "outer expression may not use item symbols",
        [] {
            Framing f = fraudFraming();
            f.businessMetrics[0].outerExpression = QStringLiteral("caught * label");
            return f;
        },
        "business_metrics[0].outer_expression", QStringLiteral("unknown symbol 'label'"), 10);
    row(
        "problem in second metric",
        [] {
            Framing f = fraudFraming();
            BusinessMetric other = f.businessMetrics.first();
            other.name = QStringLiteral("other");
            other.aggregates[0].itemExpression = QStringLiteral("amount * chargeback");
            f.businessMetrics << other;
            return f;
        },
        "business_metrics[1].aggregates[0].expression", QStringLiteral("unknown symbol 'chargeback'"), 10);

    // Stakeholders and constraints.
    row(
        "requirement metric with a space",
        [] {
            Framing f = fraudFraming();
            f.stakeholders[0].requirementMetric = QStringLiteral("p99 latency");
            return f;
        },
        "stakeholders[0].requirement.metric", QStringLiteral("'p99 latency' is not a metric name"));
    row(
        "empty requirement metric",
        [] {
            Framing f = fraudFraming();
            f.stakeholders[0].requirementMetric.clear();
            return f;
        },
        "stakeholders[0].requirement.metric", QStringLiteral("'' is not a metric name"));
    row(
        "requirement metric with an empty part",
        [] {
            Framing f = fraudFraming();
            f.stakeholders[0].requirementMetric = QStringLiteral("test//roc_auc");
            return f;
        },
        "stakeholders[0].requirement.metric", QStringLiteral("'test//roc_auc' is not a metric name"));
    row(
        "stakeholder without role",
        [] {
            Framing f = fraudFraming();
            f.stakeholders << f.stakeholders.first();
            f.stakeholders[1].role = QStringLiteral(" ");
            return f;
        },
        "stakeholders[1].role", QStringLiteral("name the stakeholder's role"));
    row(
        "requirement value not a number",
        [] {
            Framing f = fraudFraming();
            f.stakeholders[0].requirementValue = std::numeric_limits<double>::infinity();
            return f;
        },
        "stakeholders[0].requirement.value", QStringLiteral("must be a number"));
    row(
        "empty constraint",
        [] {
            Framing f = fraudFraming();
            f.constraints << QStringLiteral("   ");
            return f;
        },
        "constraints[1]", QStringLiteral("is empty"));
}

void tst_FramingValidator::oneProblem()
{
    QFETCH(Mutation, framing);
    QFETCH(QString, field);
    QFETCH(QString, message);
    QFETCH(int, position);

    const QList<FramingProblem> problems = validateFraming(framing());
    QVERIFY2(problems.size() == 1, qPrintable(describe(problems)));
    QCOMPARE(problems.first().field, field);
    QVERIFY2(problems.first().message.contains(message), qPrintable(problems.first().message));
    QCOMPARE(problems.first().position, position);
}

void tst_FramingValidator::invalidColumnNameIsReportedOnce()
{
    // A target column that is not an identifier is reported on the column; every expression
    // should not also fail because muparser cannot define that symbol.
    Framing f = fraudFraming();
    f.targetColumns = {QStringLiteral("is fraud")};
    const QList<FramingProblem> problems = validateFraming(f);
    QVERIFY(!problems.isEmpty());
    QCOMPARE(problems.first().field, QStringLiteral("target_columns[0]"));
    QVERIFY(problems.first().message.contains(QStringLiteral("target column 'is fraud' must start with a letter")));
    QVERIFY2(problems.size() == 1, qPrintable(describe(problems)));
}

void tst_FramingValidator::negativeBetaNamesBeta()
{
    Framing f = twoObjectiveFraming();
    f.beta = -1;
    const QList<FramingProblem> problems = validateFraming(f);
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.first().message.contains(QStringLiteral("must be zero or more")));
    QCOMPARE(problems.first().field, QStringLiteral("beta"));
}

void tst_FramingValidator::problemsComeInFieldOrderAndAreDescribed()
{
    Framing f = fraudFraming();
    f.businessGoal.clear();
    f.objectives[0].loss = Loss::Mse;
    f.businessMetrics[0].unit.clear();
    f.stakeholders[0].requirementMetric = QStringLiteral("a-b");
    f.constraints = {QString()};
    const QList<FramingProblem> problems = validateFraming(f);
    QStringList fields;
    for (const FramingProblem &p : problems)
        fields << p.field;
    QCOMPARE(fields,
             (QStringList{QStringLiteral("business_goal"), QStringLiteral("objectives[0].loss"),
                          QStringLiteral("business_metrics[0].unit"),
                          QStringLiteral("stakeholders[0].requirement.metric"), QStringLiteral("constraints[0]")}));
    const QStringList lines = describeProblems(problems).split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), problems.size());
    for (qsizetype i = 0; i < problems.size(); ++i)
        QCOMPARE(lines.at(i), problems.at(i).field + QStringLiteral(": ") + problems.at(i).message);
}

void tst_FramingValidator::lossesForEachTask_data()
{
    QTest::addColumn<TaskType>("task");
    QTest::addColumn<QList<Loss>>("losses");
    QTest::newRow("binary") << TaskType::Binary << QList<Loss>{Loss::Bce, Loss::CrossEntropy};
    QTest::newRow("multiclass") << TaskType::Multiclass << QList<Loss>{Loss::CrossEntropy};
    QTest::newRow("multilabel") << TaskType::Multilabel << QList<Loss>{Loss::Bce};
    QTest::newRow("regression") << TaskType::Regression << QList<Loss>{Loss::Mse, Loss::Mae, Loss::Huber};
    QTest::newRow("two objectives") << TaskType::TwoObjectiveRanking
                                    << QList<Loss>{Loss::Bce, Loss::Mse, Loss::Mae, Loss::Huber, Loss::CrossEntropy};
}

void tst_FramingValidator::lossesForEachTask()
{
    QFETCH(TaskType, task);
    QFETCH(QList<Loss>, losses);
    QCOMPARE(lossesFor(task), losses);
    // And the validator agrees with the list, loss by loss.
    for (const QString &key : lossKeys()) {
        const Loss loss = *lossFromKey(key);
        Framing f = fraudFraming();
        f.taskType = task;
        if (hasTwoObjectives(task)) {
            f.targetColumns << QStringLiteral("chargeback");
            f.objectives = {Objective{QStringLiteral("a"), loss}, Objective{QStringLiteral("b"), loss}};
        } else {
            f.objectives = {Objective{QStringLiteral("a"), loss}};
        }
        const QList<FramingProblem> problems = validateFraming(f);
        QVERIFY2(problems.isEmpty() == losses.contains(loss), qPrintable(key + QLatin1Char(' ') + describe(problems)));
    }
}

void tst_FramingValidator::symbolsForExpressions()
{
    const Framing demo = demoNewsfeedFraming();
    QCOMPARE(itemSymbolsFor(demo),
             (QStringList{QStringLiteral("label"), QStringLiteral("score"), QStringLiteral("predicted"),
                          QStringLiteral("quality"), QStringLiteral("engagement"), QStringLiteral("ad_value")}));
    QCOMPARE(outerSymbolsFor(demo.businessMetrics.at(1)),
             (QStringList{QStringLiteral("tp"), QStringLiteral("fp"), QStringLiteral("fn"), QStringLiteral("tn"),
                          QStringLiteral("n"), QStringLiteral("low"), QStringLiteral("shown")}));
}

QTEST_GUILESS_MAIN(tst_FramingValidator)
#include "tst_framingvalidator.moc"
