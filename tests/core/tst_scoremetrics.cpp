// SPDX-License-Identifier: GPL-3.0-or-later
// Score and probability metrics against scikit-learn 1.2.1: ROC curve and AUC (ties, all scores
// tied, a single class, one-vs-rest averages with an empty class), precision-recall curve,
// average precision and PR AUC, log loss with probabilities of exactly 0 and 1, and the
// calibration curve (values on bin edges, empty bins dropped, quantile edges). The expected
// values were printed by /usr/bin/python3 with python3-sklearn 1.2.1 (numpy 1.24.2); each block
// quotes its snippet, with `from sklearn.metrics import *` and
// `from sklearn.calibration import calibration_curve`. Python is not needed to run the tests.
// The arithmetic follows scikit-learn's, so values are compared bit for bit, except log loss,
// which also depends on the C library's log(), and checks computed here by hand.

#include "core/evaluation/ProbabilityMetrics.h"
#include "core/evaluation/ScoreMetrics.h"
#include "tests/support/MetricTestHelpers.h"

#include <QTest>

#include <cstdint>
#include <limits>
#include <vector>

using namespace mb;
using namespace mb::evaluation;
using mbtest::valueOf;

Q_DECLARE_METATYPE(std::vector<int>)
Q_DECLARE_METATYPE(std::vector<double>)

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

// A fixture with ties between positives and negatives.
const std::vector<int> tiedLabels{0, 1, 0, 1, 1, 0, 1, 0, 1, 0};
const std::vector<double> tiedScores{0.5, 0.5, 0.2, 0.8, 0.5, 0.8, 0.1, 0.2, 0.9, 0.5};

// Three classes; rows sum to 1.
const std::vector<int> threeClassLabels{0, 1, 2, 2, 1, 0, 0, 2, 1, 1};
const std::vector<double> threeClassProbabilities{0.7, 0.2,  0.1,  0.2, 0.5, 0.3, 0.1,  0.3,  0.6, 0.3,
                                                  0.3, 0.4,  0.3,  0.4, 0.3, 0.5, 0.25, 0.25, 0.2, 0.4,
                                                  0.4, 0.25, 0.25, 0.5, 0.4, 0.4, 0.2,  0.1,  0.8, 0.1};

// Deterministic pseudo-random numbers for the large fixture.
struct Lcg {
    std::uint64_t state;
    std::uint32_t next()
    {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return std::uint32_t(state >> 33);
    }
};

} // namespace

class TestScoreMetrics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rocAucWithoutTies()
    {
        // roc_auc_score([0,0,1,1], [0.1,0.4,0.35,0.8]) -> 0.75
        const auto auc = rocAuc({0, 0, 1, 1}, {0.1, 0.4, 0.35, 0.8});
        VERIFY_OK(auc);
        QCOMPARE(*auc, 0.75);
    }

    void rocAucCountsTiesAsHalf()
    {
        // y=[0,1,0,1,1,0,1,0,1,0]; s=[0.5,0.5,0.2,0.8,0.5,0.8,0.1,0.2,0.9,0.5]
        // roc_auc_score(y, s) -> 0.6200000000000001
        const auto auc = rocAuc(tiedLabels, tiedScores);
        VERIFY_OK(auc);
        COMPARE_EXACT(*auc, 0.6200000000000001);
        // By hand: 25 positive-negative pairs; 13 ordered right, 5 tied (counting half), 7 wrong.
        COMPARE_NEAR(*auc, (13 + 0.5 * 5) / 25);
    }

    void rocCurveDropsCollinearPoints()
    {
        // fpr, tpr, th = roc_curve(y, s) on the tied fixture
        auto curve = rocCurve(tiedLabels, tiedScores);
        VERIFY_OK(curve);
        compareVectors(curve->falsePositiveRate, {0.0, 0.0, 0.2, 0.6, 1.0, 1.0});
        compareVectors(curve->truePositiveRate, {0.0, 0.2, 0.4, 0.8, 0.8, 1.0});
        compareVectors(curve->thresholds, {1.9, 0.9, 0.8, 0.5, 0.2, 0.1});

        // y2=[1,1,0,1,0,0,1,1,0,0,0,1]; s2=[12,11,10,...,1]: roc_curve(y2, s2), roc_auc_score(y2, s2)
        const std::vector<int> y2{1, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1};
        const std::vector<double> s2{12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
        curve = rocCurve(y2, s2);
        VERIFY_OK(curve);
        const double sixth = 1.0 / 6, third = 1.0 / 3;
        compareVectors(curve->falsePositiveRate, {0.0, 0.0, 0.0, sixth, sixth, 0.5, 0.5, 1.0, 1.0});
        compareVectors(curve->truePositiveRate,
                       {0.0, sixth, third, third, 0.5, 0.5, 0.8333333333333334, 0.8333333333333334, 1.0});
        compareVectors(curve->thresholds, {13, 12, 11, 10, 9, 7, 5, 2, 1});
        COMPARE_EXACT(valueOf(rocAuc(y2, s2)), 0.638888888888889);
    }

    void allScoresTied()
    {
        // roc_auc_score([0,1,1,0,1], [0.3]*5) -> 0.5
        // average_precision_score([0,1,1,0,1], [0.3]*5) -> 0.6
        // r, p = precision_recall_curve(...)[1::-1]; auc(r, p) -> 0.8
        const std::vector<int> y{0, 1, 1, 0, 1};
        const std::vector<double> s(5, 0.3);
        QCOMPARE(valueOf(rocAuc(y, s)), 0.5);
        COMPARE_EXACT(valueOf(averagePrecision(y, s)), 0.6);
        COMPARE_EXACT(valueOf(prAuc(y, s)), 0.8);
        const auto curve = rocCurve(y, s);
        VERIFY_OK(curve);
        compareVectors(curve->falsePositiveRate, {0.0, 1.0});
        compareVectors(curve->truePositiveRate, {0.0, 1.0});
    }

    void negativeScoresAndSignedZeros()
    {
        // Decision-function scores are signed; -0.0 and 0.0 are one threshold (np.diff is 0).
        // roc_auc_score([0,1,1,0], [-0.0,0.0,-1.0,-2.0]) -> 0.625
        COMPARE_EXACT(valueOf(rocAuc({0, 1, 1, 0}, {-0.0, 0.0, -1.0, -2.0})), 0.625);
        // Enough items for the radix sort, scores in [-5, 5]:
        // i = np.arange(3000); s = ((i * 7919) % 2001 - 1000) / 200.0
        // y = ((i * 37) % 11 + np.where(s > 0, 4, 0) > 7).astype(int)
        // roc_auc_score(y, s) -> 0.6833843705164993; average_precision_score(y, s) -> 0.5991974779163525
        std::vector<int> y(3000);
        std::vector<double> s(3000);
        for (std::size_t i = 0; i < y.size(); ++i) {
            s[i] = double(int((i * 7919) % 2001) - 1000) / 200.0;
            y[i] = int((i * 37) % 11) + (s[i] > 0 ? 4 : 0) > 7 ? 1 : 0;
        }
        COMPARE_EXACT(valueOf(rocAuc(y, s)), 0.6833843705164993);
        COMPARE_EXACT(valueOf(averagePrecision(y, s)), 0.5991974779163525);
    }

    void singleClassIsAnError_data()
    {
        QTest::addColumn<std::vector<int>>("labels");
        QTest::newRow("only negatives") << std::vector<int>{0, 0, 0};
        QTest::newRow("only positives") << std::vector<int>{1, 1, 1};
    }

    void singleClassIsAnError()
    {
        // roc_auc_score raises "Only one class present in y_true. ROC AUC score is not defined".
        QFETCH(std::vector<int>, labels);
        const std::vector<double> scores{0.2, 0.5, 0.1};
        const auto auc = rocAuc(labels, scores);
        VERIFY_ERROR(auc, QStringLiteral("only one class"));
        QVERIFY(!rocCurve(labels, scores).ok());
    }

    void invalidInputsAreNamed_data()
    {
        QTest::addColumn<std::vector<int>>("labels");
        QTest::addColumn<std::vector<double>>("scores");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << std::vector<int>{} << std::vector<double>{} << QStringLiteral("y_true is empty");
        QTest::newRow("lengths differ") << std::vector<int>{0, 1} << std::vector<double>{0.1}
                                        << QStringLiteral("y_true has 2 items but scores has 1");
        QTest::newRow("label 2") << std::vector<int>{0, 2} << std::vector<double>{0.1, 0.2}
                                 << QStringLiteral("y_true[1] is 2");
        QTest::newRow("NaN score") << std::vector<int>{0, 1} << std::vector<double>{0.1, NaN}
                                   << QStringLiteral("scores[1] is nan");
    }

    void invalidInputsAreNamed()
    {
        QFETCH(std::vector<int>, labels);
        QFETCH(std::vector<double>, scores);
        QFETCH(QString, message);
        for (const auto &result : {rocAuc(labels, scores), averagePrecision(labels, scores), prAuc(labels, scores)}) {
            VERIFY_ERROR(result, message);
        }
    }

    void oneVsRestAverages()
    {
        // P = the 10x3 fixture above; y = [0,1,2,2,1,0,0,2,1,1]
        // roc_auc_score(y, P, multi_class="ovr", labels=[0,1,2], average="macro")    -> 0.9067460317460317
        // ... average="weighted" -> 0.9119047619047619; average="micro" -> 0.905
        COMPARE_EXACT(valueOf(rocAucOneVsRest(threeClassLabels, threeClassProbabilities, 3, Average::Macro)),
                      0.9067460317460317);
        COMPARE_EXACT(valueOf(rocAucOneVsRest(threeClassLabels, threeClassProbabilities, 3, Average::Weighted)),
                      0.9119047619047619);
        COMPARE_EXACT(valueOf(rocAucOneVsRest(threeClassLabels, threeClassProbabilities, 3, Average::Micro)), 0.905);
    }

    void oneVsRestWithAnEmptyClass()
    {
        // P4 = np.hstack([P * 0.9, np.full((10, 1), 0.1)]): class 3 has no item.
        // roc_auc_score(y, P4, multi_class="ovr", labels=[0,1,2,3], average="micro") -> 0.9366666666666668
        // average="macro" raises "Only one class present in y_true".
        std::vector<double> p4;
        for (std::size_t i = 0; i < threeClassLabels.size(); ++i) {
            for (std::size_t c = 0; c < 3; ++c)
                p4.push_back(threeClassProbabilities[i * 3 + c] * 0.9);
            p4.push_back(0.1);
        }
        COMPARE_EXACT(valueOf(rocAucOneVsRest(threeClassLabels, p4, 4, Average::Micro)), 0.9366666666666668);
        for (const Average average : {Average::Macro, Average::Weighted}) {
            const auto auc = rocAucOneVsRest(threeClassLabels, p4, 4, average);
            VERIFY_ERROR(auc, QStringLiteral("class 3"));
        }
    }

    void oneVsRestWithTwoClassesIsBinary()
    {
        const std::vector<double> twoColumns{0.5, 0.5, 0.5, 0.5, 0.8, 0.2, 0.2, 0.8, 0.5, 0.5,
                                             0.2, 0.8, 0.9, 0.1, 0.8, 0.2, 0.1, 0.9, 0.5, 0.5};
        for (const Average average : {Average::Macro, Average::Weighted, Average::Micro})
            COMPARE_EXACT(valueOf(rocAucOneVsRest(tiedLabels, twoColumns, 2, average)), 0.6200000000000001);
    }

    void oneVsRestRefusesBadProbabilities()
    {
        // roc_auc_score raises "Target scores need to be probabilities ... sum up to 1.0 over classes".
        std::vector<double> p = threeClassProbabilities;
        p[4 * 3] += 0.01;
        auto auc = rocAucOneVsRest(threeClassLabels, p, 3, Average::Macro);
        VERIFY_ERROR(auc, QStringLiteral("probabilities row 4 sums to 1.01"));
        auc = rocAucOneVsRest(threeClassLabels, std::vector<double>(29, 0.5), 3, Average::Macro);
        VERIFY_ERROR(auc, QStringLiteral("10 rows of 3 columns"));
        auc = rocAucOneVsRest({0, 3}, std::vector<double>(6, 1.0 / 3), 3, Average::Macro);
        VERIFY_ERROR(auc, QStringLiteral("y_true[1] is 3"));
    }

    void precisionRecallCurveAndAveragePrecision()
    {
        // p, r, th = precision_recall_curve(y, s) on the tied fixture
        // average_precision_score(y, s) -> 0.6619047619047618; auc(r, p) -> 0.7087301587301587
        const auto curve = precisionRecallCurve(tiedLabels, tiedScores);
        VERIFY_OK(curve);
        compareVectors(curve->precision, {0.5, 0.4444444444444444, 0.5714285714285714, 0.6666666666666666, 1.0, 1.0});
        compareVectors(curve->recall, {1.0, 0.8, 0.8, 0.4, 0.2, 0.0});
        compareVectors(curve->thresholds, {0.1, 0.2, 0.5, 0.8, 0.9});
        COMPARE_EXACT(valueOf(averagePrecision(tiedLabels, tiedScores)), 0.6619047619047618);
        // By hand: sum (R_n - R_n-1) P_n = 0.2*1 + 0.2*2/3 + 0.4*4/7 + 0.2*5/10
        COMPARE_NEAR(valueOf(averagePrecision(tiedLabels, tiedScores)), 0.2 + 0.2 * 2 / 3 + 0.4 * 4 / 7 + 0.2 * 0.5);
        COMPARE_EXACT(valueOf(prAuc(tiedLabels, tiedScores)), 0.7087301587301587);
    }

    void averagePrecisionWithOneClass()
    {
        // average_precision_score([1,1,1], [0.2,0.5,0.1]) -> 1.0
        QCOMPARE(valueOf(averagePrecision({1, 1, 1}, {0.2, 0.5, 0.1})), 1.0);
        // average_precision_score([0,0,0], ...) warns "No positive class found in y_true" and
        // returns -0.0; here it is an error.
        for (const auto &result : {averagePrecision({0, 0, 0}, {0.2, 0.5, 0.1}), prAuc({0, 0, 0}, {0.2, 0.5, 0.1})}) {
            VERIFY_ERROR(result, QStringLiteral("no positive item"));
        }
        QVERIFY(!precisionRecallCurve({0, 0}, {0.1, 0.2}).ok());
    }

    void logLossClipsZeroAndOne()
    {
        // log_loss([1,0,1,0,1,0], [1.0,0.0,0.0,1.0,0.7,0.2]) -> 12.111187545581208
        // log_loss(..., eps=1e-15) -> 11.609695147084082
        const std::vector<int> y{1, 0, 1, 0, 1, 0};
        const std::vector<double> p{1.0, 0.0, 0.0, 1.0, 0.7, 0.2};
        COMPARE_NEAR(valueOf(logLoss(y, p)), 12.111187545581208);
        COMPARE_NEAR(valueOf(logLoss(y, p, 1e-15)), 11.609695147084082);
        // By hand, eps = 2^-52: two confident mistakes cost -ln(2^-52) each.
        COMPARE_NEAR(valueOf(logLoss(y, p)), (2 * 52 * std::log(2.0) - std::log(0.7) - std::log(0.8)) / 6);
        // Perfect, confident predictions cost (almost) nothing but stay finite.
        QVERIFY(valueOf(logLoss({1, 0}, {1.0, 0.0})) < 1e-15);
    }

    void logLossWithASingleClass()
    {
        // log_loss([0,0,0], [0.1,0.0,0.3], labels=[0,1]) -> 0.15401181986551965
        COMPARE_NEAR(valueOf(logLoss({0, 0, 0}, {0.1, 0.0, 0.3})), 0.15401181986551965);
    }

    void multiclassLogLossRenormalises()
    {
        // P = [[1,0,0],[0,0,1],[0.2,0.3,0.6],[0.1,0.1,0.8]] (row 3 sums to 1.1)
        // log_loss([0,1,2,2], P, labels=[0,1,2]) -> 9.21823318600042; eps=1e-15 -> 8.842013937448803
        const std::vector<int> y{0, 1, 2, 2};
        const std::vector<double> p{1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.2, 0.3, 0.6, 0.1, 0.1, 0.8};
        COMPARE_NEAR(valueOf(multiclassLogLoss(y, p, 3)), 9.21823318600042);
        COMPARE_NEAR(valueOf(multiclassLogLoss(y, p, 3, 1e-15)), 8.842013937448803);
        // log_loss([0,1,1], [[0.9,0.1],[0.4,0.6],[0.0,1.0]], labels=[0,1]) -> 0.2053953798079391
        COMPARE_NEAR(valueOf(multiclassLogLoss({0, 1, 1}, {0.9, 0.1, 0.4, 0.6, 0.0, 1.0}, 2)), 0.2053953798079391);
        COMPARE_NEAR(valueOf(logLoss({0, 1, 1}, {0.1, 0.6, 1.0})), 0.2053953798079391);

        auto loss = multiclassLogLoss(y, p, 4);
        VERIFY_ERROR(loss, QStringLiteral("4 rows of 4 columns"));
        loss = multiclassLogLoss({0, 5}, std::vector<double>(6, 1.0 / 3), 3);
        VERIFY_ERROR(loss, QStringLiteral("y_true[1] is 5"));
        loss = logLoss({0, 1}, {0.5, 0.5}, 0.0);
        VERIFY_ERROR(loss, QStringLiteral("eps"));
    }

    void calibrationCurveUniform()
    {
        // y = [0,1,0,1,1,0,1,1,0,0,1]; p = [0.0,0.2,0.2,0.4,0.45,0.9,1.0,0.85,0.1,0.41,0.4]
        // calibration_curve(y, p, n_bins=5): 0.2 and 0.4 sit on edges and go to the lower bin; the
        // bin (0.4, 0.6] is empty and dropped.
        const std::vector<int> y{0, 1, 0, 1, 1, 0, 1, 1, 0, 0, 1};
        const std::vector<double> p{0.0, 0.2, 0.2, 0.4, 0.45, 0.9, 1.0, 0.85, 0.1, 0.41, 0.4};
        auto curve = calibrationCurve(y, p, 5);
        VERIFY_OK(curve);
        compareVectors(curve->fractionOfPositives, {0.25, 1.0, 0.5, 0.6666666666666666});
        compareVectors(curve->meanPredicted, {0.125, 0.4, 0.43, 0.9166666666666666});
        QCOMPARE(curve->counts, (std::vector<std::int64_t>{4, 2, 2, 3}));
        // n_bins=3
        curve = calibrationCurve(y, p, 3);
        VERIFY_OK(curve);
        compareVectors(curve->fractionOfPositives, {0.25, 0.75, 0.6666666666666666});
        compareVectors(curve->meanPredicted, {0.125, 0.41500000000000004, 0.9166666666666666});
        // n_bins=10: six non-empty bins
        curve = calibrationCurve(y, p, 10);
        VERIFY_OK(curve);
        compareVectors(curve->fractionOfPositives, {0.0, 0.5, 1.0, 0.5, 0.5, 1.0});
        compareVectors(curve->meanPredicted, {0.05, 0.2, 0.4, 0.43, 0.875, 1.0});
    }

    void calibrationCurveQuantile()
    {
        // calibration_curve(y, p, n_bins=5, strategy="quantile"); the edges are
        // np.percentile(p, np.linspace(0, 1, 6) * 100) = [0.0, 0.2, 0.4, 0.41000000000000003, 0.85, 1.0]
        const std::vector<int> y{0, 1, 0, 1, 1, 0, 1, 1, 0, 0, 1};
        const std::vector<double> p{0.0, 0.2, 0.2, 0.4, 0.45, 0.9, 1.0, 0.85, 0.1, 0.41, 0.4};
        auto curve = calibrationCurve(y, p, 5, CalibrationStrategy::Quantile);
        VERIFY_OK(curve);
        compareVectors(curve->fractionOfPositives, {0.25, 1.0, 0.0, 1.0, 0.5});
        compareVectors(curve->meanPredicted, {0.125, 0.4, 0.41, 0.65, 0.95});
        // n_bins=3: edges [0.0, 0.26666666666666655, 0.4366666666666666, 1.0]
        curve = calibrationCurve(y, p, 3, CalibrationStrategy::Quantile);
        VERIFY_OK(curve);
        compareVectors(curve->fractionOfPositives, {0.25, 0.6666666666666666, 0.75});
        compareVectors(curve->meanPredicted, {0.125, 0.4033333333333333, 0.8});
        // All probabilities tied: every edge is 0.3, one bin remains.
        // calibration_curve([1,0,1,1], [0.3]*4, n_bins=4, strategy="quantile") -> [0.75], [0.3]
        curve = calibrationCurve({1, 0, 1, 1}, {0.3, 0.3, 0.3, 0.3}, 4, CalibrationStrategy::Quantile);
        VERIFY_OK(curve);
        compareVectors(curve->fractionOfPositives, {0.75});
        compareVectors(curve->meanPredicted, {0.3});
    }

    void calibrationCurveRefusesBadInput()
    {
        // calibration_curve raises "y_prob has values outside [0, 1]."
        auto curve = calibrationCurve({0, 1}, {0.5, 1.5});
        VERIFY_ERROR(curve, QStringLiteral("probabilities[1] is 1.5"));
        curve = calibrationCurve({0, 1}, {0.5, 0.5}, 0);
        VERIFY_ERROR(curve, QStringLiteral("at least 1 bin"));
    }

    void millionItemsMatchPairCounting()
    {
        // 1 000 000 items with scores on 1000 levels, so ties are everywhere. Counting the
        // positive-negative pairs per level (ties count half) gives the exact AUC.
        const std::size_t n = 1000000, levels = 1000;
        Lcg random{7};
        std::vector<int> y(n);
        std::vector<double> s(n);
        std::vector<std::int64_t> positivesAt(levels, 0), negativesAt(levels, 0);
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint32_t level = random.next() % levels;
            // Higher levels are more often positive, so the AUC is well above 0.5.
            y[i] = random.next() % levels < level ? 1 : 0;
            s[i] = double(level) / levels;
            (y[i] ? positivesAt : negativesAt)[level]++;
        }
        double rightPairs = 0, negativesBelow = 0, positives = 0, negatives = 0;
        for (std::size_t level = 0; level < levels; ++level) {
            rightPairs += double(positivesAt[level]) * (negativesBelow + 0.5 * double(negativesAt[level]));
            negativesBelow += double(negativesAt[level]);
            positives += double(positivesAt[level]);
            negatives += double(negativesAt[level]);
        }
        const auto auc = rocAuc(y, s);
        VERIFY_OK(auc);
        COMPARE_NEAR(*auc, rightPairs / (positives * negatives));
        QVERIFY(*auc > 0.8 && *auc < 0.9);
    }
};

QTEST_GUILESS_MAIN(TestScoreMetrics)
#include "tst_scoremetrics.moc"
