// SPDX-License-Identifier: GPL-3.0-or-later
// The JSON lines `log metrics` reads, one metric point each: any key order and spacing, escapes in
// a series name, NaN and Infinity as Python's json module writes them; everything else is refused
// with what is wrong.
#include "core/MetricLine.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace mb;

class tst_MetricLine : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsAPoint_data();
    void readsAPoint();
    void refusesWhatIsNotAPoint_data();
    void refusesWhatIsNotAPoint();
    void keepsNonFiniteValues();
};

void tst_MetricLine::readsAPoint_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<qint64>("step");
    QTest::addColumn<QString>("name");
    QTest::addColumn<double>("value");
    QTest::newRow("python json.dumps") << QByteArray(R"({"step": 3, "name": "train/loss", "value": 0.41})") << qint64(3)
                                       << QStringLiteral("train/loss") << 0.41;
    QTest::newRow("other order, no spaces")
        << QByteArray(R"({"value":-2.5e-3,"name":"lr","step":0})") << qint64(0) << QStringLiteral("lr") << -2.5e-3;
    QTest::newRow("escaped name") << QByteArray(R"({"step": 7, "name": "valid\/\"auc\" \u00e9", "value": 1})")
                                  << qint64(7) << QStringLiteral("valid/\"auc\" é") << 1.0;
    QTest::newRow("large step, CR") << QByteArray("{\"step\": 9007199254740993, \"name\": \"x\", \"value\": 2}\r")
                                    << qint64(9007199254740993) << QStringLiteral("x") << 2.0;
}

void tst_MetricLine::readsAPoint()
{
    QFETCH(QByteArray, line);
    QFETCH(qint64, step);
    QFETCH(QString, name);
    QFETCH(double, value);
    const Result<MetricPoint> point = parseMetricLine(std::string_view(line.constData(), std::size_t(line.size())));
    QVERIFY2(point, point ? "" : qPrintable(point.error()));
    QCOMPARE(point->step, step);
    QCOMPARE(point->name, name);
    QCOMPARE(point->value, value);
}

void tst_MetricLine::refusesWhatIsNotAPoint_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("message");
    QTest::newRow("not an object") << QByteArray("[1, 2]") << QStringLiteral("expected a JSON object");
    QTest::newRow("missing value") << QByteArray(R"({"step": 1, "name": "loss"})")
                                   << QStringLiteral("the key \"value\" is missing");
    QTest::newRow("unknown key") << QByteArray(R"({"step": 1, "name": "loss", "value": 1, "epoch": 2})")
                                 << QStringLiteral("unknown key \"epoch\"");
    QTest::newRow("fractional step") << QByteArray(R"({"step": 1.5, "name": "loss", "value": 1})")
                                     << QStringLiteral("\"step\" must be a whole number, got '1.5'");
    QTest::newRow("text value") << QByteArray(R"({"step": 1, "name": "loss", "value": "0.4"})")
                                << QStringLiteral("\"value\" must be a number");
    QTest::newRow("lowercase nan") << QByteArray(R"({"step": 1, "name": "loss", "value": nan})")
                                   << QStringLiteral("\"value\" must be a number");
    QTest::newRow("empty name") << QByteArray(R"({"step": 1, "name": "", "value": 1})")
                                << QStringLiteral("\"name\" is empty");
    QTest::newRow("key twice") << QByteArray(R"({"step": 1, "step": 2, "value": 1})")
                               << QStringLiteral("the key \"step\" is written twice");
    QTest::newRow("trailing text") << QByteArray(R"({"step": 1, "name": "a", "value": 1} x)")
                                   << QStringLiteral("unexpected text after the object");
    QTest::newRow("unclosed") << QByteArray(R"({"step": 1, "name": "a", "value": 1)") << QStringLiteral("expected '}'");
}

void tst_MetricLine::refusesWhatIsNotAPoint()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, message);
    const Result<MetricPoint> point = parseMetricLine(std::string_view(line.constData(), std::size_t(line.size())));
    QVERIFY(!point);
    QVERIFY2(point.error().contains(message), qPrintable(point.error()));
}

void tst_MetricLine::keepsNonFiniteValues()
{
    const Result<MetricPoint> nan = parseMetricLine(R"({"step": 4, "name": "train/loss", "value": NaN})");
    QVERIFY(nan);
    QVERIFY(std::isnan(nan->value));
    const Result<MetricPoint> inf = parseMetricLine(R"({"step": 5, "name": "train/loss", "value": -Infinity})");
    QVERIFY(inf);
    QCOMPARE(inf->value, -std::numeric_limits<double>::infinity());
}

QTEST_GUILESS_MAIN(tst_MetricLine)
#include "tst_metricline.moc"
