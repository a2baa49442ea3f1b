// SPDX-License-Identifier: GPL-3.0-or-later
// When a metric on other data counts as decayed: the rule behind the red cells and the verdict of
// the Run-evaluation view's side-by-side table ("it did well on old data, badly on yesterday's").

#include "core/evaluation/MetricDecay.h"

#include <QTest>

#include <limits>

using namespace mb;

Q_DECLARE_METATYPE(mb::Direction)

class tst_MetricDecay : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void decayIsWorseByAMeaningfulMargin_data();
    void decayIsWorseByAMeaningfulMargin();
    void theChangeCarriesItsSizes();
};

void tst_MetricDecay::decayIsWorseByAMeaningfulMargin_data()
{
    QTest::addColumn<double>("reference");
    QTest::addColumn<double>("other");
    QTest::addColumn<Direction>("direction");
    QTest::addColumn<bool>("worse");
    QTest::addColumn<bool>("meaningful");
    const Direction higher = Direction::Maximize, lower = Direction::Minimize;
    QTest::newRow("ROC AUC falls 0.13") << 0.91 << 0.78 << higher << true << true;
    QTest::newRow("ROC AUC falls exactly 0.02") << 0.91 << 0.89 << higher << true << true;
    QTest::newRow("ROC AUC falls 0.01: noise") << 0.91 << 0.90 << higher << true << false;
    QTest::newRow("ROC AUC rises") << 0.78 << 0.91 << higher << false << false;
    QTest::newRow("log loss rises 30 %") << 0.40 << 0.52 << lower << true << true;
    QTest::newRow("log loss falls: better") << 0.52 << 0.40 << lower << false << false;
    QTest::newRow("profit falls 42 %") << 1000.0 << 580.0 << higher << true << true;
    QTest::newRow("profit falls 2 %: noise") << 1000.0 << 980.0 << higher << true << false;
    QTest::newRow("a cost grows 10 %") << 50.0 << 55.0 << lower << true << true;
    QTest::newRow("a loss goes negative from 0") << 0.0 << -3.0 << higher << true << true;
    QTest::newRow("a small share doubles") << 0.01 << 0.02 << lower << true << true;
    QTest::newRow("unchanged") << 0.7 << 0.7 << higher << false << false;
    QTest::newRow("not measured") << 0.7 << std::numeric_limits<double>::quiet_NaN() << higher << false << false;
}

void tst_MetricDecay::decayIsWorseByAMeaningfulMargin()
{
    QFETCH(double, reference);
    QFETCH(double, other);
    QFETCH(Direction, direction);
    QFETCH(bool, worse);
    QFETCH(bool, meaningful);
    const evaluation::MetricChange change = evaluation::compareToReference(reference, other, direction);
    QCOMPARE(change.worse, worse);
    QCOMPARE(change.meaningful, meaningful);
}

void tst_MetricDecay::theChangeCarriesItsSizes()
{
    const evaluation::MetricChange change = evaluation::compareToReference(1000.0, 580.0, Direction::Maximize);
    QCOMPARE(change.delta, -420.0);
    QVERIFY(change.relative);
    QCOMPARE(*change.relative, 0.42);
    QVERIFY(!evaluation::compareToReference(0.0, 1.0, Direction::Maximize).relative);
}

QTEST_GUILESS_MAIN(tst_MetricDecay)
#include "tst_metricdecay.moc"
