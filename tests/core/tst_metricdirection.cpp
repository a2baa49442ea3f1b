// SPDX-License-Identifier: GPL-3.0-or-later
// "Is lower better?", decided once: every page that colours a delta or names a best run, the
// trainer's monitor and the command line ask evaluation::metricDirection, so these rows are what
// the whole application believes about each name.

#include "core/evaluation/MetricDirection.h"

#include <QTest>

using namespace mb;

Q_DECLARE_METATYPE(mb::Direction)

class tst_MetricDirection : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void namesReadByTheirLastPart_data();
    void namesReadByTheirLastPart();
    void businessMetricsKeepTheirFramingsDirection_data();
    void businessMetricsKeepTheirFramingsDirection();
};

void tst_MetricDirection::namesReadByTheirLastPart_data()
{
    QTest::addColumn<QString>("metric");
    QTest::addColumn<Direction>("expected");
    const Direction lower = Direction::Minimize, higher = Direction::Maximize;
    // Training series the worker writes and the trainer monitors.
    QTest::newRow("validation loss") << "validation/loss" << lower;
    QTest::newRow("train loss") << "epoch/train_loss" << lower;
    QTest::newRow("per-head validation loss") << "validation/quality/loss" << lower;
    QTest::newRow("validation accuracy") << "validation/accuracy" << higher;
    QTest::newRow("validation rmse") << "validation/rmse" << lower;
    QTest::newRow("validation mae") << "validation/engagement/mae" << lower;
    QTest::newRow("throughput") << "samples_per_s" << higher;
    // The evaluation's metrics, with and without a target in the name.
    QTest::newRow("test rmse by target") << "test/engagement/rmse" << lower;
    QTest::newRow("rmse without a part") << "rmse" << lower;
    QTest::newRow("mse") << "test/mse" << lower;
    QTest::newRow("log loss") << "test/quality/log_loss" << lower;
    QTest::newRow("hamming loss") << "test/hamming_loss" << lower;
    QTest::newRow("roc auc") << "test/roc_auc" << higher;
    QTest::newRow("average precision") << "test/average_precision" << higher;
    QTest::newRow("r2") << "test/r2" << higher;
    QTest::newRow("f1 macro") << "test/f1_macro" << higher;
    QTest::newRow("subset accuracy") << "test/subset_accuracy" << higher;
    QTest::newRow("ndcg") << "test/ndcg@10" << higher;
    QTest::newRow("upper case") << "Test/RMSE" << lower;
    // Latency, as the Compare table and requirements name it, and grouped.
    QTest::newRow("latency p99") << "latency_p99_ms" << lower;
    QTest::newRow("latency p50") << "latency_p50_ms" << lower;
    QTest::newRow("latency group") << "latency/p99_ms" << lower;
    // Names from other tools: scikit-learn's and XGBoost's spellings.
    QTest::newRow("mean squared error") << "mean_squared_error" << lower;
    QTest::newRow("max error") << "test/max_error" << lower;
    QTest::newRow("xgboost logloss") << "validation/mlogloss" << lower;
    QTest::newRow("xgboost merror") << "validation/merror" << lower;
    QTest::newRow("brier score") << "test/brier_score" << lower;
    QTest::newRow("sklearn negated log loss") << "neg_log_loss" << higher;
    QTest::newRow("sklearn negated rmse") << "test/neg_root_mean_squared_error" << higher;
    // A word that merely contains an error's letters is not an error.
    QTest::newRow("mae inside a word") << "test/maestro_score" << higher;
}

void tst_MetricDirection::namesReadByTheirLastPart()
{
    QFETCH(QString, metric);
    QFETCH(Direction, expected);
    QCOMPARE(evaluation::metricDirection(metric), expected);
    // A framing without a business metric of that name changes nothing.
    QCOMPARE(evaluation::metricDirection(metric, Framing{}), expected);
}

void tst_MetricDirection::businessMetricsKeepTheirFramingsDirection_data()
{
    QTest::addColumn<QString>("metric");
    QTest::addColumn<Direction>("declared");
    // Names the ML rule would read the other way: the framing's word is final.
    QTest::newRow("a share to keep low") << "low_quality_share" << Direction::Minimize;
    QTest::newRow("a loss to maximise") << "prevented_loss" << Direction::Maximize;
    QTest::newRow("a latency to maximise") << "latency_budget_left_ms" << Direction::Maximize;
    QTest::newRow("clicks") << "clicks_at_100" << Direction::Maximize;
}

void tst_MetricDirection::businessMetricsKeepTheirFramingsDirection()
{
    QFETCH(QString, metric);
    QFETCH(Direction, declared);
    Framing framing;
    BusinessMetric m;
    m.name = metric;
    m.direction = declared;
    framing.businessMetrics = {m};
    QCOMPARE(evaluation::metricDirection(metric, framing), declared);
}

QTEST_GUILESS_MAIN(tst_MetricDirection)
#include "tst_metricdirection.moc"
