// SPDX-License-Identifier: GPL-3.0-or-later
// What an external run's tool reported about its own predictions, beside what the app computed:
// how a tool's keys are read, what is refused, and when the two count as disagreeing (the flag the
// Runs page and `runs --json` show).

#include "core/evaluation/ReportedMetrics.h"

#include <QJsonArray>
#include <QTest>

#include <limits>

using namespace mb;
using namespace mb::evaluation;

class tst_ReportedMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rowsAndDefinitionsDisagreeButRoundingAgrees_data();
    void rowsAndDefinitionsDisagreeButRoundingAgrees();
    void aToolsKeysAreTheAppsKeysOfThePart();
    void reportedMetricsThatCannotBeComparedAreRefused_data();
    void reportedMetricsThatCannotBeComparedAreRefused();
    void eachReportedMetricSitsBesideTheAppsOwn();
};

void tst_ReportedMetrics::rowsAndDefinitionsDisagreeButRoundingAgrees_data()
{
    QTest::addColumn<double>("reported");
    QTest::addColumn<double>("recomputed");
    QTest::addColumn<bool>("agrees");
    QTest::newRow("equal") << 0.7937650681093499 << 0.7937650681093499 << true;
    QTest::newRow("scores written with six digits") << 0.79377 << 0.7937650681093499 << true;
    QTest::newRow("another row set") << 0.812 << 0.7937650681093499 << false;
    QTest::newRow("weighted vs macro F1") << 0.71 << 0.69 << false;
    QTest::newRow("a large sum, relatively close") << 1000050.0 << 1000000.0 << true;
    QTest::newRow("a large sum, relatively far") << 1001000.0 << 1000000.0 << false;
    QTest::newRow("not a number") << std::numeric_limits<double>::quiet_NaN() << 0.5 << false;
}

void tst_ReportedMetrics::rowsAndDefinitionsDisagreeButRoundingAgrees()
{
    QFETCH(double, reported);
    QFETCH(double, recomputed);
    QFETCH(bool, agrees);
    QCOMPARE(reportedAgrees(reported, recomputed), agrees);
}

void tst_ReportedMetrics::aToolsKeysAreTheAppsKeysOfThePart()
{
    const Result<QJsonObject> keyed =
        readReportedMetrics(QJsonObject{{"roc_auc", 0.9}, {"test/accuracy", 0.8}, {"quality/f1", 0.7}}, "test");
    QVERIFY2(keyed, keyed ? "" : qPrintable(keyed.error()));
    QCOMPARE(*keyed, (QJsonObject{{"test/roc_auc", 0.9}, {"test/accuracy", 0.8}, {"test/quality/f1", 0.7}}));
}

void tst_ReportedMetrics::reportedMetricsThatCannotBeComparedAreRefused_data()
{
    QTest::addColumn<QJsonObject>("given");
    QTest::addColumn<QString>("message");
    QTest::newRow("text") << QJsonObject{{"roc_auc", "high"}} << "reported metric 'roc_auc' is not a finite number";
    QTest::newRow("null") << QJsonObject{{"roc_auc", QJsonValue()}}
                          << "reported metric 'roc_auc' is not a finite number";
    QTest::newRow("a list") << QJsonObject{{"roc_auc", QJsonArray{0.9}}}
                            << "reported metric 'roc_auc' is not a finite number";
    QTest::newRow("another part") << QJsonObject{{"validation/roc_auc", 0.9}}
                                  << "reported metric 'validation/roc_auc' is a validation metric, but these "
                                     "predictions are the test part";
    QTest::newRow("twice") << QJsonObject{{"roc_auc", 0.9}, {"test/roc_auc", 0.9}}
                           << "reported metric 'test/roc_auc' is given twice (with and without 'test/')";
    QTest::newRow("no name") << QJsonObject{{" ", 0.9}} << "a reported metric has no name";
}

void tst_ReportedMetrics::reportedMetricsThatCannotBeComparedAreRefused()
{
    QFETCH(QJsonObject, given);
    QFETCH(QString, message);
    const Result<QJsonObject> keyed = readReportedMetrics(given, "test");
    QVERIFY(!keyed);
    QCOMPARE(keyed.error(), message);
}

void tst_ReportedMetrics::eachReportedMetricSitsBesideTheAppsOwn()
{
    const QList<ReportedMetric> compared =
        compareReported(QJsonObject{{"test/accuracy", 0.99}, {"test/brier", 0.2}, {"test/roc_auc", 0.75}},
                        QJsonObject{{"test/accuracy", 0.7314}, {"test/roc_auc", 0.75}});
    QCOMPARE(compared.size(), 3);
    QCOMPARE(disagreeingKeys(compared), QStringList{"test/accuracy"});
    QVERIFY(!compared.at(1).recomputed); // the app has no Brier score: shown, not compared
    QCOMPARE(disagreementSentences(compared),
             QStringList{"test/accuracy: the tool reported 0.99, the app computed 0.7314 from the same predictions"});
    const QJsonObject json = reportedComparisonJson(compared);
    QCOMPARE(json.value("test/roc_auc").toObject(),
             (QJsonObject{{"reported", 0.75}, {"recomputed", 0.75}, {"agrees", true}}));
    QCOMPARE(json.value("test/brier").toObject(),
             (QJsonObject{{"reported", 0.2}, {"recomputed", QJsonValue()}, {"agrees", QJsonValue()}}));
}

QTEST_GUILESS_MAIN(tst_ReportedMetrics)
#include "tst_reportedmetrics.moc"
