// SPDX-License-Identifier: GPL-3.0-or-later
// Regression metrics against scikit-learn 1.2.1: RMSE, MAE and R², including R²'s edge cases
// (constant y_true, fewer than 2 items) and 20 000-item fixtures that cross numpy's 8192-value
// summation blocks, compared bit for bit. Expected values were printed by /usr/bin/python3 with
// python3-sklearn 1.2.1 (numpy 1.24.2), `from sklearn.metrics import *`; each block quotes its
// snippet. Python is not needed to run the tests.

#include "core/evaluation/RegressionMetrics.h"
#include "tests/support/MetricTestHelpers.h"

#include <QTest>

#include <limits>
#include <vector>

using namespace mb;
using namespace mb::evaluation;
using mbtest::valueOf;

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

// i = np.arange(20000); Y = ((i * 7919) % 1000) / 7.0
std::vector<double> largeTruth()
{
    std::vector<double> y(20000);
    for (std::size_t i = 0; i < y.size(); ++i)
        y[i] = double((i * 7919) % 1000) / 7.0;
    return y;
}

} // namespace

class TestRegressionMetrics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void smallFixture()
    {
        // yt = [3.0,-0.5,2.0,7.0]; yp = [2.5,0.0,2.0,8.0]
        // mean_squared_error(yt, yp, squared=False) -> 0.6123724356957945
        // mean_absolute_error(yt, yp) -> 0.5; r2_score(yt, yp) -> 0.9486081370449679
        const std::vector<double> yTrue{3.0, -0.5, 2.0, 7.0};
        const std::vector<double> yPred{2.5, 0.0, 2.0, 8.0};
        COMPARE_EXACT(valueOf(rootMeanSquaredError(yTrue, yPred)), 0.6123724356957945);
        COMPARE_EXACT(valueOf(meanAbsoluteError(yTrue, yPred)), 0.5);
        COMPARE_EXACT(valueOf(r2Score(yTrue, yPred)), 0.9486081370449679);
        // By hand: RMSE = sqrt(1.5 / 4); R² = 1 - 1.5 / 29.1875.
        COMPARE_NEAR(valueOf(rootMeanSquaredError(yTrue, yPred)), std::sqrt(0.375));
        COMPARE_NEAR(valueOf(r2Score(yTrue, yPred)), 1 - 1.5 / 29.1875);
    }

    void largeFixturesMatchBitForBit()
    {
        // P = Y + ((i * 31) % 17 - 8) / 3.0
        // mean_squared_error(Y, P, squared=False) -> 1.6330799123129278
        // mean_absolute_error(Y, P) -> 1.41185; r2_score(Y, P) -> 0.9984318318318318
        // P2 = ((i * 104729) % 997) / 7.0
        // -> 58.219727624696745, 47.534178571428576, -0.9930495636495638
        const std::vector<double> y = largeTruth();
        std::vector<double> p(y.size()), p2(y.size());
        for (std::size_t i = 0; i < y.size(); ++i) {
            p[i] = y[i] + (double(int((i * 31) % 17) - 8)) / 3.0;
            p2[i] = double((i * 104729) % 997) / 7.0;
        }
        COMPARE_EXACT(valueOf(rootMeanSquaredError(y, p)), 1.6330799123129278);
        COMPARE_EXACT(valueOf(meanAbsoluteError(y, p)), 1.41185);
        COMPARE_EXACT(valueOf(r2Score(y, p)), 0.9984318318318318);
        COMPARE_EXACT(valueOf(rootMeanSquaredError(y, p2)), 58.219727624696745);
        COMPARE_EXACT(valueOf(meanAbsoluteError(y, p2)), 47.534178571428576);
        COMPARE_EXACT(valueOf(r2Score(y, p2)), -0.9930495636495638);
    }

    void r2WithConstantTruth()
    {
        // r2_score([2,2,2], [2,2,2]) -> 1.0; r2_score([2,2,2], [2,2,3]) -> 0.0
        QCOMPARE(valueOf(r2Score({2, 2, 2}, {2, 2, 2})), 1.0);
        QCOMPARE(valueOf(r2Score({2, 2, 2}, {2, 2, 3})), 0.0);
        // r2_score([0.1]*3, [0.1]*3) -> 1.0
        QCOMPARE(valueOf(r2Score({0.1, 0.1, 0.1}, {0.1, 0.1, 0.1})), 1.0);
        // r2_score([0.1]*3, [0.1,0.1,0.2]) -> -1.7307656195116095e+31 in 1.2.1: numpy's mean of
        // [0.1]*3 is 0.10000000000000002, so the total sum of squares is 1.9e-34, not 0. The
        // constant case is recognised exactly here and gives the documented 0.0.
        QCOMPARE(valueOf(r2Score({0.1, 0.1, 0.1}, {0.1, 0.1, 0.2})), 0.0);
    }

    void r2NeedsTwoItems()
    {
        // r2_score([1.0], [2.0]) warns "R^2 score is not well-defined with less than two samples."
        // and returns nan.
        VERIFY_ERROR(r2Score({1.0}, {2.0}), QStringLiteral("at least 2 items"));
        COMPARE_EXACT(valueOf(rootMeanSquaredError({1.0}, {3.0})), 2.0);
        COMPARE_EXACT(valueOf(meanAbsoluteError({1.0}, {3.0})), 2.0);
    }

    void invalidInputsAreNamed()
    {
        for (const auto metric : {rootMeanSquaredError, meanAbsoluteError, r2Score}) {
            VERIFY_ERROR(metric({}, {}), QStringLiteral("y_true is empty"));
            VERIFY_ERROR(metric({1, 2, 3}, {1, 2}), QStringLiteral("y_true has 3 items but y_pred has 2"));
            VERIFY_ERROR(metric({1, NaN, 3}, {1, 2, 3}), QStringLiteral("y_true[1] is nan"));
            VERIFY_ERROR(metric({1, 2, 3}, {1, 2, std::numeric_limits<double>::infinity()}),
                         QStringLiteral("y_pred[2] is inf"));
        }
    }
};

QTEST_GUILESS_MAIN(TestRegressionMetrics)
#include "tst_regressionmetrics.moc"
