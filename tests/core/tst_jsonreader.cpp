// SPDX-License-Identifier: GPL-3.0-or-later
// Reading the JSON files users write (run configs, framings, policies, metric definitions): a
// key written twice in one object is refused, naming the key and where it repeats, instead of Qt
// silently keeping the last value; the same key in different objects, and keys' characters inside
// string values, are fine.
#include "core/JsonReader.h"

#include <QTest>

using namespace mb;

class tst_JsonReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aRepeatedKeyIsRefusedWithItsPlace();
    void aRepeatedKeyInANestedObjectIsRefused();
    void theSameKeyInDifferentObjectsIsFine();
    void syntaxErrorsNameLineAndColumn();
};

void tst_JsonReader::aRepeatedKeyIsRefusedWithItsPlace()
{
    const Result<QJsonObject> parsed = parseJsonObject("{\n  \"lr\": 0.1,\n  \"epochs\": 3,\n  \"lr\": 10\n}\n");
    QVERIFY(!parsed);
    QCOMPARE(parsed.error(), QStringLiteral("the key \"lr\" appears twice in one object (again at line 4, column 3); "
                                            "keep one"));
}

void tst_JsonReader::aRepeatedKeyInANestedObjectIsRefused()
{
    const Result<QJsonObject> parsed =
        parseJsonObject(R"({"optimizer": {"kind": "adam", "lr": 0.1, "kind": "sgd"}, "lr": 1})");
    QVERIFY(!parsed);
    QVERIFY2(parsed.error().startsWith(QLatin1String("the key \"kind\" appears twice")), qPrintable(parsed.error()));
}

void tst_JsonReader::theSameKeyInDifferentObjectsIsFine()
{
    const Result<QJsonObject> parsed = parseJsonObject(
        R"({"losses": [{"kind": "bce"}, {"kind": "bce"}], "name": "a \"kind\": {b} [c]", "model": {"name": "x"}})");
    QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error()));
    QCOMPARE(parsed->value(QStringLiteral("name")).toString(), QStringLiteral("a \"kind\": {b} [c]"));
}

void tst_JsonReader::syntaxErrorsNameLineAndColumn()
{
    const Result<QJsonObject> parsed = parseJsonObject("{\n  \"lr\": ,\n}");
    QVERIFY(!parsed);
    QVERIFY2(parsed.error().startsWith(QLatin1String("JSON syntax error at line 2, column 9")),
             qPrintable(parsed.error()));
}

QTEST_GUILESS_MAIN(tst_JsonReader)
#include "tst_jsonreader.moc"
