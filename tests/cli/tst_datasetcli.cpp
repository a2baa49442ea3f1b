// SPDX-License-Identifier: GPL-3.0-or-later
// `metricbridge dataset import|list|show` end to end: runs the real executable and checks the
// exit status, what it prints (JSON and text), that refusals are one line on stderr and store
// nothing, the IDX pair import, and the demo's newsfeed data set.

#include "tests/support/CommandRun.h"
#include "tests/support/DemoFixture.h"
#include "tests/support/IdxBytes.h"
#include "tests/support/TestSupport.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cstdint>
#include <memory>
#include <vector>

namespace {

using Run = mbtest::CommandRun;
using mbtest::reasonLine;
using mbtest::reasonLines;

Run metricbridge(const QStringList &arguments, const QByteArray &input = {})
{
    return mbtest::runMetricbridge(arguments, input);
}

QJsonObject object(const Run &run)
{
    return QJsonDocument::fromJson(run.out).object();
}

// 300 customers: a numeric, a categorical and a date feature, a value column and a label with
// 60 "churned" (a class under 100 examples, which the statistics warn about).
QByteArray customersCsv()
{
    QByteArray csv = "age,plan,revenue,signed_up,label\n";
    const char *plans[] = {"basic", "pro", "team"};
    for (int i = 1; i <= 300; ++i) {
        csv += QByteArray::number(18 + (i * 7) % 63) + ',' + plans[i % 3] + ',' +
               QByteArray::number((i % 13) * 1.5 + 0.25) + ',' +
               QDate(2025, 1, 1).addDays((i * 37) % 365).toString(Qt::ISODate).toLatin1() + ',' +
               (i % 5 == 0 ? "churned" : "stayed") + '\n';
    }
    return csv;
}

QString roleOf(const QJsonArray &columns, const QString &name)
{
    for (const QJsonValue &c : columns)
        if (c.toObject().value(QStringLiteral("name")).toString() == name)
            return c.toObject().value(QStringLiteral("role")).toString();
    return QStringLiteral("(no such column)");
}

} // namespace

class tst_DatasetCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void importPrintsTheVersionAndSplitAsJson();
    void importingTheSameFileAgainSaysAlreadyImported();
    void textOutputNamesVersionSplitAndWarnings();
    void listShowsTheVersionsNewestFirst();
    void showPrintsStatisticsAndWarnings();
    void showOfAnUnknownVersionFails();
    void badInputIsRefusedInOneLineAndStoresNothing_data();
    void badInputIsRefusedInOneLineAndStoresNothing();
    void idxPairImportsPixelsAndALabel();
    void importWithoutASplitGetsTheDefaultOneAndSaysSo();
    void lastRowsSplitHasAValidationPartBeforeTheTestRows();
    void demoTwiceLeavesOneNewsfeedVersion();

private:
    QString workspace() const { return m_dir->filePath(QStringLiteral("w.mbw")); }
    QString writeTemp(const QString &name, const QByteArray &bytes)
    {
        return mbtest::writeIn(m_dir->path(), name, bytes);
    }
    Run import(const QStringList &extra)
    {
        return metricbridge(QStringList{"dataset", "import", "--workspace", workspace(), "--project", "Churn"} + extra);
    }
    QJsonArray list()
    {
        return QJsonDocument::fromJson(
                   metricbridge({"dataset", "list", "--workspace", workspace(), "--project", "Churn", "--json"}).out)
            .array();
    }
    QStringList standardImport()
    {
        return {"--file",          writeTemp(QStringLiteral("customers.csv"), customersCsv()),
                "--target",        "label",
                "--value-columns", "revenue",
                "--split",         "stratified:label:0.1,0.2",
                "--seed",          "7",
                "--json"};
    }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_DatasetCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const Run created = metricbridge({"project", "create", "--workspace", workspace(), "--name", "Churn"});
    QCOMPARE(created.exitCode, 0);
}

void tst_DatasetCli::importPrintsTheVersionAndSplitAsJson()
{
    const Run run = import(standardImport());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QJsonParseError parseError;
    const QJsonObject version = QJsonDocument::fromJson(run.out, &parseError).object();
    QVERIFY2(parseError.error == QJsonParseError::NoError, run.out.constData());

    QCOMPARE(version.value(QStringLiteral("id")).toInteger(), 1);
    QCOMPARE(version.value(QStringLiteral("name")).toString(), QStringLiteral("customers.csv"));
    QCOMPARE(version.value(QStringLiteral("existed")).toBool(true), false);
    QCOMPARE(version.value(QStringLiteral("rows")).toInteger(), 300);
    QCOMPARE(version.value(QStringLiteral("dropped_rows")).toInteger(-1), 0);
    QCOMPARE(version.value(QStringLiteral("source")).toString(), QStringLiteral("customers.csv"));
    QCOMPARE(version.value(QStringLiteral("source_kind")).toString(), QStringLiteral("csv"));
    QCOMPARE(version.value(QStringLiteral("source_bytes")).toInteger(), customersCsv().size());
    QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{64}$"))
                .match(version.value(QStringLiteral("sha256")).toString())
                .hasMatch());
    const QJsonArray columns = version.value(QStringLiteral("columns")).toArray();
    QCOMPARE(columns.size(), 5);
    QCOMPARE(roleOf(columns, QStringLiteral("label")), QStringLiteral("target"));
    QCOMPARE(roleOf(columns, QStringLiteral("revenue")), QStringLiteral("value"));
    QCOMPARE(roleOf(columns, QStringLiteral("age")), QStringLiteral("feature"));
    QCOMPARE(columns.at(3).toObject().value(QStringLiteral("type")).toString(), QStringLiteral("datetime"));
    QCOMPARE(columns.at(1).toObject().value(QStringLiteral("type")).toString(), QStringLiteral("categorical"));

    const QJsonObject split = version.value(QStringLiteral("split")).toObject();
    QVERIFY(split.value(QStringLiteral("id")).toInteger() > 0);
    const QJsonObject spec = split.value(QStringLiteral("spec")).toObject();
    QCOMPARE(spec.value(QStringLiteral("kind")).toString(), QStringLiteral("stratified"));
    QCOMPARE(spec.value(QStringLiteral("column")).toString(), QStringLiteral("label"));
    QCOMPARE(spec.value(QStringLiteral("seed")).toString(), QStringLiteral("7"));
    QCOMPARE(spec.value(QStringLiteral("validation_fraction")).toDouble(), 0.1);
    QCOMPARE(spec.value(QStringLiteral("test_fraction")).toDouble(), 0.2);
    // Stratified: 60 "churned" give 12 test and 6 validation rows, 240 "stayed" give 48 and 24.
    QCOMPARE(split.value(QStringLiteral("train_rows")).toInteger(), 210);
    QCOMPARE(split.value(QStringLiteral("validation_rows")).toInteger(), 30);
    QCOMPARE(split.value(QStringLiteral("test_rows")).toInteger(), 60);
    QCOMPARE(split.value(QStringLiteral("description")).toString(),
             QStringLiteral("stratified by label, 10% validation, 20% test, seed 7"));
    // A random-in-time split over a file with a date column: test rows older than training rows.
    const QJsonArray splitWarnings = split.value(QStringLiteral("warnings")).toArray();
    QCOMPARE(splitWarnings.size(), 1);
    QCOMPARE(splitWarnings.at(0).toObject().value(QStringLiteral("kind")).toString(),
             QStringLiteral("test_older_than_train"));
    QCOMPARE(splitWarnings.at(0).toObject().value(QStringLiteral("column")).toString(), QStringLiteral("signed_up"));
}

void tst_DatasetCli::importingTheSameFileAgainSaysAlreadyImported()
{
    const Run first = import(standardImport());
    QCOMPARE(first.exitCode, 0);
    QStringList args = standardImport();
    args.removeLast(); // --json: the text says it
    const Run again = import(args);
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QVERIFY2(again.out.startsWith("already imported as dataset version 1 'customers.csv'"), again.out.constData());
    const Run json = import(standardImport());
    QCOMPARE(json.exitCode, 0);
    QCOMPARE(object(json).value(QStringLiteral("existed")).toBool(), true);
    QCOMPARE(object(json).value(QStringLiteral("id")).toInteger(), 1);
    QCOMPARE(object(json).value(QStringLiteral("split")).toObject().value(QStringLiteral("id")).toInteger(),
             object(first).value(QStringLiteral("split")).toObject().value(QStringLiteral("id")).toInteger());
    QCOMPARE(list().size(), 1);
    const Run show = metricbridge({"dataset", "show", "--workspace", workspace(), "--version", "1"});
    QCOMPARE(object(show).value(QStringLiteral("splits")).toArray().size(), 1);

    // The same bytes with other options are another version.
    const Run other =
        import({"--file", m_dir->filePath(QStringLiteral("customers.csv")), "--target", "plan", "--json"});
    QVERIFY2(other.exitCode == 0, other.err.constData());
    QCOMPARE(object(other).value(QStringLiteral("existed")).toBool(), false);
    QCOMPARE(object(other).value(QStringLiteral("id")).toInteger(), 2);
    QCOMPARE(list().size(), 2);
}

void tst_DatasetCli::textOutputNamesVersionSplitAndWarnings()
{
    QStringList args = standardImport();
    args.removeLast();
    args << "--name"
         << "customers, January";
    const Run run = import(args);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QString text = QString::fromUtf8(run.out);
    QVERIFY2(text.startsWith(QStringLiteral("imported dataset version 1 'customers, January'\n")), qPrintable(text));
    QVERIFY2(text.contains(
                 QStringLiteral("  300 rows x 5 columns from customers.csv (%1 bytes)").arg(customersCsv().size())),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral(": 210 train, 30 validation, 60 test")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("warning: class 'churned' of 'label' has 60 example(s)")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("older than the newest training row (by 'signed_up')")), qPrintable(text));
}

void tst_DatasetCli::listShowsTheVersionsNewestFirst()
{
    QCOMPARE(list().size(), 0);
    QCOMPARE(import(standardImport()).exitCode, 0);
    const QString second = writeTemp(QStringLiteral("small.csv"), "a;b\n1;x\n2;y\n");
    QCOMPARE(import({"--file", second, "--name", "small one"}).exitCode, 0);

    const QJsonArray versions = list();
    QCOMPARE(versions.size(), 2);
    QCOMPARE(versions.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("small one"));
    QCOMPARE(versions.at(0).toObject().value(QStringLiteral("rows")).toInteger(), 2);
    QCOMPARE(versions.at(0).toObject().value(QStringLiteral("columns")).toArray().size(), 2);
    QCOMPARE(versions.at(1).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("customers.csv"));
    QCOMPARE(versions.at(1).toObject().value(QStringLiteral("rows")).toInteger(), 300);

    const Run text = metricbridge({"dataset", "list", "--workspace", workspace(), "--project", "Churn"});
    QCOMPARE(text.exitCode, 0);
    const QList<QByteArray> lines = text.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines.at(0).startsWith("2\tsmall one\t2 rows\t2 columns\t"), lines.at(0).constData());
    QVERIFY2(lines.at(1).startsWith("1\tcustomers.csv\t300 rows\t5 columns\t"), lines.at(1).constData());
}

void tst_DatasetCli::showPrintsStatisticsAndWarnings()
{
    QCOMPARE(import(standardImport()).exitCode, 0);
    const Run show = metricbridge({"dataset", "show", "--workspace", workspace(), "--version", "1", "--json"});
    QVERIFY2(show.exitCode == 0, show.err.constData());
    const QJsonObject version = object(show);
    QCOMPARE(version.value(QStringLiteral("id")).toInteger(), 1);
    QCOMPARE(version.value(QStringLiteral("rows")).toInteger(), 300);

    const QJsonObject statistics = version.value(QStringLiteral("statistics")).toObject();
    QCOMPARE(statistics.value(QStringLiteral("rows")).toInteger(), 300);
    const QJsonArray columns = statistics.value(QStringLiteral("columns")).toArray();
    QCOMPARE(columns.size(), 5);
    const QJsonObject age = columns.at(0).toObject();
    QCOMPARE(age.value(QStringLiteral("name")).toString(), QStringLiteral("age"));
    QCOMPARE(age.value(QStringLiteral("type")).toString(), QStringLiteral("numeric"));
    QCOMPARE(age.value(QStringLiteral("missing")).toInteger(-1), 0);
    QCOMPARE(age.value(QStringLiteral("min")).toDouble(), 18.0);
    QCOMPARE(age.value(QStringLiteral("max")).toDouble(), 74.0);
    QCOMPARE(age.value(QStringLiteral("distinct")).toInteger(), 9); // 18 + 7k for k = 0..8
    std::int64_t counted = 0;
    for (const QJsonValue &bar : age.value(QStringLiteral("histogram")).toArray())
        counted += bar.toInteger();
    QCOMPARE(counted, 300);
    const QJsonObject plan = columns.at(1).toObject();
    QCOMPARE(plan.value(QStringLiteral("distinct")).toInteger(), 3);
    QCOMPARE(plan.value(QStringLiteral("histogram")).toArray(), (QJsonArray{100, 100, 100}));
    const QJsonObject revenue = columns.at(2).toObject();
    QCOMPARE(revenue.value(QStringLiteral("role")).toString(), QStringLiteral("value"));
    QCOMPARE(revenue.value(QStringLiteral("min")).toDouble(), 0.25);
    QCOMPARE(revenue.value(QStringLiteral("max")).toDouble(), 18.25);

    const QJsonArray balance = statistics.value(QStringLiteral("class_balance")).toArray();
    QCOMPARE(balance.size(), 1);
    QCOMPARE(balance.at(0).toObject().value(QStringLiteral("classes")).toArray(), (QJsonArray{"churned", "stayed"}));
    QCOMPARE(balance.at(0).toObject().value(QStringLiteral("counts")).toArray(), (QJsonArray{60, 240}));

    const QJsonArray warnings = statistics.value(QStringLiteral("warnings")).toArray();
    bool smallClass = false;
    for (const QJsonValue &w : warnings)
        smallClass |= w.toObject().value(QStringLiteral("kind")).toString() == QLatin1String("small_class") &&
                      w.toObject().value(QStringLiteral("column")).toString() == QLatin1String("label");
    QVERIFY2(smallClass, QJsonDocument(warnings).toJson().constData());

    const QJsonArray splits = version.value(QStringLiteral("splits")).toArray();
    QCOMPARE(splits.size(), 1);
    QCOMPARE(splits.at(0).toObject().value(QStringLiteral("test_rows")).toInteger(), 60);
}

void tst_DatasetCli::showOfAnUnknownVersionFails()
{
    const Run show = metricbridge({"dataset", "show", "--workspace", workspace(), "--version", "9"});
    QCOMPARE(show.exitCode, 1);
    QCOMPARE(reasonLines(show), QList<QByteArray>{"metricbridge: dataset version 9 does not exist"});
    const Run notANumber = metricbridge({"dataset", "show", "--workspace", workspace(), "--version", "latest"});
    QCOMPARE(notANumber.exitCode, 1);
    QCOMPARE(reasonLines(notANumber),
             QList<QByteArray>{"metricbridge: --version expects a dataset version id, got 'latest'"});
}

void tst_DatasetCli::badInputIsRefusedInOneLineAndStoresNothing_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("reason");

    const QByteArray good = "a,b,label\n1,x,spam\n2,y,ham\n3,x,ham\n";
    // "yes"/"no" read as a boolean column.
    const QByteArray yesNo = "a,b,label\n1,x,yes\n2,y,no\n3,x,no\n";
    QTest::newRow("empty file") << QByteArray() << QStringList{} << "the file is empty";
    QTest::newRow("header with no rows") << QByteArray("a,b\n") << QStringList{}
                                         << "'data.csv' has a header but no rows";
    QTest::newRow("ragged row") << QByteArray("a,b\n1,2\n3,4\n5\n6,7\n") << QStringList{}
                                << "line 4 has 1 field, the header has 2";
    QTest::newRow("missing target column")
        << good << QStringList{"--target", "churned"}
        << "target column 'churned' is not in the file; its columns are: a, b, label";
    QTest::newRow("bytes that are not UTF-8")
        << QByteArray("a,b\n1,ok\n2,caf\xe9\n") << QStringList{} << "invalid UTF-8 at byte offset 14 (line 3)";
    QTest::newRow("text in a column declared numeric") << good << QStringList{"--column-type", "b=numeric"}
                                                       << "line 2, column 'b': 'x' is not a number, and the column "
                                                          "is declared numeric";
    QTest::newRow("inf where a number is required")
        << QByteArray("a,b\n1,2\ninf,3\n") << QStringList{} << "line 3, column 'a': 'inf' is not a finite number";
    QTest::newRow("NaN in the target") << QByteArray("a,y\n1,0\n2,NaN\n") << QStringList{"--target", "y"}
                                       << "target column 'y' has a missing value in data row 2";
    QTest::newRow("duplicate column names")
        << QByteArray("a,a\n1,2\n") << QStringList{} << "column name 'a' appears twice in the header (columns 1 and 2)";
    QTest::newRow("unknown split kind") << good << QStringList{"--split", "kfold:5"}
                                        << "unknown split 'kfold:5'; use random, stratified:COLUMN, ordered:COLUMN, "
                                           "last:N[:VALIDATION] or column:NAME";
    QTest::newRow("split on an unknown column lists the columns")
        << good << QStringList{"--split", "ordered:posted_at"}
        << "the split column 'posted_at' is not in the dataset; its columns are: a, label, b";
    QTest::newRow("an unknown project lists the projects")
        << good << QStringList{"--project", "Chrn"}
        << "no project named 'Chrn' in this workspace; its projects are: Churn";
    QTest::newRow("a wrong separator names the one that splits the header")
        << QByteArray("a;b;label\n1,5;x;spam\n2;y;ham\n") << QStringList{"--separator", ","}
        << "line 2 has 2 fields, the header has 1; the separator ',' may be wrong: ';' splits the header into 3 "
           "columns";
    QTest::newRow("split leaving no training rows")
        << good << QStringList{"--split", "random:0.5,0.5"} << "validation 0.5 + test 0.5 leave no training rows";
    QTest::newRow("split seed not a number")
        << good << QStringList{"--split", "random", "--seed", "x"} << "--seed expects a whole number, got 'x'";
    QTest::newRow("unknown missing policy") << good << QStringList{"--missing", "fill_zero"}
                                            << "--missing: unknown missing-value policy 'fill_zero'; use keep, "
                                               "drop_row, impute_mean, impute_median, impute_mode, indicator";
    QTest::newRow("unknown column type") << good << QStringList{"--column-type", "a=integer"}
                                         << "--column-type a: unknown type 'integer'; use numeric, boolean, "
                                            "categorical, datetime";
    QTest::newRow("column type without a column")
        << good << QStringList{"--column-type", "numeric"} << "--column-type expects COLUMN=VALUE, got 'numeric'";
    QTest::newRow("unknown separator") << good << QStringList{"--separator", "|"}
                                       << "--separator expects ',', ';' or 'tab', got '|'";
    QTest::newRow("bucket edge not a number")
        << good << QStringList{"--target", "a", "--buckets", "1,two"} << "--buckets: 'two' is not a number";
    QTest::newRow("positive class that does not occur")
        << good << QStringList{"--target", "label", "--positive-class", "maybe"}
        << "positive class 'maybe' does not occur in 'label'";
    QTest::newRow("positive class that does not occur in a yes/no label")
        << yesNo << QStringList{"--target", "label", "--positive-class", "maybe"}
        << "positive class 'maybe' does not occur in 'label'";
    QTest::newRow("missing file") << QByteArray("(not written)") << QStringList{"--file", "nowhere.csv"}
                                  << "does not exist";
    QTest::newRow("IDX images with a wrong magic number")
        << QByteArray("idx: wrong magic") << QStringList{} << "images.idx: not an IDX file: wrong magic number";
    QTest::newRow("IDX images with wrong dimensions") << QByteArray("idx: wrong dimensions") << QStringList{}
                                                      << "images.idx: dimensions 3x2x2 need 12 bytes of data, "
                                                         "the file has 11";
    QTest::newRow("IDX images and labels that do not pair")
        << QByteArray("idx: count mismatch") << QStringList{}
        << "the images and labels do not belong together: 3 images but 2 labels";
    // Once "invalid UTF-8 at byte offset 3": the images were read as a CSV.
    QTest::newRow("IDX images without their labels")
        << mbtest::idxHeader(0x08, {3, 2, 2}) + QByteArray(12, char(200)) << QStringList{}
        << "data.csv is an IDX file (MNIST's format), not CSV: import images with their labels, --file IMAGES "
           "--labels LABELS";
}

void tst_DatasetCli::badInputIsRefusedInOneLineAndStoresNothing()
{
    QFETCH(QByteArray, content);
    QFETCH(QStringList, arguments);
    QFETCH(QString, reason);

    QStringList args = arguments;
    if (content.startsWith("idx: ")) {
        QByteArray images = mbtest::idxHeader(0x08, {3, 2, 2}) + QByteArray(12, char(200));
        QByteArray labels = mbtest::idxHeader(0x08, {3}) + QByteArray("\x01\x02\x01", 3);
        if (content == "idx: wrong magic")
            images.replace(0, 4, "\x89PNG"); // a PNG's first bytes
        else if (content == "idx: wrong dimensions")
            images.chop(1);
        else
            labels = mbtest::idxHeader(0x08, {2}) + QByteArray("\x01\x02", 2);
        args << "--file" << writeTemp(QStringLiteral("images.idx"), images) << "--labels"
             << writeTemp(QStringLiteral("labels.idx"), labels);
    } else if (!args.contains(QStringLiteral("--file"))) {
        args << "--file" << writeTemp(QStringLiteral("data.csv"), content);
    } else {
        args[args.indexOf(QStringLiteral("--file")) + 1] =
            m_dir->filePath(args.at(args.indexOf(QStringLiteral("--file")) + 1));
    }

    const Run run = import(args);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.out.isEmpty(), run.out.constData());
    const QList<QByteArray> reasons = reasonLines(run);
    QVERIFY2(reasons.size() == 1, run.err.constData());
    QVERIFY2(reasons.first().contains(reason.toUtf8()), reasons.first().constData());
    QVERIFY2(QString::fromUtf8(run.err).trimmed().count(QLatin1Char('\n')) == 0, run.err.constData());

    // Nothing stored: no version, and no split.
    QCOMPARE(list().size(), 0);
    QCOMPARE(metricbridge({"dataset", "show", "--workspace", workspace(), "--version", "1"}).exitCode, 1);
}

// Found by a user: without --split nothing could be trained, and nothing said so.
void tst_DatasetCli::importWithoutASplitGetsTheDefaultOneAndSaysSo()
{
    const QString file = writeTemp(QStringLiteral("customers.csv"), customersCsv());
    const Run text = import({"--file", file, "--target", "label", "--seed", "5"});
    QVERIFY2(text.exitCode == 0, text.err.constData());
    const QString out = QString::fromUtf8(text.out);
    QVERIFY2(out.contains(QStringLiteral("  split 1 (the default; choose another with --split): stratified by label, "
                                         "10% validation, 20% test, seed 5: 210 train, 30 validation, 60 test")),
             qPrintable(out));

    // A numeric target with many values is not a label with classes: a random split.
    const Run json = import({"--file", file, "--target", "revenue", "--json"});
    QVERIFY2(json.exitCode == 0, json.err.constData());
    const QJsonObject split = object(json).value(QStringLiteral("split")).toObject();
    QCOMPARE(split.value(QStringLiteral("default")).toBool(), true);
    QCOMPARE(split.value(QStringLiteral("id")).toInteger(), 2);
    QCOMPARE(split.value(QStringLiteral("description")).toString(),
             QStringLiteral("random, 10% validation, 20% test, seed 42"));

    // A file with nothing to learn from still imports, and says why it has no split.
    const Run onlyTargets =
        import({"--file", writeTemp(QStringLiteral("labels.csv"), "label\nyes\nno\nyes\n"), "--target", "label"});
    QVERIFY2(onlyTargets.exitCode == 0, onlyTargets.err.constData());
    QVERIFY2(onlyTargets.out.contains("warning: no split was made (the dataset has no feature columns"),
             onlyTargets.out.constData());
}

// Found by a user: last:N had no validation part, so early stopping failed and every choice
// was made on the test rows.
void tst_DatasetCli::lastRowsSplitHasAValidationPartBeforeTheTestRows()
{
    const QString file = writeTemp(QStringLiteral("customers.csv"), customersCsv());
    const Run run = import({"--file", file, "--target", "label", "--split", "last:60", "--json"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject split = object(run).value(QStringLiteral("split")).toObject();
    QCOMPARE(split.value(QStringLiteral("train_rows")).toInteger(), 210);
    QCOMPARE(split.value(QStringLiteral("validation_rows")).toInteger(), 30);
    QCOMPARE(split.value(QStringLiteral("test_rows")).toInteger(), 60);
    QCOMPARE(split.value(QStringLiteral("description")).toString(),
             QStringLiteral("the last 60 rows are the test set, the 10% of rows before them validation"));

    const Run chosen = import({"--file", file, "--target", "label", "--split", "last:60:0.2", "--json"});
    QVERIFY2(chosen.exitCode == 0, chosen.err.constData());
    QCOMPARE(
        object(chosen).value(QStringLiteral("split")).toObject().value(QStringLiteral("validation_rows")).toInteger(),
        60);

    const Run twoFractions = import({"--file", file, "--target", "label", "--split", "last:60:0.1,0"});
    QCOMPARE(twoFractions.exitCode, 1);
    QVERIFY2(twoFractions.err.contains("such as last:60:0.1"), twoFractions.err.constData());
}

void tst_DatasetCli::idxPairImportsPixelsAndALabel()
{
    // Three 2x2 images with labels 7, 2, 7.
    QByteArray pixels;
    for (int i = 0; i < 12; ++i)
        pixels.append(char(i * 20));
    const QString images = writeTemp(QStringLiteral("imgs.idx"), mbtest::idxHeader(0x08, {3, 2, 2}) + pixels);
    const QString labels =
        writeTemp(QStringLiteral("labels.idx"), mbtest::idxHeader(0x08, {3}) + QByteArray("\x07\x02\x07", 3));
    const Run run = import({"--file", images, "--labels", labels, "--json"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject version = object(run);
    QCOMPARE(version.value(QStringLiteral("source_kind")).toString(), QStringLiteral("idx"));
    QCOMPARE(version.value(QStringLiteral("source")).toString(), QStringLiteral("imgs.idx + labels.idx"));
    QCOMPARE(version.value(QStringLiteral("name")).toString(), QStringLiteral("imgs.idx"));
    QCOMPARE(version.value(QStringLiteral("rows")).toInteger(), 3);
    // The images' shape is kept, so a CNN can unflatten the pixel columns.
    QCOMPARE(version.value(QStringLiteral("options")).toObject().value(QStringLiteral("image_shape")).toArray(),
             (QJsonArray{2, 2}));
    const QJsonArray columns = version.value(QStringLiteral("columns")).toArray();
    QCOMPARE(columns.size(), 5);
    for (int p = 0; p < 4; ++p) {
        const QJsonObject column = columns.at(p).toObject();
        QCOMPARE(column.value(QStringLiteral("name")).toString(), QStringLiteral("pixel_%1").arg(p));
        QCOMPARE(column.value(QStringLiteral("type")).toString(), QStringLiteral("numeric"));
        QCOMPARE(column.value(QStringLiteral("role")).toString(), QStringLiteral("feature"));
    }
    QCOMPARE(columns.at(4).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("label"));
    QCOMPARE(columns.at(4).toObject().value(QStringLiteral("type")).toString(), QStringLiteral("categorical"));
    QCOMPARE(columns.at(4).toObject().value(QStringLiteral("role")).toString(), QStringLiteral("target"));

    const Run show = metricbridge({"dataset", "show", "--workspace", workspace(), "--version", "1"});
    QCOMPARE(show.exitCode, 0);
    const QJsonObject statistics = object(show).value(QStringLiteral("statistics")).toObject();
    // pixel_1 is the second pixel of each image: 20, 100, 180.
    const QJsonObject pixel1 = statistics.value(QStringLiteral("columns")).toArray().at(1).toObject();
    QCOMPARE(pixel1.value(QStringLiteral("min")).toDouble(), 20.0);
    QCOMPARE(pixel1.value(QStringLiteral("max")).toDouble(), 180.0);
    QCOMPARE(pixel1.value(QStringLiteral("mean")).toDouble(), 100.0);
    const QJsonObject balance = statistics.value(QStringLiteral("class_balance")).toArray().at(0).toObject();
    QCOMPARE(balance.value(QStringLiteral("target")).toString(), QStringLiteral("label"));
    QCOMPARE(balance.value(QStringLiteral("classes")).toArray(), (QJsonArray{"2", "7"}));
    QCOMPARE(balance.value(QStringLiteral("counts")).toArray(), (QJsonArray{1, 2}));

    // The same pair again is the same version.
    const Run again = import({"--file", images, "--labels", labels, "--json"});
    QCOMPARE(again.exitCode, 0);
    QCOMPARE(object(again).value(QStringLiteral("existed")).toBool(), true);
    QCOMPARE(list().size(), 1);
}

void tst_DatasetCli::demoTwiceLeavesOneNewsfeedVersion()
{
    // The first `metricbridge demo` is the suite's demo fixture; this is the second.
    QString problem;
    const QString demo = mbtest::copyDemoFixture(m_dir->path(), &problem);
    QVERIFY2(!demo.isEmpty(), qPrintable(problem));
    const Run run = metricbridge({"demo", "--workspace", demo});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const Run listed =
        metricbridge({"dataset", "list", "--workspace", demo, "--project", "Newsfeed ranking", "--json"});
    QVERIFY2(listed.exitCode == 0, listed.err.constData());
    const QJsonArray versions = QJsonDocument::fromJson(listed.out).array();
    QCOMPARE(versions.size(), 1);
    const QJsonObject version = versions.at(0).toObject();
    QCOMPARE(version.value(QStringLiteral("name")).toString(), QStringLiteral("newsfeed posts"));
    QCOMPARE(version.value(QStringLiteral("rows")).toInteger(), 50000);
    const QJsonArray columns = version.value(QStringLiteral("columns")).toArray();
    QCOMPARE(roleOf(columns, QStringLiteral("quality")), QStringLiteral("target"));
    QCOMPARE(roleOf(columns, QStringLiteral("engagement")), QStringLiteral("target"));
    QCOMPARE(roleOf(columns, QStringLiteral("ad_value")), QStringLiteral("value"));
    QCOMPARE(roleOf(columns, QStringLiteral("post_id")), QStringLiteral("ignored"));

    const Run show = metricbridge({"dataset", "show", "--workspace", demo, "--version",
                                   QString::number(version.value(QStringLiteral("id")).toInteger())});
    QVERIFY2(show.exitCode == 0, show.err.constData());
    const QJsonArray splits = object(show).value(QStringLiteral("splits")).toArray();
    QCOMPARE(splits.size(), 1);
    const QJsonObject split = splits.at(0).toObject();
    QCOMPARE(split.value(QStringLiteral("spec")).toObject().value(QStringLiteral("kind")).toString(),
             QStringLiteral("ordered"));
    QCOMPARE(split.value(QStringLiteral("spec")).toObject().value(QStringLiteral("column")).toString(),
             QStringLiteral("posted_at"));
    QCOMPARE(split.value(QStringLiteral("train_rows")).toInteger(), 35000);
    QCOMPARE(split.value(QStringLiteral("validation_rows")).toInteger(), 5000);
    QCOMPARE(split.value(QStringLiteral("test_rows")).toInteger(), 10000);
    // Trained on the past, tested on the most recent: no warning about the order.
    for (const QJsonValue &w : split.value(QStringLiteral("warnings")).toArray())
        QVERIFY2(w.toObject().value(QStringLiteral("kind")).toString() != QLatin1String("test_older_than_train"),
                 qPrintable(w.toObject().value(QStringLiteral("message")).toString()));
}

QTEST_GUILESS_MAIN(tst_DatasetCli)
#include "tst_datasetcli.moc"
