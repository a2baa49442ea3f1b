// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/evaluation/PredictionMetrics.h"

#include "core/Result.h"
#include "core/evaluation/ClassificationMetrics.h"
#include "core/evaluation/MultilabelMetrics.h"
#include "core/evaluation/ProbabilityMetrics.h"
#include "core/evaluation/RegressionMetrics.h"
#include "core/evaluation/ScoreMetrics.h"

#include <cmath>

namespace mb::evaluation {
namespace {

const std::vector<double> *find(const std::vector<NamedColumn> &columns, const QString &name)
{
    for (const NamedColumn &column : columns)
        if (column.first == name)
            return &column.second;
    return nullptr;
}

std::vector<int> asClasses(const std::vector<double> &values)
{
    std::vector<int> classes;
    classes.reserve(values.size());
    for (double v : values)
        classes.push_back(int(std::lround(v)));
    return classes;
}

// Adds `name` when the metric is defined, else a note saying why not.
class Collector {
public:
    Collector(NamedMetrics &out, QString prefix) : m_out(out), m_prefix(std::move(prefix)) {}
    void add(const QString &name, const Result<double> &value)
    {
        if (value)
            m_out.values << qMakePair(m_prefix + QLatin1Char('/') + name, *value);
        else
            m_out.notes << QStringLiteral("%1/%2: %3").arg(m_prefix, name, value.error());
    }

private:
    NamedMetrics &m_out;
    QString m_prefix;
};

void binaryMetrics(Collector &c, const std::vector<int> &truth, const std::vector<int> &predicted,
                   const std::vector<double> &scores)
{
    c.add(QStringLiteral("accuracy"), accuracy(truth, predicted));
    // average="binary": the scores of the positive class.
    if (Result<PrecisionRecallF1> prf = precisionRecallF1(truth, predicted, {1})) {
        c.add(QStringLiteral("precision"), prf->perClass.front().precision);
        c.add(QStringLiteral("recall"), prf->perClass.front().recall);
        c.add(QStringLiteral("f1"), prf->perClass.front().f1);
    } else {
        c.add(QStringLiteral("f1"), Error{prf.error()});
    }
    c.add(QStringLiteral("roc_auc"), rocAuc(truth, scores));
    c.add(QStringLiteral("average_precision"), averagePrecision(truth, scores));
    c.add(QStringLiteral("log_loss"), logLoss(truth, scores));
}

void multiclassMetrics(Collector &c, const std::vector<int> &truth, const std::vector<int> &predicted,
                       const std::vector<NamedColumn> &columns, const PredictedTarget &target)
{
    c.add(QStringLiteral("accuracy"), accuracy(truth, predicted));
    std::vector<int> labels;
    for (int k = 0; k < target.classes; ++k)
        labels.push_back(k);
    if (Result<PrecisionRecallF1> prf = precisionRecallF1(truth, predicted, labels)) {
        c.add(QStringLiteral("precision_macro"), prf->macro.precision);
        c.add(QStringLiteral("recall_macro"), prf->macro.recall);
        c.add(QStringLiteral("f1_macro"), prf->macro.f1);
        c.add(QStringLiteral("f1_weighted"), prf->weighted.f1);
    } else {
        c.add(QStringLiteral("f1_macro"), Error{prf.error()});
    }
    // Row-major class probabilities from the prob:<t>:<k> columns.
    std::vector<double> probabilities(truth.size() * std::size_t(target.classes));
    for (int k = 0; k < target.classes; ++k) {
        const std::vector<double> *column = find(columns, QStringLiteral("prob:%1:%2").arg(target.name).arg(k));
        if (!column || column->size() != truth.size()) {
            c.add(QStringLiteral("log_loss"), Error{QStringLiteral("the class probabilities are not stored")});
            return;
        }
        for (std::size_t i = 0; i < truth.size(); ++i)
            probabilities[i * std::size_t(target.classes) + std::size_t(k)] = (*column)[i];
    }
    c.add(QStringLiteral("roc_auc_ovr_macro"),
          rocAucOneVsRest(truth, probabilities, std::size_t(target.classes), Average::Macro));
    c.add(QStringLiteral("log_loss"), multiclassLogLoss(truth, probabilities, std::size_t(target.classes)));
}

} // namespace

NamedMetrics predictionMetrics(const std::vector<NamedColumn> &columns, const std::vector<PredictedTarget> &targets,
                               const QString &prefix, bool multilabel)
{
    NamedMetrics out;
    std::vector<int> allTruth, allPredicted; // multilabel: item-major label matrix
    for (const PredictedTarget &target : targets) {
        const std::vector<double> *label = find(columns, QStringLiteral("label:") + target.name);
        const std::vector<double> *score = find(columns, QStringLiteral("score:") + target.name);
        const std::vector<double> *predicted = find(columns, QStringLiteral("predicted:") + target.name);
        const QString at = targets.size() > 1 ? prefix + QLatin1Char('/') + target.name : prefix;
        if (!label || !score || !predicted) {
            out.notes << QStringLiteral("%1: the predictions of '%2' are not stored").arg(at, target.name);
            continue;
        }
        Collector c(out, at);
        if (target.kind == TargetKind::Regression) {
            c.add(QStringLiteral("rmse"), rootMeanSquaredError(*label, *predicted));
            c.add(QStringLiteral("mae"), meanAbsoluteError(*label, *predicted));
            c.add(QStringLiteral("r2"), r2Score(*label, *predicted));
            continue;
        }
        const std::vector<int> truth = asClasses(*label);
        const std::vector<int> guesses = asClasses(*predicted);
        if (target.kind == TargetKind::Binary)
            binaryMetrics(c, truth, guesses, *score);
        else
            multiclassMetrics(c, truth, guesses, columns, target);
        if (multilabel) {
            allTruth.insert(allTruth.end(), truth.begin(), truth.end());
            allPredicted.insert(allPredicted.end(), guesses.begin(), guesses.end());
        }
    }
    if (multilabel && !targets.empty() && !allTruth.empty()) {
        // Target-major above; the multilabel functions read item-major rows of every label.
        const std::size_t labels = targets.size(), items = allTruth.size() / labels;
        std::vector<int> truthRows(allTruth.size()), predictedRows(allPredicted.size());
        for (std::size_t j = 0; j < labels; ++j)
            for (std::size_t i = 0; i < items; ++i) {
                truthRows[i * labels + j] = allTruth[j * items + i];
                predictedRows[i * labels + j] = allPredicted[j * items + i];
            }
        Collector c(out, prefix);
        c.add(QStringLiteral("subset_accuracy"), subsetAccuracy(truthRows, predictedRows, labels));
        c.add(QStringLiteral("hamming_loss"), hammingLoss(truthRows, predictedRows, labels));
    }
    return out;
}

} // namespace mb::evaluation
