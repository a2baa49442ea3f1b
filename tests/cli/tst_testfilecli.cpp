// SPDX-License-Identifier: GPL-3.0-or-later
// A separate test file end to end (`dataset import --test-file`, `export predictions
// --evaluation`): runs the real `metricbridge` on a Fashion-MNIST-style IDX train pair and test
// pair it writes itself (gzip, as Fashion-MNIST ships), and on a CSV pair. The test file's rows
// are exactly the test part, the same pair again is one version, every refusal is one line and
// stores nothing, and a run trained on the version is tested on the test file's rows, which
// `export predictions` reaches with every other stored evaluation of the run.
#include "tests/support/CommandRun.h"
#include "tests/support/Gzip.h"
#include "tests/support/IdxBytes.h"
#include "tests/support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

namespace {

using Run = mbtest::CommandRun;
using mbtest::reasonLine;

const QString kFashion = QStringLiteral("Fashion");
const QString kChurn = QStringLiteral("Churn");
constexpr int kTrainItems = 200;
constexpr int kTestItems = 50;

Run metricbridge(const QStringList &arguments)
{
    return mbtest::runMetricbridge(arguments);
}

QJsonObject object(const Run &run)
{
    return QJsonDocument::fromJson(run.out).object();
}

// `count` side x side images of ten classes, as Fashion-MNIST's idx3 file: item i has class
// (i * 7 + salt) % 10, drawn as a bright row at the class's height on a noisy background.
QByteArray idxImages(int count, int side, int salt)
{
    QByteArray pixels;
    for (int i = 0; i < count; ++i) {
        const int label = (i * 7 + salt) % 10;
        for (int p = 0; p < side * side; ++p)
            pixels.append(char(p / side == label % side ? 220 : (p * 31 + i * 17) % 60));
    }
    return mbtest::idxHeader(0x08, {std::uint32_t(count), std::uint32_t(side), std::uint32_t(side)}) + pixels;
}

QByteArray idxLabels(int count, int salt)
{
    QByteArray labels;
    for (int i = 0; i < count; ++i)
        labels.append(char((i * 7 + salt) % 10));
    return mbtest::idxHeader(0x08, {std::uint32_t(count)}) + labels;
}

// Customers with a categorical plan; the test file has a plan ("enterprise") the training file
// does not, and its columns in another order.
QByteArray customersCsv(int rows, bool test)
{
    QByteArray csv = test ? "plan,age,label\n" : "age,plan,label\n";
    const char *plans[] = {"basic", "pro", "team", "enterprise"};
    for (int i = 1; i <= rows; ++i) {
        const QByteArray age = QByteArray::number(18 + (i * 7) % 63);
        const QByteArray plan = plans[test ? i % 4 : i % 3];
        const QByteArray label = i % 4 == 0 ? "churned" : "stayed";
        csv += (test ? plan + ',' + age : age + ',' + plan) + ',' + label + '\n';
    }
    return csv;
}

// A linear model trained for one epoch: enough for a run that finishes and is evaluated.
QByteArray runConfig(qint64 datasetVersion, qint64 split)
{
    return QJsonDocument(mbtest::linearRunConfig(QStringLiteral("fashion linear"), datasetVersion, split,
                                                 QStringLiteral("multiclass"), QStringLiteral("label")))
        .toJson();
}

// The exported file's `row` values, one per item.
QList<qint64> exportedRows(const QString &path)
{
    QList<QByteArray> lines = mbtest::fileBytes(path).trimmed().split('\n');
    QList<qint64> rows;
    if (lines.isEmpty() || !lines.first().startsWith("row,"))
        return rows;
    lines.removeFirst();
    for (const QByteArray &line : lines)
        rows << line.split(',').first().toLongLong();
    return rows;
}

} // namespace

class tst_TestFileCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void helpNamesTheOptions();
    // In this order: the later ones use the version the first imports.
    void idxTrainAndTestPairsImportAsOneVersion();
    void showSaysWhereThePartsCameFrom();
    void theSamePairAgainIsAlreadyImported();
    void badInputIsRefusedInOneLineAndStoresNothing_data();
    void badInputIsRefusedInOneLineAndStoresNothing();
    void csvTestFileImportsAsOneVersion();
    void aRunIsTestedOnTheTestFileAndEveryEvaluationExports();
    void exportOfAnUnknownEvaluationListsTheRunsEvaluations();

private:
    QString workspace() const { return m_dir->filePath(QStringLiteral("fashion.mbw")); }
    QString write(const QString &name, const QByteArray &bytes) { return mbtest::writeIn(m_dir->path(), name, bytes); }
    Run import(const QString &project, const QStringList &extra)
    {
        return metricbridge(QStringList{"dataset", "import", "--workspace", workspace(), "--project", project} + extra);
    }
    QStringList fashionPairs() const
    {
        return {"--file",      m_trainImages, "--labels",      m_trainLabels,
                "--test-file", m_testImages,  "--test-labels", m_testLabels};
    }
    int versionCount(const QString &project)
    {
        const Run listed =
            metricbridge({"dataset", "list", "--workspace", workspace(), "--project", project, "--json"});
        return listed.exitCode == 0 ? int(QJsonDocument::fromJson(listed.out).array().size()) : -1;
    }
    Run exportPredictions(const QStringList &extra, const QString &out)
    {
        return metricbridge(QStringList{"export", "predictions", "--workspace", workspace(), "--run",
                                        QString::number(m_run), "--out", out} +
                            extra);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_trainImages, m_trainLabels, m_testImages, m_testLabels;
    qint64 m_version = 0, m_split = 0, m_run = 0;
};

void tst_TestFileCli::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    for (const QString &project : {kFashion, kChurn}) {
        const Run created = metricbridge({"project", "create", "--workspace", workspace(), "--name", project});
        QVERIFY2(created.exitCode == 0, created.err.constData());
    }
    // Fashion-MNIST's four files, in miniature: 4x4 images, gzip-compressed.
    m_trainImages = write(QStringLiteral("train-images-idx3-ubyte.gz"), mbtest::gzip(idxImages(kTrainItems, 4, 0)));
    m_trainLabels = write(QStringLiteral("train-labels-idx1-ubyte.gz"), mbtest::gzip(idxLabels(kTrainItems, 0)));
    m_testImages = write(QStringLiteral("t10k-images-idx3-ubyte.gz"), mbtest::gzip(idxImages(kTestItems, 4, 3)));
    m_testLabels = write(QStringLiteral("t10k-labels-idx1-ubyte.gz"), mbtest::gzip(idxLabels(kTestItems, 3)));
}

void tst_TestFileCli::helpNamesTheOptions()
{
    const Run help = metricbridge({"--help"});
    QCOMPARE(help.exitCode, 0);
    for (const char *option : {"--test-file", "--test-labels", "--evaluation E"})
        QVERIFY2(help.out.contains(option), option);
}

void tst_TestFileCli::idxTrainAndTestPairsImportAsOneVersion()
{
    const Run run = import(kFashion, fashionPairs() + QStringList{"--json"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject version = object(run);
    m_version = version.value(QStringLiteral("id")).toInteger();
    QVERIFY(m_version > 0);
    QCOMPARE(version.value(QStringLiteral("existed")).toBool(), false);
    QCOMPARE(version.value(QStringLiteral("rows")).toInteger(), kTrainItems + kTestItems);
    QCOMPARE(version.value(QStringLiteral("columns")).toArray().size(), 16 + 1); // pixels and the label
    QCOMPARE(version.value(QStringLiteral("source")).toString(),
             QStringLiteral("train-images-idx3-ubyte.gz + train-labels-idx1-ubyte.gz + t10k-images-idx3-ubyte.gz + "
                            "t10k-labels-idx1-ubyte.gz"));
    const QJsonObject options = version.value(QStringLiteral("options")).toObject();
    QCOMPARE(options.value(QStringLiteral("test_file")).toObject().value(QStringLiteral("name")).toString(),
             QStringLiteral("t10k-images-idx3-ubyte.gz"));
    QCOMPARE(options.value(QStringLiteral("test_labels")).toObject().value(QStringLiteral("name")).toString(),
             QStringLiteral("t10k-labels-idx1-ubyte.gz"));

    // The test part is the test pair, exactly; validation is 10% of the training pair.
    const QJsonObject split = version.value(QStringLiteral("split")).toObject();
    m_split = split.value(QStringLiteral("id")).toInteger();
    QVERIFY(m_split > 0);
    QCOMPARE(split.value(QStringLiteral("default")).toBool(), true);
    QCOMPARE(split.value(QStringLiteral("test_rows")).toInteger(), kTestItems);
    QCOMPARE(split.value(QStringLiteral("validation_rows")).toInteger(), kTrainItems / 10);
    QCOMPARE(split.value(QStringLiteral("train_rows")).toInteger(), kTrainItems - kTrainItems / 10);
    const QJsonObject spec = split.value(QStringLiteral("spec")).toObject();
    QCOMPARE(spec.value(QStringLiteral("kind")).toString(), QStringLiteral("test_file"));
    QCOMPARE(spec.value(QStringLiteral("test_rows")).toInteger(), kTestItems);
    QCOMPARE(split.value(QStringLiteral("description")).toString(),
             QStringLiteral("the test file's 50 rows are the test set; 10% of the others, stratified by label, "
                            "validation, seed 42"));
}

void tst_TestFileCli::showSaysWhereThePartsCameFrom()
{
    const Run shown =
        metricbridge({"dataset", "show", "--workspace", workspace(), "--version", QString::number(m_version)});
    QVERIFY2(shown.exitCode == 0, shown.err.constData());
    const QJsonArray splits = object(shown).value(QStringLiteral("splits")).toArray();
    QCOMPARE(splits.size(), 1);
    QVERIFY(splits.first()
                .toObject()
                .value(QStringLiteral("description"))
                .toString()
                .startsWith(QStringLiteral("the test file's 50 rows are the test set")));
}

void tst_TestFileCli::theSamePairAgainIsAlreadyImported()
{
    const Run again = import(kFashion, fashionPairs());
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QVERIFY2(again.out.startsWith(QStringLiteral("already imported as dataset version %1").arg(m_version).toUtf8()),
             again.out.constData());
    QVERIFY2(again.out.contains("the test file's 50 rows are the test set"), again.out.constData());
    QCOMPARE(versionCount(kFashion), 1);

    // Another validation share adds a split to the same version, with the same test part.
    const Run other = import(kFashion, fashionPairs() + QStringList{"--split", "random:0.2", "--json"});
    QVERIFY2(other.exitCode == 0, other.err.constData());
    QCOMPARE(object(other).value(QStringLiteral("id")).toInteger(), m_version);
    const QJsonObject split = object(other).value(QStringLiteral("split")).toObject();
    QCOMPARE(split.value(QStringLiteral("test_rows")).toInteger(), kTestItems);
    QCOMPARE(split.value(QStringLiteral("validation_rows")).toInteger(), kTrainItems / 5);
    QCOMPARE(versionCount(kFashion), 1);
}

void tst_TestFileCli::badInputIsRefusedInOneLineAndStoresNothing_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("reason");
    const QString forms =
        QStringLiteral("random[:VALIDATION,0] or stratified:COLUMN[:VALIDATION,0], such as stratified:label:0.1,0");
    QTest::newRow("test images of another shape")
        << "shape"
        << "the test images are 5x5 pixels ('t10k-5x5.gz'), the training images 4x4 "
           "('train-images-idx3-ubyte.gz'); a test file needs images of the training images' shape";
    QTest::newRow("test labels that do not fit the test images")
        << "count"
        << "the test pair: the images and labels do not belong together: 50 images but 40 labels";
    QTest::newRow("IDX test images without their labels")
        << "no test labels"
        << "an IDX test file needs its labels: give --test-labels with --test-file, as --labels goes with --file";
    QTest::newRow("test labels without test images") << "no test file"
                                                     << "--test-labels needs --test-file, the test images they label";
    QTest::newRow("a split with a test part")
        << "split test fraction"
        << "the split's test fraction is 0.2, but with a test file the test part is the test file's rows; give a "
           "test fraction of 0: " +
               forms;
    QTest::newRow("an ordered split")
        << "split ordered"
        << "the split 'last:10' cannot be used with a test file: the test part is the test file's rows, so the split "
           "says only how the validation part is taken from the other rows: " +
               forms;
    QTest::newRow("the file as its own test file")
        << "same file"
        << "--test-file names the same file as --file; the test file must hold other rows (without one, the import "
           "splits --file's rows)";
    QTest::newRow("CSV test file with other columns")
        << "csv columns"
        << "the test file 'other.csv' must have the columns of 'customers.csv' (in any order): it lacks plan; it has "
           "region, which 'customers.csv' does not";
    QTest::newRow("CSV test file with test labels")
        << "csv labels"
        << "--test-labels belongs to an IDX pair (--file images --labels labels); a CSV test file holds its labels "
           "in its own columns, so give --test-file alone";
}

void tst_TestFileCli::badInputIsRefusedInOneLineAndStoresNothing()
{
    QFETCH(QString, input);
    QFETCH(QString, reason);
    const int fashionBefore = versionCount(kFashion);
    const int churnBefore = versionCount(kChurn);
    QStringList args;
    QString project = kFashion;
    if (input == QLatin1String("shape")) {
        args = {"--file",        m_trainImages,
                "--labels",      m_trainLabels,
                "--test-file",   write(QStringLiteral("t10k-5x5.gz"), mbtest::gzip(idxImages(kTestItems, 5, 3))),
                "--test-labels", m_testLabels};
    } else if (input == QLatin1String("count")) {
        args = {"--file",        m_trainImages,
                "--labels",      m_trainLabels,
                "--test-file",   m_testImages,
                "--test-labels", write(QStringLiteral("t10k-40-labels.gz"), mbtest::gzip(idxLabels(40, 3)))};
    } else if (input == QLatin1String("no test labels")) {
        args = {"--file", m_trainImages, "--labels", m_trainLabels, "--test-file", m_testImages};
    } else if (input == QLatin1String("no test file")) {
        args = {"--file", m_trainImages, "--labels", m_trainLabels, "--test-labels", m_testLabels};
    } else if (input == QLatin1String("split test fraction")) {
        args = fashionPairs() + QStringList{"--split", "random:0.1,0.2"};
    } else if (input == QLatin1String("split ordered")) {
        args = fashionPairs() + QStringList{"--split", "last:10"};
    } else if (input == QLatin1String("same file")) {
        args = {"--file",      m_trainImages, "--labels",      m_trainLabels,
                "--test-file", m_trainImages, "--test-labels", m_trainLabels};
    } else {
        project = kChurn;
        const QString train = write(QStringLiteral("customers.csv"), customersCsv(40, false));
        if (input == QLatin1String("csv columns"))
            args = {"--file", train,         "--target",
                    "label",  "--test-file", write(QStringLiteral("other.csv"), "age,region,label\n30,north,stayed\n")};
        else
            args = {"--file",        train,         "--target",
                    "label",         "--test-file", write(QStringLiteral("test.csv"), customersCsv(10, true)),
                    "--test-labels", m_testLabels};
    }
    const Run refused = import(project, args);
    QCOMPARE(refused.exitCode, 1);
    QCOMPARE(QString::fromUtf8(reasonLine(refused)), QStringLiteral("metricbridge: ") + reason);
    QCOMPARE(mbtest::reasonLines(refused).size(), 1);
    QCOMPARE(versionCount(kFashion), fashionBefore);
    QCOMPARE(versionCount(kChurn), churnBefore);
}

void tst_TestFileCli::csvTestFileImportsAsOneVersion()
{
    const QString train = write(QStringLiteral("customers.csv"), customersCsv(100, false));
    const QString test = write(QStringLiteral("customers-test.csv.gz"), mbtest::gzip(customersCsv(30, true)));
    const Run run = import(kChurn, {"--file", train, "--test-file", test, "--target", "label", "--split",
                                    "stratified:label:0.2,0", "--json"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject version = object(run);
    QCOMPARE(version.value(QStringLiteral("rows")).toInteger(), 130);
    QCOMPARE(version.value(QStringLiteral("source")).toString(),
             QStringLiteral("customers.csv + customers-test.csv.gz"));
    const QJsonObject split = version.value(QStringLiteral("split")).toObject();
    QCOMPARE(split.value(QStringLiteral("default")).toBool(), false);
    QCOMPARE(split.value(QStringLiteral("test_rows")).toInteger(), 30);
    QCOMPARE(split.value(QStringLiteral("validation_rows")).toInteger(), 20);
    QCOMPARE(split.value(QStringLiteral("train_rows")).toInteger(), 80);
    // The plan only the test file has is one of the version's categories, one-hot encoded like the
    // others (fitted on the training rows, where it never occurs).
    const Run shown = metricbridge({"dataset", "show", "--workspace", workspace(), "--version",
                                    QString::number(version.value(QStringLiteral("id")).toInteger())});
    QVERIFY2(shown.exitCode == 0, shown.err.constData());
    const QJsonObject statistics = object(shown).value(QStringLiteral("statistics")).toObject();
    QVERIFY2(QJsonDocument(statistics).toJson().contains("enterprise"), "the test file's plan is a category");

    const Run again = import(
        kChurn, {"--file", train, "--test-file", test, "--target", "label", "--split", "stratified:label:0.2,0"});
    QVERIFY2(again.out.startsWith("already imported"), again.out.constData());
    QCOMPARE(versionCount(kChurn), 1);
}

void tst_TestFileCli::aRunIsTestedOnTheTestFileAndEveryEvaluationExports()
{
    QVERIFY(m_version > 0 && m_split > 0);
    const QString config = write(QStringLiteral("run.json"), runConfig(m_version, m_split));
    const Run trained = metricbridge({"train", "--workspace", workspace(), "--project", kFashion, "--config", config});
    QVERIFY2(trained.exitCode == 0, trained.err.constData());
    m_run = mbtest::startedRunId(trained.out);
    QVERIFY(m_run > 0);

    // Default: the judged evaluation, on the test part: the test file's 50 items, its rows the
    // last 50 of the version.
    const QString judged = m_dir->filePath(QStringLiteral("judged.csv"));
    const Run exported = exportPredictions({}, judged);
    QVERIFY2(exported.exitCode == 0, exported.err.constData());
    QVERIFY2(exported.out.contains(QStringLiteral("test part of dataset version %1").arg(m_version).toUtf8()),
             exported.out.constData());
    const QList<qint64> rows = exportedRows(judged);
    QCOMPARE(rows.size(), kTestItems);
    QCOMPARE(QSet<qint64>(rows.begin(), rows.end()).size(), kTestItems);
    QVERIFY2(*std::min_element(rows.begin(), rows.end()) >= kTrainItems, "every test row is a test file's row");
    QVERIFY(*std::max_element(rows.begin(), rows.end()) <= kTrainItems + kTestItems);

    // Every stored evaluation exports by its id, with the items its part has.
    const Run evaluated =
        metricbridge({"evaluate", "--workspace", workspace(), "--run", QString::number(m_run), "--json"});
    QVERIFY2(evaluated.exitCode == 0, evaluated.err.constData());
    const qint64 judgedId = object(evaluated).value(QStringLiteral("evaluation")).toInteger();
    const QString byId = m_dir->filePath(QStringLiteral("by-id.csv"));
    const Run chosen = exportPredictions({"--evaluation", QString::number(judgedId)}, byId);
    QVERIFY2(chosen.exitCode == 0, chosen.err.constData());
    QCOMPARE(mbtest::fileBytes(byId), mbtest::fileBytes(judged));

    // By dataset version: the run's evaluation there (here its own version: the judged one).
    const QString byVersion = m_dir->filePath(QStringLiteral("by-version.csv"));
    const Run onVersion = exportPredictions({"--dataset-version", QString::number(m_version)}, byVersion);
    QVERIFY2(onVersion.exitCode == 0, onVersion.err.constData());
    QCOMPARE(mbtest::fileBytes(byVersion), mbtest::fileBytes(judged));
}

void tst_TestFileCli::exportOfAnUnknownEvaluationListsTheRunsEvaluations()
{
    QVERIFY(m_run > 0);
    const QString out = m_dir->filePath(QStringLiteral("never.csv"));
    const Run unknown = exportPredictions({"--evaluation", "999"}, out);
    QCOMPARE(unknown.exitCode, 1);
    const QString reason = QString::fromUtf8(reasonLine(unknown));
    QVERIFY2(reason.startsWith(
                 QStringLiteral("metricbridge: run %1 has no evaluation 999; its evaluations: evaluation ").arg(m_run)),
             qPrintable(reason));
    QVERIFY2(reason.contains(QStringLiteral("test part of dataset version %1").arg(m_version)), qPrintable(reason));

    const Run otherVersion = exportPredictions({"--dataset-version", "77"}, out);
    QCOMPARE(otherVersion.exitCode, 1);
    QVERIFY2(reasonLine(otherVersion)
                 .startsWith(QStringLiteral("metricbridge: run %1 has no evaluation on dataset version 77 "
                                            "(`metricbridge evaluate --run %1 --dataset-version 77` makes one); its "
                                            "evaluations: ")
                                 .arg(m_run)
                                 .toUtf8()),
             otherVersion.err.constData());

    const Run both = exportPredictions({"--evaluation", "1", "--dataset-version", "1"}, out);
    QCOMPARE(both.exitCode, 1);
    QCOMPARE(reasonLine(both), QByteArray("metricbridge: give --evaluation or --dataset-version, not both: an "
                                          "evaluation has its own dataset version"));
    const Run notAnId = exportPredictions({"--evaluation", "latest"}, out);
    QCOMPARE(reasonLine(notAnId), QByteArray("metricbridge: --evaluation expects an evaluation id, got 'latest'"));
    QVERIFY(!QFile::exists(out));
}

QTEST_GUILESS_MAIN(tst_TestFileCli)
#include "tst_testfilecli.moc"
