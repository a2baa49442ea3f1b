// SPDX-License-Identifier: GPL-3.0-or-later
// The ML metrics of stored predictions: each target kind gets its metrics under the names the
// runs table and the Compare page read, several targets are prefixed by their name, a multilabel
// set adds subset accuracy and Hamming loss, and a metric that is undefined (an AUC with one
// class present) is left out with a note instead of a made-up number.
#include "core/evaluation/PredictionMetrics.h"

#include <QTest>

#include <cmath>

using namespace mb::evaluation;

namespace {

double valueOf(const NamedMetrics &metrics, const QString &name)
{
    for (const auto &[key, value] : metrics.values)
        if (key == name)
            return value;
    return std::nan("");
}

} // namespace

class tst_PredictionMetrics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void binaryTargetGetsClassificationAndScoreMetrics();
    void regressionTargetGetsErrorsAndR2();
    void multiclassTargetReadsTheClassProbabilities();
    void severalTargetsArePrefixedAndMultilabelAddsSetMetrics();
    void anUndefinedMetricIsLeftOutWithANote();
};

void tst_PredictionMetrics::binaryTargetGetsClassificationAndScoreMetrics()
{
    // sklearn 1.2.1: y=[0,0,1,1], p=[0.1,0.6,0.35,0.8], predicted = p >= 0.5 -> [0,1,0,1]
    // accuracy 0.5, precision 0.5, recall 0.5, f1 0.5, roc_auc 0.75, average_precision 0.8333...
    const std::vector<NamedColumn> columns{{QStringLiteral("label:y"), {0, 0, 1, 1}},
                                           {QStringLiteral("score:y"), {0.1, 0.6, 0.35, 0.8}},
                                           {QStringLiteral("predicted:y"), {0, 1, 0, 1}}};
    const NamedMetrics m =
        predictionMetrics(columns, {{QStringLiteral("y"), TargetKind::Binary, 2}}, QStringLiteral("test"));
    QVERIFY(m.notes.isEmpty());
    QCOMPARE(valueOf(m, QStringLiteral("test/accuracy")), 0.5);
    QCOMPARE(valueOf(m, QStringLiteral("test/precision")), 0.5);
    QCOMPARE(valueOf(m, QStringLiteral("test/recall")), 0.5);
    QCOMPARE(valueOf(m, QStringLiteral("test/f1")), 0.5);
    QCOMPARE(valueOf(m, QStringLiteral("test/roc_auc")), 0.75);
    QVERIFY(std::abs(valueOf(m, QStringLiteral("test/average_precision")) - 5.0 / 6.0) < 1e-12);
    // log_loss = -(ln 0.9 + ln 0.4 + ln 0.35 + ln 0.8) / 4
    const double expected = -(std::log(0.9) + std::log(0.4) + std::log(0.35) + std::log(0.8)) / 4;
    QVERIFY(std::abs(valueOf(m, QStringLiteral("test/log_loss")) - expected) < 1e-12);
}

void tst_PredictionMetrics::regressionTargetGetsErrorsAndR2()
{
    const std::vector<NamedColumn> columns{{QStringLiteral("label:price"), {1, 2, 3}},
                                           {QStringLiteral("score:price"), {1, 2, 5}},
                                           {QStringLiteral("predicted:price"), {1, 2, 5}}};
    const NamedMetrics m =
        predictionMetrics(columns, {{QStringLiteral("price"), TargetKind::Regression, 0}}, QStringLiteral("test"));
    QVERIFY(std::abs(valueOf(m, QStringLiteral("test/rmse")) - std::sqrt(4.0 / 3.0)) < 1e-12);
    QVERIFY(std::abs(valueOf(m, QStringLiteral("test/mae")) - 2.0 / 3.0) < 1e-12);
    QVERIFY(std::abs(valueOf(m, QStringLiteral("test/r2")) - (1.0 - 4.0 / 2.0)) < 1e-12); // 1 - SSres/SStot
    QVERIFY(std::isnan(valueOf(m, QStringLiteral("test/accuracy"))));
}

void tst_PredictionMetrics::multiclassTargetReadsTheClassProbabilities()
{
    const std::vector<NamedColumn> columns{
        {QStringLiteral("label:c"), {0, 1, 2, 2}},          {QStringLiteral("score:c"), {0.7, 0.5, 0.6, 0.4}},
        {QStringLiteral("predicted:c"), {0, 1, 2, 1}},      {QStringLiteral("prob:c:0"), {0.7, 0.2, 0.1, 0.2}},
        {QStringLiteral("prob:c:1"), {0.2, 0.5, 0.3, 0.4}}, {QStringLiteral("prob:c:2"), {0.1, 0.3, 0.6, 0.4}}};
    const NamedMetrics m =
        predictionMetrics(columns, {{QStringLiteral("c"), TargetKind::Multiclass, 3}}, QStringLiteral("test"));
    QVERIFY2(m.notes.isEmpty(), qPrintable(m.notes.join(QLatin1Char('\n'))));
    QCOMPARE(valueOf(m, QStringLiteral("test/accuracy")), 0.75);
    const double logLoss = -(std::log(0.7) + std::log(0.5) + std::log(0.6) + std::log(0.4)) / 4;
    QVERIFY(std::abs(valueOf(m, QStringLiteral("test/log_loss")) - logLoss) < 1e-12);
    // Each class's own probability ranks its items above every other item (class 2: positives
    // {0.6, 0.4} against negatives {0.1, 0.3}), so every one-vs-rest AUC, and their mean, is 1.
    QCOMPARE(valueOf(m, QStringLiteral("test/roc_auc_ovr_macro")), 1.0);
    QVERIFY(!std::isnan(valueOf(m, QStringLiteral("test/f1_macro"))));
}

void tst_PredictionMetrics::severalTargetsArePrefixedAndMultilabelAddsSetMetrics()
{
    const std::vector<NamedColumn> columns{
        {QStringLiteral("label:a"), {1, 0, 1}},       {QStringLiteral("score:a"), {0.9, 0.2, 0.4}},
        {QStringLiteral("predicted:a"), {1, 0, 0}},   {QStringLiteral("label:b"), {0, 1, 1}},
        {QStringLiteral("score:b"), {0.1, 0.8, 0.7}}, {QStringLiteral("predicted:b"), {0, 1, 1}}};
    const NamedMetrics m = predictionMetrics(
        columns, {{QStringLiteral("a"), TargetKind::Binary, 2}, {QStringLiteral("b"), TargetKind::Binary, 2}},
        QStringLiteral("test"), true);
    QVERIFY(std::abs(valueOf(m, QStringLiteral("test/a/accuracy")) - 2.0 / 3.0) < 1e-12);
    QCOMPARE(valueOf(m, QStringLiteral("test/b/accuracy")), 1.0);
    // Items: (1,0)/(1,0) right, (0,1)/(0,1) right, (1,1)/(0,1) wrong -> subset 2/3; 1 of 6 labels wrong.
    QVERIFY(std::abs(valueOf(m, QStringLiteral("test/subset_accuracy")) - 2.0 / 3.0) < 1e-12);
    QVERIFY(std::abs(valueOf(m, QStringLiteral("test/hamming_loss")) - 1.0 / 6.0) < 1e-12);
}

void tst_PredictionMetrics::anUndefinedMetricIsLeftOutWithANote()
{
    const std::vector<NamedColumn> columns{{QStringLiteral("label:y"), {1, 1, 1}},
                                           {QStringLiteral("score:y"), {0.9, 0.8, 0.3}},
                                           {QStringLiteral("predicted:y"), {1, 1, 0}}};
    const NamedMetrics m =
        predictionMetrics(columns, {{QStringLiteral("y"), TargetKind::Binary, 2}}, QStringLiteral("test"));
    QVERIFY(std::isnan(valueOf(m, QStringLiteral("test/roc_auc"))));
    QVERIFY2(!m.notes.filter(QStringLiteral("test/roc_auc")).isEmpty(), qPrintable(m.notes.join(QLatin1Char('\n'))));
    QVERIFY(std::abs(valueOf(m, QStringLiteral("test/accuracy")) - 2.0 / 3.0) < 1e-12);
}

QTEST_GUILESS_MAIN(tst_PredictionMetrics)
#include "tst_predictionmetrics.moc"
