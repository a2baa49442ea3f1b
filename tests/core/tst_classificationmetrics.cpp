// SPDX-License-Identifier: GPL-3.0-or-later
// Class-prediction metrics against scikit-learn 1.2.1: accuracy, the confusion matrix in a given
// label order, precision/recall/F1 per class and macro/micro/weighted with zero_division=0 (a
// class never predicted, a class predicted but never true, an empty class, no support at all),
// and the multilabel subset accuracy and Hamming loss. Expected values were printed by
// /usr/bin/python3 with python3-sklearn 1.2.1 (numpy 1.24.2), `from sklearn.metrics import *`;
// each block quotes its snippet. The arithmetic follows scikit-learn's, so values match bit for
// bit. Python is not needed to run the tests.

#include "core/evaluation/ClassificationMetrics.h"
#include "core/evaluation/MultilabelMetrics.h"
#include "tests/support/MetricTestHelpers.h"

#include <QTest>

#include <cstdint>
#include <vector>

using namespace mb;
using namespace mb::evaluation;
using mbtest::valueOf;

Q_DECLARE_METATYPE(std::vector<int>)

namespace {

// Class 2 is never predicted (precision 0/0), class 5 is predicted once but never true
// (recall 0/0), class 3 has no item at all, and class 4 is outside the labels.
const std::vector<int> yTrue{0, 0, 1, 1, 1, 2, 2, 0, 1, 2};
const std::vector<int> yPred{0, 1, 1, 1, 0, 1, 0, 0, 1, 5};
const std::vector<int> labels{0, 1, 2, 3, 5};

} // namespace

class TestClassificationMetrics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void accuracyCountsExactMatches()
    {
        // accuracy_score([0,1,2,2,1,0,2], [0,2,2,2,1,1,0]) -> 0.5714285714285714
        COMPARE_EXACT(valueOf(accuracy({0, 1, 2, 2, 1, 0, 2}, {0, 2, 2, 2, 1, 1, 0})), 0.5714285714285714);
        QCOMPARE(valueOf(accuracy({1}, {1})), 1.0);
        QCOMPARE(valueOf(accuracy({1, 1}, {0, 0})), 0.0);
    }

    void confusionMatrixFollowsTheLabelOrder()
    {
        // confusion_matrix(y_true, y_pred, labels=[2,0,1,3]).tolist()
        //   -> [[0,1,1,0],[0,2,1,0],[0,1,3,0],[0,0,0,0]]
        // The item predicted 5 is left out (5 is not among the labels); class 3 is empty.
        const auto matrix = confusionMatrix(yTrue, yPred, {2, 0, 1, 3});
        VERIFY_OK(matrix);
        QCOMPARE(matrix->labels, (std::vector<int>{2, 0, 1, 3}));
        QCOMPARE(matrix->counts, (std::vector<std::int64_t>{0, 1, 1, 0, 0, 2, 1, 0, 0, 1, 3, 0, 0, 0, 0, 0}));
        QCOMPARE(matrix->at(2, 2), std::int64_t(3)); // true 1, predicted 1
        QCOMPARE(matrix->at(0, 1), std::int64_t(1)); // true 2, predicted 0
    }

    void confusionMatrixEdgeCases()
    {
        // confusion_matrix([], [], labels=[0,1]) -> zeros
        const auto empty = confusionMatrix({}, {}, {0, 1});
        VERIFY_OK(empty);
        QCOMPARE(empty->counts, (std::vector<std::int64_t>{0, 0, 0, 0}));
        // confusion_matrix(y_true, y_pred, labels=[7,8]) raises "At least one label specified must be in y_true"
        VERIFY_ERROR(confusionMatrix(yTrue, yPred, {7, 8}), QStringLiteral("none of the 2 labels occurs in y_true"));
        VERIFY_ERROR(confusionMatrix(yTrue, yPred, {}), QStringLiteral("labels is empty"));
        VERIFY_ERROR(confusionMatrix(yTrue, yPred, {0, 1, 0}), QStringLiteral("class 0 twice"));
        VERIFY_ERROR(confusionMatrix({0, 1}, {0}, {0, 1}), QStringLiteral("y_true has 2 items but y_pred has 1"));
    }

    void precisionRecallF1PerClass()
    {
        // p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=[0,1,2,3,5],
        //                                              average=None, zero_division=0)
        // p = [0.5, 0.6, 0.0, 0.0, 0.0]; r = [0.6666666666666666, 0.75, 0.0, 0.0, 0.0]
        // f = [0.5714285714285715, 0.6666666666666665, 0.0, 0.0, 0.0]; s = [3, 4, 3, 0, 0]
        const auto scores = precisionRecallF1(yTrue, yPred, labels);
        VERIFY_OK(scores);
        const std::vector<double> precision{0.5, 0.6, 0.0, 0.0, 0.0};
        const std::vector<double> recall{0.6666666666666666, 0.75, 0.0, 0.0, 0.0};
        const std::vector<double> f1{0.5714285714285715, 0.6666666666666665, 0.0, 0.0, 0.0};
        QCOMPARE(scores->perClass.size(), std::size_t(5));
        for (std::size_t c = 0; c < 5; ++c) {
            COMPARE_EXACT(scores->perClass[c].precision, precision[c]);
            COMPARE_EXACT(scores->perClass[c].recall, recall[c]);
            COMPARE_EXACT(scores->perClass[c].f1, f1[c]);
        }
        QCOMPARE(scores->support, (std::vector<std::int64_t>{3, 4, 3, 0, 0}));
        QCOMPARE(scores->predicted, (std::vector<std::int64_t>{4, 5, 0, 0, 1}));
    }

    void precisionRecallF1Averages()
    {
        // precision_recall_fscore_support(y_true, y_pred, labels=[0,1,2,3,5], average=A, zero_division=0)[:3]
        // macro    -> 0.22000000000000003, 0.2833333333333333, 0.24761904761904763
        // micro    -> 0.5, 0.5, 0.5
        // weighted -> 0.39, 0.5, 0.43809523809523804
        const auto scores = precisionRecallF1(yTrue, yPred, labels);
        VERIFY_OK(scores);
        COMPARE_EXACT(scores->macro.precision, 0.22000000000000003);
        COMPARE_EXACT(scores->macro.recall, 0.2833333333333333);
        COMPARE_EXACT(scores->macro.f1, 0.24761904761904763);
        COMPARE_EXACT(scores->micro.precision, 0.5);
        COMPARE_EXACT(scores->micro.recall, 0.5);
        COMPARE_EXACT(scores->micro.f1, 0.5);
        COMPARE_EXACT(scores->weighted.precision, 0.39);
        COMPARE_EXACT(scores->weighted.recall, 0.5);
        COMPARE_EXACT(scores->weighted.f1, 0.43809523809523804);
    }

    void noSupportAtAll()
    {
        // precision_recall_fscore_support(y_true, y_pred, labels=[7,8], average="weighted"/"macro",
        //                                 zero_division=0)[:3] -> (0.0, 0.0, 0.0)
        const auto scores = precisionRecallF1(yTrue, yPred, {7, 8});
        VERIFY_OK(scores);
        for (const ClassScores &s : {scores->macro, scores->micro, scores->weighted}) {
            QCOMPARE(s.precision, 0.0);
            QCOMPARE(s.recall, 0.0);
            QCOMPARE(s.f1, 0.0);
        }
    }

    void binaryPositiveClass()
    {
        // precision_recall_fscore_support([0,1,1,0,1], [1,1,0,0,1], average="binary")[:3]
        // -> (0.6666666666666666, 0.6666666666666666, 0.6666666666666666); labels=[1] gives the same.
        const auto scores = precisionRecallF1({0, 1, 1, 0, 1}, {1, 1, 0, 0, 1}, {1});
        VERIFY_OK(scores);
        COMPARE_EXACT(scores->perClass[0].precision, 0.6666666666666666);
        COMPARE_EXACT(scores->perClass[0].recall, 0.6666666666666666);
        COMPARE_EXACT(scores->perClass[0].f1, 0.6666666666666666);
        COMPARE_EXACT(scores->macro.f1, 0.6666666666666666);
    }

    void invalidInputsAreNamed_data()
    {
        QTest::addColumn<std::vector<int>>("truth");
        QTest::addColumn<std::vector<int>>("predicted");
        QTest::addColumn<std::vector<int>>("classes");
        QTest::addColumn<QString>("message");
        QTest::newRow("no items") << std::vector<int>{} << std::vector<int>{} << std::vector<int>{0}
                                  << QStringLiteral("y_true is empty");
        QTest::newRow("lengths differ") << std::vector<int>{0, 1, 1} << std::vector<int>{0, 1} << std::vector<int>{0, 1}
                                        << QStringLiteral("y_true has 3 items but y_pred has 2");
        QTest::newRow("no labels") << std::vector<int>{0} << std::vector<int>{0} << std::vector<int>{}
                                   << QStringLiteral("labels is empty");
        QTest::newRow("repeated label") << std::vector<int>{0} << std::vector<int>{0} << std::vector<int>{1, 1}
                                        << QStringLiteral("labels lists class 1 twice");
    }

    void invalidInputsAreNamed()
    {
        QFETCH(std::vector<int>, truth);
        QFETCH(std::vector<int>, predicted);
        QFETCH(std::vector<int>, classes);
        QFETCH(QString, message);
        VERIFY_ERROR(precisionRecallF1(truth, predicted, classes), message);
    }

    void accuracyRefusesBadSizes()
    {
        VERIFY_ERROR(accuracy({}, {}), QStringLiteral("y_true is empty"));
        VERIFY_ERROR(accuracy({0, 1, 1}, {0, 1}), QStringLiteral("y_true has 3 items but y_pred has 2"));
    }

    void multilabelSubsetAccuracyAndHammingLoss()
    {
        // Yt = [[1,0,1],[0,1,0],[1,1,0],[0,0,0]]; Yp = [[1,0,1],[0,0,0],[1,1,1],[0,0,0]]
        // accuracy_score(Yt, Yp) -> 0.5; hamming_loss(Yt, Yp) -> 0.16666666666666666
        const std::vector<int> truth{1, 0, 1, 0, 1, 0, 1, 1, 0, 0, 0, 0};
        const std::vector<int> predicted{1, 0, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0};
        COMPARE_EXACT(valueOf(subsetAccuracy(truth, predicted, 3)), 0.5);
        COMPARE_EXACT(valueOf(hammingLoss(truth, predicted, 3)), 0.16666666666666666);
        // The same entries read as 4 labels per item: 3 rows, of which only the last matches.
        COMPARE_EXACT(valueOf(subsetAccuracy(truth, predicted, 4)), 1.0 / 3);
    }

    void multilabelInvalidInputs()
    {
        VERIFY_ERROR(subsetAccuracy({1, 0, 1}, {1, 0, 1}, 2), QStringLiteral("not a whole number of rows of 2 labels"));
        VERIFY_ERROR(hammingLoss({1, 0, 1, 0}, {1, 0}, 2),
                     QStringLiteral("y_pred has 2 values but 2 rows of 2 columns need 4"));
        VERIFY_ERROR(hammingLoss({1, 0}, {1, 2}, 2), QStringLiteral("y_pred[1] is 2"));
        VERIFY_ERROR(subsetAccuracy({}, {}, 2), QStringLiteral("y_true is empty"));
        VERIFY_ERROR(subsetAccuracy({1}, {1}, 0), QStringLiteral("labelCount is 0"));
    }
};

QTEST_GUILESS_MAIN(TestClassificationMetrics)
#include "tst_classificationmetrics.moc"
